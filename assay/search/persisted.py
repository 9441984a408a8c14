"""An HNSW index kept in files beside the database, so large stores do not rebuild it.

For a database `assay.db` and model `fast-v1` the files are `assay.db.fast-v1.usearch`
(the graph), `.ids.npy` and `.vectors.npy` (the rows, for exact filtered search and for
`vector`), and `.json` (the marker: file format, dimension, and the store's embeddings
version the files reflect). Building 1,000,000 vectors takes many minutes on two cores;
loading the files takes seconds.

On load, a marker that names the current version means the files are current. Otherwise
the rows stored since (`EmbeddingDelta`) are added to the graph and the files rewritten;
when rows were deleted, or the backend cannot say what changed, the index is rebuilt.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from assay.search.vectors import HnswIndex

if TYPE_CHECKING:
    from assay.search.backend import SearchBackend

# Bumped when the files' layout changes: older files are rebuilt, never misread.
FORMAT = 1


@dataclass(frozen=True)
class EmbeddingDelta:
    """Rows of one model stored after a version: new or replaced vectors."""

    version: tuple[int, int]  # the store's embeddings version now
    model_rows: int  # how many rows the model has now
    ids: np.ndarray
    matrix: np.ndarray


class DeltaSource(Protocol):
    """A backend that lists the rows stored since a version (SQLite, by rowid): the
    version now, the model's row count now, ids and matrix; None if it cannot tell."""

    def embeddings_since(
        self, model: str, version: tuple[int, int]
    ) -> tuple[tuple[int, int], int, np.ndarray, np.ndarray] | None: ...


def index_files(database: Path, model: str) -> dict[str, Path]:
    """The paths of the index of `model` for the database file `database`."""
    base = f"{database}.{model}"
    return {
        "graph": Path(f"{base}.usearch"),
        "ids": Path(f"{base}.ids.npy"),
        "vectors": Path(f"{base}.vectors.npy"),
        "marker": Path(f"{base}.json"),
    }


def save_index(index: HnswIndex, database: Path, model: str, version: tuple[int, int]) -> None:
    """Write the index files; the marker last, so a crash midway leaves no valid marker."""
    files = index_files(database, model)
    files["marker"].unlink(missing_ok=True)
    index.graph.save(str(files["graph"]))
    np.save(files["ids"], index.ids)
    np.save(files["vectors"], index.matrix)
    marker = {"format": FORMAT, "model": model, "dim": index.dim, "version": list(version)}
    tmp = files["marker"].with_suffix(".json.tmp")
    tmp.write_text(json.dumps(marker), encoding="utf-8")
    os.replace(tmp, files["marker"])


def load_saved(database: Path, model: str) -> tuple[HnswIndex, tuple[int, int]] | None:
    """The saved index and the version it reflects, or None if absent or unusable."""
    files = index_files(database, model)
    try:
        marker = json.loads(files["marker"].read_text(encoding="utf-8"))
        if marker.get("format") != FORMAT or marker.get("model") != model:
            return None
        index = HnswIndex(int(marker["dim"]))
        index.restore(files["graph"], np.load(files["ids"]), np.load(files["vectors"]))
    except (OSError, ValueError, KeyError, RuntimeError):
        return None
    count, newest = marker["version"]
    return index, (int(count), int(newest))


def open_index(
    backend: SearchBackend,
    database: Path,
    model: str,
    rebuild: bool = False,
    loaded: tuple[HnswIndex, tuple[int, int]] | None = None,
) -> HnswIndex | None:
    """The HNSW index of `model`: loaded (or `loaded`, an index in memory and the version
    it reflects), brought up to date and saved; None if the model has no rows."""
    version = backend.embeddings_version(model)
    saved = None if rebuild else loaded or load_saved(database, model)
    if saved is not None:
        index, at = saved
        if at == version:
            return index
        delta = _delta(backend, model, at)
        if delta is not None and _only_adds(index, delta):
            if len(delta.ids):
                index.add(delta.ids, delta.matrix)
            save_index(index, database, model, delta.version)
            return index
    version, ids, matrix = backend.embeddings_snapshot(model)
    if not len(ids):
        return None
    index = HnswIndex(int(matrix.shape[1]))
    index.build(ids, matrix)
    save_index(index, database, model, version)
    return index


def _delta(backend: SearchBackend, model: str, at: tuple[int, int]) -> EmbeddingDelta | None:
    since = getattr(backend, "embeddings_since", None)
    found = since(model, at) if since is not None else None
    return None if found is None else EmbeddingDelta(*found)


def _only_adds(index: HnswIndex, delta: EmbeddingDelta) -> bool:
    """Whether the delta explains every change: no rows were deleted since the save."""
    if len(delta.ids) and delta.matrix.shape[1] != index.dim:
        return False
    new = int(np.count_nonzero(~np.isin(delta.ids, index.ids)))
    return len(index) + new == delta.model_rows
