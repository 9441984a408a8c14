"""Figures listed place by place: "3.44 mln tonnes in France, 3.17 mln in Italy and 499,000
in Denmark".

Wire statistics give one figure per country in a single list, writing the unit once and
the scale only where it changes. Each figure belongs to the place right after it, not to
the sentence's subject (often the body that published the estimate).
"""

from __future__ import annotations

import re

from assay.enrich.facts.context import Sentence, Slot
from assay.enrich.quantities import NUMBER, Amount, scaled

# A figure, its scale and up to three words of unit, then "in (the)" and the place.
_ITEM = re.compile(
    rf"(?<![\w.,])(?P<num>{NUMBER})(?:\s?(?P<scale>thousand|mln|million|bln|billion)\b)?"
    r"(?:\s+[a-z/-]+){0,3}?\s+in\s+(?:the\s+)?$",
    re.I,
)
# What may sit between two items of one list.
_BETWEEN = re.compile(r"^\s*(?:,|;|and|,\s*and|as\s+well\s+as)?\s*$", re.I)
_PLACES = ("COUNTRY", "ORG", "LOCATION")


def listed_by_place(s: Sentence, after: int = 0) -> list[tuple[int, int, Amount, list[Slot]]]:
    """(start, end, amount, places) for each figure of a place-by-place list from offset
    `after` on; empty unless the list has at least two places. A bare figure takes the
    unit of the figure before it ("3.17 mln tonnes in Italy, 1.72 mln in Spain")."""
    amounts = {start: amount for start, _, amount in s.amounts()}
    items: list[tuple[int, int, Amount, list[Slot]]] = []
    unit = ""
    previous_end = -1
    for slot in s.of_type(*_PLACES):
        if slot.start < after or slot.cue != "in" or any(slot in i[3] for i in items):
            continue
        m = _ITEM.search(s.text, max(after, slot.start - 60), slot.start)
        if m is None:
            continue
        start = m.start("num")
        known = amounts.get(start)
        if known is not None:
            amount, unit = known, known.unit
        elif unit and previous_end >= 0 and _BETWEEN.match(s.text[previous_end:start]):
            amount = Amount(scaled(m.group("num"), m.group("scale")), unit)
        else:
            continue
        places = [slot, *_joined(s, slot)]
        previous_end = places[-1].end
        items.append((start, previous_end, amount, places))
    return items if len({p[3][0].key or p[3][0].name for p in items}) >= 2 else []


def _joined(s: Sentence, first: Slot) -> list[Slot]:
    """Places written as one: "Belgium/Luxembourg"."""
    out: list[Slot] = []
    last = first
    for slot in s.of_type(*_PLACES):
        if slot.start > last.start and s.text[last.end : slot.start] == "/":
            out.append(slot)
            last = slot
    return out
