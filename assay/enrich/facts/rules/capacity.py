"""Capacity: who has (or plans, builds, expands, closes) how much capacity for what."""

from __future__ import annotations

import re
from typing import Any

from assay.enrich.facts import lexicon as lx
from assay.enrich.facts.context import Sentence, phrase_after
from assay.enrich.facts.roles import LOCATION_CUES, Result, commodity, confidence, negated

_RATE_YEAR = re.compile(r"\b(?:a|per|each)\s+year\b|\bannual(?:ly)?\b|\bper\s+annum\b|\byearly\b")
_RATE_MONTH = re.compile(r"\b(?:a|per|each)\s+month\b|\bmonthly\b")
_PLANT_PRODUCT = re.compile(
    r"\b([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:plant|factory|refinery|smelter|gigafactory|"
    r"facility|fab|megafab|mill|terminal)\b"
)
_NOT_PRODUCT = {
    "a", "an", "the", "new", "its", "their", "his", "her", "first", "largest", "biggest",
    "gwh", "gw", "mw", "tpa", "mtpa", "ktpa", "tonne", "ton", "giant", "huge", "planned",
    "proposed", "own", "second", "third", "this", "that", "of", "and", "to", "build", "year",
    "advanced", "processing", "production", "manufacturing", "pilot", "commercial",
}  # fmt: skip
_DEAL_CLOSED = re.compile(
    r"\b(?:sale|deal|transaction|acquisition|merger|offer|purchase)\b.{0,100}\b(?:closed|close)\b"
)
_PROJECT = lx.words("project", "projects", "complex", "expansion")
_BUILD = lx.words("build", "construct", "set up", "establish", "develop", "open")


def _capacity_amount(s: Sentence) -> tuple[int, dict[str, Any]] | None:
    """The capacity figure, with "annual"/"monthly" written apart from the unit applied."""
    for _, end, amount in s.amounts():
        unit = amount.unit
        if unit in ("t", "units", "m3", "oz") and _RATE_YEAR.search(s.lower):
            unit += "/yr"
        elif unit == "wafers" and _RATE_MONTH.search(s.lower):
            unit = "wafers/month"
        if unit in lx.CAPACITY_UNITS:
            return end, {"value": amount.value, "unit": unit}
    return None


def capacity(s: Sentence) -> Result | None:
    """Who has (or plans, builds, expands, closes) how much capacity for what."""
    status = lx.first_label(lx.CAPACITY_STATUS, s.lower, "")
    if status == "closed" and _DEAL_CLOSED.search(s.lower):
        status = ""  # "the sale of the mine was closed": a deal completed, not a plant shut
    if status != "closed" and negated(s, "capacity"):
        return None
    found = _capacity_amount(s)
    if not lx.CAPACITY_NOUNS.search(s.lower) and not (found and _PROJECT.search(s.lower)):
        return None  # "an order for 1 GW of turbines": equipment, not a plant
    if found is None and (
        status in ("", "expanded") or (status == "planned" and not _BUILD.search(s.lower))
    ):
        return None  # without a figure, only building, opening or closing is news
    # The owner named before its plant is an actor here: "QatarEnergy's North Field East".
    actors = [a for a in s.actors(descriptors=True) if a.cue not in LOCATION_CUES]
    if not actors:
        # "The plant has a capacity of ..., Tesla said": the speaker owns the plant.
        actors = [a for a in s.of_type("ORG") if a.reporter][:1]
    if not actors:
        return None
    product = commodity(s)
    if product is None:
        phrase = None
        if found:
            m = re.match(r"\s+(?:a\s+year\s+|per\s+year\s+)?of\s+", s.text[found[0] :])
            phrase = phrase_after(s.text, found[0] + m.end()) if m else None
        if phrase is None:
            noun = _PLANT_PRODUCT.search(s.text)
            words = (
                [w for w in noun.group(1).split() if w.lower() not in _NOT_PRODUCT] if noun else []
            )
            phrase = " ".join(words) or None
        product = {"name": phrase, "key": None} if phrase else None
    fields = {
        "actors": [a.ref() for a in actors],
        "product": product,
        "amount": found[1] if found else None,
        "status": status or "operational",
    }
    return fields, confidence(s, 0.75 if found else 0.6, actors)
