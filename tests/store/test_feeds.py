"""Feed registry, polling state, leases for several workers, and the entry log that keeps
entries from being re-ingested. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assay.errors import InputError, NotFound
from assay.models import Article
from assay.store import Store

pytestmark = pytest.mark.usefixtures("backend")

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_add_feed_returns_row_and_duplicate_returns_the_existing_one(store: Store) -> None:
    feed = store.add_feed("https://News.example/rss.xml")
    assert (feed["id"], feed["url"], feed["kind"], feed["existing"]) == (
        1,
        "https://news.example/rss.xml",
        "feed",
        False,
    )
    again = store.add_feed("https://news.example/rss.xml?utm_source=newsletter")
    assert (again["id"], again["existing"]) == (1, True)
    sitemap = store.add_feed("https://news.example/sitemap.xml", kind="sitemap")
    assert [(f["id"], f["kind"]) for f in store.list_feeds()] == [
        (1, "feed"),
        (sitemap["id"], "sitemap"),
    ]


def test_add_feed_rejects_unknown_kind_and_non_http_urls(store: Store) -> None:
    with pytest.raises(
        InputError, match=r"^Unknown feed kind 'atom'; expected 'feed' or 'sitemap'\.$"
    ):
        store.add_feed("https://news.example/feed", kind="atom")
    with pytest.raises(InputError, match=r"^Feed URL 'ftp://x\.example/f' must start with"):
        store.add_feed("ftp://x.example/f")


def test_remove_feed_by_id_or_url_keeps_its_articles(store: Store) -> None:
    feed = store.add_feed("https://news.example/rss.xml")
    saved = store.save_article(
        Article(
            source="feed",
            url="https://news.example/a",
            text="Body.",
            feed_id=feed["id"],
            entry_id="guid-a",
        )
    )
    removed = store.remove_feed("https://news.example/rss.xml")
    assert removed["id"] == feed["id"]
    assert store.list_feeds() == []
    assert store.get_article(saved.id)["feed_id"] is None
    with pytest.raises(NotFound) as info:
        store.remove_feed(feed["id"])
    assert str(info.value) == "No feed with id 1. Run 'assay feeds list' to see the feeds."
    with pytest.raises(NotFound) as info:
        store.remove_feed("https://nowhere.example/rss")
    assert str(info.value) == (
        "No feed with URL 'https://nowhere.example/rss'. Run 'assay feeds list' to see the feeds."
    )


def test_due_feeds_are_new_or_past_their_next_poll(store: Store) -> None:
    never = store.add_feed("https://a.example/rss")
    later = store.add_feed("https://b.example/rss")
    overdue = store.add_feed("https://c.example/rss")
    paused = store.add_feed("https://d.example/rss")
    store.update_feed(later["id"], next_poll_at=NOW + timedelta(minutes=5))
    store.update_feed(overdue["id"], next_poll_at=NOW - timedelta(hours=1))
    store.update_feed(paused["id"], active=False)
    assert [f["id"] for f in store.due_feeds(NOW)] == [never["id"], overdue["id"]]
    assert [f["id"] for f in store.due_feeds(NOW + timedelta(minutes=5))] == [
        never["id"],
        overdue["id"],
        later["id"],
    ]


def test_update_feed_stores_polling_state(store: Store) -> None:
    feed = store.add_feed("https://a.example/rss")
    row = store.update_feed(
        feed["id"],
        etag='"abc"',
        last_modified="Sun, 01 Mar 2026 10:00:00 GMT",
        last_polled_at=NOW,
        last_error="HTTP 503",
        error_count=2,
        title="A News",
    )
    assert (row["etag"], row["error_count"], row["title"], row["last_polled_at"]) == (
        '"abc"',
        2,
        "A News",
        "2026-03-01T12:00:00+00:00",
    )
    assert store.get_feed(feed["id"])["last_error"] == "HTTP 503"


def test_update_feed_rejects_unknown_fields_and_feeds(store: Store) -> None:
    feed = store.add_feed("https://a.example/rss")
    with pytest.raises(
        InputError, match=r"^Cannot update feed field 'url'; expected one of active,"
    ):
        store.update_feed(feed["id"], url="https://elsewhere.example/")
    with pytest.raises(NotFound, match=r"^No feed with id 9\."):
        store.update_feed(9, etag="x")


def test_entries_are_logged_once_per_feed_and_counted(store: Store) -> None:
    feed = store.add_feed("https://a.example/rss")
    assert store.entry_seen(feed["id"], "guid-1") is False
    assert store.record_entry(feed["id"], "guid-1") is True
    assert store.record_entry(feed["id"], "guid-1", None) is False
    assert store.entry_seen(feed["id"], "guid-1") is True
    assert store.get_feed(feed["id"])["entries_seen"] == 1


def test_entry_seen_anywhere_spans_feeds_and_stored_article_urls(store: Store) -> None:
    first = store.add_feed("https://a.example/rss")
    second = store.add_feed("https://b.example/rss")
    store.record_entry(first["id"], "https://wire.example/story-9")
    assert store.entry_seen(second["id"], "https://wire.example/story-9") is False
    assert store.entry_seen_anywhere("https://wire.example/story-9") is True
    store.save_article(Article(source="x", url="https://wire.example/other", text="Other story."))
    assert store.entry_seen_anywhere("https://WIRE.example/other?utm_medium=rss") is True
    assert store.entry_seen_anywhere("https://wire.example/unseen") is False
    assert store.entry_seen_anywhere("tag:wire.example,2026:unseen") is False


def test_saving_a_feed_article_logs_its_entry(store: Store) -> None:
    feed = store.add_feed("https://a.example/rss")
    saved = store.save_article(
        Article(
            source="x", url="https://a.example/1", text="Text.", feed_id=feed["id"], entry_id="g1"
        )
    )
    assert store.entry_seen(feed["id"], "g1") is True
    assert store.record_entry(feed["id"], "g1", saved.id) is False
    assert store.stats()["feeds"] == 1


# ------------------------------------------------------------------------------ leases


def test_a_claimed_feed_is_not_claimed_again_until_its_lease_lapses(store: Store) -> None:
    first = store.add_feed("https://a.example/rss")
    second = store.add_feed("https://b.example/rss")
    claimed = store.claim_feeds("w1", 60, now=NOW, limit=1)
    assert [(f["id"], f["lease_owner"]) for f in claimed] == [(first["id"], "w1")]
    assert claimed[0]["lease_expires_at"] == (NOW + timedelta(seconds=60)).isoformat()
    assert [f["id"] for f in store.claim_feeds("w2", 600, now=NOW)] == [second["id"]]
    assert store.claim_feeds("w3", 60, now=NOW + timedelta(seconds=59)) == []
    # w1 died: its lease lapses and the feed goes to the next worker that asks.
    later = store.claim_feeds("w3", 60, now=NOW + timedelta(seconds=61))
    assert [(f["id"], f["lease_owner"]) for f in later] == [(first["id"], "w3")]


def test_releasing_a_feed_saves_its_state_only_for_the_lease_holder(store: Store) -> None:
    feed = store.add_feed("https://a.example/rss")
    store.claim_feeds("w1", 60, now=NOW)
    store.claim_feeds("w2", 60, now=NOW + timedelta(seconds=120))  # w1's lease lapsed
    assert not store.release_feed(feed["id"], "w1", etag='"old"', next_poll_at=NOW)
    assert store.get_feed(feed["id"])["etag"] is None
    assert store.release_feed(feed["id"], "w2", etag='"new"', next_poll_at=NOW)
    row = store.get_feed(feed["id"])
    assert (row["etag"], row["lease_owner"], row["lease_expires_at"]) == ('"new"', None, None)
    with pytest.raises(InputError, match=r"^Cannot update feed field 'colour'"):
        store.release_feed(feed["id"], "w2", colour="red")


def test_claims_take_due_feeds_most_overdue_first_or_every_active_one(store: Store) -> None:
    late = store.add_feed("https://late.example/rss")
    soon = store.add_feed("https://soon.example/rss")
    paused = store.add_feed("https://paused.example/rss")
    never = store.add_feed("https://never.example/rss")
    store.update_feed(late["id"], next_poll_at=NOW - timedelta(hours=2))
    store.update_feed(soon["id"], next_poll_at=NOW + timedelta(hours=1))
    store.update_feed(paused["id"], active=False)
    due = store.claim_feeds("w1", 60, now=NOW)
    assert [f["id"] for f in due] == [never["id"], late["id"]]
    assert store.release_leases("w1") == 2
    every = store.claim_feeds("w1", 60, now=NOW, due_only=False)
    assert [f["id"] for f in every] == [never["id"], late["id"], soon["id"]]


def test_renewing_extends_every_lease_of_the_worker(store: Store) -> None:
    store.add_feed("https://a.example/rss")
    store.add_feed("https://b.example/rss")
    store.claim_feeds("w1", 60, now=NOW)
    assert store.renew_leases("w1", 600, now=NOW + timedelta(seconds=50)) == 2
    assert store.claim_feeds("w2", 60, now=NOW + timedelta(seconds=120)) == []
    assert store.renew_leases("w2", 600) == 0
