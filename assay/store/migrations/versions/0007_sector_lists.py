"""`articles.sectors`: each article's sector slugs on its row, for filtered full text.

Revision ID: 0007_sector_lists
Revises: 0006_filter_index
Create Date: 2026-12-05

PostgreSQL filtered full-text matches by sector through a join to `article_sectors`,
after reading every match: at a million articles a phrase or two common words with a
sector read 10,000 to 60,000 rows (tsvectors, for a phrase) to keep a tenth of them
(2 s). With the slugs on the row and a GIN index over them, the planner ANDs that index
with the tsvector's and reads only the matches in the sector (`assay.store.sector_lists`).
Both backends get the column and fill it from `article_sectors`; the index is
PostgreSQL's (SQLite filters by seeks in `article_sectors`, revision 0006). Filling
rewrites each tagged row (PostgreSQL recomputes its tsvector: a few minutes at a million).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_sector_lists"
down_revision = "0006_filter_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from assay.store.sector_lists import PG_SECTORS_INDEX, fill_sector_lists

    op.add_column("articles", sa.Column("sectors", sa.Text(), nullable=False, server_default=""))
    conn = op.get_bind()
    fill_sector_lists(conn)
    if conn.dialect.name == "postgresql":
        op.execute(PG_SECTORS_INDEX)


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_articles_sectors")
    # Not a batch (table rebuild) on SQLite: dropping `articles` would cascade-delete the
    # rows that refer to it. SQLite drops a column itself since 3.35.
    op.execute("ALTER TABLE articles DROP COLUMN sectors")
