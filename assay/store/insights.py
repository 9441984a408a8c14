"""Stories for the front page and sector pages: one row per story cluster, with the plain
numbers `assay.search.importance` scores (distinct sites, facts, entities named early)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, func, select

from assay.errors import UsageError
from assay.models import SECTORS
from assay.records import StoryRow
from assay.store.convert import iso, to_utc
from assay.store.queries import sectors_of
from assay.store.schema import article_sectors, articles, facts, mentions

# Entities named this early in the text are what the story is about (headline-style leads).
LEAD_CHARS = 400
# A day holds few stories; a sector page's listing overfetches this much to fill a page
# after copies of one story collapse.
OVERFETCH = 3


def check_sector(sector: str | None) -> None:
    if sector is not None and sector not in SECTORS:
        raise UsageError(f"Unknown sector '{sector}'. Choose one of: {', '.join(SECTORS)}.")


def story_candidates(
    conn: Connection,
    start: datetime,
    end: datetime,
    sector: str | None = None,
    limit: int = 500,
) -> list[StoryRow]:
    """Stories with an article published in [start, end), one row each, newest first.

    A story with several copies in the window is shown by its copy with the most facts
    (then the earliest); `sources` counts every site that carried it, in the window or not.
    """
    check_sector(sector)
    query = select(articles.c.id, articles.c.cluster_id).where(
        articles.c.published >= to_utc(start), articles.c.published < to_utc(end)
    )
    if sector is not None:
        tagged = select(article_sectors.c.article_id).where(article_sectors.c.slug == sector)
        query = query.where(articles.c.id.in_(tagged))
    query = query.order_by(articles.c.published.desc(), articles.c.id.desc()).limit(
        limit * OVERFETCH
    )
    return _stories(conn, list(conn.execute(query)), limit, prefer_facts=True)


def latest_stories(
    conn: Connection, sector: str | None = None, limit: int = 20, offset: int = 0
) -> list[StoryRow]:
    """The newest stories (copies collapsed, undated last), optionally of one sector."""
    check_sector(sector)
    query = select(articles.c.id, articles.c.cluster_id)
    if sector is not None:
        tagged = select(article_sectors.c.article_id).where(article_sectors.c.slug == sector)
        query = query.where(articles.c.id.in_(tagged))
    key = articles.c.published.desc()
    if conn.dialect.name != "sqlite":
        key = key.nulls_last()
    query = query.order_by(key, articles.c.id.desc()).limit((offset + limit) * OVERFETCH)
    rows = _stories(conn, list(conn.execute(query)), offset + limit, prefer_facts=False)
    return rows[offset:]


def newest_day(conn: Connection, before: datetime | None = None) -> str | None:
    """The UTC date (YYYY-MM-DD) of the newest article published before `before`, if any."""
    query = select(func.max(articles.c.published))
    if before is not None:
        query = query.where(articles.c.published < to_utc(before))
    value = conn.execute(query).scalar_one_or_none()
    text = iso(to_utc(value)) if isinstance(value, datetime) else value
    return str(text)[:10] if text else None


def oldest_day(conn: Connection, after: datetime) -> str | None:
    """The UTC date (YYYY-MM-DD) of the oldest article published on or after `after`."""
    query = select(func.min(articles.c.published)).where(articles.c.published >= to_utc(after))
    value = conn.execute(query).scalar_one_or_none()
    text = iso(to_utc(value)) if isinstance(value, datetime) else value
    return str(text)[:10] if text else None


def _stories(
    conn: Connection, picked: list[Any], limit: int, *, prefer_facts: bool
) -> list[StoryRow]:
    """Collapse (id, cluster_id) rows, newest first, into one StoryRow per cluster."""
    ids = [int(r.id) for r in picked]
    if not ids:
        return []
    fact_counts = _fact_counts(conn, ids)
    order: list[int] = []
    chosen: dict[Any, int] = {}
    for r in picked:
        group = r.cluster_id if r.cluster_id is not None else ("article", r.id)
        best = chosen.get(group)
        if best is None:
            chosen[group] = int(r.id)
            order.append(int(r.id))
        elif prefer_facts and fact_counts.get(int(r.id), 0) > fact_counts.get(best, 0):
            # The fuller copy shows the story, in the place of the newest copy.
            order[order.index(best)] = int(r.id)
            chosen[group] = int(r.id)
    order = order[:limit]
    cols = (
        articles.c.id,
        articles.c.title,
        articles.c.summary,
        articles.c.url,
        articles.c.source,
        articles.c.site_name,
        articles.c.published,
        articles.c.cluster_id,
    )
    rows = {int(r.id): r for r in conn.execute(select(*cols).where(articles.c.id.in_(order)))}
    sites = _sites(conn, [c for r in rows.values() if (c := r.cluster_id) is not None])
    named, lead = _entity_counts(conn, order)
    by_sector = sectors_of(conn, order)
    out: list[StoryRow] = []
    for aid in order:
        r = rows[aid]
        own = {_site(r.site_name, r.url, r.source)}
        out.append(
            {
                "id": aid,
                "title": r.title or "",
                "summary": r.summary or "",
                "url": r.url,
                "site_name": r.site_name,
                "published": iso(r.published),
                "cluster_id": r.cluster_id,
                "sources": max(1, len(sites.get(r.cluster_id, own))),
                "facts": fact_counts.get(aid, 0),
                "entities": named.get(aid, 0),
                "lead_entities": lead.get(aid, 0),
                "sectors": by_sector.get(aid, []),
            }
        )
    return out


def _fact_counts(conn: Connection, ids: list[int]) -> dict[int, int]:
    query = (
        select(facts.c.article_id, func.count())
        .where(facts.c.article_id.in_(ids))
        .group_by(facts.c.article_id)
    )
    return {int(a): int(n) for a, n in conn.execute(query)}


def _entity_counts(conn: Connection, ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    """Distinct entities per article, and those with a mention in the lead."""
    early = func.min(mentions.c.start) < LEAD_CHARS
    query = (
        select(mentions.c.article_id, mentions.c.entity_id, early.label("lead"))
        .where(mentions.c.article_id.in_(ids))
        .group_by(mentions.c.article_id, mentions.c.entity_id)
    )
    named: dict[int, int] = defaultdict(int)
    lead: dict[int, int] = defaultdict(int)
    for aid, _, in_lead in conn.execute(query):
        named[int(aid)] += 1
        lead[int(aid)] += int(bool(in_lead))
    return named, lead


def _sites(conn: Connection, cluster_ids: list[int]) -> dict[int, set[str]]:
    """The distinct sites (site name, else host, else source) of each cluster's members."""
    out: dict[int, set[str]] = defaultdict(set)
    if not cluster_ids:
        return out
    query = select(
        articles.c.cluster_id, articles.c.site_name, articles.c.url, articles.c.source
    ).where(articles.c.cluster_id.in_(cluster_ids))
    for cid, site, url, source in conn.execute(query):
        out[int(cid)].add(_site(site, url, source))
    return out


def _site(site_name: str | None, url: str | None, source: str) -> str:
    if site_name:
        return site_name.strip().lower()
    host = urlsplit(url).hostname if url else None
    return (host or source).removeprefix("www.").lower()
