"""Ingestion throughput over Reuters-21578: extract -> (enrich) -> SQLite, articles/s."""

from __future__ import annotations

import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from assay.models import Page
from assay.pipeline import Ingestor
from assay.settings import load_settings
from assay.store import Store
from benchmarks.corpus import read_jsonl


def reuters_pages(n: int) -> list[Page]:
    pages = []
    for row in read_jsonl("reuters21578.jsonl.gz", limit=n):
        published = datetime.fromisoformat(row["date_iso"]) if row.get("date_iso") else None
        pages.append(
            Page(
                source=f"reuters21578:{row['id']}",
                content=row["text"],
                kind="text",
                url=f"https://reuters21578.example/{row['id']}",
                title=row.get("title") or None,
                published=published,
            )
        )
    return pages


def _ingest(pages: list[Page], enrich: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(db=Path(tmp) / "bench.db", min_text_chars=20)
        store = Store.open(settings)
        enricher = None
        if enrich:
            from assay.pipeline.executors import make_executor

            enricher = make_executor(settings)
        ing = Ingestor(store, settings, enricher)
        t0 = time.perf_counter()
        for page in pages:
            ing.add_page(page)
        ing.flush()
        seconds = time.perf_counter() - t0
        # A second pass is what a re-poll looks like: everything must come back unchanged.
        ing2 = Ingestor(store, settings, enricher)
        t1 = time.perf_counter()
        for page in pages:
            ing2.add_page(page)
        ing2.flush()
        again = time.perf_counter() - t1
        if enricher is not None:
            enricher.close()
    r = ing.report
    return {
        "pages": len(pages),
        "stored": r.new,
        "failed": r.failed,
        "seconds": round(seconds, 2),
        "articles_per_s": round(r.new / seconds, 1) if seconds else None,
        "reingest_unchanged": ing2.report.unchanged,
        "reingest_per_s": round(len(pages) / again, 1) if again else None,
    }


def run(n: int = 3000) -> dict[str, Any]:
    pages = reuters_pages(n)
    return {"text_only": _ingest(pages, enrich=False), "enriched": _ingest(pages, enrich=True)}


def main() -> None:
    res = run()
    print("Ingestion over Reuters-21578 (first N documents, SQLite; enrichment in a worker pool)")
    header = ("mode", "pages", "stored", "failed", "s", "art/s", "re-ingest/s")
    print("{:<10} {:>6} {:>7} {:>7} {:>7} {:>8} {:>12}".format(*header))
    for mode, r in res.items():
        print(
            f"{mode:<10} {r['pages']:>6} {r['stored']:>7} {r['failed']:>7} {r['seconds']:>7} "
            f"{r['articles_per_s']:>8} {r['reingest_per_s']:>12}"
        )


if __name__ == "__main__":
    main()
