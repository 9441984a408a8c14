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
data on the same kind of CPU gives a byte-identical model file. On another kind, numpy's
BLAS may take other kernels that round otherwise (coefficients within ~0.002; one
decision in 587 of the project's texts changed between two machines).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from assay.enrich.sectors.corpus import (
    ALLSIDES_CAP,
    REUTERS_CAP,
    corpus_examples,
    gold_dev_examples,
)
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


def real_examples(corpus_dir: Path) -> list[Example]:
    """Labelled corpus texts and the gold set's dev documents (see `corpus.py`)."""
    return [
        Example(e.title, e.text, e.labels, e.source)
        for e in (*corpus_examples(corpus_dir), *gold_dev_examples(corpus_dir))
    ]


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
    """The scikit-learn estimators of one training run: per sector, a linear model, its Platt
    calibration (a one-feature logistic regression over the linear decision) and the shift
    that puts the sector's F1-best threshold at score 0.5."""

    vocab: dict[str, int]
    taxonomy: Taxonomy
    linear: list[LogisticRegression]
    platt: list[LogisticRegression]
    shift: Matrix  # logit of each sector's threshold, subtracted from the Platt intercept

    def classifier(self) -> SectorClassifier:
        """The same model as plain arrays, for prediction with numpy."""
        coef, intercept = _weights(self.linear)
        assert coef.shape[0] == len(self.vocab) + N_EXTRA
        return SectorClassifier(
            vocab=self.vocab,
            coef=coef.astype(np.float32),
            intercept=intercept,
            platt_a=np.array([m.coef_[0, 0] for m in self.platt]),
            platt_b=np.array([m.intercept_[0] for m in self.platt]) - self.shift,
            taxonomy=self.taxonomy,
        )


CALIBRATION_SOURCES = ("assay", "gold-dev")
WEIGHTS = {"assay": 2.0, "gold-dev": 3.0}  # corpus texts (mapped labels): CORPUS_WEIGHT
CORPUS_WEIGHT = 0.5
# Calibrated thresholds searched; above 0.5 a sector the model finds more likely than not
# would be refused, a choice a few dozen positives cannot support.
THRESHOLD_RANGE = (0.2, 0.5)
SMOOTHING = 2  # grid steps either side averaged into a threshold's F1


def out_of_fold(
    examples: Sequence[Example], *, c: float = 8.0, min_df: int = 2, folds: int = 5
) -> tuple[Matrix, npt.NDArray[np.bool_]]:
    """Decisions for the own and gold-dev texts from models that did not see them.

    Folds split only those texts; corpus texts are always on the training side. Returns the
    decisions (zero rows for corpus texts) and the mask of rows that have one.
    """
    from sklearn.model_selection import KFold

    taxonomy = Taxonomy.load()
    y = _targets(examples)
    weights = np.array([WEIGHTS.get(e.source, CORPUS_WEIGHT) for e in examples])
    held = np.array([e.source in CALIBRATION_SOURCES for e in examples])
    always = np.flatnonzero(~held)
    oof = np.zeros(y.shape, dtype=float)
    for train_idx, test_idx in KFold(folds, shuffle=True, random_state=0).split(
        np.flatnonzero(held)
    ):
        tr = np.concatenate([np.flatnonzero(held)[train_idx], always])
        te = np.flatnonzero(held)[test_idx]
        x, vocab = features([examples[i] for i in tr], taxonomy, None, min_df)
        coef, intercept = _weights(_fit_linear(x, y[tr], weights[tr], c))
        x_test, _ = features([examples[i] for i in te], taxonomy, vocab, min_df)
        oof[te] = x_test @ coef + intercept
    return oof, held


def best_thresholds(probs: Matrix, y: npt.NDArray[np.int_], groups: npt.NDArray[np.int_]) -> Matrix:
    """Per sector, the calibrated score in THRESHOLD_RANGE with the best mean F1 over the
    row `groups` (gold dev documents and own texts: real news without losing the project's
    style); ties go to the lowest.

    The F1 curve is averaged over neighbouring thresholds (+-SMOOTHING) before its peak is
    taken: a few dozen positives make the raw curve jagged, and a lone spike is noise that
    moves the threshold between retrainings, not a better operating point.
    """
    grid = np.round(np.arange(THRESHOLD_RANGE[0], THRESHOLD_RANGE[1] + 1e-9, 0.025), 3)
    window = np.ones(2 * SMOOTHING + 1) / (2 * SMOOTHING + 1)
    out = []
    for k in range(y.shape[1]):
        f1 = np.array([
            np.mean(
                [_f1_counts(probs[groups == g, k] >= t, y[groups == g, k] == 1)
                 for g in np.unique(groups)]
            )
            for t in grid
        ])  # fmt: skip
        smooth = np.convolve(np.pad(f1, SMOOTHING, mode="edge"), window, mode="valid")
        out.append(grid[int(np.argmax(smooth))])
    return np.array(out, dtype=float)


def _f1_counts(got: npt.NDArray[np.bool_], gold: npt.NDArray[np.bool_]) -> float:
    tp = int((got & gold).sum())
    return 2 * tp / (2 * tp + int((got & ~gold).sum()) + int((~got & gold).sum())) if tp else 0.0


def fit_estimators(
    examples: Sequence[Example], *, c: float = 8.0, min_df: int = 2, folds: int = 5
) -> Fitted:
    """Train on everything; calibrate and pick thresholds on out-of-fold decisions.

    Platt scaling is fitted on the own and gold-dev texts together (real news and the
    project's own style); each sector's threshold then has the best mean F1 over the two.
    """
    taxonomy = Taxonomy.load()
    y = _targets(examples)
    oof, held = out_of_fold(examples, c=c, min_df=min_df, folds=folds)
    platt = _platt(oof[held], y[held])
    groups = np.array([e.source == "gold-dev" for e in examples], dtype=int)
    probs = _calibrated(platt, oof[held])
    thresholds = best_thresholds(probs, y[held], groups[held])
    shift = np.log(thresholds / (1.0 - thresholds))
    weights = np.array([WEIGHTS.get(e.source, CORPUS_WEIGHT) for e in examples])
    x, vocab = features(examples, taxonomy, None, min_df)
    return Fitted(vocab, taxonomy, _fit_linear(x, y, weights, c), platt, shift)


def _calibrated(platt: Sequence[LogisticRegression], decision: Matrix) -> Matrix:
    return np.column_stack([m.predict_proba(decision[:, [k]])[:, 1] for k, m in enumerate(platt)])


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


def default_corpus_dir() -> Path:
    """$ASSAY_CORPUS_DIR, else ../shared/corpus beside the repository."""
    env = os.environ.get("ASSAY_CORPUS_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[3].parent / "shared" / "corpus"


def cross_validated_report(examples: Sequence[Example]) -> dict[str, dict[str, float]]:
    """Out-of-fold F1 per sector on the gold dev documents and on own texts."""
    y = _targets(examples)
    oof, held = out_of_fold(examples)
    platt = _platt(oof[held], y[held])
    dev = np.array([e.source == "gold-dev" for e in examples])
    probs = _calibrated(platt, oof)
    thresholds = best_thresholds(probs[held], y[held], dev[held].astype(int))
    out = {}
    for name, rows in (("gold-dev", dev), ("own", held & ~dev)):
        got = probs[rows] >= thresholds
        # At most three sectors per article, best first, as the enricher assigns them.
        rank = np.argsort(-probs[rows], axis=1, kind="stable")[:, 3:]
        np.put_along_axis(got, rank, False, axis=1)
        gold = y[rows] == 1
        scores = {s: round(_f1_counts(got[:, k], gold[:, k]), 3) for k, s in enumerate(SLUGS)}
        scores["micro"] = round(_f1_counts(got.ravel(), gold.ravel()), 3)
        out[name] = scores
    out["thresholds"] = dict(zip(SLUGS, thresholds.round(3).tolist(), strict=True))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Train (and optionally evaluate) the model; write it to --out. Returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m assay.enrich.sectors.train", description="Train the sector model."
    )
    parser.add_argument(
        "--corpus", type=Path, default=None, help="shared corpus dir (default ../shared/corpus)"
    )
    parser.add_argument(
        "--no-corpus", action="store_true", help="train on the own texts only (tests)"
    )
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="model file to write")
    parser.add_argument("--evaluate", action="store_true", help="report cross-validated F1")
    args = parser.parse_args(argv)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("Training needs scikit-learn and scipy: pip install 'assay[train]'.", file=sys.stderr)
        return 2

    own = load_examples(TRAIN_PATH)
    extra: list[Example] = []
    if not args.no_corpus:
        corpus = args.corpus or default_corpus_dir()
        if not (corpus / "reuters21578.jsonl.gz").is_file():
            print(
                f"No corpus in {corpus}: pass --corpus DIR (or --no-corpus for own texts only).",
                file=sys.stderr,
            )
            return 2
        extra = real_examples(corpus)
    sources = {s: sum(e.source == s for e in extra) for s in ("reuters", "allsides", "gold-dev")}
    print(f"{len(own)} own examples, corpus examples {sources}")
    if args.evaluate:
        print("cross-validated F1:", json.dumps(cross_validated_report(own + extra), indent=1))
    start = time.perf_counter()
    model = fit(own + extra)
    meta = {
        "train": TRAIN_PATH.name,
        "own_examples": len(own),
        "corpus_examples": sources,
        "corpus": "reuters21578+allsides+gold-dev" if extra else None,
        "caps": [REUTERS_CAP, ALLSIDES_CAP],
    }
    model.save(args.out, meta)
    size = args.out.stat().st_size
    took = time.perf_counter() - start
    print(f"wrote {args.out} ({size / 1024:.0f} KB, vocab {len(model.vocab)}) in {took:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
