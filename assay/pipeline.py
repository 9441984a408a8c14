"""Wires the stages: sources -> extract -> enrich -> store, counting successes and failures.

One bad page never stops a run: its (target, stage, reason) is stored and reported.
Articles are enriched and saved in batches, each batch in one transaction, so a run
killed midway keeps every finished batch and a re-run reports them as unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assay.enrich.embed import embedding_text
from assay.errors import AssayError, EmbedderMissing, FetchError, InputError
from assay.extract import extract
from assay.models import Article, Page
from assay.settings import Settings

if TYPE_CHECKING:
    from assay.enrich import Enricher
    from assay.enrich.embed import Embedder
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
    duplicates: int = 0  # near-copies that joined an existing story cluster
    warnings: list[str] = field(default_factory=list)  # e.g. embeddings skipped

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
        self._embedder: Embedder | None = None
        self._embed = settings.embed_at_ingest

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
        version = None
        if self.enricher is not None:
            version = self.enricher.version
            done = self.store.enriched_hashes([a.content_hash for a in batch])
            todo = [a for a in batch if a.content_hash not in done]
            enriched = iter(self.enricher.enrich(todo))
            batch = [a if a.content_hash in done else next(enriched) for a in batch]
        results = self.store.save_articles(batch, enriched_with=version)
        self.after_save(
            [(a, r.id) for a, r in zip(batch, results, strict=True) if r.status != "unchanged"]
        )
        for result in results:
            setattr(self.report, result.status, getattr(self.report, result.status) + 1)
            self.report.article_ids.append(result.id)  # the store logs feed entries itself
            if self.on_article:
                self.on_article()

    def after_save(self, changed: list[tuple[Article, int]]) -> None:
        """Cluster near-duplicates, then embed the new and updated articles of a batch."""
        from assay.store.clusters import DedupeParams

        params = DedupeParams(
            self.settings.dedupe_threshold,
            self.settings.dedupe_jaccard,
            self.settings.developing_story_days,
        )
        self.report.duplicates += self.store.cluster_pending(params).joined
        if not changed or not self._load_embedder():
            return
        assert self._embedder is not None
        # One article saved twice in a batch (same URL) is embedded once, as last saved.
        texts = {pk: embedding_text(a.title, a.text) for a, pk in changed}
        vectors = self._embedder.encode(list(texts.values()))
        self.store.save_embeddings(self._embedder.name, list(texts), vectors)

    def _load_embedder(self) -> bool:
        if self._embedder is None and self._embed:
            from assay.enrich.embed import load_embedder

            try:
                self._embedder = load_embedder(self.settings, "fast")
            except EmbedderMissing as exc:
                self._embed = False
                self.report.warnings.append(f"Embeddings skipped: {exc}")
        return self._embedder is not None


def embed_backlog(
    store: Store,
    embedder: Embedder,
    batch_size: int = 256,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Embed every stored article that has no `embedder.name` vector yet; returns the count."""
    done = 0
    while rows := store.articles_without_embedding(embedder.name, batch_size):
        vectors = embedder.encode([embedding_text(r["title"], r["text"]) for r in rows])
        store.save_embeddings(embedder.name, [r["id"] for r in rows], vectors)
        done += len(rows)
        if on_batch:
            on_batch(len(rows))
    return done


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
