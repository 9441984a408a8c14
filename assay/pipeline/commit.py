"""Committing: save a batch in one transaction, then tell the after-save hooks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from assay.errors import StoreBusy, StoreError
from assay.models import Article
from assay.pipeline.hooks import Hooks, SavedBatch
from assay.pipeline.report import IngestReport

if TYPE_CHECKING:
    from assay.store import SaveResult, Store


def commit_batch(
    store: Store,
    batch: list[Article],
    stamp: str | None,
    hooks: Hooks,
    report: IngestReport,
    on_failure: Callable[[Article, StoreError], None] | None = None,
) -> list[SaveResult]:
    """Save `batch` in one transaction, run the hooks on what changed, count it in `report`.

    With `on_failure`, an article the store refuses does not sink the batch: the batch is
    saved again one article at a time and each refused article goes to `on_failure`.
    """
    try:
        results = store.save_articles(batch, enriched_with=stamp)
    except StoreBusy:
        raise
    except StoreError:
        if on_failure is None or len(batch) < 2:
            raise
        batch, results = _one_by_one(store, batch, stamp, on_failure)
    changed = [(a, r.id) for a, r in zip(batch, results, strict=True) if r.status != "unchanged"]
    hooks(SavedBatch(store, [a for a, _ in changed], [i for _, i in changed], report))
    for result in results:
        setattr(report, result.status, getattr(report, result.status) + 1)
        report.article_ids.append(result.id)  # the store logs feed entries itself
    return results


def _one_by_one(
    store: Store,
    batch: list[Article],
    stamp: str | None,
    on_failure: Callable[[Article, StoreError], None],
) -> tuple[list[Article], list[SaveResult]]:
    saved: list[Article] = []
    results: list[SaveResult] = []
    for article in batch:
        try:
            results.extend(store.save_articles([article], enriched_with=stamp))
        except StoreBusy:
            raise
        except StoreError as exc:
            on_failure(article, exc)
            continue
        saved.append(article)
    return saved, results
