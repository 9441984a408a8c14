"""The goods a trade measure covers: the commodity or phrase after its trigger, the
headline's commodity, or one goods per rate in a list ("25 pct on steel and 10 pct on
aluminium")."""

from __future__ import annotations

import re

from assay.enrich.facts.context import Sentence, Slot, phrase_after
from assay.enrich.facts.syntax import Frame

# Words that name no goods on their own: "tariffs on imports".
BARE_GOODS = {"imports", "exports", "goods", "products", "shipments", "countries"}


def rated_goods(s: Sentence, after: int) -> list[tuple[float, Slot, Slot | None]]:
    """(rate, goods, the goods' country) for each goods with its own rate in one list:
    "a 15 pct tariff on U.S. soybeans and a 25 pct tariff on American pork", "duties on beef
    to 50 pct and on pork to 30 pct". Empty unless two goods have rates of their own."""
    percents = [p for p in s.percents() if p[1] > after - 40]
    goods = s.of_type("COMMODITY")
    pairs: list[tuple[float, Slot, Slot | None]] = []
    before: bool | None = None  # the list's order: goods before their rates, or after
    for i, (start, end, rate) in enumerate(percents):
        nxt = percents[i + 1][0] if i + 1 < len(percents) else len(s.text)
        prev = percents[i - 1][1] if i else max(-1, after)
        after_it = [g for g in goods if end <= g.start < min(nxt, end + 45)]
        before_it = [g for g in goods if max(prev, start - 25) <= g.end <= start]
        if before is None:
            before = bool(before_it)
        found = before_it[-1:] if before else after_it[:1]
        if not found:
            continue
        item = found[0]
        lo, hi = (end, item.start) if item.start >= end else (item.end, start)
        country = [c for c in s.of_type("COUNTRY") if lo <= c.start and c.end <= hi]
        pairs.append((rate, item, country[-1] if country else None))
    if len({(g.key or g.name) for _, g, _ in pairs}) < 2:
        return []
    return pairs


def lead_goods(s: Sentence) -> dict[str, object] | None:
    """The commodity of the headline and lead, for a measure whose own sentence names none."""
    own = range(s.start, s.start + len(s.text))
    found = [c for c in s.lead if c.type == "COMMODITY" and c.start not in own]
    return found[0].ref() if found else None


def goods_of(s: Sentence, frame: Frame) -> dict[str, object] | None:
    """The commodity the measure covers: after the trigger or right before it."""
    syntax = s.syntax
    assert syntax is not None
    trig = frame.trigger
    cands = [
        c
        for c in s.of_type("COMMODITY")
        if (trig.idx <= c.start <= trig.idx + 120) or 0 <= trig.idx - c.end < 25
    ]
    cands += [c for c in frame.patient if c.type == "COMMODITY" and c not in cands]
    if cands:
        return cands[0].ref()
    for m in re.finditer(r"\b(?:on|of|against)\s+(?:imports\s+of\s+|exports\s+of\s+)?", s.lower):
        if m.start() < trig.idx:
            continue
        phrase = before_verb(s, m.end(), phrase_after(s.text, m.end()))
        if phrase and re.search(r"[\d$€£¥]", phrase):
            continue  # "on about $370 billion of Chinese imports": the goods come after "of"
        if phrase and phrase.lower() not in BARE_GOODS:
            return {"name": phrase, "key": None}
    return None


def before_verb(s: Sentence, start: int, phrase: str | None) -> str | None:
    """The goods phrase up to the parse's first verb: "Japanese chips", not "Japanese chips
    remain"."""
    if phrase is None or s.syntax is None:
        return phrase
    at = s.text.find(phrase, start)
    kept: list[str] = []
    for m in re.finditer(r"\S+", phrase):
        tok = s.syntax.token_at(at + m.start()) if at >= 0 else None
        if tok is not None and tok.pos_ in ("VERB", "AUX"):
            break
        kept.append(m.group())
    return " ".join(kept) or None
