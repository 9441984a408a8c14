"""Issue 9, hostile input to the readers: each case is isolated, counted and reported, and
the rest of the run goes on. Small samples are in tests/hostile/; big ones are generated.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assay.cli import app
from assay.errors import InputError
from assay.models import Article
from assay.pipeline import ingest
from assay.pipeline.commit import commit_batch
from assay.pipeline.hooks import Hooks
from assay.pipeline.report import IngestReport
from assay.settings import Settings
from assay.sources import iter_pages
from assay.store import Store

HOSTILE = Path(__file__).parent / "hostile"
GOOD = "Zambia's copper output rose {n} percent in the quarter, the mines ministry said today."


def article_count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    finally:
        conn.close()


def test_one_bad_jsonl_record_among_500_good_ones_stores_the_500(
    tmp_path: Path, settings: Settings, store: Store
) -> None:
    # Lone surrogate, 5,000-deep nesting and a 5,000-digit number, in the middle of the file.
    bad = (HOSTILE / "bad-records.jsonl").read_text(encoding="utf-8").splitlines()[1:4]
    good = [json.dumps({"title": f"Story {n}", "text": GOOD.format(n=n)}) for n in range(500)]
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(good[:250] + bad + good[250:]) + "\n", encoding="utf-8")
    report = ingest([str(path)], store, settings, hooks=Hooks())
    assert (report.new, report.failed) == (500, 3)
    assert [f.target for f in report.failures] == [f"{path}:{n}" for n in (251, 252, 253)]
    assert [f.reason.split(": ", 1)[1] for f in report.failures] == [
        "JSON nested too deeply; expected one flat object.",
        "'title' holds a lone surrogate (\\ud800), which is not valid Unicode; fix the export.",
        "holds a number with more than 4,300 digits.",
    ]
    assert article_count(settings.db) == 500


def test_an_article_the_store_refuses_does_not_sink_its_batch(
    settings: Settings, store: Store
) -> None:
    batch = [Article(source=f"a{n}", text=GOOD.format(n=n), title=f"T{n}") for n in range(5)]
    batch[2].text = "Bad \ud800 text that no database can encode, from a reader we do not know."
    report = IngestReport()
    refused: list[tuple[str, str]] = []
    results = commit_batch(
        store, batch, None, Hooks(), report, lambda a, e: refused.append((a.source, str(e)))
    )
    assert [r.status for r in results] == ["new"] * 4
    assert report.new == 4
    assert refused == [
        (
            "a2",
            "Cannot save article 'a2': its text is not valid Unicode (surrogates not allowed). "
            "Nothing from this batch was saved.",
        )
    ]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_at_once(settings: Settings, device: str) -> None:
    started = time.monotonic()
    with pytest.raises(InputError) as err:
        list(iter_pages(device, settings))
    assert str(err.value) == (
        f"{device!r} is a device, not a regular file; only regular files are read."
    )
    assert time.monotonic() - started < 1


def test_links_to_devices_and_fifos_in_a_folder_are_refused_without_blocking(
    tmp_path: Path, settings: Settings
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD.format(n=1), encoding="utf-8")
    (folder / "b-zero.txt").symlink_to("/dev/zero")
    (folder / "c-random.html").symlink_to("/dev/urandom")
    os.mkfifo(folder / "d-pipe.txt")  # nobody ever writes to it
    errors: list[tuple[str, str]] = []
    started = time.monotonic()
    pages = list(
        iter_pages(str(folder), settings, on_error=lambda s, e: errors.append((s, str(e))))
    )
    assert time.monotonic() - started < 2
    assert [p.content for p in pages] == [GOOD.format(n=1)]
    tail = ", not a regular file; only regular files are read."
    assert [e[1] for e in errors] == [
        f"{str(folder / 'b-zero.txt')!r} is a device{tail}",
        f"{str(folder / 'c-random.html')!r} is a device{tail}",
        f"{str(folder / 'd-pipe.txt')!r} is a FIFO{tail}",
    ]


def test_a_fifo_named_on_the_command_line_is_refused(tmp_path: Path, settings: Settings) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="is a FIFO, not a regular file"):
        list(iter_pages(str(fifo), settings))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("truncated.warc.gz", "is truncated or corrupt: record 3 has no valid WARC-Type and "
         "Content-Length headers."),
        ("truncated.warc", "is truncated: record 3 (https://news.example/2) ends early."),
        ("garbage.warc", "is truncated or corrupt: record 1 has no valid WARC-Type and "
         "Content-Length headers."),
        ("images-only.warc", "holds no HTML pages: none of its 2 record(s) is a 200 HTML "
         "response."),
    ],
)  # fmt: skip
def test_truncated_or_garbage_warc_is_an_error_with_a_non_zero_exit(
    tmp_path: Path, isolated_env: None, name: str, message: str
) -> None:
    path = HOSTILE / name
    errors = str(tmp_path / "errors.jsonl")
    args = ["--db", str(tmp_path / "w.db"), "ingest", "--no-enrich", "--errors", errors, str(path)]
    result = CliRunner().invoke(app, args)
    # 1: the pages before the damage were stored; 3: nothing could be (README exit codes).
    assert result.exit_code == (3 if name in ("garbage.warc", "images-only.warc") else 1), (
        result.output
    )
    [failure] = [json.loads(line) for line in Path(errors).read_text().splitlines()]
    assert failure == {
        "target": str(path),
        "stage": "read",
        "reason": f"File {str(path)!r} {message}",
        "transient": False,
    }


def test_truncated_warc_keeps_the_pages_before_the_cut(settings: Settings) -> None:
    errors: list[str] = []
    pages = list(
        iter_pages(
            str(HOSTILE / "truncated.warc"), settings, on_error=lambda s, e: errors.append(s)
        )
    )
    assert [p.url for p in pages] == ["https://news.example/0", "https://news.example/1"]
    assert len(errors) == 1


def _peak_mb(run: object) -> tuple[float, float]:
    """(seconds, peak MB traced) of calling `run`."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        run()  # type: ignore[operator]
        return time.monotonic() - started, tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def test_a_5mb_title_and_45mb_of_text_are_capped_quickly(
    tmp_path: Path, settings: Settings, store: Store
) -> None:
    record = tmp_path / "huge-title.jsonl"
    record.write_text(
        json.dumps({"title": "Copper " * 750_000, "text": GOOD.format(n=1)}) + "\n",
        encoding="utf-8",
    )
    text = tmp_path / "huge.txt"
    with text.open("w", encoding="utf-8") as fh:
        for n in range(450_000):
            fh.write(GOOD.format(n=n) + "\n")  # ~45 MB
    reports: list[IngestReport] = []
    seconds, peak = _peak_mb(
        lambda: reports.append(ingest([str(record), str(text)], store, settings, hooks=Hooks()))
    )
    [report] = reports
    assert (report.new, report.failed) == (2, 0)
    assert seconds < 30 and peak < 400
    assert report.warnings == [
        f"{record}:1: title cut from 5,249,999 to 500 characters (ASSAY_MAX_TITLE_CHARS)",
        f"{text}: text cut from 40,388,890 to 200,000 characters (ASSAY_MAX_TEXT_CHARS)",
    ]
    conn = sqlite3.connect(settings.db)
    lengths = conn.execute(
        "SELECT length(title), length(text) FROM articles ORDER BY id"
    ).fetchall()
    conn.close()
    assert lengths[0][0] <= 500 and all(len_text <= 200_000 for _, len_text in lengths)


def _measured(code: str) -> tuple[float, float, str]:
    """(seconds, peak resident MB, stdout) of running `code` in a fresh Python."""
    script = (
        "import time\n"
        "started = time.monotonic()\n"
        f"{code}\n"
        "print(time.monotonic() - started)\n"
        # VmHWM, not ru_maxrss: the latter keeps the parent's peak across fork and exec.
        "hwm = [x for x in open('/proc/self/status') if x.startswith('VmHWM')][0]\n"
        "print(int(hwm.split()[1]) / 1024)\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    *lines, seconds, peak = done.stdout.splitlines()
    return float(seconds), float(peak), "\n".join(lines)


@pytest.mark.parametrize("shape", ["many-messages", "one-huge-message"])
def test_a_million_line_mailbox_is_capped_quickly_in_bounded_memory(
    tmp_path: Path, shape: str
) -> None:
    path = tmp_path / "inbox.mbox"
    with path.open("wb") as fh:
        if shape == "many-messages":  # 250,000 messages of 4 lines
            for n in range(250_000):
                fh.write(
                    b"From a@b Mon Jan  1 00:00:00 2024\nSubject: n%d\n\nCopper %d.\n" % (n, n)
                )
        else:  # one message of a million lines
            fh.write(b"From a@b Mon Jan  1 00:00:00 2024\nSubject: big\n\n")
            fh.write(b"Copper output rose at the mine, it said.\n" * 1_000_000)
    seconds, peak, out = _measured(
        "from assay.settings import Settings\n"
        "from assay.sources import iter_pages\n"
        "errors = []\n"
        f"pages = iter_pages({str(path)!r}, Settings(), on_error=lambda s, e: errors.append(e))\n"
        "print(sum(1 for _ in pages))\n"
        "print(errors)"
    )
    assert seconds < 15 and peak < 300, (seconds, peak)
    count, errors = out.splitlines()
    if shape == "many-messages":
        assert count == "10000"
        assert "holds more than 10,000 messages; the rest were not read" in errors
    else:
        assert (count, errors) == ("1", "[]")
