"""Furniture removal, line by line, on the held-out pages of the Zyte benchmark.

Each held-out page (hosts hashed out by `assay.extract.furniture_train.held_out`, never
trained or tuned on) is rendered to its visible lines and labelled against its gold body;
the shipped classifier then judges every line with its page as context. Precision: of
the lines removed, the share that is furniture; recall: of the furniture lines, the
share removed; "story kept": of the story lines, the share kept. Unsure lines (a gold
match between 20% and 50% of their trigrams) are left out.

Run: `python -m benchmarks.furniture`. The corpus is read from `$ASSAY_CORPUS_DIR`, else
`shared/corpus` beside the repository.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import corpus_dir

TARGETS = {"precision": 0.95, "recall": 0.90}


def run(path: Path | None = None) -> dict[str, Any]:
    """Scores of the shipped model on the held-out pages, and its speed in lines per second."""
    from assay.extract.furniture import FurnitureModel, classify_lines
    from assay.extract.furniture_train import (
        CORPUS_FILE,
        FURNITURE,
        UNSURE,
        held_out,
        line_scores,
        read_pages,
    )

    pages = [p for p in read_pages(path or corpus_dir() / CORPUS_FILE) if held_out(p.host)]
    model = FurnitureModel.load()
    classify_lines(pages[0].lines, model=model)  # load outside the clock
    truth: list[bool] = []
    removed: list[bool] = []
    seconds = 0.0
    for page in pages:
        start = time.perf_counter()
        verdicts = classify_lines(page.lines, model=model)
        seconds += time.perf_counter() - start
        for verdict, label in zip(verdicts, page.labels, strict=True):
            if label != UNSURE:
                truth.append(label == FURNITURE)
                removed.append(verdict.furniture)
    lines = sum(len(p.lines) for p in pages)
    return {
        "pages": len(pages),
        "cut": model.cut,
        **line_scores(truth, removed),
        "furniture_lines": sum(truth),
        "lines_per_s": lines / seconds,
    }


def main() -> None:
    r = run()
    print(
        f"Furniture removal on {r['pages']} held-out Zyte pages ({int(r['lines'])} labelled "
        f"lines, {r['furniture_lines']} furniture), cut {r['cut']:.2f}"
    )
    print(f"{'precision':>9} {'recall':>7} {'story kept':>10} {'lines/s':>9}")
    print(
        f"{r['precision']:9.3f} {r['recall']:7.3f} {r['story_kept']:10.3f} {r['lines_per_s']:9.0f}"
    )
    missed = [k for k, target in TARGETS.items() if r[k] < target]
    print("targets met" if not missed else f"below target: {', '.join(missed)}")


if __name__ == "__main__":
    main()
