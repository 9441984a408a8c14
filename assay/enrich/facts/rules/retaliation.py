"""A state's retaliation in a story about trade measures: a trade measure of its own.

"China retaliated", "Beijing vowed retaliation", "China's retaliation against U.S. imports"
name no tariff, yet where the story has told whose measure they answer (an earlier measure,
or one the sentence gives an owner: "called looming U.S. tariffs a violation, vowing
retaliation") they are the answering side's measure against that side (GUIDELINES: a
threatened measure counts, with action `threatened`). Only a retaliation stated as done,
vowed or owned counts: "could spark retaliation", "whether to retaliate", "would retaliate
if ..." state none. Without a measure in the story (a retaliatory strike, a court case) the
word says nothing of trade.
"""

from __future__ import annotations

from spacy.tokens import Token

from assay.enrich.facts.context import Sentence
from assay.enrich.facts.heads import lemma
from assay.enrich.facts.mood import local_mood, mood
from assay.enrich.facts.roles import (
    Result,
    confidence,
    ref,
    remember,
    remembered,
    states,
    without_states,
)
from assay.enrich.facts.syntax import Frame

RETALIATING = frozenset({"retaliate", "retaliation"})
# Verbs over the noun that state it as vowed ("vowed retaliation") or done ("launched its
# retaliation").
_VOWS = frozenset({"vow", "threaten", "warn", "pledge", "promise"})
_DONE = frozenset({"take", "launch", "announce", "impose", "order"})


def is_retaliation(frame: Frame) -> bool:
    return lemma(frame.trigger) in RETALIATING


def retaliation(s: Sentence, frame: Frame, measures: list[Frame], measure: str) -> Result | None:
    """The answering state's measure against the side whose measure it answers: the one
    the story told before, or the owner the sentence gives one of its `measures` ("called
    looming U.S. tariffs a violation, vowing retaliation")."""
    owners = [m for f in measures for m in f.modifiers]
    answered = remembered(s, "trade_measure", "actor") or states(s, owners)
    if not answered:
        return None
    action = _action(frame)
    if action is None:
        return None
    actors = states(s, frame.agent or frame.modifiers)[:1]
    if not actors:
        return None
    # "retaliated against Japan", else the side whose measure the story told before
    targets = without_states(s, states(s, frame.prep("against", "on")), actors)
    targets = targets or without_states(s, answered, actors)
    if not targets:
        return None
    remember(s, "trade_measure", actor=actors, target=targets)
    fields = {
        "actor": ref(actors),
        "target": ref(targets),
        "measure": measure,
        "goods": None,
        "rate_percent": None,
        "action": action,
    }
    return fields, confidence(s, 0.6, [*actors, *targets[:1]])


def _action(frame: Frame) -> str | None:
    """`imposed` for a retaliation stated as done, `threatened` for one vowed, else None."""
    trig, verb = frame.trigger, frame.verb
    if trig.pos_ == "NOUN":
        if any(c.dep_ == "poss" for c in trig.children):
            return "imposed"  # "Beijing's retaliation to an earlier U.S. tariff hike"
        # "vowing retaliation", "launched its retaliation": the verb over the noun says which
        if verb is None or trig.dep_ != "dobj" or trig.head != verb:
            return None
        word = lemma(verb)
        # its own verb only: the clause may hang from any other ("called the tariffs a
        # violation, vowing retaliation")
        plain = local_mood(verb) == "fact"
        if word in _VOWS:
            return "threatened" if plain else None
        return "imposed" if word in _DONE and plain else None
    state = mood(trig, verb)
    if state == "fact":
        return "imposed" if _past(trig) else None
    if state == "threat":
        return "threatened"
    return None


def _past(verb: Token) -> bool:
    """ "China retaliated": done; "China retaliates if..." or "to retaliate": not yet."""
    return verb.tag_ in ("VBD", "VBN") or any(
        c.dep_ == "aux" and c.lower_ in ("has", "have", "had") for c in verb.children
    )
