"""Train the sector model shipped as `assay/data/sectors/model.npz`.

    python -m assay.enrich.sectors.train                 # rebuild the shipped model
    python -m assay.enrich.sectors.train --evaluate      # also print CV and held-out F1
    python -m assay.enrich.sectors.train --corpus ../shared/corpus --out /tmp/model.npz

Needs scikit-learn and scipy (`pip install 'assay[train]'`, or the dev group); predicting
does not. Data, all named:

- `assay/data/sectors/train.jsonl`: short multi-label texts written for assay (the only source
  for ev-battery, ai-semiconductors and, mostly, esg-renewables and aerospace-defense).
- Optional, with `--corpus`: Reuters-21578 (NORM documents with topics) and AllSides
  2015-2020, mapped through REUTERS_MAP and ALLSIDES_MAP below. A Reuters document whose topics
  are all unmapped (grain, coffee, ship...) is skipped, not used as a negative, because
  "no sector" is not what those labels say. Documents listed in the corpus's
  `reserved-ids.txt` are kept for independent evaluation and never trained on.

Training is deterministic: fixed data order, fixed folds, deterministic solvers; the same
data gives a byte-identical model file.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from assay.enrich.sectors.features import (
    DATA_DIR,
    N_EXTRA,
    SLUGS,
    Taxonomy,
    extra_features,
    ngrams,
    prepare,
)
from assay.enrich.sectors.model import MODEL_PATH, SectorClassifier
from assay.errors import InputError

if TYPE_CHECKING:  # scikit-learn and scipy are imported where training needs them
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

TRAIN_PATH = DATA_DIR / "train.jsonl"

# Reuters topic -> sector. Energy and metal topics are unambiguous; strategic-metal docs are
# about uranium, mercury, indium, tungsten and stockpiles (checked by hand), the
# rare-earths-commodities sector. earn/acq/money-fx/interest/trade are business and economy.
REUTERS_MAP: dict[str, str] = {
    **dict.fromkeys(
        ["crude", "nat-gas", "gas", "fuel", "pet-chem", "jet", "naphtha", "propane", "heat"],
        "oil-gas",
    ),
    **dict.fromkeys(
        [
            "gold", "silver", "platinum", "palladium", "copper", "alum", "iron-steel", "zinc",
            "lead", "tin", "nickel",
        ],
        "mining-metals",
    ),
    "strategic-metal": "rare-earths-commodities",
    **dict.fromkeys(["earn", "acq", "money-fx", "interest", "trade"], "business-politics"),
}  # fmt: skip
# AllSides category -> sectors. Labels are story-cluster topics, so only categories whose
# articles were checked to fit one sector are used; lifestyle categories are negatives.
ALLSIDES_MAP: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(["environment", "epa"], ("esg-renewables",)),
    **dict.fromkeys(["us_military", "national_defense"], ("aerospace-defense",)),
    **dict.fromkeys(
        [
            "politics", "elections", "economy_and_jobs", "business", "taxes", "federal_budget",
            "economic_policy", "us_congress", "white_house", "banking_and_finance",
        ],
        ("business-politics",),
    ),
    **dict.fromkeys(
        [
            "sports", "arts_and_entertainment", "food", "holidays", "religion_and_faith",
            "healthcare", "public_health", "education", "science", "animal_welfare", "culture",
            "family_and_marriage", "opioid_crisis", "housing_and_homelessness", "lgbt_rights",
        ],
        (),
    ),
}  # fmt: skip
REUTERS_CAP = 60  # per sector, so earn/acq do not drown the rest
ALLSIDES_CAP = 15  # per category
MAX_VOCAB = 20_000  # most frequent n-grams kept: bounds the model file and training time

Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Example:
    """One labelled training text."""

    title: str
    text: str
    labels: frozenset[str]
    source: str = "assay"


def load_examples(path: Path = TRAIN_PATH) -> list[Example]:
    """Read train.jsonl: one {"text", "labels", optional "title"} object per line."""
    out: list[Example] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        bad = set(row["labels"]) - set(SLUGS)
        if bad:
            raise InputError(f"{path}:{n}: unknown sector {sorted(bad)}; use one of {SLUGS}.")
        out.append(Example(row.get("title", ""), row["text"], frozenset(row["labels"])))
    return out


def _jsonl_gz(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def _order(key: str) -> str:
    return hashlib.sha1(key.encode()).hexdigest()


def reserved_ids(corpus_dir: Path) -> set[tuple[str, str]]:
    """(corpus, id) pairs of `reserved-ids.txt`: kept for evaluation, never trained on."""
    path = corpus_dir / "reserved-ids.txt"
    if not path.exists():
        return set()
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines())
    return {(row[0].strip(), row[1].strip()) for row in rows if len(row) == 2 and row[0][:1] != "#"}


def corpus_examples(corpus_dir: Path) -> list[Example]:
    """Reuters and AllSides documents with mapped labels, capped and in a fixed order."""
    reserved = reserved_ids(corpus_dir)
    out: list[Example] = []
    per_sector: dict[str, int] = {}
    docs = [
        d
        for d in _jsonl_gz(corpus_dir / "reuters21578.jsonl.gz")
        if d["text_type"] == "NORM" and ("reuters21578", str(d["id"])) not in reserved
    ]
    for doc in sorted(docs, key=lambda d: _order(str(d["id"]))):
        labels = frozenset(REUTERS_MAP[t] for t in doc["topics"] if t in REUTERS_MAP)
        if not labels:
            continue
        # Cap on the rarest label so multi-label documents about metals still get in.
        rarest = min(labels, key=lambda s: per_sector.get(s, 0))
        if per_sector.get(rarest, 0) >= REUTERS_CAP:
            continue
        for s in labels:
            per_sector[s] = per_sector.get(s, 0) + 1
        out.append(Example(doc["title"].title(), doc["text"], labels, "reuters"))
    per_cat: dict[str, int] = {}
    rows = [
        d
        for d in _jsonl_gz(corpus_dir / "allsides_news_2015_2020.jsonl.gz")
        if ("allsides_news_2015_2020", str(d["id"])) not in reserved
    ]
    for doc in sorted(rows, key=lambda d: _order(str(d["id"]))):
        cat = doc["category"]
        if cat not in ALLSIDES_MAP or per_cat.get(cat, 0) >= ALLSIDES_CAP:
            continue
        per_cat[cat] = per_cat.get(cat, 0) + 1
        out.append(Example(doc["title"], doc["text"], frozenset(ALLSIDES_MAP[cat]), "allsides"))
    return out


def features(
    examples: Sequence[Example],
    taxonomy: Taxonomy,
    vocab: dict[str, int] | None = None,
    min_df: int = 2,
) -> tuple[csr_matrix, dict[str, int]]:
    """The feature matrix of `examples` and its vocabulary (learned here when `vocab` is None).

    Rows are what `SectorClassifier.decision` computes for one text without entities.
    """
    from scipy import sparse
    from spacy.lang.en.stop_words import STOP_WORDS

    prepared = [prepare(e.title, e.text) for e in examples]
    grams = [ngrams(t + b, STOP_WORDS) for t, b in prepared]
    if vocab is None:
        df: dict[str, int] = {}
        for g in grams:
            for w in g:
                df[w] = df.get(w, 0) + 1
        kept = sorted((w for w, c in df.items() if c >= min_df), key=lambda w: (-df[w], w))
        vocab = {w: i for i, w in enumerate(sorted(kept[:MAX_VOCAB]))}
    rows, cols, vals = [], [], []
    for r, g in enumerate(grams):
        hit = [(vocab[w], 1.0 + math.log(c)) for w, c in g.items() if w in vocab]
        norm = float(np.sqrt(sum(v * v for _, v in hit))) or 1.0
        for c, v in sorted(hit):
            rows.append(r)
            cols.append(c)
            vals.append(v / norm)
    words = sparse.csr_matrix((vals, (rows, cols)), shape=(len(examples), len(vocab)))
    no_hints = np.zeros(len(SLUGS))
    extra = np.array([extra_features(taxonomy, t, b, no_hints) for t, b in prepared])
    return sparse.hstack([words, sparse.csr_matrix(extra)], format="csr"), vocab


def _targets(examples: Sequence[Example]) -> npt.NDArray[np.int_]:
    return np.array([[s in e.labels for s in SLUGS] for e in examples], dtype=int)


def _fit_linear(
    x: csr_matrix, y: npt.NDArray[np.int_], weights: Matrix, c: float
) -> list[LogisticRegression]:
    from sklearn.linear_model import LogisticRegression

    models = []
    for k in range(y.shape[1]):
        model = LogisticRegression(C=c, solver="liblinear", max_iter=1000)
        model.fit(x, y[:, k], sample_weight=weights)
        models.append(model)
    return models


def _weights(models: Sequence[LogisticRegression]) -> tuple[Matrix, Matrix]:
    coef = np.stack([m.coef_[0] for m in models], axis=1)
    return coef, np.array([m.intercept_[0] for m in models])


def _platt(decision: Matrix, y: npt.NDArray[np.int_]) -> list[LogisticRegression]:
    from sklearn.linear_model import LogisticRegression

    models = []
    for k in range(y.shape[1]):
        model = LogisticRegression(C=100.0, solver="lbfgs")
        model.fit(decision[:, [k]], y[:, k])
        models.append(model)
    return models


@dataclass
class Fitted:
    """The scikit-learn estimators of one training run: per sector, a linear model and its
    Platt calibration (a one-feature logistic regression over the linear decision)."""

    vocab: dict[str, int]
    taxonomy: Taxonomy
    linear: list[LogisticRegression]
    platt: list[LogisticRegression]

    def classifier(self) -> SectorClassifier:
        """The same model as plain arrays, for prediction with numpy."""
        coef, intercept = _weights(self.linear)
        assert coef.shape[0] == len(self.vocab) + N_EXTRA
        return SectorClassifier(
            vocab=self.vocab,
            coef=coef.astype(np.float32),
            intercept=intercept,
            platt_a=np.array([m.coef_[0, 0] for m in self.platt]),
            platt_b=np.array([m.intercept_[0] for m in self.platt]),
            taxonomy=self.taxonomy,
        )


def fit_estimators(
    examples: Sequence[Example],
    *,
    c: float = 8.0,
    min_df: int = 2,
    own_weight: float = 2.0,
    corpus_weight: float = 0.5,
    folds: int = 5,
) -> Fitted:
    """Train; Platt scaling is fitted on out-of-fold decisions of own texts."""
    from sklearn.model_selection import KFold

    taxonomy = Taxonomy.load()
    y = _targets(examples)
    own = np.array([e.source == "assay" for e in examples])
    weights = np.where(own, own_weight, corpus_weight)
    oof = np.zeros(y.shape, dtype=float)
    for train_idx, test_idx in KFold(folds, shuffle=True, random_state=0).split(y):
        x, vocab = features([examples[i] for i in train_idx], taxonomy, None, min_df)
        coef, intercept = _weights(_fit_linear(x, y[train_idx], weights[train_idx], c))
        x_test, _ = features([examples[i] for i in test_idx], taxonomy, vocab, min_df)
        oof[test_idx] = x_test @ coef + intercept
    # Calibrate on our own texts only: they are written like the news assay reads today, while
    # 1987 wire copy and US politics pieces would shift the probabilities toward their style.
    platt = _platt(oof[own], y[own])
    x, vocab = features(examples, taxonomy, None, min_df)
    return Fitted(vocab, taxonomy, _fit_linear(x, y, weights, c), platt)


def fit(examples: Sequence[Example], **options: Any) -> SectorClassifier:
    """Train and return the numpy model; `options` as for `fit_estimators`."""
    return fit_estimators(examples, **options).classifier()


def f1_scores(
    model: SectorClassifier, examples: Sequence[Example], threshold: float = 0.5
) -> dict[str, float]:
    """Per-sector F1 and 'micro' F1 of `model` on `examples`."""
    tp = dict.fromkeys(SLUGS, 0)
    fp = dict.fromkeys(SLUGS, 0)
    fn = dict.fromkeys(SLUGS, 0)
    for e in examples:
        got = {s.slug for s in model.predict(e.title, e.text) if s.score >= threshold}
        for s in SLUGS:
            tp[s] += s in got and s in e.labels
            fp[s] += s in got and s not in e.labels
            fn[s] += s not in got and s in e.labels
    out = {s: _f1(tp[s], fp[s], fn[s]) for s in SLUGS}
    out["micro"] = _f1(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return out


def _f1(tp: int, fp: int, fn: int) -> float:
    return round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0


def main(argv: Sequence[str] | None = None) -> int:
    """Train (and optionally evaluate) the model; write it to --out. Returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m assay.enrich.sectors.train", description="Train the sector model."
    )
    parser.add_argument("--corpus", type=Path, help="shared corpus dir (Reuters, AllSides)")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="model file to write")
    parser.add_argument("--evaluate", action="store_true", help="report CV and held-out F1")
    args = parser.parse_args(argv)
    try:
        from sklearn.model_selection import KFold
    except ImportError:
        print("Training needs scikit-learn and scipy: pip install 'assay[train]'.", file=sys.stderr)
        return 2

    own = load_examples(TRAIN_PATH)
    extra = corpus_examples(args.corpus) if args.corpus else []
    print(f"{len(own)} own examples, {len(extra)} corpus examples")
    if args.evaluate:
        # 5-fold CV over our own texts; corpus documents are always on the training side.
        micro = []
        for k, (tr, te) in enumerate(KFold(5, shuffle=True, random_state=1).split(own)):
            model = fit([own[i] for i in tr] + extra)
            scores = f1_scores(model, [own[i] for i in te])
            micro.append(scores["micro"])
            print(f"fold {k}: micro-F1 {scores['micro']:.3f}")
        print(f"cross-validated micro-F1 {sum(micro) / len(micro):.3f}")
        held = own[::5]
        rest = [e for i, e in enumerate(own) if i % 5]
        scores = f1_scores(fit(rest + extra), held)
        print("held-out (every 5th own example) F1:", json.dumps(scores))
    start = time.perf_counter()
    model = fit(own + extra)
    meta = {
        "train": TRAIN_PATH.name,
        "own_examples": len(own),
        "corpus_examples": len(extra),
        "corpus": "reuters21578+allsides" if args.corpus else None,
        "caps": [REUTERS_CAP, ALLSIDES_CAP],
    }
    model.save(args.out, meta)
    size = args.out.stat().st_size
    took = time.perf_counter() - start
    print(f"wrote {args.out} ({size / 1024:.0f} KB, vocab {len(model.vocab)}) in {took:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
