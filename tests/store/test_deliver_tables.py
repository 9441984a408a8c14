"""The tables of the web and delivery layers (API keys, subscribers, digests, alerts,
service state) at store level, on each backend: the same answers, and writes that hold
when two processes make them at once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from assay.models import Article
from assay.records import Preferences
from assay.settings import Settings
from assay.store import Store

pytestmark = pytest.mark.usefixtures("backend")

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def prefs(**kw: object) -> Preferences:
    values: dict[str, object] = {
        "sectors": ["mining-metals"],
        "entities": [],
        "fact_types": [],
        "hour": 7,
        "timezone": "UTC",
        "format": "html",
    }
    values.update(kw)
    return values  # type: ignore[return-value]


def article(store: Store, n: int) -> int:
    saved = store.save_article(
        Article(
            source=f"s{n}",
            url=f"https://news.example/{n}",
            title=f"Nickel story {n}",
            text=f"Indonesia raised nickel ore output by {n} percent in March, officials said.",
            published=NOW - timedelta(hours=n),
        )
    )
    return saved.id


def test_api_keys_are_stored_hashed_verified_and_revoked(store: Store) -> None:
    record, key = store.create_key("analyst", "desk")
    assert key not in str(store.list_keys())
    found = store.verify_key(key)
    assert found is not None and (found["role"], found["name"]) == ("analyst", "desk")
    assert store.verify_key(key + "x") is None
    revoked = store.revoke_key(record["id"])
    assert revoked["revoked_at"] is not None
    again = store.verify_key(key)
    assert again is not None and again["revoked_at"] is not None


def test_subscription_request_confirm_unsubscribe_and_suppression(store: Store) -> None:
    record, needs_confirmation = store.subscribers.request(
        "Reader@Example.org", prefs(), policy="1", source="web"
    )
    assert needs_confirmation and record["status"] == "pending"
    assert record["email"] == "reader@example.org"
    again, _ = store.subscribers.request("reader@example.org", prefs(), policy="1", source="web")
    assert again["id"] == record["id"]  # one row per address
    active = store.subscribers.confirm(record["uid"], policy="1")
    assert active["status"] == "active"
    assert active["preferences"]["sectors"] == ["mining-metals"]
    store.subscribers.mark_bounced(record["id"], "550 no such user")
    store.subscribers.mark_bounced(record["id"], "550 no such user, again")  # upsert
    assert store.subscribers.is_suppressed("reader@example.org")
    assert store.subscribers.counts() == {"bounced": 1}


def test_a_digest_day_is_claimed_once_and_an_empty_day_recorded_once(store: Store) -> None:
    sub, _ = store.subscribers.request(
        "a@example.org", prefs(), policy="1", source="cli", confirmed=True
    )
    aid = article(store, 1)
    first = store.deliveries.claim(sub["id"], "2026-03-10", [(aid, None, None)], NOW)
    assert first is not None and first[1] == 1
    assert store.deliveries.claim(sub["id"], "2026-03-10", [], NOW) is None
    store.deliveries.mark_retry(first[0], "421 try later", NOW + timedelta(minutes=5))
    retried = store.deliveries.claim(sub["id"], "2026-03-10", [], NOW + timedelta(minutes=6))
    assert retried == (first[0], 2)
    store.deliveries.mark_sent(first[0], "<m1@assay.test>", NOW)
    store.deliveries.mark_empty(sub["id"], "2026-03-11", NOW)
    store.deliveries.mark_empty(sub["id"], "2026-03-11", NOW)
    assert store.deliveries.counts() == {"sent": 1, "empty": 1}


def test_alert_matches_are_recorded_once_and_gathered_into_one_notification(
    store: Store,
) -> None:
    alert = store.alerts.add("nickel", query="nickel", channel="email", target="a@example.org")
    one, two = article(store, 1), article(store, 2)
    matches = [(f"article:{one}", one, None), (f"article:{two}", two, None)]
    assert store.alerts.record_matches(alert["id"], matches) == 2
    assert store.alerts.record_matches(alert["id"], matches + matches) == 0
    assert store.alerts.gather() == 1
    assert store.alerts.gather() == 0
    (due,) = store.alerts.due(NOW + timedelta(days=1000))
    assert store.alerts.claim(due["id"], NOW)
    assert not store.alerts.claim(due["id"], NOW)
    assert len(store.alerts.notification_matches(due["id"])) == 2


def test_service_state_keeps_the_last_value_of_each_name(store: Store) -> None:
    store.deliveries.set_state("poll", {"feeds": 1}, NOW)
    store.deliveries.set_state("poll", {"feeds": 2}, NOW + timedelta(minutes=1))
    store.deliveries.set_state("digest", {"sent": 0}, NOW)
    state = store.deliveries.state()
    assert state["poll"][0] == {"feeds": 2} and state["digest"][0] == {"sent": 0}


def test_concurrent_senders_claim_a_digest_once_and_record_a_match_once(
    store: Store, settings: Settings
) -> None:
    sub, _ = store.subscribers.request(
        "b@example.org", prefs(), policy="1", source="cli", confirmed=True
    )
    alert = store.alerts.add("nickel", query="nickel", channel="email", target="b@example.org")
    aid = article(store, 3)
    stores = [Store.open(settings) for _ in range(4)]
    start = threading.Barrier(len(stores))

    def send(other: Store) -> tuple[object, int]:
        start.wait()
        claimed = other.deliveries.claim(sub["id"], "2026-03-12", [(aid, None, None)], NOW)
        new = other.alerts.record_matches(alert["id"], [(f"article:{aid}", aid, None)])
        return claimed, new

    try:
        with ThreadPoolExecutor(len(stores)) as pool:
            results = list(pool.map(send, stores))
    finally:
        for other in stores:
            other.close()
    assert sum(claimed is not None for claimed, _ in results) == 1
    assert sum(new for _, new in results) == 1
    assert store.deliveries.counts() == {"sending": 1}
