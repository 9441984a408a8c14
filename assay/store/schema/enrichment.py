"""What enrichment writes: sectors and article tags, entities and their mentions, facts
with their arguments, and embeddings.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from assay.store.schema.base import Vector, metadata

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
