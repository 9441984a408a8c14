"""Who owns the plant a capacity figure belongs to: its agent or modifier, the plant named
just before a bare "capacity", the sentence's subject, a company spokesman; and a plant run
by someone the sentence does not name, which is nobody's of the story."""

from __future__ import annotations

from assay.enrich.facts.context import Sentence, Slot, demonym_form, is_demonym
from assay.enrich.facts.heads import find_subject, lemma
from assay.enrich.facts.syntax import Frame

_OWNER_TYPES = ("ORG", "COUNTRY")


def plant_owners(s: Sentence, frame: Frame) -> list[Slot]:
    """Who owns or runs the facility a frame names."""
    owners = [a for a in frame.agent if a.type in _OWNER_TYPES and not a.reporter]
    if not owners:
        owners = [m for m in frame.modifiers if m.type == "ORG"]
    if not owners:
        owners = [m for m in frame.modifiers if m.type == "COUNTRY" and not demonym_form(m)]
    if not owners and s.operator_of is not None:
        # "the total capacity of the Champlin refinery": run by Champlin Petroleum Corp
        named = frame.agent + frame.modifiers + frame.prep("of")
        plants = [p for p in named if p.type == "PROJECT"]
        owners = [o for p in plants[:1] if (o := s.operator_of(p)) is not None]
    return owners


def main_subject(s: Sentence) -> list[Slot]:
    """Owners named as the sentence's subject: "Energy Fuels plans to raise its capacity"."""
    syntax = s.syntax
    assert syntax is not None
    roots = [t for t in syntax.doc if t.dep_ == "ROOT"]
    for root in roots:
        subject = find_subject(root)
        if subject is not None:
            named = [n for n in syntax.names_under(subject) if n.type in _OWNER_TYPES]
            named = [n for n in named if not n.reporter and not is_demonym(n)]
            if named:
                return named
    return []


def plant_before(s: Sentence, frame: Frame, facility: list[Frame]) -> list[Slot]:
    """ "the jointly-owned ISAB/Garrone refinery at Mellili, capacity 220,000 bpd": a bare
    capacity word is the capacity of the plant named just before it, and of its owners."""
    at = frame.trigger.idx
    if not bare_capacity(frame) or not s.text[:at].rstrip().endswith((",", "(")):
        return []  # set off after the plant: "refinery at Mellili, capacity 220,000 bpd"
    before = [f for f in facility if not bare_capacity(f) and 0 < at - f.trigger.idx <= 60]
    return plant_owners(s, before[-1]) if before else []


_OPERATE = frozenset({"run", "operate", "own", "manage", "control"})


def run_by_unnamed(frame: Frame) -> bool:
    """The plant is run or owned "by" someone the sentence does not name as an entity
    ("the Basin Pipeline, run by a consortium of other oil companies"): not the firm of the
    story or of the sentence."""
    plants = [frame.trigger]
    if frame.trigger.dep_ == "appos":
        plants.append(frame.trigger.head)
    return any(
        c.dep_ == "acl" and lemma(c) in _OPERATE and any(g.dep_ == "agent" for g in c.children)
        for p in plants
        for c in p.children
    )


def bare_capacity(frame: Frame) -> bool:
    """The frame's word is "capacity" itself, not a plant that has one."""
    return frame.trigger.lower_ in ("capacity", "capacities")


def speaker_owner(s: Sentence, frame: Frame) -> list[Slot]:
    """ "..., a company spokesman said": the company owns the plant."""
    owners = [x for x in frame.speaker if x.type == "ORG"]
    if owners:
        return owners
    return [a for a in s.of_type("ORG") if a.reporter][:1]
