"""Typed shapes of what the store and search return, as JSON-ready TypedDicts.

Every reader (CLI `--format json`, the REST API, digests) gets these same shapes and turns
them into JSON with `assay.serialize.to_jsonable`; `docs/records.schema.json` describes them
and a test checks real store output against it. Datetimes are ISO 8601 text.
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


class DayCount(TypedDict):
    """How many of something one day (UTC, YYYY-MM-DD) had."""

    day: str
    count: int


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


class ApiKeyRecord(TypedDict):
    """A REST API key without its secret: the public prefix, role and lifetime."""

    id: int
    prefix: str
    role: str
    name: str | None
    created_at: str
    last_used_at: str | None
    revoked_at: str | None


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


class Preferences(TypedDict):
    """What a subscriber's digest holds and when it comes.

    A story matches when it is in one of `sectors`, names one of `entities` or states a
    fact of one of `fact_types`; with all three empty, every story does.
    """

    sectors: list[str]
    entities: list[str]
    fact_types: list[str]
    hour: int
    timezone: str
    format: str


class SubscriberRecord(TypedDict):
    """A digest subscriber: status pending (not confirmed yet), active, unsubscribed or
    bounced (a permanent delivery failure)."""

    id: int
    email: str
    uid: str
    status: str
    created_at: str
    confirmed_at: str | None
    unsubscribed_at: str | None
    bounced_at: str | None
    bounce_reason: str | None
    preferences: Preferences


class ConsentRecord(TypedDict):
    """One consent event: requested, confirmed, imported (by an operator) or withdrawn."""

    event: str
    at: str
    policy_version: str
    source: str
    ip: str | None
    user_agent: str | None


class DeliveryRecord(TypedDict):
    """One subscriber's digest of one local day and what became of it."""

    id: int
    subscriber_id: int
    day: str
    status: str
    attempts: int
    created_at: str
    sent_at: str | None
    next_attempt_at: str | None
    last_error: str | None
    message_id: str | None
    stories: int


class FactPattern(TypedDict):
    """Facts an alert watches for: of `type` (None: any), with one of `entities` taking
    part, goods naming one of `goods` (keys or words), with one of `actions`."""

    type: str | None
    entities: list[str]
    goods: list[str]
    actions: list[str]


class AlertRecord(TypedDict):
    """A saved search (`query`) or fact pattern (`pattern`) that notifies on new matches."""

    id: int
    name: str
    kind: str
    query: str | None
    pattern: FactPattern | None
    channel: str
    target: str
    active: bool
    created_at: str
    created_by: str | None
    last_fired_at: str | None
    matches: int


class AlertMatchRecord(TypedDict):
    """A story or fact that matched an alert, with the article that carried it."""

    id: int
    alert_id: int
    article_id: int
    fact_id: int | None
    matched_at: str
    title: str
    url: str | None
    published: str | None
    summary: str
    sentence: str | None


class ServiceStatus(TypedDict):
    """What `assay run` last did, and what waits: for /api/v1/health."""

    last_poll: str | None
    last_digest_run: str | None
    last_alert_run: str | None
    heartbeat: str | None
    backlog: dict[str, int]
