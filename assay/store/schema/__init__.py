"""SQLAlchemy Core tables: one schema for SQLite and PostgreSQL, for the whole pipeline.

Alembic revisions in `migrations/` create these; change a table here and add a revision.
JSON columns hold small structured values (authors, removed lines, fact fields) that are
read whole; anything queried on has its own column or table.

Every table is defined on the one `metadata` of `base.py` (with the `Vector` column type),
in a module per table group: `ingest.py` (feeds, articles, failures, story clusters,
MinHash bands), `enrichment.py` (sectors, entities, mentions, facts, embeddings),
`subscriptions.py` (subscribers and digests), `alerting.py` (alerts, their matches,
notifications and webhook attempts), `operations.py` (service state, API keys). All of
them are importable from here.
"""

from assay.store.schema.alerting import alert_matches, alert_notifications, alerts, webhook_attempts
from assay.store.schema.base import PgVector, Vector, metadata, vector_bytes, vector_text
from assay.store.schema.enrichment import (
    article_sectors,
    embeddings,
    entities,
    fact_arguments,
    facts,
    mentions,
    sectors,
)
from assay.store.schema.ingest import (
    articles,
    failures,
    feed_entries,
    feeds,
    minhash_bands,
    story_clusters,
)
from assay.store.schema.operations import api_keys, service_state
from assay.store.schema.subscriptions import (
    consents,
    deliveries,
    delivery_items,
    subscriber_preferences,
    subscribers,
    suppressions,
)

__all__ = [
    "PgVector",
    "Vector",
    "alert_matches",
    "alert_notifications",
    "alerts",
    "api_keys",
    "article_sectors",
    "articles",
    "consents",
    "deliveries",
    "delivery_items",
    "embeddings",
    "entities",
    "fact_arguments",
    "facts",
    "failures",
    "feed_entries",
    "feeds",
    "mentions",
    "metadata",
    "minhash_bands",
    "sectors",
    "service_state",
    "story_clusters",
    "subscriber_preferences",
    "subscribers",
    "suppressions",
    "vector_bytes",
    "vector_text",
    "webhook_attempts",
]
