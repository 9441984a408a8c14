"""Fresh databases for store-level tests, on SQLite files or a real PostgreSQL server.

Both kinds hand out copies of a template: a migrated empty store, or one a test module
fills. SQLite copies a file filled once; PostgreSQL empties one working database and
fills it again. The server is `pgserver`'s private PostgreSQL 16 with pgvector, started once per
session in a temporary folder, or the one `ASSAY_TEST_DATABASE_URL` names (its user needs
CREATEDB; every database made here is dropped again).
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from assay.store import Store
from assay.store.migrate import HEAD
from assay.store.schema import metadata

PREFIX = "assay_test"


class SqliteDatabases:
    """Templates and copies as SQLite files."""

    name = "sqlite"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._count = itertools.count()
        self._migrated: str | None = None

    def describe(self) -> str:
        return "SQLite"

    def migrated(self) -> str:
        """URL of a migrated, empty template."""
        if self._migrated is None:
            self._migrated = self.template(None)
        return self._migrated

    def template(self, fill: Callable[[Store], Any] | None) -> str:
        """A new template: a migrated store, filled by `fill`; its URL."""
        path = self.folder / f"template{next(self._count)}.db"
        with Store.open_url(f"sqlite:///{path}") as store:
            if fill is not None:
                fill(store)
        return f"sqlite:///{path}"

    def copy(self, template: str, path: Path) -> str:
        """A copy of `template` at `path`; its URL."""
        shutil.copyfile(make_url(template).database or "", path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        pass


class PgDatabases:
    """Stores on one PostgreSQL server.

    Creating a database costs 0.1-2 s (more on busy cores), so tests share one working
    database: before each test it is emptied (every row but the nine sectors, the id
    sequences restarted, the HNSW indexes dropped) and filled again by the template's
    `fill`, which is cheaper than copying a template database. `create` makes a separate
    database for a test that needs two.
    """

    name = "postgresql"

    def __init__(self, admin_url: str, label: str) -> None:
        self.admin = make_url(admin_url).set(drivername="postgresql+psycopg")
        self.label = label
        self._count = itertools.count()
        self._work: str | None = None
        self.made: list[str] = []

    def describe(self) -> str:
        return self.label

    def url(self, name: str) -> str:
        return self.admin.set(database=name).render_as_string(hide_password=False)

    def execute(self, sql: str, database: str | None = None) -> list[tuple[Any, ...]]:
        import psycopg

        url = self.admin.set(drivername="postgresql")
        if database is not None:
            url = url.set(database=database)
        with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as conn:
            cur = conn.execute(sql)
            return list(cur.fetchall()) if cur.description else []

    def create(self) -> str:
        """A new, empty database (dropped at the end of the session); its URL."""
        name = f"{PREFIX}_{os.getpid()}_{next(self._count)}"
        self.execute(f"CREATE DATABASE {name}")
        self.made.append(name)
        return self.url(name)

    def migrated(self) -> PgTemplate:
        return PgTemplate(None)

    def template(self, fill: Callable[[Store], Any] | None) -> PgTemplate:
        return PgTemplate(fill)

    def copy(self, template: PgTemplate, path: Path) -> str:
        """The working database, emptied and filled by `template`; its URL."""
        url = self._reset()
        if template.fill is not None:
            with Store.open_url(url) as store:
                template.fill(store)
        return url

    def _reset(self) -> str:
        if self._work is None:
            self._work = self.create()
        name = make_url(self._work).database
        # Sessions a test left open would hold locks; a schema a test left half-migrated
        # is rebuilt from scratch.
        self.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()",
            name,
        )
        if not self._at_head(name):
            self.execute(f"DROP DATABASE {name} WITH (FORCE)")
            self.made.remove(name or "")
            self._work = self.create()
            Store.open_url(self._work).close()
            return self._work
        tables = [t.name for t in reversed(metadata.sorted_tables) if t.name != "sectors"]
        self.execute(
            f"""
            DO $$ DECLARE r record; BEGIN
              FOR r IN SELECT indexname FROM pg_indexes
                       WHERE indexname LIKE 'ix_embeddings_hnsw_%' LOOP
                EXECUTE 'DROP INDEX ' || quote_ident(r.indexname);
              END LOOP;
              FOR r IN SELECT c.oid::regclass AS seq FROM pg_class c
                       JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE c.relkind = 'S' AND n.nspname = 'public' LOOP
                PERFORM setval(r.seq, 1, false);
              END LOOP;
            END $$;
            {"; ".join(f"DELETE FROM {t}" for t in tables)}
            """,
            name,
        )
        return self._work

    def _at_head(self, name: str | None) -> bool:
        from psycopg.errors import UndefinedTable

        try:
            rows = self.execute("SELECT version_num FROM alembic_version", name)
        except UndefinedTable:  # a fresh or downgraded database
            return False
        return rows == [(HEAD,)]

    def drop(self, url: str) -> None:
        name = make_url(url).database
        if url != self._work and name in self.made:
            self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            self.made.remove(name)

    def drop_all(self) -> None:
        for name in list(self.made):
            self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.made.clear()
        self._work = None


class PgTemplate:
    """A PostgreSQL template: how to fill the emptied working database."""

    def __init__(self, fill: Callable[[Store], Any] | None) -> None:
        self.fill = fill


class PgServer:
    """pgserver's PostgreSQL in a temporary folder, tuned for tests (no fsync)."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="assay-pg-"))
        with warnings.catch_warnings():
            # platformdirs warns that XDG_RUNTIME_DIR is unset (containers, CI); harmless.
            warnings.simplefilter("ignore")
            import pgserver

            self.server = pgserver.get_server(self.folder / "data", cleanup_mode="delete")
        self.uri = self.server.get_uri()
        databases = PgDatabases(self.uri, "pgserver")
        for setting in ("fsync", "synchronous_commit", "full_page_writes"):
            databases.execute(f"ALTER SYSTEM SET {setting} = off")
        databases.execute("SELECT pg_reload_conf()")

    def stop(self) -> None:
        self.server.cleanup()
        shutil.rmtree(self.folder, ignore_errors=True)
