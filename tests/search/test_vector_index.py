"""Vector index: exact and HNSW k-NN, filtering by allowed ids, cache refresh per store."""

from __future__ import annotations

import numpy as np
import pytest

from assay.errors import InputError
from assay.models import Article
from assay.search.vectors import HNSW_THRESHOLD, ExactIndex, HnswIndex, IndexCache, make_index
from assay.settings import Settings
from assay.store import Store


def unit(rows: np.ndarray) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


AXES = unit(np.eye(4))  # ids 10, 20, 30, 40 point along the four axes


@pytest.fixture
def index() -> ExactIndex:
    built = ExactIndex(4)
    built.build([40, 10, 30, 20], AXES[[3, 0, 2, 1]])
    return built


def test_exact_search_returns_nearest_ids_with_cosine_scores(index: ExactIndex) -> None:
    query = unit(np.array([[1.0, 0.5, 0.0, 0.0]]))[0]
    hits = index.search(query, 3)
    assert [h[0] for h in hits] == [10, 20, 30]
    assert hits[0][1] == pytest.approx(1 / np.sqrt(1.25))
    assert hits[1][1] == pytest.approx(0.5 / np.sqrt(1.25))
    assert hits[2][1] == pytest.approx(0.0)


def test_allowed_ids_restrict_the_search(index: ExactIndex) -> None:
    query = AXES[0]
    assert [h[0] for h in index.search(query, 2, allowed_ids={30, 40, 99})] == [30, 40]
    assert index.search(query, 2, allowed_ids={99}) == []


def test_ties_are_ordered_by_id_so_results_are_stable(index: ExactIndex) -> None:
    assert [h[0] for h in index.search(AXES[0], 4)][1:] == [20, 30, 40]


def test_add_replaces_a_known_id_and_appends_new_ones(index: ExactIndex) -> None:
    index.add([10, 50], unit(np.array([[0, 1, 0, 0], [1, 0, 0, 0.1]])))
    assert len(index) == 5
    assert [h[0] for h in index.search(AXES[0], 1)] == [50]
    vector = index.vector(10)
    assert vector is not None
    assert vector.tolist() == [0.0, 1.0, 0.0, 0.0]
    assert index.vector(11) is None


def test_wrong_shapes_are_input_errors(index: ExactIndex) -> None:
    with pytest.raises(InputError) as info:
        index.add([1], np.ones((1, 3), dtype=np.float32))
    assert str(info.value) == "Vectors have shape (1, 3); expected (n, 4) float32 rows."
    with pytest.raises(InputError) as info:
        index.build([1, 2], AXES[:1])
    assert str(info.value) == "2 ids for 1 vectors; pass one id per row."


def test_hnsw_agrees_with_exact_search_and_honours_filters() -> None:
    rng = np.random.default_rng(0)
    matrix = unit(rng.standard_normal((500, 16)))
    ids = np.arange(1000, 1500)
    exact, hnsw = ExactIndex(16), HnswIndex(16)
    exact.build(ids, matrix)
    hnsw.build(ids, matrix)
    for row in (0, 123, 499):
        want = [h[0] for h in exact.search(matrix[row], 5)]
        got = [h[0] for h in hnsw.search(matrix[row], 5)]
        assert got[0] == want[0] == 1000 + row
        assert len(set(got) & set(want)) >= 4
    allowed = set(range(1000, 1500, 2))
    filtered = hnsw.search(matrix[1], 5, allowed_ids=allowed)
    assert len(filtered) == 5
    assert all(h[0] in allowed for h in filtered)


def test_make_index_switches_to_hnsw_for_large_stores() -> None:
    assert type(make_index(8, HNSW_THRESHOLD - 1)) is ExactIndex
    assert type(make_index(8, HNSW_THRESHOLD)) is HnswIndex


def test_index_cache_reuses_an_index_until_the_stored_vectors_change(settings: Settings) -> None:
    cache = IndexCache()

    def index_of(store: Store, model: str) -> object:
        with store.search_backend() as backend:
            return cache.get(backend, model)

    with Store.open(settings) as store:
        saved = store.save_articles(
            [Article(source=f"s{i}", text=f"story number {i} about nickel") for i in range(3)]
        )
        ids = [r.id for r in saved]
        assert index_of(store, "m.v1") is None
        store.save_embeddings("m.v1", ids[:2], AXES[:2])
        first = index_of(store, "m.v1")
        assert isinstance(first, ExactIndex)
        assert len(first) == 2
        assert index_of(store, "m.v1") is first
        store.save_embeddings("m.v1", ids[2:], AXES[2:3])
        second = index_of(store, "m.v1")
        assert second is not first
        assert isinstance(second, ExactIndex)
        assert [h[0] for h in second.search(AXES[2], 1)] == [ids[2]]
        # Replacing a vector keeps the count but still reloads.
        store.save_embeddings("m.v1", ids[:1], AXES[3:4])
        third = index_of(store, "m.v1")
        assert isinstance(third, ExactIndex)
        assert [h[0] for h in third.search(AXES[3], 1)] == [ids[0]]
        cache.clear()
        assert index_of(store, "m.v1") is not third
