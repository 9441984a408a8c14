"""Who may be a party to a deal: states (a leader or a seat stands for its state) and
organisations, without a nationality that only qualifies a thing ("Norwegian firm"), a
firm's own unit named after it, or the parent named beside the unit that acts; a county or
a province that signs; the two states of "the two countries"; and whether the other side is
written without a name ("with a group of private investors")."""

from __future__ import annotations

import re

from assay.enrich.entities.lexicon import FIRM_PART_WORDS
from assay.enrich.facts import lexicon as lx
from assay.enrich.facts.context import Sentence, Slot, demonym_form
from assay.enrich.facts.roles import lead_parties, without
from assay.enrich.facts.syntax import Frame

PARTY_TYPES = ("ORG", "COUNTRY")


def states_or_firms(s: Sentence, slots: list[Slot]) -> list[Slot]:
    """Parties to a deal: countries (a leader stands for the state) and organisations."""
    out: list[Slot] = []
    for slot in slots:
        if slot.type in ("PERSON", "ORG") and s.state_of is not None:
            slot = s.state_of(slot) or slot  # a leader or a seat ("the White House")
        if slot.type not in PARTY_TYPES or slot.reporter:
            continue
        if slot.descriptor and len(slots) > 2:
            continue  # "Japan's JOGMEC and Lynas": Japan names JOGMEC's country
        if _qualifies_a_thing(s, slot):
            continue  # "an unnamed Norwegian firm", "INDIAN PLANT": the firm is the party
        if _PARENT.search(s.text[max(0, slot.start - 40) : slot.start]):
            continue  # "Aker Verdal, a unit of Aker Norcem, won": the unit is the party
        if not without([slot], out) or any(_family(o, slot) for o in out):
            continue  # "TRW" and "TRW Components International": one firm and its unit
        if _owns_next(s, slot, slots):
            continue  # "Texas Air Corp's <TEX> Continental Airlines": the unit is the party
        out.append(slot)
    return out


# The head words of places that govern themselves and sign as a party.
_SELF_GOVERNED = frozenset({"county", "province", "prefecture", "municipality", "city", "state"})


def local_governments(s: Sentence, slots: list[Slot]) -> list[Slot]:
    """Places named as a deal's partner that are governments: "signed a contract with Berks
    County" (a region or a town alone is where, not who; "the Oklahoma City tire plant" is a
    plant's place)."""
    out = []
    for x in slots:
        if x.type != "LOCATION" or x.text.split()[-1].lower() not in _SELF_GOVERNED:
            continue
        last = s.syntax.token_at(x.end - 1) if s.syntax is not None else None
        if last is not None and last.dep_ in ("compound", "nmod", "amod"):
            continue
        out.append(x)
    return out


# What may stand between an owner's possessive and the unit it owns: a wire ticker.
_OWNER_GAP = re.compile(r"^(?:'s|’s)?\s*(?:<[^>]{1,12}>\s*)?$")


def _owns_next(s: Sentence, slot: Slot, slots: list[Slot]) -> bool:
    """The organisation is written as the owner of the one named right after it, and only
    describes it."""
    if slot.type != "ORG" or not slot.possessive:
        return False
    return any(
        other.type == "ORG"
        and other.start >= slot.end
        and _OWNER_GAP.match(s.text[slot.end : other.start].strip())
        for other in slots
        if other is not slot and (other.key or other.name) != (slot.key or slot.name)
    )


# A parent named in apposition to the firm that acts: "X, a unit of Y".
_PARENT = re.compile(
    rf",\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:{'|'.join(sorted(FIRM_PART_WORDS))})\s+of\s+"
    r"(?:the\s+)?$",
    re.I,
)
_STATE_NOUNS = re.compile(
    r"\b(?:government|govt|state|authorities|administration|officials?|ministers?|"
    r"negotiators|leaders?|side|delegation|cabinet|parliament|president|premier)\b",
    re.I,
)


def _qualifies_a_thing(s: Sentence, slot: Slot) -> bool:
    """A nationality adjective before a noun other than its state's own ("Norwegian firm",
    "Indian plant"), which is no party by itself."""
    if slot.type != "COUNTRY" or not demonym_form(slot):
        return False
    if s.text[max(0, slot.start - 1) : slot.start] in ("-", "/"):
        return False  # "the U.S.-Japanese pact": a side of the deal
    rest = s.text[slot.end :]
    phrase = re.match(r"(?:\s+[A-Za-z-]+){1,3}", rest)
    if phrase is None or _STATE_NOUNS.search(phrase.group()):
        return False  # "Canadian and Mexican negotiators"
    return not lx.AGREEMENT_NOUNS.search(phrase.group().lower())  # "Japanese chip pact"


def _family(a: Slot, b: Slot) -> bool:
    """Two organisations of which one's name starts the other's ("Pizza Inn", "Pizza Inn
    Acquiring Corp")."""
    if a.type != "ORG" or b.type != "ORG":
        return False
    x, y = a.name.lower().split(), b.name.lower().split()
    short, long = (x, y) if len(x) <= len(y) else (y, x)
    return bool(short) and long[: len(short)] == short


def unnamed_partner(s: Sentence, frame: Frame) -> bool:
    """The deal's other side is written and has no name: "an agreement with a group of
    private investors". Nobody else (the speaker, the headline's firm) is that side."""
    syntax = s.syntax
    if syntax is None:
        return False
    heads = [t for t in (frame.trigger, frame.verb) if t is not None]
    heads += frame.objects.get("obj", [])
    if frame.trigger.dep_ == "compound":
        heads.append(frame.trigger.head)  # "a partnership agreement with ..."
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("with", "between"):
                continue
            sides = list(prep.children)
            # the parser may read "with a group of investors to run ..." as a clause
            sides += [g for c in prep.children if c.pos_ == "VERB" for g in c.children]
            if any(
                o.dep_ in ("pobj", "nsubj") and o.pos_ == "NOUN" and not syntax.names_under(o)
                for o in sides
            ):
                return True
    return False


_TWO_SIDES = re.compile(r"^(?:the|both)\s+(?:two\s+)?(?:countries|nations|governments)$", re.I)


def two_sides(s: Sentence, frame: Frame) -> list[Slot]:
    """ "The two countries signed a protocol", "a deal between the two countries", "reached
    after bilateral talks": the two states of the sentence or, failing that, of the headline
    and lead."""
    trig = frame.trigger
    scope = [trig, *([frame.verb] if frame.verb is not None else [])]
    phrases = [
        t
        for head in scope
        for t in head.subtree
        if t.pos_ == "NOUN" and _TWO_SIDES.match(" ".join(x.text for x in t.subtree))
    ]
    # "the accord was reached after extensive bilateral negotiations"
    bilateral = any(t.lower_ == "bilateral" for head in scope for t in head.subtree)
    if not phrases and not bilateral:
        return []
    own = s.of_type("COUNTRY")
    found: list[Slot] = []
    for slot in own + lead_parties(s, ("COUNTRY",), own):
        found += without([slot], found)
    return found if len(found) == 2 else []
