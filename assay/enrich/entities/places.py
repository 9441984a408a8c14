"""Places in real news: datelines dropped, guesses checked, Washington as a city.

- A dateline ("TOKYO (Reuters) -", "DETROIT —") says where the story was filed; it is not a
  mention unless the story names the place again.
- The small NER model tags many capitalised words as places ("Sorghum", "Gelco", "Uruguay
  Round"). A place the knowledge base does not know is kept when the text treats it as one:
  after "in", "at", "near", "from"..., before ", State", or with a place word in its name.
- "Washington" is the U.S. government in the knowledge base; after "in", "to", "from" or
  "visit" it is the city.
- "U.S.-Japan" is two countries, wherever NER put the token.
- A currency's name is no mention of its country: "380 U.S. dlrs", "Canadian dlrs".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assay.enrich.entities.lexicon import BODY_HEADS, BUSINESS_HEADS, NOT_ORG_TAIL
from assay.enrich.entities.spans import Cand, TokenView, kb_cand
from assay.enrich.kb import KBEntry, KnowledgeBase, slugify

# Facilities whose town follows "at" or "near": "the refinery at Mellili".
FACILITY_WORDS = {
    "refinery", "refineries", "plant", "plants", "mine", "mines", "smelter", "smelters", "mill",
    "mills", "field", "terminal", "port", "factory", "factories", "works", "base", "facility",
}  # fmt: skip
NOT_PLACE_TAIL = NOT_ORG_TAIL | {"storage", "governmnet", "government", "bolt", "block"}

PLACE_PREPOSITIONS = {
    "in", "at", "near", "from", "to", "across", "outside", "off", "into", "around",
    "throughout", "via", "toward", "towards", "visit", "visited", "visiting", "between",
    "through", "inside", "within", "northern", "southern", "eastern", "western", "central",
}  # fmt: skip
PLACE_WORDS = {
    "river", "sea", "ocean", "island", "islands", "bay", "basin", "valley", "county",
    "province", "state", "region", "range", "base", "fort", "lake", "mount", "gulf", "coast",
    "city", "district", "peninsula", "strait", "canal", "harbor", "harbour", "zone", "desert",
    "mountains", "hills", "delta", "plateau", "territory", "prefecture", "port", "cape",
}  # fmt: skip
# Words before a capital that make it the city: "talks in Tokyo", "flew to Beijing".
CITY_BEFORE = {
    "in", "at", "near", "from", "to", "outside", "into", "around", "via", "visit", "visited",
    "visiting", "visits", "leave", "left", "leaving", "arrived", "arrives", "across", "the",
}  # fmt: skip
# Words after a capital that make it the city: "Tokyo stock market", "Beijing-based".
CITY_AFTER = {
    "stock", "stocks", "market", "markets", "exchange", "-", "airport", "residents", "office",
    "bureau", "embassy", "time", "streets", "police", "mayor", "city", "university", "court",
    "area", "region", "metropolitan", "traders", "dealers", "newspaper", "daily",
}  # fmt: skip
GENERIC_PLACES = {
    "west", "east", "north", "south", "kingdom", "strait", "republic", "union", "koreas",
    "states", "midwest", "northeast", "southeast", "southwest", "northwest", "capitol",
}  # fmt: skip
_DATELINE_AFTER = re.compile(
    r"^\s*(?:\([^)]{0,40}\)\s*)?(?:[-–—]|,\s*(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|"
    r"Oct|Nov|Dec)[a-z]*\.?\s+\d)"
)
WASHINGTON = "location:washington-dc"


def drop_datelines(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """'TOKYO (Reuters) -', 'DETROIT —': the filing place at a paragraph's start."""
    doc, raw = v.doc, v.raw
    kept = []
    for c in chosen:
        if c.type in ("LOCATION", "COUNTRY"):
            start = doc[c.start].idx
            end = doc[c.end - 1].idx + len(doc[c.end - 1].text)
            para_start = start == 0 or raw[:start].rstrip(" \t").endswith("\n")
            word = raw[start:end]
            if para_start and word.isupper() and _DATELINE_AFTER.match(raw[end : end + 60]):
                continue
        kept.append(c)
    return kept


_ROUND = (["trade", "round"], ["negotiating", "round"])


def check_places(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """Drop NER place guesses that the text shows to be something else.

    "Norgold" where the story names "Norgold Ltd", "Yulia" the person, "Sorghum" that the
    story also writes in lower case, and bare "West" or "North"; and any place naming a
    trade round ("the Uruguay Round").
    """
    others = {c.name.lower() for c in chosen if c.type in ("ORG", "PERSON")}
    others |= {w for name in list(others) for w in name.split()[:1]}
    lowered = {w for w, t in zip(v.lower, v.text, strict=True) if w == t}
    kept = []
    for c in chosen:
        after = [w for w in v.lower[c.end : c.end + 3] if w.strip()]
        if c.type in ("COUNTRY", "LOCATION") and (after[:1] == ["round"] or after[:2] in _ROUND):
            continue  # "the Uruguay Round", "the Tokyo trade round": a negotiation's name
        if c.type == "LOCATION":
            words = v.lower[c.start : c.end]
            if len(words) == 1 and words[0].strip(".") in GENERIC_PLACES:
                continue
            if words[-1] in NOT_PLACE_TAIL:
                continue  # "Uruguay Round", "Green New Deal"
            if c.source == "ner":
                phrase = " ".join(words)
                if phrase in others or (len(words) == 1 and words[0] in lowered):
                    continue
        kept.append(c)
    return kept


def facility_places(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """NER's ORG guess for a town: 'the refinery at Mellili', 'refineries at Augusta and
    Siracusa', 'near Bergen', '145 km west of Bergen', and a town before its state or country
    ('Chester, New York', 'Rouyn-Noranda, Quebec', 'Pisgah Forest, N.C.')."""
    out: list[Cand] = []
    placed = -1  # end token of the last place found this way, for "at X and Y"
    places = {c.start: c for c in chosen if c.type in ("LOCATION", "COUNTRY")}
    for c in chosen:
        i = c.start
        if c.type == "ORG" and c.source == "ner" and i >= 2:
            prev, before = v.lower[i - 1], v.lower[i - 2]
            at_facility = prev in ("at", "near") and (before in FACILITY_WORDS)
            if (
                at_facility
                or (prev == "and" and placed == i - 1)
                or (
                    _town_shaped(v, c)
                    and (
                        prev == "near"
                        or (prev == "of" and before in _BEARINGS)
                        or _before_its_region(v, c, places)
                    )
                )
            ):
                c = Cand(c.start, c.end, f"location:{slugify(c.name)}", "LOCATION", c.name, "ner")
                placed = c.end
        out.append(c)
    return out


_BEARINGS = frozenset({
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "outskirts",
})  # fmt: skip
# U.S. states as wire copy abbreviates them after a town: "Pisgah Forest, N.C.".
_STATE_ABBREVIATIONS = frozenset({
    "ala.", "ariz.", "ark.", "calif.", "colo.", "conn.", "del.", "fla.", "ga.", "ill.", "ind.",
    "kan.", "kans.", "ky.", "la.", "md.", "mass.", "mich.", "minn.", "miss.", "mo.", "mont.",
    "neb.", "nev.", "n.h.", "n.j.", "n.m.", "n.y.", "n.c.", "n.d.", "okla.", "ore.", "pa.",
    "r.i.", "s.c.", "s.d.", "tenn.", "tex.", "va.", "vt.", "wash.", "wis.", "wyo.", "w.va.",
})  # fmt: skip


# Words of a body's or firm's name, never a town's (with a firm's, BUSINESS_HEADS): "Federal
# Reserve Board", "Air Koryo".
_NOT_TOWN = BODY_HEADS | {
    "committee", "party", "union", "association", "co", "co.", "inc.", "corp.", "ltd.", "air",
    "times", "post", "news", "journal", "club", "court", "house", "league", "federation",
    "army", "navy", "force", "forces", "corps", "command", "guard",
}  # fmt: skip


def _town_shaped(v: TokenView, c: Cand) -> bool:
    """One to three capitalised words (not a shouted headline's), none a firm's or a body's
    word."""
    words = v.lower[c.start : c.end]
    return (
        len(words) <= 3
        and not v.text[c.start].isupper()
        and all(t[:1].isupper() for t in v.text[c.start : c.end] if t != "-")
        and not any(w in BUSINESS_HEADS or w in _NOT_TOWN for w in words)
    )


def _before_its_region(v: TokenView, c: Cand, places: dict[int, Cand]) -> bool:
    """ "Chester, New York instead": a comma, then a state or country that ends the phrase
    (not "ZTE, China's biggest ...")."""
    if v.text[c.end : c.end + 1] != [","]:
        return False
    j = c.end + 1
    while j < len(v.text) and v.text[j].isspace():
        j += 1
    if j < len(v.text) and v.lower[j] in _STATE_ABBREVIATIONS:
        return True
    region = places.get(j)
    if region is None or region.source != "kb":
        return False
    after = v.text[region.end] if region.end < len(v.text) else ""
    return not after[:1].isupper() and after not in ("'s", "’s", "and", "-", "–", "/")


# Currency words after a country: "U.S. dlrs", "Hong Kong dollars", "Swiss francs".
_CURRENCY = {
    "dlrs", "dlr", "dollar", "dollars", "cents", "cts", "yen", "franc", "francs", "peso",
    "pesos", "rupee", "rupees", "rupiah", "ringgit", "baht", "yuan", "renminbi", "guilders",
    "guilder", "schillings", "shillings", "escudos", "pesetas", "drachmas", "dinars", "riyals",
    "lire", "lira", "kronor", "krona", "kroner", "currency",
}  # fmt: skip
# Also verbs or common nouns ("Japan marks its anniversary", "South Korea won"): a currency
# only after the adjective ("West German marks", "Irish pounds", "South African rand").
_CURRENCY_AFTER_ADJECTIVE = {"mark", "marks", "pound", "pounds", "crown", "crowns", "rand"}


# After a region's adjective, a currency or a body: "European currency units", "the European
# common market" ("the Paris currency accord" names the city).
_NOT_PLACES = {("currency", "unit"), ("currency", "units"), ("common", "market")}


def drop_currency_names(kb: KnowledgeBase, v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """ "380 U.S. dlrs", "the Australian dollar": a currency, not its country (GUIDELINES A2);
    "134 European currency units", "the European common market": a currency or a body, not
    the region."""
    out = []
    for c in chosen:
        after = v.lower[c.end] if c.end < len(v.lower) else ""
        if c.type == "COUNTRY" and (
            after in _CURRENCY or (after in _CURRENCY_AFTER_ADJECTIVE and _demonym(kb, v, c))
        ):
            continue
        second = v.lower[c.end + 1] if c.end + 1 < len(v.lower) else ""
        if c.type == "LOCATION" and (after, second) in _NOT_PLACES:
            continue
        out.append(c)
    return out


def drop_regions_in_names(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """ "the North American Free Trade Agreement": a region's adjective opening a name is
    part of that name, not a mention of the region (GUIDELINES: inside names they are not
    mentions). The region's own name ("North America") and a lower-case noun after the
    adjective ("North American farmers") stay."""
    out = []
    for c in chosen:
        if c.type == "LOCATION" and c.end < len(v.text):
            written = v.text[c.end - 1]
            after = v.text[c.end]
            # title case only: in a wire headline ("ASIAN EXPORTS RISE") every word is upper
            titled = after[:1].isupper() and not after.isupper() and after.isalpha()
            # the adjective, not the region's own name: "Hunan Government" is the province's
            adjective = written.lower().endswith("an") and not c.name.lower().endswith(
                written.lower()
            )
            if adjective and titled:
                continue
        if c.type == "LOCATION" and _trans(v, c.start):
            continue  # "the Trans-Pacific Partnership", "the Trans Alaska pipeline"
        out.append(c)
    return out


def _trans(v: TokenView, i: int) -> bool:
    """The region follows "Trans" (hyphen or not), which opens a name."""
    if i >= 2 and v.text[i - 1] in ("-", "–"):
        i -= 1
    return i >= 1 and v.text[i - 1] == "Trans"


def _demonym(kb: KnowledgeBase, v: TokenView, c: Cand) -> bool:
    """The country is written as one of its demonyms ("West German", "IRISH")."""
    entry = kb.get(c.key)
    written = " ".join(v.lower[c.start : c.end])
    return entry is not None and written in {d.lower() for d in entry.attrs.get("demonyms", ())}


def washington_the_city(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """'talks in Washington', 'flew to Washington': the city, not the government."""
    out = []
    for c in chosen:
        if (
            c.key == "country:USA"
            and v.text[c.start] == "Washington"
            and c.end - c.start == 1
            and c.start > 0
            and v.lower[c.start - 1] in CITY_BEFORE
        ):
            c = Cand(c.start, c.end, WASHINGTON, "LOCATION", "Washington", c.source)
        out.append(c)
    return out


# Words of a story about the Caucasus state, not the U.S. state of Georgia.
_CAUCASUS = frozenset({
    "tbilisi", "caucasus", "abkhazia", "ossetia", "armenia", "azerbaijan", "ukraine", "nato",
    "montenegro", "saakashvili", "kremlin", "moscow", "russia", "russian", "soviet", "georgians",
})  # fmt: skip


def georgia_the_state(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """ "Savannah, Georgia", "the Georgia Republican": in a story with no word of the
    Caucasus, Georgia is the U.S. state, a LOCATION."""
    if not any(c.key == "country:GEO" for c in chosen) or _CAUCASUS.intersection(v.lower):
        return chosen
    # "exported to Uruguay, Georgia and Slovakia": listed with other states, a country
    states = {
        i
        for c in chosen
        if c.type == "COUNTRY" and c.key not in ("country:GEO", "country:USA")
        for i in (c.start - 2, c.start - 1, c.end, c.end + 1)
    }
    return [
        Cand(c.start, c.end, "location:georgia-usa", "LOCATION", "Georgia", c.source)
        if c.key == "country:GEO"
        and v.lower[c.start] == "georgia"
        and not states.intersection((c.start - 1, c.end))
        else c
        for c in chosen
    ]


def country_pairs(
    v: TokenView, chosen: list[Cand], lookup: Callable[[str], KBEntry | None]
) -> list[Cand]:
    """ "U.S.-Japan accord", "U.S.-Japanese pact": one token naming two countries, also
    where NER read the token as one place."""
    pair_place = {
        c.start for c in chosen if c.type == "LOCATION" and c.end == c.start + 1
    }  # "a recent U.S.-Japan accord": NER's GPE
    taken = {i for c in chosen for i in range(c.start, c.end) if c.start not in pair_place}
    out: list[Cand] = []
    replaced: set[int] = set()
    for i, word in enumerate(v.text):
        if i in taken or "-" not in word or len(word) < 5:
            continue
        parts = word.split("-")
        entries = [lookup(p) for p in parts]
        if len(parts) < 2 or any(e is None or e.type != "COUNTRY" for e in entries):
            continue
        replaced.add(i)
        pos = v.doc[i].idx
        for part, entry in zip(parts, entries, strict=True):
            assert entry is not None
            cand = kb_cand(i, i + 1, entry)
            cand.chars = (pos, pos + len(part))
            out.append(cand)
            pos += len(part) + 1
    return [c for c in chosen if not (c.start in replaced and c.type == "LOCATION")] + out


_PLACES = ("COUNTRY", "LOCATION")
_HEADING_TAIL = re.compile(r"^\s*(?:,[^\n]*)?(?:--|-)?\s*$")


def table_headings(
    v: TokenView, cands: list[Cand], lookup: Callable[[str], KBEntry | None]
) -> list[Cand]:
    """A table's section heading in capitals ("JAPAN COARSE GRAIN, in mln tonnes --") names
    a place and a commodity, not an organisation: NER's span over both gives way to them."""
    places = {(c.start, c.end) for c in cands if c.source == "kb" and c.type in _PLACES}
    out = []
    for c in cands:
        if c.source == "kb" or c.type != "ORG" or not _heading_line(v, c):
            out.append(c)
            continue
        split = False
        for cut in range(c.start + 1, c.end):
            goods = lookup(" ".join(v.text[cut : c.end]))
            split = split or (
                (c.start, cut) in places and goods is not None and goods.type == "COMMODITY"
            )
        if not split:
            out.append(c)
    return out


def _heading_line(v: TokenView, c: Cand) -> bool:
    """The span is written in capitals and is its line, but for a unit and dashes after it."""
    words = v.text[c.start : c.end]
    if not all(w.isupper() or not w.isalpha() for w in words):
        return False
    doc = v.doc
    start, end = doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1].text)
    line_start = v.raw.rfind("\n", 0, start) + 1
    line_end = v.raw.find("\n", end)
    line_end = len(v.raw) if line_end == -1 else line_end
    return not v.raw[line_start:start].strip() and bool(
        _HEADING_TAIL.match(v.raw[end:line_end]) or " in " in v.raw[end:line_end]
    )
