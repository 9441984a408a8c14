"""Mention counts in two adjacent windows per entity: what `assay.search.trends` scores."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, case, distinct, func, select

from assay.store.convert import to_utc
from assay.store.schema import articles, entities, mentions


def mention_windows(
    conn: Connection,
    baseline_start: datetime,
    recent_start: datetime,
    end: datetime,
    min_recent: int,
) -> list[dict[str, Any]]:
    """(key, name, type, recent, baseline) per entity: distinct articles mentioning it in
    [recent_start, end) and in [baseline_start, recent_start); only entities with at least
    `min_recent` recent articles."""
    recent_from = to_utc(recent_start)
    in_recent = articles.c.published >= recent_from
    recent = func.count(distinct(case((in_recent, articles.c.id))))
    baseline = func.count(distinct(case((~in_recent, articles.c.id))))
    # Entities seen in the recent window at all: the baseline is counted only for them.
    seen = (
        select(mentions.c.entity_id)
        .join(articles, articles.c.id == mentions.c.article_id)
        .where(articles.c.published >= recent_from, articles.c.published < to_utc(end))
    )
    query = (
        select(entities.c.key, entities.c.name, entities.c.type, recent, baseline)
        .select_from(mentions)
        .join(articles, articles.c.id == mentions.c.article_id)
        .join(entities, entities.c.id == mentions.c.entity_id)
        .where(
            mentions.c.entity_id.in_(seen),
            articles.c.published >= to_utc(baseline_start),
            articles.c.published < to_utc(end),
        )
        .group_by(entities.c.id)
        .having(recent >= min_recent)
    )
    return [
        {"key": k, "name": n, "type": t, "recent": int(r), "baseline": int(b)}
        for k, n, t, r, b in conn.execute(query)
    ]
