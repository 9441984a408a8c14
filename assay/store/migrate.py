"""Programmatic Alembic: no alembic.ini on disk, migrations shipped inside the package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, inspect

from assay.errors import StoreError

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config pointing at assay's migrations, bound to `connection` if given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "migrations/versions holds no revision"
    return head


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, label: str) -> str:
    """Bring the database to the newest revision (a no-op when it is there); returns it."""
    head = head_revision()
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
            # once serialise here, and the second finds the schema already at head.
            with conn.begin():
                command.upgrade(alembic_config(conn), "head")
        except CommandError as exc:
            if current is not None and "Can't locate revision" in str(exc):
                raise StoreError(
                    f"'{label}' has schema revision {current}, newer than this assay "
                    "knows; upgrade assay."
                ) from None
            raise StoreError(f"Cannot migrate '{label}': {exc}") from None
    return head
