"""Search latency at scale: full-text, vector and hybrid over a store of Reuters copies.

Builds a SQLite store of `--n` articles (default 100,000) from Reuters-21578, read at run
time: the 19,779 stories are repeated with their sentences rotated and a distinct URL, so
every copy is a distinct article. Rows are bulk-inserted (the FTS5 triggers index them).
Vectors: the fast embedder encodes each distinct Reuters story once when its model is
built, and each copy gets that vector plus a little noise (a static model's mean of token
vectors would be the same for rotated sentences anyway); otherwise random unit vectors.
Then ~200 queries (title words, phrases, one-word queries) are timed.

Example:
    python -m benchmarks.search             # 100,000 articles
    python -m benchmarks.search --n 20000 --queries 100
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.corpus import read_jsonl

CORPUS = "reuters21578.jsonl.gz"
SECTOR_SLUGS = ("oil-gas", "mining-metals", "business-politics")
STOP = frozenset(["the", "a", "an", "of", "in", "on", "to", "for", "and", "or", "with", "from"])


def _variants(docs: list[dict[str, Any]], n: int) -> list[tuple[int, int, dict[str, Any]]]:
    """(copy number, row, doc) for n articles: copy 0 is the story, later copies rotate it."""
    return [(i // len(docs), i, docs[i % len(docs)]) for i in range(n)]


def _text(doc: dict[str, Any], copy: int) -> str:
    sentences = [s for s in str(doc["text"]).replace("\n", " ").split(". ") if s]
    if copy and len(sentences) > 1:
        shift = copy % len(sentences)
        sentences = sentences[shift:] + sentences[:shift]
    return ". ".join(sentences) + (f" (edition {copy})" if copy else "")


def build_store(path: Path, n: int) -> tuple[Any, list[dict[str, Any]], dict[str, float]]:
    """A store of n articles; returns it, the distinct Reuters docs and timings."""
    from sqlalchemy import insert

    from assay.models import text_hash
    from assay.store import Store
    from assay.store.schema import article_sectors, articles

    docs = [d for d in read_jsonl(CORPUS) if d.get("text")]
    store = Store.open_url(f"sqlite:///{path}")
    started = time.perf_counter()
    now = datetime.now(UTC)
    base = datetime(2024, 1, 1, tzinfo=UTC)
    rng = random.Random(7)
    rows, tags = [], []
    for copy, i, doc in _variants(docs, n):
        body = _text(doc, copy)
        slug = rng.choice(SECTOR_SLUGS) if rng.random() < 0.3 else ""
        if slug:
            tags.append({"article_id": i + 1, "slug": slug, "score": 0.9})
        rows.append(
            {
                "id": i + 1,
                "url": f"https://wire.example/{copy}/{doc['id']}",
                "content_hash": text_hash(f"{i} {body}"),
                "source": f"reuters:{doc['id']}",
                "story_index": 0,
                "title": str(doc.get("title") or "").title(),
                "text": body,
                "published": base + timedelta(minutes=7 * i),
                "authors": [],
                "language": "en",
                "removed": [],
                "summary": "",
                "keywords": [],
                "sectors": slug,
                "ingested_at": now,
                "updated_at": now,
            }
        )
        if len(rows) == 5000:
            with store.transaction() as conn:
                conn.execute(insert(articles), rows)
            rows = []
    with store.transaction() as conn:
        if rows:
            conn.execute(insert(articles), rows)
        conn.execute(insert(article_sectors), tags)
    return store, docs, {"insert_seconds": time.perf_counter() - started}


def story_vectors(docs: list[dict[str, Any]]) -> tuple[Any, np.ndarray, str]:
    """One vector per distinct story from the fast embedder, or, when no model is built,
    random unit vectors and a stand-in embedder: (query embedder, vectors, what was used)."""
    from assay.errors import AssayError
    from assay.settings import load_settings

    try:
        from assay.enrich.embed import embedding_text, load_embedder

        embedder: Any = load_embedder(load_settings(), "fast")
    except (ImportError, AssayError):  # no model built: random vectors, and the report says so
        embedder = _Random(256, "random-256")
        return embedder, embedder.encode(["x"] * len(docs)), "random unit vectors (no fast model)"
    texts = [embedding_text(str(d.get("title") or "").title(), str(d["text"])) for d in docs]
    return embedder, np.asarray(embedder.encode(texts), dtype=np.float32), embedder.name


def embed_store(store: Any, docs: list[dict[str, Any]], n: int) -> tuple[Any, str, float]:
    """Vectors for every article; returns the query embedder, what was used, seconds."""
    started = time.perf_counter()
    rng = np.random.default_rng(11)
    embedder, base, used = story_vectors(docs)
    used += " (distinct stories; copies = vector + noise)"
    model, dim = embedder.name, base.shape[1]
    ids = np.arange(1, n + 1)
    matrix = base[(ids - 1) % len(docs)] + 0.02 * rng.standard_normal((n, dim)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    for start in range(0, n, 20_000):
        chunk = slice(start, start + 20_000)
        store.save_embeddings(model, [int(i) for i in ids[chunk]], matrix[chunk])
    return embedder, used, time.perf_counter() - started


class _Random:
    """Stands in for an embedder when no model is built: random query vectors."""

    def __init__(self, dim: int, name: str) -> None:
        self.dim, self.name = dim, name
        self._rng = np.random.default_rng(5)

    def encode(self, texts: list[str]) -> np.ndarray:
        v = self._rng.standard_normal((len(texts), self.dim)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def make_queries(docs: list[dict[str, Any]], count: int) -> list[str]:
    """Realistic queries: two title words, a quoted title phrase, or one word."""
    rng = random.Random(3)
    out = []
    while len(out) < count:
        words = [
            w
            for w in str(rng.choice(docs).get("title") or "").lower().split()
            if w.isalpha() and w not in STOP and len(w) > 2
        ]
        if len(words) < 2:
            continue
        kind = len(out) % 4
        if kind == 0:
            out.append(" ".join(words[:2]))
        elif kind == 1:
            out.append(f'"{words[0]} {words[1]}"')
        elif kind == 2:
            out.append(words[0])
        else:
            out.append(f"{words[0]} {words[-1]} sector:{rng.choice(SECTOR_SLUGS)}")
    return out


def _percentiles(values: list[float]) -> dict[str, float]:
    ms = np.array(values) * 1000
    return {
        "p50": round(float(np.percentile(ms, 50)), 1),
        "p95": round(float(np.percentile(ms, 95)), 1),
    }


def hnsw_probe(index: Any, sample: int, queries: int) -> dict[str, Any]:
    """usearch HNSW on the first `sample` vectors: build time, latency, recall@10 vs exact."""
    from assay.search.vectors import ExactIndex, HnswIndex

    ids, matrix = index.ids[:sample], index.matrix[:sample]
    exact = ExactIndex(matrix.shape[1])
    exact.build(ids, matrix)
    started = time.perf_counter()
    hnsw = HnswIndex(matrix.shape[1])
    hnsw.build(ids, matrix)
    build = time.perf_counter() - started
    rng = np.random.default_rng(2)
    times, recall = [], []
    for row in rng.integers(0, len(ids), queries):
        q = matrix[row]
        t = time.perf_counter()
        got = hnsw.search(q, 10)
        times.append(time.perf_counter() - t)
        truth = {a for a, _ in exact.search(q, 10)}
        recall.append(len(truth & {a for a, _ in got}) / 10)
    return {
        "vectors": len(ids),
        "build_seconds": round(build, 1),
        "recall_at_10": round(float(np.mean(recall)), 3),
        **{f"query_ms_{k}": v for k, v in _percentiles(times).items()},
    }


def run(n: int = 100_000, queries: int = 200, hnsw_sample: int = 20_000) -> dict[str, Any]:
    """Build the store, time every kind of search; returns the numbers."""
    from assay.search import IndexCache, search

    result: dict[str, Any] = {"articles": n, "queries": queries}
    with tempfile.TemporaryDirectory(prefix="assay-bench-search-") as tmp:
        store, docs, timings = build_store(Path(tmp) / "bench.db", n)
        try:
            result["insert_seconds"] = round(timings["insert_seconds"], 1)
            embedder, used, seconds = embed_store(store, docs, n)
            result["vectors"] = used
            result["embed_and_save_seconds"] = round(seconds, 1)
            started = time.perf_counter()
            indexes = IndexCache()  # one per store, as a long-running server keeps it
            with store.search_backend() as backend:
                index = indexes.get(backend, embedder.name)
            result["index_load_seconds"] = round(time.perf_counter() - started, 2)
            result["index"] = f"{type(index).__name__} {len(index)} x {index.dim}"
            qs = make_queries(docs, queries)
            for q in qs[:5]:  # warm the page cache and the FTS index
                search(store, q)
            times: dict[str, list[float]] = {"full-text": [], "vector": [], "hybrid": []}
            cpu: dict[str, list[float]] = {"full-text": [], "vector": [], "hybrid": []}
            totals = []

            def timed(kind: str, call: Any) -> Any:
                t, c = time.perf_counter(), time.process_time()
                out = call()
                times[kind].append(time.perf_counter() - t)
                cpu[kind].append(time.process_time() - c)
                return out

            for q in qs:
                totals.append(timed("full-text", lambda q=q: search(store, q)).total)
                vec_query = q.replace('"', "")
                timed("vector", lambda v=vec_query: index.search(embedder.encode([v])[0], 60))
                timed(
                    "hybrid",
                    lambda q=q: search(store, q, embedder=embedder, indexes=indexes),
                )
            # Wall time suffers when other processes share the two cores; CPU time is
            # what a query costs on an idle machine (every step here is single-threaded).
            result["latency_ms"] = {k: _percentiles(v) for k, v in times.items()}
            result["cpu_ms"] = {k: _percentiles(v) for k, v in cpu.items()}
            result["load_average"] = round(os.getloadavg()[0], 1)
            result["median_matches"] = int(np.median(totals))
            if hnsw_sample:
                result["hnsw_probe"] = hnsw_probe(index, min(hnsw_sample, n), 100)
            # Brute force is linear in n: what the same scan costs at 1,000,000 vectors.
            vec = result["cpu_ms"]["vector"]
            result["exact_1m_estimate_ms"] = {
                k: round(v * 1_000_000 / n, 1) for k, v in vec.items()
            }
        finally:
            store.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__)
    parser.add_argument("--n", type=int, default=100_000, help="Articles in the store.")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--hnsw-sample", type=int, default=20_000, help="0 skips the HNSW probe.")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    r = run(args.n, args.queries, args.hnsw_sample)
    print(f"{r['articles']:,} articles, {r['queries']} queries; vectors: {r['vectors']}")
    print(f"insert {r['insert_seconds']} s, embed+save {r['embed_and_save_seconds']} s, "
          f"index load {r['index_load_seconds']} s ({r['index']})")  # fmt: skip
    print(f"load average during the run: {r['load_average']} (2 cores)")
    print(f"{'search':<12}{'wall p50':>10}{'wall p95':>10}{'cpu p50':>10}{'cpu p95':>10}  (ms)")
    for name, lat in r["latency_ms"].items():
        c = r["cpu_ms"][name]
        print(f"{name:<12}{lat['p50']:>10}{lat['p95']:>10}{c['p50']:>10}{c['p95']:>10}")
    print(f"median matches per query: {r['median_matches']}")
    if "hnsw_probe" in r:
        h = r["hnsw_probe"]
        print(
            f"HNSW on {h['vectors']:,}: build {h['build_seconds']} s, query p50 "
            f"{h['query_ms_p50']} ms p95 {h['query_ms_p95']} ms, recall@10 {h['recall_at_10']}"
        )
    est = r["exact_1m_estimate_ms"]
    print(
        f"exact scan at 1,000,000 (CPU, linear estimate): p50 {est['p50']} ms, p95 {est['p95']} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
