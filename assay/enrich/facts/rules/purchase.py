"""What an acquisition buys: a firm, or only its unit, or only goods."""

from __future__ import annotations

from assay.enrich.facts.context import Slot
from assay.enrich.facts.syntax import Frame, Syntax, lemma

_GOODS = {"output", "production", "supply", "supplies", "crop", "cargo", "cargoes", "shipment"}


def buys_goods(frame: Frame) -> bool:
    """The thing bought is output or goods, not a firm or a stake in one."""
    verb = frame.verb
    if verb is None:
        return False
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        if any(lemma(t) in _GOODS for t in obj.subtree if t.i - obj.i <= 8):
            return True
    return False


_PARTS = {"unit", "units", "subsidiary", "subsidiaries", "division", "arm"}


def part_of(syntax: Syntax, slot: Slot) -> bool:
    """A firm naming its unit that changes hands ("Hexcel unit"); its assets stay its own."""
    tok = syntax.token_at(slot.start)
    while tok is not None and tok.dep_ == "compound" and tok.head.idx < slot.end:
        tok = tok.head  # the last word of the name
    if tok is None or tok.dep_ not in ("compound", "nmod", "poss"):
        return False
    return tok.head.lower_ in _PARTS
