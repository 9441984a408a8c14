"""Run the enrichers over the gold sets and print precision, recall and F1.

Two sets: the real-text set (`evaluation/real`, Reuters-21578 and AllSides documents read from
../shared/corpus; the headline) and the self-written regression set (`evaluation/gold`).
With the real-text set comes the furniture line filter's precision and recall on the held-out
pages of the Zyte benchmark (also read from ../shared/corpus; a line says when it is absent).

Example:
    python -m evaluation                  # both sets: tables for all, dev and test
    python -m evaluation --set real --split test --format json
    python -m evaluation --set regression --split dev --errors
    python -m evaluation --set real --batch 9 --batch 10   # a later top-up alone
    python -m evaluation --set real --split test --title-apart  # titles as feeds give them
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
    Item,
    ItemResult,
    Report,
    aggregate,
    format_errors,
    format_report,
    load_gold,
    prediction_from_article,
    score_item,
)

SPLITS = ("all", "dev", "test")
SETS = ("both", "real", "regression")

Predictor = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]
# Worker pools load_enricher started: stopped before exit, not left to interpreter shutdown
# (which reports a broken pipe from the pool's wake-up channel).
_EXECUTORS: list[Any] = []


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--set", choices=SETS, default="both", help="Which gold set to score.")
    parser.add_argument("--split", choices=SPLITS, default=None, help="Score one split only.")
    parser.add_argument(
        "--batch",
        type=int,
        action="append",
        default=None,
        help="Real-text set: score only documents of this annotation batch (repeatable).",
    )
    parser.add_argument(
        "--title-apart",
        action="store_true",
        help="Real-text set: pass each title apart and the text without it, as feed items "
        "and JSON Lines records arrive (by default the text begins with the title).",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--errors", action="store_true", help="Print FPs and FNs per item.")
    parser.add_argument(
        "--gold", type=Path, default=GOLD_DIR, help="Regression set: directory of *.jsonl files."
    )
    return parser.parse_args(argv)


def load_enricher() -> Predictor:
    """Load assay's enrichers once; the returned function enriches items into predictions."""
    from assay.models import Article
    from assay.pipeline.executors import make_executor
    from assay.settings import load_settings

    enricher = make_executor(load_settings())
    _EXECUTORS.append(enricher)

    def predict(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        articles = [
            Article(
                source=str(i["id"]), title=str(i.get("title") or ""), text=str(i["text"]),
                language="en",
            )
            for i in items
        ]  # fmt: skip
        return [prediction_from_article(a) for a in enricher.enrich(articles)]

    return predict


class NoGold(Exception):
    """The regression-set directory holds no gold files."""


def _load_sets(args: argparse.Namespace) -> tuple[list[tuple[str, list[Item]]], str | None]:
    """The (name, items) pairs to score, and a one-line notice when the real set is skipped."""
    sets: list[tuple[str, list[Item]]] = []
    notice = None
    if args.set in ("both", "regression"):
        items = load_gold(args.gold)  # OSError, ValueError: reported by main
        if not items:
            raise NoGold(f"no *.jsonl gold files in {args.gold}.")
        sets.append(("regression", items))
    if args.set in ("both", "real"):
        from evaluation.real.gold import load_real_gold

        try:
            real = load_real_gold()
            if args.batch:
                real = [i for i in real if i["batch"] in args.batch]
            if args.title_apart:
                real = [title_apart(i) for i in real]
            sets.insert(0, ("real-text", real))  # the headline set comes first
        except FileNotFoundError as exc:
            notice = f"real-text set skipped: corpus missing ({exc}; set ASSAY_CORPUS_DIR)"
    if args.split in ("dev", "test"):
        sets = [(name, [i for i in items if i.get("split") == args.split]) for name, items in sets]
    return sets, notice


def title_apart(item: Item) -> Item:
    """The item with its text as it would arrive beside its title: without the headline."""
    head = f"{item.get('title') or ''}\n\n"
    text = str(item["text"])
    return {**item, "text": text[len(head) :]} if text.startswith(head) else item


def main(argv: list[str] | None = None, load: Callable[[], Predictor] = load_enricher) -> int:
    """Score the predictor `load` returns (assay's enrichers by default); returns the exit code."""
    args = _parse(argv)
    try:
        sets, notice = _load_sets(args)
    except NoGold as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:
        print(f"Error: cannot read the gold set in {args.gold}: {exc}", file=sys.stderr)
        return 1
    if notice and not sets:
        print(f"Error: {notice}", file=sys.stderr)
        return 1

    from assay.errors import AssayError

    try:
        predict = load()  # model loading is not part of the timed enrichment
        runs = []
        for name, items in sets:
            started = time.perf_counter()
            preds = predict(items)
            runs.append((name, items, preds, time.perf_counter() - started))
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

    # A batch top-up sits in one split: one table for it, not three.
    splits = [args.split] if args.split else ["all"] if args.batch else list(SPLITS)
    furniture = _furniture() if args.set in ("both", "real") else None
    if args.format == "json":
        out: dict[str, Any] = {"notice": notice} if notice else {}
        if furniture is not None:
            out["furniture"] = furniture
        for name, items, preds, elapsed in runs:
            results = [score_item(it, p) for it, p in zip(items, preds, strict=True)]
            out[name] = {
                "items": len(items),
                "seconds": round(elapsed, 3),
                "items_per_second": round(len(items) / elapsed, 1) if elapsed else None,
                "reports": [r.as_dict() for r in _reports(results, items, splits)],
            }
            if args.errors:
                out[name]["errors"] = {r.id: format_errors(r) for r in results if format_errors(r)}
        print(json.dumps(out, indent=2))
        return 0

    if notice:
        print(notice + "\n")
    for name, items, preds, elapsed in runs:
        results = [score_item(it, p) for it, p in zip(items, preds, strict=True)]
        rate = len(items) / elapsed if elapsed else float("inf")
        print(
            f"== {name} set: enriched {len(items)} items in {elapsed:.2f} s ({rate:.1f} items/s)\n"
        )
        for report in _reports(results, items, splits):
            print(format_report(report))
            print()
        if args.errors:
            print(f"-- errors per item ({name} set)")
            for r in results:
                text = format_errors(r)
                if text:
                    print(text)
            print()
    if furniture is not None:
        print(_format_furniture(furniture))
    return 0


def _furniture() -> dict[str, Any]:
    """Furniture removal, line by line, on the held-out Zyte pages; `skipped` when the
    corpus file is absent."""
    from assay.extract.furniture_train import CORPUS_FILE, held_out_scores
    from evaluation.real.corpus import corpus_dir

    path = corpus_dir() / CORPUS_FILE
    try:
        scores = held_out_scores(path)
    except FileNotFoundError:
        return {"skipped": f"corpus missing ({path} not found; set ASSAY_CORPUS_DIR)"}
    return {k: round(v, 4) for k, v in scores.items() if k != "seconds"}


def _format_furniture(r: dict[str, Any]) -> str:
    if "skipped" in r:
        return f"furniture lines skipped: {r['skipped']}"
    return (
        f"== furniture lines: held-out Zyte pages ({int(r['pages'])} pages, {int(r['lines'])} "
        f"labelled lines, {int(r['furniture_lines'])} furniture)\n"
        f"precision {r['precision']:.3f}  recall {r['recall']:.3f}  "
        f"story lines kept {r['story_kept']:.3f}  (targets: precision 0.95, recall 0.90)"
    )


def _reports(results: list[ItemResult], items: list[Item], splits: list[str]) -> list[Report]:
    return [
        aggregate(
            (r for r, it in zip(results, items, strict=True) if s == "all" or it["split"] == s),
            s,
        )
        for s in splits
    ]


def close_executors() -> None:
    while _EXECUTORS:
        _EXECUTORS.pop().close()


if __name__ == "__main__":
    try:
        status = main()
    finally:
        close_executors()
    sys.exit(status)
