"""`StoreCore`: the engine, connections and transactions every part of `Store` uses.

`Store` (db.py) is assembled from mixins, one per concern (article writes, the feed
registry, reads, insights, vectors and stories), each a subclass of this class.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Self, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from assay.errors import StoreError
from assay.store.backends import Backend, backend_of, first_line
from assay.store.engine import sqlite_path

T = TypeVar("T")
# A write that lost a deadlock or serialisation race (PostgreSQL) runs again, up to this
# many times in all: on a loaded machine the same writers can collide a few times running.
WRITE_ATTEMPTS = 10
# The random back-off between attempts doubles each time, up to this many seconds.
MAX_BACKOFF = 2.0


class StoreCore:
    """One database: its engine, where it is (for messages), and its dialect's backend."""

    def __init__(self, engine: Engine, location: str) -> None:
        self.engine = engine
        self.location = location
        self.backend = backend_of(engine)
        self.path: Path | None = sqlite_path(engine.url.render_as_string(hide_password=False))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads; database errors become StoreError."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except DBAPIError as exc:
            raise store_error(exc, self.location, self.backend) from None

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction (SQLite: BEGIN IMMEDIATE), committed on success, else rolled back."""
        try:
            with self.engine.connect() as conn:
                conn.execution_options(assay_write=True)
                with conn.begin():
                    yield conn
        except DBAPIError as exc:
            raise store_error(exc, self.location, self.backend) from None

    def write(self, work: Callable[[Connection], T]) -> T:
        """Run `work(conn)` in a write transaction; again, from the start, if it lost a race
        to another writer (PostgreSQL: a deadlock, or a key taken since a look-up)."""
        for attempt in range(WRITE_ATTEMPTS):
            try:
                with self.engine.connect() as conn:
                    conn.execution_options(assay_write=True)
                    with conn.begin():
                        return work(conn)
            except DBAPIError as exc:
                if not self.backend.retryable(exc) or attempt + 1 == WRITE_ATTEMPTS:
                    raise store_error(exc, self.location, self.backend) from None
            # Back off a little, at random, so the writers that collided do not again.
            time.sleep(min(MAX_BACKOFF, random.uniform(0.01, 0.05) * 2**attempt))
        raise AssertionError("unreachable")


def store_location(url: str) -> str:
    """Where a store lives, as messages show it: a SQLite file's path, else the redacted URL."""
    path = sqlite_path(url)
    return str(path) if path is not None else redact_url(url)


def redact_url(url: str) -> str:
    """The URL as messages show it: no password, no driver name."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql")
    return parsed.render_as_string(hide_password=True)


def store_error(exc: DBAPIError, location: str, backend: Backend) -> StoreError:
    """A one-line StoreError for a driver error, naming the database and the fix."""
    known = backend.error(exc, location)
    if known is not None:
        return known
    return StoreError(f"Database error on '{location}': {first_line(exc)}.")
