"""Bulk loading: many finished rows at once, for backfills and `benchmarks/scale.py`.

`Store.save_articles` does work per row: upserts, entity look-ups, and the full-text and
secondary indexes updated as each row lands. A bulk load of rows that are new (ids given,
nothing to merge) skips all of that: the secondary indexes and the full-text index are
set aside first and built once at the end, and rows go in with one executemany per batch
(SQLite, synchronous off) or COPY (PostgreSQL).

Run it on a store nobody else writes to meanwhile (readers find no full-text matches for
the new rows until it ends). If the process dies midway, the indexes are missing until
the next `bulk_load` on that store ends, which restores them:

    with bulk_load(store) as load:
        load.rows(articles, rows)          # dicts as for insert(articles), ids included
                                           # (and `sectors`, else filled from the tags)
        load.rows(article_sectors, tags)
        load.vectors(model, ids, matrix)   # float32, one row per id
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Connection, Index, Table

from assay.store.backends import backend_of
from assay.store.fts import PG_FTS_INDEX, SQLITE_DDL
from assay.store.schema import article_sectors, articles, embeddings, vector_text
from assay.store.sector_lists import PG_SECTORS_INDEX, fill_sector_lists

if TYPE_CHECKING:
    import numpy as np

    from assay.store.db import Store

# Indexes only queries need: dropped for the load, created once after it. Not the one
# SQLite's search names (a reader would fail without it); ids arrive in order, so
# keeping it costs appends.
KEPT = frozenset({"ix_articles_filters"})
DEFERRED: tuple[Index, ...] = tuple(
    index
    for table in (articles, article_sectors)
    for index in sorted(table.indexes, key=str)
    if index.name not in KEPT
)
SQLITE_FTS_TRIGGER = SQLITE_DDL[1]  # articles_fts_insert


class BulkLoad:
    """Rows written through one connection; see the module docstring."""

    def __init__(self, store: Store, conn: Connection) -> None:
        self.store = store
        self.conn = conn
        self.postgres = conn.dialect.name == "postgresql"
        self.tables: set[Table] = set()

    def rows(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        """Insert `rows` (new ones: a key already stored is an error) and commit them."""
        if not rows:
            return
        self.tables.add(table)
        if self.postgres:
            self._copy(table, rows)
            # COPY ran on the driver's connection, where SQLAlchemy sees no transaction.
            _raw(self.conn).commit()
        else:
            self.conn.execute(table.insert(), list(rows))
            self.conn.commit()

    def vectors(self, model: str, ids: Sequence[int], matrix: np.ndarray) -> None:
        """Insert one float32 vector per article id for `model` (none stored before)."""
        import numpy as np

        values = np.asarray(matrix, dtype="<f4")
        dim = int(values.shape[1])
        self.rows(
            embeddings,
            [
                {"article_id": int(i), "model": model, "dim": dim, "vector": values[n].tobytes()}
                for n, i in enumerate(ids)
            ],
        )

    def _copy(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        columns = [c for c in table.columns if c.name in rows[0]]
        names = ", ".join(f'"{c.name}"' for c in columns)
        as_json = {c.name for c in columns if isinstance(c.type, JSON)}
        as_vector = {"vector"} if table is embeddings else set()
        with (
            _raw(self.conn).cursor() as cur,
            cur.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(
                    [
                        json.dumps(row[c.name], ensure_ascii=False, default=str)
                        if c.name in as_json
                        else vector_text(row[c.name])
                        if c.name in as_vector
                        else row[c.name]
                        for c in columns
                    ]
                )


@contextmanager
def bulk_load(store: Store) -> Iterator[BulkLoad]:
    """Set the indexes aside, yield a `BulkLoad`, then build them (also after an error)."""
    with store.engine.connect() as conn:
        postgres = conn.dialect.name == "postgresql"
        if postgres:
            conn.exec_driver_sql("SET synchronous_commit = off")
            conn.exec_driver_sql("DROP INDEX IF EXISTS ix_articles_fts")
            conn.exec_driver_sql("DROP INDEX IF EXISTS ix_articles_sectors")
        else:
            # Outside a transaction (SQLite refuses it inside one). Rows are committed batch
            # by batch; a crash loses at most the last batches, never the file (WAL).
            _raw(conn).execute("PRAGMA synchronous = OFF")
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS articles_fts_insert")
        for index in DEFERRED:
            index.drop(conn, checkfirst=True)
        conn.commit()
        load = BulkLoad(store, conn)
        try:
            yield load
        finally:
            conn.rollback()
            _rebuild(conn, load.tables, postgres)


def _rebuild(conn: Connection, tables: set[Table], postgres: bool) -> None:
    if article_sectors in tables:
        # Rows given without their `sectors` list get it from the tags loaded (a no-op
        # for rows that came with it: the benchmark's).
        fill_sector_lists(conn)
    for index in DEFERRED:
        index.create(conn, checkfirst=True)
    if postgres:
        conn.exec_driver_sql(PG_SECTORS_INDEX)
        # A GIN build sorts in memory: give it room, as the HNSW build gets.
        conn.exec_driver_sql("SET maintenance_work_mem = '1GB'")
        conn.exec_driver_sql(PG_FTS_INDEX)
        conn.exec_driver_sql("RESET maintenance_work_mem")
        for table in tables:
            conn.exec_driver_sql(f"ANALYZE {table.name}")
    else:
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'articles_fts_insert'"
        ).first()
        if exists is None:
            conn.exec_driver_sql(SQLITE_FTS_TRIGGER)
            # One pass over every row beats an FTS insert per row (fewer segment merges).
            conn.exec_driver_sql("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    backend = backend_of(conn)
    for table in tables:
        backend.after_copy(conn, table)
    conn.commit()
    if not postgres:
        _raw(conn).execute("PRAGMA synchronous = NORMAL")


def _raw(conn: Connection) -> Any:
    """The driver's own connection (psycopg's COPY, SQLite pragmas outside transactions)."""
    return conn.connection.dbapi_connection
