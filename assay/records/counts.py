"""Counts: of everything stored, per day, and search facets."""

from __future__ import annotations

# typing_extensions: pydantic (the API's OpenAPI document) needs it for TypedDicts on 3.11.
from typing_extensions import TypedDict


class StoreStats(TypedDict):
    """Counts of everything stored."""

    articles: int
    languages: dict[str, int]
    sectors: dict[str, int]
    entities: dict[str, int]
    mentions: int
    facts: dict[str, int]
    feeds: int
    failures: int
    clusters: int
    db_bytes: int | None


class DayCount(TypedDict):
    """How many of something one day (UTC, YYYY-MM-DD) had."""

    day: str
    count: int


class FacetCount(TypedDict):
    """One value of a search facet and how many matching stories have it."""

    value: str
    label: str
    count: int


class Facets(TypedDict):
    """Counts of sectors, countries, other entities by type and fact types over matches."""

    sectors: list[FacetCount]
    countries: list[FacetCount]
    entities: dict[str, list[FacetCount]]
    fact_types: list[FacetCount]
    matches: int
