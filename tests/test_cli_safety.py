"""Strings from outside reach the terminal as plain text: no escape sequences, no markup.

Titles, file names, URLs and feed errors are written by people we do not trust. A title
that clears the screen, retitles the window or hides a hyperlink, or that holds (escaped)
Rich markup, must print inert; a URL with `[/]` in an error line must not crash the printer.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assay.cli import app
from assay.cli.article_cmds import article_table
from assay.cli.output import SafeConsole, safe_text
from assay.models import Article
from assay.settings import Settings
from assay.store import Store

CLEAR = "\x1b[2J\x1b[H"
RETITLE = "\x1b]0;owned\x07"
LINK = "\x1b]8;;http://evil.example/\x1b\\click here\x1b]8;;\x1b\\"
MARKUP = "\\[link=http://evil.example]innocent\\[/link] [bold red]loud[/bold red]"
C1 = "\x9b31m"  # the one-byte CSI of C1, then "red"
BIDI = "\u202eevil\u202c"
TITLE = f"Nickel {CLEAR}{RETITLE}deal {LINK} {MARKUP} {C1} {BIDI} end"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


@pytest.fixture
def runner(isolated_env: None) -> CliRunner:
    return CliRunner()


@pytest.fixture
def db(store: Store, settings: Settings) -> str:
    store.save_article(
        Article(
            source=f"evil{CLEAR}.html",
            url="https://evil.example/[/]story",
            text=f"Indonesia signed a nickel deal. {RETITLE} More nickel text follows here.",
            title=TITLE,
            published=datetime(2026, 1, 2, tzinfo=UTC),
            summary=f"Summary {CLEAR} with {MARKUP}",
        )
    )
    feed = store.add_feed("https://evil.example/rss")
    store.update_feed(feed["id"], last_error=f"HTTP 500 {RETITLE}{LINK} [/] [link=x]y[/link]")
    return str(settings.db)


def assert_inert(output: str) -> None:
    for raw in RAW:
        assert raw not in output, repr(raw)


@pytest.mark.parametrize(
    "command",
    [
        ("articles", "list"),
        ("articles", "show", "1"),
        ("search", "nickel"),
        ("feeds", "list"),
        ("articles", "list", "--format", "csv"),
    ],
    ids=" ".join,
)
def test_outside_text_prints_without_control_characters(
    runner: CliRunner, db: str, command: tuple[str, ...]
) -> None:
    result = runner.invoke(app, ["--db", db, *command])
    assert result.exit_code == 0, result.output
    assert_inert(result.stdout + result.stderr)


def test_escaped_markup_in_a_title_prints_literally(runner: CliRunner, db: str) -> None:
    result = runner.invoke(app, ["--db", db, "articles", "show", "1"])
    assert result.exit_code == 0, result.output
    assert "\\[link=http://evil.example]innocent\\[/link]" in result.stdout
    assert "[bold red]loud[/bold red]" in result.stdout
    assert "␛[2J" in result.stdout  # the escape is shown, not obeyed


def test_a_terminal_gets_no_hyperlink_title_or_clear_screen() -> None:
    console = SafeConsole(file=io.StringIO(), force_terminal=True, color_system="truecolor")
    row = {"id": 1, "published": None, "language": "en", "sectors": [], "title": TITLE}
    console.print(article_table([row]))
    console.print(f"Error: {TITLE}")
    rendered = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[1m" in rendered  # the console does style (bold headers)...
    assert "\x1b]" not in rendered  # ...but sends no OSC: no hyperlink, no window title
    assert "\x1b[2J" not in rendered and "\x07" not in rendered
    assert "innocent" in rendered and "[bold red]loud" in rendered


def test_json_output_escapes_c1_controls_and_keeps_the_text(runner: CliRunner, db: str) -> None:
    result = runner.invoke(app, ["--db", db, "articles", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert_inert(result.stdout)
    assert "\\u009b" in result.stdout and "\\u001b" in result.stdout
    assert json.loads(result.stdout)[0]["title"] == TITLE


def test_csv_cells_lose_control_characters(runner: CliRunner, db: str) -> None:
    result = runner.invoke(app, ["--db", db, "articles", "list", "--format", "csv"])
    title = next(csv.DictReader(io.StringIO(result.stdout)))["title"]
    assert title.startswith("Nickel [2J[H]0;owneddeal ]8;;http://evil.example/")


def test_url_with_closing_markup_in_an_error_line_does_not_crash(
    runner: CliRunner, db: str
) -> None:
    result = runner.invoke(app, ["--db", db, "ingest", "--no-enrich", "http://127.0.0.1/[/]x"])
    assert result.exit_code == 3, result.output
    assert "Failed http://127.0.0.1/[/]x (fetch): Refusing to fetch" in result.stderr
    gone = runner.invoke(app, ["--db", db, "feeds", "remove", "https://x.example/[/][bold]"])
    assert gone.exit_code == 1
    assert gone.stderr.startswith("Error: ") and "[/][bold]" in gone.stderr


def test_database_path_with_markup_prints_as_written(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a[/]b[red].db"
    result = runner.invoke(app, ["--db", str(path), "init"])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"Database ready at {path}"


def test_file_name_with_an_escape_sequence_prints_inert(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / f"photo{CLEAR}{RETITLE}.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00" * 100)
    db = str(tmp_path / "assay.db")
    result = runner.invoke(app, ["--db", db, "ingest", "--no-enrich", str(folder)])
    assert result.exit_code == 3
    assert_inert(result.stdout + result.stderr)
    assert "photo␛[2J␛[H␛]0;owned␇.html" in result.stderr


def test_safe_text_keeps_tabs_newlines_and_length() -> None:
    text = f"a\tb\nc{CLEAR}{C1}{BIDI}"
    cleaned = safe_text(text)
    assert len(cleaned) == len(text)  # highlight spans stay valid
    assert cleaned.startswith("a\tb\nc␛[2J␛[H")
    assert_inert(cleaned)
