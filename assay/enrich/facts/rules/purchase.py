"""What a deal moves: a firm, only its unit (then its seller is the target), only goods, or
the sum in its own clause; and wording that only looks like an investment (a request, a
job title)."""

from __future__ import annotations

import re

from spacy.tokens import Token

from assay.enrich.facts.context import Sentence, Slot
from assay.enrich.facts.heads import lemma
from assay.enrich.facts.roles import without
from assay.enrich.facts.syntax import Frame, Syntax
from assay.enrich.quantities import Money

# What a firm buys that is output, not the firm: "65% of the plant's output".
_OUTPUT = {"output", "production", "supply", "supplies", "crop", "cargo", "cargoes", "shipment"}
# Units goods are counted in: "sold 500,000 tonnes of wheat" trades goods.
_MEASURES = {"tonne", "ton", "barrel", "ounce", "bushel", "bale", "bag", "cargo", "lot"}


def trades_goods(syntax: Syntax, frame: Frame, buying: bool) -> bool:
    """What the verb buys or sells is goods, not a firm, a stake or a facility: a commodity
    or a quantity of one ("will sell rubber to China"), or, bought, a plant's output ("will
    buy up to 65% of the plant's output")."""
    verb = frame.verb
    if verb is None:
        return False
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        if buying and any(lemma(t) in _OUTPUT for t in obj.subtree if t.i - obj.i <= 8):
            return True
        if lemma(obj) in _MEASURES:
            return True
        names = syntax.names_under(obj)
        if any(n.type == "COMMODITY" and n.start <= obj.idx < n.end for n in names):
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


# The deal's own verb asks for it: "asked Japan for a loan", "applied for funding".
_REQUEST = {"ask", "seek", "request", "apply", "solicit", "want", "need"}
# "chief investment officer", "an investment bank": a title or a firm, not an event
_TITLE_HEADS = {
    "officer", "strategist", "manager", "banker", "bank", "banking", "firm", "house",
    "adviser", "advisor", "analyst", "director", "chief", "head", "grade", "company",
}  # fmt: skip


def requested(frame: Frame) -> bool:
    """The deal is what its verb asks for, not what was done."""
    verb = frame.verb
    return verb is not None and verb != frame.trigger and lemma(verb) in _REQUEST


def titled(trig: Token) -> bool:
    """The trigger word names a job or a firm's kind, not an event."""
    return trig.dep_ in ("compound", "amod", "nmod") and lemma(trig.head) in _TITLE_HEADS


_HOLDINGS = {"stake", "interest", "holding", "shareholding"}


def own_act(trig: Token) -> bool:
    """ "its takeover", "their bid": the subject's own act, told by a possessive pronoun."""
    return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in trig.children)


def raised_stake(verb: Token) -> bool:
    """ "raised its stake in Bell to 19.9 pct": buying more, not raising money."""
    return any(c.dep_ == "dobj" and lemma(c) in _HOLDINGS for c in verb.children)


# What a firm sells of itself: "a business", "16 retail branches", "its plants".
_BUSINESS = _PARTS | {
    "business", "operation", "asset", "branch", "plant", "mill", "property", "refinery", "mine",
    "interest", "company", "firm",
}  # fmt: skip


def seller_target(
    syntax: Syntax, frame: Frame, verb: Token | None, pool: list[Slot], investor: list[Slot]
) -> list[Slot]:
    """GUIDELINES: a unit bought but not named makes its seller the target ("acquired a
    hospital systems business from Control Data Corp", "buy Acme's battery unit"). Only
    for a part of a firm, not for goods or shares bought "from" a supplier or a broker; the
    caller keeps headlines out, which name the unit short ("ACQUIRES HEXCEL UNIT") before
    the body names it."""
    objects = frame.objects.get("obj", []) + frame.objects.get("of", [])
    if not any(lemma(o) in _BUSINESS for o in objects):
        return []
    sellers = frame.prep("from") + (syntax.prep_names(verb, "from") if verb is not None else [])
    sellers += [t for t in pool if t.type == "ORG" and part_of(syntax, t)]
    return [t for t in without(sellers, investor) if t.type == "ORG"]


_PER_SHARE = re.compile(r"\s*(?:per|a|each)\s+(?:common\s+|preferred\s+)?share\b")


def money_near(s: Sentence, frame: Frame) -> Money | None:
    """The sum in the event's own clause, else the sentence's first."""
    # "for 40 dlrs per share", "at 40 dlrs a share": a price per share is no sum invested
    money = [m for m in s.money() if not _PER_SHARE.match(s.lower, m[1])]
    if not money:
        return None
    head = frame.verb or frame.trigger
    lo, hi = head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text)
    inside = [m for m in money if lo <= m[0] < hi]
    return (inside or money)[0][2]
