"""Many workers, one PostgreSQL store: writer processes that overlap, and a worker killed
while it holds a feed lease."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from databases import PgDatabases
from httpserver import LocalServer
from sqlalchemy import text

from assay.search import search
from assay.store import Store

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WRITERS = 4


def env(**extra: str) -> dict[str, str]:
    """A fresh shell's environment (no ASSAY_* settings) running this checkout of assay."""
    out = {k: v for k, v in os.environ.items() if not k.startswith("ASSAY_")}
    out["ASSAY_CONFIG"] = str(ROOT / "no-such-assay.toml")
    out["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    return {**out, **extra}


@pytest.fixture
def pg_url(pg_databases: PgDatabases) -> Iterator[str]:
    url = pg_databases.create()
    Store.open_url(url).close()
    yield url
    pg_databases.drop(url)


def scalar(store: Store, sql: str) -> int:
    with store.reading() as conn:
        return int(conn.execute(text(sql)).scalar_one())


def test_four_writer_processes_with_overlapping_input_store_each_story_once(
    pg_url: str,
) -> None:
    sys.path.insert(0, str(HERE))
    try:
        import writer
    finally:
        sys.path.remove(str(HERE))
    procs = [
        subprocess.Popen(
            [sys.executable, str(HERE / "writer.py"), pg_url, str(i)],
            env=env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(WRITERS)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    with Store.open_url(pg_url) as store:
        # Every story once, by URL and by text; the mirrors' copies are the same articles.
        assert scalar(store, "SELECT count(*) FROM articles") == writer.STORIES
        assert scalar(store, "SELECT count(DISTINCT url) FROM articles") == writer.STORIES
        assert scalar(store, "SELECT count(DISTINCT content_hash) FROM articles") == writer.STORIES
        # One row per entity key, and each article's enrichment written once.
        assert scalar(store, "SELECT count(*) FROM entities") == 2 + writer.STORIES
        assert scalar(store, "SELECT count(DISTINCT key) FROM entities") == 2 + writer.STORIES
        assert scalar(store, "SELECT count(*) FROM mentions") == 3 * writer.STORIES
        assert scalar(store, "SELECT count(*) FROM article_sectors") == 2 * writer.STORIES
        assert scalar(store, "SELECT count(*) FROM facts") == writer.STORIES
        assert scalar(store, "SELECT count(*) FROM fact_arguments") == 3 * writer.STORIES
        # One feed, each entry logged once, and its counter agrees.
        assert [f["entries_seen"] for f in store.list_feeds()] == [writer.STORIES]
        assert scalar(store, "SELECT count(*) FROM feed_entries") == writer.STORIES
        # The full-text column holds every article's current title and text...
        stale = scalar(
            store,
            "SELECT count(*) FROM articles WHERE fts IS DISTINCT FROM "
            "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('english', left(text, 500000)), 'B')",
        )
        assert stale == 0
        # ...so that search finds each story by its own word, once.
        for n in range(writer.STORIES):
            hits = search(store, f"zq{n}x").hits
            assert [h.url for h in hits] == [f"https://wire.example/{n}"], n
        # Stories 0-4 hold one version or the other, never a mix.
        for n in range(5):
            with store.reading() as conn:
                body = conn.execute(
                    text("SELECT text FROM articles WHERE url = :u"),
                    {"u": f"https://wire.example/{n}"},
                ).scalar_one()
            assert body in (writer.text_of(n, 1), writer.text_of(n, 2))
        # Every article clustered, and every cluster's size is its member count.
        assert scalar(store, "SELECT count(*) FROM articles WHERE minhash IS NULL") == 0
        wrong = scalar(
            store,
            "SELECT count(*) FROM story_clusters c WHERE size <> "
            "(SELECT count(*) FROM articles a WHERE a.cluster_id = c.id)",
        )
        assert wrong == 0


def test_a_worker_killed_while_polling_is_replaced_once_its_lease_lapses(
    pg_url: str, http_server: LocalServer
) -> None:
    with Store.open_url(pg_url) as store:
        feed = store.add_feed(http_server.url("/slow?s=4"))
    settings = env(
        ASSAY_DATABASE_URL=pg_url,
        ASSAY_ALLOW_PRIVATE="true",
        ASSAY_FEED_LEASE_SECONDS="5",
        ASSAY_FETCH_TIMEOUT="30",
    )
    poll = [sys.executable, "-m", "assay.cli", "feeds", "poll", "--no-enrich"]
    first = subprocess.Popen(poll, env=settings, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        with Store.open_url(pg_url) as store:
            deadline = time.monotonic() + 60
            while store.get_feed(feed["id"])["lease_owner"] is None:
                assert time.monotonic() < deadline, "the first worker never claimed the feed"
                assert first.poll() is None, first.communicate()
                time.sleep(0.1)
            held = store.get_feed(feed["id"])
            first.send_signal(signal.SIGKILL)  # dies holding the lease, mid-fetch
            first.wait(timeout=30)
            # While the lease holds, another worker's claim leaves the feed alone.
            assert store.claim_feeds("other-worker", 5, due_only=False) == []
            assert store.get_feed(feed["id"])["lease_owner"] == held["lease_owner"]
            assert store.get_feed(feed["id"])["last_polled_at"] is None
        # Once it lapses, the next worker takes the feed over and polls it.
        while time.time() < _timestamp(held["lease_expires_at"]):
            time.sleep(0.2)
        third = subprocess.run(poll, env=settings, capture_output=True, text=True, timeout=120)
        assert third.stdout.startswith("Polled 1 feed(s)"), third.stdout + third.stderr
        with Store.open_url(pg_url) as store:
            polled = store.get_feed(feed["id"])
        assert polled["last_polled_at"] is not None
        assert (polled["lease_owner"], polled["lease_expires_at"]) == (None, None)
        assert polled["last_error"]  # /slow answers with a page, not a feed
    finally:
        if first.poll() is None:
            first.kill()
        first.communicate()


def _timestamp(iso: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(iso).timestamp()
