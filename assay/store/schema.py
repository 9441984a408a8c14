"""SQLAlchemy Core tables: one schema for SQLite and PostgreSQL, for the whole pipeline.

Alembic revisions in `migrations/` create these; change a table here and add a revision.
JSON columns hold small structured values (authors, removed lines, fact fields) that are
read whole; anything queried on has its own column or table.
"""

from __future__ import annotations

import functools
import struct
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine, UserDefinedType

metadata = MetaData()


class PgVector(UserDefinedType[str]):
    """pgvector's `vector` type, unsized: each model's HNSW index casts to its dimension."""

    cache_ok = True

    def get_col_spec(self, **_kw: Any) -> str:
        return "vector"


class Vector(TypeDecorator[bytes]):
    """An embedding as float32 little-endian bytes in Python, whatever the database holds.

    SQLite stores the bytes (a BLOB); PostgreSQL a pgvector `vector`, so that it can index
    and rank by cosine distance itself. Values cross as text ('[0.5,-1]'): exact both ways,
    since each float32 is written as the shortest decimal that reads back as itself.
    """

    impl = LargeBinary
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(PgVector())
        return dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value: bytes | None, dialect: Dialect) -> Any:
        if value is None or dialect.name != "postgresql":
            return value
        return vector_text(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> bytes | None:
        if value is None or dialect.name != "postgresql":
            return value  # type: ignore[no-any-return]
        return vector_bytes(value)


def vector_text(value: bytes) -> str:
    """float32 little-endian bytes as pgvector text: '[0.5,-1]'."""
    dim = len(value) // 4
    return _vector_format(dim) % struct.unpack(f"<{dim}f", value)


@functools.cache
def _vector_format(dim: int) -> str:
    # Nine significant digits give the float32 back exactly; one format per row is ~3x
    # faster than repr per number (bulk loads format a million rows).
    return "[" + ",".join(["%.9g"] * dim) + "]"


def vector_bytes(value: str) -> bytes:
    """pgvector text ('[0.5,-1]') as float32 little-endian bytes."""
    inner = value.strip()[1:-1]
    floats = [float(x) for x in inner.split(",")] if inner else []
    return struct.pack(f"<{len(floats)}f", *floats)


feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("kind", String(16), nullable=False, default="feed"),  # feed | sitemap
    Column("title", Text),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("last_polled_at", DateTime(timezone=True)),
    Column("last_ok_at", DateTime(timezone=True)),
    Column("next_poll_at", DateTime(timezone=True)),
    Column("last_error", Text),
    Column("error_count", Integer, nullable=False, default=0),
    Column("entries_seen", Integer, nullable=False, default=0),
    Column("active", Boolean, nullable=False, default=True),
    # Revision 0003: the worker polling the feed now, and until when its claim holds. A
    # worker that dies leaves its lease to expire; another then claims the feed.
    Column("lease_owner", Text),
    Column("lease_expires_at", DateTime(timezone=True)),
)

story_clusters = Table(
    "story_clusters",
    metadata,
    Column("id", Integer, primary_key=True),
    # No FK: representative and cluster point at each other; set after the first member.
    Column("representative_id", Integer),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("size", Integer, nullable=False, default=1),
    Column("developing_story_id", Integer),  # cross-story grouping of related events
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, unique=True),  # canonical URL; NULL for files without one
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("source", Text, nullable=False),  # input path or URL it came from
    Column("story_index", Integer, nullable=False, default=0),
    Column("title", Text, nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("published", DateTime(timezone=True)),
    Column("authors", JSON, nullable=False, default=list),
    Column("site_name", Text),
    Column("language", String(8)),
    Column("removed", JSON, nullable=False, default=list),
    Column("summary", Text, nullable=False, default=""),
    Column("keywords", JSON, nullable=False, default=list),
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="SET NULL")),
    Column("cluster_id", Integer, ForeignKey("story_clusters.id", ondelete="SET NULL")),
    Column("minhash", LargeBinary),
    Column("enriched_with", Text),  # versioned enricher names, e.g. "sectors.v1,entities.v1"
    # Revision 0007: the article_sectors slugs, sorted, space-separated (`sector_lists`).
    Column("sectors", Text, nullable=False, default="", server_default=""),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_articles_published", "published"),
    Index("ix_articles_cluster", "cluster_id"),
    # Revision 0006: the columns search filters and orders by, beside the id, so that
    # SQLite's full-text search checks a match's filters and story on index pages alone
    # (an article row is a page of text). Search names it (`INDEXED BY`).
    Index("ix_articles_filters", "id", "published", "language", "cluster_id"),
    # Partial (revision 0002): finds the few articles not clustered yet without a table scan.
    Index(
        "ix_articles_unclustered",
        "id",
        sqlite_where=text("minhash IS NULL"),
        postgresql_where=text("minhash IS NULL"),
    ),
)

feed_entries = Table(
    "feed_entries",
    metadata,
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True),
    Column("entry_id", Text, primary_key=True),  # guid/id, else link
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="SET NULL")),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    # Cross-feed lookups: the same entry (guid or link) syndicated by two feeds.
    Index("ix_feed_entries_entry", "entry_id"),
)

failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("target", Text, nullable=False),  # URL or path
    Column("stage", String(16), nullable=False),  # fetch | extract | enrich | store
    Column("reason", Text, nullable=False),
    Column("transient", Boolean, nullable=False, default=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

sectors = Table(
    "sectors",
    metadata,
    Column("slug", String(32), primary_key=True),
    Column("name", Text, nullable=False),
)

article_sectors = Table(
    "article_sectors",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("slug", String(32), ForeignKey("sectors.slug"), primary_key=True),
    Column("score", Float, nullable=False),
    Index("ix_article_sectors_slug", "slug"),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False, unique=True),  # country:AUS, org:jbic, commodity:nickel
    Column("type", String(16), nullable=False),
    Column("name", Text, nullable=False),
    Column("attrs", JSON, nullable=False, default=dict),
    Index("ix_entities_type", "type"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_mentions_entity", "entity_id"),
    Index("ix_mentions_article", "article_id"),
)

facts = Table(
    "facts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("type", String(16), nullable=False),
    # 32 since revision 0003: capacity statuses run longer ("under-construction"). SQLite
    # never enforced the 16; PostgreSQL did.
    Column("action", String(32)),
    Column("fields", JSON, nullable=False),
    Column("sentence", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("published", DateTime(timezone=True)),  # copied from the article for date filters
    Index("ix_facts_type", "type"),
    Index("ix_facts_article", "article_id"),
    Index("ix_facts_published", "published"),
)

fact_arguments = Table(
    "fact_arguments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("fact_id", Integer, ForeignKey("facts.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(16), nullable=False),  # party, actor, target, investor, commodity, ...
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="SET NULL")),
    Column("name", Text, nullable=False),
    Index("ix_fact_arguments_entity", "entity_id"),
    Index("ix_fact_arguments_fact", "fact_id"),
)

embeddings = Table(
    "embeddings",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("model", Text, primary_key=True),
    Column("dim", Integer, nullable=False),
    # float32 little-endian bytes; PostgreSQL: a pgvector column (revision 0003).
    Column("vector", Vector, nullable=False),
    # Revision 0008: the stored models, one seek each (`embeddings.stored_models`).
    Index("ix_embeddings_model", "model"),
)

# MinHash LSH band keys of each article (revision 0002): near-duplicate candidates are
# the articles sharing any (band, hash) with a new one, found by index, not by scanning.
minhash_bands = Table(
    "minhash_bands",
    metadata,
    Column("band", Integer, nullable=False),
    Column("hash", BigInteger, nullable=False),  # signed 64-bit digest of the band's values
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Index("ix_minhash_bands_key", "band", "hash"),
    Index("ix_minhash_bands_article", "article_id"),
)

# Subscribers and what is sent (revision 0004). A subscriber's `uid` names them in signed
# links (never the address); deleting one leaves only a hash of the address in
# `suppressions`, so no import can add it again.
subscribers = Table(
    "subscribers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", Text, nullable=False, unique=True),  # lower-cased
    Column("uid", String(32), nullable=False, unique=True),
    Column("status", String(16), nullable=False),  # pending | active | unsubscribed | bounced
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("confirmed_at", DateTime(timezone=True)),
    Column("unsubscribed_at", DateTime(timezone=True)),
    Column("bounced_at", DateTime(timezone=True)),
    Column("bounce_reason", Text),
    Index("ix_subscribers_status", "status"),
)

subscriber_preferences = Table(
    "subscriber_preferences",
    metadata,
    Column(
        "subscriber_id",
        Integer,
        ForeignKey("subscribers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("sectors", JSON, nullable=False, default=list),
    Column("entities", JSON, nullable=False, default=list),  # entity keys
    Column("fact_types", JSON, nullable=False, default=list),
    Column("hour", Integer, nullable=False),  # local delivery hour, 0-23
    Column("timezone", String(64), nullable=False),  # IANA name
    Column("format", String(8), nullable=False),  # html | text
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

consents = Table(
    "consents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "subscriber_id", Integer, ForeignKey("subscribers.id", ondelete="CASCADE"), nullable=False
    ),
    Column("event", String(16), nullable=False),  # requested | confirmed | imported | withdrawn
    Column("at", DateTime(timezone=True), nullable=False),
    Column("policy_version", String(32), nullable=False),
    Column("source", String(16), nullable=False),  # web | cli | api | mail
    Column("ip", Text),
    Column("user_agent", Text),
    Index("ix_consents_subscriber", "subscriber_id"),
)

suppressions = Table(
    "suppressions",
    metadata,
    Column("email_hash", String(64), primary_key=True),  # sha256 of the lower-cased address
    Column("reason", String(16), nullable=False),  # deleted | bounced
    Column("at", DateTime(timezone=True), nullable=False),
)

# One digest per subscriber per local day: the row is written before the message goes out
# (status sending) and after (sent, retry, failed), so a crash never sends a day twice.
deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "subscriber_id", Integer, ForeignKey("subscribers.id", ondelete="CASCADE"), nullable=False
    ),
    Column("day", String(10), nullable=False),  # YYYY-MM-DD in the subscriber's time zone
    # sending | sent | retry | failed | empty | unknown (a crash while sending)
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("claimed_at", DateTime(timezone=True)),
    Column("sent_at", DateTime(timezone=True)),
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("last_error", Text),
    Column("message_id", Text),
    Column("stories", Integer, nullable=False, default=0),
    UniqueConstraint("subscriber_id", "day", name="uq_deliveries_day"),
    Index("ix_deliveries_status", "status"),
)

# The stories a digest carried: novelty leaves out what a subscriber was sent already.
delivery_items = Table(
    "delivery_items",
    metadata,
    Column(
        "delivery_id", Integer, ForeignKey("deliveries.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("article_id", Integer, primary_key=True),  # no FK: the record outlives an article
    Column("cluster_id", Integer),
    Column("developing_story_id", Integer),
)

# Saved searches and fact patterns that notify by e-mail or webhook.
alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("query", Text),  # a search query, or NULL for a fact pattern
    Column("pattern", JSON),  # {"type", "entities", "goods", "actions"}, or NULL for a search
    Column("channel", String(16), nullable=False),  # email | webhook
    Column("target", Text, nullable=False),  # address or URL
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", Text),
    Column("last_fired_at", DateTime(timezone=True)),
)

alert_notifications = Table(
    "alert_notifications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False),
    # pending | sending | sent | retry | failed | unknown (a crash while sending)
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("claimed_at", DateTime(timezone=True)),
    Column("sent_at", DateTime(timezone=True)),
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("last_error", Text),
    Index("ix_alert_notifications_status", "status"),
)

# Each match is stored once (alert, key): a story for a search, a stated fact for a
# pattern, however many copies of it arrive; it is notified once.
alert_matches = Table(
    "alert_matches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False),
    Column("match_key", Text, nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("fact_id", Integer),  # no FK: a re-enrichment replaces facts
    Column("matched_at", DateTime(timezone=True), nullable=False),
    Column(
        "notification_id",
        Integer,
        ForeignKey("alert_notifications.id", ondelete="SET NULL"),
    ),
    UniqueConstraint("alert_id", "match_key", name="uq_alert_matches_once"),
    Index("ix_alert_matches_notification", "notification_id"),
)

webhook_attempts = Table(
    "webhook_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "notification_id",
        Integer,
        ForeignKey("alert_notifications.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("status_code", Integer),
    Column("error", Text),
    Column("ms", Integer, nullable=False),
    Index("ix_webhook_attempts_notification", "notification_id"),
)

# What `assay run` last did (last poll, last digest run, backlog), for /api/v1/health.
service_state = Table(
    "service_state",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", JSON, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

# REST API keys (revision 0003): only a SHA-256 of each key is kept; `prefix` is the public
# part of the key that finds its row, so checking a key is one indexed lookup.
api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("prefix", String(16), nullable=False, unique=True),
    Column("hash", String(64), nullable=False),
    Column("role", String(16), nullable=False),  # reader | analyst | admin
    Column("name", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
)
