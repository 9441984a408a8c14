"""The figures a capacity sentence states: a plant's rate (with "annual" or "monthly"
written apart from the unit applied), and whether a figure is capacity, a planned rate or
output in a period ("pumped 168,023 bpd in September" is output)."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Token

from assay.enrich.facts import lexicon as lx
from assay.enrich.facts.context import Sentence
from assay.enrich.facts.heads import lemma

_RATE_YEAR = re.compile(r"\b(?:a|per|each)\s+year\b|\bannual(?:ly)?\b|\bper\s+annum\b|\byearly\b")
_YEARLY_CAPACITY = re.compile(r"\b(?:annual|yearly)\s+(?:[a-z-]+\s+){0,2}capacit(?:y|ies)\b")
_RATE_MONTH = re.compile(r"\b(?:a|per|each)\s+month\b|\bmonthly\b")


def capacity_amount(s: Sentence) -> tuple[int, dict[str, Any]] | None:
    """The capacity figure, with "annual"/"monthly" written apart from the unit applied."""
    for _, end, amount in s.amounts():
        unit = amount.unit
        if unit in ("t", "units", "m3", "oz") and _RATE_YEAR.search(s.lower):
            unit += "/yr"
        elif unit == "wafers" and _RATE_MONTH.search(s.lower):
            unit = "wafers/month"
        if unit in lx.CAPACITY_UNITS:
            return end, {"value": amount.value, "unit": unit}
    return None


def capacity_amounts(s: Sentence) -> list[tuple[int, int, dict[str, Any]]]:
    """Every figure in a capacity unit, with its offsets: "a year" or "monthly" near it
    makes tonnes a rate."""
    out = []
    # "annual ore capacity at the mine will be 600,000 tonnes": the rate is the
    # capacity's, written before it
    yearly_capacity = bool(_YEARLY_CAPACITY.search(s.lower))
    for start, end, amount in s.amounts():
        unit = amount.unit
        after = s.lower[end : end + 20]
        if unit in ("t", "units", "m3", "oz", "long-t", "short-t") and (
            _RATE_YEAR.search(s.lower[max(0, start - 30) : end + 32]) or yearly_capacity
        ):
            unit += "/yr"
        elif unit in ("t", "long-t") and re.match(r"\s*(?:a|per)\s+month|\s*monthly", after):
            unit += "/month"
        elif unit == "wafers" and _RATE_MONTH.search(s.lower):
            unit = "wafers/month"
        if unit in lx.CAPACITY_UNITS or unit.endswith("/month"):
            out.append((start, end, {"value": amount.value, "unit": unit}))
    return out


_FACILITY_NOUNS = {
    "plant", "plants", "refinery", "refineries", "smelter", "factory", "mill", "mine",
    "field", "terminal", "facility", "fab", "train", "complex", "project",
    # a refinery's units: "the 19,000 bpd catalytic cracker"
    "cracker", "hydrocracker", "reformer", "unit", "pipeline", "potline", "furnace", "kiln",
}  # fmt: skip
_FUTURE_WORDS = re.compile(r"\b(?:will|would|expected|scheduled|plans?|planned|due|to reach)\b")


def kind_of_figure(s: Sentence, start: int, end: int) -> str:
    """'capacity' for a plant's capacity, 'planned' for a planned rate, '' for output."""
    syntax = s.syntax
    assert syntax is not None
    before = s.lower[max(0, start - 60) : start]
    if re.search(r"\bcapacit(?:y|ies)\b[^.;]{0,25}$", before):
        return "capacity"  # "capacity of 100,000 tonnes", "(capacity 130,000 bpd)"
    if re.match(r"[^.;,]{0,25}\bcapacity\b", s.lower[end : end + 40]):
        return "capacity"  # "800,000 tonnes annual capacity"
    tok = syntax.token_at(start)
    if _said_of_capacity(tok):
        return "capacity"  # "annual ore capacity at the mine will be 600,000 tonnes"
    head = tok
    for _ in range(3):
        if head is None or head.head == head:
            break
        head = head.head
        if head.lower_ in _FACILITY_NOUNS:
            return "capacity"  # "a 120,000 bpd refinery"
        if head.pos_ == "VERB":
            break
    if _FUTURE_WORDS.search(s.lower) and re.search(r"/(?:yr|d|month)$|bbl/d", _unit_at(s, start)):
        return "planned"  # "will produce 4,400 tonnes a year", "plans call for 500,000 mt a year"
    return ""


def _said_of_capacity(tok: Token | None) -> bool:
    """The figure is what a "capacity" subject is: "capacity will be 600,000 tonnes"."""
    noun = tok.head if tok is not None and tok.dep_ == "nummod" else tok
    if noun is None or noun.dep_ not in ("attr", "acomp") or lemma(noun.head) != "be":
        return False
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("capacity", "capacities")
        for c in noun.head.children
    )


_OUTPUT = re.compile(
    r"\b(?:output|production|produced|pumped|pumps|pumping|yielded|flowed|totall?ed|rose|fell|"
    r"dropped|exports?|exported|imports?|imported|throughput|sales|sold|bought|buying|buy)\b"
)


_TRADED = re.compile(r"\b(?:buy|bought|buying|sell|sold|selling|supply|supplies|ship|shipped)\b")


def _near_capacity(s: Sentence, start: int) -> bool:
    return bool(re.search(r"\bcapacit(?:y|ies)\b", s.lower[max(0, start - 60) : start + 60]))


def is_traded(s: Sentence, start: int) -> bool:
    """A figure bought, sold or shipped: "agreed to buy 100,000 tonnes a year from a refinery
    due to start operations" is a purchase, whenever it runs, not the refinery's capacity."""
    return not _near_capacity(s, start) and bool(
        _TRADED.search(s.lower[max(0, start - 60) : start])
    )


def is_output(s: Sentence, start: int) -> bool:
    """A figure for what was produced or traded in a period, not what a plant can make."""
    if _near_capacity(s, start):
        return False
    if is_traded(s, start):
        return True
    if _FUTURE_WORDS.search(s.lower):
        return False
    return bool(_OUTPUT.search(s.lower[max(0, start - 60) : start]))


def _unit_at(s: Sentence, start: int) -> str:
    for a_start, _, unit in capacity_amounts(s):
        if a_start == start:
            return str(unit["unit"])
    return ""
