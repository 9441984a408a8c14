"""Reciprocal rank fusion and one-hit-per-story collapsing (pure functions over ids).

A candidate's fused score is the sum of 1 / (RRF_K + rank) over the rankings that hold
it (RRF_K = 60, as in Cormack, Clarke and Buettcher 2009): robust to the different
scales of BM25 and cosine, and needs no tuning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

RRF_K = 60


def reciprocal_rank(rank: int, k: int = RRF_K) -> float:
    """The fused-score contribution of one ranking's `rank` (1 = best)."""
    return 1.0 / (k + rank)


def fuse(rankings: Iterable[Iterable[tuple[int, int]]], k: int = RRF_K) -> dict[int, float]:
    """Sum of reciprocal ranks per id over rankings given as (id, rank) pairs."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for item, rank in ranking:
            fused[item] = fused.get(item, 0.0) + reciprocal_rank(rank, k)
    return fused


def best_first(scores: Mapping[int, float]) -> list[int]:
    """Ids by descending score, ties by ascending id (stable across calls)."""
    return sorted(scores, key=lambda i: (-scores[i], i))


def collapse(order: Sequence[int], clusters: Mapping[int, int | None]) -> list[int]:
    """The first (best-placed) id of each story cluster, in order; unclustered ids stay."""
    seen: set[int] = set()
    kept = []
    for item in order:
        cluster = clusters.get(item)
        if cluster is not None:
            if cluster in seen:
                continue
            seen.add(cluster)
        kept.append(item)
    return kept
