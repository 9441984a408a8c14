"""`assay migrate`: a whole SQLite store copied into a fresh store of each backend."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from embedder import HashEmbedder
from typer.testing import CliRunner

from assay.cli import app
from assay.errors import StoreError
from assay.models import Article, Entity, Fact, Mention, SectorScore
from assay.records import Preferences
from assay.search import related, search
from assay.settings import Settings
from assay.store import Store
from assay.store.schema import metadata
from assay.store.transfer import copy_store
from assay.stories import DedupeParams, cluster_pending

pytestmark = pytest.mark.usefixtures("backend")

DAY = datetime(2026, 2, 3, 8, 0, tzinfo=UTC)
WIRE = (
    "Indonesia and Japan signed a nickel supply agreement on Tuesday under which Japanese "
    "battery makers will buy nickel intermediates from smelters on Sulawesi for ten years, "
    "officials said in Jakarta, where the ministers met for two days of talks."
)


def story(n: int, text: str, **kw: Any) -> Article:
    idn = Entity("country:IDN", "Indonesia", "COUNTRY", [Mention(0, 9, "Indonesia")])
    fact = Fact(
        "agreement",
        {
            "parties": [
                {"name": "Indonesia", "key": "country:IDN"},
                {"name": "Japan", "key": "country:JPN"},
            ],
            "kind": "supply",
            "action": "signed",
        },
        text[:60],
        0,
        60,
        0.9,
    )
    return Article(
        source=f"src{n}",
        url=f"https://news{n % 3}.example/{n}",
        title=f"Nickel story {n}",
        text=text,
        published=DAY + timedelta(days=n),
        language="en",
        sectors=[SectorScore("mining-metals", 0.8)],
        entities=[idn] if text.startswith("Indonesia") else [],
        facts=[fact] if n % 2 else [],
        summary=f"Summary {n}.",
        **kw,
    )


def fill(store: Store) -> None:
    """A bit of everything: enriched articles, a wire copy clustered with its original,
    a feed with logged entries, a failure, vectors."""
    feed = store.add_feed("https://news0.example/rss")
    items = [
        story(n, WIRE if n < 2 else f"{WIRE} Item {n} adds copper {n} tonnes.") for n in range(7)
    ]
    items[1] = story(1, WIRE.replace("Tuesday", "Wednesday"))
    items.append(story(7, "Copper output in Chile fell in March, the mining ministry said."))
    items[3].feed_id, items[3].entry_id = feed["id"], "guid-3"
    saved = store.save_articles(items, enriched_with="test.v1")
    store.record_entry(feed["id"], "guid-other")
    cluster_pending(store, DedupeParams())
    store.record_failure("https://bad.example/", "fetch", "HTTP 500", transient=True)
    embedder = HashEmbedder()
    ids = [r.id for r in saved]
    store.save_embeddings(embedder.name, ids, embedder.encode([a.text for a in items]))
    fill_deliver(store, ids)


def fill_deliver(store: Store, ids: list[int]) -> None:
    """The web and delivery tables: a key, subscribers (one bounced), a digest with its
    stories, an alert with matches gathered into a notification, the service state."""
    store.create_key("analyst", "desk")
    prefs: Preferences = {
        "sectors": ["mining-metals"],
        "entities": ["country:IDN"],
        "fact_types": [],
        "hour": 7,
        "timezone": "Europe/Paris",
        "format": "html",
    }
    sub, _ = store.subscribers.request("a@example.org", prefs, policy="1", source="web")
    store.subscribers.confirm(sub["uid"], policy="1")
    gone, _ = store.subscribers.request("b@example.org", prefs, policy="1", source="cli")
    store.subscribers.mark_bounced(gone["id"], "550 no such user")
    claimed = store.deliveries.claim(sub["id"], "2026-02-04", [(i, None, None) for i in ids[:3]])
    assert claimed is not None
    store.deliveries.mark_sent(claimed[0], "<m1@assay.test>")
    alert = store.alerts.add("nickel", query="nickel", channel="webhook", target="https://h.test/")
    store.alerts.record_matches(alert["id"], [(f"article:{i}", i, None) for i in ids[:2]])
    store.alerts.gather()
    (due,) = store.alerts.due(DAY + timedelta(days=1000))
    store.alerts.record_attempt(due["id"], 500, "server error", 12)
    store.deliveries.set_state("poll", {"feeds": 1})


DELIVER_TABLES = (
    "api_keys",
    "subscribers",
    "subscriber_preferences",
    "consents",
    "suppressions",
    "deliveries",
    "delivery_items",
    "alerts",
    "alert_matches",
    "alert_notifications",
    "webhook_attempts",
    "service_state",
)


def counts(store: Store) -> dict[str, int]:
    with store.reading() as conn:
        return {
            t.name: int(conn.exec_driver_sql(f"SELECT count(*) FROM {t.name}").scalar_one())
            for t in metadata.sorted_tables
        }


@pytest.fixture
def source(tmp_path: Path) -> Store:
    path = tmp_path / "source.db"
    with Store.open_url(f"sqlite:///{path}") as store:
        fill(store)
    return Store.open_url(f"sqlite:///{path}")


def test_migrate_copies_every_table_and_the_copy_answers_alike(
    source: Store, settings: Settings
) -> None:
    result = CliRunner().invoke(
        app,
        [
            "migrate",
            "--from",
            source.engine.url.render_as_string(False),
            "--to",
            settings.url,
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["articles"] == {"source": 8, "target_before": 0, "target": 8}
    with source, Store.open(settings) as target:
        assert counts(target) == counts(source)
        assert counts(source)["minhash_bands"] > 0 and counts(source)["story_clusters"] > 0
        assert all(counts(source)[t] > 0 for t in DELIVER_TABLES)
        assert target.subscribers.export("a@example.org") == source.subscribers.export(
            "a@example.org"
        )
        assert target.alerts.all() == source.alerts.all()
        assert target.list_keys() == source.list_keys()
        assert target.deliveries.state() == source.deliveries.state()
        for article in source.list_articles(limit=100):
            assert target.get_article(article["id"]) == source.get_article(article["id"])
        assert target.query_facts() == source.query_facts()
        assert target.list_feeds() == source.list_feeds()
        assert target.entity("country:IDN") == source.entity("country:IDN")
        assert target.failures() == source.failures()
        ids, matrix = target.load_embeddings(HashEmbedder.name)
        want_ids, want = source.load_embeddings(HashEmbedder.name)
        assert np.array_equal(ids, want_ids) and np.array_equal(matrix, want)
        for query in ("nickel Sulawesi", "copper -Chile", '"supply agreement"'):
            found = [h.id for h in search(target, query).hits]
            assert found == [h.id for h in search(source, query).hits], query
        # Sector-filtered full text finds the same articles on the copy (each backend ranks
        # them its own way).
        query = "nickel sector:mining-metals"
        found = sorted(h.id for h in search(target, query).hits)
        assert found == sorted(h.id for h in search(source, query).hits) != []
        first = source.list_articles(limit=1)[0]["id"]
        embedder = HashEmbedder()
        assert [r.id for r in related(target, first, embedder=embedder)] == [
            r.id for r in related(source, first, embedder=embedder)
        ]
        # The id sequences moved past the copied rows: new rows get new ids.
        new = target.save_article(story(20, "Gallium export curbs tightened again in May."))
        assert (new.status, new.id) == ("new", 9)
        assert target.add_feed("https://other.example/rss")["id"] == 2


def test_interrupted_migrate_resumes_and_copies_each_row_once(
    source: Store, settings: Settings
) -> None:
    class Stop(Exception):
        pass

    def stop_in_mentions(table: str, done: int, total: int) -> None:
        if table == "mentions" and 0 < done < total:
            raise Stop

    with source, Store.open(settings) as target:
        with pytest.raises(Stop):
            copy_store(source, target, batch=2, on_progress=stop_in_mentions)
        partial = counts(target)
        assert partial["articles"] == 8 and 0 < partial["mentions"] < counts(source)["mentions"]
        report = copy_store(source, target, batch=3)
        assert counts(target) == counts(source)
        assert report.tables["articles"] == (8, 8, 8)
        assert report.copied == sum(counts(source).values()) - sum(partial.values())


def test_migrate_refuses_a_target_holding_other_articles(source: Store, settings: Settings) -> None:
    with source, Store.open(settings) as target:
        target.save_article(story(30, "Cobalt prices fell in Kinshasa on Monday."))
        with pytest.raises(StoreError) as info:
            copy_store(source, target)
        assert str(info.value) == (
            f"'{target.location}' already holds other articles; copy into an empty database "
            "(or the one an interrupted copy of this source was writing)."
        )
        assert counts(target)["articles"] == 1


def test_migrate_names_a_bad_url() -> None:
    result = CliRunner().invoke(app, ["migrate", "--from", "mysql://x/y", "--to", "z.db"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: assay stores live in SQLite or PostgreSQL, not mysql; use a sqlite:/// or "
        "postgresql:// URL.\n"
    )
