"""Entities: profiles, summaries, name lookups, the most active ones and partners."""

from __future__ import annotations

from typing import Any

# typing_extensions: pydantic (the API's OpenAPI document) needs it for TypedDicts on 3.11.
from typing_extensions import TypedDict

from assay.records.articles import ArticleLink, FactRecord


class EntityProfile(TypedDict):
    """A stored entity with counts, first and last sighting and its latest articles."""

    key: str
    name: str
    type: str
    attrs: dict[str, Any]
    mentions: int
    articles: int
    facts: int
    first_seen: str | None
    last_seen: str | None
    recent_articles: list[ArticleLink]


class ActiveEntity(TypedDict):
    """An entity ranked by how many articles of a selection mention it."""

    key: str
    name: str
    type: str
    articles: int
    mentions: int


class Partner(TypedDict):
    """An entity that shares facts with another: how many, of which types, and when."""

    key: str
    name: str
    type: str
    facts: int
    types: dict[str, int]
    first: str | None
    last: str | None


class EntitySummary(TypedDict):
    """A stored entity with how many articles mention it, its mentions and its facts."""

    key: str
    name: str
    type: str
    attrs: dict[str, Any]
    articles: int
    mentions: int
    facts: int


class EntityMatch(TypedDict):
    """An entity found by name, alias or key, in the store or the knowledge base.

    `stored` says whether any stored article mentions it (else the counts are 0), `known`
    whether the shipped knowledge base has it; `matched` is the alias, name or key the
    query matched.
    """

    key: str
    name: str
    type: str
    aliases: list[str]
    articles: int
    mentions: int
    facts: int
    stored: bool
    known: bool
    matched: str | None


class EntityDetail(TypedDict):
    """One entity: its profile (counts, first and last seen, latest articles), aliases,
    latest facts and partners."""

    entity: EntityProfile
    aliases: list[str]
    known: bool
    facts: list[FactRecord]
    partners: list[Partner]
