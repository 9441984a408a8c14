"""PostgreSQL 16 with pgvector: tsvector full text, HNSW vectors, row locks for many workers.

Revision 0003 adds what only PostgreSQL has: the `vector` extension, a generated `fts`
tsvector column on `articles` with a GIN index, and pgvector's type for
`embeddings.vector`. Each (model, dimension) of stored vectors gets its own partial HNSW
index (`vector_index_name`): pgvector indexes only columns of one fixed dimension.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, select, text
from sqlalchemy.dialects.postgresql import Insert, insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from assay.errors import StoreBusy, StoreError
from assay.store.backends import RACE_STATES, Backend, first_line, sqlstate
from assay.store.backends.pg_search import PostgresSearch
from assay.store.backends.pg_vectors import sql_literal
from assay.store.schema import PgVector, embeddings

# SQLSTATEs of a write that lost a race for locks: deadlock, serialisation, lock timeout,
# and a server with no connection slot left.
_BUSY = frozenset({"40P01", "40001", "55P03", "53300"})
_LOGIN = frozenset({"28P01", "28000"})
_MISSING_DB = re.compile(r'database "[^"]*" does not exist')
PGVECTOR_URL = "https://github.com/pgvector/pgvector"
HNSW_BUILD_MEMORY = "2GB"


def vector_index_name(model: str, dim: int) -> str:
    """The HNSW index of one model's vectors (a digest: model names can be anything)."""
    return f"ix_embeddings_hnsw_{hashlib.sha1(model.encode()).hexdigest()[:12]}_{dim}"


class PostgresBackend(Backend):
    name = "postgresql"

    def connect_args(self) -> dict[str, Any]:
        # Timestamps come back in UTC whatever the server's zone, as they do from SQLite.
        return {"options": "-c timezone=UTC"}

    def configure(self, engine: Engine) -> None:
        # Reflection (Alembic's schema comparison) then knows pgvector's type.
        names: dict[str, Any] = engine.dialect.ischema_names  # type: ignore[attr-defined]
        names.setdefault("vector", PgVector)

    def prepare(self, engine: Engine, label: str) -> None:
        with engine.connect() as conn:
            if conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'vector'")).first():
                return
            available = text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
            if conn.execute(available).first() is None:
                raise StoreError(
                    f"The PostgreSQL server of '{label}' has no pgvector extension; install "
                    f"it ({PGVECTOR_URL}), then run `assay init` again."
                )
            database = conn.execute(text("SELECT current_database()")).scalar_one()
            conn.commit()
            try:
                with conn.begin():
                    self.lock(conn, "assay:migrate")
                    conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS vector")
            except DBAPIError as exc:
                if getattr(exc.orig, "sqlstate", None) != "42501":  # insufficient_privilege
                    raise
                raise StoreError(
                    f"'{label}' needs the pgvector extension and this user may not create "
                    f"it; ask a superuser to run `CREATE EXTENSION vector;` in database "
                    f"'{database}', then run `assay init` again."
                ) from None

    def lock(self, conn: Connection, name: str) -> None:
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:n))"), {"n": name})

    def insert(self, table: Table) -> Insert:
        return insert(table)

    def search(self, conn: Connection) -> PostgresSearch:
        return PostgresSearch(conn)

    def embedding_version(self, conn: Connection, model: str) -> tuple[int, int]:
        # No rowid: the count and the largest id are the best cheap signal. Search does not
        # need it here (pgvector answers k-NN itself); `assay embed` and caches may.
        query = select(func.count(), func.coalesce(func.max(embeddings.c.article_id), 0))
        row = conn.execute(query.where(embeddings.c.model == model)).one()
        return int(row[0]), int(row[1])

    def index_vectors(self, conn: Connection, pairs: Sequence[tuple[str, int]]) -> None:
        exists = text("SELECT 1 FROM pg_indexes WHERE indexname = :n")
        for model, dim in pairs:
            name = vector_index_name(model, dim)
            if conn.execute(exists, {"n": name}).first() is not None:
                continue
            self.lock(conn, "assay:vector-index")  # two workers must not create it at once
            if conn.execute(exists, {"n": name}).first() is not None:
                continue
            # The graph is built in memory: a million 256-d vectors need about 1.5 GB, and
            # a build that outgrows maintenance_work_mem slows down many times over.
            conn.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{HNSW_BUILD_MEMORY}'")
            conn.exec_driver_sql(
                f"CREATE INDEX {name} ON embeddings USING hnsw "
                f"((vector::vector({int(dim)})) vector_cosine_ops) "
                f"WHERE model = {sql_literal(model)} AND dim = {int(dim)}"
            )

    def after_copy(self, conn: Connection, table: Table) -> None:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or pk[0].name != "id":
            return
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
            )
        )

    def retryable(self, exc: BaseException) -> bool:
        # Writers run at once here: a unique violation is a look-up another writer overtook.
        return sqlstate(exc) in RACE_STATES

    def error(self, exc: DBAPIError, location: str) -> StoreError | None:
        state = sqlstate(exc)
        reason = first_line(exc)
        if state is None:  # errors while connecting carry no SQLSTATE: read the message
            if _MISSING_DB.search(reason):
                state = "3D000"
            elif "authentication failed" in reason:
                state = "28P01"
        if state in _BUSY:
            return StoreBusy(
                f"'{location}' is busy: other workers held what this write needed ({reason}); "
                "try again."
            )
        if state in _LOGIN:
            return StoreError(
                f"Cannot log in to '{location}' ({reason}); check the user and password."
            )
        if state == "3D000":  # invalid_catalog_name
            name = make_url_database(location)
            return StoreError(
                f"Database '{name}' does not exist on '{location}'; create it "
                f"(createdb {name}), then run `assay init`."
            )
        if state is None and isinstance(exc, OperationalError):
            return StoreError(
                f"Cannot connect to '{location}' ({reason}); check the URL and that the "
                "server is running."
            )
        return None

    def size(self, conn: Connection, path: Path | None) -> int | None:
        return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())


def make_url_database(location: str) -> str:
    """The database name in a (redacted) URL."""
    try:
        return make_url(location).database or "postgres"
    except ArgumentError:
        return location
