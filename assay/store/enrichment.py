"""Enricher stamps: which articles were enriched by which enricher versions, and rewriting
the labels of some enrichers only.

The store does not compare versions: it lists the stamps it holds and the articles with
given stamps; `assay.enrich.registry` decides which stamps are stale.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select, update

from assay.models import Article
from assay.store.articles import ENRICHED_FIELDS, clear_enrichment, write_enrichment
from assay.store.convert import now_utc, to_utc
from assay.store.entity_upserts import EntityCache
from assay.store.schema import articles
from assay.store.sector_lists import sector_list

# Article fields stored as columns of `articles` rather than rows of their own tables.
_COLUMN_FIELDS = ("summary", "keywords")


def _since(since: datetime | date | None) -> ColumnElement[bool]:
    """Published on or after `since`; undated articles count from when they were ingested."""
    if since is None:
        return articles.c.id.is_not(None)
    return func.coalesce(articles.c.published, articles.c.ingested_at) >= to_utc(since)


def stamp_counts(conn: Connection, since: datetime | date | None) -> dict[str | None, int]:
    """How many articles carry each enricher stamp (None: never enriched)."""
    query = (
        select(articles.c.enriched_with, func.count())
        .where(_since(since))
        .group_by(articles.c.enriched_with)
    )
    return {stamp: int(n) for stamp, n in conn.execute(query).all()}


def articles_with_stamps(
    conn: Connection,
    stamps: Collection[str],
    since: datetime | date | None,
    after_id: int,
    limit: int,
) -> list[tuple[Article, int, str]]:
    """(article, id, stamp) of articles with one of `stamps` and an id above `after_id`,
    by id; the Article holds what enrichers read (title, text, language, published)."""
    if not stamps:
        return []
    query = (
        select(
            articles.c.id,
            articles.c.source,
            articles.c.url,
            articles.c.title,
            articles.c.text,
            articles.c.language,
            articles.c.published,
            articles.c.enriched_with,
        )
        .where(articles.c.enriched_with.in_(list(stamps)))
        .where(articles.c.id > after_id)
        .where(_since(since))
        .order_by(articles.c.id)
        .limit(limit)
    )
    return [
        (
            Article(
                source=r.source,
                text=r.text,
                title=r.title or "",
                url=r.url,
                published=r.published,
                language=r.language,
            ),
            int(r.id),
            str(r.enriched_with),
        )
        for r in conn.execute(query)
    ]


def replace_enrichment(
    conn: Connection, items: Sequence[tuple[int, Article, Collection[str], str]]
) -> None:
    """For each (id, article, fields, stamp): replace those fields' stored labels with the
    article's and record `stamp`. Fields: sectors, entities, facts, summary, keywords."""
    cache: EntityCache = {}
    now = now_utc()
    for article_id, article, fields, stamp in items:
        rows = [f for f in fields if f in ENRICHED_FIELDS]
        clear_enrichment(conn, article_id, rows)
        write_enrichment(conn, article_id, article, cache, rows)
        values: dict[str, Any] = {"enriched_with": stamp, "updated_at": now}
        if "summary" in fields:
            values["summary"] = article.summary or ""
        if "keywords" in fields:
            values["keywords"] = list(article.keywords)
        if "sectors" in fields:
            values["sectors"] = sector_list(s.slug for s in article.sectors)
        conn.execute(update(articles).where(articles.c.id == article_id).values(**values))
