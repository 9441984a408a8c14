"""Reading commands start without the heavy libraries: no spaCy, torch, lingua, scikit-learn.

Each command runs in a fresh interpreter (the way a user, a web worker or a mailer starts)
against a small real SQLite store; `benchmarks/startup.py` times the same runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.startup import COMMANDS, HEAVY, build_store, clean_env, run_command


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cold") / "assay.db"
    build_store(path)
    return path


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_reading_command_imports_no_heavy_library(
    small_db: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    result = run_command(small_db, args, clean_env(tmp_path))
    assert result["returncode"] == 0, result["stderr"]
    assert result["heavy"] == [], f"assay {' '.join(args)} imported {result['heavy']}"


def test_search_command_finds_the_stored_article(small_db: Path, tmp_path: Path) -> None:
    result = run_command(small_db, ("search", "nickel", "--no-vector"), clean_env(tmp_path))
    assert result["returncode"] == 0, result["stderr"]
    assert "Nickel rises" in result["stdout"]


def test_heavy_list_names_the_libraries_the_enrichers_load() -> None:
    assert {"spacy", "torch", "lingua", "sklearn", "scipy"} <= set(HEAVY)


def test_store_fast_path_knows_the_newest_migration() -> None:
    # Opening a store skips Alembic when the database is at HEAD; a new revision must move it.
    from assay.store.migrate import HEAD, head_revision

    assert head_revision() == HEAD
