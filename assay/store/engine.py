"""The SQLAlchemy engine: SQLite pragmas and real transactions, or any other URL as given."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from assay.errors import StoreError

BUSY_TIMEOUT_MS = 10_000


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL; None for in-memory or non-SQLite URLs."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _dumps(value: Any) -> str:
    # Fact fields may carry dates or decimals from extractors; store their text, not a crash.
    return json.dumps(value, ensure_ascii=False, default=str)


def create_store_engine(url: str) -> Engine:
    """An engine for `url`; for SQLite: WAL, foreign keys, busy timeout, synchronous=NORMAL."""
    path = sqlite_path(url)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the folder for '{path}' ({exc.strerror}); choose another --db."
            ) from None
    is_sqlite = make_url(url).get_backend_name() == "sqlite"
    connect_args = {"check_same_thread": False} if is_sqlite else {}
    engine = create_engine(url, json_serializer=_dumps, connect_args=connect_args)
    if is_sqlite:
        _configure_sqlite(engine)
    return engine


def quick_check(engine: Engine) -> list[str]:
    """Problems `PRAGMA quick_check` finds in a SQLite database (empty when it is sound).

    A page too damaged to read makes the pragma itself fail; that is reported as a problem.
    """
    import sqlite3

    from sqlalchemy.exc import DBAPIError

    try:
        with engine.connect() as conn:
            rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA quick_check(20)")]
    except DBAPIError as exc:
        code = getattr(exc.orig, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF == sqlite3.SQLITE_CORRUPT:
            return [str(exc.orig)]
        raise
    if rows == ["ok"]:
        return []
    # Rows may hold several lines, headed "*** in database main ***": one problem per line.
    lines = (line.strip() for row in rows for line in row.splitlines())
    return [line for line in lines if line and not line.startswith("***")]


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        # pysqlite's own transaction handling skips BEGIN before DDL and breaks SAVEPOINT;
        # take it over (the recipe in SQLAlchemy's SQLite dialect docs).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        # Writers take the lock up front: a deferred transaction that later writes fails
        # with SQLITE_BUSY at once instead of waiting out busy_timeout.
        write = conn.get_execution_options().get("assay_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
