"""What a plant makes: the phrase after its figure ("626,000 tons of ore per year"), else
the noun before "plant" ("a lithium hydroxide plant"), never a verb, a measure or a name."""

from __future__ import annotations

import re
from typing import Any

from assay.enrich.facts.context import Sentence, phrase_after

PLANT_PRODUCT = re.compile(
    r"\b([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:plant|factory|refinery|smelter|gigafactory|"
    r"facility|fab|megafab|mill|terminal)\b"
)
NOT_PRODUCT = {
    "a", "an", "the", "new", "its", "their", "his", "her", "first", "largest", "biggest",
    "gwh", "gw", "mw", "tpa", "mtpa", "ktpa", "tonne", "ton", "giant", "huge", "planned",
    "proposed", "own", "second", "third", "this", "that", "of", "and", "to", "build", "year",
    "advanced", "processing", "production", "manufacturing", "pilot", "commercial", "at", "in",
    "on", "for", "by", "with", "from", "into", "near", "under", "which", "whose", "where",
    "said", "nearby", "owned", "jointly-owned", "run", "operated", "kilowatt", "megawatt",
    "gigawatt", "kilowatts", "megawatts", "gigawatts",
    # a size, not a product: "a 289,000 square foot plant", "a 40-acre site"
    "square", "foot", "feet", "acre", "acres", "metre", "metres", "meter", "meters", "storey",
    "story", "hectare", "hectares",
    # a rate's unit: "the 178,500 bpd refinery"
    "bpd", "b/d", "bbl/d", "barrels", "barrel", "tonnes", "tons", "tpd", "tpy", "mmcfd", "mln",
    # a price, not a product: "a 160 mln dlr plant"
    "bln", "billion", "million", "dlr", "dlrs", "dollar", "dollars", "usd", "stg", "yen",
    "francs", "marks", "crowns", "pesos", "euro", "euros",
}  # fmt: skip


def product_phrase(s: Sentence, end: int | None) -> dict[str, Any] | None:
    """ "of lithium hydroxide" after the figure, else the noun before "plant"."""
    phrase = None
    if end is not None:
        m = re.match(r"\s+(?:a\s+year\s+|per\s+year\s+)?of\s+", s.text[end:])
        phrase = phrase_after(s.text, end + m.end()) if m else None
    if phrase is not None:
        # "626,000 tons of ore per year" is ore, "30 GW of solar capacity" solar, and "30 mln
        # tonnes of annual capacity" names no product
        words = _YEARLY.sub("", phrase).split()
        if words and words[-1].lower() in ("capacity", "capacities"):
            words = [w for w in words[:-1] if w.lower() not in ("annual", "new", "additional")]
        phrase = " ".join(words) or None
    if phrase is None:
        noun = PLANT_PRODUCT.search(s.text)
        # "at the refinery", "Garrone's refinery": a preposition or a possessive is no product
        words = [
            w
            for w in (noun.group(1).split() if noun else [])
            if w.lower() not in NOT_PRODUCT and len(w) > 2
        ]
        if noun is not None and s.syntax is not None:
            words = _modifiers(s, noun.start(1), noun.end(1), words)
        phrase = " ".join(words) or None
    return {"name": phrase, "key": None} if phrase else None


_YEARLY = re.compile(r"\s+(?:per|a|each)\s+(?:year|annum)\b.*$|\s+annually\b.*$", re.I)


def _modifiers(s: Sentence, start: int, end: int, words: list[str]) -> list[str]:
    """Of the words before "plant", those the parse makes a noun or adjective modifying it:
    not a verb ("open the factory"), a measure ("1-million-square-foot plant") or a name
    ("Ford's Chicago Assembly Plant")."""
    syntax = s.syntax
    assert syntax is not None
    kept: list[str] = []
    for m in re.finditer(r"\S+", s.text[start:end]):
        tok = syntax.token_at(start + m.start())
        if m.group() not in words or tok is None:
            continue
        if tok.pos_ in ("NOUN", "ADJ") and not any(t.like_num for t in tok.subtree):
            kept.append(m.group())
    return kept
