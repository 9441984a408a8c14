"""Whose trade measure it is and whom it hits, read from the words around it.

Readings the clause's subject gets wrong: the side that reacts to a measure is its target,
not its author ("China retaliated against increased U.S. tariffs"); goods named by where
they come from name the target ("tariffs on $300 billion in Chinese imports"), one measure
per country when they come from several, imposed by the one other state the sentence names
when no one else is said to; retaliatory duties answer the other side's.
"""

from __future__ import annotations

import itertools
import re

from spacy.tokens import Token

from assay.enrich.facts.context import Sentence, Slot
from assay.enrich.facts.heads import above, lemma
from assay.enrich.facts.roles import same_state, states
from assay.enrich.facts.syntax import Frame

# Verbs whose subject answers a measure someone else imposed.
_REACTIONS = frozenset({
    "retaliate", "respond", "react", "protest", "challenge", "condemn", "criticize",
    "criticise", "denounce", "oppose", "fight", "slam", "decry", "complain", "sue",
})  # fmt: skip
# The prepositions of what a reaction answers; not "retaliated with tariffs", the subject's own.
_ANSWERED = frozenset({"against", "to", "at", "over", "on"})


def reactors(s: Sentence, frame: Frame) -> list[Slot]:
    """The subject of a reaction to the measure, when the measure is the verb's object or
    in the phrase of its preposition: "China retaliated against U.S. tariffs", "Canada
    protested the duties", "Beijing hit back at the tariffs", "it would retaliate against
    what it called unacceptable U.S. tariffs"."""
    verb, trig = frame.verb, frame.trigger
    if verb is None or verb == trig or s.syntax is None:
        return []
    if _reacts(verb) and (
        (trig.dep_ == "dobj" and trig.head == verb)
        or (trig.dep_ == "pobj" and trig.head.lower_ in _ANSWERED and trig.head.head == verb)
    ):
        # the verb's own subject: the frame's agent may be the measure's ("duties levied by
        # the EC", which growers protest against)
        return s.syntax.subject_names(verb)
    for tok in above(trig, 4):  # up through "what it called" to the reaction's preposition
        if tok.dep_ == "prep" and tok.lower_ in _ANSWERED and _reacts(tok.head):
            return s.syntax.subject_names(tok.head)
    return []


def _reacts(verb: Token) -> bool:
    back = lemma(verb) == "hit" and any(
        c.dep_ == "prt" and c.lower_ == "back" for c in verb.children
    )
    return back or lemma(verb) in _REACTIONS


# Nouns that name goods by where they come from: "Chinese imports", "Mexican goods".
_BROUGHT_IN = frozenset({
    "import", "imports", "goods", "products", "shipments", "-made", "exports", "export",
})  # fmt: skip
# Participles inside the goods' phrase that do not end it: "goods made in", "imports worth",
# "tariffs targeting $50 billion of Chinese exports".
_IN_PHRASE = frozenset({
    "make", "produce", "import", "manufacture", "worth", "value", "target", "cover", "affect",
    "hit", "include",
})  # fmt: skip
_FROM = re.compile(r"(?:\bfrom|\bmade in|\bproduced (?:\w+ )?in|\bimported from)\s+(?:the\s+)?$")
# Words that end the measure's phrase: a verb of its own clause, a new clause.
_PHRASE_END = re.compile(r"[;:]|\b(?:which|that|who|while|but|as|after|because|when)\b")


def goods_origin(s: Sentence, frame: Frame) -> list[Slot]:
    """Countries the measure's goods come from, in the words right after the trigger:
    "tariffs on $300 billion in Chinese imports", "duties on steel from Brazil", "a ban on
    goods made in Iran", "tariffs targeting $50 billion of Chinese exports"."""
    trig = frame.trigger
    begin = trig.idx + len(trig.text)
    stop = _PHRASE_END.search(s.text, begin)
    end = min(stop.start() if stop else len(s.text), begin + 120)
    if s.syntax is not None:
        verbs = [
            t.idx
            for t in s.syntax.doc
            if begin <= t.idx < end and t.pos_ in ("VERB", "AUX") and lemma(t) not in _IN_PHRASE
        ]
        end = min([end, *verbs])
    out: list[Slot] = []
    for slot in s.of_type("COUNTRY"):
        if not begin <= slot.start < end or slot in out:
            continue
        after = s.lower[slot.end : slot.end + 12].replace("-", " -").split()
        before = s.lower[max(begin, slot.start - 25) : slot.start]
        if (after and after[0].strip(".,") in _BROUGHT_IN) or _FROM.search(before):
            out.append(slot)
    return out


def other_state(s: Sentence, targets: list[Slot]) -> list[Slot]:
    """The one state the sentence names besides the target's, which imposes a measure on the
    target's goods when no one else is said to: "the plans for tariffs on $300 billion in
    Chinese imports have taken the U.S. and China off the track"."""
    others: list[Slot] = []
    for c in states(s, s.of_type("COUNTRY")):
        if not any(same_state(s, c, t) for t in [*targets, *others]):
            others.append(c)
    return others if len(others) == 1 else []


def origins_apart(s: Sentence, origins: list[Slot], targets: list[Slot]) -> list[tuple[Slot, str]]:
    """Each origin with its own goods, when the measure lists goods from two or more
    countries: "tariffs on solar panels from China and washing machines produced mostly in
    South Korea" is one measure on each (GUIDELINES: one measure per goods). The first
    origin's goods are the measure's own; a later one's are the words after the comma or
    "and" before it. Empty when the goods come from one country or the targets are others.
    `origins` are `goods_origin`'s."""
    found: list[Slot] = []
    for o in origins:
        if not any(same_state(s, o, f) for f in found):
            found.append(o)
    if len(found) < 2 or not all(any(same_state(s, t, o) for o in found) for t in targets):
        return []
    out: list[tuple[Slot, str]] = [(found[0], "")]
    for before, origin in itertools.pairwise(found):
        words = s.text[before.end : origin.start]
        words = _FROM.sub("", re.sub(r"^\W*(?:and\b)?\s*", "", words)).strip(" ,")
        out.append((origin, " ".join(words.split()[:6])))
    return out


_RETALIATING = frozenset({"retaliatory", "retaliation", "counter", "reciprocal", "tit-for-tat"})


def retaliatory(frame: Frame) -> bool:
    """ "retaliatory duties", "counter tariffs": a measure that answers the other side's."""
    return any(c.lower_ in _RETALIATING for c in frame.trigger.children if c.i < frame.trigger.i)


# A body that runs a commodity agreement's quotas: "International Coffee Organization".
_COMMODITY_BODY = re.compile(
    r"^(?:International (?:[A-Z][a-z]+ ){1,3}(?:Organi[sz]ation|Council)"
    r"|Association of (?:[A-Z][a-z]+ ){1,3}(?:Producing|Exporting) Countries)$"
)


def quota_bodies(s: Sentence, slots: list[Slot] | None = None) -> list[Slot]:
    """The commodity bodies the sentence (or `slots`, such as its lead) names, whose quotas a
    quota measure is when the sentence names no one who sets it ("Export quotas were
    suspended in February 1986")."""
    return [
        x
        for x in (s.slots if slots is None else slots)
        if x.type == "ORG" and _COMMODITY_BODY.match(" ".join(x.name.split()))
    ]
