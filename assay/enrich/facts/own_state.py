"""A state does not sanction itself, put a trade measure on itself or sign a deal with its own
organs: a fact whose target is the actor's own state or one of its organs ("the Treasury's
Office of Foreign Assets Control, which enforces sanctions" read with the United States as
target), or an agreement whose parties are one state and its organs ("Japan" and "MITI"), is
a misreading, and goes. A firm of the same country may be a target or a party: a regulator
sanctions firms at home, and a ministry signs contracts with them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assay.models import Entity, Fact

_ORGANS = frozenset({"agency", "ministry"})
_MEASURES = frozenset({"sanction", "trade_measure"})


def states_of(entities: Sequence[Entity]) -> dict[str, str]:
    """Entity key -> the ISO3 of the state it is or is an organ of."""
    out: dict[str, str] = {}
    for e in entities:
        if e.type == "COUNTRY" and e.key.startswith("country:"):
            out[e.key] = e.key.removeprefix("country:")
        elif e.type == "ORG" and e.attrs.get("kind") in _ORGANS and e.attrs.get("country"):
            out[e.key] = str(e.attrs["country"])
    return out


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
