"""Ingest on Dask: a real scheduler and worker (subprocesses) store what a local run stores."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assay.enrich import default_registry
from assay.errors import UsageError
from assay.models import Article
from assay.pipeline import ingest
from assay.pipeline.cluster import DaskCluster, DaskExecutor, Scheduler, ingest_on_cluster
from assay.pipeline.executors import EnricherFactory, InProcess
from assay.settings import Settings
from assay.store import Store

ROOT = Path(__file__).resolve().parents[1]
PLACES = ["Chile", "Indonesia", "Zambia", "Australia", "Canada"]
METALS = ["lithium", "nickel", "cobalt", "copper"]


def write_corpus(folder: Path) -> Path:
    """Twenty stories, two of them near-copies (a story cluster), and one empty page."""
    folder.mkdir()
    for i in range(20):
        place, metal = PLACES[i % 5], METALS[i % 4]
        (folder / f"{i:02d}.txt").write_text(
            f"{place} approves {metal} mine {i}\n\nRegulators in {place} approved the {metal} "
            f"mine number {i} on Tuesday after a review of {i + 2} months. The developer "
            f"expects first output in {2027 + i % 3} and will ship concentrate to Asia.\n",
            encoding="utf-8",
        )
    copy = (folder / "03.txt").read_text(encoding="utf-8").replace("Tuesday", "Wednesday")
    (folder / "03b.txt").write_text(copy, encoding="utf-8")
    (folder / "empty.html").write_text("<html><body></body></html>", encoding="utf-8")
    return folder


def records(settings: Settings) -> list[dict[str, Any]]:
    """Every stored article, without the times of this run."""
    with Store.open(settings) as store:
        ids = sorted(a["id"] for a in store.list_articles(limit=1000))
        found = [dict(store.get_article(i)) for i in ids]
    for rec in found:
        del rec["ingested_at"], rec["updated_at"]
    return found


@pytest.fixture(scope="module")
def scheduler_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A `dask scheduler` and one single-threaded `dask worker`, both subprocesses."""
    folder = tmp_path_factory.mktemp("dask")
    info = folder / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    common = ["--no-dashboard", "--scheduler-file", str(info)]
    python = [sys.executable, "-m"]
    sched = subprocess.Popen(
        [*python, "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0", *common],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    worker = None
    try:
        _wait_for(info, sched)
        worker_args = ["--nthreads", "1", "--nworkers", "1", "--local-directory", str(folder)]
        worker = subprocess.Popen(
            [*python, "distributed.cli.dask_worker", *worker_args, *common],
            env=env,
            stderr=subprocess.DEVNULL,
        )
        yield str(json.loads(info.read_text())["address"])
    finally:
        for proc in (worker, sched):
            if proc is not None:
                proc.terminate()
                proc.wait(30)


def _wait_for(info: Path, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while not info.exists() or not info.read_text().strip():
        assert proc.poll() is None, "dask scheduler exited"
        assert time.monotonic() < deadline, "dask scheduler did not start"
        time.sleep(0.2)


@pytest.mark.slow
def test_ingest_on_dask_workers_stores_the_same_records_as_in_process(
    scheduler_address: str, tmp_path: Path, isolated_env: None
) -> None:
    corpus = write_corpus(tmp_path / "in")
    here = Settings(db=tmp_path / "here.db", embed_at_ingest=False, enrich_workers=1)
    there = here.model_copy(update={"db": tmp_path / "there.db"})
    factory = EnricherFactory(here, default_registry())
    local = InProcess(factory)
    try:
        with Store.open(here) as store:
            expected = ingest([str(corpus)], store, here, local)
    finally:
        local.close()
    wanted = records(here)[:3]
    executor = DaskExecutor(
        EnricherFactory(there, default_registry()), DaskCluster(Scheduler.parse(scheduler_address))
    )
    try:
        with Store.open(there) as store:
            # window=1: one chunk in flight at a time still finishes (backpressure)
            report = ingest_on_cluster([str(corpus)], store, there, executor, window=1)
        batch = [Article(source=r["source"], title=r["title"], text=r["text"]) for r in wanted]
        enriched = [a.to_dict() for a in executor.enrich(batch)]
    finally:
        executor.close()
    assert [[s["slug"] for s in a["sectors"]] for a in enriched] == [
        [s["slug"] for s in r["sectors"]] for r in wanted
    ]
    assert (report.pages, report.new, report.failed) == (expected.pages, expected.new, 1)
    assert report.duplicates == expected.duplicates
    assert records(there) == records(here)
    assert any(rec["sectors"] for rec in records(there))


def test_scheduler_option_accepts_an_address_or_a_local_cluster_size() -> None:
    assert Scheduler.parse("tcp://127.0.0.1:8786") == Scheduler(address="tcp://127.0.0.1:8786")
    assert Scheduler.parse("local:2") == Scheduler(local_workers=2)
    with pytest.raises(UsageError) as info:
        Scheduler.parse("local:zero")
    assert str(info.value) == (
        "--scheduler is 'local:zero'; expected tcp://HOST:8786 or local:N (N workers)."
    )
