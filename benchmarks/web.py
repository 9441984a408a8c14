"""Web latency: pages and the API served by uvicorn, loaded from a second process.

Builds a SQLite store of `--n` (default 10,000) Reuters-21578 stories, read at run time:
the first `--enrich` (default 1,000) go through the real enrichment (sectors, entities,
facts, summary) and `Store.save_articles`; the rest are bulk-inserted as text with no
enrichment (enriching all 10,000 takes ~3 minutes on two cores and changes no page's
cost much: an article page costs its own entities and facts). Every article gets a fast
embedding when the model is built, so search runs hybrid as it does after `assay ingest`.
Publication dates are spread every 10 minutes up to now, so "today" has stories.

Then `assay serve` runs in a subprocess on 127.0.0.1 and this process requests, one at a
time over one keep-alive connection, `--requests` (default 100) of each: the home page,
article pages (enriched articles), entity pages (the most mentioned entities), search
pages and /api/v1/search (title-word queries, phrases and operators). Targets: p95 under
150 ms for pages, under 100 ms for the API.

Example:
    python -m benchmarks.web
    python -m benchmarks.web --n 2000 --enrich 200 --requests 50
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.corpus import read_jsonl
from benchmarks.search import make_queries

CORPUS = "reuters21578.jsonl.gz"
TARGETS_MS = {"page": 150.0, "api": 100.0}


def load(path: Path, n: int, enrich: int) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """Fill a store at `path`; returns timings and the Reuters docs used."""
    from sqlalchemy import insert

    from assay.models import Article, text_hash
    from assay.settings import load_settings
    from assay.store import Store
    from assay.store.schema import articles

    docs = [d for d in read_jsonl(CORPUS) if d.get("text")][:n]
    now = datetime.now(UTC).replace(microsecond=0)
    when = [now - timedelta(minutes=10 * (len(docs) - i)) for i in range(len(docs))]
    settings = load_settings(db=path)
    timings: dict[str, float] = {}
    store = Store.open(settings)
    started = time.perf_counter()
    if enrich:
        from assay.enrich import Enricher

        enricher = Enricher(settings)
        try:
            batch = [
                Article(
                    source=f"reuters:{d['id']}",
                    text=str(d["text"]),
                    title=str(d.get("title") or "").title(),
                    url=f"https://wire.example/{d['id']}",
                    published=when[i],
                    site_name="wire.example",
                    language="en",
                )
                for i, d in enumerate(docs[:enrich])
            ]
            done = list(enricher.enrich(batch))
            store.save_articles(done, enriched_with=enricher.version)
        finally:
            enricher.close()
    timings["enrich_and_save_s"] = time.perf_counter() - started
    started = time.perf_counter()
    stamp = datetime.now(UTC)
    rows = [
        {
            "url": f"https://wire.example/{d['id']}",
            "content_hash": text_hash(f"{d['id']} {d['text']}"),
            "source": f"reuters:{d['id']}",
            "story_index": 0,
            "title": str(d.get("title") or "").title(),
            "text": str(d["text"]),
            "published": when[i],
            "authors": [],
            "site_name": "wire.example",
            "language": "en",
            "removed": [],
            "summary": "",
            "keywords": [],
            "ingested_at": stamp,
            "updated_at": stamp,
        }
        for i, d in enumerate(docs)
        if i >= enrich
    ]
    with store.transaction() as conn:
        for start in range(0, len(rows), 5000):
            conn.execute(insert(articles), rows[start : start + 5000])
    timings["bulk_insert_s"] = time.perf_counter() - started
    started = time.perf_counter()
    timings["embedded"] = float(_embed(store, settings))
    timings["embed_s"] = time.perf_counter() - started
    store.close()
    return timings, docs


def _embed(store: Any, settings: Any) -> int:
    """Fast-model vectors for every article; 0 when the model is not built."""
    from assay.errors import AssayError

    try:
        from assay.enrich.embed import embedding_text, load_embedder

        embedder = load_embedder(settings, "fast")
    except (ImportError, AssayError):
        return 0
    todo = store.articles_without_embedding(embedder.name)
    for start in range(0, len(todo), 2000):
        chunk = todo[start : start + 2000]
        vectors = embedder.encode([embedding_text(r["title"], r["text"]) for r in chunk])
        store.save_embeddings(embedder.name, [r["id"] for r in chunk], vectors)
    return len(todo)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(path: Path, port: int) -> subprocess.Popen[bytes]:
    """`assay serve` in a subprocess, search rate limit off (one client sends hundreds)."""
    env = {**os.environ, "ASSAY_RATE_LIMIT_SEARCH": "0", "ASSAY_RATE_LIMIT_WRITE": "0"}
    command = [sys.executable, "-m", "assay.cli", "--db", str(path), "serve", "--port", str(port)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_until_up(client: Any, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"assay serve exited: {server.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        try:
            if client.get("/api/v1/health").status_code == 200:
                return
        except Exception:  # not listening yet
            time.sleep(0.2)
    raise SystemExit("assay serve did not answer within a minute")


def measure(client: Any, paths: list[str], warmup: int = 5) -> dict[str, Any]:
    """p50/p95 (ms) of GETs of `paths`, one at a time, after a few unmeasured ones."""
    for path in paths[:warmup]:
        client.get(path)
    times, failed = [], 0
    for path in paths:
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        failed += response.status_code != 200
    ms = np.array(times) * 1000
    return {
        "p50": float(np.percentile(ms, 50)),
        "p95": float(np.percentile(ms, 95)),
        "requests": len(paths),
        "failed": failed,
    }


def targets(
    store_path: Path, docs: list[dict[str, Any]], count: int, enrich: int
) -> dict[str, Any]:
    """The URL paths to request, per kind."""
    from urllib.parse import quote, urlencode

    from assay.settings import load_settings
    from assay.store import Store

    rng = random.Random(13)
    with Store.open(load_settings(db=store_path)) as store:
        entities = [e["key"] for e in store.active_entities(limit=50)]
        article_ids = [a["id"] for a in store.list_articles(limit=max(enrich, 1) * 2)]
    enriched = list(range(1, enrich + 1)) or article_ids
    queries = make_queries(docs, count)
    return {
        "home page": ("page", ["/"] * count),
        "article page": ("page", [f"/articles/{rng.choice(enriched)}" for _ in range(count)]),
        "entity page": (
            "page",
            [f"/entities/{quote(rng.choice(entities), safe=':')}" for _ in range(count)]
            if entities
            else [],
        ),
        "search page": ("page", [f"/search?{urlencode({'q': q})}" for q in queries]),
        "/api/v1/search": ("api", [f"/api/v1/search?{urlencode({'q': q})}" for q in queries]),
    }


def main() -> None:
    import httpx

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles stored")
    parser.add_argument("--enrich", type=int, default=1_000, help="articles enriched")
    parser.add_argument("--requests", type=int, default=100, help="requests per kind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="assay-web-bench-") as tmp:
        path = Path(tmp) / "web.db"
        timings, docs = load(path, args.n, min(args.enrich, args.n))
        print(
            f"Store: {args.n:,} Reuters articles ({args.enrich:,} enriched in "
            f"{timings['enrich_and_save_s']:.0f} s, the rest bulk-inserted in "
            f"{timings['bulk_insert_s']:.1f} s; {int(timings['embedded']):,} embedded in "
            f"{timings['embed_s']:.1f} s).",
            flush=True,
        )
        kinds = targets(path, docs, args.requests, min(args.enrich, args.n))
        port = free_port()
        server = serve(path, port)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
                wait_until_up(client, server)
                loadavg = ", ".join(f"{x:.1f}" for x in os.getloadavg())
                print(f"Load average before the run: {loadavg} on {os.cpu_count()} cores.")
                print(f"{'what':<16} {'p50 ms':>8} {'p95 ms':>8} {'target':>8}  requests")
                for name, (kind, paths) in kinds.items():
                    if not paths:
                        print(f"{name:<16} (nothing to request)")
                        continue
                    r = measure(client, paths)
                    target = TARGETS_MS[kind]
                    verdict = "ok" if r["p95"] < target else "OVER"
                    failed = f", {r['failed']} not 200" if r["failed"] else ""
                    print(
                        f"{name:<16} {r['p50']:>8.1f} {r['p95']:>8.1f} {f'<{target:.0f}':>8}  "
                        f"{r['requests']} {verdict}{failed}",
                        flush=True,
                    )
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    main()
