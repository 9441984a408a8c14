"""One fact per event per document: restatements (headline, lead, quotes) merge into one.

Two facts state the same event when they have the same type, the same entities in each
role, and the same action, measure, commodity and figure. The first statement is kept (it
is usually the headline or lead); its confidence becomes the highest of the copies, and
a deal's sum or stake it lacks comes from the later copies.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import replace
from typing import Any

from assay.models import FACT_ROLES as ROLES
from assay.models import Fact

# Fields besides the roles that tell two events of a type apart.
DISTINCT: dict[str, tuple[str, ...]] = {
    "agreement": ("action",),
    "trade_measure": ("measure", "action"),
    "sanction": ("action",),
    "capacity": ("amount", "status"),
    "investment": ("action",),
    "production": ("commodity", "measure", "value", "year"),
}


def _ident(value: Any) -> Hashable:
    if isinstance(value, dict):
        if "key" in value or "name" in value:
            return str(value.get("key") or value.get("name") or "").lower()
        return tuple(sorted((k, _ident(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return frozenset(_ident(v) for v in value)
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


# Values of a distinguishing field that tell no two events apart: a deal between the same
# parties told as planned in one place and as signed or announced in another is one deal at
# two stages of the story (ending it is another event).
_SAME_EVENT: dict[tuple[str, str], dict[str, str]] = {
    ("agreement", "action"): {"planned": "made", "signed": "made", "announced": "made"},
}


def _distinct(fact: Fact, name: str) -> Hashable:
    value = _ident(fact.fields.get(name))
    same = _SAME_EVENT.get((fact.type, name))
    return same.get(value, value) if same is not None and isinstance(value, str) else value


def signature(fact: Fact) -> tuple[Hashable, ...]:
    """What makes a fact one event: type, role entities and the distinguishing fields."""
    roles = tuple(_ident(fact.fields.get(r)) for r in ROLES.get(fact.type, ()))
    rest = tuple(_distinct(fact, f) for f in DISTINCT.get(fact.type, ()))
    return (fact.type, roles, rest)


def _plant_key(fact: Fact) -> tuple[Hashable, ...] | None:
    """Owners of a capacity fact: "X's refinery will shut" and "Capacity is 150,000 bpd"
    later on are one stated capacity of one plant."""
    if fact.type != "capacity":
        return None
    return (_ident(fact.fields.get("actors")),)


# What a restatement may add to a deal first told without it. A tariff's rate or goods are
# not added: a story's later rate is often another tariff's ("and 50 pct on washers").
_COMPLETED = {"investment": ("amount", "stake_percent", "purpose")}


def _told_by_fewer(
    sig: tuple[Hashable, ...], kept: dict[tuple[Hashable, ...], int]
) -> tuple[Hashable, ...] | None:
    """An earlier investment this one restates with fewer of its investors: "a group including
    Coronet and Sunstates raised its stake in Tandy ... the group said it bought 43,600
    shares" (the pronoun stands for one member)."""
    kind, roles, rest = sig[0], sig[1], sig[2:]
    if kind != "investment" or not isinstance(roles, tuple):
        return None
    for other in kept:
        theirs = other[1]
        if other[0] != kind or other[2:] != rest or not isinstance(theirs, tuple):
            continue
        # the same target, and the investors a strict part of the earlier ones
        if theirs[1:] == roles[1:] and _members(roles[0]) < _members(theirs[0]):
            return other
    return None


def _members(role: Hashable) -> frozenset[Hashable]:
    """A role's entities as a set: one entity's key, or the set a list of them makes."""
    return role if isinstance(role, frozenset) else frozenset({role})


# The figures that, when two statements both give them and they differ, tell two events
# apart: a 25 pct tariff and a later 10 pct one on the same country are two rounds (GUIDELINES
# A3). Goods do not: a story's later sentence often names the same measure's goods another
# way ("a levy on nickel pig iron", then "the levy ... depending on the nickel price").
_FIGURES: dict[str, tuple[str, ...]] = {
    "trade_measure": ("rate_percent",),
    "investment": ("amount", "stake_percent"),
}


def _figures(fact: Fact) -> Hashable:
    return tuple(_ident(fact.fields.get(f)) for f in _FIGURES.get(fact.type, ()))


def _figures_differ(first: Fact, fact: Fact) -> bool:
    """Both statements give a figure, and they differ."""
    return any(
        first.fields.get(f) is not None
        and fact.fields.get(f) is not None
        and _ident(first.fields.get(f)) != _ident(fact.fields.get(f))
        for f in _FIGURES.get(fact.type, ())
    )


def merge_facts(facts: list[Fact]) -> list[Fact]:
    """Drop restatements of an event already stated earlier in the document."""
    kept: dict[tuple[Hashable, ...], int] = {}
    plants: dict[tuple[Hashable, ...], int] = {}
    out: list[Fact] = []
    for fact in facts:
        plant = _plant_key(fact)
        if plant is not None and plant in plants:
            first = out[plants[plant]]
            mine, theirs = fact.fields.get("amount"), first.fields.get("amount")
            if theirs is None and mine is not None:
                # the figure completes the fact stated without one
                out[plants[plant]] = replace(first, fields={**first.fields, "amount": mine})
                continue
            if mine is None:
                continue
        elif plant is not None:
            plants[plant] = len(out)
        sig = signature(fact)
        if sig in kept and out[kept[sig]].start == fact.start:
            # one sentence listing goods with their own rates states one measure per goods
            sig = (*sig, _ident(fact.fields.get("goods")))
        if sig not in kept:
            sig = _told_by_fewer(sig, kept) or sig
        elif _figures_differ(out[kept[sig]], fact):
            # another stated figure is another measure or deal (GUIDELINES A3)
            sig = (*sig, _figures(fact))
        if sig in kept:
            first = out[kept[sig]]
            # the body completes what the headline leaves out: the sum, the stake, the purpose
            extra = {
                k: fact.fields[k]
                for k in _COMPLETED.get(fact.type, ())
                if fact.fields.get(k) and not first.fields.get(k)
            }
            out[kept[sig]] = replace(
                first,
                fields={**first.fields, **extra},
                confidence=max(first.confidence, fact.confidence),
            )
            continue
        kept[sig] = len(out)
        if plant is not None and plant not in plants:
            plants[plant] = len(out)
        out.append(fact)
    return out


def _keys(role: Any) -> frozenset[str]:
    """A role's entities: their keys, or names where they have none."""
    values = role if isinstance(role, list) else [role]
    return frozenset(str(v.get("key") or v.get("name")) for v in values if isinstance(v, dict))


def payer_and_payee(investment: dict[str, Any], agreement: dict[str, Any]) -> bool:
    """The agreement's parties are the investment's investor and target, nobody else."""
    investor, target = _keys(investment.get("investor")), _keys(investment.get("target"))
    parties = _keys(agreement.get("parties"))
    return bool(investor & parties) and bool(target & parties) and parties <= investor | target


# An agreement's own sentence says it is about the takeover (not a settlement between them).
_OF_A_TAKEOVER = re.compile(
    r"(?i)\b(?:merg\w*|acqui\w*|takeover|buy\w*|bought|purchas\w*|exchanged?|tender)\b"
)


def without_merger_deals(facts: list[Fact]) -> list[Fact]:
    """A deal of unknown kind between the two sides of an acquisition the document states is
    that acquisition's agreement ("merge with Barnett ... a definitive agreement signed May
    26"): acquisitions are investments, not agreements (GUIDELINES). The sentence rule
    (`payer_and_payee`) applied across the document."""
    bought = [f for f in facts if f.type == "investment" and f.fields.get("action") == "acquired"]
    if not bought:
        return facts
    return [
        f
        for f in facts
        if not (
            f.type == "agreement"
            and f.fields.get("kind") == "other"
            and _OF_A_TAKEOVER.search(f.sentence)
            and any(payer_and_payee(i.fields, f.fields) for i in bought)
        )
    ]
