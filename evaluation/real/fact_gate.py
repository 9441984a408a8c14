"""Train the fact extractor's sentence gate (`assay/enrich/facts/gate.py`) on dev documents.

Data: the real-text gold set's dev documents (`full` batches) and the regression set's dev
items; never a test item or a reserved id. Each candidate is a trigger sentence the
extractor would parse. It is positive when a gold fact's evidence lies in it:

- the extractor, ungated, reads from it a fact that matches a gold fact (`score.py`), or
- a gold fact the extractor misses has a trigger of its type there and the sentence names
  the most of the fact's parties (at least two, or its only one) among the candidates.

The model is a logistic regression (numpy, Newton steps, L2). The threshold is the highest
one whose document-level 5-fold cross-validated recall of the positive sentences stays at
or above `--recall`; the report gives that recall and the share of parses saved.

    python -m evaluation.real.fact_gate            # cross-validated report only
    python -m evaluation.real.fact_gate --write    # and write assay/data/fact_gate.json
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy

from evaluation.real.corpus import reserved_ids
from evaluation.real.score_facts import load_items
from evaluation.score import load_gold, match_facts, normalise_name

FOLDS = 5
MIN_TRIGGER_COUNT = 3  # a trigger word gets its own weight when seen this often
L2 = 1.0


@dataclass
class Example:
    doc: str  # the document id (folds split by document)
    text: str
    features: list[float]
    label: int


# The batches the shipped gate was trained on, so that `--write` reproduces it (12-13 came
# later; retraining after the 5 December rules gained nothing, see the README).
GATE_BATCHES = (1, 2, 3, 4, 5, 9, 10)


def dev_items() -> list[dict[str, Any]]:
    """The dev items of both gold sets, reserved ids excluded."""
    reserved = {f"{c}:{i}" for c, i in reserved_ids()}
    real = [it for it in load_items("dev", GATE_BATCHES) if it["id"] not in reserved]
    regression = [it for it in load_gold() if it.get("split") == "dev"]
    return real + regression


def _entity_dicts(entities: list[Any]) -> list[dict[str, Any]]:
    return [
        {"type": e.type, "name": e.name, "key": e.key, "mentions": [m.text for m in e.mentions]}
        for e in entities
    ]


def _role_names(fact: dict[str, Any]) -> list[str]:
    from assay.models import FACT_ROLES

    names: list[str] = []
    for role in FACT_ROLES.get(str(fact.get("type")), ()):
        value = fact.get(role)
        names += [str(v) for v in (value if isinstance(value, list) else [value]) if v]
    return names


def collect(items: list[dict[str, Any]]) -> tuple[list[Any], list[list[int]], list[str]]:
    """Per item: its doc and candidates, and each candidate's label."""
    from assay.enrich.enricher import unwrap, without_furniture
    from assay.enrich.entities import EntityLinker
    from assay.enrich.facts import FactExtractor
    from assay.enrich.nlp import load_nlp, remember_text

    nlp = load_nlp()
    linker = EntityLinker(nlp)
    extractor = FactExtractor(gate=False)
    rows: list[Any] = []
    labels: list[list[int]] = []
    for item in items:
        text = unwrap(without_furniture(str(item["text"])))
        doc = remember_text(nlp(text), text)
        entities = linker.link(doc)
        candidates = extractor.candidates(doc, entities)
        facts = extractor.extract(doc, entities)
        gold_facts = list(item.get("facts") or ())
        gold_ents = list(item.get("entities") or ())
        pred_ents = _entity_dicts(list(entities))
        pred = [{"type": f.type, **f.fields} for f in facts]
        pairs, missed, _ = match_facts(gold_facts, pred, gold_ents, pred_ents)
        starts = {c.sentence.start: i for i, c in enumerate(candidates)}
        label = [0] * len(candidates)
        for _, p in pairs:
            i = starts.get(facts[p].start)
            if i is not None:
                label[i] = 1
        for g in missed:
            i = _evidence(gold_facts[g], candidates, gold_ents)
            if i is not None:
                label[i] = 1
        rows.append((str(item["id"]), doc, candidates))
        labels.append(label)
    return rows, labels, []


def _evidence(gold: dict[str, Any], candidates: list[Any], gold_ents: list[Any]) -> int | None:
    """The candidate with a trigger of the fact's type naming the most of its parties."""
    names = {normalise_name(n) for n in _role_names(gold)} - {""}
    keys = {
        str(e["key"])
        for e in gold_ents
        if e.get("key") and normalise_name(str(e.get("name") or "")) in names
    }
    best, best_count = None, 0
    for i, c in enumerate(candidates):
        s = c.sentence
        if gold.get("type") not in s.anchors:
            continue
        text = f" {normalise_name(s.text)} "
        found = {n for n in names if f" {n} " in text}
        found |= {k for k in keys if any(slot.key == k for slot in s.slots)}
        count = len(found)
        if count > best_count:
            best, best_count = i, count
    return best if best_count >= min(2, len(names)) and best_count > 0 else None


def vocabulary(rows: list[Any]) -> list[str]:
    from assay.enrich.facts.gate import trigger_words

    counts: Counter[str] = Counter()
    for _, _, candidates in rows:
        for c in candidates:
            counts.update(trigger_words(c.sentence))
    return sorted(w for w, n in counts.items() if n >= MIN_TRIGGER_COUNT)


def design(rows: list[Any], triggers: list[str]) -> tuple[numpy.ndarray, list[str]]:
    from assay.enrich.facts.gate import feature_names, features, token_table

    size = len(feature_names(triggers))
    base = size - len(triggers)
    columns = {t: base + i for i, t in enumerate(triggers)}
    x: list[list[float]] = []
    docs: list[str] = []
    for doc_id, doc, candidates in rows:
        table = token_table(doc)
        for c in candidates:
            x.append(features(table, c, columns, size))
            docs.append(doc_id)
    return numpy.asarray(x, dtype=numpy.float64).reshape(len(x), size), docs


def fit(x: numpy.ndarray, y: numpy.ndarray, l2: float = L2) -> numpy.ndarray:
    """Logistic regression by Newton steps; the bias (column 0) is not penalised."""
    w = numpy.zeros(x.shape[1])
    penalty = numpy.full(x.shape[1], l2)
    penalty[0] = 1e-6
    for _ in range(50):
        p = 1.0 / (1.0 + numpy.exp(-(x @ w)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + numpy.diag(penalty)
        step = numpy.linalg.solve(hess, grad)
        w -= step
        if numpy.abs(step).max() < 1e-8:
            break
    return w


def predict(x: numpy.ndarray, w: numpy.ndarray) -> numpy.ndarray:
    return 1.0 / (1.0 + numpy.exp(-(x @ w)))


def fold_of(doc_id: str) -> int:
    return zlib.crc32(doc_id.encode("utf-8")) % FOLDS


def out_of_fold(x: numpy.ndarray, y: numpy.ndarray, docs: list[str]) -> numpy.ndarray:
    folds = numpy.array([fold_of(d) for d in docs])
    scores = numpy.zeros(len(y))
    for k in range(FOLDS):
        test = folds == k
        w = fit(x[~test], y[~test])
        scores[test] = predict(x[test], w)
    return scores


def choose_threshold(scores: numpy.ndarray, y: numpy.ndarray, recall: float) -> float:
    """The highest threshold keeping at least `recall` of the positives."""
    positives = numpy.sort(scores[y == 1])
    if len(positives) == 0:
        return 0.0
    allowed = int(numpy.floor((1.0 - recall) * len(positives)))
    return float(positives[allowed])


def report(scores: numpy.ndarray, y: numpy.ndarray, threshold: float) -> dict[str, float]:
    kept = scores >= threshold
    positives = max(1, int(y.sum()))
    return {
        "threshold": round(threshold, 4),
        "recall": round(float((kept & (y == 1)).sum()) / positives, 3),
        "parses_saved": round(1.0 - float(kept.mean()), 3),
        "precision_kept": round(float((kept & (y == 1)).sum()) / max(1, int(kept.sum())), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.real.fact_gate")
    parser.add_argument("--recall", type=float, default=0.95, help="cross-validated recall kept")
    parser.add_argument("--write", action="store_true", help="write assay/data/fact_gate.json")
    args = parser.parse_args(argv)
    items = dev_items()
    rows, labels, _ = collect(items)
    triggers = vocabulary(rows)
    x, docs = design(rows, triggers)
    y = numpy.asarray([v for label in labels for v in label], dtype=numpy.float64)
    scores = out_of_fold(x, y, docs)
    threshold = choose_threshold(scores, y, args.recall)
    cv = report(scores, y, threshold)
    print(
        f"{len(items)} dev documents, {len(y)} candidate sentences, {int(y.sum())} positive; "
        f"{len(triggers)} trigger words with their own weight"
    )
    print("cross-validated (5 folds by document):")
    for r in (0.90, 0.95, 0.97, 0.99, 1.0):
        t = choose_threshold(scores, y, r)
        print(f"  target recall {r:.2f}: {report(scores, y, t)}")
    print(f"chosen: {cv}")
    if args.write:
        from assay.enrich.facts.gate import MODEL_PATH, feature_names

        w = fit(x, y)
        data = {
            "about": "Logistic regression over trigger sentences; python -m "
            "evaluation.real.fact_gate --write (trained on dev items only).",
            "documents": len(items),
            "candidates": len(y),
            "positives": int(y.sum()),
            "cross_validated": cv,
            "threshold": threshold,
            "triggers": triggers,
            "features": feature_names(triggers),
            "weights": [round(float(v), 6) for v in w],
        }
        MODEL_PATH.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
