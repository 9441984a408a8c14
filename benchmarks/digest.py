"""Daily digests for 10,000 subscribers: composed, rendered (HTML + text) and delivered to
a local SMTP server (aiosmtpd in its own process), each recorded before and after sending.

The store holds a day of stories built in code (sectors, entities, facts, some stories
printed by several sites); subscribers follow 1-3 sectors, some an entity or a fact type,
in six time zones, all due at the benchmark's moment. Target: at least 100 messages/s.

    python -m benchmarks.digest [SUBSCRIBERS]
"""

from __future__ import annotations

import multiprocessing
import os
import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

SUBSCRIBERS = 10_000
STORIES = 400
TARGET = 100.0
# SMTP connections at once: relays commonly accept 10-20 from one client; on a loaded
# 2-core machine 8 overlap the waits for replies better than the default 4.
CONNECTIONS = 8
NOW = datetime(2026, 3, 11, 12, 30, tzinfo=UTC)
# (zone, hour) pairs whose digest is due at NOW.
SLOTS = [
    ("UTC", 7),
    ("Europe/Berlin", 8),
    ("Asia/Tokyo", 18),
    ("America/New_York", 7),
    ("Asia/Singapore", 9),
    ("Australia/Sydney", 21),
]
COUNTRIES = ["IDN", "JPN", "CHN", "USA", "AUS", "CHL", "COD", "DEU", "IND", "NAM", "CAN", "KOR"]
COMMODITIES = [
    "nickel",
    "lithium",
    "cobalt",
    "gallium",
    "copper",
    "uranium",
    "graphite",
    "crude oil",
]
WORDS = [
    "output",
    "exports",
    "smelter",
    "refinery",
    "tariff",
    "quota",
    "licence",
    "mine",
    "plant",
    "shipment",
    "offtake",
    "investment",
    "capacity",
    "pipeline",
    "cathode",
    "anode",
    "reserves",
    "stockpile",
    "auction",
    "contract",
    "permit",
    "ministry",
    "regulator",
    "producer",
    "buyer",
    "trader",
    "port",
    "railway",
    "furnace",
    "battery",
    "wafer",
    "fab",
    "grid",
]


def _smtp_server(port: int, count: Any, ready: Any) -> None:
    """Run aiosmtpd until terminated, counting accepted messages."""
    import asyncio

    from aiosmtpd.controller import Controller

    class Counter:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            with count.get_lock():
                count.value += 1
            return "250 OK"

    controller = Controller(Counter(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    try:
        asyncio.run(asyncio.sleep(10**6))
    finally:
        controller.stop()


def build(db: Path, settings: Any, n_subscribers: int) -> None:
    """Stories of the last day and `n_subscribers` active subscribers."""
    from assay.deliver.subscriptions import preferences
    from assay.models import SECTORS, Article, Entity, Fact, Mention, SectorScore
    from assay.store import Store
    from assay.stories import cluster_pending

    rng = random.Random(7)
    sectors = list(SECTORS)
    articles = []
    for i in range(STORIES):
        country, other = rng.sample(COUNTRIES, 2)
        goods = rng.choice(COMMODITIES)
        words = " ".join(rng.choice(WORDS) for _ in range(60))
        text = (
            f"{country} and {other} agreed on {goods} {rng.choice(WORDS)} number {i} on Monday. "
            f"Officials said {words}."
        )
        keys = [
            (f"country:{country}", country, "COUNTRY"),
            (f"country:{other}", other, "COUNTRY"),
            (f"commodity:{goods.replace(' ', '-')}", goods, "COMMODITY"),
        ]
        entities = [
            Entity(k, name, kind, [Mention(text.find(name), text.find(name) + len(name), name)])
            for k, name, kind in keys
        ]
        facts = []
        if i % 3 == 0:
            facts.append(
                Fact(
                    "agreement",
                    {
                        "parties": [
                            {"name": country, "key": keys[0][0]},
                            {"name": other, "key": keys[1][0]},
                        ],
                        "kind": "supply",
                        "commodity": {"name": goods, "key": keys[2][0]},
                        "location": None,
                        "action": "signed",
                    },
                    text.split(". ")[0],
                    0,
                    40,
                    0.8,
                )
            )
        chosen = rng.sample(sectors, rng.randint(1, 3))
        copies = 3 if i % 10 == 0 else 1
        for copy in range(copies):
            articles.append(
                Article(
                    source=f"bench-{i}-{copy}",
                    url=f"https://site{copy}.example/news/{i}",
                    site_name=f"site{copy}.example",
                    title=f"{country} and {other} agree on {goods} ({i})",
                    text=text + (" Copy." if copy else ""),
                    published=NOW - timedelta(hours=rng.uniform(0.5, 30)),
                    language="en",
                    sectors=[SectorScore(s, 0.9) for s in chosen],
                    entities=entities,
                    facts=facts,
                    summary=text.split(". ")[0] + ".",
                    keywords=[],
                )
            )
    with Store.open(settings) as store:
        for start in range(0, len(articles), 200):
            store.save_articles(articles[start : start + 200], enriched_with="bench.v1")
        cluster_pending(store)
        for n in range(n_subscribers):
            zone, hour = SLOTS[n % len(SLOTS)]
            follows: dict[str, Any] = {"sectors": rng.sample(sectors, rng.randint(1, 3))}
            if n % 4 == 0:
                follows["entities"] = [f"commodity:{rng.choice(COMMODITIES).replace(' ', '-')}"]
            if n % 7 == 0:
                follows["fact_types"] = ["agreement"]
            prefs = preferences(
                settings,
                hour=hour,
                timezone=zone,
                format="text" if n % 5 == 0 else "html",
                **follows,
            )
            store.subscribers.request(
                f"reader{n}@bench.example", prefs, policy="1", source="cli", confirmed=True
            )
    with sqlite3.connect(db) as conn:  # confirmed before the benchmark's day
        conn.execute("UPDATE subscribers SET confirmed_at = '2026-03-01 00:00:00.000000'")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else SUBSCRIBERS
    from assay.deliver.sending import send_due_digests
    from assay.settings import Settings
    from assay.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        settings = Settings(
            db=db,
            smtp_host="127.0.0.1",
            smtp_port=port,
            secret_key="bench-secret-key-0123456789",
            public_url="https://assay.example",
            mail_from="assay <digest@assay.example>",
            mail_connections=CONNECTIONS,
        )
        started = time.perf_counter()
        build(db, settings, n)
        took = time.perf_counter() - started
        print(f"built {STORIES} stories and {n:,} subscribers in {took:.1f} s")
        ctx = multiprocessing.get_context("spawn")
        count, ready = ctx.Value("i", 0), ctx.Event()
        server = ctx.Process(target=_smtp_server, args=(port, count, ready), daemon=True)
        server.start()
        ready.wait(30)
        try:
            with Store.open(settings) as store:
                started, cpu = time.perf_counter(), time.process_time()
                report = send_due_digests(store, settings, now=NOW)
                elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
                again = send_due_digests(store, settings, now=NOW + timedelta(minutes=5))
            time.sleep(0.5)
            received = count.value
        finally:
            server.terminate()
            server.join(10)
    rate = report.sent / elapsed if elapsed else 0.0
    print(f"{'subscribers':<28}{n:>10,}  ({settings.mail_connections} SMTP connections)")
    print(
        f"{'digests sent':<28}{report.sent:>10,}  (empty: {report.empty}, failed: {report.failed})"
    )
    print(f"{'received by the server':<28}{received:>10,}")
    load = os.getloadavg()[0]
    print(f"{'seconds':<28}{elapsed:>10.1f}  (CPU of this process: {cpu:.1f} s; load {load:.1f})")
    verdict = "met" if rate >= TARGET else "NOT met"
    print(f"{'messages/s':<28}{rate:>10.1f}  (target >= {TARGET:.0f}: {verdict})")
    print(f"{'re-run sent':<28}{again.sent:>10,}  (each subscriber and day once)")


if __name__ == "__main__":
    main()
