"""Train the sector model shipped as `assay/data/sectors/model.npz`.

Data, all named:

- `assay/data/sectors/train.jsonl`: short multi-label texts written for assay (the only source
  for ev-battery, ai-semiconductors and, mostly, esg-renewables and aerospace-defense).
- Optional, with `corpus_dir`: Reuters-21578 (NORM documents with topics) and AllSides
  2015-2020, mapped through REUTERS_MAP and ALLSIDES_MAP below. A Reuters document whose topics
  are all unmapped (grain, coffee, ship...) is skipped, not used as a negative, because
  "no sector" is not what those labels say.

Training is deterministic: fixed data order, fixed folds, deterministic solvers.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from assay.enrich.classify import (
    DATA_DIR,
    N_EXTRA,
    SLUGS,
    SectorClassifier,
    Taxonomy,
    extra_features,
    ngrams,
    prepare,
)
from assay.errors import InputError

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
            "gold",
            "silver",
            "platinum",
            "palladium",
            "copper",
            "alum",
            "iron-steel",
            "zinc",
            "lead",
            "tin",
            "nickel",
        ],
        "mining-metals",
    ),
    "strategic-metal": "rare-earths-commodities",
    **dict.fromkeys(["earn", "acq", "money-fx", "interest", "trade"], "business-politics"),
}
# AllSides category -> sectors. Labels are story-cluster topics, so only categories whose
# articles were checked to fit one sector are used; lifestyle categories are negatives.
ALLSIDES_MAP: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(["environment", "epa"], ("esg-renewables",)),
    **dict.fromkeys(["us_military", "national_defense"], ("aerospace-defense",)),
    **dict.fromkeys(
        [
            "politics",
            "elections",
            "economy_and_jobs",
            "business",
            "taxes",
            "federal_budget",
            "economic_policy",
            "us_congress",
            "white_house",
            "banking_and_finance",
        ],
        ("business-politics",),
    ),
    **dict.fromkeys(
        [
            "sports",
            "arts_and_entertainment",
            "food",
            "holidays",
            "religion_and_faith",
            "healthcare",
            "public_health",
            "education",
            "science",
            "animal_welfare",
            "culture",
            "family_and_marriage",
            "opioid_crisis",
            "housing_and_homelessness",
            "lgbt_rights",
        ],
        (),
    ),
}
REUTERS_CAP = 60  # per sector, so earn/acq do not drown the rest
ALLSIDES_CAP = 15  # per category
MAX_VOCAB = 20_000  # most frequent n-grams kept: bounds the model file and training time


@dataclass(frozen=True)
class Example:
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


def corpus_examples(corpus_dir: Path) -> list[Example]:
    """Reuters and AllSides documents with mapped labels, capped and in a fixed order."""
    out: list[Example] = []
    per_sector: dict[str, int] = {}
    docs = [d for d in _jsonl_gz(corpus_dir / "reuters21578.jsonl.gz") if d["text_type"] == "NORM"]
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
    rows = list(_jsonl_gz(corpus_dir / "allsides_news_2015_2020.jsonl.gz"))
    for doc in sorted(rows, key=lambda d: _order(str(d["id"]))):
        cat = doc["category"]
        if cat not in ALLSIDES_MAP or per_cat.get(cat, 0) >= ALLSIDES_CAP:
            continue
        per_cat[cat] = per_cat.get(cat, 0) + 1
        out.append(Example(doc["title"], doc["text"], frozenset(ALLSIDES_MAP[cat]), "allsides"))
    return out


def _features(
    examples: Sequence[Example], taxonomy: Taxonomy, vocab: dict[str, int] | None, min_df: int
) -> tuple[sparse.csr_matrix, dict[str, int]]:
    prepared = [prepare(e.title, e.text) for e in examples]
    grams = [ngrams(t + b) for t, b in prepared]
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


def _targets(examples: Sequence[Example]) -> np.ndarray:
    return np.array([[s in e.labels for s in SLUGS] for e in examples], dtype=int)


def _fit_linear(
    x: sparse.csr_matrix, y: np.ndarray, weights: np.ndarray, c: float
) -> tuple[np.ndarray, np.ndarray]:
    coef = np.zeros((x.shape[1], y.shape[1]))
    intercept = np.zeros(y.shape[1])
    for k in range(y.shape[1]):
        model = LogisticRegression(C=c, solver="liblinear", max_iter=1000)
        model.fit(x, y[:, k], sample_weight=weights)
        coef[:, k] = model.coef_[0]
        intercept[k] = model.intercept_[0]
    return coef, intercept


def _platt(decision: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.ones(y.shape[1]), np.zeros(y.shape[1])
    for k in range(y.shape[1]):
        model = LogisticRegression(C=100.0, solver="lbfgs")
        model.fit(decision[:, [k]], y[:, k])
        a[k], b[k] = model.coef_[0, 0], model.intercept_[0]
    return a, b


def fit(
    examples: Sequence[Example],
    *,
    c: float = 8.0,
    min_df: int = 2,
    own_weight: float = 2.0,
    corpus_weight: float = 0.5,
    folds: int = 5,
) -> SectorClassifier:
    """Train the classifier; Platt scaling is fitted on out-of-fold decisions of own texts."""
    taxonomy = Taxonomy.load()
    y = _targets(examples)
    own = np.array([e.source == "assay" for e in examples])
    weights = np.where(own, own_weight, corpus_weight)
    oof = np.zeros(y.shape, dtype=float)
    for train_idx, test_idx in KFold(folds, shuffle=True, random_state=0).split(y):
        part = [examples[i] for i in train_idx]
        x, vocab = _features(part, taxonomy, None, min_df)
        coef, intercept = _fit_linear(x, y[train_idx], weights[train_idx], c)
        x_test, _ = _features([examples[i] for i in test_idx], taxonomy, vocab, min_df)
        oof[test_idx] = x_test @ coef + intercept
    # Calibrate on our own texts only: they are written like the news assay reads today, while
    # 1987 wire copy and US politics pieces would shift the probabilities toward their style.
    platt_a, platt_b = _platt(oof[own], y[own])
    x, vocab = _features(examples, taxonomy, None, min_df)
    coef, intercept = _fit_linear(x, y, weights, c)
    assert coef.shape[0] == len(vocab) + N_EXTRA
    return SectorClassifier(
        vocab=vocab,
        coef=coef.astype(np.float32),
        intercept=intercept,
        platt_a=platt_a,
        platt_b=platt_b,
        taxonomy=taxonomy,
    )


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
