"""Money, physical amounts and percentages found in news text, normalised.

Money is a value in whole currency units plus an ISO 4217 code ("A$1.25 billion" ->
1.25e9 AUD). Amounts are converted to one unit per dimension so values compare:

| unit          | from                                                          |
|---------------|---------------------------------------------------------------|
| t, t/yr       | tonnes, tons, kt, Mt, mt (metric tons), tpa, ktpa, mtpa, lb   |
| bbl, bbl/d    | barrels, bpd, b/d, barrels a/per day                          |
| m3, m3/yr     | cubic metres, bcm, cubic feet, bcf, tcf                       |
| GW, GWh       | kW/MW/GW, kWh/MWh/GWh/TWh                                     |
| oz, oz/yr     | ounces, troy ounces, oz, Moz                                  |
| units, units/yr | units, vehicles, cars, EVs                                  |
| wafers/month  | wafers a/per month, wpm                                       |

A rate phrase after the unit ("a year", "per annum", "annually") turns t into t/yr.

Example:
    >>> parse_amount("2.5 million tonnes a year")
    Amount(value=2500000.0, unit='t/yr')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Money:
    """An amount of money in whole units of `currency` (ISO 4217)."""

    value: float
    currency: str

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "currency": self.currency}


@dataclass(frozen=True)
class Amount:
    """A physical quantity in one of the normalised units listed in the module docstring."""

    value: float
    unit: str

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit}


_SCALES: dict[str, float] = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bln": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
}

# Symbol or code written before the number. Longest first so "US$" wins over "$".
_PREFIX_CURRENCIES: dict[str, str] = {
    "us$": "USD",
    "usd": "USD",
    "a$": "AUD",
    "au$": "AUD",
    "aud": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "cad": "CAD",
    "hk$": "HKD",
    "hkd": "HKD",
    "nz$": "NZD",
    "nzd": "NZD",
    "s$": "SGD",
    "sgd": "SGD",
    "r$": "BRL",
    "brl": "BRL",
    "$": "USD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "JPY",
    "jpy": "JPY",
    "cny": "CNY",
    "rmb": "CNY",
    "rp": "IDR",
    "idr": "IDR",
    "rs": "INR",
    "inr": "INR",
    "₹": "INR",
    "₩": "KRW",
    "krw": "KRW",
    "chf": "CHF",
    "zar": "ZAR",
}

# Words written after the number (and its scale).
_SUFFIX_CURRENCIES: dict[str, str] = {
    "dollars": "USD",
    "dlrs": "USD",
    "dlr": "USD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "u.s. dlrs": "USD",
    "us dlrs": "USD",
    "australian dollars": "AUD",
    "australian dlrs": "AUD",
    "canadian dollars": "CAD",
    "canadian dlrs": "CAD",
    "hk dlrs": "HKD",
    "hong kong dlrs": "HKD",
    "new zealand dlrs": "NZD",
    "singapore dlrs": "SGD",
    "marks": "DEM",
    "mark": "DEM",
    "guilders": "NLG",
    "lire": "ITL",
    "pesetas": "ESP",
    "bolivars": "VEB",
    "cruzados": "BRC",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "stg": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupiah": "IDR",
    "rupees": "INR",
    "won": "KRW",
    "rand": "ZAR",
    "reais": "BRL",
    "swiss francs": "CHF",
    "francs": "CHF",
}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Scale words; money also takes a bare "k", "m" or "b" ("$3bn", "US$300m").
_SCALE_WORDS = "thousand|million|billion|trillion|mln|bln|trn|bn|mn|tn"
_SCALE_RE = rf"{_SCALE_WORDS}|k|m|b"

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_WORD_NUM = (
    rf"(?:{_TENS})(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one hundred|a hundred|hundred|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|ten|one|two|three|four|five|six|seven|eight|nine"
)
# A number written as a word counts with a scale word after it: "one mln tons", "two billion
# dlrs" (wire copy writes small multipliers out), never alone ("one of the mines").
_SCALED_WORD = rf"(?P<word>(?i:{_WORD_NUM}))(?=\s+(?i:{_SCALE_WORDS})\b)"


def _alternation(words: dict[str, str] | list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PREFIX_RE = _alternation(_PREFIX_CURRENCIES)
_SUFFIX_RE = _alternation(_SUFFIX_CURRENCIES)

# Either a currency before the number, or a currency word after it, or both ("$5 billion USD").
_MONEY = re.compile(
    rf"(?<![\w$])(?:(?P<pre>{_PREFIX_RE})\s?)?(?:(?P<num>{_NUM})|{_SCALED_WORD})"
    rf"(?:\s?(?P<scale>{_SCALE_RE})\b)?"
    rf"(?:\s+(?P<suf>{_SUFFIX_RE})\b(?!\s+of\b))?",
    re.IGNORECASE,
)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


# A number as wire copy and news write it ("1,250", "3.44"), for rules that read figures.
NUMBER = _NUM


def _value(m: re.Match[str]) -> float:
    """The value a money or amount match holds: its number, in digits or in words, times
    its scale word."""
    word, scale = m.group("word"), m.group("scale")
    number = _word_number(word) if word else _number(m.group("num"))
    return number * (_SCALES[scale.lower()] if scale else 1.0)


def scaled(number: str, scale: str | None) -> float:
    """The value of a number with its scale word: ("3.17", "mln") -> 3.17e6."""
    return _number(number) * (_SCALES[scale.lower()] if scale else 1.0)


# Wire prices in cents: "73 cts a lb", "12.5 cents".
_CENTS = re.compile(r"(?<![\w.$])(?P<num>\d+(?:\.\d+)?)\s?(?:cts|cents)\b", re.IGNORECASE)


def find_money(text: str) -> Iterator[tuple[int, int, Money]]:
    """Yield (start, end, Money) for every money expression in `text`, in text order."""
    found = list(_money(text))
    found += [
        (m.start(), m.end(), Money(round(_number(m.group("num")) / 100, 6), "USD"))
        for m in _CENTS.finditer(text)
    ]
    yield from sorted(found, key=lambda f: f[0])


def _money(text: str) -> Iterator[tuple[int, int, Money]]:
    for m in _MONEY.finditer(text):
        pre, suf = m.group("pre"), m.group("suf")
        if not pre and not suf:
            continue
        # "rs", "eur", "usd" in lower case are more likely ordinary words than codes.
        lower_code = pre and pre.isalpha() and not pre.isupper() and pre.lower() != "rp"
        if lower_code and not suf:
            continue
        if pre and (pre != "$" or not suf):
            currency = _PREFIX_CURRENCIES[pre.lower()]
        else:
            # A bare "$" before a currency word ("$5 billion Australian dollars"): the word wins.
            currency = _SUFFIX_CURRENCIES[suf.lower()]
        yield m.start(), m.end(), Money(_value(m), currency)


def parse_money(text: str) -> Money | None:
    """The first money expression in `text`: "A$1.25 billion" -> Money(1.25e9, "AUD")."""
    return next((money for _, _, money in find_money(text)), None)


# unit word -> (normalised unit, multiplier). Matched case-sensitively where case decides
# meaning (Mt is a megatonne, mt a metric ton), so each entry says whether case matters.
# Prefixes of watts and watt-hours, with their factor to the giga unit.
_POWER_PREFIXES = (("tera", "T", 1e3), ("giga", "G", 1.0), ("mega", "M", 1e-3), ("kilo", "k", 1e-6))
_UNITS: list[tuple[str, str, float, bool]] = [
    # pattern, unit, factor, case-sensitive
    (r"mtpa|mtpy|mt/y(?:ea)?r|mt/a", "t/yr", 1e6, False),
    (r"ktpa|ktpy|kt/y(?:ea)?r|kt/a", "t/yr", 1e3, False),
    (
        r"tpa|tpy|t/y(?:ea)?r|tonnes? per annum|(?:metric[-\s])?(?:tonnes?|tons?)-(?:a|per)-year",
        "t/yr",
        1.0,
        False,
    ),
    (r"Mt", "t", 1e6, True),
    (r"kt|kilotonnes?|kilotons?", "t", 1e3, False),
    (r"long\s+tons?", "long-t", 1.0, False),
    (r"short\s+tons?", "short-t", 1.0, False),
    (r"(?:metric\s+)?(?:tonnes|tons|tonne|ton)|mt|t", "t", 1.0, False),
    (
        r"bpd|b/d|bbl/d|barrels?\s+(?:a|per)\s+day|barrels?-(?:a|per)-day"
        r"|barrels\s+of\s+oil\s+(?:a|per)\s+day",
        "bbl/d",
        1.0,
        False,
    ),
    (r"barrels\s+of\s+oil\s+equivalent|boe", "boe", 1.0, False),
    (r"barrels|bbl", "bbl", 1.0, False),
    (r"bcm|billion\s+cubic\s+met(?:re|er)s", "m3", 1e9, False),
    (r"cubic\s+met(?:re|er)s|m3", "m3", 1.0, False),
    (r"tcf", "m3", 1e12 * 0.0283168, False),
    (r"bcf", "m3", 1e9 * 0.0283168, False),
    (r"cubic\s+feet", "m3", 0.0283168, False),
    # energy in GWh and power in GW, spelled out first ("50.08 billion kilowatt-hours",
    # "a 1.2 gigawatt solar farm"), then by symbol; "GWh" before "GW"
    *((rf"{word}watt[-\s]hours?", "GWh", f, False) for word, _, f in _POWER_PREFIXES),
    *((rf"{word}watts?", "GW", f, False) for word, _, f in _POWER_PREFIXES),
    *((rf"{symbol}Wh", "GWh", f, False) for _, symbol, f in _POWER_PREFIXES),
    *((rf"{symbol}W", "GW", f, False) for _, symbol, f in _POWER_PREFIXES if symbol != "T"),
    (r"Moz", "oz", 1e6, True),
    (r"koz", "oz", 1e3, False),
    (r"(?:troy\s+)?ounces|oz", "oz", 1.0, False),
    (r"lbs|lb|pounds(?=\s+of\b)", "t", 0.000453592, False),
    (r"wafers\s+(?:a|per)\s+month|wpm", "wafers/month", 1.0, False),
    (r"wafers", "wafers", 1.0, False),
    (r"units|vehicles|cars|evs", "units", 1.0, False),
    # the counts wire copy gives for farm goods: "9.6 mln bags" of coffee, "1.2 bln bushels"
    (r"(?:\d+-(?:kg|kilo)\s+)?bags", "bags", 1.0, False),
    (r"bales", "bales", 1.0, False),
    (r"bushels", "bushels", 1.0, False),
    (r"gallons", "gallons", 1.0, False),
]

_RATE = re.compile(r"\s*(?:a|per|each)\s+(?:year|annum)\b|\s*annually\b|\s*/\s*y(?:ea)?r\b", re.I)


# Single-letter scales only before a space: "2.5m tonnes" is a scale, "500 mt" a unit.
_AMOUNT_SCALE_RE = rf"(?i:{_SCALE_WORDS})\b|(?i:[kmb])(?=\s)"


def _unit_regex() -> re.Pattern[str]:
    parts = []
    for i, (pattern, _, _, case_sensitive) in enumerate(_UNITS):
        body = pattern if case_sensitive else f"(?i:{pattern})"
        parts.append(f"(?P<u{i}>{body})")
    return re.compile(
        rf"(?<![\w.])(?:(?P<num>{_NUM})|{_SCALED_WORD})(?:\s?(?P<scale>{_AMOUNT_SCALE_RE}))?"
        rf"\s?{_QUALIFIER}"
        rf"(?:{'|'.join(parts)})(?![\w/])"
    )


# Wire copy puts the commodity between figure and unit: "163,924 copra tonnes",
# "1.5 mln crude barrels". One lower-case word, before a mass or barrel unit only.
_QUALIFIER = (
    r"(?:(?!(?:long|short|metric|and|or|to|than|more|less|per|of|the|a|an)\b)[a-z]{3,15}\s+"
    r"(?=(?:tonnes|tons|tonne|ton|barrels|ounces)\b))?"
)


_AMOUNT = _unit_regex()


def find_amounts(text: str) -> Iterator[tuple[int, int, Amount]]:
    """Yield (start, end, Amount) for every physical quantity in `text`."""
    for m in _AMOUNT.finditer(text):
        index = next(i for i in range(len(_UNITS)) if m.group(f"u{i}") is not None)
        _, unit, factor, _ = _UNITS[index]
        # "2 m tonnes" is fine, but a bare "m" right before "t" etc. is handled by the unit list.
        value = _value(m) * factor
        value = float(f"{value:.12g}")  # 50.08 bln kWh is 50080 GWh, not 50079.99999999999
        end = m.end()
        rate = _RATE.match(text, end)
        if rate and unit in ("t", "m3", "oz", "units", "GWh", "long-t", "short-t"):
            unit, end = f"{unit}/yr", rate.end()
        yield m.start(), end, Amount(value, unit)


def parse_amount(text: str) -> Amount | None:
    """The first physical quantity in `text`: "50,000 tpa" -> Amount(50000.0, "t/yr")."""
    return next((amount for _, _, amount in find_amounts(text)), None)


_PERCENT = re.compile(
    rf"(?<![\w.])(?:(?P<num>\d+(?:\.\d+)?)|(?P<word>{_WORD_NUM}))"
    r"\s?(?:%|per\s?cent\b|pct\b)",
    re.IGNORECASE,
)


def _word_number(text: str) -> float:
    total = 0
    for part in re.split(r"[-\s]", text.lower()):
        if part in ("a", "one") and text.lower().endswith("hundred"):
            continue
        total += _WORD_NUMBERS[part]
    return float(total)


def find_percents(text: str) -> Iterator[tuple[int, int, float]]:
    """Yield (start, end, value) for every percentage in `text`."""
    for m in _PERCENT.finditer(text):
        num, word = m.group("num"), m.group("word")
        yield m.start(), m.end(), float(num) if num else _word_number(word)


def parse_percent(text: str) -> float | None:
    """The first percentage in `text`: "90 per cent" -> 90.0, "ninety percent" -> 90.0."""
    return next((value for _, _, value in find_percents(text)), None)
