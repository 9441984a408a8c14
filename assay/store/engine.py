"""The SQLAlchemy engine: SQLite pragmas and real transactions, or PostgreSQL via psycopg."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from assay.errors import StoreError
from assay.store.backends import backend_named


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL; None for in-memory or non-SQLite URLs."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def normalize_url(url: str) -> URL:
    """The URL with assay's driver: `postgresql://` and `postgres://` mean psycopg 3.

    A string without `://` is a SQLite file path.
    """
    if "://" not in url:
        return make_url(f"sqlite:///{url}")
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"'{url}' is not a database URL; use sqlite:///path.db or "
            "postgresql://user@host/dbname."
        ) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _dumps(value: Any) -> str:
    # Fact fields may carry dates or decimals from extractors; store their text, not a crash.
    return json.dumps(value, ensure_ascii=False, default=str)


def create_store_engine(url: str) -> Engine:
    """An engine for `url`; for SQLite: WAL, foreign keys, busy timeout, synchronous=NORMAL;
    for PostgreSQL: psycopg, sessions in UTC, connections checked before use."""
    parsed = normalize_url(url)
    path = sqlite_path(parsed.render_as_string(hide_password=False))
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the folder for '{path}' ({exc.strerror}); choose another --db."
            ) from None
    backend = backend_named(parsed.get_backend_name())
    options: dict[str, Any] = {}
    if backend.name == "postgresql":
        options["pool_pre_ping"] = True  # long-running workers outlive server restarts
    try:
        engine = create_engine(
            parsed, json_serializer=_dumps, connect_args=backend.connect_args(), **options
        )
    except (ModuleNotFoundError, NoSuchModuleError):
        raise StoreError(
            f"A {backend.name} store needs its driver; install it with "
            "pip install 'assay[postgres]'."
        ) from None
    backend.configure(engine)
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
