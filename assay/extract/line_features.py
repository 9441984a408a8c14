"""Features of the lines of a page, for the furniture classifier.

One row per line: its own shape (length, punctuation, stop words, capitals, cue words of
furniture kinds), where it sits (position, inside or outside the page's run of prose,
repeated on the page or on other pages of the same source), and its neighbours' shape.
Everything is a few string operations per line and numpy over the whole page, so a page
of thousands of lines costs milliseconds.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Sequence

import numpy as np
import numpy.typing as npt

from assay.extract.cues import CUE_KINDS, FAMILIES, IMPERATIVES, READER_WORDS, cue_kinds, words

__all__ = ["FEATURE_NAMES", "line_features", "normalise_line"]

Matrix = npt.NDArray[np.float64]

_WORD = re.compile(r"\w+")
_WS = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?。！？]['\"”’»)\]]*$")
_ELLIPSIS = re.compile(r"(\.\.\.|…)['\"”’)\]]*$")
_INNER_SENTENCE = re.compile(r"\w[.!?]['\"”’)]?\s+[\"“‘(]?[A-Z]")
_LINK = re.compile(r"https?://|www\.|@\w|\.com\b|\.org\b", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s[|•·»›>/]\s|\s[|•·]|[|•·]\s")
_BYLINE = re.compile(r"^(by|von|par|por|di|oleh)\s+\S", re.IGNORECASE)
_DATE = re.compile(
    r"\b(\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}"
    r"|(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b"
    r"|\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?( \d{4})?\b)",
    re.IGNORECASE,
)
_PUNCT = re.compile(r"[^\w\s]")
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[^\W\d_]")
_CAPITALISED = re.compile(r"(?<!\w)[A-ZÀ-ÖØ-ÞА-ЯЁ]")
_PRICE = re.compile(r"[$€£¥]\s?\d|\d\s?[$€£¥]|\d+\s?% off|R\$\s?\d", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“”«»]")
_ARROW_END = re.compile(r"(→|»|›|>|\bMORE|\bMehr|\bplus)\W*$")

# Function words of the languages assay reads most; prose is full of them, buttons are not.
_STOP_WORDS = """a an the of to and or in on for with at by from as is are was were be been has have
    had it its this that these those he she they we you i his her their our not but if than
    then so no which who whom what when where while will would can could should may might
    said says also after before over into about more most other some such only up out new
    der die das und in zu den von mit sich des auf für ist im dem nicht ein eine als auch
    es an werden aus er hat dass sie nach wird bei noch wie um
    le la les de des et en un une du dans que qui pour pas sur au avec ce il est par plus
    el los las y en un una del que se por con para su al es lo como más pero sus
    o os as e do da dos das um uma em no na que se por com para não mais
    il lo gli di e che per non un una con del della le si sono yang dan di ke dari ini itu
    dengan untuk tidak"""
_STOP = frozenset(_STOP_WORDS.split())

_OWN = [
    "log_chars",
    "log_words",
    "ends_sentence",
    "ends_ellipsis",
    "ends_colon",
    "ends_other",
    "inner_sentences",
    "punct_ratio",
    "digit_ratio",
    "stop_ratio",
    "title_ratio",
    "all_caps",
    "starts_lower",
    "separators",
    "link",
    "byline",
    "date",
    "arrow_end",
    "short",
    "prose",
    "reader",
    "imperative",
    "price",
    "quoted",
    *(f"cue:{k}" for k in CUE_KINDS),
    *(f"short_cue:{k}" for k in CUE_KINDS),
    *(f"family:{f}" for f in FAMILIES),
    *(f"short_family:{f}" for f in FAMILIES),
    "cue_kinds",
]
_CONTEXT = [
    "position",
    "repeated_on_page",
    "recurring",
    "before_prose",
    "after_prose",
    "prose_share_5",
    "log_chars_mean_2",
    "log_gap_to_prose",
    "cues_mean_2",
    "inside_prose",
    "rel_log_chars",
    *(
        f"mean{r}:{n}"
        for r in (1, 4)
        for n in ("log_chars", "stop_ratio", "short", "digit_ratio", "ends_sentence")
    ),
]
_NEIGHBOUR = ["log_chars", "ends_sentence", "prose", "short", "stop_ratio", "ends_ellipsis"]
FEATURE_NAMES: tuple[str, ...] = (
    *_OWN,
    *_CONTEXT,
    *(f"prev:{n}" for n in _NEIGHBOUR),
    *(f"next:{n}" for n in _NEIGHBOUR),
)
_N_OWN = len(_OWN)
_COL = {name: i for i, name in enumerate(_OWN)}
_N_CUES = len(CUE_KINDS)
_CUE0 = _COL[f"cue:{CUE_KINDS[0]}"]
_SHORT_WORDS = 12
_SMOOTHED = [_COL[n] for n in ("log_chars", "stop_ratio", "short", "digit_ratio", "ends_sentence")]
_FAMILY_KINDS = [[CUE_KINDS.index(k) for k in members] for members in FAMILIES.values()]


def normalise_line(line: str) -> str:
    """The form lines are compared in across pages: whitespace collapsed, case folded."""
    return _WS.sub(" ", line).strip().casefold()


def _own(line: str, kinds: Sequence[int] | None) -> list[float]:
    s = line.strip()
    tokens = words(s)
    n_words = len(tokens)
    size = max(1, len(s))
    tail = s[-12:]  # end patterns only need the last few characters
    ends_sentence = bool(_SENTENCE_END.search(tail))
    ellipsis = bool(_ELLIPSIS.search(tail))
    colon = s.endswith(":")
    short = n_words <= _SHORT_WORDS
    # Shape cues of buttons, datelines and link lists; prose lines skip the regexes.
    brief = n_words <= 40
    digits = len(_DIGIT.findall(s))  # every date and price pattern holds a digit
    row = [
        math.log1p(len(s)),
        math.log1p(n_words),
        float(ends_sentence and not ellipsis),
        float(ellipsis),
        float(colon),
        float(not (ends_sentence or ellipsis or colon)),
        math.log1p(len(_INNER_SENTENCE.findall(s))),
        len(_PUNCT.findall(s)) / size,
        digits / size,
        sum(1 for w in tokens if w in _STOP) / max(1, n_words),
        len(_CAPITALISED.findall(s)) / max(1, n_words),
        float(s.upper() == s != s.lower() and len(_LETTERS.findall(s)) > 3),
        float(s[:1].islower()),
        math.log1p(len(_SEPARATORS.findall(s))) if brief else 0.0,
        float(brief and bool(_LINK.search(s))),
        float(n_words <= 8 and bool(_BYLINE.match(s))),
        float(brief and digits > 0 and bool(_DATE.search(s))),
        float(bool(_ARROW_END.search(tail))),
        float(short),
        float(n_words >= 15 and ends_sentence),
        sum(1 for w in tokens if w in READER_WORDS) / max(1, n_words),
        float(bool(tokens) and tokens[0] in IMPERATIVES),
        float(digits > 0 and bool(_PRICE.search(s))),
        float(bool(_QUOTED.search(s))),
    ]
    kinds = cue_kinds(s, tokens) if kinds is None else kinds
    cues = [0.0] * (2 * _N_CUES)
    for k in kinds:
        cues[k] = 1.0
        if short:
            cues[_N_CUES + k] = 1.0
    families = [float(any(k in kinds for k in members)) for members in _FAMILY_KINDS]
    short_families = [f if short else 0.0 for f in families]
    return row + cues + families + short_families + [float(len(kinds))]


def _window_mean(values: Matrix, radius: int) -> Matrix:
    """Mean of each row's neighbours within `radius` lines, the row itself excluded
    (a 1-D array, or each column of a 2-D one)."""
    n = len(values)
    cum = np.cumsum(values, axis=0)
    padded = np.concatenate([np.zeros((1, *values.shape[1:])), cum])
    idx = np.arange(n)
    lo = np.maximum(idx - radius, 0)
    hi = np.minimum(idx + radius + 1, n)
    count = np.maximum(hi - lo - 1, 1)
    if values.ndim == 2:
        count = count[:, None]
    out: Matrix = (padded[hi] - padded[lo] - values) / count
    return out


def _gap_to(flags: npt.NDArray[np.bool_]) -> Matrix:
    """Lines between each line and the nearest flagged line (n when none is flagged)."""
    n = len(flags)
    where = np.flatnonzero(flags)
    if not len(where):
        return np.full(n, float(n))
    idx = np.arange(n)
    right = np.searchsorted(where, idx)
    after = where[np.minimum(right, len(where) - 1)]
    before = where[np.maximum(right - 1, 0)]
    gap: Matrix = np.minimum(np.abs(after - idx), np.abs(idx - before)).astype(np.float64)
    return gap


def line_features(
    lines: Sequence[str],
    recurring: Collection[str] = (),
    kinds: Sequence[Sequence[int]] | None = None,
) -> Matrix:
    """A (len(lines), len(FEATURE_NAMES)) matrix; `recurring` holds normalised lines
    seen on other pages of the same source; `kinds`, each line's `cue_kinds` if at hand."""
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    if kinds is None:
        own = np.array([_own(line, None) for line in lines], dtype=np.float64)
    else:
        own = np.array([_own(line, k) for line, k in zip(lines, kinds, strict=True)])
    keys = [normalise_line(line) for line in lines]
    counts = Counter(keys)
    prose = own[:, _COL["prose"]] > 0
    prose_chars = np.where(prose, np.exp(own[:, _COL["log_chars"]]) - 1, 0.0)
    total = prose_chars.sum()
    cum = np.cumsum(prose_chars)
    if total > 0:
        before = (cum - prose_chars) / total < 0.005  # nothing (or nearly) of the prose yet
        after = cum / total > 0.995
    else:
        before = np.zeros(n, dtype=bool)
        after = np.zeros(n, dtype=bool)
    cues_any = (own[:, _CUE0 : _CUE0 + _N_CUES].sum(axis=1) > 0).astype(np.float64)
    context = np.column_stack(
        [
            np.arange(n) / max(1, n - 1),
            np.array([counts[k] > 1 for k in keys], dtype=np.float64),
            np.array([k in recurring for k in keys], dtype=np.float64),
            (before & ~prose).astype(np.float64),
            (after & ~prose).astype(np.float64),
            _window_mean(prose.astype(np.float64), 5),
            _window_mean(own[:, _COL["log_chars"]], 2),
            np.log1p(_gap_to(prose)),
            _window_mean(cues_any, 2),
            (~before & ~after).astype(np.float64),
            own[:, _COL["log_chars"]] - np.median(own[:, _COL["log_chars"]]),
            _window_mean(own[:, _SMOOTHED], 1),
            _window_mean(own[:, _SMOOTHED], 4),
        ]
    )
    cols = [_COL[name] for name in _NEIGHBOUR]
    part = own[:, cols]
    blank = np.zeros((1, len(cols)))
    prev = np.vstack([blank, part[:-1]])
    nxt = np.vstack([part[1:], blank])
    return np.hstack([own, context, prev, nxt])
