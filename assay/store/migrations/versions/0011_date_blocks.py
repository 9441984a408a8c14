"""SQLite: the newest publication date of each block of article ids.

Revision ID: 0011_date_blocks
Revises: 0010_fts_id_blocks
Create Date: 2026-12-05

A `since:` filter bounds SQLite's full-text walk at the first block of ids that holds an
article published since then (`assay.store.date_blocks`). The table is filled from the
stored articles (about a second at a million) and kept by triggers. PostgreSQL is
unchanged.
"""

from __future__ import annotations

from alembic import op

revision = "0011_date_blocks"
down_revision = "0010_fts_id_blocks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from assay.store.date_blocks import create_date_blocks

    create_date_blocks(op.get_bind())


def downgrade() -> None:
    from assay.store.date_blocks import drop_date_blocks

    drop_date_blocks(op.get_bind())
