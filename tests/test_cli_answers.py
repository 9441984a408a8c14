"""The CLI answers analysts' questions: entity lookup, facts by entity, listings in every
format with paging, global options and exit codes. Real SQLite stores, real commands."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from cli_store import fill
from typer.testing import CliRunner

from assay import __version__
from assay.cli import app
from assay.models import Article
from assay.settings import Settings
from assay.store import Store


@pytest.fixture
def runner(isolated_env: None) -> CliRunner:
    return CliRunner()


@pytest.fixture
def db(store: Store, settings: Settings) -> str:
    """A store with three enriched articles (ids 1-3); the CLI opens it by path."""
    fill(store)
    return str(settings.db)


def run(runner: CliRunner, db: str, *args: str) -> object:
    return runner.invoke(app, ["--db", db, *args])


def as_json(result: object) -> object:
    return json.loads(result.stdout)  # type: ignore[attr-defined]


# ------------------------------------------------------------------ facts --entity


def test_facts_entity_alias_resolves_to_the_stored_key(runner: CliRunner, db: str) -> None:
    result = run(runner, db, "facts", "--entity", "commodity:oil", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [f["type"] for f in as_json(result)] == ["agreement"]
    assert result.stderr.strip() == (
        "No entity 'commodity:oil'; using commodity:crude-oil (crude oil)."
    )


def test_facts_entity_name_resolves_to_its_key(runner: CliRunner, db: str) -> None:
    result = run(runner, db, "facts", "--entity", "Japan Bank for International Cooperation")
    assert result.exit_code == 0, result.output
    assert "'Japan Bank for International Cooperation' is; using org:jbic" in result.stderr
    assert "pledged" in result.stdout


def test_facts_unknown_entity_says_did_you_mean_and_exits_2(runner: CliRunner, db: str) -> None:
    result = run(runner, db, "facts", "--entity", "country:IDNN")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: No entity 'country:IDNN'; did you mean country:IDN")
    assert result.stdout == ""


def test_facts_entity_naming_nothing_points_to_entities_command(runner: CliRunner, db: str) -> None:
    result = run(runner, db, "facts", "--entity", "widget:zzzqqq")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: No entity 'widget:zzzqqq'. Look keys up with: assay entities zzzqqq"
    )


def test_facts_entity_key_in_other_case_is_used(runner: CliRunner, db: str) -> None:
    result = run(runner, db, "facts", "--entity", "country:idn", "--format", "json")
    assert result.exit_code == 0, result.output
    assert len(as_json(result)) == 2
    assert "Using country:IDN for 'country:idn'." in result.stderr


def test_repeated_entity_options_must_all_take_part(runner: CliRunner, db: str) -> None:
    one = as_json(run(runner, db, "facts", "--entity", "country:IDN", "--format", "json"))
    assert sorted(f["type"] for f in one) == ["agreement", "investment"]  # type: ignore[union-attr]
    both = run(
        runner, db, "facts", "--entity", "country:IDN", "--entity", "org:jbic", "--format", "json"
    )
    assert both.exit_code == 0, both.output
    assert [f["type"] for f in as_json(both)] == ["investment"]
    none = run(
        runner, db, "facts", "--entity", "org:jbic", "--entity", "country:CHN", "--format", "json"
    )
    assert as_json(none) == []


def test_no_matching_facts_is_a_message_not_an_empty_table(runner: CliRunner, db: str) -> None:
    result = run(runner, db, "facts", "--entity", "commodity:gallium")  # known, never stored
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.strip() == "No facts match."


# ---------------------------------------------------------------------- entities


def test_entities_finds_by_alias_with_counts(runner: CliRunner, db: str) -> None:
    result = run(runner, db, "entities", "jbic", "--format", "json")
    assert result.exit_code == 0, result.output
    first = as_json(result)[0]  # type: ignore[index]
    assert first["key"] == "org:jbic"
    assert (first["articles"], first["facts"], first["stored"], first["known"]) == (
        1,
        1,
        True,
        True,
    )
    assert first["matched"] == "JBIC"


def test_entities_lists_known_entities_no_article_mentions(runner: CliRunner, db: str) -> None:
    result = run(runner, db, "entities", "gallium", "--type", "commodity", "--format", "json")
    assert result.exit_code == 0, result.output
    first = as_json(result)[0]  # type: ignore[index]
    assert (first["key"], first["stored"], first["known"], first["articles"]) == (
        "commodity:gallium",
        False,
        True,
        0,
    )


def test_entities_table_shows_key_type_name_and_counts(runner: CliRunner, db: str) -> None:
    result = run(runner, db, "entities", "opec")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "org:opec" in line)
    cells = [c.strip() for c in row.split("│") if c.strip()]
    assert cells[:2] == ["org:opec", "ORG"] and cells[-3:] == ["1", "0", "OPEC"]


def test_entities_without_query_lists_most_mentioned(runner: CliRunner, db: str) -> None:
    result = run(runner, db, "entities", "--type", "COUNTRY", "--format", "json")
    assert [(e["key"], e["articles"]) for e in as_json(result)] == [  # type: ignore[union-attr]
        ("country:CHN", 2),
        ("country:IDN", 2),
        ("country:USA", 1),
    ]


def test_entities_unknown_type_is_a_usage_error(runner: CliRunner, db: str) -> None:
    result = run(runner, db, "entities", "x", "--type", "planet")
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("Error: Unknown entity type 'planet'. Choose one of:")


def test_entities_show_gives_profile_facts_partners_articles(runner: CliRunner, db: str) -> None:
    result = run(runner, db, "entities", "show", "country:IDN", "--format", "json")
    assert result.exit_code == 0, result.output
    detail = as_json(result)
    assert detail["entity"]["articles"] == 2  # type: ignore[index]
    assert [a["id"] for a in detail["entity"]["recent_articles"]] == [2, 1]  # type: ignore[index]
    assert sorted(f["type"] for f in detail["facts"]) == ["agreement", "investment"]  # type: ignore[index]
    partners = {p["key"]: p["types"] for p in detail["partners"]}  # type: ignore[index]
    assert partners == {"country:CHN": {"agreement": 1}, "org:jbic": {"investment": 1}}
    table = run(runner, db, "entities", "show", "Indonesia")
    assert table.exit_code == 0, table.output
    for line in ("Indonesia  (COUNTRY, country:IDN)", "Partners", "Latest articles"):
        assert line in table.stdout


def test_entities_show_a_known_entity_no_article_mentions(runner: CliRunner, db: str) -> None:
    result = run(runner, db, "entities", "show", "commodity:gallium")
    assert result.exit_code == 0, result.output
    assert "no stored article mentions it yet" in result.stdout


def test_entities_show_unknown_key_exits_2(runner: CliRunner, db: str) -> None:
    result = run(runner, db, "entities", "show", "org:jbicc")
    assert result.exit_code == 2
    assert "did you mean org:jbic" in result.stderr


# -------------------------------------------------------------- formats and paging

LISTINGS = [
    ("articles", "list"),
    ("facts",),
    ("search", "China"),
    ("related", "2"),
    ("entities", "china"),
    ("feeds", "list"),
    ("config",),
]


@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
def test_every_listing_prints_json_jsonl_and_csv_alike(
    runner: CliRunner, db: str, command: tuple[str, ...]
) -> None:
    Store.open_url(f"sqlite:///{db}").add_feed("https://news.example/rss.xml")
    as_list = run(runner, db, *command, "--format", "json")
    assert as_list.exit_code == 0, as_list.output
    records = as_json(as_list)
    assert isinstance(records, list) and records
    lines = run(runner, db, *command, "--format", "jsonl")
    assert [json.loads(line) for line in lines.stdout.splitlines()] == records
    table = run(runner, db, *command, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert len(rows) == len(records)
    assert list(rows[0]) == list(records[0])
    first = records[0]
    for key, value in first.items():
        if isinstance(value, str):
            assert rows[0][key] == value
        elif isinstance(value, list | dict):
            assert json.loads(rows[0][key]) == value


def many_articles(n: int) -> list[Article]:
    return [
        Article(source=f"n{i}.txt", text=f"Numbered story {i} about copper prices.", title=f"S{i}")
        for i in range(n)
    ]


def test_articles_list_pages_and_lists_all_past_a_thousand(
    runner: CliRunner, store: Store, settings: Settings
) -> None:
    store.save_articles(many_articles(1005))
    db = str(settings.db)
    page = run(runner, db, "articles", "list", "--limit", "10", "--page", "3", "--format", "json")
    assert page.exit_code == 0, page.output
    assert [a["title"] for a in as_json(page)] == [f"S{i}" for i in range(984, 974, -1)]
    assert page.stderr.strip() == "Articles 21-30 of 1,005. Next: --page 4."
    offset = run(runner, db, "articles", "list", "--offset", "1000", "--format", "json")
    assert len(as_json(offset)) == 5  # type: ignore[arg-type]
    assert offset.stderr.strip() == "Articles 1,001-1,005 of 1,005."
    everything = run(runner, db, "articles", "list", "--all", "--format", "jsonl")
    assert everything.exit_code == 0
    assert len(everything.stdout.splitlines()) == 1005
    assert everything.stderr.strip() == "1,005 article(s)."
    big = run(runner, db, "articles", "list", "--limit", "2000", "--format", "csv")
    assert big.exit_code == 0, big.output
    assert len(list(csv.DictReader(io.StringIO(big.stdout)))) == 1005


def test_page_and_offset_together_is_a_usage_error(runner: CliRunner, db: str) -> None:
    result = run(runner, db, "articles", "list", "--page", "2", "--offset", "5")
    assert result.exit_code == 2
    assert "pass one of them" in result.stderr


def test_huge_page_numbers_are_usage_errors_not_tracebacks(runner: CliRunner, db: str) -> None:
    for args in (
        ("articles", "list", "--page", "99999999999999999999"),
        ("search", "China", "--page", "99999999999999999999"),
        ("facts", "--page", "99999999999999999999"),
    ):
        result = run(runner, db, *args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output


# ---------------------------------------------------------------- global options


def test_version_prints_the_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"assay {__version__}"


@pytest.mark.parametrize("args", [["--help"], ["feeds", "poll", "--help"], ["ingest", "--help"]])
def test_help_shows_flags_without_a_bool_metavar(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "<bool>" not in result.stdout
    assert "--help" in result.stdout


def test_quiet_and_verbose_together_is_a_usage_error(runner: CliRunner, db: str) -> None:
    result = runner.invoke(app, ["-q", "-v", "--db", db, "stats"])
    assert result.exit_code == 2


def test_quiet_keeps_data_and_drops_messages(runner: CliRunner, db: str) -> None:
    loud = run(runner, db, "articles", "list", "--limit", "1")
    assert "Next: --page 2." in loud.stderr
    quiet = runner.invoke(app, ["-q", "--db", db, "articles", "list", "--limit", "1"])
    assert quiet.exit_code == 0
    assert quiet.stderr == ""
    assert "US raises EV tariffs" in quiet.stdout


# -------------------------------------------------------------- missing database

READERS = [
    ("stats",),
    ("articles", "list"),
    ("articles", "show", "1"),
    ("facts",),
    ("search", "nickel"),
    ("related", "1"),
    ("entities", "opec"),
    ("entities", "show", "org:jbic"),
    ("feeds", "list"),
    ("feeds", "poll"),
    ("reenrich",),
]


@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_commands_refuse_a_database_that_does_not_exist(
    runner: CliRunner, tmp_path: Path, command: tuple[str, ...]
) -> None:
    missing = tmp_path / "typo" / "asay.db"
    result = runner.invoke(app, ["--db", str(missing), *command])
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == f"Error: No database at {missing}. Run 'assay init' first."
    assert not missing.exists() and not missing.parent.exists()


def test_init_and_feeds_add_create_the_database(runner: CliRunner, tmp_path: Path) -> None:
    created = tmp_path / "new.db"
    result = runner.invoke(app, ["--db", str(created), "feeds", "add", "https://x.example/rss"])
    assert result.exit_code == 0, result.output
    assert created.is_file()


def corrupt_a_page(path: Path, table: str = "articles") -> None:
    """Overwrite the cell pointers of `table`'s root page (a leaf in a small store): the
    file still opens, and a query that does not read that table still answers."""
    with sqlite3.connect(path) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        page = root.fetchone()[0]
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((page - 1) * size + 8)
        fh.write(b"\xa5" * 64)


def test_a_damaged_database_is_refused_with_a_clear_error(
    runner: CliRunner, store: Store, settings: Settings
) -> None:
    fill(store)
    store.close()
    corrupt_a_page(settings.db)
    result = run(runner, str(settings.db), "stats")
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert "\n" not in message
    assert message.startswith(f"Error: '{settings.db}' is damaged (On tree page ")
    assert message.endswith(f"sqlite3 '{settings.db}' .recover | sqlite3 recovered.db")
    assert "Traceback" not in result.output
    unchecked = runner.invoke(
        app, ["--db", str(settings.db), "stats"], env={"ASSAY_QUICK_CHECK": "never"}
    )
    assert unchecked.exit_code == 0  # what the check is for: this read does not meet the damage
    reading = runner.invoke(
        app, ["--db", str(settings.db), "articles", "list"], env={"ASSAY_QUICK_CHECK": "never"}
    )
    assert reading.exit_code == 1  # a read that meets it names the damage too
    assert reading.stderr.startswith(f"Error: '{settings.db}' is damaged (database disk image")


def test_search_or_between_groups_and_sort_by_date_from_the_cli(runner: CliRunner, db: str) -> None:
    query = "China tariffs OR Indonesia nickel"
    result = run(runner, db, "search", query, "--no-vector", "--format", "json")
    assert result.exit_code == 0, result.output
    assert sorted(h["id"] for h in as_json(result)) == [1, 3]  # type: ignore[union-attr]
    newest = run(runner, db, "search", query, "--no-vector", "--sort", "date", "-f", "jsonl")
    assert [json.loads(line)["id"] for line in newest.stdout.splitlines()] == [3, 1]
