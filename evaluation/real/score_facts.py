"""Score assay's entities and facts on the real-text gold set (the `full` annotation batches).

A development tool for the fact and entity extractors: it reads only the items of the split
asked for (dev by default), builds each document as evaluated (`corpus.document_text`), runs
the Enricher in this process and scores with `evaluation/score.py`. Tune on dev; score test
once, at the end.

    python -m evaluation.real.score_facts                     # dev split, table
    python -m evaluation.real.score_facts --errors            # plus FPs/FNs per document
    python -m evaluation.real.score_facts --split test        # the held-out figures
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from pathlib import Path
from typing import Any

from evaluation.real import select
from evaluation.real.corpus import document_text, load_document
from evaluation.score import aggregate, format_errors, format_report, score_item

ANNOTATIONS = Path(__file__).with_name("annotations")
# Every full-depth batch read for rules; not the unseen checks (select.UNSEEN_BATCHES,
# 14-15, and select.FOURTH_UNSEEN_BATCHES, 26-29: score them with --batch). Batches 20-21
# and 22-25 (select.SECOND_ and THIRD_UNSEEN_BATCHES) were read for rules once scored unseen.
# Batches 30-45 (select.TRAIN_BATCHES) stay out too: their even half was read for rules,
# their odd half judges them (--batch 30 ... --batch 45 --half odd).
FULL_BATCHES = (
    *select.FULL_BATCHES,
    *select.FACT_BATCHES,
    *select.FRESH_BATCHES,
    *select.READ_BATCHES,
    *select.SECOND_UNSEEN_BATCHES,
    *select.THIRD_UNSEEN_BATCHES,
)


def load_items(split: str, batches: tuple[int, ...] = FULL_BATCHES) -> list[dict[str, Any]]:
    """Annotated `full` items of one split (dev or test), with their document text."""
    items: list[dict[str, Any]] = []
    for batch in batches:
        path = ANNOTATIONS / f"batch-{batch}.jsonl"
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                row = json.loads(line)
                if row.get("split") != split:
                    continue  # never read the other split's labels
                doc = load_document(row["corpus"], row["id"])
                row["id"] = f"{row['corpus']}:{row['id']}"
                row["title"] = doc["title"]
                row["text"] = document_text(doc)
                items.append(row)
    return items


def half_of(item_id: str) -> str:
    """ "even" or "odd": a fixed half of the documents by a hash of "corpus:id", so rules can
    be written while reading one half and checked on the other."""
    return "even" if zlib.crc32(item_id.encode("utf-8")) % 2 == 0 else "odd"


def predict(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Enrich each item's text in this process; predictions as `score.py` reads them."""
    from assay.enrich import Enricher
    from assay.models import Article
    from assay.settings import load_settings
    from evaluation.score import prediction_from_article

    enricher = Enricher(load_settings())
    articles = [
        Article(source=it["id"], text=it["text"], title=it["title"], language="en") for it in items
    ]
    only = ("entities", "facts")
    return [prediction_from_article(a) for a in enricher.enrich(articles, only=only)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.real.score_facts")
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--errors", action="store_true", help="FPs and FNs per document")
    parser.add_argument("--json", action="store_true", help="the report as JSON")
    parser.add_argument(
        "--half", choices=("even", "odd"), help="only the documents of one id-hash half"
    )
    parser.add_argument(
        "--batch", type=int, action="append", help="only these annotation batches (repeatable)"
    )
    args = parser.parse_args(argv)
    items = load_items(args.split, tuple(args.batch or FULL_BATCHES))
    if args.half:
        items = [it for it in items if half_of(it["id"]) == args.half]
    started = time.perf_counter()
    preds = predict(items)
    elapsed = time.perf_counter() - started
    results = [score_item(it, p) for it, p in zip(items, preds, strict=True)]
    report = aggregate(results, args.split)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
        return 0
    print(f"enriched {len(items)} documents in {elapsed:.1f} s\n")
    # Sectors are not run here (entities and facts only): their rows stay empty.
    print(format_report(report))
    if args.errors:
        print("\n-- errors per document")
        for r in results:
            text = format_errors(r)
            if text:
                print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
