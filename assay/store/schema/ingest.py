"""What ingestion writes: feeds and their entries, articles, failures, story clusters and
the MinHash band keys that find near-duplicates.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    text,
)

from assay.store.schema.base import metadata

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
