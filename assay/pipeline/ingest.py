"""Ingest and analyze: sources -> extract -> enrich -> store, counting successes and failures.

One bad page never stops a run: its (target, stage, reason) is stored and reported.
Articles are enriched and saved in batches, each batch in one transaction, so a run
killed midway keeps every finished batch and a re-run reports them as unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from assay.errors import AssayError, FetchError
from assay.models import Article, Page
from assay.pipeline.commit import commit_batch
from assay.pipeline.compute import enrich_batch, extract_page
from assay.pipeline.hooks import Hooks, default_hooks
from assay.pipeline.recurring import SourceLines
from assay.pipeline.report import Failure, IngestReport
from assay.settings import Settings
from assay.sources.targets import iter_target_pages

if TYPE_CHECKING:
    from assay.pipeline.executors import Executor
    from assay.store import Store

BATCH = 64


class Ingestor:
    """Runs pages through extraction, enrichment and the store, batch by batch.

    `enricher` is any executor (`assay.pipeline.executors`) or a plain `Enricher`; None
    stores text only. `hooks` run after each committed batch (default: cluster, embed).
    """

    def __init__(
        self,
        store: Store,
        settings: Settings,
        enricher: Executor | None = None,
        on_article: Callable[[], None] | None = None,
        hooks: Hooks | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.enricher = enricher
        self.on_article = on_article
        self.on_progress = on_progress
        self.hooks = hooks if hooks is not None else default_hooks(settings)
        self.report = IngestReport()
        self.sources = SourceLines(store)  # lines each source repeats: furniture evidence
        self._batch: list[Article] = []
        self._inputs_pending = 0  # inputs read or failed since the last commit

    def fail(self, target: str, stage: str, exc: Exception) -> None:
        transient = isinstance(exc, FetchError) and exc.transient
        reason = str(exc) or exc.__class__.__name__
        self.report.failures.append(Failure(target, stage, reason, transient))
        self.store.record_failure(target, stage, reason, transient)
        if stage in ("read", "fetch"):  # an input that never became a page
            self._inputs_pending += 1

    def add_page(self, page: Page) -> list[Article]:
        """Extract one page and queue its stories; returns them (possibly empty on failure)."""
        self.report.pages += 1
        self._inputs_pending += 1
        self.report.warnings.extend(f"{page.source}: {note}" for note in page.notes)
        try:
            articles = extract_page(page, self.settings, self.sources.recurring(page))
        except AssayError as exc:
            self.fail(page.source, "extract", exc)
            return []
        self.sources.add(page, articles)
        self._batch.extend(articles)
        if len(self._batch) >= BATCH:
            self.flush()
        return articles

    def flush(self) -> None:
        """Enrich and save the queued articles in one transaction, then run the hooks."""
        batch, self._batch = self._batch, []
        finished, self._inputs_pending = self._inputs_pending, 0
        if not batch:
            if finished and self.on_progress:
                self.on_progress(finished)
            return
        stamp = None
        if self.enricher is not None:
            stamp = self.enricher.registry.stamp()
            # A re-ingest skips enriching stored text: the save reports it unchanged anyway.
            done = self.store.enriched_hashes([a.content_hash for a in batch])
            batch = enrich_batch(self.enricher, batch, skip=done)
        self.commit(batch, stamp)
        if finished and self.on_progress:
            self.on_progress(finished)

    def commit(self, batch: list[Article], stamp: str | None) -> None:
        """Save enriched `batch` in one transaction, run the hooks, count it as progress."""
        results = commit_batch(
            self.store,
            batch,
            stamp,
            self.hooks,
            self.report,
            on_failure=lambda article, exc: self.fail(article.source, "save", exc),
        )
        if self.on_article:
            for _ in results:
                self.on_article()


def ingest(
    targets: Iterable[str],
    store: Store,
    settings: Settings,
    enricher: Executor | None = None,
    on_article: Callable[[], None] | None = None,
    hooks: Hooks | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Ingest files, directories, '-' and URLs into the store; returns the counts.

    `on_article()` is called per article saved; `on_progress(n)` after each committed
    batch with the inputs (pages read or inputs failed) it finished, the unit of
    `pipeline.inputs.count_inputs`.
    """
    ing = Ingestor(store, settings, enricher, on_article, hooks, on_progress)
    for page in iter_target_pages(targets, settings, ing.fail):
        ing.add_page(page)
    ing.flush()
    return ing.report


def analyze(
    targets: Iterable[str], settings: Settings, enricher: Executor
) -> tuple[list[Article], list[Failure]]:
    """Extract and enrich without storing: the `assay analyze` command."""
    failures: list[Failure] = []

    def on_error(target: str, stage: str, exc: Exception) -> None:
        failures.append(Failure(target, stage, str(exc)))

    articles: list[Article] = []
    for page in iter_target_pages(targets, settings, on_error):
        try:
            articles.extend(extract_page(page, settings))
        except AssayError as exc:
            on_error(page.source, "extract", exc)
    return list(enricher.enrich(articles)), failures
