"""MinHash LSH band keys for near-duplicate clustering; a partial index on unclustered rows.

Revision ID: 0002_minhash_bands
Revises: 0001_initial
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_minhash_bands"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "minhash_bands",
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("hash", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
    )
    op.create_index("ix_minhash_bands_key", "minhash_bands", ["band", "hash"])
    op.create_index("ix_minhash_bands_article", "minhash_bands", ["article_id"])
    op.create_index(
        "ix_articles_unclustered",
        "articles",
        ["id"],
        sqlite_where=sa.text("minhash IS NULL"),
        postgresql_where=sa.text("minhash IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_articles_unclustered", table_name="articles")
    op.drop_index("ix_minhash_bands_article", table_name="minhash_bands")
    op.drop_index("ix_minhash_bands_key", table_name="minhash_bands")
    op.drop_table("minhash_bands")
