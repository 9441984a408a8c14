"""Articles, their facts and stories: article listings and links, one article in full
(sectors, entities with their mentions, facts with their arguments), story rows and
story clusters.
"""

from __future__ import annotations

from typing import Any

# typing_extensions: pydantic (the API's OpenAPI document) needs it for TypedDicts on 3.11.
from typing_extensions import TypedDict


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


class StoryRow(TypedDict):
    """One story (a cluster, shown by one article) with what importance is scored from.

    `sources` counts the distinct sites that carried the story; `lead_entities` the linked
    entities named in the first `LEAD_CHARS` of the text, `entities` all of them.
    """

    id: int
    title: str
    summary: str
    url: str | None
    site_name: str | None
    published: str | None
    cluster_id: int | None
    sources: int
    facts: int
    entities: int
    lead_entities: int
    sectors: list[SectorTag]


class StoryMember(TypedDict):
    """One article of a story cluster: a copy of the story on some site."""

    id: int
    url: str | None
    source: str
    site_name: str | None
    title: str
    published: str | None


class StoryCluster(TypedDict):
    """A story: near-duplicate articles (syndicated copies) clustered together.

    `id` is None for an article in no cluster yet (then `members` is empty).
    """

    id: int | None
    size: int
    representative_id: int | None
    developing_story_id: int | None
    members: list[StoryMember]
