"""After-save hooks: listeners called with each committed batch of new and updated articles.

Clustering and embedding are listeners today; alerts and other consumers add their own:

    hooks = default_hooks(settings)
    hooks.add(lambda saved: notify(saved.ids))
    ingest(targets, store, settings, hooks=hooks)

A listener runs after the batch's transaction committed, so it sees the saved rows; it may
add counts or warnings to `saved.report`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assay.errors import EmbedderMissing
from assay.models import Article
from assay.pipeline.compute import embed_articles
from assay.pipeline.report import IngestReport
from assay.settings import Settings

if TYPE_CHECKING:
    from assay.enrich.embed import Embedder
    from assay.store import Store


@dataclass
class SavedBatch:
    """One committed batch: the articles that are new or changed, with their ids."""

    store: Store
    articles: list[Article]
    ids: list[int]
    report: IngestReport


AfterSave = Callable[[SavedBatch], None]


class Hooks:
    """The listeners of one pipeline run, called in the order they were added."""

    def __init__(self, listeners: Iterable[AfterSave] = ()) -> None:
        self.listeners: list[AfterSave] = list(listeners)

    def add(self, listener: AfterSave) -> AfterSave:
        """Register `listener` (usable as a decorator); returns it."""
        self.listeners.append(listener)
        return listener

    def __call__(self, saved: SavedBatch) -> None:
        for listener in self.listeners:
            listener(saved)


def default_hooks(settings: Settings) -> Hooks:
    """Cluster near-duplicates after every batch, then embed it (if `embed_at_ingest`)."""
    hooks = Hooks([ClusterStories(settings)])
    if settings.embed_at_ingest:
        hooks.add(EmbedAtIngest(settings))
    return hooks


class ClusterStories:
    """Put the batch's articles (and any left unclustered before) into story clusters."""

    def __init__(self, settings: Settings) -> None:
        from assay.stories import DedupeParams

        self.params = DedupeParams(
            settings.dedupe_threshold, settings.dedupe_jaccard, settings.developing_story_days
        )

    def __call__(self, saved: SavedBatch) -> None:
        from assay.stories import cluster_pending

        saved.report.duplicates += cluster_pending(saved.store, self.params).joined


class EmbedAtIngest:
    """Embed new and changed articles with the fast model; warn once if it is not built."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.embedder: Embedder | None = None
        self.missing = False

    def __call__(self, saved: SavedBatch) -> None:
        if not saved.ids or not self._load(saved.report):
            return
        assert self.embedder is not None
        # One article saved twice in a batch (same URL) is embedded once, as last saved.
        latest = dict(zip(saved.ids, saved.articles, strict=True))
        vectors = embed_articles(self.embedder, list(latest.values()))
        saved.store.save_embeddings(self.embedder.name, list(latest), vectors)

    def _load(self, report: IngestReport) -> bool:
        if self.embedder is None and not self.missing:
            from assay.enrich.embed import load_embedder

            try:
                self.embedder = load_embedder(self.settings, "fast")
            except EmbedderMissing as exc:
                self.missing = True
                report.warnings.append(f"Embeddings skipped: {exc}")
        return self.embedder is not None
