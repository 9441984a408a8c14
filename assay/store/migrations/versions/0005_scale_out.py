"""Scale-out: feed leases on both backends; on PostgreSQL pgvector, tsvector full text.

Revision ID: 0005_scale_out
Revises: 0004_deliver
Create Date: 2026-12-02

Both: `feeds.lease_owner` and `feeds.lease_expires_at`, so that several workers share a
feed registry. `facts.action` widened to 32 characters (a capacity status such as
"under-construction" has 18): SQLite never enforced the 16, so only PostgreSQL's column
changes (rebuilding SQLite's table would cascade-delete the fact arguments).

PostgreSQL only (SQLite has FTS5 since 0001 and keeps vectors as blobs): the `vector`
extension, `articles.fts`, a generated tsvector (title weighted A, text B) with a GIN
index, and `embeddings.vector` as pgvector's type, with an HNSW index per (model,
dimension) of the vectors already stored.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_scale_out"
down_revision = "0004_deliver"
branch_labels = None
depends_on = None

# The text search configuration is part of the column: queries must use the same one.
# Text past 500,000 characters is not indexed: a tsvector holds at most 1 MB.
FTS_COLUMN = (
    "ALTER TABLE articles ADD COLUMN fts tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, left(text, 500000)), 'B')) STORED"
)
_BATCH = 1000


def upgrade() -> None:
    op.add_column("feeds", sa.Column("lease_owner", sa.Text(), nullable=True))
    op.add_column("feeds", sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgres()


def _upgrade_postgres() -> None:
    from assay.store.backends.postgres import PostgresBackend

    conn = op.get_bind()
    op.alter_column("facts", "action", type_=sa.String(32), existing_type=sa.String(16))
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    op.execute(FTS_COLUMN)
    op.execute("CREATE INDEX ix_articles_fts ON articles USING gin (fts)")
    op.execute("ALTER TABLE embeddings RENAME COLUMN vector TO vector_bytes")
    op.execute("ALTER TABLE embeddings ADD COLUMN vector vector")
    _convert(conn, "vector_bytes", "vector", to_vector=True)
    op.execute("ALTER TABLE embeddings DROP COLUMN vector_bytes")
    op.execute("ALTER TABLE embeddings ALTER COLUMN vector SET NOT NULL")
    pairs = conn.execute(sa.text("SELECT DISTINCT model, dim FROM embeddings")).all()
    PostgresBackend().index_vectors(conn, [(str(m), int(d)) for m, d in pairs])


def _convert(conn: sa.Connection, source: str, target: str, to_vector: bool) -> None:
    """Copy every stored vector from column `source` to `target`, float32 bytes to pgvector
    text or back."""
    from assay.store.schema import vector_bytes, vector_text

    cast = "CAST(:v AS vector)" if to_vector else ":v"
    update = sa.text(
        f"UPDATE embeddings SET {target} = {cast} WHERE article_id = :a AND model = :m"
    )
    read = sa.text(
        f"SELECT article_id, model, {source}{'' if to_vector else '::text'} FROM embeddings "
        "WHERE (article_id, model) > (:a, :m) ORDER BY article_id, model LIMIT :n"
    )
    last: tuple[int, str] = (0, "")
    while rows := conn.execute(read, {"a": last[0], "m": last[1], "n": _BATCH}).all():
        values = [
            {"a": a, "m": m, "v": vector_text(bytes(v)) if to_vector else vector_bytes(v)}
            for a, m, v in rows
        ]
        conn.execute(update, values)
        last = (int(rows[-1][0]), str(rows[-1][1]))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        conn = op.get_bind()
        names = conn.execute(
            sa.text("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ix_embeddings_hnsw_%'")
        ).scalars()
        for name in list(names):
            op.execute(f"DROP INDEX {name}")
        op.execute("ALTER TABLE embeddings RENAME COLUMN vector TO vector_pg")
        op.execute("ALTER TABLE embeddings ADD COLUMN vector bytea")
        _convert(conn, "vector_pg", "vector", to_vector=False)
        op.execute("ALTER TABLE embeddings DROP COLUMN vector_pg")
        op.execute("ALTER TABLE embeddings ALTER COLUMN vector SET NOT NULL")
        op.execute("DROP INDEX ix_articles_fts")
        op.execute("ALTER TABLE articles DROP COLUMN fts")
        op.execute("ALTER TABLE facts ALTER COLUMN action TYPE varchar(16) USING left(action, 16)")
    # Plain ALTER TABLE: SQLite (3.35+) drops a column in place, where a batch copy of the
    # table would cascade-delete the feed entries pointing at it.
    op.execute("ALTER TABLE feeds DROP COLUMN lease_expires_at")
    op.execute("ALTER TABLE feeds DROP COLUMN lease_owner")
