"""Shared fixtures: isolated Settings and a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from httpserver import LocalServer, start_server

from assay.settings import Settings
from assay.store import Store


@pytest.fixture(scope="session")
def http_server() -> Iterator[LocalServer]:
    """A threaded HTTP server serving tests/pages/ and test routes; `.base` is its URL."""
    server = start_server()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No ASSAY_* variables from the developer's shell and no ./assay.toml."""
    for key in list(os.environ):
        if key.startswith("ASSAY_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("ASSAY_CONFIG", str(tmp_path / "no-such-assay.toml"))


@pytest.fixture
def settings(tmp_path: Path, isolated_env: None) -> Settings:
    """Settings for tests: a fresh database, short timeouts, private addresses allowed."""
    return Settings(db=tmp_path / "assay.db", allow_private=True, fetch_timeout=2)


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One freshly migrated database; tests copy it rather than migrating again."""
    path = tmp_path_factory.mktemp("template") / "assay.db"
    Store.open_url(f"sqlite:///{path}").close()
    return path


@pytest.fixture
def store(settings: Settings, migrated_db: Path) -> Iterator[Store]:
    """An empty, migrated store in the test's own SQLite file."""
    shutil.copyfile(migrated_db, settings.db)
    with Store.open(settings) as opened:
        yield opened
