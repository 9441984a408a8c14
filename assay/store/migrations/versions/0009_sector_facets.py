"""Sector facets inside the full-text index, for filtered full text at a million.

Revision ID: 0009_sector_facets
Revises: 0008_embedding_models
Create Date: 2026-12-05

A search for common words with a sector filter tested every match of the words against
the sector outside the full-text index (SQLite: a seek in `article_sectors` per match,
35 to 60 ms for 30,000 to 85,000 matches at a million articles). Now the index holds
the sectors too (`assay.store.fts`):
- SQLite: `articles_fts` gains a `facets` column, one token per sector slug, read from
  `articles.sectors` through a view; the table is built again (FTS5 `rebuild`).
- PostgreSQL: `ix_articles_fts` indexes `string_to_array(sectors, ' ')` beside `fts`
  (one GIN index built again; `ix_articles_sectors` stays for sector-only filters).
"""

from __future__ import annotations

from alembic import op

revision = "0009_sector_facets"
down_revision = "0008_embedding_models"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from assay.store.fts import PG_FTS_INDEX, create_fts, drop_fts

    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_fts")
        op.execute("SET LOCAL maintenance_work_mem = '1GB'")
        op.execute(PG_FTS_INDEX)
        return
    drop_fts(conn)
    create_fts(conn, facets=True)


def downgrade() -> None:
    from assay.store.fts import create_fts, drop_fts

    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_fts")
        op.execute("CREATE INDEX ix_articles_fts ON articles USING gin (fts)")
        return
    drop_fts(conn)
    create_fts(conn)
