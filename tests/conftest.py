"""Shared fixtures: isolated Settings, a real HTTP server on 127.0.0.1, and store-level
tests run once per backend.

A test module opts into both backends with `pytestmark = pytest.mark.usefixtures("backend")`;
its tests then run on SQLite and on PostgreSQL (`test_x[sqlite]`, `test_x[postgresql]`),
and `settings` points at a fresh migrated database of that backend. `--no-postgres` (or
ASSAY_TEST_NO_POSTGRES=1) keeps them to SQLite; nothing else skips PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from databases import PgDatabases, PgServer, SqliteDatabases
from httpserver import LocalServer, start_server

from assay.settings import Settings
from assay.store import Store

BACKENDS = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--no-postgres",
        action="store_true",
        help="Run store-level tests on SQLite only (or set ASSAY_TEST_NO_POSTGRES=1).",
    )


def postgres_wanted(config: pytest.Config) -> bool:
    return not (
        config.getoption("--no-postgres") or os.environ.get("ASSAY_TEST_NO_POSTGRES") == "1"
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: a store test of something only SQLite has (pragmas, files)"
    )
    config.addinivalue_line("markers", "postgres_only: a test of PostgreSQL alone")
    config.addinivalue_line("markers", "postgresql: runs against PostgreSQL (set by conftest)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    names = list(BACKENDS)
    # Only tests that open a store run twice; the rest of a module runs once.
    uses_store = {"settings", "store", "databases", "place"} & set(metafunc.fixturenames)
    if (
        not uses_store
        or metafunc.definition.get_closest_marker("sqlite_only")
        or not postgres_wanted(metafunc.config)
    ):
        names.remove("postgresql")
    if metafunc.definition.get_closest_marker("postgres_only"):
        names.remove("sqlite")
    metafunc.parametrize("backend", names, indirect=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_pg = callspec is not None and callspec.params.get("backend") == "postgresql"
        if on_pg or "pg_databases" in getattr(item, "fixturenames", ()):
            item.add_marker("postgresql")


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if not postgres_wanted(config):
        terminalreporter.write_line("PostgreSQL: not run (--no-postgres / ASSAY_TEST_NO_POSTGRES).")
        return
    ran = sum(
        1
        for kind in ("passed", "failed")
        for rep in terminalreporter.stats.get(kind, [])
        if rep.when == "call" and "postgresql" in rep.keywords
    )
    where = "ASSAY_TEST_DATABASE_URL" if os.environ.get("ASSAY_TEST_DATABASE_URL") else "pgserver"
    terminalreporter.write_line(f"PostgreSQL: {ran} test(s) ran against {where}.")


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    """The store backend a store-level test runs on: "sqlite" or "postgresql"."""
    return str(request.param)


@pytest.fixture(scope="session")
def pg_databases(request: pytest.FixtureRequest) -> Iterator[PgDatabases]:
    """The PostgreSQL server: $ASSAY_TEST_DATABASE_URL, else pgserver started once."""
    if not postgres_wanted(request.config):
        pytest.skip("PostgreSQL tests are off (--no-postgres / ASSAY_TEST_NO_POSTGRES=1)")
    external = os.environ.get("ASSAY_TEST_DATABASE_URL")
    if external:
        databases = PgDatabases(external, "ASSAY_TEST_DATABASE_URL")
        yield databases
        databases.drop_all()
        return
    server = PgServer()
    databases = PgDatabases(server.uri, "pgserver")
    try:
        yield databases
    finally:
        databases.drop_all()
        server.stop()


@pytest.fixture(scope="session")
def databases(
    backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> SqliteDatabases | PgDatabases:
    """Templates and fresh copies of stores on this test's backend."""
    if backend == "postgresql":
        pg: PgDatabases = request.getfixturevalue("pg_databases")
        return pg
    return SqliteDatabases(tmp_path_factory.mktemp("templates"))


def settings_for(tmp_path: Path, url: str | None = None) -> Settings:
    """Test settings: a database (SQLite at tmp_path/assay.db unless `url`), short
    timeouts, private addresses allowed."""
    return Settings(db=tmp_path / "assay.db", database_url=url, allow_private=True, fetch_timeout=2)


@pytest.fixture
def place(databases: SqliteDatabases | PgDatabases, tmp_path: Path) -> Iterator[Any]:
    """`place(template_url)`: Settings for a fresh copy of a template store (dropped after)."""
    made: list[str] = []

    def copy(template: str) -> Settings:
        url = databases.copy(template, tmp_path / "assay.db")
        made.append(url)
        return settings_for(tmp_path, url if databases.name == "postgresql" else None)

    yield copy
    for url in made:
        databases.drop(url)


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
def settings(tmp_path: Path, isolated_env: None, request: pytest.FixtureRequest) -> Settings:
    """Settings for tests: a fresh database, short timeouts, private addresses allowed.

    On SQLite the file does not exist yet; on PostgreSQL it is a migrated, empty database.
    """
    if "backend" in request.fixturenames and request.getfixturevalue("backend") == "postgresql":
        databases: PgDatabases = request.getfixturevalue("databases")
        place = request.getfixturevalue("place")
        return place(databases.migrated())  # type: ignore[no-any-return]
    return settings_for(tmp_path)


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One freshly migrated database; tests copy it rather than migrating again."""
    path = tmp_path_factory.mktemp("template") / "assay.db"
    Store.open_url(f"sqlite:///{path}").close()
    return path


@pytest.fixture
def store(settings: Settings, migrated_db: Path) -> Iterator[Store]:
    """An empty, migrated store in the test's own database (SQLite file or PostgreSQL)."""
    if settings.database_url is None:
        shutil.copyfile(migrated_db, settings.db)
    with Store.open(settings) as opened:
        yield opened


# ------------------------------------------------------------------ the real spaCy model


@pytest.fixture(scope="session")
def link() -> Any:
    """`link(text)` -> {key: Entity} through the real model and KB; every mention's
    offsets are checked against the text."""
    from assay.enrich.entities import EntityLinker
    from assay.enrich.nlp import load_nlp

    nlp = load_nlp()
    default = EntityLinker(nlp)

    def run(text: str, linker: EntityLinker = default) -> dict[str, Any]:
        entities = linker.link(nlp(text))
        for ent in entities:
            for m in ent.mentions:
                assert text[m.start : m.end] == m.text, (ent.key, m)
        return {e.key: e for e in entities}

    return run


@pytest.fixture(scope="session")
def extract() -> Any:
    """`extract(text)` -> the facts the real model, linker and extractor find."""
    from assay.enrich.entities import EntityLinker
    from assay.enrich.facts import FactExtractor
    from assay.enrich.nlp import load_nlp

    nlp = load_nlp()
    linker = EntityLinker(nlp)
    extractor = FactExtractor()

    def run(text: str) -> list[Any]:
        doc = nlp(text)
        return extractor.extract(doc, linker.link(doc))

    return run
