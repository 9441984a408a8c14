"""The stored embedding models, most vectors first (revision 0008 finds them by index).

Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import numpy as np
import pytest

from assay.models import Article
from assay.store import Store

pytestmark = pytest.mark.usefixtures("backend")


def vectors(n: int, dim: int = 4) -> np.ndarray:
    rows = np.random.default_rng(n).standard_normal((n, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_models_come_most_vectors_first_then_by_name(store: Store) -> None:
    assert store.embedding_models() == []
    ids = [store.save_article(Article(source=f"s{i}", text=f"Tin note {i}.")).id for i in range(5)]
    store.save_embeddings("m-small", ids[:2], vectors(2))
    assert store.embedding_models() == ["m-small"]
    store.save_embeddings("b-large", ids, vectors(5))
    store.save_embeddings("a-small", ids[3:], vectors(2))
    assert store.embedding_models() == ["b-large", "a-small", "m-small"]


def test_the_models_are_found_through_their_index(store: Store) -> None:
    with store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            plan = conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT min(model) FROM embeddings WHERE model > 'a'"
            ).all()
        else:
            conn.exec_driver_sql("SET enable_seqscan = off")  # a tiny table: say it is big
            plan = conn.exec_driver_sql(
                "EXPLAIN SELECT min(model) FROM embeddings WHERE model > 'a'"
            ).all()
    assert "ix_embeddings_model" in " ".join(str(r) for r in plan)
