"""Committing: save a batch in one transaction, then tell the after-save hooks."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
) -> list[SaveResult]:
    """Save `batch` (all or nothing), run the hooks on what changed, count it in `report`."""
    results = store.save_articles(batch, enriched_with=stamp)
    changed = [(a, r.id) for a, r in zip(batch, results, strict=True) if r.status != "unchanged"]
    hooks(SavedBatch(store, [a for a, _ in changed], [i for _, i in changed], report))
    for result in results:
        setattr(report, result.status, getattr(report, result.status) + 1)
        report.article_ids.append(result.id)  # the store logs feed entries itself
    return results
