"""Whose named sanctions are and whether the sentence has them in place: sanctions a state
owns ("U.S. sanctions on Iran", "US sanctions were working"), sanctions another state backs
("China signed up for U.N. sanctions"), sanctions someone defies, is under, is hit by, or
that answer someone's act."""

from __future__ import annotations

from spacy.tokens import Token

from assay.enrich.facts.context import Sentence, Slot
from assay.enrich.facts.heads import lemma, nearest_verb
from assay.enrich.facts.mood import mood
from assay.enrich.facts.roles import states
from assay.enrich.facts.syntax import Frame

TARGET_TYPES = ("COUNTRY", "ORG", "PERSON", "PROJECT")
IMPOSED = {"impose", "slap", "levy", "adopt", "apply", "reimpose", "approve", "pass"}
LIFTED = {"lift", "ease", "remove", "revoke", "delist", "waive", "end", "unfreeze", "drop"}
EXTENDED = {"extend", "renew", "prolong", "expand", "broaden", "tighten", "widen", "reinstate"}
# A sanction sentence must show the act: a verb doing it or a measure in place.
ACT_VERBS = {
    "impose", "slap", "announce", "sanction", "blacklist", "add", "designate", "target",
    "freeze", "place", "put", "adopt", "levy", "unveil", "apply", "order", "approve",
    "enforce", "maintain", "keep", "hit", "face", "remain", "take", "reinstate", "lift",
    "ease", "remove", "extend", "renew", "expand", "tighten", "end", "waive", "revoke",
    "authorize", "authorise", "introduce", "agree", "decide", "pass", "vote", "reimpose",
    "restore", "level", "enact", "implement", "retain",
}  # fmt: skip


# Words of the sanctions' own that doubt they are in place: "no", "possible", "new".
_DOUBTING = frozenset({
    "no", "any", "new", "further", "more", "possible", "proposed", "potential", "tougher",
})  # fmt: skip


# What a sentence may say of sanctions that exist: they work, or they do not ("US economic
# sanctions didn't have a ton of bite").
_SAID_OF = frozenset({"fact", "negated"})


def is_owned(s: Sentence, frame: Frame) -> bool:
    """ "the U.S. sanctions against Japanese chips were not discussed", "US sanctions were
    working": sanctions a state owns, on a named target or doing something themselves, are
    in place whatever the sentence says of them, unless a word of their own doubts them
    ("no", "new", "possible") or the verb is what imposes them."""
    trig = frame.trigger
    # "could be limited by U.S. sanctions on Iran": the verb above the passive's agent
    verb = frame.verb or nearest_verb(trig)
    if trig.pos_ == "VERB" or (verb is not None and lemma(verb) in ACT_VERBS | LIFTED):
        return False
    if verb is None and trig.dep_ != "pobj":
        return False  # a verbless headline ("U.S., BRITAIN BAR SANCTIONS"): no verb to read
    if any(c.dep_ in ("det", "amod", "neg") and c.lower_ in _DOUBTING for c in trig.children):
        return False
    if not owner_states(s, frame):
        return False
    # "US sanctions were working", "did not bite": owned sanctions that do something (or
    # fail to) are in place
    acting = trig.dep_ == "nsubj" and verb == trig.head and mood(trig, verb) in _SAID_OF
    return acting or bool(frame.prep("on", "against"))


_BACKING = frozenset({"for", "to", "behind"})
_SUPPORTING = frozenset({
    "sign", "back", "support", "endorse", "enforce", "join", "implement", "observe", "respect",
    "honor", "honour", "uphold", "welcome", "accept", "vote", "agree",
})  # fmt: skip


def backed(s: Sentence, frame: Frame) -> bool:
    """ "China has signed up for U.N. sanctions", "Russia backed U.S. sanctions": a subject
    that supports sanctions another state owns does not impose them."""
    verb, trig = frame.verb, frame.trigger
    if verb is None or verb == trig or not owner_states(s, frame):
        return False
    # what the verb takes up, not what its subject is under: "North Korea remains under"
    taken = (trig.dep_ == "dobj" and trig.head == verb) or (
        trig.dep_ == "pobj" and trig.head.lower_ in _BACKING and trig.head.head == verb
    )
    return taken and lemma(verb) in _SUPPORTING


# Who approves what "sanctioned" then means allowed: "state-sanctioned", "officially sanctioned".
_APPROVERS = frozenset({"state", "government", "officially", "church", "legally", "-"})


def approved(trig: Token) -> bool:
    """ "sanctioned" in the sense of allowed: "a state-sanctioned ideology"."""
    before = trig.nbor(-1).lower_ if trig.i > 0 else ""
    return trig.lower_ == "sanctioned" and before in _APPROVERS


# What a boycott stays away from when it is no trade sanction: talks, a meeting, a vote.
_EVENTS = frozenset({
    "talk", "effort", "meeting", "summit", "election", "game", "olympics", "ceremony",
    "negotiation", "session", "vote", "hearing", "conference", "process", "inauguration",
    "speech", "event", "parade", "debate", "funeral", "celebration",
})  # fmt: skip


def boycotted_event(trig: Token) -> bool:
    """ "led the Palestinians to boycott Washington peace efforts", "a boycott of the
    talks": staying away from an event, not a sanction."""
    if lemma(trig) != "boycott":
        return False
    objects = [c for c in trig.children if c.dep_ == "dobj"]
    objects += [o for p in trig.children if p.lower_ == "of" for o in p.children]
    return any(lemma(o) in _EVENTS for o in objects)


def owner_states(s: Sentence, frame: Frame) -> list[Slot]:
    """The states that own the sanctions by name: "U.S. sanctions", "U.N. sanctions"."""
    return states(s, [m for m in frame.modifiers if m.type in ("COUNTRY", "ORG")])


_ANSWERS = frozenset({"response", "retaliation", "reaction", "reprisal", "punishment"})


def answered(s: Sentence, frame: Frame) -> list[Slot]:
    """ "imposed new sanctions in response to North Korea's test": whose act they answer."""
    assert s.syntax is not None
    heads = (frame.trigger,) if frame.verb is None else (frame.trigger, frame.verb)
    answers = [
        a
        for head in heads
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ == "in"
        for a in prep.children
        if a.lower_ in _ANSWERS
    ]
    for answer in answers:
        acts = [o for p in answer.children if p.lower_ in ("to", "for") for o in p.children]
        names = [n for o in acts if o.dep_ == "pobj" for n in s.syntax.names_in(o)]
        if names:
            return [n for n in names if n.type in TARGET_TYPES][:1]
    return []


def hit_by(s: Sentence, frame: Frame) -> list[Slot]:
    """ "South Africa has been hit by sanctions": the passive subject of the verb whose "by"
    names the sanctions is their target."""
    agent = frame.trigger.head
    if frame.verb is not None or agent.dep_ != "agent" or s.syntax is None:
        return []
    return [
        n for c in agent.head.children if c.dep_ == "nsubjpass" for n in s.syntax.names_under(c)
    ]


# Not "violate" or "breach": a third party breaks sanctions on another ("China sold oil to
# North Korea in violation of U.N. sanctions").
_DEFYING = frozenset({"defy", "defiance", "evade", "evasion", "circumvent", "skirt", "dodge"})
_SUBCLAUSE = frozenset({"advcl", "conj"})


def defiers(s: Sentence, frame: Frame) -> list[Slot]:
    """ "North Korea fired missiles in defiance of U.N. sanctions", "Iran is evading U.S.
    sanctions": who defies sanctions a state owns is their target, and they are in place."""
    trig = frame.trigger
    if trig.pos_ == "VERB" or s.syntax is None or not owner_states(s, frame):
        return []
    head = _word_over(trig)
    if lemma(head) not in _DEFYING:
        return []
    verb = head
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    # its own subject only: "a missile test, conducted in defiance of U.N. sanctions" says
    # nothing of who defies them
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return []
    if subject.lower_ in ("it", "they") and verb.dep_ in _SUBCLAUSE:
        verb = verb.head  # "North Korea fired missiles as it pursues ...": the main subject
    return s.syntax.subject_names(verb)


def _word_over(trig: Token) -> Token:
    """The word the sanctions hang from: "in defiance of U.N. sanctions" -> "defiance",
    "evading U.S. sanctions" -> "evading"."""
    return trig.head.head if trig.dep_ == "pobj" and trig.head.lower_ == "of" else trig.head


_BREAKING = frozenset({"violation", "breach", "contravention", "violate"})
# Where the trade that breaks the sanctions goes: "sold oil to North Korea", "oil bound for
# Syria", "trade with Iran".
_BOUND = ("to", "for", "with")


def violated(s: Sentence, frame: Frame) -> list[Slot]:
    """ "China sold oil to North Korea in violation of U.N. sanctions": sanctions a state owns
    are in place on the country the breaking trade goes to (not on the trader)."""
    trig = frame.trigger
    if trig.pos_ == "VERB" or s.syntax is None or not owner_states(s, frame):
        return []
    breach = _word_over(trig)
    if lemma(breach) not in _BREAKING:
        return []
    # the act the breach qualifies: "in violation" hangs on the verb or the noun of the trade
    act = breach.head.head if breach.dep_ == "pobj" else breach.head
    inside = {t.i for t in breach.subtree}
    bound = [
        n
        for tok in act.subtree
        if tok.i not in inside and tok.dep_ in ("prep", "dative") and tok.lower_ in _BOUND
        for o in tok.children
        if o.dep_ == "pobj"
        for n in s.syntax.names_under(o)
        if n.type == "COUNTRY"
    ]
    return bound[:1]


def under(s: Sentence, frame: Frame) -> list[Slot]:
    """ "North Korea remains under U.N. sanctions": the subject of the clause the sanctions
    are "under" is their target, and the sanctions are in place."""
    prep = frame.trigger.head
    if frame.trigger.dep_ != "pobj" or prep.lower_ != "under" or s.syntax is None:
        return []
    # "Venezuela, which is under U.S. sanctions": the noun the relative clause describes
    return s.syntax.subject_names(prep.head) if prep.head.pos_ in ("VERB", "AUX") else []
