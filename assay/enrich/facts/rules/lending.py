"""Loans and financings: the lender invests in the borrower (an investment's roles)."""

from __future__ import annotations

import re

from spacy.tokens import Token

from assay.enrich.facts.context import Sentence, Slot, is_demonym
from assay.enrich.facts.heads import find_subject, lemma, names_a_sum
from assay.enrich.facts.roles import INVESTOR_TYPES, RECEIVE, TARGET_TYPES, remembered, without
from assay.enrich.facts.rules.purchase import MEASURES, MONEY_NOUNS
from assay.enrich.facts.syntax import Frame

_PROVIDE = {"provide", "extend", "give", "grant", "lend", "supply"}
# A body whose name says it lends: the World Bank, the IMF, an export-credit agency.
_LENDER = re.compile(r"\b(?:Bank|Fund|Monetary|Finance|Financing|Credit|Exim|Eximbank)\b")
_ARRANGED = {"complete", "arrange", "sign", "close", "conclude", "finalize", "finalise"}


def lending(s: Sentence, frame: Frame, verb: Token) -> tuple[list[Slot], list[Slot]] | None:
    """(lender, borrower) of a loan or financing: "Y provided X with financing", "X
    completed a financing with Y", "the financing completed with Y", X said."""
    syntax = s.syntax
    assert syntax is not None
    banks = syndicate_banks(s) if lemma(frame.trigger) in _LOANS else []
    if banks:
        # "a 127 mln dlr loan to NMIC, with Chemical Bank as the lead agent": the banks that
        # lead or arrange a loan lend it, to the firm the sentence names or the story's
        named = [x for x in s.slots if x.type in TARGET_TYPES and not x.reporter]
        named = without(without(named, frame.speaker), banks)
        borrower = named[:1] or without(remembered(s, "investment", "target"), banks)
        return (banks, borrower) if borrower else None
    word = lemma(verb)
    subject = find_subject(verb)
    # "the financing completed with Y gives it a basis": the loan itself is the subject
    itself = subject is not None and frame.trigger in subject.subtree
    named = syntax.names_under(subject) if subject is not None and not itself else []
    if word in _PROVIDE and not itself:
        receivers = [
            n
            for c in verb.children
            if c.dep_ in ("dobj", "dative")
            for n in syntax.names_under(c)
            if n.type in TARGET_TYPES
        ]
        lenders = [n for n in named if n.type in INVESTOR_TYPES]
        # "GM Canada said the Canadian and Quebec governments are each providing a loan":
        # a loan given to no one named goes to the one who tells of it
        told = [x for x in frame.speaker if x.type in TARGET_TYPES]
        receivers = receivers or without(told, lenders)
        return (lenders, without(receivers, lenders)) if lenders and receivers else None
    lenders = frame.prep("with", "from", "by") + syntax.prep_names(verb, "with")
    lenders = [x for x in lenders if x.type in INVESTOR_TYPES and not is_demonym(x)]
    if not lenders and word in _ARRANGED:
        # "The Philippines and the World Bank signed a 300 mln dlr loan": the bank lends
        lenders = [n for n in named if n.type == "ORG" and _LENDER.search(n.name)]
        if len(lenders) == len(named):
            lenders = []  # two banks signing: which one lends is not said
    if not lenders or not (word in _ARRANGED | RECEIVE or itself):
        return None
    borrowers = without([n for n in named if n.type in TARGET_TYPES], lenders)
    borrowers = borrowers or without(frame.speaker, lenders)
    return (lenders, borrowers) if borrowers else None


# "with Chemical Bank as the lead agent", "lead managed by Citicorp", "arranged by X"
_AS_LEAD = re.compile(r"\s+as\s+(?:the\s+)?(?:lead\s+|co-?lead\s+)?(?:agent|manager|arranger)s?\b")
_LED_BY = re.compile(
    r"\b(?:lead[- ]?)?(?:managed|arranged|underwritten|syndicated)\s+by\s+(?:the\s+)?$"
)


def syndicate_banks(s: Sentence) -> list[Slot]:
    """The banks that lead, manage or arrange a loan, as wire copy names them."""
    return [
        x
        for x in s.slots
        if x.type == "ORG"
        and (
            _AS_LEAD.match(s.text, x.end) is not None
            or _LED_BY.search(s.text[max(0, x.start - 40) : x.start]) is not None
        )
    ]


def lends_goods(frame: Frame) -> bool:
    """ "Venezuela to lend oil to Ecuador", "lend support": what is lent is no money."""
    verb = frame.verb
    if verb is None or lemma(verb) != "lend":
        return False
    lent = [c for c in verb.children if c.dep_ == "dobj"]
    # "lend 50,000 barrels" counts goods; "lend 500 mln dlrs" and "lend money" are money
    money = [
        o for o in lent if (names_a_sum(o) and lemma(o) not in MEASURES) or lemma(o) in MONEY_NOUNS
    ]
    return bool(lent) and not money


_LOANS = frozenset({"loan", "credit", "grant", "tranche"})


def tranche(
    s: Sentence, frame: Frame, lender: list[Slot], borrower: list[Slot]
) -> tuple[list[Slot], list[Slot]]:
    """ "The World Bank extended Pakistan 220 mln dlrs in three loans. ... A small-scale
    industry project will be supported by a 54 mln dlr loan": a loan with its own sum and
    no named side, in a story whose earlier loan came from a lending body, is another loan
    of that lender to that borrower (the borrower this sentence names, if it names one)."""
    trig = frame.trigger
    # "a 54 mln dlr loan": the sum is the loan's own
    if lemma(trig) not in _LOANS or not any(t.like_num for x in trig.lefts for t in x.subtree):
        return lender, borrower
    before = remembered(s, "investment", "investor")
    if not before or not all(_LENDER.search(x.name) for x in before):
        return lender, borrower
    if lender and not any(x.key == b.key for x in lender for b in before):
        return lender, borrower  # another lender named
    named = [c for c in s.of_type("COUNTRY") if not is_demonym(c)]
    earlier = remembered(s, "investment", "target")
    return before, borrower or named[:1] or earlier


def lent_by_lead(s: Sentence) -> bool:
    """A loan sum whose sentence names neither side, in a story whose headline or lead names
    a lending body: "... will be supported by a 54 mln dlr loan, the bank said" under "WORLD
    BANK LOANS PAKISTAN 220 MLN DLRS". The gate, reading the sentence alone, cannot see it."""
    return (
        "investment" in s.anchors
        and bool(s.money())
        and not any(x.type in ("ORG", "COUNTRY") for x in s.slots)
        and any(x.type == "ORG" and _LENDER.search(x.name) for x in s.lead)
    )
