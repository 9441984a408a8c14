"""Related-article quality on Reuters-21578: precision@5 of "shares a topic label".

A store of Reuters stories that carry topic labels is built in a temporary folder, run
through the real pipeline pieces (Enricher, story clustering, fast embeddings when the
model is built), then for a fixed sample of query articles we compare

- assay `related()` (embeddings + BM25 more-like-this + entities + fact parties + recency),
- a TF-IDF cosine baseline (scikit-learn) over the same stored articles, with the same
  exclusions (the article, its story cluster) and one result per cluster,
- the embedding neighbours alone (when the embedder is available).

A result counts as relevant when it shares at least one Reuters topic label with the query.
The corpus is read at run time and never copied into the repository.

Example:
    python -m evaluation.related               # 5,000 stories, 500 queries
    python -m evaluation.related --n 2000 --queries 200 --format json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.corpus import read_jsonl

CORPUS = "reuters21578.jsonl.gz"
K = 5


def load_reuters(n: int) -> list[dict[str, Any]]:
    """The first `n` Reuters stories with at least one topic label and some body text,
    leaving out the corpus's reserved documents (never used to tune anything)."""
    from evaluation.real.corpus import reserved_ids

    reserved = {doc_id for corpus, doc_id in reserved_ids() if corpus == "reuters21578"}
    docs = []
    for row in read_jsonl(CORPUS):
        if str(row.get("id")) in reserved:
            continue
        if row.get("topics") and len(row.get("text") or "") >= 200:
            docs.append(row)
            if len(docs) == n:
                break
    return docs


def _article(row: dict[str, Any]) -> Any:
    from assay.models import Article

    published = datetime.fromisoformat(row["date_iso"]) if row.get("date_iso") else None
    return Article(
        source=f"reuters:{row['id']}",
        url=f"https://reuters.example/{row['id']}",
        title=str(row.get("title") or "").title(),
        text=str(row["text"]),
        published=published,
        language="en",
    )


def build_store(
    path: Path, docs: list[dict[str, Any]], enrich: bool
) -> tuple[Any, dict[int, int], dict[str, Any]]:
    """A store of `docs`; returns it, article id -> Reuters id, and timings."""
    from assay.settings import load_settings
    from assay.store import Store

    settings = load_settings(db=path)
    store = Store.open(settings)
    info: dict[str, Any] = {}
    articles = [_article(d) for d in docs]
    started = time.perf_counter()
    if enrich:
        from assay.pipeline.executors import make_executor

        executor = make_executor(settings)
        try:
            articles = list(executor.enrich(articles))
        finally:
            executor.close()
    info["enrich_seconds"] = round(time.perf_counter() - started, 1)
    info["enriched"] = enrich
    results = []
    for start in range(0, len(articles), 500):
        results += store.save_articles(articles[start : start + 500], "eval")
    # Exact copies are stored once: the first Reuters id names the article.
    to_reuters: dict[int, int] = {}
    for r, d in zip(results, docs, strict=True):
        to_reuters.setdefault(r.id, int(d["id"]))
    started = time.perf_counter()
    from assay.stories import cluster_pending

    report = cluster_pending(store)
    info["clusters"] = report.__dict__
    info["cluster_seconds"] = round(time.perf_counter() - started, 1)
    info.update(ensure_embeddings(store, settings))
    return store, to_reuters, info


def ensure_embeddings(store: Any, settings: Any) -> dict[str, Any]:
    """Embed every stored article with the fast model, if it is built (the ingest backlog)."""
    from assay.errors import AssayError

    try:
        from assay.enrich.embed import load_embedder
        from assay.pipeline import embed_backlog

        embedder = load_embedder(settings, "fast")
    except (ImportError, AssayError) as exc:  # no model built: evaluate without vectors
        return {"embedder": None, "embedder_error": str(exc)}
    started = time.perf_counter()
    embed_backlog(store, embedder)
    return {"embedder": embedder.name, "embed_seconds": round(time.perf_counter() - started, 1)}


def reopen_store(
    path: Path, docs: list[dict[str, Any]]
) -> tuple[Any, dict[int, int], dict[str, Any]]:
    """A store kept by an earlier run with --db (for trying scoring changes quickly)."""
    from sqlalchemy import text

    from assay.store import Store

    store = Store.open_url(f"sqlite:///{path}")
    models = store.embedding_models()
    with store.reading() as conn:
        rows = conn.execute(text("SELECT id, source FROM articles")).all()
    wanted = {int(d["id"]) for d in docs}
    to_reuters = {r[0]: int(r[1].split(":")[1]) for r in rows}
    to_reuters = {a: rid for a, rid in to_reuters.items() if rid in wanted}
    info: dict[str, Any] = {"enriched": "reused", "enrich_seconds": 0, "cluster_seconds": 0}
    if models:
        info["embedder"] = models[0]
    else:
        from assay.settings import load_settings

        info.update(ensure_embeddings(store, load_settings(db=path)))
    return store, to_reuters, info


def _clusters(store: Any) -> dict[int, int | None]:
    from sqlalchemy import text

    with store.reading() as conn:
        return {r[0]: r[1] for r in conn.execute(text("SELECT id, cluster_id FROM articles"))}


def _pick(order: list[int], query: int, cluster: dict[int, int | None], k: int) -> list[int]:
    """Top k of `order` without the query, its cluster, or a second member of any cluster."""
    own = cluster.get(query)
    seen: set[int] = set()
    out = []
    for aid in order:
        cid = cluster.get(aid)
        if aid == query or (own is not None and cid == own):
            continue
        if cid is not None:
            if cid in seen:
                continue
            seen.add(cid)
        out.append(aid)
        if len(out) == k:
            break
    return out


def run(
    n: int = 5000,
    queries: int = 500,
    enrich: bool = True,
    seed: int = 13,
    db: Path | None = None,
) -> dict[str, Any]:
    """Build the store (or reuse `db` if it exists), score assay and the baselines."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from assay.search import IndexCache, related

    docs = load_reuters(n)
    topics = {int(d["id"]): set(d["topics"]) for d in docs}
    with tempfile.TemporaryDirectory(prefix="assay-eval-related-") as tmp:
        if db is not None and db.exists():
            store, to_reuters, info = reopen_store(db, docs)
        else:
            store, to_reuters, info = build_store(db or Path(tmp) / "eval.db", docs, enrich)
        try:
            ids = list(to_reuters)
            cluster = _clusters(store)
            sample = random.Random(seed).sample(ids, min(queries, len(ids)))

            vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=2)
            by_id = {int(d["id"]): d for d in docs}
            matrix = vectorizer.fit_transform(
                [f"{by_id[to_reuters[i]]['title']} {by_id[to_reuters[i]]['text']}" for i in ids]
            )
            row_of = {aid: r for r, aid in enumerate(ids)}

            indexes = IndexCache()
            index = None
            if info["embedder"]:
                with store.search_backend() as backend:
                    index = indexes.get(backend, info["embedder"])
            hits: dict[str, list[float]] = {"assay": [], "tfidf": [], "embedding": []}
            latencies = []
            for q in sample:
                wanted = topics[to_reuters[q]]

                def precision(found: list[int], wanted: set[str] = wanted) -> float:
                    return sum(bool(topics[to_reuters[a]] & wanted) for a in found) / K

                started = time.perf_counter()
                ours = [r.id for r in related(store, q, k=K, indexes=indexes)]
                latencies.append(time.perf_counter() - started)
                hits["assay"].append(precision(ours))

                sims = (matrix @ matrix[row_of[q]].T).toarray().ravel()
                top = np.argsort(-sims, kind="stable")[: 50 + K]
                hits["tfidf"].append(precision(_pick([ids[i] for i in top], q, cluster, K)))

                if index is not None:
                    vec = index.vector(q)
                    near = [a for a, _ in index.search(vec, 50 + K)] if vec is not None else []
                    hits["embedding"].append(precision(_pick(near, q, cluster, K)))
        finally:
            store.close()
    lat = np.array(latencies) * 1000
    return {
        "documents": len(docs),
        "queries": len(sample),
        "k": K,
        "precision_at_5": {name: round(float(np.mean(v)), 4) for name, v in hits.items() if v},
        "related_ms_p50": round(float(np.percentile(lat, 50)), 1),
        "related_ms_p95": round(float(np.percentile(lat, 95)), 1),
        **info,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.related", description=__doc__)
    parser.add_argument("--n", type=int, default=5000, help="Reuters stories in the store.")
    parser.add_argument("--queries", type=int, default=500, help="Query articles sampled.")
    parser.add_argument("--no-enrich", action="store_true", help="Skip the Enricher (no entities).")
    parser.add_argument("--seed", type=int, default=13, help="Seed for sampling queries.")
    parser.add_argument("--db", type=Path, help="Keep the store here; reuse it if it exists.")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    args = parser.parse_args(argv)
    result = run(args.n, args.queries, enrich=not args.no_enrich, seed=args.seed, db=args.db)
    if args.format == "json":
        print(json.dumps(result, indent=2, default=str))
        return 0
    print(f"{result['documents']} Reuters stories, {result['queries']} queries, precision@{K}")
    print(f"  embedder: {result['embedder'] or 'none (' + result.get('embedder_error', '') + ')'}")
    for name, value in result["precision_at_5"].items():
        print(f"  {name:<10} {value:.3f}")
    print(
        f"  related() latency p50 {result['related_ms_p50']} ms, p95 {result['related_ms_p95']} ms"
    )
    print(f"  enrich {result['enrich_seconds']} s, cluster {result['cluster_seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
