"""The hits of the scale benchmark's queries, saved to a file or compared with one.

A change to the search SQL must not change what the benchmark's 200 queries find: this
runs them (full text, hybrid, and related stories for a sample of articles) on a store
built by `benchmarks.scale` and writes each result's hit ids in order, its total and
whether the total is exact or a lower bound. `--compare` runs them again and lists every
query whose hits differ (totals and snippets are reported apart: they may change).

Example:
    python -m benchmarks.scale_hits postgresql://.../assay_bench_scale_100000 --save before.json
    python -m benchmarks.scale_hits postgresql://.../assay_bench_scale_100000 --compare before.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.scale import filtered, read_docs
from benchmarks.search import _percentiles, make_queries

RELATED_SAMPLE = 10


def run(url: str, queries: int) -> dict[str, Any]:
    """{kind: {query: result}} for full text, hybrid and related, plus timings."""
    from assay.enrich.embed import load_embedder
    from assay.search import IndexCache, related, search
    from assay.settings import load_settings
    from assay.store import Store

    qs = filtered(make_queries(read_docs(), queries))
    embedder = load_embedder(load_settings(), "fast")
    out: dict[str, Any] = {"full-text": {}, "hybrid": {}, "related": {}, "ms": {}}
    times: dict[str, list[float]] = {"full-text": [], "hybrid": []}
    with Store.open_url(url) as store:
        indexes = IndexCache(store.path)
        for q in qs:
            for kind, emb in (("full-text", None), ("hybrid", embedder)):
                started = time.perf_counter()
                page = search(store, q, embedder=emb, indexes=indexes)
                times[kind].append(time.perf_counter() - started)
                out[kind][q] = {
                    "ids": [h.id for h in page.hits],
                    "total": page.total,
                    "exact": page.exact_total,
                    "at_least": page.total_at_least,
                    "snippets": [h.snippet for h in page.hits],
                }
        with store.reading() as conn:
            from sqlalchemy import text

            top = int(conn.execute(text("SELECT max(id) FROM articles")).scalar_one())
        for article_id in random.Random(4).sample(range(1, top + 1), RELATED_SAMPLE):
            hits = related(store, article_id, k=5, indexes=indexes)
            out["related"][str(article_id)] = {"ids": [h.id for h in hits]}
    out["ms"] = {kind: _percentiles(v) for kind, v in times.items()}
    return out


def compare(before: dict[str, Any], after: dict[str, Any]) -> int:
    """Prints what differs; returns how many results' hits differ."""
    differ = 0
    for kind in ("full-text", "hybrid", "related"):
        hits = totals = snippets = 0
        for q, was in before[kind].items():
            now = after[kind].get(q)
            if now is None or now["ids"] != was["ids"]:
                hits += 1
                print(f"{kind}: hits differ for {q!r}: {was['ids']} -> {now and now['ids']}")
                continue
            if "total" in was and (was["total"], was["exact"], was["at_least"]) != (
                now["total"],
                now["exact"],
                now["at_least"],
            ):
                totals += 1
            if was.get("snippets") != now.get("snippets"):
                snippets += 1
        print(
            f"{kind}: {len(before[kind])} results, {hits} with other hits, "
            f"{totals} with another total, {snippets} with other snippets"
        )
        differ += hits
    print(f"timings before {before['ms']}, after {after['ms']}")
    return differ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale_hits", description=__doc__)
    parser.add_argument("url", help="A store built by benchmarks.scale.")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--save", type=Path, help="Write the results here.")
    parser.add_argument("--compare", type=Path, help="Compare with results saved before.")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    result = run(args.url, args.queries)
    if args.save:
        args.save.write_text(json.dumps(result, indent=1))
    if args.compare:
        return 1 if compare(json.loads(args.compare.read_text()), result) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
