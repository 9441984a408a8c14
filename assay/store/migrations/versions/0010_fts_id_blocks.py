"""PostgreSQL: the id's block as a third key column of the full-text GIN index.

Revision ID: 0010_fts_id_blocks
Revises: 0009_fts_sector_index
Create Date: 2026-12-05

A word in many articles is read in a window of the newest ids (`backends/pg_search.py`).
PostgreSQL built the bitmap of all its matches from the GIN index and ANDed it with the
window's id range: the bitmap's cost grew with the store (a word in 234,000 of a million
articles: ~60 ms), whatever the window. With `ARRAY[id / 4096]` beside the tsvector in
the index, the search names the window's blocks and one scan steps through the word's
postings from the window's first row (a word in 60,000 of 100,000 articles: 10.1 ms to
1.0 ms, EXPLAIN ANALYZE). The index is built again. SQLite is unchanged: FTS5 walks its
doclists newest first already.
"""

from __future__ import annotations

from alembic import op

revision = "0010_fts_id_blocks"
down_revision = "0009_fts_sector_index"
branch_labels = None
depends_on = None

# The index this revision builds (frozen here: `assay.store.fts.PG_FTS_INDEX` is the
# current one, which a later revision may change), and revision 0009's, which a downgrade
# restores.
_KEYS = "fts, string_to_array(sectors, ' ')"
BLOCK_INDEX = f"CREATE INDEX ix_articles_fts ON articles USING gin ({_KEYS}, (ARRAY[id / 4096]))"
SECTOR_INDEX = f"CREATE INDEX ix_articles_fts ON articles USING gin ({_KEYS})"


def upgrade() -> None:
    _build(BLOCK_INDEX)


def downgrade() -> None:
    _build(SECTOR_INDEX)


def _build(index: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_articles_fts")
    # A GIN build sorts in memory: give it room, as the bulk loader does.
    op.execute("SET LOCAL maintenance_work_mem = '1GB'")
    op.execute(index)
