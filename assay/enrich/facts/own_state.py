"""A state does not sanction itself, put a trade measure on itself or sign a deal with its own
organs: a fact whose target is the actor's own state or one of its organs ("the Treasury's
Office of Foreign Assets Control, which enforces sanctions" read with the United States as
target), or an agreement whose parties are one state and its organs ("Japan" and "MITI"), is
a misreading, and goes. A firm of the same country may be a target or a party: a regulator
sanctions firms at home, and a ministry signs contracts with them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assay.enrich.facts.context import Slot
from assay.enrich.kb import KnowledgeBase
from assay.models import Entity, Fact

_ORGANS = frozenset({"agency", "ministry"})
_MEASURES = frozenset({"sanction", "trade_measure"})
# Last words of a state body's name: "U.S. Army", "Japanese Finance Ministry".
_ORGAN_HEADS = frozenset({
    "army", "navy", "force", "marines", "department", "ministry", "agency", "treasury",
    "embassy", "government", "administration", "congress", "senate", "parliament",
})  # fmt: skip
# The European Union's institutions act for it, as a ministry does for its state.
_EU = frozenset({
    "org:eu", "org:european-community", "org:european-commission",
    "org:european-parliament", "org:council-of-the-european-union",
})  # fmt: skip


def states_of(entities: Sequence[Entity]) -> dict[str, str]:
    """Entity key -> the ISO3 of the state it is or is an organ of ("EU" for the Union)."""
    out: dict[str, str] = {}
    for e in entities:
        if e.type == "COUNTRY" and e.key.startswith("country:"):
            out[e.key] = e.key.removeprefix("country:")
        elif e.key in _EU:
            out[e.key] = "EU"
        elif e.type == "ORG" and e.attrs.get("kind") in _ORGANS and e.attrs.get("country"):
            out[e.key] = str(e.attrs["country"])
        elif e.type == "ORG" and not e.attrs.get("country") and (state := _named_organ(e.name)):
            out[e.key] = state
    return out


def _named_organ(name: str) -> str | None:
    """The state a body's name says it belongs to: "U.S. Army" -> USA."""
    words = name.split()
    if len(words) < 2 or words[-1].lower() not in _ORGAN_HEADS:
        return None
    entry = KnowledgeBase.load().lookup(words[0])
    return entry.key.removeprefix("country:") if entry and entry.type == "COUNTRY" else None


def organ_state(slot: Slot) -> Slot | None:
    """The state a body's name places it in, as a country slot at the body's place: the
    "Chinese Commerce Ministry" reacting to a measure speaks for China."""
    iso3 = _named_organ(slot.name) if slot.type == "ORG" else None
    entry = KnowledgeBase.load().get(f"country:{iso3}") if iso3 else None
    if entry is None:
        return None
    return Slot(slot.start, slot.end, slot.text, entry.name, entry.key, "COUNTRY")


def _keys(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [str(v.get("key")) for v in values if isinstance(v, dict) and v.get("key")]


def _own_state(fact: Fact, states: dict[str, str]) -> bool:
    if fact.type in _MEASURES:
        own = {states[k] for k in _keys(fact.fields.get("actor")) if k in states}
        return any(states.get(k) in own for k in _keys(fact.fields.get("target")))
    if fact.type == "agreement":
        parties = _keys(fact.fields.get("parties"))
        return (
            len(parties) >= 2
            and all(k in states for k in parties)
            and len({states[k] for k in parties}) == 1
        )
    return False


def without_own_state(facts: list[Fact], states: dict[str, str]) -> list[Fact]:
    """Drop the sanctions and trade measures aimed at the actor's own state or its organs,
    and the agreements between one state and its organs. In unannotated text the whole
    reading was wrong each time, not just a role: "China retaliated ... by slapping duties
    on U.S. imports" had the United States as actor and target."""
    return [f for f in facts if not _own_state(f, states)]
