"""How important a story is: a documented score from four plain numbers (no SQL, no I/O).

    score = W_SOURCES  * sources part     independent sites that carried the story
          + W_FACTS    * facts part       typed facts stated (deals, measures, amounts)
          + W_SALIENCE * salience part    linked entities, those named in the lead most
          + W_RECENCY  * recency part     how fresh the story is at the reference time

Each part lies in [0, 1]:

- sources:  log2(1 + sources) / log2(1 + SOURCES_CAP), capped at 1. A story printed by
  four sites outranks one printed by one; each further site adds less.
- facts:    min(facts, FACTS_CAP) / FACTS_CAP.
- salience: min(lead_entities + LATE_WEIGHT * later_entities, SALIENCE_CAP) / SALIENCE_CAP,
  where lead entities are named in the first characters of the text (what the story is
  about) and later ones anywhere else.
- recency:  0.5 ** (age_hours / HALF_LIFE_HOURS), 1 for a story from the reference time on.

The front page ("Today's insights") and the daily digest rank a day's stories with it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from assay.records import StoryRow

W_SOURCES, W_FACTS, W_SALIENCE, W_RECENCY = 0.35, 0.3, 0.25, 0.1
SOURCES_CAP = 4
FACTS_CAP = 6
SALIENCE_CAP = 8.0
LATE_WEIGHT = 0.25
HALF_LIFE_HOURS = 24.0


@dataclass(frozen=True)
class Importance:
    """A story's score and the four parts it is the weighted sum of."""

    score: float
    sources: float
    facts: float
    salience: float
    recency: float


def importance(
    *, sources: int, facts: int, lead_entities: int, entities: int, age_hours: float
) -> Importance:
    """The score of one story from plain counts (see the module docstring).

    Example: importance(sources=3, facts=2, lead_entities=4, entities=9, age_hours=6.0)
    """
    src = min(1.0, math.log2(1 + max(0, sources)) / math.log2(1 + SOURCES_CAP))
    fct = min(max(0, facts), FACTS_CAP) / FACTS_CAP
    later = max(0, entities - lead_entities)
    sal = min(max(0, lead_entities) + LATE_WEIGHT * later, SALIENCE_CAP) / SALIENCE_CAP
    rec = 0.5 ** (max(0.0, age_hours) / HALF_LIFE_HOURS)
    score = W_SOURCES * src + W_FACTS * fct + W_SALIENCE * sal + W_RECENCY * rec
    return Importance(round(score, 6), round(src, 4), round(fct, 4), round(sal, 4), round(rec, 4))


def story_importance(story: StoryRow, now: datetime) -> Importance:
    """The importance of a stored story at reference time `now` (aware)."""
    published = _parse(story["published"])
    age = (now - published).total_seconds() / 3600 if published is not None else 10 * 24.0
    return importance(
        sources=story["sources"],
        facts=story["facts"],
        lead_entities=story["lead_entities"],
        entities=story["entities"],
        age_hours=age,
    )


def rank_stories(stories: Iterable[StoryRow], now: datetime) -> list[tuple[StoryRow, Importance]]:
    """Stories with their importance, most important first (ties: newer, then lower id)."""
    scored = [(s, story_importance(s, now)) for s in stories]
    scored.sort(key=lambda p: (-p[1].score, -_stamp(p[0]["published"]), p[0]["id"]))
    return scored


def top_per_sector(
    stories: Iterable[StoryRow], now: datetime, sectors: Sequence[str], per_sector: int = 5
) -> dict[str, list[tuple[StoryRow, Importance]]]:
    """The `per_sector` most important stories of each sector (in `sectors` order).

    A story tagged with several sectors counts in each; sectors without stories are left out.
    """
    ranked = rank_stories(stories, now)
    out: dict[str, list[tuple[StoryRow, Importance]]] = {}
    for slug in sectors:
        tagged = [p for p in ranked if any(t["slug"] == slug for t in p[0]["sectors"])]
        if tagged:
            out[slug] = tagged[:per_sector]
    return out


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _stamp(value: str | None) -> float:
    parsed = _parse(value)
    return parsed.timestamp() if parsed is not None else 0.0
