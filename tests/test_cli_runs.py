"""What runs report: exit codes (0 done, 1 some failed, 3 nothing done), failures grouped
by reason (-v lists each, -q none), progress totals counted before the run, and feed polls
that cron can watch."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sitehost import SiteServer, serve
from typer.testing import CliRunner

from assay.cli import app
from assay.cli.summary import Problem, group_problems
from assay.pipeline import count_inputs, ingest
from assay.settings import Settings
from assay.store import Store

STORY = (
    "Indonesia raised royalties on nickel ore to 14% from 10% on Friday, the energy ministry "
    "said, pressing smelters in Sulawesi to cut costs as prices of the battery metal fell."
)


@pytest.fixture
def runner(isolated_env: None) -> CliRunner:
    return CliRunner()


def drop_folder(tmp_path: Path, good: int, binary: int, empty: int = 0) -> Path:
    folder = tmp_path / "drop"
    folder.mkdir(parents=True)
    for n in range(good):
        (folder / f"good{n}.txt").write_text(f"Nickel royalty {n}\n\n{STORY} ({n})\n")
    for n in range(binary):
        (folder / f"photo{n}.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00" * 50)
    for n in range(empty):
        (folder / f"empty{n}.html").write_text("<html><body><nav>Home</nav></body></html>")
    return folder


def ingest_cli(runner: CliRunner, tmp_path: Path, *args: str) -> object:
    db = str(tmp_path / "assay.db")
    return runner.invoke(app, [*args[:-1], "--db", db, "ingest", "--no-enrich", args[-1]])


def test_ingest_exit_codes_say_all_some_or_nothing_done(runner: CliRunner, tmp_path: Path) -> None:
    db = str(tmp_path / "assay.db")
    good = drop_folder(tmp_path / "a", good=2, binary=0)
    mixed = drop_folder(tmp_path / "b", good=1, binary=1)
    bad = drop_folder(tmp_path / "c", good=0, binary=2)
    empty = tmp_path / "nothing"
    empty.mkdir()
    codes = {
        name: runner.invoke(app, ["--db", db, "ingest", "--no-enrich", str(path)]).exit_code
        for name, path in (("good", good), ("mixed", mixed), ("bad", bad), ("empty", empty))
    }
    assert codes == {"good": 0, "mixed": 1, "bad": 3, "empty": 3}
    again = runner.invoke(app, ["--db", db, "ingest", "--no-enrich", str(good)])
    assert again.exit_code == 0  # unchanged is done, not "nothing done"
    assert "0 new, 0 updated, 2 unchanged, 0 failed" in again.stdout


def test_many_failures_are_summarised_by_reason(runner: CliRunner, tmp_path: Path) -> None:
    folder = drop_folder(tmp_path, good=1, binary=7, empty=4)
    result = ingest_cli(runner, tmp_path, str(folder))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "Failed: 11, by reason:"
    assert lines[1].startswith("  7 × (read) File … is binary, not text or HTML.  e.g. ")
    assert lines[1].endswith("photo2.html and 4 more")
    assert lines[2].startswith("  4 × (extract) No article text found in … (N characters")
    assert lines[-1] == "Run with -v to list every one."
    assert len(lines) == 4


def test_verbose_lists_every_failure_and_quiet_none(runner: CliRunner, tmp_path: Path) -> None:
    folder = drop_folder(tmp_path, good=1, binary=7)
    verbose = ingest_cli(runner, tmp_path, "-v", str(folder))
    failed = [line for line in verbose.stderr.splitlines() if line.startswith("Failed ")]
    assert len(failed) == 7
    quiet = ingest_cli(runner, tmp_path, "-q", str(folder))
    assert quiet.exit_code == 1
    assert quiet.stdout == "" and quiet.stderr == ""


def test_few_failures_are_listed_one_per_line(runner: CliRunner, tmp_path: Path) -> None:
    folder = drop_folder(tmp_path, good=1, binary=2)
    result = ingest_cli(runner, tmp_path, str(folder))
    assert [line.split(" (")[0] for line in result.stderr.splitlines()] == [
        f"Failed {folder / 'photo0.html'}",
        f"Failed {folder / 'photo1.html'}",
    ]


def test_reasons_group_by_what_does_not_vary() -> None:
    problems = [
        Problem("a.json:3", "read", "a.json:3: 'title' is 5; expected a string."),
        Problem("a.json:9", "read", "a.json:9: 'title' is 12; expected a string."),
        Problem("http://x.example/1", "fetch", "HTTP 404 fetching http://x.example/1"),
    ]
    groups = group_problems(problems)
    assert [(stage, len(members)) for stage, _, members in groups] == [("read", 2), ("fetch", 1)]
    assert groups[0][1] == "…: … is N; expected a string."


# ------------------------------------------------------------------ progress totals


def test_inputs_are_counted_before_the_run(tmp_path: Path, settings: Settings) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.html").write_text("<p>x</p>")
    (folder / "sub" / "b.txt").write_text("x")
    (folder / "c.jsonl").write_text('{"text": "a"}\n\n{"text": "b"}\n{"text": "c"}\n')
    (folder / "d.mbox").write_text("From a@x Mon\nSubject: 1\n\nx\nFrom b@x Mon\n\ny\n")
    (folder / ".hidden.html").write_text("never read")
    os.mkfifo(folder / "pipe.html")  # counted without opening it: opening would block
    assert count_inputs([str(folder), "https://example.com/x"], settings) == 1 + 1 + 3 + 2 + 1 + 1
    assert count_inputs([str(folder), "-"], settings) is None
    assert count_inputs([str(tmp_path / "missing.html")], settings) == 1


def test_progress_reaches_the_counted_total(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    folder = drop_folder(tmp_path, good=3, binary=2, empty=1)
    (folder / "more.jsonl").write_text(
        "".join(f'{{"title": "T{n}", "text": "{STORY} {n}"}}\n' for n in range(4)) + "not json\n"
    )
    total = count_inputs([str(folder)], settings)
    steps: list[int] = []
    report = ingest([str(folder)], store, settings, on_progress=steps.append)
    assert total == 3 + 2 + 1 + 5
    assert sum(steps) == total
    assert report.failed == 2 + 1 + 1


# ------------------------------------------------------------------------ feeds poll

RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>{base}/</link>'
    "<item><title>Nickel royalty</title><link>{base}/story.html</link>"
    "<guid>{base}/story.html</guid></item></channel></rss>"
)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[SiteServer]:
    root = tmp_path / "site"
    root.mkdir()
    server = serve(root)
    (root / "good.xml").write_text(RSS.format(base=server.base))
    (root / "story.html").write_text(
        f"<html><body><article><h1>Nickel royalty</h1><p>{STORY}</p></article></body></html>"
    )
    (root / "page.xml").write_text("<html><body>A web page, not a feed.</body></html>")
    yield server
    server.shutdown()
    server.server_close()


def poll(runner: CliRunner, db: str) -> object:
    return runner.invoke(
        app, ["--db", db, "--allow-private", "feeds", "poll", "--all", "--no-enrich"]
    )


def test_feeds_poll_exit_code_tells_cron_when_feeds_fail(
    runner: CliRunner, site: SiteServer, tmp_path: Path
) -> None:
    def poll_feeds(name: str, *paths: str) -> object:
        db = str(tmp_path / f"{name}.db")
        for path in paths:
            url = f"{site.base}/{path}"
            assert runner.invoke(app, ["--db", db, "feeds", "add", url]).exit_code == 0
        return poll(runner, db)

    every_feed_failed = poll_feeds("bad", "page.xml", "missing.xml")
    assert every_feed_failed.exit_code == 3, every_feed_failed.output
    assert "Polled 2 feed(s): 0 updated, 0 not modified, 2 failed." in every_feed_failed.stdout
    assert f"Feed error {site.base}/page.xml (feed): No feed found at" in every_feed_failed.stderr
    some_failed = poll_feeds("mixed", "good.xml", "page.xml")
    assert some_failed.exit_code == 1, some_failed.output
    assert "1 updated" in some_failed.stdout and "1 failed" in some_failed.stdout
    all_ok = poll_feeds("good", "good.xml")
    assert all_ok.exit_code == 0, all_ok.output
    nothing_due = runner.invoke(
        app, ["--db", str(tmp_path / "good.db"), "feeds", "poll", "--no-enrich"]
    )
    assert nothing_due.exit_code == 0, nothing_due.output


def test_ingest_progress_bar_shows_the_total_from_the_start(tmp_path: Path) -> None:
    folder = drop_folder(tmp_path, good=3, binary=1)
    (folder / "more.jsonl").write_text(
        "".join(f'{{"title": "T{n}", "text": "{STORY} ({n})"}}\n' for n in range(2))
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSAY_")}
    env.update(FORCE_COLOR="1", ASSAY_CONFIG=str(tmp_path / "absent.toml"), COLUMNS="80")
    args = ["--db", str(tmp_path / "assay.db"), "ingest", "--no-enrich", str(folder)]
    run = subprocess.run(
        [sys.executable, "-m", "assay.cli", *args],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stderr  # the binary file failed
    assert "0/6" in run.stderr and "6/6" in run.stderr
    assert "/?" not in run.stderr
