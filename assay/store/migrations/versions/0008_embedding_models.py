"""An index on embeddings (model): which models have vectors, without reading them all.

Revision ID: 0008_embedding_models
Revises: 0007_sector_lists
Create Date: 2026-12-05

Related stories and `assay search` pick the model with most stored vectors. Listing the
models grouped and counted every embeddings row (1.5 s at a million on PostgreSQL, where
each row carries its vector); with this index each model is one seek
(`assay.store.embeddings.stored_models`). Both backends.
"""

from __future__ import annotations

from alembic import op

revision = "0008_embedding_models"
down_revision = "0007_sector_lists"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_embeddings_model", "embeddings", ["model"])


def downgrade() -> None:
    op.drop_index("ix_embeddings_model", table_name="embeddings")
