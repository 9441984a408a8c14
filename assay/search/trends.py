"""Rising entities: mentioned far more in the last days than their own recent past predicts.

For each entity, over articles by publication date:

    recent   = articles mentioning it in the RECENT_DAYS (7) up to and including `as_of`
    baseline = articles mentioning it in the BASELINE_DAYS (60) before that window
    expected = baseline * RECENT_DAYS / BASELINE_DAYS       (its trailing rate, per window)
    ratio    = (recent + 1) / (expected + 1)                (smoothed: new names are not infinite)
    score    = (recent - expected) / sqrt(expected + 1)     (a Poisson-style z score)

An entity is rising when recent >= MIN_RECENT (3) and ratio >= MIN_RATIO (3.0); the
rising ones are ranked by score, so a jump from 20 to 80 outranks one from 0 to 3. The
store supplies (key, name, type, recent, baseline) from SQL; this module only computes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

RECENT_DAYS = 7
BASELINE_DAYS = 60
MIN_RECENT = 3
MIN_RATIO = 3.0


@dataclass(frozen=True)
class WindowCounts:
    """Articles mentioning one entity in the recent and in the baseline window."""

    key: str
    name: str
    type: str
    recent: int
    baseline: int


@dataclass(frozen=True)
class Rising:
    """A rising entity with its counts, expected count, ratio and score."""

    key: str
    name: str
    type: str
    recent: int
    baseline: int
    expected: float
    ratio: float
    score: float


def rising(
    counts: Iterable[WindowCounts],
    *,
    recent_days: int = RECENT_DAYS,
    baseline_days: int = BASELINE_DAYS,
    min_recent: int = MIN_RECENT,
    min_ratio: float = MIN_RATIO,
    limit: int = 20,
) -> list[Rising]:
    """The entities rising in `counts`, highest score first (ties: more recent, then key)."""
    if recent_days < 1 or baseline_days < 1:
        raise ValueError("recent_days and baseline_days must be at least 1")
    found = []
    for c in counts:
        expected = c.baseline * recent_days / baseline_days
        ratio = (c.recent + 1) / (expected + 1)
        if c.recent < min_recent or ratio < min_ratio:
            continue
        score = (c.recent - expected) / math.sqrt(expected + 1)
        found.append(
            Rising(
                c.key,
                c.name,
                c.type,
                c.recent,
                c.baseline,
                round(expected, 3),
                round(ratio, 3),
                round(score, 3),
            )
        )
    found.sort(key=lambda r: (-r.score, -r.recent, r.key))
    return found[:limit]
