"""Article embeddings: one float32 little-endian vector per (article, model).

numpy is imported where vectors are read or written: commands that never touch vectors
(stats, listing) start without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, func, select

from assay.errors import StoreError
from assay.store.backends import backend_of
from assay.store.schema import articles, embeddings

if TYPE_CHECKING:
    import numpy as np

_CHUNK = 500  # stays under SQLite's bound-parameter limit
_F32 = "<f4"  # numpy dtype of a stored vector


def save_embeddings(
    conn: Connection, model: str, ids: list[int], vectors: np.ndarray, index: bool = True
) -> int:
    """Replace the `model` vectors of `ids` with the rows of `vectors`; returns the count.

    With `index`, a model new to the store gets its k-NN index (PostgreSQL)."""
    import numpy as np

    matrix = np.asarray(vectors)
    if matrix.ndim != 2 or matrix.shape[0] != len(ids):
        raise StoreError(
            f"Cannot save {model} embeddings: {len(ids)} id(s) but vectors of shape "
            f"{matrix.shape}; pass one row per id."
        )
    matrix = matrix.astype(_F32, copy=False)
    dim = int(matrix.shape[1])
    backend = backend_of(conn)
    # Delete, then insert: SQLite's rowid moves, which is what tells loaded indexes to
    # reload. The upsert covers a concurrent writer inserting the same row in between.
    upsert = backend.insert(embeddings)
    upsert = upsert.on_conflict_do_update(
        index_elements=[embeddings.c.article_id, embeddings.c.model],
        set_={"dim": upsert.excluded.dim, "vector": upsert.excluded.vector},
    )
    for start in range(0, len(ids), _CHUNK):
        chunk = [int(i) for i in ids[start : start + _CHUNK]]
        conn.execute(
            delete(embeddings)
            .where(embeddings.c.model == model)
            .where(embeddings.c.article_id.in_(chunk))
        )
        rows = [
            {"article_id": i, "model": model, "dim": dim, "vector": matrix[start + n].tobytes()}
            for n, i in enumerate(chunk)
        ]
        conn.execute(upsert, rows)
    if ids and index:
        backend.index_vectors(conn, [(model, dim)])
    return len(ids)


def load_embeddings(conn: Connection, model: str) -> tuple[np.ndarray, np.ndarray]:
    """(article ids as int64, float32 matrix with one row each) for `model`, by article id."""
    import numpy as np

    query = (
        select(embeddings.c.article_id, embeddings.c.dim, embeddings.c.vector)
        .where(embeddings.c.model == model)
        .order_by(embeddings.c.article_id)
    )
    rows = conn.execute(query).all()
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
    dims = {r.dim for r in rows}
    if len(dims) != 1 or any(len(r.vector) != 4 * r.dim for r in rows):
        raise StoreError(
            f"Embeddings for model '{model}' have mixed dimensions {sorted(dims)}; "
            "re-run `assay embed` after deleting them."
        )
    ids = np.fromiter((r.article_id for r in rows), dtype=np.int64, count=len(rows))
    matrix = np.frombuffer(b"".join(r.vector for r in rows), dtype=_F32)
    return ids, matrix.reshape(len(rows), dims.pop()).astype(np.float32)


def articles_without_embedding(
    conn: Connection, model: str, limit: int | None = None
) -> list[dict[str, Any]]:
    """Articles (id, title, text) with no `model` vector yet, oldest id first."""
    has = (
        select(embeddings.c.article_id)
        .where(embeddings.c.article_id == articles.c.id)
        .where(embeddings.c.model == model)
    )
    query = (
        select(articles.c.id, articles.c.title, articles.c.text)
        .where(~has.exists())
        .order_by(articles.c.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return [dict(r._mapping) for r in conn.execute(query)]


def count_without_embedding(conn: Connection, model: str) -> int:
    """How many articles have no `model` vector yet."""
    has = (
        select(embeddings.c.article_id)
        .where(embeddings.c.article_id == articles.c.id)
        .where(embeddings.c.model == model)
    )
    query = select(func.count()).select_from(articles).where(~has.exists())
    return int(conn.execute(query).scalar_one())


def embedding_version(conn: Connection, model: str) -> tuple[int, int]:
    """A cheap value that changes whenever the stored vectors do (SQLite: row count and
    newest rowid of the table)."""
    return backend_of(conn).embedding_version(conn, model)


def vector_pairs(conn: Connection) -> list[tuple[str, int]]:
    """Every (model, dimension) of stored vectors."""
    query = select(embeddings.c.model, embeddings.c.dim).distinct()
    return [(str(m), int(d)) for m, d in conn.execute(query)]


def stored_models(conn: Connection) -> list[str]:
    """Embedding models present in the store, most rows first.

    The models come one seek each in `ix_embeddings_model` (grouping every row cost 1.5 s
    at a million vectors); rows are counted only when there are several models."""
    models: list[str] = []
    first = select(func.min(embeddings.c.model))
    while (model := conn.execute(first).scalar()) is not None:
        models.append(str(model))
        first = select(func.min(embeddings.c.model)).where(embeddings.c.model > model)
    if len(models) > 1:
        rows = select(func.count()).select_from(embeddings)
        counts = {m: conn.execute(rows.where(embeddings.c.model == m)).scalar_one() for m in models}
        models.sort(key=lambda m: (-counts[m], m))
    return models
