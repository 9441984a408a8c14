"""Planned rates: a plant, mine or venture that is to produce so much a year is planned
capacity, not output ("a joint venture to produce 40,000 tonnes of rubber a year",
"production at the project, at an annual rate of 60,000 ounces, is scheduled to begin").

A forecast of what a country or a firm will produce in a period stays a forecast (no fact):
only a rate written as one ("a year", "annually", "per day", "bpd") in a sentence about a
facility or a venture counts, and only from a producer that is a firm.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from assay.enrich.facts.context import Sentence, Slot
from assay.enrich.facts.estimates import producer
from assay.enrich.facts.heads import lemma
from assay.enrich.facts.mood import mood
from assay.enrich.facts.roles import Result, commodity, confidence, frames, refs, remembered
from assay.enrich.facts.rules.capacity_figures import capacity_amounts

# What a planned rate belongs to.
_FACILITY = re.compile(
    r"\b(?:plant|mine|mill|refinery|smelter|factory|project|venture|field|complex|facility)s?\b"
)
# Verbs that put the start of production ahead: "is scheduled to begin", "is designed to".
_AHEAD = frozenset({"schedule", "design", "plan", "expect", "due", "set", "intend"})
_STARTS = frozenset({"begin", "start", "commence", "reach"})
# The same, read from the words where the parse goes astray.
_STARTING = re.compile(
    r"\b(?:scheduled|expected|due|set|planned|designed)\s+to\s+(?:begin|start|commence)\b"
)


def planned_rates(s: Sentence) -> list[Result]:
    """Capacity facts (status planned) for the production rates a sentence plans."""
    if s.syntax is None or not _FACILITY.search(s.lower):
        return []
    rates = [
        (start, end, amount)
        for start, end, amount in capacity_amounts(s)
        if "/" in str(amount["unit"]) or str(amount["unit"]).startswith("bbl")
    ]
    if not rates:
        return []
    for frame in frames(s, "production"):
        if not (_planned(frame.trigger, frame.verb) or _STARTING.search(s.lower)):
            continue
        owners = [a for a in producer(s, frame) if a.type == "ORG"]
        partners = _subject_firms(s, frame.trigger)
        if {o.key for o in owners} <= {p.key for p in partners}:
            owners = partners  # the venture's partners, not only the one named first
        owners = owners or remembered(s, "capacity", "actors")
        owners = [o for o in owners if o.type == "ORG"]
        if not owners:
            continue
        out: list[Result] = []
        for _, _, amount in rates:
            fields = {
                "actors": refs(owners),
                "product": commodity(s),
                "amount": amount,
                "status": "planned",
            }
            out.append((fields, confidence(s, 0.6, owners)))
        return out
    return []


def _planned(trig: Token, verb: Token | None) -> bool:
    """The output is to come: a purpose ("formed a venture to produce"), a future ("will
    produce"), or a start put ahead ("is scheduled to begin")."""
    if trig.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in trig.children):
        return True  # "to produce 50,000 tonnes annually"
    if mood(trig, verb) == "future":
        return True
    head = trig.head
    for _ in range(3):
        # "production ... is scheduled to begin early in 1988"
        if lemma(head) in _AHEAD and any(
            c.dep_ == "xcomp" and lemma(c) in _STARTS for c in head.children
        ):
            return True
        if lemma(head) in _STARTS and lemma(head.head) in _AHEAD:
            return True
        if head.head == head:
            break
        head = head.head
    return False


def _subject_firms(s: Sentence, trig: Token) -> list[Slot]:
    """The firms that are the subject of the verb above the trigger, with their partners:
    "X formed a joint venture with Y to produce 40,000 tonnes annually"."""
    syntax = s.syntax
    assert syntax is not None
    verb = syntax.clause_above(trig)
    if verb is None:
        return []
    named = syntax.subject_names(verb)
    named += syntax.prep_names(verb, "with")
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        named += syntax.prep_names(obj, "with")
    return [n for n in named if n.type == "ORG"]
