"""Bulk loading (`assay.store.bulk`): rows land, and full text, filters, vectors and new
ids work afterwards exactly as after ordinary saves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from embedder import HashEmbedder

from assay.models import Article, text_hash
from assay.search import search
from assay.store import Store
from assay.store.bulk import bulk_load
from assay.store.schema import article_sectors, articles

pytestmark = pytest.mark.usefixtures("backend")

DAY = datetime(2026, 1, 5, tzinfo=UTC)
WORDS = ("nickel", "gallium", "copper", "lithium")


def row(i: int) -> dict[str, Any]:
    body = f"Officials said {WORDS[i % 4]} output rose by {i} percent at the zq{i}x plant."
    return {
        "id": i,
        "url": f"https://bulk.example/{i}",
        "content_hash": text_hash(body),
        "source": f"bulk:{i}",
        "story_index": 0,
        "title": f"{WORDS[i % 4].title()} report {i}",
        "text": body,
        "published": DAY + timedelta(hours=i),
        "authors": ["Desk"],
        "language": "en",
        "removed": [],
        "summary": "",
        "keywords": [WORDS[i % 4]],
        "ingested_at": DAY,
        "updated_at": DAY,
    }


def test_bulk_loaded_articles_are_searchable_filterable_and_ids_continue(store: Store) -> None:
    embedder = HashEmbedder()
    rows = [row(i) for i in range(1, 41)]
    with bulk_load(store) as load:
        load.rows(articles, rows[:25])
        load.rows(articles, rows[25:])
        load.rows(
            article_sectors,
            [{"article_id": i, "slug": "mining-metals", "score": 0.9} for i in range(1, 41, 4)],
        )
        load.vectors(embedder.name, list(range(1, 41)), embedder.encode([r["text"] for r in rows]))
    assert store.count_articles() == 40
    assert store.get_article(7)["keywords"] == ["lithium"]
    assert [h.id for h in search(store, "zq17x").hits] == [17]
    found = {h.id for h in search(store, "gallium sector:mining-metals", limit=50).hits}
    assert found == set(range(1, 41, 4))  # every tagged article is a gallium one
    ids, matrix = store.load_embeddings(embedder.name)
    assert list(ids) == list(range(1, 41)) and matrix.shape == (40, embedder.dim)
    assert np.allclose(matrix[0], embedder.encode([rows[0]["text"]])[0])
    # The id sequence moved past the loaded rows; a saved article is found by full text.
    saved = store.save_article(Article(source="x", title="Cobalt", text="Cobalt zq99x rose."))
    assert (saved.status, saved.id) == ("new", 41)
    assert [h.id for h in search(store, "zq99x").hits] == [41]


def test_a_failed_bulk_load_keeps_committed_batches_and_the_indexes(store: Store) -> None:
    with pytest.raises(RuntimeError), bulk_load(store) as load:
        load.rows(articles, [row(1)])
        with Store.open_url(store.engine.url.render_as_string(False)) as other:
            assert other.count_articles() == 1  # each batch is committed as it lands
        raise RuntimeError("stop")
    assert [h.id for h in search(store, "zq1x").hits] == [1]
    store.save_article(Article(source="y", title="Tin", text="Tin zq77x output fell."))
    assert len(search(store, "zq77x").hits) == 1
