"""Enrichment on Dask: docs/s in this process and on a LocalCluster of 1 and of 2 workers.

Enriches the first `--n` Reuters-21578 stories (default 5,000) three ways and checks that
the Dask runs return the same records as the in-process run. Model loading is timed
apart (each worker loads its models once, on its first task).

Example:
    python -m benchmarks.scale_dask --n 5000
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from benchmarks.corpus import read_jsonl


def articles(n: int) -> list[Any]:
    from assay.models import Article

    docs = [d for d in read_jsonl("reuters21578.jsonl.gz") if d.get("text")][:n]
    return [
        Article(
            source=f"reuters:{d['id']}", title=str(d.get("title") or "").title(), text=d["text"]
        )
        for d in docs
    ]


def run(n: int, workers: list[int]) -> list[dict[str, Any]]:
    from assay.enrich import default_registry
    from assay.pipeline.cluster import DaskCluster, DaskExecutor, Scheduler
    from assay.pipeline.executors import EnricherFactory, InProcess
    from assay.settings import load_settings

    factory = EnricherFactory(load_settings(), default_registry())
    rows = []
    started = time.perf_counter()
    local = InProcess(factory)
    list(local.enrich(articles(2)))  # load the models before timing
    load = time.perf_counter() - started
    started = time.perf_counter()
    expected = [a.to_dict() for a in local.enrich(articles(n))]
    seconds = time.perf_counter() - started
    local.close()
    rows.append({"run": "in-process", "load_s": load, "seconds": seconds, "same": True})
    for count in workers:
        started = time.perf_counter()
        executor = DaskExecutor(factory, DaskCluster(Scheduler(local_workers=count)))
        try:
            list(executor.enrich(articles(2 * count)))  # every worker loads its models
            load = time.perf_counter() - started
            started = time.perf_counter()
            got = [a.to_dict() for a in executor.enrich(articles(n))]
            seconds = time.perf_counter() - started
        finally:
            executor.close()
        rows.append(
            {
                "run": f"Dask, {count} worker(s)",
                "load_s": load,
                "seconds": seconds,
                "same": got == expected,
            }
        )
    for row in rows:
        row["docs_per_s"] = round(n / row["seconds"], 1)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale_dask", description=__doc__)
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--workers", type=int, action="append", help="Cluster sizes (1, 2).")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    rows = run(args.n, args.workers or [1, 2])
    print(f"{args.n:,} Reuters stories")
    print(f"{'run':<22}{'load (s)':>10}{'enrich (s)':>12}{'docs/s':>9}  same records")
    for r in rows:
        print(
            f"{r['run']:<22}{r['load_s']:>10.1f}{r['seconds']:>12.1f}{r['docs_per_s']:>9}  "
            f"{'yes' if r['same'] else 'NO'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
