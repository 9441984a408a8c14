"""Heads of state and government who stand for their country as actors of a measure.

The annotation convention (evaluation/GUIDELINES.md, A1): "Reagan imposed tariffs" has the
United States as actor. Only used when the document itself names the country. Keys are
surnames as written in news (lower case); values are ISO 3166 alpha-3 codes.
"""

from __future__ import annotations

LEADERS: dict[str, str] = {
    # United States
    "reagan": "USA", "bush": "USA", "clinton": "USA", "obama": "USA", "trump": "USA",
    "biden": "USA", "carter": "USA",
    # Europe
    "thatcher": "GBR", "major": "GBR", "blair": "GBR", "cameron": "GBR", "sunak": "GBR",
    "starmer": "GBR", "kohl": "DEU", "merkel": "DEU", "scholz": "DEU", "mitterrand": "FRA",
    "chirac": "FRA", "sarkozy": "FRA", "hollande": "FRA", "macron": "FRA", "erdogan": "TUR",
    "putin": "RUS", "medvedev": "RUS", "yeltsin": "RUS", "gorbachev": "SUN",
    # Asia and the Pacific
    "nakasone": "JPN", "takeshita": "JPN", "abe": "JPN", "suga": "JPN", "kishida": "JPN",
    "xi": "CHN", "deng": "CHN", "hu": "CHN", "modi": "IND", "gandhi": "IND",
    "hawke": "AUS", "turnbull": "AUS", "morrison": "AUS", "albanese": "AUS",
    "lange": "NZL", "ardern": "NZL", "widodo": "IDN", "jokowi": "IDN", "suharto": "IDN",
    "marcos": "PHL", "duterte": "PHL", "moon": "KOR", "yoon": "KOR", "kim": "PRK",
    # Americas, Middle East, Africa
    "trudeau": "CAN", "mulroney": "CAN", "maduro": "VEN", "chavez": "VEN",
    "bolsonaro": "BRA", "lula": "BRA", "obrador": "MEX", "rouhani": "IRN",
    "khamenei": "IRN", "raisi": "IRN", "netanyahu": "ISR", "ramaphosa": "ZAF",
    "mbeki": "ZAF", "botha": "ZAF",
}  # fmt: skip

# Institutions that stand for the state as actors (A1): "the White House imposed" -> U.S.
SEATS: dict[str, str] = {
    "org:white-house": "USA", "org:us-congress": "USA", "org:us-senate": "USA",
    "org:us-house": "USA", "org:kremlin": "RUS",
}  # fmt: skip
