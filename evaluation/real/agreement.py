"""How far a second blind annotator agrees with the real-text gold set.

A second annotator, who reads only GUIDELINES.md, ANNOTATING.md and DESIGN.md and never the
first annotation, annotates fixed samples of dev documents. Their annotation is scored
against the gold exactly as assay's output is (`evaluation/score.py`). Two samples:

- `1-5`: 48 dev documents of batches 1-5, the strata of the test split. GUIDELINES.md was
  adjudicated on these batches, so its worked cases may echo their documents.
- `26-29`: 24 dev documents of the fourth unseen check, annotated after the guidelines were
  last changed and never used for them.

Parts 1-4 were annotated inside the repository, told not to open the gold; parts 5-6, and
part 1 once more (`part-1-isolated.jsonl`), in a folder that held no gold at all.

    python -m evaluation.real.agreement show K     # the documents of part K, as evaluated
    python -m evaluation.real.agreement check      # validate agreement/part-K.jsonl files
    python -m evaluation.real.agreement            # score every part written against the gold
    python -m evaluation.real.agreement --assay    # and assay on the 1-5 sample, beside it
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from evaluation.real import check, select
from evaluation.real.corpus import document_text, load_document
from evaluation.score import aggregate, format_report, normalise_name, score_item

HERE = Path(__file__).parent
PARTS_DIR = HERE / "agreement"
PER_PART = 12
SEED = 20261206
# sample name -> (its batches, how many parts of PER_PART documents); parts are numbered
# 1, 2, ... across the samples in this order.
SAMPLES: dict[str, tuple[tuple[int, ...], int]] = {
    "1-5": (select.FULL_BATCHES, 4),
    "26-29": (select.FOURTH_UNSEEN_BATCHES, 2),
}


def parts() -> list[tuple[str, list[dict[str, Any]]]]:
    """(sample name, its documents) per part, in part order; a fixed seed draws them."""
    rows = check.load_documents_flat()
    out: list[tuple[str, list[dict[str, Any]]]] = []
    for name, (batches, n_parts) in SAMPLES.items():
        pool = [r for r in rows if r["depth"] == "full" and r["split"] == "dev"]
        pool = [r for r in pool if r["batch"] in batches]
        chosen = random.Random(SEED).sample(pool, n_parts * PER_PART)
        out += [(name, chosen[k * PER_PART : (k + 1) * PER_PART]) for k in range(n_parts)]
    return out


def _gold_rows(batches: tuple[int, ...]) -> dict[tuple[str, str], dict[str, Any]]:
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for batch in batches:
        path = check.ANNOTATIONS / f"batch-{batch}.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out[(row["corpus"], str(row["id"]))] = row
    return out


def as_prediction(row: dict[str, Any]) -> dict[str, Any]:
    """The second annotation in the shape `score_item` reads assay's output in: role names
    carry their entity's key, so "U.S." and "United States" meet as assay's keyed roles do."""
    entities = [
        {"type": e["type"], "name": e["name"], "key": e["key"], "mentions": [e["name"]]}
        for e in row.get("entities") or []
    ]
    keys = {normalise_name(e["name"]): e["key"] for e in entities if e["key"]}
    facts = []
    for fact in row.get("facts") or []:
        out = dict(fact)
        for role, value in fact.items():
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                out[role] = [{"name": v, "key": keys.get(normalise_name(v))} for v in value]
        facts.append(out)
    return {"sectors": row.get("sectors") or [], "entities": entities, "facts": facts}


def _show(part: int) -> int:
    for row in parts()[part - 1][1]:
        print(f"===== {row['corpus']} {row['id']} split={row['split']} depth=full")
        print(document_text(load_document(row["corpus"], row["id"])))
        print()
    return 0


def _check() -> int:
    problems: list[str] = []
    counts: dict[str, Counter[str]] = {k: Counter() for k in ("docs", "sector", "entity", "fact")}
    for k, (_, docs) in enumerate(parts(), 1):
        path = PARTS_DIR / f"part-{k}.jsonl"
        if path.is_file():
            check.check_file(path, docs, problems, counts)
    for p in problems:
        print(p)
    print(f"documents: {counts['docs']['full']}  problems: {len(problems)}")
    return 1 if problems else 0


def _read(path: Path, gold: dict[tuple[str, str], dict[str, Any]]) -> tuple[list[Any], list[Any]]:
    """(gold items, second annotations as predictions) of one annotation file."""
    items, preds = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            second = json.loads(line)
            first = dict(gold[(second["corpus"], str(second["id"]))])
            first["id"] = f"{first['corpus']}:{first['id']}"
            items.append(first)
            preds.append(as_prediction(second))
    return items, preds


def _pairs(sample: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(gold items, second annotations as predictions) of the parts of one sample written."""
    gold = _gold_rows(SAMPLES[sample][0])
    items, preds = [], []
    for k, (name, _) in enumerate(parts(), 1):
        path = PARTS_DIR / f"part-{k}.jsonl"
        if name == sample and path.is_file():
            got = _read(path, gold)
            items += got[0]
            preds += got[1]
    return items, preds


def _report(title: str, items: list[Any], preds: list[Any]) -> None:
    results = [score_item(it, p) for it, p in zip(items, preds, strict=True)]
    print(f"== {title}")
    print(format_report(aggregate(results, "dev")), end="\n\n")


def _score(with_assay: bool) -> int:
    written = 0
    for sample in SAMPLES:
        items, preds = _pairs(sample)
        if not items:
            continue
        written += len(items)
        title = f"second annotator against the gold: {len(items)} dev documents, batches {sample}"
        _report(title, items, preds)
        if with_assay and sample == "1-5":
            from evaluation.real.score_facts import predict

            for it in items:
                doc = load_document(*it["id"].split(":", 1))
                it["title"], it["text"] = doc["title"], document_text(doc)
            _report("assay against the gold, the same documents (no sectors run)", items,
                    predict(items))  # fmt: skip
    isolated = PARTS_DIR / "part-1-isolated.jsonl"
    if isolated.is_file():
        items, preds = _read(isolated, _gold_rows(SAMPLES["1-5"][0]))
        _report("part 1 again, annotated in a folder that held no gold", items, preds)
    if not written:
        print("no agreement/part-K.jsonl written yet", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    n = len(parts())
    if len(argv) == 2 and argv[0] == "show" and argv[1].isdigit() and 1 <= int(argv[1]) <= n:
        return _show(int(argv[1]))
    if argv == ["check"]:
        return _check()
    if not argv or argv == ["--assay"]:
        return _score(with_assay=bool(argv))
    print(f"usage: agreement.py [show 1-{n} | check | --assay]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
