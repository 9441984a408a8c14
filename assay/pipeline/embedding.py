"""The embedding backlog: vectors for stored articles that have none for a model yet."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assay.enrich.embed import Embedder
    from assay.store import Store


def embed_backlog(
    store: Store,
    embedder: Embedder,
    batch_size: int = 256,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Embed every stored article that has no `embedder.name` vector yet; returns the count."""
    from assay.enrich.embed import embedding_text

    done = 0
    while rows := store.articles_without_embedding(embedder.name, batch_size):
        vectors = embedder.encode([embedding_text(r["title"], r["text"]) for r in rows])
        store.save_embeddings(embedder.name, [r["id"] for r in rows], vectors)
        done += len(rows)
        if on_batch:
            on_batch(len(rows))
    return done
