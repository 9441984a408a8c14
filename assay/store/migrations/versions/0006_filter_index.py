"""An index on articles (id, published, language, cluster_id) for filtered full text.

Revision ID: 0006_filter_index
Revises: 0005_scale_out
Create Date: 2026-12-05

SQLite's full-text search joins each match to its article to check date and language
filters and to find its story; reading those columns from this index instead of the
row (a page of text) made filtered searches ~8x faster at 100,000 articles. Created on
both backends, so the schemas stay the same.
"""

from __future__ import annotations

from alembic import op

revision = "0006_filter_index"
down_revision = "0005_scale_out"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_articles_filters", "articles", ["id", "published", "language", "cluster_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_articles_filters", table_name="articles")
