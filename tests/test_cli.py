"""The command line end to end: real files, a real SQLite file, exit codes and messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assay.cli import app

STORY = (
    "Australia's Export Finance agency agreed on Tuesday to lend Iluka Resources A$1.25 billion "
    "to build a rare-earths refinery at Eneabba in Western Australia, the company said. "
    "The refinery will produce dysprosium and terbium oxides for magnet makers in Japan and "
    "South Korea, reducing their dependence on China, which refines about 90% of the world's "
    "rare earths."
)


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("ASSAY_CONFIG", str(tmp_path / "absent.toml"))
    for var in ("ASSAY_DB", "ASSAY_API_KEY", "ASSAY_ALLOW_PRIVATE"):
        monkeypatch.delenv(var, raising=False)
    return CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "assay.db")


def write_story(tmp_path: Path, name: str = "story.txt", text: str = STORY) -> Path:
    path = tmp_path / name
    path.write_text(f"Iluka wins A$1.25bn loan for Eneabba refinery\n\n{text}\n", encoding="utf-8")
    return path


def test_init_creates_the_database(runner: CliRunner, db: str) -> None:
    result = runner.invoke(app, ["--db", db, "init"])
    assert result.exit_code == 0, result.output
    assert Path(db).is_file()
    assert f"Database ready at {db}" in result.stderr


def test_ingest_twice_reports_new_then_unchanged(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    path = write_story(tmp_path)
    first = runner.invoke(app, ["--db", db, "ingest", "--no-enrich", str(path)])
    assert first.exit_code == 0, first.output
    assert "1 new, 0 updated, 0 unchanged, 0 failed" in first.stdout
    second = runner.invoke(
        app, ["--db", db, "ingest", "--no-enrich", "--format", "json", str(path)]
    )
    assert second.exit_code == 0
    assert json.loads(second.stdout)["unchanged"] == 1


def test_ingest_missing_file_is_one_line_and_exit_3_nothing_done(
    runner: CliRunner, db: str
) -> None:
    result = runner.invoke(app, ["--db", db, "ingest", "--no-enrich", "/nonexistent/news.html"])
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        "Failed /nonexistent/news.html (read): No such file: '/nonexistent/news.html'"
    )
    assert "Traceback" not in result.output


def test_ingest_binary_file_fails_without_losing_stored_articles(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    good = write_story(tmp_path)
    runner.invoke(app, ["--db", db, "ingest", "--no-enrich", str(good)])
    binary = tmp_path / "photo.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    result = runner.invoke(app, ["--db", db, "ingest", "--no-enrich", str(binary)])
    assert result.exit_code == 3  # nothing done: the only input failed
    assert "is binary" in result.stderr
    listed = runner.invoke(app, ["--db", db, "articles", "list", "--format", "json"])
    assert [a["title"] for a in json.loads(listed.stdout)] == [
        "Iluka wins A$1.25bn loan for Eneabba refinery"
    ]


def test_unknown_option_is_a_usage_error(runner: CliRunner, db: str) -> None:
    result = runner.invoke(app, ["--db", db, "ingest", "--frobnicate", "x"])
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_bad_sector_is_a_usage_error_naming_the_choices(runner: CliRunner, db: str) -> None:
    result = runner.invoke(app, ["--db", db, "articles", "list", "--sector", "crypto"])
    assert result.exit_code == 2
    assert "Unknown sector 'crypto'. Choose one of: oil-gas," in result.stderr


def test_not_a_database_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 100)
    result = runner.invoke(app, ["--db", str(bogus), "stats"])
    assert result.exit_code == 1
    assert "is not an assay database" in result.stderr
    assert bogus.read_text().startswith("these are my notes")


def test_search_finds_the_story_with_a_snippet(runner: CliRunner, db: str, tmp_path: Path) -> None:
    runner.invoke(app, ["--db", db, "ingest", "--no-enrich", str(write_story(tmp_path))])
    result = runner.invoke(app, ["--db", db, "search", "refinery dysprosium", "--format", "json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) == 1
    assert "dysprosium" in hits[0]["snippet"].lower()
    none = runner.invoke(app, ["--db", db, "search", "zirconium", "--format", "json"])
    assert json.loads(none.stdout) == []


def test_hostile_search_query_does_not_crash(runner: CliRunner, db: str, tmp_path: Path) -> None:
    runner.invoke(app, ["--db", db, "ingest", "--no-enrich", str(write_story(tmp_path))])
    for query in ['"unbalanced', "refinery)"]:  # stray syntax is ignored, the words searched
        result = runner.invoke(app, ["--db", db, "search", query, "--format", "json"])
        assert result.exit_code == 0, (query, result.output)
        assert isinstance(json.loads(result.stdout), list)
    for query in ["AND OR NOT", "*"]:  # nothing to look for: one line, a usage error
        result = runner.invoke(app, ["--db", db, "search", query, "--format", "json"])
        assert result.exit_code == 2
        assert result.stderr.strip() == (
            f"Error: Search query {query!r} has no words to look for; type at least one word "
            "that is not excluded with '-'."
        )


def test_config_shows_origin_and_masks_secrets(
    runner: CliRunner, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSAY_API_KEY", "s3cret-value")
    monkeypatch.setenv("ASSAY_FETCH_TIMEOUT", "7")
    result = runner.invoke(app, ["--db", db, "config", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert rows["api_key"]["value"] == "********"
    assert rows["fetch_timeout"] == {
        "name": "fetch_timeout",
        "value": 7.0,
        "origin": "env",
        "help": "Seconds one fetch may take in all, redirects and a slow body included.",
    }
    assert rows["db"]["origin"] == "flag"
    assert "s3cret-value" not in result.output


def test_bad_setting_value_names_key_and_expectation(
    runner: CliRunner, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSAY_FETCH_TIMEOUT", "ten")
    result = runner.invoke(app, ["--db", db, "stats"])
    assert result.exit_code == 1
    assert "ASSAY_FETCH_TIMEOUT is 'ten'" in result.stderr
