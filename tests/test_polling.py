"""The feed registry end to end: a real local web site, real feeds, a real SQLite store."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sitehost import SiteServer, serve

from assay.pipeline import poll_feeds
from assay.settings import Settings
from assay.store import Store

BODY = (
    "<html><head><title>{title}</title></head><body><nav>Home | Markets | Contact</nav>"
    "<article><h1>{title}</h1><p>{text}</p><p>Analysts said the move would reshape supply "
    "chains for battery makers across Asia and Europe over the coming decade.</p></article>"
    "<footer>© 2026 Example Wire. All rights reserved.</footer></body></html>"
)
STORIES = {
    "cobalt": (
        "Congo extends cobalt export quota",
        "The Democratic Republic of the Congo extended "
        "its cobalt export quota for another three months on Friday, the regulator said.",
    ),
    "nickel": (
        "Indonesia raises nickel ore royalty",
        "Indonesia raised royalties on nickel ore to "
        "14% from 10%, the energy ministry said, pressing smelters to cut costs.",
    ),
    "gallium": (
        "China tightens gallium controls",
        "China added gallium nitride wafers to its export "
        "control list on Monday, requiring licences for every shipment abroad.",
    ),
}


def rss(base: str, title: str, slugs: list[str]) -> str:
    items = "".join(
        f"<item><title>{STORIES[s][0]}</title><link>{base}/{s}.html</link>"
        f"<guid>{base}/{s}.html</guid><pubDate>Mon, 02 Nov 2026 08:00:00 GMT</pubDate></item>"
        for s in slugs
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>{base}/</link>{items}</channel></rss>"
    )


@pytest.fixture
def site(tmp_path: Path) -> Iterator[SiteServer]:
    root = tmp_path / "site"
    root.mkdir()
    server = serve(root)
    for slug, (title, text) in STORIES.items():
        (root / f"{slug}.html").write_text(BODY.format(title=title, text=text), encoding="utf-8")
    # Two feeds syndicate the same cobalt story.
    (root / "a.xml").write_text(rss(server.base, "Wire A", ["cobalt", "nickel"]))
    (root / "b.xml").write_text(rss(server.base, "Wire B", ["cobalt"]))
    (root / "broken.xml").write_text("<html><body>This is a web page, not a feed.</body></html>")
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    store = Store.open(settings)
    yield store
    store.close()


def test_shared_entry_is_fetched_and_stored_once(
    site: SiteServer, store: Store, settings: Settings
) -> None:
    store.add_feed(f"{site.base}/a.xml")
    store.add_feed(f"{site.base}/b.xml")
    report = poll_feeds(store, settings, due_only=False)
    assert [f.status for f in report.feeds] == ["ok", "ok"]
    assert (report.ingest.new, report.ingest.failed) == (2, 0)
    assert site.hits["/cobalt.html"] == 1
    titles = sorted(a["title"] for a in store.list_articles())
    assert titles == ["Congo extends cobalt export quota", "Indonesia raises nickel ore royalty"]


def test_second_poll_is_conditional_and_ingests_nothing(
    site: SiteServer, store: Store, settings: Settings
) -> None:
    store.add_feed(f"{site.base}/a.xml")
    poll_feeds(store, settings, due_only=False)
    feed = store.list_feeds()[0]
    assert feed["last_modified"]  # the validator was kept for the next poll
    again = poll_feeds(store, settings, due_only=False)
    assert [f.status for f in again.feeds] == ["not-modified"]
    assert again.ingest.new == 0
    assert site.hits["/nickel.html"] == 1


def test_new_entry_is_ingested_on_next_poll(
    site: SiteServer, store: Store, settings: Settings, tmp_path: Path
) -> None:
    store.add_feed(f"{site.base}/a.xml")
    poll_feeds(store, settings, due_only=False)
    feed_file = tmp_path / "site" / "a.xml"
    feed_file.write_text(rss(site.base, "Wire A", ["cobalt", "nickel", "gallium"]))
    later = time.time() + 5  # Last-Modified has one-second resolution
    os.utime(feed_file, (later, later))
    report = poll_feeds(store, settings, due_only=False)
    assert [f.status for f in report.feeds] == ["ok"]
    assert report.feeds[0].new_entries == 1
    assert report.ingest.new == 1
    assert site.hits["/cobalt.html"] == 1


def test_broken_feed_records_error_and_backs_off(
    site: SiteServer, store: Store, settings: Settings
) -> None:
    store.add_feed(f"{site.base}/broken.xml")
    report = poll_feeds(store, settings, due_only=False)
    assert report.feeds[0].status == "error"
    assert report.feeds[0].error.startswith("No feed found at")
    first = store.list_feeds()[0]
    assert first["error_count"] == 1
    assert first["last_error"].startswith("No feed found at")
    poll_feeds(store, settings, due_only=False)
    second = store.list_feeds()[0]
    assert second["error_count"] == 2
    # Backoff doubles per consecutive error: interval * 4 after two errors.
    polled = datetime.fromisoformat(second["last_polled_at"])
    next_poll = datetime.fromisoformat(second["next_poll_at"])
    assert (next_poll - polled).total_seconds() == pytest.approx(settings.feed_interval * 4, abs=2)
    assert store.due_feeds(datetime.now(UTC)) == []


def test_unreachable_feed_is_a_transient_error(store: Store, settings: Settings) -> None:
    store.add_feed("http://127.0.0.1:9/feed.xml")  # discard port: nothing listens
    report = poll_feeds(store, settings, due_only=False)
    assert report.feeds[0].status == "error"
    assert "127.0.0.1" in report.feeds[0].error
    assert store.list_articles() == []


def test_a_poll_takes_back_leases_of_dead_workers_on_this_machine_only(store: Store) -> None:
    import socket
    import subprocess
    import sys

    from assay.pipeline.polling import release_dead_local_leases

    dead_pid = subprocess.Popen([sys.executable, "-c", "pass"])
    dead_pid.wait()
    host = socket.gethostname()
    owners = {
        "dead": f"{host}:{dead_pid.pid}:aaaaaa",
        "alive": f"{host}:{os.getpid()}:bbbbbb",
        "elsewhere": f"other-{host}:{dead_pid.pid}:cccccc",
    }
    for n, owner in enumerate(owners.values()):
        feed = store.add_feed(f"https://feeds.example/{n}.xml")
        assert [r["id"] for r in store.claim_feeds(owner, 600, due_only=False, limit=1)] == [
            feed["id"]
        ]
    assert release_dead_local_leases(store) == [owners["dead"]]
    assert store.lease_owners() == sorted([owners["alive"], owners["elsewhere"]])
