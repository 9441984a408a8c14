"""Page furniture: navigation, sign-up boxes, share bars, notices, captions, teaser links.

A line classifier decides, not a phrase list: gradient-boosted trees over each line's
features (`line_features`: length, punctuation, stop words, capitals, cue words of
furniture kinds in several languages, position, repetition, neighbours), trained on the
visible text of real pages against their gold article bodies
(`python -m assay.extract.furniture_train`) and shipped as plain arrays in
`assay/data/furniture.npz`. Applying it is numpy only: every tree of the ensemble
walks all lines at once. Whatever is removed is returned to the caller, never silently
discarded.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from assay.errors import ModelError
from assay.extract.cues import CUE_KINDS, cue_kinds
from assay.extract.line_features import FEATURE_NAMES, line_features, normalise_line
from assay.extract.line_rules import SENTENCE_END, adjust, evidence, prose

__all__ = [
    "BLANK_LINES",
    "MODEL_PATH",
    "SENTENCE_END",
    "FurnitureModel",
    "Verdict",
    "classify_lines",
    "clean_text",
    "drop_lines",
    "furniture_kind",
    "furniture_spans",
    "inline_furniture",
    "join_wrapped",
    "logical_lines",
    "prose",
    "recurring_lines",
]

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "furniture.npz"
_REBUILD = "Rebuild it with `python -m assay.extract.furniture_train`."

# Shared with lead.py and stories.py: runs of blank lines left by removed lines.
BLANK_LINES = re.compile(r"\n{3,}")


# Hard-wrapped text: at least this many lines, nearly none over _WRAP_MAX characters, and
# lines ending within _WRAP_SLACK characters of the widest one continue on the next.
_WRAP_MIN_LINES = 4
_WRAP_MAX = 100
_WRAP_SLACK = 20

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class FurnitureModel:
    """A boosted ensemble of regression trees padded to one shape: (trees, nodes).

    A leaf points to itself on both sides, so walking `depth` steps from the root
    lands every line on its leaf whatever the tree's own depth.
    """

    feature: IntArray
    threshold: FloatArray
    left: IntArray
    right: IntArray
    value: FloatArray
    depth: int
    bias: float
    cut: float  # probability at or above which a line is furniture
    meta: dict[str, Any]

    @classmethod
    def load(cls, path: Path | None = None) -> FurnitureModel:
        """The shipped model (read once per process and path); ModelError if unreadable."""
        return _load(path or MODEL_PATH)

    def probabilities(self, x: FloatArray) -> FloatArray:
        """P(furniture) for each row of a feature matrix."""
        if not len(x):
            return np.zeros(0)
        x = x.astype(np.float32)  # as the trees were fitted: float32 features, float64 cuts
        trees, width = self.feature.shape
        # Flat node ids (tree * width + node), so each step is a few 1-D takes.
        base = np.arange(trees, dtype=np.int64) * width
        feature, threshold = self.feature.ravel(), self.threshold.ravel()
        left, right = (self.left + base[:, None]).ravel(), (self.right + base[:, None]).ravel()
        node = np.broadcast_to(base, (len(x), trees))
        for _ in range(self.depth):
            values = np.take_along_axis(x, feature[node], axis=1)
            node = np.where(values <= threshold[node], left[node], right[node])
        raw = self.bias + self.value.ravel()[node].sum(axis=1)
        probs: FloatArray = 1.0 / (1.0 + np.exp(-raw))
        return probs

    def save(self, path: Path) -> None:
        """Write the arrays and metadata as an .npz readable with allow_pickle=False."""
        meta = {**self.meta, "features": list(FEATURE_NAMES)}
        with path.open("wb") as fh:
            np.savez_compressed(
                fh,
                feature=self.feature.astype(np.int16),
                threshold=self.threshold,
                left=self.left.astype(np.int16),
                right=self.right.astype(np.int16),
                value=self.value,
                scalars=np.array([self.depth, self.bias, self.cut], dtype=np.float64),
                meta=np.array(json.dumps(meta, sort_keys=True)),
            )


@cache  # one model per process: it is read-only once loaded
def _load(path: Path) -> FurnitureModel:
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
        meta = json.loads(str(arrays["meta"]))
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"Cannot read furniture model {path}: {exc}. {_REBUILD}") from None
    if meta.get("features") != list(FEATURE_NAMES):
        raise ModelError(f"Furniture model {path} was trained on other line features. {_REBUILD}")
    depth, bias, cut = (float(v) for v in arrays["scalars"])
    return FurnitureModel(
        feature=arrays["feature"].astype(np.int32),
        threshold=arrays["threshold"].astype(np.float64),
        left=arrays["left"].astype(np.int32),
        right=arrays["right"].astype(np.int32),
        value=arrays["value"].astype(np.float64),
        depth=int(depth),
        bias=bias,
        cut=cut,
        meta=meta,
    )


@dataclass(frozen=True)
class Verdict:
    """One non-blank line: its text, P(furniture), and whether it is removed."""

    line: str
    score: float
    furniture: bool


def recurring_lines(texts: Iterable[str], min_pages: int = 2) -> frozenset[str]:
    """Normalised lines found in at least `min_pages` of `texts` (pages of one source).

    Pass the result as `recurring` to `extract`/`classify_lines`: menus, sign-up boxes and
    footers repeat across a site's pages, story lines do not.
    """
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({normalise_line(line) for line in text.split("\n") if line.strip()})
    return frozenset(line for line, n in counts.items() if n >= min_pages)


def furniture_kind(line: str) -> str:
    """Name the kind of a furniture line by its first cue ("sign-up box"...), else 'furniture'."""
    kinds = cue_kinds(line)
    return CUE_KINDS[kinds[0]] if kinds else "furniture"


def _hard_wrapped(lengths: list[int]) -> int:
    """The wrap width of hard-wrapped text (wire copy, e-mail at 72 columns), else 0.

    Wrapped text has almost no line over 100 characters and half its lines within 20
    characters of the widest; a copied web page has one long line per paragraph.
    """
    if len(lengths) < _WRAP_MIN_LINES or sum(n > _WRAP_MAX for n in lengths) > 0.1 * len(lengths):
        return 0
    width = max(n for n in lengths if n <= _WRAP_MAX)
    near = sum(width - _WRAP_SLACK <= n <= width for n in lengths)
    return width if width >= 40 and near >= 0.5 * len(lengths) else 0


def logical_lines(lines: Sequence[str]) -> list[list[int]]:
    """Indexes of the non-blank lines, grouped so that a hard-wrapped paragraph is one group.

    A line near the wrap width, or followed by a lower-case one, continues on the next line
    unless that one is blank or indented (a wire paragraph's first line is).
    """
    rows = [i for i, line in enumerate(lines) if line.strip()]
    width = _hard_wrapped([len(lines[i].rstrip()) for i in rows])
    groups: list[list[int]] = []
    for i in rows:
        prev = groups[-1][-1] if groups else None
        continues = (
            width
            and prev == i - 1
            and not lines[i][:1].isspace()
            and (len(lines[prev].rstrip()) >= width - _WRAP_SLACK or lines[i][:1].islower())
        )
        if continues:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def join_wrapped(text: str) -> str:
    """Hard-wrapped paragraphs joined into one line each (see `logical_lines`); blank lines
    between paragraphs kept. Text that is not hard-wrapped comes back unchanged."""
    lines = text.split("\n")
    groups = logical_lines(lines)
    if all(len(g) == 1 for g in groups):
        return text
    out: list[str] = []
    for n, group in enumerate(groups):
        if n and group[0] > groups[n - 1][-1] + 1:
            out.append("")
        out.append(" ".join(lines[i].strip() for i in group))
    return "\n".join(out)


def classify_lines(
    lines: Sequence[str],
    recurring: Collection[str] = (),
    model: FurnitureModel | None = None,
    extracted: bool = False,
) -> list[Verdict]:
    """A verdict for every non-blank line, judged with its neighbours on the page.

    A hard-wrapped paragraph is judged as one line (its lines share the verdict).
    `recurring` holds lines (normalised with `line_features.normalise_line`) seen on other
    pages of the same source: a site's menus and footers repeat, its stories do not. The
    model's decisions are then corrected by the page's structure (`line_rules.adjust`;
    `extracted` for a main text an extractor already took from its page).
    """
    model = model or FurnitureModel.load()
    groups = logical_lines(lines)
    text = [" ".join(lines[i].strip() for i in group) for group in groups]
    kinds = [cue_kinds(t) for t in text]
    if any(evidence(t, k) for t, k in zip(text, kinds, strict=True)):
        probs = model.probabilities(line_features(text, recurring, kinds))
    else:
        # No line could count as furniture evidence (wire copy: its cue words sit in story
        # sentences, "per share"): `adjust` would overrule every model verdict, so the
        # model need not run.
        probs = np.zeros(len(text))
    removed = adjust(text, [bool(p >= model.cut) for p in probs], kinds, extracted)
    return [
        Verdict(lines[i].strip(), float(p), r)
        for group, p, r in zip(groups, probs, removed, strict=True)
        for i in group
    ]


def furniture_spans(text: str, model: FurnitureModel | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of the furniture lines in an article's stored text.

    For text kept whole (a JSON Lines record's own body): enrichers skip these lines, while
    the text and every offset into it stay as stored. The text is judged as a main text a
    source already chose (`extracted`): only lines with a furniture cue or a link, credit
    or menu shape go, so that no story sentence is lost to a guess from position alone.
    """
    lines = text.split("\n")
    verdicts = iter(classify_lines(lines, model=model, extracted=True))
    spans: list[tuple[int, int]] = []
    start = 0
    for i, line in enumerate(lines):
        if line.strip() and next(verdicts).furniture and not _wrapped(lines, i):
            lead = len(line) - len(line.lstrip())
            spans.append((start + lead, start + len(line.rstrip())))
        else:
            spans += [(start + a, start + b) for a, b in inline_furniture(line)]
        start += len(line) + 1
    return spans


# A teaser for another story set inside a paragraph: "(RELATED: Turkey Launches Ground
# And Air Assaults)", "[READ MORE: ...]"; or a line that only points to one ("See: ...",
# "SEE ALSO: ...", "More: ...", the last USA Today's related link).
_INLINE_TEASER = re.compile(
    r"[(\[]\s*(?:RELATED|READ MORE|READ ALSO|ALSO READ|SEE ALSO|WATCH|LISTEN)\b"
    r"\s*[:\-\u2013\u2014][^)\]\n]{0,300}[)\]]",
    re.IGNORECASE,
)
_TEASER_LINE = re.compile(
    r"^\s*(?:See|See also|Read|Read more|Read also|Also read|Related|Watch|Listen|More)"
    r"\s*:\s+\S.*$",
    re.IGNORECASE,
)
# A call to follow the writer or the site: "Follow @jdoe on Twitter.", "Follow Jane Doe on
# Twitter and on Facebook.", "... by liking us on Facebook and following us on Instagram."
_FOLLOW_US = re.compile(
    r"(?:^|(?<=[.!?]\s))[^.!?\n]{0,160}?\b(?:[Ff]ollow(?:ing)?|[Ll]ik(?:e|ing))\s+"
    r"(?:us|me|him|her|them|@\w+|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})\b[^.!?\n]{0,120}?"
    r"\bon\s+(?:Twitter|Facebook|Instagram|LinkedIn|YouTube|TikTok|Threads)\b[^.!?\n]*[.!?]?"
)
# Quote chips of market pages: "SPX, +0.37%", "DJIA, -1.2%" (a ticker, then its move).
_TICKER_CHIP = re.compile(r"\b[A-Z][A-Z0-9.]{1,6},\s[+\-\u2212]\d+(?:\.\d+)?%")


def inline_furniture(line: str) -> list[tuple[int, int]]:
    """(start, end) offsets in `line` of furniture inside a line of prose: teasers for other
    stories, quote chips and calls to follow a writer, which would otherwise read as the
    story's own sentences."""
    if _TEASER_LINE.match(line):
        lead = len(line) - len(line.lstrip())
        return [(lead, len(line.rstrip()))]
    found = [m.span() for m in _INLINE_TEASER.finditer(line)]
    found += [m.span() for m in _TICKER_CHIP.finditer(line)]
    found += [m.span() for m in _FOLLOW_US.finditer(line)]
    # One span where two overlap ("(RELATED: Follow us on Twitter)"): blanking keeps offsets
    # only over spans that do not.
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _wrapped(lines: Sequence[str], i: int) -> bool:
    """Line `i` is part of a sentence hard-wrapped over lines ("or 26 cts a share in 1986
    and" / "451,000 dlrs..."): it starts in lower case, or the line below it does."""
    below = lines[i + 1].strip() if i + 1 < len(lines) else ""
    return lines[i].strip()[:1].islower() or below[:1].islower()


def drop_lines(text: str, furniture: Collection[str]) -> tuple[str, list[str]]:
    """Drop the lines of `text` whose stripped form is in `furniture` (verdicts reached on
    the whole page); return the kept text and the removed lines in order."""
    kept: list[str] = []
    removed: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip() in furniture:
            removed.append(line.strip())
        else:
            kept.append(line.rstrip())
    return BLANK_LINES.sub("\n\n", "\n".join(kept)).strip(), removed


def clean_text(
    text: str, recurring: Collection[str] = (), model: FurnitureModel | None = None
) -> tuple[str, list[str]]:
    """Drop furniture lines; return the kept text and the removed lines in order."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    furniture = {v.line for v in classify_lines(lines, recurring, model) if v.furniture}
    return drop_lines(text, furniture)
