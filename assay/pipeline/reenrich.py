"""Re-enrichment: re-run the enrichers whose stored version differs from the current one.

The store lists the enricher stamps it holds ("entities.v1,facts.v1,..."); the registry
says which enrichers each stamp has stale. Articles are re-enriched by id in batches,
each committed with its new stamp in one transaction, so a second run finds nothing to do
and a run killed midway resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from assay.enrich.registry import Registry

if TYPE_CHECKING:
    from assay.pipeline.executors import Executor
    from assay.store import Store

BATCH = 64


@dataclass
class ReenrichPlan:
    """What is stale: stored stamp -> the enrichers to re-run for it, and how many articles."""

    stale: dict[str, list[str]]
    total: int
    since: datetime | date | None = None


@dataclass
class ReenrichReport:
    articles: int = 0
    by_enricher: dict[str, int] = field(default_factory=dict)  # re-run count per enricher

    def to_dict(self) -> dict[str, object]:
        return {"articles": self.articles, "by_enricher": dict(self.by_enricher)}


def plan_reenrich(
    store: Store,
    registry: Registry,
    only: Collection[str] | None = None,
    since: datetime | date | None = None,
    limit: int | None = None,
) -> ReenrichPlan:
    """Which stored stamps are stale for the enrichers `only` (default all), and how many
    articles (at most `limit`) carry them. Articles saved without enrichment are left out."""
    stale: dict[str, list[str]] = {}
    total = 0
    for stamp, count in store.stamp_counts(since).items():
        names = registry.stale(stamp, only)
        if stamp is not None and names:
            stale[stamp] = names
            total += count
    return ReenrichPlan(stale, total if limit is None else min(total, limit), since)


def reenrich(
    store: Store,
    executor: Executor,
    plan: ReenrichPlan,
    batch_size: int = BATCH,
    on_article: Callable[[], None] | None = None,
) -> ReenrichReport:
    """Re-run the stale enrichers of `plan` (oldest article first), committing each batch."""
    registry = executor.registry
    report = ReenrichReport()
    after_id = 0
    while report.articles < plan.total:
        want = min(batch_size, plan.total - report.articles)
        rows = store.articles_with_stamps(plan.stale, plan.since, after_id, want)
        if not rows:
            break
        after_id = rows[-1][1]
        names = {n for _, _, stamp in rows for n in plan.stale[stamp]}
        enriched = executor.enrich([a for a, _, _ in rows], only=names)
        items = []
        for article, (_, article_id, stamp) in zip(enriched, rows, strict=True):
            redo = plan.stale[stamp]
            fields = [f for n in redo for f in registry.get(n).assigns]
            items.append((article_id, article, fields, registry.restamp(stamp, redo)))
            for name in redo:
                report.by_enricher[name] = report.by_enricher.get(name, 0) + 1
        store.replace_enrichment(items)
        report.articles += len(items)
        if on_article:
            for _ in items:
                on_article()
    return report
