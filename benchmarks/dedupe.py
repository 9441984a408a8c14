"""Near-duplicate clustering cost as the store grows, on Reuters texts with synthetic copies.

Each Reuters story is stored once and then again as copies with 3-5% of its words
replaced (distinct URLs), all built in memory from the corpus at run time. Articles are
saved and clustered 1,000 at a time, the way ingest does it; the table shows the
clustering time of the 1,000 articles that bring the store to each size, and how many
copies found their original's cluster.

    python -m benchmarks.dedupe [MAX_ARTICLES]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from assay.models import Article
from assay.store import Store
from assay.stories import DedupeParams, cluster_pending
from benchmarks.corpus import read_jsonl

CHUNK = 1_000
CHECKPOINTS = (1_000, 10_000, 25_000, 50_000, 100_000)
MIN_WORDS = 60


def variant(words: list[str], rng: random.Random) -> str:
    """A copy with 3-5% of the words replaced by other words of the story."""
    out = list(words)
    for i in rng.sample(range(len(out)), max(1, round(len(out) * rng.uniform(0.03, 0.05)))):
        out[i] = rng.choice(words) + "s"
    return " ".join(out)


def articles(total: int, seed: int = 11) -> list[tuple[Article, int]]:
    """(article, index of its original story) for `total` articles, originals first."""
    rng = random.Random(seed)
    base = [
        r["text"].split()
        for r in read_jsonl("reuters21578.jsonl.gz")
        if len(r.get("text", "").split()) >= MIN_WORDS
    ]
    out: list[tuple[Article, int]] = []
    for i, words in enumerate(base[:total]):
        out.append((Article("reuters", " ".join(words), url=f"https://r.example/{i}"), i))
    n = 0
    while len(out) < total:
        i = rng.randrange(len(base))
        out.append((Article("copy", variant(base[i], rng), url=f"https://copy.example/{n}"), i))
        n += 1
    rng.shuffle(out)  # copies arrive before and after their originals
    return out


def run(total: int = 100_000) -> dict[str, Any]:
    """Save and cluster `total` articles in chunks; per-checkpoint timings and recall."""
    items = articles(total)
    rows: list[dict[str, Any]] = []
    params = DedupeParams()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open_url(f"sqlite:///{Path(tmp) / 'bench.db'}")
        ids: list[int] = []
        for start in range(0, total, CHUNK):
            chunk = [a for a, _ in items[start : start + CHUNK]]
            t0 = time.perf_counter()
            ids.extend(r.id for r in store.save_articles(chunk))
            t1 = time.perf_counter()
            report = cluster_pending(store, params)
            t2 = time.perf_counter()
            size = start + len(chunk)
            if size in CHECKPOINTS or size == total:
                rows.append(
                    {
                        "store_size": size,
                        "save_s_per_1k": round((t1 - t0) * CHUNK / len(chunk), 2),
                        "dedupe_s_per_1k": round((t2 - t1) * CHUNK / len(chunk), 2),
                        "joined_in_chunk": report.joined,
                    }
                )
                print(rows[-1], file=sys.stderr, flush=True)
        quality = _quality(store, ids, [orig for _, orig in items])
        db_mb = round((Path(tmp) / "bench.db").stat().st_size / 1e6, 1)
        store.close()
    return {"rows": rows, "quality": quality, "db_mb": db_mb}


def _quality(store: Store, ids: list[int], originals: list[int]) -> dict[str, Any]:
    """Copies clustered with their story, and clusters mixing different stories."""
    from sqlalchemy import select

    from assay.store.schema import articles

    with store.reading() as conn:
        cluster = dict(conn.execute(select(articles.c.id, articles.c.cluster_id)).all())
    story_clusters: dict[int, set[int]] = {}
    for pk, orig in zip(ids, originals, strict=True):
        story_clusters.setdefault(orig, set()).add(cluster[pk])
    stories_by_cluster: dict[int, set[int]] = {}
    for pk, orig in zip(ids, originals, strict=True):
        stories_by_cluster.setdefault(cluster[pk], set()).add(orig)
    copies = len(ids) - len(story_clusters)
    split = sum(len(s) - 1 for s in story_clusters.values())
    mixed = sum(1 for s in stories_by_cluster.values() if len(s) > 1)
    return {
        "stories": len(story_clusters),
        "copies": copies,
        "copies_split_off": split,
        "copy_recall": round(1 - split / copies, 4) if copies else None,
        "clusters": len(stories_by_cluster),
        "clusters_mixing_stories": mixed,
    }


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 100_000
    result = run(total)
    print(f"{'store size':>10} {'save s/1k':>10} {'dedupe s/1k':>12} {'joined':>7}")
    for row in result["rows"]:
        print(
            f"{row['store_size']:>10,} {row['save_s_per_1k']:>10} "
            f"{row['dedupe_s_per_1k']:>12} {row['joined_in_chunk']:>7}"
        )
    q = result["quality"]
    print(
        f"stories {q['stories']:,}, copies {q['copies']:,}, copy recall {q['copy_recall']}, "
        f"clusters mixing stories {q['clusters_mixing_stories']}, db {result['db_mb']} MB"
    )


if __name__ == "__main__":
    main()
