"""Whether a trade measure named in a sentence is stated as in place: said to exist, owned
by its state on named goods, imposed in a clause of its own noun phrase, vowed, or only
hoped to be undone; whether a warning about it is a firm's, and whether a quota caps output
rather than trade."""

from __future__ import annotations

import re

from spacy.tokens import Token

from assay.enrich.facts.context import Sentence
from assay.enrich.facts.heads import above, lemma
from assay.enrich.facts.mood import THREAT
from assay.enrich.facts.roles import authority
from assay.enrich.facts.syntax import Frame

_IMPOSING = frozenset(
    {"impose", "levy", "slap", "reimpose", "approve", "adopt", "put", "implement", "enact", "order"}
)
_UNDOING = frozenset({
    "roll", "lift", "remove", "reduce", "cut", "suspend", "delay", "postpone", "ease", "scrap",
    "drop",
})  # fmt: skip


_UNSURE = frozenset({"proposed", "planned", "possible", "potential", "threatened"})


def said_to_exist(trig: Token) -> bool:
    """ "an existing 25 percent tax on Chinese goods", "U.S. tariffs targeting $50 billion of
    Chinese exports in effect": a measure said to be in place."""
    if any(c.dep_ == "amod" and c.lower_ in ("existing", "current") for c in trig.children):
        return True
    return any(
        t.lower_ in ("effect", "place", "force") and t.dep_ == "pobj" and t.head.lower_ == "in"
        for t in trig.subtree
    )


def owned_measure(trig: Token) -> bool:
    """A measure its state owns, on named goods, is in place ("Norland's new 25 pct tariff on
    cheese", "tariffs by China on U.S. soybeans"; guidelines), whatever the sentence then says
    of it."""
    children = list(trig.children)
    owned = any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in children)
    # "retaliatory tariffs by China on U.S. farm goods": the owner written after "by"
    owned = owned or any(
        c.dep_ == "prep" and c.lower_ == "by" and any(o.pos_ == "PROPN" for o in c.children)
        for c in children
    )
    on_goods = any(c.dep_ == "prep" and c.lower_ == "on" for c in children)
    unsure = any(c.lower_ in _UNSURE for c in children)
    return owned and on_goods and not unsure


# Pausing a measure is decided as it is announced: "tariffs would be delayed until Dec. 15"
# suspends them, unless a condition still hangs on it.
_PAUSING = frozenset({"suspend", "delay", "postpone"})


def undone(frame: Frame) -> bool:
    """The clause would end or ease the measure ("would be rolled back", "could lift")."""
    verb = frame.verb
    if verb is None or verb == frame.trigger or lemma(verb) not in _UNDOING:
        return False
    if lemma(verb) in _PAUSING:
        return any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless")
            for v in verb.children
            for c in v.children
        )
    return True


def imposing_clauses(trig: Token) -> list[Token]:
    """Clauses inside the measure's own noun phrase that impose it: "the duties it imposed on
    Japanese goods", "the tariffs on Chinese imports, which Trump imposed last year" (where
    the parse hangs the clause on the goods)."""
    if trig.pos_ == "VERB":
        return []
    return [
        t
        for t in trig.subtree
        if t.dep_ in ("acl", "relcl")
        and lemma(t) in _IMPOSING
        and (t.head == trig or (t.head.pos_ in ("NOUN", "PROPN") and t.head.head.dep_ == "prep"))
    ]


# Participles and relative clauses that state a measure was put off or ended: "export
# quotas, suspended one year ago", "the quotas that were suspended in February".
_ENDING = frozenset({"suspend", "lift", "scrap", "abolish"})


def ending_clause(trig: Token) -> Token | None:
    """The clause on the measure's own noun that suspends or ends it, whatever the sentence
    around it hopes for: "failing to agree on a resumption of export quotas, suspended one
    year ago" states the suspension as done."""
    if trig.pos_ == "VERB":
        return None
    clauses = [t for t in trig.children if t.dep_ in ("acl", "relcl")]
    doc = trig.doc
    if trig.i + 2 < len(doc) and doc[trig.i + 1].text == ",":
        # the parse may hang "quotas, suspended in 1986" on the main verb: a bare participle
        # right after the noun and its comma is still the noun's
        nxt = doc[trig.i + 2]
        bare = not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in nxt.children)
        if nxt.tag_ == "VBN" and bare:
            clauses.append(nxt)
    return next((t for t in clauses if lemma(t) in _ENDING), None)


_VOWS = frozenset({"vow", "threat", "pledge", "promise"})


def vowed(frame: Frame) -> bool:
    """ "hoped Trump would soften his vow to impose a tariff of 25%": the leader's vow stands,
    whatever the sentence hopes becomes of it; the measure is threatened."""
    verb = frame.verb
    if verb is None or lemma(verb) not in _IMPOSING:
        return False
    if verb.dep_ == "acl":
        vows = [verb.head]
    elif verb.dep_ == "xcomp":  # the parse may hang "to impose" on the verb over the vow
        vows = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
    else:
        return False
    return any(lemma(v) in _VOWS and any(c.dep_ == "poss" for c in v.children) for v in vows)


_OUTPUT = re.compile(r"\b(?:production|output|produc\w*|pump\w*|catch|fishing|milk)\b")
_TRADED = re.compile(r"\b(?:import\w*|export\w*|shipments?|sales|textiles?|trade)\b")


def output_quota(frame: Frame) -> bool:
    """A quota on what is produced, not on what crosses a border: "production quotas were set
    for the first time", "OPEC members produced below their agreed quota" (GUIDELINES: quotas
    on imports or exports only)."""
    trig = frame.trigger
    lo = max(0, trig.left_edge.i - 3)
    phrase = " ".join(t.lower_ for t in trig.doc[lo : trig.i + 1])
    if frame.verb is not None:
        phrase += " " + frame.verb.lower_
    return bool(_OUTPUT.search(phrase)) and not _TRADED.search(phrase)


def warned_by_firm(s: Sentence, trig: Token) -> bool:
    """ "Daimler warned that the new Chinese tariffs would hit its profits": a firm warns of
    what a measure in place does; only an authority threatens a measure of its own."""
    assert s.syntax is not None
    for tok in above(trig, 6):
        if lemma(tok) in THREAT:
            who = s.syntax.subject_names(tok)
            return bool(who) and all(x.type == "ORG" and not authority(x) for x in who)
    return False


def rate_near(s: Sentence, trig: Token) -> float | None:
    """The tariff's rate: a percent right before the measure ("25% tariffs") or in the words
    after it ("tariffs on steel to 25 percent from 10"), the new rate of a change; a percent
    elsewhere in the sentence is something else ("the 31 pct devaluation of the rupiah, an
    increase in import duties")."""
    start, end = trig.idx, trig.idx + len(trig.text)
    near = [p for p in s.percents() if 0 <= start - p[1] <= 30 or 0 <= p[0] - end <= 80]
    if not near:
        return None
    new = [p for p in near if re.search(r"\bto\s+$", s.lower[max(0, p[0] - 5) : p[0]])]
    return (new or near)[0][2]
