"""Where SQLite and PostgreSQL differ, behind one interface chosen from the connection.

Most of the store is SQLAlchemy Core that both dialects run unchanged. What they do not
share (engine set-up, extensions, full-text search, vectors, locks, error codes, size on
disk) is a method of `Backend`, implemented in `sqlite.py` and `postgres.py`. Callers ask
`backend_of(conn)`; nothing above the store knows which one runs.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Table
from sqlalchemy.exc import DBAPIError

from assay.errors import StoreError

if TYPE_CHECKING:
    from sqlalchemy.dialects.postgresql import Insert as PgInsert
    from sqlalchemy.dialects.sqlite import Insert as SqliteInsert

    from assay.store.search_sql import SearchSession

# SQLSTATEs after which the whole transaction may simply run again: a deadlock, a
# serialisation failure, and (where writers run at once) a unique key that another writer
# took between a look-up and a write; run again, the look-up finds its row.
RETRYABLE_STATES = frozenset({"40P01", "40001"})
RACE_STATES = RETRYABLE_STATES | {"23505"}


class Backend:
    """One dialect's answers to what the shared store code cannot say in portable SQL."""

    name = ""

    def connect_args(self) -> dict[str, Any]:
        """Driver keyword arguments for `create_engine`."""
        return {}

    def configure(self, engine: Engine) -> None:
        """Hook per-connection settings onto a new engine."""

    def prepare(self, engine: Engine, label: str) -> None:
        """Make the database ready for migrations (PostgreSQL: the pgvector extension)."""

    def lock(self, conn: Connection, name: str) -> None:
        """Hold a named lock until the transaction ends (writers that must not interleave)."""

    def insert(self, table: Table) -> SqliteInsert | PgInsert:
        """An INSERT that can take ON CONFLICT clauses (both dialects spell them alike)."""
        raise NotImplementedError

    def search(self, conn: Connection) -> SearchSession:
        """A read session implementing `assay.search.backend.RelatedBackend`."""
        raise NotImplementedError

    def embedding_version(self, conn: Connection, model: str) -> tuple[int, int]:
        """A cheap value that changes whenever `model`'s stored vectors change."""
        raise NotImplementedError

    def index_vectors(self, conn: Connection, pairs: Sequence[tuple[str, int]]) -> None:
        """Make sure each (model, dim) of stored vectors has its k-NN index, if the database
        keeps one (PostgreSQL: HNSW)."""

    def after_copy(self, conn: Connection, table: Table) -> None:
        """After rows were inserted with explicit ids: move the id sequence past them."""

    def error(self, exc: DBAPIError, location: str) -> StoreError | None:
        """A one-line StoreError for a driver error this dialect recognises, else None."""
        return None

    def retryable(self, exc: BaseException) -> bool:
        """True if running the failed transaction again can succeed (a lost race)."""
        return retryable(exc)

    def size(self, conn: Connection, path: Path | None) -> int | None:
        """Bytes the database takes on disk."""
        return None


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a driver error wrapped by SQLAlchemy (None for SQLite)."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None)


def retryable(exc: BaseException) -> bool:
    """True for a deadlock or serialisation failure: running the transaction again works."""
    return sqlstate(exc) in RETRYABLE_STATES


@functools.cache
def backend_named(name: str) -> Backend:
    """The backend of a SQLAlchemy dialect name ("sqlite", "postgresql")."""
    if name == "sqlite":
        from assay.store.backends.sqlite import SqliteBackend

        return SqliteBackend()
    if name == "postgresql":
        from assay.store.backends.postgres import PostgresBackend

        return PostgresBackend()
    raise StoreError(
        f"assay stores live in SQLite or PostgreSQL, not {name}; use a sqlite:/// or "
        "postgresql:// URL."
    )


def backend_of(conn: Connection | Engine) -> Backend:
    """The backend of a connection or engine."""
    return backend_named(conn.dialect.name)


def first_line(exc: DBAPIError) -> str:
    """The driver's message without PostgreSQL's DETAIL/HINT lines."""
    orig = exc.orig
    text = str(orig).strip()
    return text.splitlines()[0].strip() if text else type(orig).__name__
