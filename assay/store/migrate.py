"""Programmatic Alembic: no alembic.ini on disk, migrations shipped inside the package.

Alembic is imported only when a database needs migrating: opening a store that is at
`HEAD` costs one query, which keeps read-only commands quick to start.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from assay.errors import StoreError
from assay.store.backends import backend_of

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest revision in migrations/versions (tests check it against Alembic's own view).
HEAD = "0012_fts_inline"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config pointing at assay's migrations, bound to `connection` if given."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "migrations/versions holds no revision"
    return head


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, label: str) -> str:
    """Bring the database to the newest revision (a no-op when it is there); returns it."""
    with engine.connect() as conn:
        if _stored_revision(conn) == HEAD:
            return HEAD
    from alembic import command
    from alembic.util import CommandError

    head = head_revision()
    backend = backend_of(engine)
    backend.prepare(engine, label)
    with engine.connect() as conn:
        current = current_revision(conn)
        if current == head:
            return head
        if current is None and set(inspect(conn).get_table_names()) - {"alembic_version"}:
            raise StoreError(
                f"'{label}' is not an assay database (it has tables but no assay schema "
                "version); choose another --db."
            )
        conn.commit()
        conn = conn.execution_options(assay_write=True)
        try:
            # Our own write transaction around Alembic's: two processes running `init` at
            # once serialise here (SQLite: the write lock; PostgreSQL: an advisory lock),
            # and the second finds the schema already at head.
            with conn.begin():
                backend.lock(conn, "assay:migrate")
                command.upgrade(alembic_config(conn), "head")
        except CommandError as exc:
            if current is not None and "Can't locate revision" in str(exc):
                raise StoreError(
                    f"'{label}' has schema revision {current}, newer than this assay "
                    "knows; upgrade assay."
                ) from None
            raise StoreError(f"Cannot migrate '{label}': {exc}") from None
    return head


def _stored_revision(conn: Connection) -> str | None:
    """The revision recorded in `alembic_version`, read without Alembic (None if absent)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return str(rows[0]) if len(rows) == 1 else None
