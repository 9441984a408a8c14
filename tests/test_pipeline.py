"""Ingestion as a whole: batches, failures recorded, and a run killed midway."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sitehost import SiteServer, serve

from assay.pipeline import BATCH, ingest
from assay.settings import Settings
from assay.store import Store

COMMODITIES = ["lithium", "nickel", "cobalt", "graphite", "gallium", "copper", "tin", "zinc"]
PLACES = ["Chile", "Indonesia", "Zambia", "Australia", "Canada", "Namibia", "Peru", "Brazil"]


def story(i: int) -> str:
    c, p = COMMODITIES[i % 8], PLACES[(i // 8) % 8]
    return (
        f"Report {i}: {p} approves {c} project number {i}\n\n"
        f"Regulators in {p} approved {c} project number {i} on Tuesday after a review that "
        f"lasted {i % 12 + 2} months. The developer expects first output in {2027 + i % 4} and "
        f"plans to ship concentrate to refiners in Asia, officials said in a statement.\n"
    )


def write_corpus(folder: Path, start: int, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        (folder / f"{i:04d}.txt").write_text(story(i), encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[SiteServer]:
    root = tmp_path / "site"
    root.mkdir()
    server = serve(root)
    yield server
    server.shutdown()
    server.server_close()


def count_articles(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db) as conn:
            return int(conn.execute("select count(*) from articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # not migrated yet


def test_bad_files_are_recorded_and_good_ones_stored(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_corpus(folder, 0, 3)
    (folder / "empty.txt").write_text("\n")
    (folder / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    with Store.open(settings) as store:
        report = ingest([str(folder)], store, settings)
        assert (report.new, report.failed) == (3, 2)
        reasons = sorted(f.reason for f in report.failures)
        assert "is binary" in reasons[0] or "is binary" in reasons[1]
        assert len(store.failures()) == 2
        again = ingest([str(folder)], store, settings)
        assert (again.new, again.unchanged) == (0, 3)


@pytest.mark.slow  # two CLI processes start, each loading the pipeline
def test_killed_ingest_keeps_finished_batches_and_rerun_completes(
    site: SiteServer, tmp_path: Path, settings: Settings
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    write_corpus(first, 0, BATCH + 10)  # one full batch is committed before the slow URL
    write_corpus(second, 500, 20)
    db = tmp_path / "killed.db"
    env = {**os.environ, "ASSAY_CONFIG": str(tmp_path / "none.toml")}
    args = [sys.executable, "-m", "assay.cli", "--db", str(db), "--allow-private"]
    slow = f"{site.base}/slow/story.html"
    proc = subprocess.Popen(
        [*args, "ingest", "--no-enrich", str(first), slow, str(second)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while site.hits["/slow/story.html"] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert site.hits["/slow/story.html"] == 1, "the ingest never reached the slow URL"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored = count_articles(db)
    assert stored == BATCH

    done = subprocess.run(
        [*args, "ingest", "--no-enrich", "--format", "json", str(first), str(second)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert '"unchanged": 64' in done.stdout
    assert count_articles(db) == BATCH + 10 + 20
    with sqlite3.connect(db) as conn:
        hashes = conn.execute("select count(distinct content_hash) from articles").fetchone()[0]
        fts_rows = conn.execute("select count(*) from articles_fts").fetchone()[0]
    assert hashes == BATCH + 30
    assert fts_rows == BATCH + 30


def test_reingest_skips_enrichment_of_stored_text_but_fills_unenriched(
    settings: Settings, tmp_path: Path
) -> None:
    from assay.enrich import Enricher
    from assay.models import text_hash

    folder = tmp_path / "in"
    write_corpus(folder, 0, 4)
    hashes = [text_hash(story(i).split("\n\n", 1)[1]) for i in range(4)]
    enricher = Enricher(settings)
    with Store.open(settings) as store:
        plain = ingest([str(folder)], store, settings)  # --no-enrich
        assert plain.new == 4 and store.enriched_hashes(hashes) == set()
        filled = ingest([str(folder)], store, settings, enricher)
        assert filled.updated == 4  # enrichment added to the stored copies
        assert store.enriched_hashes(hashes) == set(hashes)
        again = ingest([str(folder)], store, settings, enricher)
        assert again.unchanged == 4
        first = store.get_article(filled.article_ids[0])
        assert first["entities"], "enrichment was stored"
