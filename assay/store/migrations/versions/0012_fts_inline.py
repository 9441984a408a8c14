"""PostgreSQL: each article's tsvector kept in its row, not in the TOAST table.

Revision ID: 0012_fts_inline
Revises: 0011_date_blocks
Create Date: 2026-12-05

A search reads the tsvector of each match it ranks (the newest 2,000 of a common word)
and of each candidate whose positions it checks (a quoted phrase). An article's tsvector
(2.3 kB on average for the benchmark's wire stories; pglz does not shrink it) went to the
TOAST table, so each read was one more index descent and one or two more pages. With
storage MAIN, PostgreSQL keeps the tsvector in the row while the row fits in a page (the
text goes to TOAST first). Measured on 200,000 articles copied both ways: ranking 2,000
of them by id took 8 ms instead of 14-15; at a million articles, a quoted phrase with a
sector (`"says state" sector:mining-metals`, 13,000 candidates) took 83 ms instead of
113-131. The table grows in rows (1.2 to 2.9 GB) as TOAST shrinks (3.3 to 2.1 GB).

The storage applies to rows as they are written, so the table is rewritten once here (a
type change with USING forces it, and every index of the table is built again): 2 min
21 s at a million articles, and 2 min 18 s back. SQLite is unchanged.
"""

from __future__ import annotations

from alembic import op

revision = "0012_fts_inline"
down_revision = "0011_date_blocks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _store_fts("MAIN")


def downgrade() -> None:
    _store_fts("EXTENDED")


def _store_fts(storage: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE articles ALTER COLUMN fts SET STORAGE {storage}")
    # A type change with USING rewrites every row, which stores each value by its
    # column's storage again (VACUUM FULL would too, but not inside a transaction).
    op.execute("SET LOCAL maintenance_work_mem = '1GB'")
    op.execute("ALTER TABLE articles ALTER COLUMN story_index TYPE integer USING story_index + 0")
