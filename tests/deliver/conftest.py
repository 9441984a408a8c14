"""Delivery fixtures: a local SMTP server, settings pointing at it, a filled store."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from deliver_fixtures import filled_store
from mailserver import MailServer, start_mailserver

from assay.settings import Settings
from assay.store import Store

SECRET = "test-secret-key-for-links-0123456789"


@pytest.fixture
def mailserver() -> Iterator[MailServer]:
    server = start_mailserver()
    yield server
    server.stop()


def deliver_settings(tmp_path: Path, port: int, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "db": tmp_path / "assay.db",
        "allow_private": True,
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_timeout": 5.0,
        "secret_key": SECRET,
        "public_url": "http://assay.test",
        "mail_from": "assay <digest@assay.test>",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def dsettings(
    tmp_path: Path, isolated_env: None, mailserver: MailServer, migrated_db: Path
) -> Settings:
    """Settings for a fresh (copied, already migrated) database and the local mail server."""
    shutil.copyfile(migrated_db, tmp_path / "assay.db")
    return deliver_settings(tmp_path, mailserver.port)


@pytest.fixture
def dstore(dsettings: Settings) -> Iterator[Store]:
    store = filled_store(dsettings)
    yield store
    store.close()
