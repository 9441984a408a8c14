"""k-NN on PostgreSQL: pgvector's HNSW index, or an exact ranking of given ids."""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy import Connection, func, select, text

from assay.store.schema import embeddings, vector_text
from assay.store.search_sql import in_list

# pgvector's HNSW returns at most ef_search rows; it cannot be set above this.
MAX_EF_SEARCH = 1000
MIN_EF_SEARCH = 100


class PgVectorIndex:
    """k-NN over one model's vectors, answered by PostgreSQL inside one read session.

    Unfiltered searches walk the model's HNSW index (`vector_index_name`); searches
    restricted to `allowed_ids` rank those rows exactly.
    """

    def __init__(self, conn: Connection, model: str, dim: int) -> None:
        self.conn = conn
        self.model = model
        self.dim = dim

    def __bool__(self) -> bool:
        return True  # it exists only for a model that has vectors

    def __len__(self) -> int:
        query = select(func.count()).where(embeddings.c.model == self.model)
        return int(self.conn.execute(query.where(embeddings.c.dim == self.dim)).scalar_one())

    def search(
        self, query: np.ndarray, k: int, allowed_ids: set[int] | None = None
    ) -> list[tuple[int, float]]:
        """The k most similar ids with cosine scores, best first, only from `allowed_ids`."""
        if k <= 0 or (allowed_ids is not None and not allowed_ids):
            return []
        q = vector_text(np.asarray(query, dtype="<f4").reshape(-1).tobytes())
        typed = f"vector({self.dim})"
        params: dict[str, Any] = {"q": q, "k": k, "m": self.model, "d": self.dim}
        if allowed_ids is not None:
            sql = f"""
                SELECT article_id, 1 - (vector::{typed} <=> CAST(:q AS {typed})) FROM embeddings
                WHERE model = :m AND dim = :d AND article_id IN ({in_list(sorted(allowed_ids))})
                ORDER BY vector::{typed} <=> CAST(:q AS {typed}) LIMIT :k
            """
        else:
            ef = min(MAX_EF_SEARCH, max(MIN_EF_SEARCH, 2 * k))
            # The HNSW walk needs no sort; every other plan (ix_embeddings_model's rows,
            # sorted by distance) does: priced out, as a scan already is, so the graph
            # is walked whatever the table's size, as before that index existed.
            ef_search = "set_config('hnsw.ef_search', :ef, true)"
            no_sort = "set_config('enable_sort', 'off', true)"
            self.conn.execute(text(f"SELECT {ef_search}, {no_sort}"), {"ef": str(ef)})
            # Literal model and dimension: the planner matches them to the partial index.
            model, dim = sql_literal(self.model), self.dim
            sql = f"""
                SELECT article_id, 1 - (vector::{typed} <=> CAST(:q AS {typed})) FROM embeddings
                WHERE model = {model} AND dim = {dim}
                ORDER BY vector::{typed} <=> CAST(:q AS {typed}) LIMIT :k
            """
        try:
            hits = [(int(a), float(s)) for a, s in self.conn.execute(text(sql), params)]
        finally:
            if allowed_ids is None:
                self.conn.execute(text("SET LOCAL enable_sort = on"))
        hits.sort(key=lambda h: (-h[1], h[0]))
        return hits

    def vector(self, article_id: int) -> np.ndarray | None:
        query = select(embeddings.c.vector).where(
            (embeddings.c.model == self.model) & (embeddings.c.article_id == article_id)
        )
        found = self.conn.execute(query).scalar()
        return None if found is None else np.frombuffer(found, dtype="<f4").astype(np.float32)


def sql_literal(value: str) -> str:
    """A string as an SQL literal (standard_conforming_strings is on since PostgreSQL 9.1)."""
    return "'" + value.replace("'", "''") + "'"
