"""Search at scale: stores of 100,000 and 1,000,000 articles, SQLite and PostgreSQL.

Each store is built by BULK loading (`assay.store.bulk`: executemany on SQLite, COPY on
PostgreSQL, full-text and secondary indexes built once after the load; not the
enrichment pipeline) from the Reuters-21578 and AllSides texts, read at run time:
article i takes the paragraphs of one story, a closing paragraph from another, a
distinct URL and a date (every 5 minutes from 2015), so every row is a distinct article.
~30% carry a sector tag.
Vectors: the fast static embedder encodes each distinct story once; an article's vector
is its two stories' vectors mixed, plus noise (random unit vectors if no model is built).

Then, over 200 queries (half with sector: or since: filters): full-text, vector and hybrid
search p50/p95, related-stories p95 (50 articles), the store's size on disk, and recall@10
of the HNSW index against exact search (when the store is above the HNSW threshold, or
with --hnsw). On SQLite the HNSW index is the persisted one (`assay.search.persisted`).

Example:
    python -m benchmarks.scale --n 100000
    python -m benchmarks.scale --n 100000 --n 1000000 --postgres postgresql://me@localhost/postgres
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.corpus import read_jsonl
from benchmarks.search import SECTOR_SLUGS, _percentiles, make_queries, story_vectors
from benchmarks.server_cpu import ServerCpu

CORPORA = ("reuters21578.jsonl.gz", "allsides_news_2015_2020.jsonl.gz")
ROWS_PER_INSERT = 20_000
VECTORS_PER_SAVE = 20_000


def read_docs() -> list[dict[str, Any]]:
    """The distinct stories with a title and text, from both corpora."""
    docs = []
    for name in CORPORA:
        for doc in read_jsonl(name):
            if doc.get("text") and doc.get("title"):
                docs.append({"title": str(doc["title"]), "text": str(doc["text"])})
    return docs


def pairs(start: int, stop: int, count: int) -> Iterator[tuple[int, int, int]]:
    """(article number, main story, story lending its closing paragraph) per article."""
    for i in range(start, stop):
        yield i, i % count, (i * 7919 + i // count + 1) % count


def _body(main: dict[str, Any], other: dict[str, Any], i: int, count: int) -> str:
    tail = [p for p in other["text"].split("\n\n") if p.strip()][-1:]
    edition = f"\n\n(Edition {i // count}.)" if i >= count else ""
    return "\n\n".join([main["text"].strip(), *tail]) + edition


def load_articles(load: Any, n: int, docs: list[dict[str, Any]]) -> float:
    """Bulk-load n articles and their sector tags (`assay.store.bulk`); seconds taken."""
    from assay.models import text_hash
    from assay.store.schema import article_sectors, articles

    started = time.perf_counter()
    now = datetime.now(UTC)
    base = datetime(2015, 1, 1, tzinfo=UTC)
    rng = random.Random(7)
    rows: list[dict[str, Any]] = []
    tags: list[dict[str, Any]] = []

    def flush() -> None:
        load.rows(articles, rows)
        load.rows(article_sectors, tags)
        rows.clear()
        tags.clear()

    for i, a, b in pairs(0, n, len(docs)):
        body = _body(docs[a], docs[b], i, len(docs))
        slug = rng.choice(SECTOR_SLUGS) if rng.random() < 0.3 else ""
        if slug:
            tags.append({"article_id": i + 1, "slug": slug, "score": 0.9})
        rows.append(
            {
                "id": i + 1,
                "url": f"https://news.example/{i}",
                "content_hash": text_hash(f"{i} {body}"),
                "source": f"bench:{i}",
                "story_index": 0,
                "title": docs[a]["title"].title(),
                "text": body,
                "published": base + timedelta(minutes=5 * i),
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
        if len(rows) >= ROWS_PER_INSERT:
            flush()
    flush()
    return time.perf_counter() - started


def load_vectors(load: Any, docs: list[dict[str, Any]], n: int) -> tuple[Any, str, float]:
    """Bulk-load a vector for every article; returns (query embedder, what was used, seconds)."""
    started = time.perf_counter()
    rng = np.random.default_rng(11)
    embedder, base, used = story_vectors(docs)
    used += " (stories encoded once, articles mixed + noise)"
    for start in range(0, n, VECTORS_PER_SAVE):
        chunk = list(pairs(start, min(n, start + VECTORS_PER_SAVE), len(docs)))
        a = np.array([p[1] for p in chunk])
        b = np.array([p[2] for p in chunk])
        noise = rng.standard_normal((len(chunk), base.shape[1])).astype(np.float32)
        matrix = base[a] + 0.3 * base[b] + 0.02 * noise
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
        load.vectors(embedder.name, [p[0] + 1 for p in chunk], matrix)
    return embedder, used, time.perf_counter() - started


def build_store(
    url: str, n: int, docs: list[dict[str, Any]], result: dict[str, Any]
) -> tuple[Any, Any]:
    """The store at `url` with n bulk-loaded articles and vectors; timings into `result`."""
    from assay.store import Store
    from assay.store.bulk import bulk_load

    store = Store.open_url(url)
    with bulk_load(store) as load:
        result["load_seconds"] = round(load_articles(load, n, docs), 1)
        embedder, used, seconds = load_vectors(load, docs, n)
        result["vectors"], result["embed_seconds"] = used, round(seconds, 1)
        started = time.perf_counter()
    result["fts_index_seconds"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    store.index_vectors()  # PostgreSQL: one HNSW build after the load
    result["vector_index_seconds"] = round(time.perf_counter() - started, 1)
    return store, embedder


def filtered(queries: list[str]) -> list[str]:
    """Every other query narrowed by a sector or a date filter."""
    rng = random.Random(9)
    out = []
    for i, q in enumerate(queries):
        if i % 2:
            year = rng.randint(2016, 2022)
            extra = f"sector:{rng.choice(SECTOR_SLUGS)}" if i % 4 == 1 else f"since:{year}-01-01"
            q = f"{q} {extra}"
        out.append(q)
    return out


def store_size(store: Any, model: str) -> int:
    with store.reading() as conn:
        size = int(store.backend.size(conn, store.path) or 0)
    if store.path is not None:
        from assay.search.persisted import index_files

        size += sum(p.stat().st_size for p in index_files(store.path, model).values() if p.exists())
    return size


def recall_at_10(index: Any, exact: Any, queries: np.ndarray) -> float:
    found = []
    for q in queries:
        truth = {i for i, _ in exact.search(q, 10)}
        found.append(len(truth & {i for i, _ in index.search(q, 10)}) / 10)
    return round(float(np.mean(found)), 3)


def database_recall_at_10(store: Any, model: str, n: int, probes: int = 100) -> float:
    """pgvector's HNSW answers against an exact scan (index scans off) for stored vectors."""
    from sqlalchemy import text

    ids = random.Random(1).sample(range(1, n + 1), probes)
    found = []
    with store.search_backend() as backend:
        index = backend.vector_index(model)
        for article_id in ids:
            q = index.vector(article_id)
            if q is None:
                continue
            approx = {i for i, _ in index.search(q, 10)}
            index.conn.execute(text("SET LOCAL enable_indexscan = off"))
            truth = {i for i, _ in index.search(q, 10)}
            index.conn.execute(text("SET LOCAL enable_indexscan = on"))
            found.append(len(approx & truth) / 10)
    return round(float(np.mean(found)), 3)


def built(url: str, n: int) -> bool:
    """Whether the store at `url` holds the n articles of a finished build (its vector
    index, the build's last step, exists)."""
    from sqlalchemy import text

    from assay.store import Store

    store = Store.open_url(url)
    try:
        with store.reading() as conn:
            count = conn.execute(text("SELECT count(*) FROM articles")).scalar()
            if count != n or conn.dialect.name != "postgresql":
                return count == n
            index = conn.execute(
                text(
                    "SELECT 1 FROM pg_indexes"
                    " WHERE tablename = 'embeddings' AND indexdef LIKE '%hnsw%'"
                )
            ).first()
            return index is not None
    finally:
        store.close()


def reopen(url: str, result: dict[str, Any]) -> tuple[Any, Any]:
    """A store built by an earlier run (`--reuse`), and the fast embedder of its vectors."""
    from assay.enrich.embed import load_embedder
    from assay.settings import load_settings
    from assay.store import Store

    for key in ("load_seconds", "embed_seconds", "fts_index_seconds", "vector_index_seconds"):
        result[key] = "reused"
    embedder = load_embedder(load_settings(), "fast")
    result["vectors"] = f"{embedder.name} (built by an earlier run)"
    return Store.open_url(url), embedder


def measure(
    url: str, n: int, queries: int, hnsw: bool | None, reuse: bool = False
) -> dict[str, Any]:
    """Build one store (or, with `reuse`, take the one built before) and time every kind
    of search on it. `hnsw`: HNSW at any size (True), never (False), or from
    HNSW_THRESHOLD vectors (None)."""
    from assay.search import IndexCache, related, search
    from assay.search.vectors import HNSW_THRESHOLD, ExactIndex

    docs = read_docs()
    backend_name = url.split(":", 1)[0].split("+", 1)[0]
    result: dict[str, Any] = {"articles": n, "backend": backend_name}
    if reuse:
        store, embedder = reopen(url, result)
    else:
        store, embedder = build_store(url, n, docs, result)
    try:
        threshold = {True: 0, False: n + 1, None: HNSW_THRESHOLD}[hnsw]
        indexes = IndexCache(store.path, hnsw_threshold=threshold)
        started = time.perf_counter()
        with store.search_backend() as backend:
            # PostgreSQL searches pgvector's index, as assay does: no index in the process
            in_database = backend.vector_index(embedder.name) is not None
            index = None if in_database else indexes.get(backend, embedder.name)
        result["index_seconds"] = round(time.perf_counter() - started, 1)
        result["index"] = (
            "pgvector HNSW"
            if index is None
            else f"{type(index).__name__} {len(index):,} x {index.dim}"
        )
        qs = filtered(make_queries(docs, queries))
        for q in qs[:5]:  # warm caches
            search(store, q, embedder=embedder, indexes=indexes)
        times: dict[str, list[float]] = {"full-text": [], "vector": [], "hybrid": []}
        # CPU time too: on a busy machine wall times mostly measure the wait for a core.
        # This process's, plus a local PostgreSQL server's for its statements.
        cpu: dict[str, list[float]] = {kind: [] for kind in times}
        server = ServerCpu(store.engine)

        def spent() -> float:
            return time.process_time() + server.total

        def timed(kind: str, started: float, cpu_started: float) -> None:
            times[kind].append(time.perf_counter() - started)
            cpu[kind].append(spent() - cpu_started)

        for q in qs:
            t, c = time.perf_counter(), spent()
            search(store, q)
            timed("full-text", t, c)
            t, c = time.perf_counter(), spent()
            with store.search_backend() as backend:  # PostgreSQL: pgvector's HNSW index
                (backend.vector_index(embedder.name) or index).search(
                    embedder.encode([q.replace('"', "")])[0], 20
                )
            timed("vector", t, c)
            t, c = time.perf_counter(), spent()
            search(store, q, embedder=embedder, indexes=indexes)
            timed("hybrid", t, c)
        rng = random.Random(4)
        rel = []
        for article_id in rng.sample(range(1, n + 1), 50):
            t = time.perf_counter()
            related(store, article_id, k=5, indexes=indexes)
            rel.append(time.perf_counter() - t)
        result["latency_ms"] = {k: _percentiles(v) for k, v in times.items()}
        result["cpu_ms"] = {k: _percentiles(v) for k, v in cpu.items()}
        # The queries alternate plain and filtered (`filtered`).
        result["cpu_filtered_ms"] = {k: _percentiles(v[1::2]) for k, v in cpu.items()}
        result["filtered_ms"] = {k: _percentiles(v[1::2]) for k, v in times.items()}
        result["server_cpu"] = server.available
        result["related_ms"] = _percentiles(rel)
        result["size_mb"] = round(store_size(store, embedder.name) / 1e6, 1)
        if in_database:
            result["hnsw_recall_at_10"] = database_recall_at_10(store, embedder.name, n)
        elif type(index).__name__ == "HnswIndex":
            exact = ExactIndex(index.dim)
            exact.build(index.ids, index.matrix)
            probes = index.matrix[np.random.default_rng(1).integers(0, len(index), 100)]
            result["hnsw_recall_at_10"] = recall_at_10(index, exact, probes)
        result["load_average"] = round(os.getloadavg()[0], 1)
    finally:
        store.close()
    return result


@contextlib.contextmanager
def scratch_database(server: str, name: str, keep: bool = False) -> Iterator[tuple[str, bool]]:
    """(URL, whether it was there before) of database `name` on the server at `server`:
    a new, empty one dropped on exit, or with `keep` the one a kept run left (else a new
    one), left in place."""
    from sqlalchemy import create_engine, text

    from assay.store.engine import normalize_url

    admin = create_engine(normalize_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        found = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).first()
        existed = keep and found is not None
        if not existed:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            normalize_url(server).set(database=name).render_as_string(hide_password=False),
            existed,
        )
    finally:
        if not keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def report(results: list[dict[str, Any]]) -> None:
    """Backends side by side, one column each."""
    cols = [f"{r['backend']} {r['articles']:,}" for r in results]
    print(f"{'':<24}" + "".join(f"{c:>22}" for c in cols))

    def row(label: str, values: list[Any]) -> None:
        print(f"{label:<24}" + "".join(f"{v!s:>22}" for v in values))

    row("bulk load (s)", [r["load_seconds"] for r in results])
    row("embed + load (s)", [r["embed_seconds"] for r in results])
    row("FTS + indexes (s)", [r["fts_index_seconds"] for r in results])
    row("pgvector HNSW (s)", [r["vector_index_seconds"] for r in results])
    row("index load/build (s)", [r["index_seconds"] for r in results])
    row("index (in-process)", [r["index"] for r in results])
    for kind in ("full-text", "vector", "hybrid"):
        for pct in ("p50", "p95"):
            row(f"{kind} {pct} (ms)", [r["latency_ms"][kind][pct] for r in results])
    for kind in ("full-text", "hybrid"):
        row(f"{kind}, filtered (ms)", [_pair(r["filtered_ms"][kind]) for r in results])
    for kind in ("full-text", "hybrid"):
        row(f"{kind} CPU p50/p95 (ms)", [_pair(r["cpu_ms"][kind]) for r in results])
        row("  the filtered half", [_pair(r["cpu_filtered_ms"][kind]) for r in results])
    row("CPU counts the server", [r.get("server_cpu", False) for r in results])
    row("related p95 (ms)", [r["related_ms"]["p95"] for r in results])
    row("size on disk (MB)", [r["size_mb"] for r in results])
    row("HNSW recall@10", [r.get("hnsw_recall_at_10", "-") for r in results])
    row("load average", [r["load_average"] for r in results])
    print(f"vectors: {results[0]['vectors']}")
    print("vector and hybrid on PostgreSQL ask pgvector's HNSW; SQLite, the in-process index.")


def _pair(p: dict[str, float]) -> str:
    return f"{p['p50']} / {p['p95']}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__)
    parser.add_argument("--n", type=int, action="append", help="Articles (repeatable).")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--postgres",
        help="A PostgreSQL server URL: each size is also built in a fresh database there "
        "(assay_bench_scale_N, dropped afterwards).",
    )
    parser.add_argument("--hnsw", action="store_true", help="HNSW at any size.")
    parser.add_argument(
        "--exact",
        action="store_true",
        help="Search the vectors exactly at any size (no HNSW index to build).",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="Only the PostgreSQL side.")
    parser.add_argument("--keep", type=Path, help="Folder for the SQLite files (kept).")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="With --keep (SQLite) or --keep-postgres: measure the store built there before "
        "instead of rebuilding.",
    )
    parser.add_argument(
        "--keep-postgres",
        action="store_true",
        help="Keep the PostgreSQL database (assay_bench_scale_N) for a later --reuse run.",
    )
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    hnsw = True if args.hnsw else False if args.exact else None
    for n in args.n or [100_000]:
        results = []
        with tempfile.TemporaryDirectory(prefix="assay-bench-scale-") as tmp:
            folder = args.keep or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            db = folder / f"scale-{n}.db"
            reuse = args.reuse and db.exists()
            for path in [] if reuse else folder.glob(f"scale-{n}.db*"):
                path.unlink()
            if not args.no_sqlite:
                results.append(measure(f"sqlite:///{db}", n, args.queries, hnsw, reuse))
        if args.postgres:
            name = f"assay_bench_scale_{n}"
            with scratch_database(args.postgres, name, args.keep_postgres) as (url, existed):
                reuse = args.reuse and existed and built(url, n)
                if args.keep_postgres and existed and not reuse:
                    raise SystemExit(
                        f"Database {name} exists: pass --reuse to measure the store a kept "
                        "run finished there, or drop it (DROP DATABASE) to build again."
                    )
                results.append(measure(url, n, args.queries, hnsw, reuse))
        report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
