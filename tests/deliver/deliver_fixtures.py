"""A small enriched store built in code for the delivery tests, at fixed dates in March
2026, and helpers to add subscribers confirmed at a chosen time."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

from assay.deliver.subscriptions import preferences
from assay.models import Article, Entity, Fact, Mention, SectorScore
from assay.records import SubscriberRecord
from assay.settings import Settings
from assay.store import Store
from assay.stories import cluster_pending

NAMES = {
    "country:IDN": ("Indonesia", "COUNTRY"),
    "country:JPN": ("Japan", "COUNTRY"),
    "country:CHN": ("China", "COUNTRY"),
    "country:USA": ("United States", "COUNTRY"),
    "country:NAM": ("Namibia", "COUNTRY"),
    "org:jbic": ("JBIC", "ORG"),
    "commodity:nickel": ("nickel", "COMMODITY"),
    "commodity:gallium": ("gallium", "COMMODITY"),
    "commodity:uranium": ("uranium", "COMMODITY"),
    "commodity:crude-oil": ("crude", "COMMODITY"),
}


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=UTC)


def party(key: str) -> dict[str, str]:
    return {"name": NAMES[key][0], "key": key}


def article(
    n: int,
    title: str,
    text: str,
    published: datetime,
    keys: list[str],
    sectors: list[str],
    facts: list[tuple[str, dict[str, Any]]] | None = None,
    site: str = "minerals-wire.example",
) -> Article:
    """An enriched article: mentions of each entity found in `text`, facts on sentence 1."""
    entities = []
    for key in keys:
        name, kind = NAMES[key]
        spans, start = [], text.find(name)
        while start >= 0:
            spans.append(Mention(start, start + len(name), name))
            start = text.find(name, start + 1)
        entities.append(Entity(key, name, kind, spans, {}))
    sentence = text.split(". ")[0]
    return Article(
        source=f"https://{site}/{n}",
        text=text,
        title=title,
        url=f"https://{site}/news/{n}",
        published=published,
        site_name=site,
        language="en",
        sectors=[SectorScore(s, 0.9 - 0.1 * i) for i, s in enumerate(sectors)],
        entities=entities,
        facts=[Fact(t, f, sentence, 0, len(sentence), 0.8) for t, f in facts or []],
        summary=sentence + ".",
        keywords=[],
    )


NICKEL = (
    "Indonesia and Japan signed a nickel supply agreement on Monday, with JBIC lending to "
    "smelters in Sulawesi. The deal covers ore and intermediate products for battery makers."
)
DEAL = (
    "agreement",
    {
        "parties": [party("country:IDN"), party("country:JPN")],
        "kind": "supply",
        "commodity": party("commodity:nickel"),
        "location": None,
        "action": "signed",
    },
)
CONTROL = (
    "trade_measure",
    {
        "actor": party("country:CHN"),
        "target": party("country:USA"),
        "measure": "export-control",
        "goods": party("commodity:gallium"),
        "rate_percent": None,
        "action": "imposed",
    },
)
LOAN = (
    "investment",
    {
        "investor": party("org:jbic"),
        "target": party("country:IDN"),
        "amount": {"value": 1.2e9, "currency": "USD"},
        "action": "invested",
    },
)
URANIUM = (
    "agreement",
    {
        "parties": [party("country:NAM"), party("country:CHN")],
        "kind": "offtake",
        "commodity": party("commodity:uranium"),
        "location": None,
        "action": "signed",
    },
)


def stories() -> list[Article]:
    nickel_keys = ["country:IDN", "country:JPN", "org:jbic", "commodity:nickel"]
    return [
        article(
            1,
            "Indonesia and Japan sign nickel supply deal",
            NICKEL,
            at(10, 9),
            nickel_keys,
            ["ev-battery", "mining-metals"],
            [DEAL],
        ),
        # The same wire story on a second site: one story, two sources.
        article(
            2,
            "Indonesia and Japan sign nickel supply deal",
            NICKEL + " The ministry said so.",
            at(10, 9),
            nickel_keys,
            ["ev-battery", "mining-metals"],
            [DEAL],
            site="metal-daily.example",
        ),
        article(
            3,
            "JBIC invests $1.2 billion in Indonesia nickel plant",
            "JBIC invested $1.2 billion in a nickel plant in Indonesia on Tuesday. The plant "
            "will make battery-grade material for cell factories in the region.",
            at(10, 14),
            ["org:jbic", "country:IDN", "commodity:nickel"],
            ["ev-battery", "business-politics"],
            [LOAN],
        ),
        article(
            4,
            "China tightens gallium export controls on shipments to the United States",
            "China imposed export controls on gallium shipments to the United States on "
            "Tuesday. Chip makers warned of shortages of the metal used in semiconductors.",
            at(10, 18),
            ["country:CHN", "country:USA", "commodity:gallium"],
            ["sanctions-regulation", "ai-semiconductors"],
            [CONTROL],
        ),
        article(
            5,
            "Brent crude climbs as refinery outages spread",
            "Brent crude rose on Tuesday as outages at refineries spread across the Gulf "
            "coast. Traders expect tighter supply of diesel into April.",
            at(10, 10),
            ["commodity:crude-oil"],
            ["oil-gas"],
        ),
        article(
            6,
            "Battery makers warn of graphite shortfall",
            "Battery makers warned of a graphite shortfall on Saturday as prices rose. "
            "Cell plants in Europe rely on imports for most of their anode material.",
            at(7, 10),
            [],
            ["ev-battery"],
        ),
    ]


def filled_store(settings: Settings) -> Store:
    store = Store.open(settings)
    store.save_articles(stories(), enriched_with="test.v1")
    cluster_pending(store)
    return store


def add_subscriber(
    store: Store,
    settings: Settings,
    email: str,
    confirmed_at: datetime | None = None,
    **prefs: Any,
) -> SubscriberRecord:
    """An active subscriber (consent imported), confirmed at `confirmed_at` (default: the
    1st of March 2026, before every story)."""
    confirmed_at = confirmed_at or at(1, 0)
    record, _ = store.subscribers.request(
        email, preferences(settings, **prefs), policy="1", source="cli", confirmed=True
    )
    assert store.path is not None
    with sqlite3.connect(store.path) as conn:
        conn.execute(
            "UPDATE subscribers SET confirmed_at = ? WHERE id = ?",
            (confirmed_at.strftime("%Y-%m-%d %H:%M:%S.000000"), record["id"]),
        )
    return store.subscribers.get(email)
