"""Extraction quality and speed on the Zyte article-extraction benchmark (181 pages).

Scores `assay.extract.extract` (main story) and plain `trafilatura.extract` on the same
pages in the same run. Tokens are lower-cased `\\w+` words; each page gets bag-of-words
tp/fp/fn normalised to sum 1 (so long pages do not weigh more), precision and recall are
averaged over pages and F1 is taken from the averages, as in the benchmark's
evaluate.py. The benchmark's own 4-word-shingle F1 is reported beside it.

Run: `python -m benchmarks.extraction`. The corpus is read from `$ASSAY_CORPUS_DIR`, else
`shared/corpus` beside the repository.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

CORPUS_FILE = "article_extraction_benchmark.jsonl.gz"
_TOKEN = re.compile(r"\w+")


def corpus_dir() -> Path:
    """$ASSAY_CORPUS_DIR, else ../shared/corpus relative to the repository root."""
    env = os.environ.get("ASSAY_CORPUS_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "shared/corpus"


def load_pages(path: Path | None = None) -> list[dict[str, Any]]:
    path = path or corpus_dir() / CORPUS_FILE
    if not path.is_file():
        raise SystemExit(f"{path} not found. Set ASSAY_CORPUS_DIR to the folder holding it.")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _grams(text: str, n: int) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text.lower())
    if n == 1:
        return Counter((t,) for t in tokens)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def overlap(true: str, pred: str, n: int = 1) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of n-gram counts; n=1 is bag-of-words."""
    t, p = _grams(true, n), _grams(pred, n)
    tp = float(sum((t & p).values()))
    fp = float(sum((p - t).values()))
    fn = float(sum((t - p).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def score(scores: Iterable[tuple[float, float, float]]) -> dict[str, float]:
    """Mean precision and recall over pages, F1 of the means (the benchmark's convention)."""
    rows = list(scores)
    precision = statistics.mean(_precision(*r) for r in rows if r[0] + r[1] > 0)
    recall = statistics.mean(_recall(*r) for r in rows if r[0] + r[2] > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _assay_extractor() -> Callable[[dict[str, Any]], str]:
    from assay.errors import ExtractionError
    from assay.extract import extract
    from assay.models import Page
    from assay.settings import Settings

    settings = Settings()

    def run(row: dict[str, Any]) -> str:
        try:
            articles = extract(Page(source="bench", content=row["html"], url=row["url"]), settings)
        except ExtractionError:
            return ""
        return articles[0].text

    return run


def _trafilatura_extractor() -> Callable[[dict[str, Any]], str]:
    import trafilatura

    def run(row: dict[str, Any]) -> str:
        return trafilatura.extract(row["html"], url=row["url"], include_comments=False) or ""

    return run


def run(pages: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Score both extractors; returns {name: {precision, recall, f1, shingle_f1, pages_per_s}}.

    The extractors take turns page by page, so a busy machine slows both alike.
    """
    pages = pages if pages is not None else load_pages()
    extractors = {"trafilatura": _trafilatura_extractor(), "assay": _assay_extractor()}
    outputs: dict[str, list[str]] = {name: [] for name in extractors}
    seconds = dict.fromkeys(extractors, 0.0)
    for extractor in extractors.values():
        extractor(pages[0])  # warm caches (lingua models, trafilatura config) outside the clock
    for row in pages:
        for name, extractor in extractors.items():
            start = time.perf_counter()
            outputs[name].append(extractor(row))
            seconds[name] += time.perf_counter() - start
    truth = [row["ground_truth_text"] for row in pages]
    results: dict[str, Any] = {"pages": len(pages)}
    for name, texts in outputs.items():
        words = score(overlap(t, o) for t, o in zip(truth, texts, strict=True))
        shingles = score(overlap(t, o, 4) for t, o in zip(truth, texts, strict=True))
        results[name] = {
            **words,
            "shingle_f1": shingles["f1"],
            "empty": sum(1 for o in texts if not o),
            "pages_per_s": len(pages) / seconds[name],
        }
    return results


def main() -> None:
    results = run()
    print(f"Zyte article-extraction benchmark, {results['pages']} pages")
    print(
        f"{'extractor':<12} {'P':>6} {'R':>6} {'F1':>6} {'F1(4g)':>7} {'empty':>5} {'pages/s':>8}"
    )
    for name in ("trafilatura", "assay"):
        r = results[name]
        print(
            f"{name:<12} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
            f"{r['shingle_f1']:7.3f} {r['empty']:5d} {r['pages_per_s']:8.1f}"
        )


if __name__ == "__main__":
    main()
