"""Who a name stands for: a head of state, a seat of power or a capital for its country
("Trump", "the Kremlin", "the failure of Tokyo to honor"), "the administration" for the
government a text names, a project for the one firm named after it ("the Brunswick mine":
Brunswick Mining and Smelting Corp)."""

from __future__ import annotations

from collections.abc import Callable

from assay.enrich.entities.metonyms import CAPITALS
from assay.enrich.facts.context import Slot
from assay.enrich.facts.coref import Mention
from assay.enrich.leaders import LEADERS, SEATS


def governed(
    mentions: list[Mention], country: Callable[[Mention], Mention | None]
) -> Mention | None:
    """The country whose head of government the text names (`country`: `leader_state`'s):
    "the administration" is its government. A U.S. president wins (the word is mostly
    American), else the first named."""
    found = [c for m in mentions if m.type == "PERSON" and (c := country(m)) is not None]
    usa = [c for c in found if c.key == "country:USA"]
    return (usa or found)[0] if found else None


def leader_state(
    mentions: list[Mention], state_of: Callable[[Slot], Slot | None]
) -> Callable[[Mention], Mention | None]:
    """A leader's mention -> the first mention of the country the leader stands for."""

    def country(person: Mention) -> Mention | None:
        slot = Slot(person.start, person.end, person.text, person.name, person.key, person.type)
        state = state_of(slot)
        return next((c for c in mentions if state and c.key == state.key), None)

    return country


def state_of_leader(mentions: list[Mention]) -> Callable[[Slot], Slot | None]:
    """A head of state or government, a seat of power or a capital -> the country the
    document names (callers decide where a capital stands for its state)."""
    countries: dict[str, Mention] = {}
    for m in mentions:
        if m.type == "COUNTRY" and m.key:
            countries.setdefault(m.key, m)

    def state_of(slot: Slot) -> Slot | None:
        words = slot.name.lower().split()
        if slot.type == "PERSON":
            # the family name, last or (in "Moon Jae-in", "Xi Jinping") first
            iso3 = (LEADERS.get(words[-1]) or LEADERS.get(words[0])) if words else None
        else:
            iso3 = SEATS.get(slot.key or "")
        key = f"country:{iso3}" if iso3 else CAPITALS.get(slot.key or "")
        found = countries.get(key) if key else None
        if found is None:
            return None
        return Slot(slot.start, slot.end, slot.text, found.name, found.key, "COUNTRY")

    return state_of


def operator_of_project(mentions: list[Mention]) -> Callable[[Slot], Slot | None]:
    """A project -> the one organisation of the document named after it: "the Brunswick
    mine" is run by "Brunswick Mining and Smelting Corp", whoever owns that firm."""
    orgs: dict[str, dict[str, Mention]] = {}
    for m in mentions:
        words = m.name.split()
        if m.type == "ORG" and m.key and len(words) >= 2:
            orgs.setdefault(words[0].lower(), {})[m.key] = m

    def operator_of(slot: Slot) -> Slot | None:
        words = slot.name.split()
        found = orgs.get(words[0].lower()) if slot.type == "PROJECT" and words else None
        if not found or len(found) != 1:
            return None
        (m,) = found.values()
        return Slot(slot.start, slot.end, slot.text, m.name, m.key, "ORG", m.kind)

    return operator_of
