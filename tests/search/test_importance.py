"""Story importance: each documented part raises the score, and the parts are bounded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from assay.records import StoryRow
from assay.search import importance
from assay.search.importance import importance as score
from assay.search.importance import rank_stories, top_per_sector

NOW = datetime(2026, 3, 2, 18, tzinfo=UTC)
BASE = {"sources": 1, "facts": 1, "lead_entities": 2, "entities": 4, "age_hours": 6.0}


def story(n: int, hours_ago: float, sectors: list[str], **counts: int) -> StoryRow:
    values = {"sources": 1, "facts": 0, "entities": 0, "lead_entities": 0, **counts}
    return StoryRow(
        id=n,
        title=f"story {n}",
        summary="",
        url=None,
        site_name=None,
        published=(NOW - timedelta(hours=hours_ago)).isoformat(),
        cluster_id=n,
        sectors=[{"slug": s, "name": s, "score": 0.9} for s in sectors],
        **values,  # type: ignore[typeddict-item]
    )


def test_weights_sum_to_one_and_every_part_lies_in_zero_one() -> None:
    weights = (
        importance.W_SOURCES,
        importance.W_FACTS,
        importance.W_SALIENCE,
        importance.W_RECENCY,
    )
    assert abs(sum(weights) - 1.0) < 1e-9
    top = score(sources=99, facts=99, lead_entities=99, entities=99, age_hours=-5)
    assert top.score == 1.0 and top.recency == 1.0
    bottom = score(sources=0, facts=0, lead_entities=0, entities=0, age_hours=10_000)
    assert 0.0 <= bottom.score < 0.01


def test_more_sources_facts_entities_or_freshness_each_raise_the_score() -> None:
    base = score(**BASE).score  # type: ignore[arg-type]
    for change in (
        {"sources": 3},
        {"facts": 4},
        {"lead_entities": 5},
        {"entities": 9},
        {"age_hours": 1.0},
    ):
        assert score(**{**BASE, **change}).score > base, change  # type: ignore[arg-type]


def test_sources_count_with_diminishing_returns_and_recency_halves_per_day() -> None:
    parts = [score(**{**BASE, "sources": n}).sources for n in (1, 2, 3, 4, 9)]  # type: ignore[arg-type]
    gains = [b - a for a, b in pairwise(parts[:4])]
    assert gains == sorted(gains, reverse=True) and min(gains) > 0
    assert parts[3] == parts[4] == 1.0
    day_old = score(**{**BASE, "age_hours": importance.HALF_LIFE_HOURS})  # type: ignore[arg-type]
    assert day_old.recency == 0.5


def test_ranking_prefers_the_story_more_sites_carried_and_groups_by_sector() -> None:
    wire = story(1, 8, ["mining-metals", "ev-battery"], sources=3, facts=2, lead_entities=3)
    local = story(2, 1, ["mining-metals"], facts=1, lead_entities=2)
    quiet = story(3, 2, ["oil-gas"])
    ranked = rank_stories([local, quiet, wire], NOW)
    assert [s["id"] for s, _ in ranked] == [1, 2, 3]
    grouped = top_per_sector([local, quiet, wire], NOW, ["oil-gas", "ev-battery", "mining-metals"])
    assert list(grouped) == ["oil-gas", "ev-battery", "mining-metals"]
    assert [s["id"] for s, _ in grouped["mining-metals"]] == [1, 2]
    assert top_per_sector([quiet], NOW, ["ev-battery"]) == {}
