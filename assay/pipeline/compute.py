"""Computing: plain functions over pages and articles, with no store and no side effects.

Extract a page into articles, enrich a batch, embed articles. Committing what they return
(saving, clustering) is `commit.py`'s; where enrichment runs is the executor's.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from assay.extract import extract
from assay.models import Article, Page
from assay.settings import Settings

if TYPE_CHECKING:
    import numpy as np

    from assay.enrich.embed import Embedder
    from assay.pipeline.executors import Executor


def extract_page(page: Page, settings: Settings, recurring: Collection[str] = ()) -> list[Article]:
    """The stories of one page, each tagged with the feed entry it came from (if any).

    `recurring`: lines seen on other pages of the same source (`pipeline.recurring`).
    """
    articles = extract(page, settings, recurring)
    for art in articles:
        art.feed_id, art.entry_id = page.feed_id, page.entry_id
    return articles


def enrich_batch(
    executor: Executor, batch: list[Article], skip: Collection[str] = ()
) -> list[Article]:
    """`batch` in order, enriched, except articles whose content hash is in `skip`."""
    todo = [a for a in batch if a.content_hash not in skip]
    enriched = iter(executor.enrich(todo))
    return [a if a.content_hash in skip else next(enriched) for a in batch]


def embed_articles(embedder: Embedder, articles: list[Article]) -> np.ndarray:
    """One unit-length vector per article, from its title and the start of its text."""
    from assay.enrich.embed import embedding_text

    return embedder.encode([embedding_text(a.title, a.text) for a in articles])
