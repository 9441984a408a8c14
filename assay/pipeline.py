"""Wires the stages: sources -> extract -> enrich -> store, counting successes and failures.

One bad page never stops a run: its (target, stage, reason) is stored and reported.
Articles are enriched and saved in batches, each batch in one transaction, so a run
killed midway keeps every finished batch and a re-run reports them as unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assay.errors import AssayError, FetchError, InputError
from assay.extract import extract
from assay.models import Article, Page
from assay.settings import Settings

if TYPE_CHECKING:
    from assay.enrich import Enricher
    from assay.store import Store

BATCH = 64


@dataclass
class Failure:
    target: str
    stage: str
    reason: str
    transient: bool = False


@dataclass
class IngestReport:
    """Counts for one run, plus the failures with their reasons."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    pages: int = 0
    failures: list[Failure] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def to_dict(self) -> dict[str, object]:
        return {
            "pages": self.pages,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "failures": [f.__dict__ for f in self.failures],
        }


def is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


class Ingestor:
    """Runs pages through extraction, enrichment and the store, batch by batch."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        enricher: Enricher | None = None,
        on_article: Callable[[], None] | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.enricher = enricher
        self.on_article = on_article
        self.report = IngestReport()
        self._batch: list[Article] = []

    def fail(self, target: str, stage: str, exc: Exception) -> None:
        transient = isinstance(exc, FetchError) and exc.transient
        reason = str(exc) or exc.__class__.__name__
        self.report.failures.append(Failure(target, stage, reason, transient))
        self.store.record_failure(target, stage, reason, transient)

    def add_page(self, page: Page) -> list[Article]:
        """Extract one page and queue its stories; returns them (possibly empty on failure)."""
        self.report.pages += 1
        try:
            articles = extract(page, self.settings)
        except AssayError as exc:
            self.fail(page.source, "extract", exc)
            return []
        for art in articles:
            art.feed_id, art.entry_id = page.feed_id, page.entry_id
        self._batch.extend(articles)
        if len(self._batch) >= BATCH:
            self.flush()
        return articles

    def flush(self) -> None:
        """Enrich and save the queued articles in one transaction."""
        batch, self._batch = self._batch, []
        if not batch:
            return
        if self.enricher is not None:
            batch = list(self.enricher.enrich(batch))
        for article, result in zip(batch, self.store.save_articles(batch), strict=True):
            setattr(self.report, result.status, getattr(self.report, result.status) + 1)
            self.report.article_ids.append(result.id)
            if article.feed_id is not None and article.entry_id:
                self.store.record_entry(article.feed_id, article.entry_id, result.id)
            if self.on_article:
                self.on_article()


def iter_target_pages(
    targets: Iterable[str], settings: Settings, on_error: Callable[[str, str, Exception], None]
) -> Iterator[Page]:
    """Pages from files, directories, stdin and URLs; errors go to `on_error`, never raise."""
    from assay.sources.files import iter_pages
    from assay.sources.http import RobotsCache, fetch_page, make_client

    client = None
    robots = None
    try:
        for target in targets:
            if is_url(target):
                if client is None:
                    client = make_client(settings)
                    robots = RobotsCache(client, settings)
                try:
                    yield fetch_page(client, target, settings, robots)
                except AssayError as exc:
                    on_error(target, "fetch", exc)
                continue
            try:
                yield from iter_pages(
                    target, settings, on_error=lambda t, e: on_error(t, "read", e)
                )
            except InputError as exc:
                on_error(target, "read", exc)
    finally:
        if client is not None:
            client.close()


def ingest(
    targets: Iterable[str],
    store: Store,
    settings: Settings,
    enricher: Enricher | None = None,
    on_article: Callable[[], None] | None = None,
) -> IngestReport:
    """Ingest files, directories, '-' and URLs into the store; returns the counts."""
    ing = Ingestor(store, settings, enricher, on_article)
    for page in iter_target_pages(targets, settings, ing.fail):
        ing.add_page(page)
    ing.flush()
    return ing.report


def analyze(
    targets: Iterable[str], settings: Settings, enricher: Enricher
) -> tuple[list[Article], list[Failure]]:
    """Extract and enrich without storing: the `assay analyze` command."""
    failures: list[Failure] = []

    def on_error(target: str, stage: str, exc: Exception) -> None:
        failures.append(Failure(target, stage, str(exc)))

    articles: list[Article] = []
    for page in iter_target_pages(targets, settings, on_error):
        try:
            articles.extend(extract(page, settings))
        except AssayError as exc:
            on_error(page.source, "extract", exc)
    return list(enricher.enrich(articles)), failures
