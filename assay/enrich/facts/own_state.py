"""A state does not sanction itself, nor put a trade measure on itself: a fact whose target
is the actor's own state or one of its organs ("the Treasury's Office of Foreign Assets
Control, which enforces sanctions" read with the United States as target) is a misreading,
and goes. A firm of the actor's country may be a target: a regulator sanctions firms at
home."""

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


def only_foreign_targets(facts: list[Fact], states: dict[str, str]) -> list[Fact]:
    """Drop the sanctions and trade measures whose target is the actor's own state or one of
    its organs. In unannotated text the whole reading was wrong each time, not just the
    target: "China retaliated ... by slapping duties on U.S. imports" had the United States
    as actor and target."""
    out: list[Fact] = []
    for fact in facts:
        if fact.type in _MEASURES:
            own = {states[k] for k in _keys(fact.fields.get("actor")) if k in states}
            if any(states.get(k) in own for k in _keys(fact.fields.get("target"))):
                continue
        out.append(fact)
    return out
