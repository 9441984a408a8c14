"""Run the enrichers over the gold set and print precision, recall and F1.

Example:
    python -m evaluation                  # tables for all, dev and test
    python -m evaluation --split test --format json
    python -m evaluation --split dev --errors
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evaluation.score import (
    GOLD_DIR,
    aggregate,
    format_errors,
    format_report,
    load_gold,
    prediction_from_article,
    score_item,
)

SPLITS = ("all", "dev", "test")

Predictor = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--split", choices=SPLITS, default=None, help="Score one split only.")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--errors", action="store_true", help="Print FPs and FNs per item.")
    parser.add_argument("--gold", type=Path, default=GOLD_DIR, help="Directory of *.jsonl files.")
    return parser.parse_args(argv)


def load_enricher() -> Predictor:
    """Load assay's enrichers once; the returned function enriches items into predictions."""
    from assay.models import Article
    from assay.pipeline.executors import make_executor
    from assay.settings import load_settings

    enricher = make_executor(load_settings())

    def predict(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        articles = [Article(source=str(i["id"]), text=str(i["text"]), language="en") for i in items]
        return [prediction_from_article(a) for a in enricher.enrich(articles)]

    return predict


def main(argv: list[str] | None = None, load: Callable[[], Predictor] = load_enricher) -> int:
    """Score the predictor `load` returns (assay's enrichers by default); returns the exit code."""
    args = _parse(argv)
    try:
        items = load_gold(args.gold)
    except (OSError, ValueError) as exc:
        print(f"Error: cannot read the gold set in {args.gold}: {exc}", file=sys.stderr)
        return 1
    if not items:
        print(f"Error: no *.jsonl gold files in {args.gold}.", file=sys.stderr)
        return 1
    if args.split in ("dev", "test"):
        items = [it for it in items if it.get("split") == args.split]

    from assay.errors import AssayError

    try:
        predict = load()  # model loading is not part of the timed enrichment
        started = time.perf_counter()
        preds = predict(items)
        elapsed = time.perf_counter() - started
    except ImportError as exc:
        # The extractors are written in parallel: a missing module is an expected state.
        print(
            f"Error: cannot import the enrichers ({exc}). Make sure assay/enrich/ is complete.",
            file=sys.stderr,
        )
        return 1
    except AssayError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1

    results = [score_item(it, p) for it, p in zip(items, preds, strict=True)]
    splits = [args.split] if args.split else list(SPLITS)
    reports = [
        aggregate(
            (r for r, it in zip(results, items, strict=True) if s == "all" or it["split"] == s),
            s,
        )
        for s in splits
    ]
    rate = len(items) / elapsed if elapsed else float("inf")

    if args.format == "json":
        out: dict[str, Any] = {
            "items": len(items),
            "seconds": round(elapsed, 3),
            "items_per_second": round(rate, 1),
            "reports": [r.as_dict() for r in reports],
        }
        if args.errors:
            out["errors"] = {r.id: format_errors(r) for r in results if format_errors(r)}
        print(json.dumps(out, indent=2))
        return 0

    print(f"enriched {len(items)} items in {elapsed:.2f} s ({rate:.1f} items/s)\n")
    for report in reports:
        print(format_report(report))
        print()
    if args.errors:
        print("-- errors per item")
        for r in results:
            text = format_errors(r)
            if text:
                print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
