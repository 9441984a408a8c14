"""The HNSW index saved beside the database: loaded after a restart, updated, rebuilt."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assay.models import Article
from assay.search.persisted import index_files, load_saved, open_index
from assay.search.vectors import HnswIndex, IndexCache
from assay.settings import Settings
from assay.store import Store

MODEL = "m.v1"


def vectors(n: int, seed: int) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, 8)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def stored(settings: Settings, n: int, start: int = 0) -> list[int]:
    """Save `n` articles with vectors; returns their ids."""
    with Store.open(settings) as store:
        saved = store.save_articles(
            [
                Article(source=f"s{i}", text=f"story {i} about nickel")
                for i in range(start, start + n)
            ]
        )
        ids = [r.id for r in saved]
        store.save_embeddings(MODEL, ids, vectors(n, seed=start))
    return ids


def db_file(settings: Settings) -> Path:
    assert settings.db is not None
    return Path(settings.db)


def test_index_is_saved_beside_the_database_and_loaded_after_a_restart(
    settings: Settings,
) -> None:
    ids = stored(settings, 40)
    with Store.open(settings) as store, store.search_backend() as backend:
        first = IndexCache(db_file(settings), hnsw_threshold=10).get(backend, MODEL)
    assert isinstance(first, HnswIndex)
    files = index_files(db_file(settings), MODEL)
    assert all(path.exists() for path in files.values())
    built_at = files["graph"].stat().st_mtime_ns

    # A new cache (a restarted process) reads the files instead of rebuilding them.
    with Store.open(settings) as store, store.search_backend() as backend:
        again = IndexCache(db_file(settings), hnsw_threshold=10).get(backend, MODEL)
    assert isinstance(again, HnswIndex) and len(again) == 40
    assert files["graph"].stat().st_mtime_ns == built_at
    query = vectors(40, seed=0)[7]
    assert again.search(query, 1) == [(ids[7], pytest.approx(1.0, abs=1e-5))]


def test_new_embeddings_are_added_to_the_saved_index_not_rebuilt(settings: Settings) -> None:
    stored(settings, 30)
    with Store.open(settings) as store, store.search_backend() as backend:
        open_index(backend, db_file(settings), MODEL)
    new_ids = stored(settings, 5, start=30)
    with Store.open(settings) as store:
        store.save_embeddings(MODEL, new_ids[:1], vectors(1, seed=99))  # replaced once more
        with store.search_backend() as backend:
            version = backend.embeddings_version(MODEL)
            index = open_index(backend, db_file(settings), MODEL)
    assert index is not None and len(index) == 35
    assert index.search(vectors(1, seed=99)[0], 1)[0][0] == new_ids[0]
    saved = load_saved(db_file(settings), MODEL)
    assert saved is not None and saved[1] == version and len(saved[0]) == 35


def test_reindex_rebuilds_the_files_from_the_stored_vectors(settings: Settings) -> None:
    stored(settings, 20)
    files = index_files(db_file(settings), MODEL)
    with Store.open(settings) as store, store.search_backend() as backend:
        open_index(backend, db_file(settings), MODEL)
        files["graph"].write_bytes(b"not a graph")  # damaged: unusable, so rebuilt
        assert load_saved(db_file(settings), MODEL) is None
        index = open_index(backend, db_file(settings), MODEL, rebuild=True)
    assert index is not None and len(index) == 20
    assert load_saved(db_file(settings), MODEL) is not None


def test_embed_reindex_command_writes_the_index_files(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from assay.cli import app

    stored(settings, 12)
    monkeypatch.delenv("ASSAY_DB", raising=False)
    result = CliRunner().invoke(app, ["--db", str(db_file(settings)), "embed", "reindex"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"Indexed 12 {MODEL} vector(s) beside {db_file(settings)}."
    assert load_saved(db_file(settings), MODEL) is not None


def test_the_embeddings_version_sees_deletions_by_this_and_other_connections(
    settings: Settings,
) -> None:
    ids = stored(settings, 6)
    with Store.open(settings) as store, Store.open(settings) as other:

        def version() -> tuple[int, int]:
            with store.search_backend() as backend:
                return backend.embeddings_version(MODEL)

        newest = version()[1]
        assert version() == (6, newest)  # unchanged: the count is kept, not walked again
        other.delete_article(ids[0])  # another connection: the vector goes with it
        assert version() == (5, newest)
        store.delete_article(ids[1])  # this store's own write
        assert version() == (4, newest)
        # A count taken inside a write that rolls back is not kept.
        with pytest.raises(RuntimeError), store.transaction() as conn:
            conn.exec_driver_sql(f"DELETE FROM embeddings WHERE article_id = {ids[2]}")
            assert store.backend.embedding_version(conn, MODEL) == (3, newest)
            raise RuntimeError("roll back")
        assert version() == (4, newest)
