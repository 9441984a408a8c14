"""k-nearest-neighbour search over article embeddings (cosine on L2-normalised float32).

Two implementations behind one interface, chosen by size (`make_index`). Measured with
`python -m benchmarks.search` on this 2-core machine (CPU time per query; wall time was
2-8x more because other jobs shared the cores):

- `ExactIndex`: numpy brute force, one BLAS thread. 100,000 x 256: 13-15 ms p50, 17 ms p95,
  perfect recall, loads in seconds, filters exactly (`allowed_ids` restricts the rows).
  Multi-threaded BLAS was 10x slower for this memory-bound product on busy cores; an int8
  scan in numpy was no faster (no int8 BLAS), and usearch's exact SIMD scan was similar.
- `HnswIndex`: usearch HNSW. 1.4 ms p50 at 20,000 with recall@10 0.996, but 11 s to build
  20,000 (51 s on busy cores). Brute force grows linearly (130-150 ms at 1,000,000, 1.5 GB of
  float32), so from about half a million vectors HNSW is the choice: at 1,000,000 it should
  be persisted beside the database and updated with `add`, not rebuilt on load.

An `IndexCache` loads an index from a backend's embeddings snapshot once per model and
reloads it when the backend's embeddings version (row count, newest row) changes. Keep
one cache per store for as long as the store is open (a web app: one per process).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from assay.errors import InputError

if TYPE_CHECKING:
    from assay.search.backend import SearchBackend

# Above this many vectors `make_index` builds HNSW instead of scanning.
HNSW_THRESHOLD = 500_000
# A filtered HNSW search asks for this many times k, then drops ids not allowed.
HNSW_OVERSAMPLE = 8


class QueryEmbedder(Protocol):
    """What search and related need from an embedder (assay.enrich.embed.Embedder fits)."""

    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


class VectorIndex(Protocol):
    """What search and related need from a vector index."""

    dim: int

    def __len__(self) -> int: ...

    def build(self, ids: Sequence[int] | np.ndarray, matrix: np.ndarray) -> None:
        """Replace the contents with `matrix` rows (float32, L2-normalised) keyed by `ids`."""

    def add(self, ids: Sequence[int] | np.ndarray, matrix: np.ndarray) -> None:
        """Add (or replace) rows."""

    def search(
        self, query: np.ndarray, k: int, allowed_ids: set[int] | None = None
    ) -> list[tuple[int, float]]:
        """The k most similar ids with cosine scores, best first, only from `allowed_ids`."""

    def vector(self, article_id: int) -> np.ndarray | None:
        """The stored vector of one id, or None."""


def _as_matrix(matrix: np.ndarray, dim: int | None) -> np.ndarray:
    m = np.ascontiguousarray(matrix, dtype=np.float32)
    if m.ndim != 2 or (dim is not None and m.shape[1] != dim):
        want = f"(n, {dim})" if dim is not None else "(n, dim)"
        raise InputError(f"Vectors have shape {m.shape}; expected {want} float32 rows.")
    return m


class ExactIndex:
    """Brute-force cosine search with numpy: exact, cheap to build, fine to ~500,000 rows."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.ids = np.zeros(0, dtype=np.int64)  # sorted, so rows are found by bisection
        self.matrix = np.zeros((0, dim), dtype=np.float32)
        self._blas = _blas_controller()

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    def build(self, ids: Sequence[int] | np.ndarray, matrix: np.ndarray) -> None:
        keys = np.asarray(ids, dtype=np.int64)
        m = _as_matrix(matrix, self.dim)
        if keys.shape[0] != m.shape[0]:
            raise InputError(f"{keys.shape[0]} ids for {m.shape[0]} vectors; pass one id per row.")
        order = np.argsort(keys, kind="stable")
        self.ids, self.matrix = keys[order], m[order]

    def add(self, ids: Sequence[int] | np.ndarray, matrix: np.ndarray) -> None:
        keys = np.asarray(ids, dtype=np.int64)
        m = _as_matrix(matrix, self.dim)
        keep = ~np.isin(self.ids, keys)
        self.build(np.concatenate([self.ids[keep], keys]), np.vstack([self.matrix[keep], m]))

    def search(
        self, query: np.ndarray, k: int, allowed_ids: set[int] | None = None
    ) -> list[tuple[int, float]]:
        if k <= 0 or not len(self):
            return []
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        rows = None if allowed_ids is None else self._found_rows(allowed_ids)
        if rows is not None and not len(rows):
            return []
        with self._one_thread():
            scores = self.matrix @ q if rows is None else self.matrix[rows] @ q
        k = min(k, scores.shape[0])
        top = np.argpartition(-scores, k - 1)[:k]
        # Ties broken by id so result order is stable across calls.
        ids = self.ids[top] if rows is None else self.ids[rows[top]]
        order = np.lexsort((ids, -scores[top]))
        return [(int(ids[i]), float(scores[top][i])) for i in order]

    def _one_thread(self) -> Any:
        # A matrix-vector product is memory-bound: BLAS threads add nothing on two cores,
        # and when the cores are busy their spin-waits made queries ~10x slower (measured).
        if self._blas is None:
            return contextlib.nullcontext()
        return self._blas.limit(limits=1, user_api="blas")

    def _found_rows(self, allowed_ids: set[int]) -> np.ndarray:
        keys = np.fromiter(allowed_ids, dtype=np.int64, count=len(allowed_ids))
        pos = np.searchsorted(self.ids, keys)
        inside = pos < len(self.ids)
        pos, keys = pos[inside], keys[inside]
        return np.sort(pos[self.ids[pos] == keys])

    def vector(self, article_id: int) -> np.ndarray | None:
        pos = int(np.searchsorted(self.ids, article_id))
        if pos < len(self.ids) and self.ids[pos] == article_id:
            return np.asarray(self.matrix[pos], dtype=np.float32)
        return None


class HnswIndex(ExactIndex):
    """usearch HNSW graph for large stores; keeps the rows too for exact filtered search.

    A filter that allows few ids is answered exactly over those rows (HNSW would have to
    walk most of the graph to find them); otherwise HNSW is asked for `HNSW_OVERSAMPLE * k`
    and the disallowed ids dropped.
    """

    def __init__(self, dim: int, connectivity: int = 16, expansion_search: int = 128) -> None:
        super().__init__(dim)
        self._connectivity = connectivity
        self._expansion = expansion_search
        self._graph: Any = None

    def _new_graph(self) -> Any:
        from usearch.index import Index

        return Index(
            ndim=self.dim,
            metric="ip",  # rows are L2-normalised: inner product is cosine
            dtype="f32",
            connectivity=self._connectivity,
            expansion_search=self._expansion,
        )

    def build(self, ids: Sequence[int] | np.ndarray, matrix: np.ndarray) -> None:
        super().build(ids, matrix)
        self._graph = self._new_graph()
        if len(self):
            self._graph.add(self.ids, self.matrix)

    @property
    def graph(self) -> Any:
        """The usearch graph (saved by `assay.search.persisted`)."""
        return self._graph

    def restore(self, graph_file: Path, ids: np.ndarray, matrix: np.ndarray) -> None:
        """Load a saved graph and its rows (ids sorted, as `build` leaves them)."""
        self.ids = np.asarray(ids, dtype=np.int64)
        self.matrix = _as_matrix(matrix, self.dim)
        graph = self._new_graph()
        graph.load(str(graph_file))
        if len(graph) != len(self.ids) or self.matrix.shape[0] != len(self.ids):
            raise ValueError(f"{graph_file} holds {len(graph)} vectors for {len(self.ids)} ids")
        self._graph = graph

    def add(self, ids: Sequence[int] | np.ndarray, matrix: np.ndarray) -> None:
        keys = np.asarray(ids, dtype=np.int64)
        m = _as_matrix(matrix, self.dim)
        if self._graph is None:
            self.build(keys, m)
            return
        known = keys[np.isin(keys, self.ids)]
        if len(known):
            self._graph.remove(known)
        # The rows as ExactIndex.add keeps them; not via self.build, which rebuilds the graph.
        keep = ~np.isin(self.ids, keys)
        ExactIndex.build(
            self, np.concatenate([self.ids[keep], keys]), np.vstack([self.matrix[keep], m])
        )
        self._graph.add(keys, m)

    def search(
        self, query: np.ndarray, k: int, allowed_ids: set[int] | None = None
    ) -> list[tuple[int, float]]:
        if k <= 0 or not len(self) or self._graph is None:
            return []
        if allowed_ids is not None and len(allowed_ids) <= HNSW_OVERSAMPLE * 50 * k:
            return super().search(query, k, allowed_ids)
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        want = k if allowed_ids is None else min(len(self), k * HNSW_OVERSAMPLE)
        found = self._graph.search(q, want)
        hits = [
            (int(key), 1.0 - float(dist))
            for key, dist in zip(found.keys, found.distances, strict=True)
            if allowed_ids is None or int(key) in allowed_ids
        ]
        hits.sort(key=lambda h: (-h[1], h[0]))
        return hits[:k]


def _blas_controller() -> Any:
    """A threadpoolctl controller (installed with scikit-learn), or None without it."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController()


def make_index(dim: int, size: int, threshold: int = HNSW_THRESHOLD) -> VectorIndex:
    """The index kind measured best for `size` vectors: exact below `threshold`."""
    return HnswIndex(dim) if size >= threshold else ExactIndex(dim)


class IndexCache:
    """Loaded indexes by model, checked against the stored version on every use.

    Given the `database` file, HNSW indexes (from `hnsw_threshold` vectors) are kept in
    files beside it and brought up to date from them (`assay.search.persisted`).
    """

    def __init__(self, database: Path | None = None, hnsw_threshold: int = HNSW_THRESHOLD) -> None:
        self.database = database
        self.hnsw_threshold = hnsw_threshold
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[tuple[int, int], VectorIndex | None]] = {}

    def get(self, backend: SearchBackend, model: str) -> VectorIndex | None:
        """The index of `model`, reloaded if its rows changed; None if it has no rows."""
        version = backend.embeddings_version(model)
        with self._lock:
            cached = self._entries.get(model)
            if cached is not None and cached[0] == version:
                return cached[1]
        index: VectorIndex | None = None
        if version[0] and self.database is not None and version[0] >= self.hnsw_threshold:
            from assay.search.persisted import open_index

            # An HNSW index already in memory is updated in place, not read back.
            held = cached[1] if cached is not None else None
            loaded = (held, cached[0]) if isinstance(held, HnswIndex) and cached else None
            index = open_index(backend, self.database, model, loaded=loaded)
        elif version[0]:
            version, ids, matrix = backend.embeddings_snapshot(model)
            if len(ids):
                index = make_index(matrix.shape[1], len(ids), self.hnsw_threshold)
                index.build(ids, matrix)
        # Absence is cached too, so a store without vectors costs one cheap check per call.
        with self._lock:
            self._entries[model] = (version, index)
        return index

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
