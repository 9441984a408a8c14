"""Counts over time and over selections: mentions per day, most active entities
and the facet counts of a set of search matches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Select, distinct, func, select

from assay.errors import NotFound, UsageError
from assay.models import FACT_TYPES, SECTORS
from assay.records import ActiveEntity, DayCount, FacetCount, Facets
from assay.store.convert import to_utc
from assay.store.insights import check_sector
from assay.store.schema import article_sectors, articles, entities, facts, mentions

FACET_VALUES = 6  # values shown per facet


def _day(conn: Connection, column: Any) -> Any:
    # SQLite stores "YYYY-MM-DD HH:MM:SS" UTC text; PostgreSQL a timestamptz (session in UTC).
    if conn.dialect.name == "sqlite":
        return func.substr(column, 1, 10)
    return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")


def _window(query: Select[Any], column: Any, since: date | None, until: date | None) -> Any:
    if since is not None:
        query = query.where(column >= to_utc(since))
    if until is not None:
        query = query.where(column < to_utc(until))
    return query


def _per_day(conn: Connection, query: Select[Any]) -> list[DayCount]:
    return [{"day": str(d), "count": int(n)} for d, n in conn.execute(query) if d is not None]


def entity_id(conn: Connection, key: str) -> int:
    found = conn.execute(select(entities.c.id).where(entities.c.key == key)).scalar()
    if found is None:
        raise NotFound(f"No entity with key '{key}'. Keys look like country:IDN or org:jbic.")
    return int(found)


def entity_per_day(
    conn: Connection, key: str, since: date | None = None, until: date | None = None
) -> list[DayCount]:
    """Articles mentioning the entity, per published day in [since, until), oldest first."""
    eid = entity_id(conn, key)
    day = _day(conn, articles.c.published)
    query = (
        select(day, func.count(distinct(articles.c.id)))
        .join(mentions, mentions.c.article_id == articles.c.id)
        .where(mentions.c.entity_id == eid, articles.c.published.is_not(None))
        .group_by(day)
        .order_by(day)
    )
    return _per_day(conn, _window(query, articles.c.published, since, until))


def sector_per_day(
    conn: Connection, sector: str, since: date | None = None, until: date | None = None
) -> list[DayCount]:
    """Articles tagged with the sector, per published day in [since, until), oldest first."""
    check_sector(sector)
    day = _day(conn, articles.c.published)
    query = (
        select(day, func.count())
        .join(article_sectors, article_sectors.c.article_id == articles.c.id)
        .where(article_sectors.c.slug == sector, articles.c.published.is_not(None))
        .group_by(day)
        .order_by(day)
    )
    return _per_day(conn, _window(query, articles.c.published, since, until))


def facts_per_day(
    conn: Connection, fact_type: str, since: date | None = None, until: date | None = None
) -> list[DayCount]:
    """Facts of one type, per published day in [since, until), oldest first."""
    if fact_type not in FACT_TYPES:
        raise UsageError(
            f"Unknown fact type '{fact_type}'. Choose one of: {', '.join(FACT_TYPES)}."
        )
    day = _day(conn, facts.c.published)
    query = (
        select(day, func.count())
        .where(facts.c.type == fact_type, facts.c.published.is_not(None))
        .group_by(day)
        .order_by(day)
    )
    return _per_day(conn, _window(query, facts.c.published, since, until))


def active_entities(
    conn: Connection,
    sector: str | None = None,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    types: Sequence[str] = (),
    limit: int = 10,
) -> list[ActiveEntity]:
    """Entities mentioned in the most articles (of a sector, in [since, until)), busiest first."""
    check_sector(sector)
    n_articles = func.count(distinct(mentions.c.article_id))
    query = (
        select(entities.c.key, entities.c.name, entities.c.type, n_articles, func.count())
        .join(mentions, mentions.c.entity_id == entities.c.id)
        .group_by(entities.c.id)
        .order_by(n_articles.desc(), func.count().desc(), entities.c.key)
        .limit(limit)
    )
    if sector is not None:
        tagged = select(article_sectors.c.article_id).where(article_sectors.c.slug == sector)
        query = query.where(mentions.c.article_id.in_(tagged))
    if since is not None or until is not None:
        dated = _window(select(articles.c.id), articles.c.published, since, until)
        query = query.where(mentions.c.article_id.in_(dated))
    if types:
        query = query.where(entities.c.type.in_(list(types)))
    return [
        {"key": k, "name": n, "type": t, "articles": int(a), "mentions": int(m)}
        for k, n, t, a, m in conn.execute(query)
    ]


def facets(conn: Connection, ids: Sequence[int], total: int | None = None) -> Facets:
    """Facet counts over the articles `ids`: sectors, countries, entities by type, fact types.

    `total` is the number of matches `ids` were taken from (default: len(ids)).
    """
    out: Facets = {
        "sectors": [],
        "countries": [],
        "entities": {},
        "fact_types": [],
        "matches": len(ids) if total is None else total,
    }
    if not ids:
        return out
    id_list = list(ids)
    n = func.count(distinct(article_sectors.c.article_id))
    query = (
        select(article_sectors.c.slug, n)
        .where(article_sectors.c.article_id.in_(id_list))
        .group_by(article_sectors.c.slug)
        .order_by(n.desc(), article_sectors.c.slug)
    )
    out["sectors"] = [
        {"value": s, "label": SECTORS.get(s, s), "count": int(c)} for s, c in conn.execute(query)
    ]
    n_facts = func.count(distinct(facts.c.article_id))
    query = (
        select(facts.c.type, n_facts)
        .where(facts.c.article_id.in_(id_list))
        .group_by(facts.c.type)
        .order_by(n_facts.desc(), facts.c.type)
    )
    out["fact_types"] = [
        {"value": t, "label": t.replace("_", " "), "count": int(c)} for t, c in conn.execute(query)
    ]
    by_type: dict[str, list[FacetCount]] = defaultdict(list)
    n_ents = func.count(distinct(mentions.c.article_id))
    query = (
        select(entities.c.type, entities.c.key, entities.c.name, n_ents)
        .join(mentions, mentions.c.entity_id == entities.c.id)
        .where(mentions.c.article_id.in_(id_list))
        .group_by(entities.c.id)
        .order_by(n_ents.desc(), entities.c.name)
    )
    for kind, key, name, count in conn.execute(query):
        values = by_type[kind]
        if len(values) < FACET_VALUES:
            values.append({"value": key, "label": name, "count": int(count)})
    out["countries"] = by_type.pop("COUNTRY", [])
    out["entities"] = dict(by_type)
    return out
