"""Store write throughput: synthetic enriched articles saved one per transaction vs in batches."""

from __future__ import annotations

import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from assay.models import SECTORS, Article, Entity, Fact, Mention, SectorScore
from assay.search import search
from assay.store import Store

WORDS = [
    "nickel",
    "lithium",
    "cobalt",
    "refinery",
    "smelter",
    "export",
    "tariff",
    "quota",
    "supply",
    "agreement",
    "minister",
    "government",
    "company",
    "shares",
    "production",
    "capacity",
    "tonnes",
    "battery",
    "magnet",
    "gallium",
    "germanium",
    "investment",
    "project",
    "mine",
    "deposit",
    "port",
    "shipment",
    "price",
    "market",
    "demand",
    "growth",
    "quarter",
]
COUNTRIES = ["IDN", "JPN", "CHN", "USA", "AUS", "DEU", "KOR", "IND", "BRA", "CHL", "COD", "PHL"]


def synthetic_articles(n: int, seed: int = 7, words: int = 400) -> list[Article]:
    """`n` distinct articles shaped like enriched news: 2 sectors, 8 entities, 2 facts."""
    rng = random.Random(seed)
    slugs = list(SECTORS)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    out = []
    for i in range(n):
        text = f"Story {i}. " + " ".join(rng.choice(WORDS) for _ in range(words))
        ents = []
        for j in range(8):
            key = (
                f"country:{rng.choice(COUNTRIES)}"
                if j < 3
                else f"org:company-{rng.randrange(2000)}"
            )
            pos = rng.randrange(len(text) - 20)
            ents.append(
                Entity(
                    key,
                    key.split(":")[1],
                    "COUNTRY" if j < 3 else "ORG",
                    [Mention(pos, pos + 10, text[pos : pos + 10]) for _ in range(2)],
                )
            )
        facts = [
            Fact(
                "agreement",
                {
                    "parties": [{"name": e.name, "key": e.key} for e in ents[:2]],
                    "kind": "supply",
                    "commodity": {"name": "nickel", "key": "commodity:nickel"},
                    "action": "signed",
                },
                text[:80],
                0,
                80,
                0.8,
            ),
            Fact(
                "trade_measure",
                {
                    "actor": {"name": ents[2].name, "key": ents[2].key},
                    "target": {"name": ents[0].name, "key": ents[0].key},
                    "measure": "tariff",
                    "goods": rng.choice(["steel", "electric vehicles", "gallium"]),
                    "rate_percent": 25,
                    "action": "imposed",
                },
                text[80:160],
                80,
                160,
                0.7,
            ),
        ]
        out.append(
            Article(
                source=f"bench:{i}",
                url=f"https://bench.example/{i}?utm_source=rss",
                title=f"Story {i}: " + " ".join(rng.choice(WORDS) for _ in range(8)),
                text=text,
                published=start + timedelta(hours=i),
                language="en",
                sectors=[SectorScore(s, 0.8) for s in rng.sample(slugs, 2)],
                entities=ents,
                facts=facts,
            )
        )
    return out


def _timed_save(db: Path, batch: list[Article], size: int) -> float:
    store = Store.open_url(f"sqlite:///{db}")
    t0 = time.perf_counter()
    for i in range(0, len(batch), size):
        store.save_articles(batch[i : i + size])
    elapsed = time.perf_counter() - t0
    store.close()
    return elapsed


def run(n: int = 5000) -> dict[str, Any]:
    """Articles/s for batch sizes 1, 64 and n; re-save (unchanged) rate; search latency."""
    batch = synthetic_articles(n)
    result: dict[str, Any] = {"articles": n}
    with tempfile.TemporaryDirectory() as tmp:
        for size in (1, 64, n):
            db = Path(tmp) / f"b{size}.db"
            result[f"new_per_s_batch_{size}"] = round(n / _timed_save(db, batch, size), 1)
        store = Store.open_url(f"sqlite:///{db}")
        t0 = time.perf_counter()
        for i in range(0, n, 64):
            store.save_articles(batch[i : i + 64])
        result["unchanged_per_s_batch_64"] = round(n / (time.perf_counter() - t0), 1)
        t0 = time.perf_counter()
        for _ in range(20):
            search(store, "nickel refinery -cobalt", limit=20)
        result["search_ms"] = round((time.perf_counter() - t0) / 20 * 1000, 1)
        t0 = time.perf_counter()
        hits = store.query_facts("trade_measure", entity_key="country:IDN", goods="steel", limit=50)
        result["query_facts_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        result["query_facts_rows"] = len(hits)
        stats = store.stats()
        result["db_mb"] = round(stats["db_bytes"] / 1e6, 1)
        result["entities"] = sum(stats["entities"].values())
        store.close()
    return result


def main() -> None:
    for key, value in run().items():
        print(f"{key:28} {value}")


if __name__ == "__main__":
    main()
