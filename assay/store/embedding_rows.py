"""Embedding rows stored since a version: what a persisted vector index must add.

SQLite only: its embeddings version is (row count, newest rowid), and every save moves a
row's rowid (delete, then insert), so rows with a larger rowid are exactly the new and
replaced vectors. Other backends return None and the index is rebuilt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from assay.store.embeddings import embedding_version

if TYPE_CHECKING:
    import numpy as np


def embeddings_since(
    conn: Connection, model: str, version: tuple[int, int]
) -> tuple[tuple[int, int], int, np.ndarray, np.ndarray] | None:
    """(version now, rows of `model` now, ids, float32 matrix) stored after `version`."""
    import numpy as np

    if conn.dialect.name != "sqlite":
        return None
    now = embedding_version(conn, model)
    rows = conn.execute(
        text(
            "SELECT article_id, dim, vector FROM embeddings "
            "WHERE model = :model AND rowid > :newest ORDER BY rowid"
        ),
        {"model": model, "newest": int(version[1])},
    ).all()
    total = conn.execute(
        text("SELECT count(*) FROM embeddings WHERE model = :model"), {"model": model}
    ).scalar_one()
    if not rows:
        return now, int(total), np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
    dims = {r.dim for r in rows}
    if len(dims) != 1:
        return None
    ids = np.fromiter((r.article_id for r in rows), dtype=np.int64, count=len(rows))
    matrix = np.frombuffer(b"".join(r.vector for r in rows), dtype="<f4")
    return now, int(total), ids, matrix.reshape(len(rows), dims.pop()).astype(np.float32)
