"""Embedding throughput, fast (static) vs full (MiniLM), and how well their rankings agree.

Reuters texts are read from the shared corpus at run time. Agreement: Spearman correlation
of the two models' cosine similarities over 200 document pairs (100 pairs of near
neighbours by the full model, 100 random pairs), and the overlap of the top 10 neighbours
of 50 documents within a pool of 1,000.

    python -m benchmarks.embed [FULL_DOCS]
"""

from __future__ import annotations

import random
import sys
import time
from typing import Any

import numpy as np

from assay.enrich.embed import embedding_text, load_embedder
from assay.settings import load_settings
from benchmarks.corpus import read_jsonl

POOL = 1_000
FAST_DOCS = 5_000


def _texts(n: int) -> list[str]:
    rows = read_jsonl("reuters21578.jsonl.gz")
    return [
        embedding_text(r.get("title") or "", r["text"])
        for r in rows
        if len(r.get("text", "").split()) >= 40
    ][:n]


def _spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra = np.argsort(np.argsort(a)).astype(float)
    rb = np.argsort(np.argsort(b)).astype(float)
    return float(np.corrcoef(ra, rb)[0, 1])


def run(full_docs: int = POOL) -> dict[str, Any]:
    """Docs/s of both models and their agreement on Reuters texts."""
    settings = load_settings()
    texts = _texts(max(FAST_DOCS, full_docs, POOL))
    fast = load_embedder(settings, "fast")
    full = load_embedder(settings, "full")
    fast.encode(texts[:32])  # warm-up: tokenizer caches, thread pools
    full.encode(texts[:8])

    t0 = time.perf_counter()
    fast.encode(texts[:FAST_DOCS])
    fast_rate = FAST_DOCS / (time.perf_counter() - t0)

    pool = texts[:POOL]
    t0 = time.perf_counter()
    full_vectors = full.encode(pool[:full_docs])
    full_rate = full_docs / (time.perf_counter() - t0)
    if full_docs < POOL:
        full_vectors = np.vstack([full_vectors, full.encode(pool[full_docs:])])
    fast_vectors = fast.encode(pool)

    rng = random.Random(5)
    sims_full = full_vectors @ full_vectors.T
    np.fill_diagonal(sims_full, -1)
    pairs = []
    for i in rng.sample(range(POOL), 100):
        pairs.append((i, int(np.argmax(sims_full[i]))))
    while len(pairs) < 200:
        i, j = rng.sample(range(POOL), 2)
        pairs.append((i, j))
    a = np.array([float(full_vectors[i] @ full_vectors[j]) for i, j in pairs])
    b = np.array([float(fast_vectors[i] @ fast_vectors[j]) for i, j in pairs])

    sims_fast = fast_vectors @ fast_vectors.T
    np.fill_diagonal(sims_fast, -1)
    overlaps = []
    for i in rng.sample(range(POOL), 50):
        top_full = set(np.argsort(-sims_full[i])[:10].tolist())
        top_fast = set(np.argsort(-sims_fast[i])[:10].tolist())
        overlaps.append(len(top_full & top_fast) / 10)
    return {
        "fast": {"name": fast.name, "dim": fast.dim, "docs_per_s": round(fast_rate, 1)},
        "full": {"name": full.name, "dim": full.dim, "docs_per_s": round(full_rate, 1)},
        "mean_words": round(float(np.mean([len(t.split()) for t in pool])), 1),
        "pairs": len(pairs),
        "spearman": round(_spearman(a, b), 3),
        "spearman_neighbour_pairs": round(_spearman(a[:100], b[:100]), 3),
        "top10_overlap": round(float(np.mean(overlaps)), 3),
    }


def main() -> None:
    full_docs = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else POOL
    r = run(full_docs)
    print(f"{'model':<24} {'dim':>4} {'docs/s':>9}")
    for kind in ("fast", "full"):
        m = r[kind]
        print(f"{m['name']:<24} {m['dim']:>4} {m['docs_per_s']:>9,.1f}")
    print(
        f"Reuters, mean {r['mean_words']} words. Agreement on {r['pairs']} pairs: "
        f"Spearman {r['spearman']} (neighbour pairs only {r['spearman_neighbour_pairs']}); "
        f"top-10 neighbour overlap {r['top10_overlap']}"
    )


if __name__ == "__main__":
    main()
