"""Furniture removal, line by line, on the held-out pages of the Zyte benchmark.

Each held-out page (hosts hashed out by `assay.extract.furniture_train.held_out`, never
trained or tuned on) is rendered to its visible lines and labelled against its gold body;
the shipped classifier then judges every line with its page as context. Precision: of
the lines removed, the share that is furniture; recall: of the furniture lines, the
share removed; "story kept": of the story lines, the share kept. Unsure lines (a gold
match between 20% and 50% of their trigrams) are left out.

Then plain-text extraction speed (furniture filter, story split, language) over 1,500
Reuters-21578 and 1,500 AllSides texts (reserved ids skipped), as `assay ingest` of text
files runs it, and the cost of finding the furniture lines the enrichers skip.

Run: `python -m benchmarks.furniture`. The corpus is read from `$ASSAY_CORPUS_DIR`, else
`shared/corpus` beside the repository.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import corpus_dir, read_jsonl

TARGETS = {"precision": 0.95, "recall": 0.90}


def run(path: Path | None = None) -> dict[str, Any]:
    """Scores of the shipped model on the held-out pages, and its speed in lines per second."""
    from assay.extract.furniture import FurnitureModel
    from assay.extract.furniture_train import CORPUS_FILE, held_out_scores

    model = FurnitureModel.load()  # load outside the clock
    scores = held_out_scores(path or corpus_dir() / CORPUS_FILE)
    return {
        **scores,
        "pages": int(scores["pages"]),
        "furniture_lines": int(scores["furniture_lines"]),
        "cut": model.cut,
        "lines_per_s": scores["all_lines"] / scores["seconds"],
    }


def text_speed(limit: int = 1500) -> dict[str, Any]:
    """Plain-text extraction in docs/s, and furniture spans (what enrichers skip) in docs/s."""
    from assay.errors import AssayError
    from assay.extract import extract
    from assay.extract.furniture import furniture_spans
    from assay.models import Page
    from assay.settings import Settings

    reserved_path = corpus_dir() / "reserved-ids.txt"
    reserved = {
        tuple(line.split("\t")[:2])
        for line in reserved_path.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    pages = [
        Page(source=corpus, content=row["text"], kind="text", title=row.get("title") or None)
        for corpus in ("reuters21578", "allsides_news_2015_2020")
        for row in read_jsonl(f"{corpus}.jsonl.gz", limit=limit)
        if (corpus, str(row["id"])) not in reserved and row.get("text")
    ]
    settings = Settings()
    extract(pages[0], settings)  # models load outside the clock
    start = time.perf_counter()
    articles = []
    for page in pages:
        try:
            articles.extend(extract(page, settings))
        except AssayError:
            continue
    extract_s = time.perf_counter() - start
    start = time.perf_counter()
    for article in articles:
        furniture_spans(article.text)
    spans_s = time.perf_counter() - start
    return {
        "docs": len(pages),
        "extract_docs_per_s": len(pages) / extract_s,
        "articles": len(articles),
        "spans_docs_per_s": len(articles) / spans_s,
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
    t = text_speed()
    print(
        f"Plain-text extraction of {t['docs']} Reuters and AllSides texts: "
        f"{t['extract_docs_per_s']:.0f} docs/s; furniture lines for the enrichers: "
        f"{t['spans_docs_per_s']:.0f} docs/s"
    )


if __name__ == "__main__":
    main()
