"""Rising entities: the documented score over window counts."""

from __future__ import annotations

import pytest

from assay.search.trends import WindowCounts, rising


def counts(key: str, recent: int, baseline: int) -> WindowCounts:
    return WindowCounts(key, key.split(":")[1], "COMMODITY", recent, baseline)


def test_a_jump_over_the_trailing_rate_is_rising() -> None:
    found = rising([counts("commodity:gallium", 12, 20), counts("commodity:coal", 10, 80)])
    assert [r.key for r in found] == ["commodity:gallium"]
    gallium = found[0]
    assert gallium.expected == pytest.approx(20 * 7 / 60, abs=1e-3)
    assert gallium.ratio == pytest.approx(13 / (20 * 7 / 60 + 1), abs=1e-3)


def test_a_steady_entity_is_not_rising() -> None:
    assert rising([counts("country:CHN", 70, 600)]) == []


def test_a_few_mentions_of_a_new_name_need_the_minimum() -> None:
    assert rising([counts("org:new", 2, 0)]) == []
    assert [r.key for r in rising([counts("org:new", 3, 0)])] == ["org:new"]


def test_bigger_jumps_rank_first() -> None:
    found = rising([counts("a:small", 3, 0), counts("a:big", 80, 60), counts("a:mid", 20, 6)])
    assert [r.key for r in found] == ["a:big", "a:mid", "a:small"]


def test_parameters_change_the_windows_and_thresholds() -> None:
    row = counts("commodity:lithium", 6, 30)
    assert rising([row]) == []  # expected 3.5, ratio 1.56
    assert [r.key for r in rising([row], min_ratio=1.5)] == ["commodity:lithium"]
    assert rising([row], recent_days=1, baseline_days=60, min_ratio=3.0)[0].expected == 0.5
    with pytest.raises(ValueError):
        rising([row], recent_days=0)
