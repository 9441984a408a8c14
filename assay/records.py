"""Typed shapes of what the store and search return, as JSON-ready TypedDicts.

Every reader (CLI `--format json`, the REST API, digests) gets these same shapes and turns
them into JSON with `assay.serialize.to_jsonable`; `docs/records.schema.json` describes them
and a test checks real store output against it. Datetimes are ISO 8601 text.
"""

from __future__ import annotations

from typing import Any, TypedDict


class SectorTag(TypedDict):
    """A sector an article was tagged with, and the classifier's calibrated score."""

    slug: str
    name: str
    score: float


class ArticleRow(TypedDict):
    """An article in a listing: no text, no entities."""

    id: int
    url: str | None
    source: str
    title: str
    published: str | None
    language: str | None
    site_name: str | None
    summary: str
    cluster_id: int | None
    ingested_at: str
    sectors: list[SectorTag]


class MentionRecord(TypedDict):
    """A span of the article text naming an entity: text[start:end]."""

    start: int
    end: int
    text: str


class ArticleEntity(TypedDict):
    """An entity linked in one article, with its mentions there."""

    key: str
    name: str
    type: str
    attrs: dict[str, Any]
    mentions: list[MentionRecord]


class FactArgument(TypedDict):
    """One role value of a fact: the name as written and the linked key, if any."""

    role: str
    name: str
    key: str | None


class FactRecord(TypedDict):
    """A stored fact with its provenance (sentence and offsets into the article text)."""

    id: int
    article_id: int
    article_title: str
    url: str | None
    type: str
    action: str | None
    fields: dict[str, Any]
    sentence: str
    start: int
    end: int
    confidence: float
    published: str | None
    arguments: list[FactArgument]


class ArticleDetail(TypedDict):
    """One article with its text, sectors, entities and facts."""

    id: int
    url: str | None
    content_hash: str
    source: str
    story_index: int
    title: str
    text: str
    published: str | None
    authors: list[str]
    site_name: str | None
    language: str | None
    removed: list[str]
    summary: str
    keywords: list[str]
    feed_id: int | None
    cluster_id: int | None
    enriched_with: str | None
    ingested_at: str
    updated_at: str
    sectors: list[SectorTag]
    entities: list[ArticleEntity]
    facts: list[FactRecord]


class ArticleLink(TypedDict):
    """An article named by another record (an entity's latest articles)."""

    id: int
    title: str
    url: str | None
    published: str | None


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


class FeedRecord(TypedDict):
    """A registered feed or sitemap with its polling state."""

    id: int
    url: str
    kind: str
    title: str | None
    etag: str | None
    last_modified: str | None
    added_at: str
    last_polled_at: str | None
    last_ok_at: str | None
    next_poll_at: str | None
    last_error: str | None
    error_count: int
    entries_seen: int
    active: bool
    lease_owner: str | None  # the worker polling it now
    lease_expires_at: str | None  # when that worker's claim lapses
    existing: bool


class FailureRecord(TypedDict):
    """An input that failed at some stage, kept so a run can report and retry it."""

    id: int
    target: str
    stage: str
    reason: str
    transient: bool
    at: str


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
