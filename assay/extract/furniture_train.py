"""Train the furniture line classifier shipped as `assay/data/furniture.npz`.

    python -m assay.extract.furniture_train                      # rebuild the shipped model
    python -m assay.extract.furniture_train --corpus DIR --out /tmp/furniture.npz

Data: the Zyte article-extraction benchmark (`article_extraction_benchmark.jsonl.gz` in
the shared corpus, 181 real pages with their gold article bodies). Each page's visible
text is split into lines (`visible.visible_lines`) and every line is labelled against the
gold body: story when most of its word trigrams occur in the body (short lines: when they
occur in the body and sit inside its span), furniture when almost none do, unsure (left
out) in between. The page's headline counts as story: a reader keeps it. Pages whose host
hashes into `HELD_OUT` are never trained or tuned on; `benchmarks/furniture.py` measures
the shipped model on them.

Needs scikit-learn (`pip install 'assay[train]'`, or the dev group); applying the model
does not. Training is deterministic: the same corpus gives the same model file.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt

from assay.errors import InputError
from assay.extract.cues import cue_kinds
from assay.extract.furniture import MODEL_PATH, FurnitureModel
from assay.extract.line_features import line_features, normalise_line
from assay.extract.line_rules import adjust, prose
from assay.extract.visible import page_titles, visible_lines

if TYPE_CHECKING:  # scikit-learn is imported where training needs it
    from sklearn.ensemble import GradientBoostingClassifier

__all__ = [
    "CORPUS_FILE",
    "LabelledPage",
    "corpus_dir",
    "decide",
    "fit",
    "held_out",
    "held_out_scores",
    "label_lines",
    "line_scores",
    "page_scores",
    "read_pages",
    "recurring_lines",
]

CORPUS_FILE = "article_extraction_benchmark.jsonl.gz"
HELD_OUT = 3  # of 10 hash buckets: ~30% of hosts, and so of pages
STORY, FURNITURE, UNSURE = 1, 0, -1
TREES, DEPTH, LEARNING_RATE = 200, 4, 0.1
TARGET_PRECISION = 0.96  # CV precision the cut must reach (the held-out target is 0.95)

_TOKEN = re.compile(r"\w+")
_STANDFIRST_LINES = 6


@dataclass
class LabelledPage:
    """One corpus page: its visible lines and a label per line."""

    id: str
    url: str
    host: str
    lines: list[str]
    labels: list[int]


def corpus_dir() -> Path:
    """$ASSAY_CORPUS_DIR, else shared/corpus beside the repository (as benchmarks use)."""
    env = os.environ.get("ASSAY_CORPUS_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "shared" / "corpus"


def host_of(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def held_out(host: str) -> bool:
    """True for the fixed ~30% of hosts kept for evaluation (both pages of a host go together)."""
    return int(hashlib.sha256(host.encode()).hexdigest()[:8], 16) % 10 < HELD_OUT


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _trigrams(tokens: Sequence[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + 3]) for i in range(len(tokens) - 2)}


def _is_title(tokens: list[str], titles: list[list[str]]) -> bool:
    """The line is a page title, possibly without the title tag's " | Site" suffix."""
    words = set(tokens)
    return any(
        tokens == t or (len(tokens) >= 3 and words <= set(t) and len(tokens) >= 0.6 * len(t))
        for t in titles
    )


def label_lines(lines: Sequence[str], gold: str, titles: Sequence[str] = ()) -> list[int]:
    """STORY, FURNITURE or UNSURE for each line, by fuzzy match against the gold body."""
    gold_tokens = _tokens(gold)
    grams = _trigrams(gold_tokens)
    joined = f" {' '.join(gold_tokens)} "
    labels: list[int | None] = []
    for line in lines:
        tokens = _tokens(line)
        if len(tokens) < 4:
            labels.append(None)  # decided below, by position
            continue
        own = _trigrams(tokens)
        share = sum(1 for g in own if g in grams) / len(own)
        labels.append(STORY if share >= 0.5 else FURNITURE if share < 0.2 else UNSURE)
    body = [i for i, lab in enumerate(labels) if lab == STORY]
    first, last = (body[0], body[-1]) if body else (len(lines), -1)
    out: list[int] = []
    for i, (line, lab) in enumerate(zip(lines, labels, strict=True)):
        if lab is None:
            tokens = _tokens(line)
            inside = first <= i <= last and bool(tokens)
            lab = STORY if inside and f" {' '.join(tokens)} " in joined else FURNITURE
        out.append(lab)
    # A standfirst just above the body is story to a reader, though gold bodies leave it out.
    for i in range(max(first - _STANDFIRST_LINES, 0), min(first, len(lines))):
        if out[i] == FURNITURE and prose(lines[i]) and not cue_kinds(lines[i]):
            out[i] = UNSURE
    # The headline: the nearest title-like line above the body.
    title_tokens = [_tokens(t) for t in titles if _tokens(t)]
    for i in range(min(first, len(lines)) - 1, max(first - 15, 0) - 1, -1):
        if _is_title(_tokens(lines[i]), title_tokens):
            out[i] = STORY
            break
    return out


def read_pages(path: Path | None = None) -> list[LabelledPage]:
    """Every corpus page with its visible lines and their labels."""
    path = path or corpus_dir() / CORPUS_FILE
    if not path.is_file():
        raise InputError(f"{path} not found. Set ASSAY_CORPUS_DIR to the folder holding it.")
    pages = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for raw in fh:
            row = json.loads(raw)
            lines = visible_lines(row["html"])
            labels = label_lines(lines, row["ground_truth_text"], page_titles(row["html"]))
            pages.append(LabelledPage(row["id"], row["url"], host_of(row["url"]), lines, labels))
    return pages


def recurring_lines(pages: Sequence[LabelledPage]) -> dict[str, frozenset[str]]:
    """Per page id: normalised lines that also occur on another page of the same host."""
    by_host: dict[str, list[LabelledPage]] = defaultdict(list)
    for page in pages:
        by_host[page.host].append(page)
    out: dict[str, frozenset[str]] = {}
    for page in pages:
        others = [p for p in by_host[page.host] if p is not page]
        seen = {normalise_line(line) for p in others for line in p.lines}
        out[page.id] = frozenset(seen)
    return out


def page_features(
    pages: Sequence[LabelledPage], recurring: dict[str, frozenset[str]]
) -> list[npt.NDArray[np.float64]]:
    """The feature matrix of every page, all lines."""
    return [line_features(p.lines, recurring.get(p.id, frozenset())) for p in pages]


def _sure(page: LabelledPage) -> npt.NDArray[np.bool_]:
    sure: npt.NDArray[np.bool_] = np.array(page.labels) != UNSURE
    return sure


def _furniture(page: LabelledPage) -> npt.NDArray[np.int64]:
    furniture: npt.NDArray[np.int64] = (np.array(page.labels) == FURNITURE).astype(np.int64)
    return furniture


def line_scores(furniture: Iterable[bool], removed: Iterable[bool]) -> dict[str, float]:
    """Line-level precision and recall of furniture removal, and the share of story kept."""
    truth = np.fromiter(furniture, dtype=bool)
    pred = np.fromiter(removed, dtype=bool)
    tp = int((truth & pred).sum())
    return {
        "precision": tp / max(1, int(pred.sum())),
        "recall": tp / max(1, int(truth.sum())),
        "story_kept": int((~truth & ~pred).sum()) / max(1, int((~truth).sum())),
        "lines": float(len(truth)),
    }


def held_out_scores(path: Path | None = None) -> dict[str, float]:
    """The shipped model on the held-out Zyte pages: `line_scores` plus the number of
    pages, of furniture lines, of all lines, and the seconds spent classifying.

    Raises FileNotFoundError when the corpus file is absent.
    """
    from assay.extract.furniture import classify_lines

    path = path or corpus_dir() / CORPUS_FILE
    if not path.is_file():
        raise FileNotFoundError(path)
    pages = [p for p in read_pages(path) if held_out(p.host)]
    model = FurnitureModel.load()
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
    return {
        **line_scores(truth, removed),
        "pages": float(len(pages)),
        "furniture_lines": float(sum(truth)),
        "all_lines": float(sum(len(p.lines) for p in pages)),
        "seconds": seconds,
    }


def _estimator() -> GradientBoostingClassifier:
    from sklearn.ensemble import GradientBoostingClassifier

    return GradientBoostingClassifier(
        n_estimators=TREES, max_depth=DEPTH, learning_rate=LEARNING_RATE, random_state=0
    )


def export(clf: GradientBoostingClassifier, cut: float, meta: dict[str, Any]) -> FurnitureModel:
    """The fitted ensemble as padded numpy arrays (a leaf points to itself)."""
    trees = [est[0].tree_ for est in clf.estimators_]
    width = max(t.node_count for t in trees)
    shape = (len(trees), width)
    feature = np.zeros(shape, dtype=np.int32)
    threshold = np.full(shape, np.inf)
    left = np.tile(np.arange(width, dtype=np.int32), (len(trees), 1))
    right = left.copy()
    value = np.zeros(shape)
    for k, tree in enumerate(trees):
        n = tree.node_count
        inner = tree.children_left >= 0
        feature[k, :n] = np.where(inner, tree.feature, 0)
        threshold[k, :n] = np.where(inner, tree.threshold, np.inf)
        left[k, :n] = np.where(inner, tree.children_left, np.arange(n))
        right[k, :n] = np.where(inner, tree.children_right, np.arange(n))
        value[k, :n] = tree.value[:, 0, 0] * clf.learning_rate
    prior = float(clf.init_.predict_proba(np.zeros((1, clf.n_features_in_)))[0, 1])
    return FurnitureModel(
        feature=feature,
        threshold=threshold,
        left=left,
        right=right,
        value=value,
        depth=max(t.max_depth for t in trees),
        bias=float(np.log(prior / (1 - prior))),
        cut=cut,
        meta=meta,
    )


def decide(page: LabelledPage, probs: npt.NDArray[np.float64], cut: float) -> list[bool]:
    """The runtime decision for each line: the cut, then the page's structure."""
    return adjust(page.lines, [bool(p >= cut) for p in probs])


def page_scores(
    pages: Sequence[LabelledPage], probs: Sequence[npt.NDArray[np.float64]], cut: float
) -> dict[str, float]:
    """Line scores over the sure lines of `pages`, decided as at run time."""
    truth: list[bool] = []
    removed: list[bool] = []
    for page, p in zip(pages, probs, strict=True):
        for label, r in zip(page.labels, decide(page, p, cut), strict=True):
            if label != UNSURE:
                truth.append(label == FURNITURE)
                removed.append(r)
    return line_scores(truth, removed)


def choose_cut(pages: Sequence[LabelledPage], probs: Sequence[npt.NDArray[np.float64]]) -> float:
    """The lowest cut whose precision reaches TARGET_PRECISION (most recall at that precision)."""
    for cut in np.arange(0.40, 0.96, 0.02):
        if page_scores(pages, probs, float(cut))["precision"] >= TARGET_PRECISION:
            return round(float(cut), 2)
    return 0.96


def fit(
    pages: Sequence[LabelledPage], folds: int = 5, log: bool = False
) -> tuple[FurnitureModel, dict[str, float]]:
    """Pick the cut by host-grouped cross-validation, then fit on all `pages`."""
    from sklearn.model_selection import GroupKFold

    features = page_features(pages, recurring_lines(pages))
    hosts = [p.host for p in pages]
    oof: list[npt.NDArray[np.float64]] = [np.zeros(len(p.lines)) for p in pages]
    for k, (train, test) in enumerate(GroupKFold(folds).split(pages, groups=hosts)):
        x = np.vstack([features[i][_sure(pages[i])] for i in train])
        y = np.concatenate([_furniture(pages[i])[_sure(pages[i])] for i in train])
        clf = _estimator().fit(x, y)
        for i in test:
            oof[i] = clf.predict_proba(features[i])[:, 1]
        if log:
            print(f"fold {k + 1}/{folds} done", file=sys.stderr)
    cut = choose_cut(pages, oof)
    cv = page_scores(pages, oof, cut)
    x = np.vstack([f[_sure(p)] for f, p in zip(features, pages, strict=True)])
    y = np.concatenate([_furniture(p)[_sure(p)] for p in pages])
    clf = _estimator().fit(x, y)
    meta = {
        "corpus": CORPUS_FILE,
        "pages": len(pages),
        "lines": len(y),
        "trees": TREES,
        "max_depth": DEPTH,
        "learning_rate": LEARNING_RATE,
        "cv": {k: round(v, 4) for k, v in cv.items()},
    }
    model = export(clf, cut, meta)
    # The numpy walk must agree with scikit-learn, or the shipped model is not what was fitted.
    if not np.allclose(model.probabilities(x[:2000]), clf.predict_proba(x[:2000])[:, 1]):
        raise AssertionError("exported trees disagree with scikit-learn's predictions")
    return model, cv


def main(argv: Sequence[str] | None = None) -> int:
    """Train on the non-held-out Zyte pages and write the model; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m assay.extract.furniture_train",
        description="Train the furniture line classifier.",
    )
    parser.add_argument("--corpus", type=Path, help=f"folder holding {CORPUS_FILE}")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="model file to write")
    args = parser.parse_args(argv)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("Training needs scikit-learn: pip install 'assay[train]'.", file=sys.stderr)
        return 2
    start = time.perf_counter()
    pages = read_pages((args.corpus / CORPUS_FILE) if args.corpus else None)
    train = [p for p in pages if not held_out(p.host)]
    print(f"{len(pages)} pages; training on {len(train)}, {len(pages) - len(train)} held out")
    model, cv = fit(train, log=True)
    model.save(args.out)
    print(
        f"cut {model.cut:.2f}: cross-validated line precision {cv['precision']:.3f}, "
        f"recall {cv['recall']:.3f}, story lines kept {cv['story_kept']:.3f}"
    )
    took = time.perf_counter() - start
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KB) in {took:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
