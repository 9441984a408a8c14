"""Reads: articles, facts, entities and counts as JSON-ready dicts (datetimes as ISO text)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Connection, RowMapping, Select, distinct, func, or_, select

from assay.errors import NotFound, UsageError
from assay.models import FACT_TYPES, SECTORS
from assay.records import (
    ArticleDetail,
    ArticleRow,
    EntityProfile,
    FactRecord,
    SectorTag,
    StoreStats,
)
from assay.store.convert import iso, to_utc
from assay.store.schema import (
    article_sectors,
    articles,
    entities,
    fact_arguments,
    facts,
    failures,
    feeds,
    mentions,
    sectors,
    story_clusters,
)

# Fact fields a goods filter looks in: trade measures name goods, others a commodity/product.
GOODS_FIELDS = ("goods", "commodity", "product")
# Orders query_facts accepts: a facts column, descending with a leading "-".
FACT_ORDERS = ("-published", "published", "type", "-type", "-confidence", "confidence")
_LIST_COLUMNS = (
    articles.c.id,
    articles.c.url,
    articles.c.source,
    articles.c.title,
    articles.c.published,
    articles.c.language,
    articles.c.site_name,
    articles.c.summary,
    articles.c.cluster_id,
    articles.c.ingested_at,
)


def plain(row: RowMapping) -> dict[str, Any]:
    return {k: iso(v) if isinstance(v, datetime) else v for k, v in row.items()}


def _newest_first(query: Select[Any], column: Any, conn: Connection) -> Select[Any]:
    # SQLite sorts NULL lowest already (and can then walk the index); PostgreSQL needs telling.
    key = column.desc() if conn.dialect.name == "sqlite" else column.desc().nulls_last()
    return query.order_by(key, articles.c.id.desc())


def get_article(conn: Connection, article_id: int) -> ArticleDetail:
    """One article with its sectors, entities (with mentions) and facts (with arguments)."""
    cols = [c for c in articles.c if c.name != "minhash"]
    row = conn.execute(select(*cols).where(articles.c.id == article_id)).mappings().first()
    if row is None:
        raise NotFound(f"No article with id {article_id}.")
    out = plain(row)
    out["sectors"] = sectors_of(conn, [article_id]).get(article_id, [])

    ents: dict[int, dict[str, Any]] = {}
    query = (
        select(entities, mentions.c.start, mentions.c.end, mentions.c.text)
        .join(mentions, mentions.c.entity_id == entities.c.id)
        .where(mentions.c.article_id == article_id)
        .order_by(mentions.c.start, mentions.c.id)
    )
    for m in conn.execute(query).mappings():
        ent = ents.setdefault(
            m["id"],
            {"key": m["key"], "name": m["name"], "type": m["type"], "attrs": m["attrs"] or {}},
        )
        ent.setdefault("mentions", []).append(
            {"start": m["start"], "end": m["end"], "text": m["text"]}
        )
    out["entities"] = list(ents.values())
    out["facts"] = _facts(conn, select(*_FACT_COLUMNS).where(facts.c.article_id == article_id))
    return cast(ArticleDetail, out)


def sectors_of(conn: Connection, ids: list[int]) -> dict[int, list[SectorTag]]:
    """Sectors of each article id, highest score first."""
    out: dict[int, list[SectorTag]] = defaultdict(list)
    if not ids:
        return out
    query = (
        select(
            article_sectors.c.article_id, sectors.c.slug, sectors.c.name, article_sectors.c.score
        )
        .join(sectors, sectors.c.slug == article_sectors.c.slug)
        .where(article_sectors.c.article_id.in_(ids))
        .order_by(article_sectors.c.score.desc(), sectors.c.slug)
    )
    for r in conn.execute(query):
        out[r.article_id].append({"slug": r.slug, "name": r.name, "score": r.score})
    return out


def list_articles(
    conn: Connection,
    limit: int = 20,
    offset: int = 0,
    sector: str | None = None,
    since: datetime | date | None = None,
    language: str | None = None,
) -> list[ArticleRow]:
    """Articles newest first (by published date; undated ones last), without their text."""
    query = _article_filters(select(*_LIST_COLUMNS), sector, since, language)
    query = _newest_first(query, articles.c.published, conn).limit(limit).offset(offset)
    rows = [plain(r) for r in conn.execute(query).mappings()]
    by_id = sectors_of(conn, [r["id"] for r in rows])
    for r in rows:
        r["sectors"] = by_id.get(r["id"], [])
    return cast(list[ArticleRow], rows)


def count_articles(
    conn: Connection,
    sector: str | None = None,
    since: datetime | date | None = None,
    language: str | None = None,
) -> int:
    """How many articles `list_articles` with these filters would list in all."""
    query = _article_filters(select(func.count()).select_from(articles), sector, since, language)
    return int(conn.execute(query).scalar_one())


def _article_filters(
    query: Select[Any],
    sector: str | None,
    since: datetime | date | None,
    language: str | None,
) -> Select[Any]:
    if sector is not None:
        if sector not in SECTORS:
            raise UsageError(f"Unknown sector '{sector}'. Choose one of: {', '.join(SECTORS)}.")
        tagged = select(article_sectors.c.article_id).where(article_sectors.c.slug == sector)
        query = query.where(articles.c.id.in_(tagged))
    if since is not None:
        query = query.where(articles.c.published >= to_utc(since))
    if language is not None:
        query = query.where(articles.c.language == language)
    return query


_FACT_COLUMNS = (
    facts.c.id,
    facts.c.article_id,
    articles.c.title.label("article_title"),
    articles.c.url,
    facts.c.type,
    facts.c.action,
    facts.c.fields,
    facts.c.sentence,
    facts.c.start,
    facts.c.end,
    facts.c.confidence,
    facts.c.published,
)


def _facts(conn: Connection, query: Select[Any]) -> list[FactRecord]:
    query = query.join_from(facts, articles, articles.c.id == facts.c.article_id)
    rows = [plain(r) for r in conn.execute(query).mappings()]
    if not rows:
        return []
    args: dict[int, list[dict[str, Any]]] = defaultdict(list)
    arg_query = (
        select(
            fact_arguments.c.fact_id, fact_arguments.c.role, fact_arguments.c.name, entities.c.key
        )
        .outerjoin(entities, entities.c.id == fact_arguments.c.entity_id)
        .where(fact_arguments.c.fact_id.in_([r["id"] for r in rows]))
        .order_by(fact_arguments.c.id)
    )
    for a in conn.execute(arg_query):
        args[a.fact_id].append({"role": a.role, "name": a.name, "key": a.key})
    for r in rows:
        r["arguments"] = args.get(r["id"], [])
    return cast(list[FactRecord], rows)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def query_facts(
    conn: Connection,
    type: str | None = None,
    entity_key: str | Sequence[str] | None = None,
    goods: str | None = None,
    since: datetime | date | None = None,
    until: datetime | date | None = None,
    limit: int = 100,
    offset: int = 0,
    country: str | None = None,
    order: str = "-published",
) -> list[FactRecord]:
    """Facts newest first, filtered by type, taking-part entity keys (all of them must take
    part when several are given), goods and date.

    `country` (an ISO 3166 alpha-3 code or a `country:` key) must take part as well.
    `order` is one of FACT_ORDERS: a column, descending with a leading "-"; ties newest first.

    `goods` matches case-insensitively inside the goods, commodity or product field, with a
    plural folded to its singular: "electric vehicles" finds "electric vehicle exports".
    `since` is inclusive, `until` exclusive; both compare the article's published date.
    """
    query = select(*_FACT_COLUMNS)
    if type is not None:
        if type not in FACT_TYPES:
            raise UsageError(f"Unknown fact type '{type}'. Choose one of: {', '.join(FACT_TYPES)}.")
        query = query.where(facts.c.type == type)
    part_keys = [entity_key] if isinstance(entity_key, str) else list(entity_key or ())
    if country is not None:
        code = country.removeprefix("country:").upper()
        if len(code) != 3 or not code.isalpha():
            raise UsageError(f"Country '{country}' is not an ISO 3166 alpha-3 code like IDN.")
        part_keys.append(f"country:{code}")
    for part_key in part_keys:
        taking_part = (
            select(fact_arguments.c.fact_id)
            .join(entities, entities.c.id == fact_arguments.c.entity_id)
            .where(entities.c.key == part_key)
        )
        query = query.where(facts.c.id.in_(taking_part))
    if goods is not None and goods.strip():
        needle = " ".join(goods.lower().split())
        if len(needle) > 3 and needle.endswith("s"):
            needle = needle[:-1]
        pattern = f"%{_like_escape(needle)}%"
        query = query.where(
            or_(
                *(
                    func.lower(facts.c.fields[name].as_string()).like(pattern, escape="\\")
                    for name in GOODS_FIELDS
                )
            )
        )
    if since is not None:
        query = query.where(facts.c.published >= to_utc(since))
    if until is not None:
        query = query.where(facts.c.published < to_utc(until))
    if order not in FACT_ORDERS:
        raise UsageError(f"Unknown fact order '{order}'. Choose one of: {', '.join(FACT_ORDERS)}.")
    name = order.lstrip("-")
    newest = facts.c.published.desc()
    if conn.dialect.name != "sqlite":
        newest = newest.nulls_last()
    keys: list[Any] = [newest]  # SQLite sorts NULL lowest, so it can walk the index here
    if name == "published" and not order.startswith("-"):
        keys = [facts.c.published.is_(None), facts.c.published.asc()]  # undated last
    elif name != "published":
        column = facts.c[name]
        keys.insert(0, column.desc() if order.startswith("-") else column.asc())
    query = query.order_by(*keys, facts.c.id.desc()).limit(limit).offset(offset)
    return _facts(conn, query)


def entity(conn: Connection, key: str, recent: int = 10) -> EntityProfile:
    """An entity with mention, article and fact counts, first/last seen and recent articles."""
    row = conn.execute(select(entities).where(entities.c.key == key)).mappings().first()
    if row is None:
        raise NotFound(f"No entity with key '{key}'. Keys look like country:IDN or org:jbic.")
    eid = row["id"]
    out = {k: row[k] for k in ("key", "name", "type")}
    out["attrs"] = row["attrs"] or {}
    out["mentions"] = conn.execute(
        select(func.count()).select_from(mentions).where(mentions.c.entity_id == eid)
    ).scalar_one()
    in_articles = select(mentions.c.article_id).where(mentions.c.entity_id == eid)
    span = conn.execute(
        select(func.count(), func.min(articles.c.published), func.max(articles.c.published))
        .select_from(articles)
        .where(articles.c.id.in_(in_articles))
    ).one()
    out["articles"], out["first_seen"], out["last_seen"] = span[0], iso(span[1]), iso(span[2])
    out["facts"] = conn.execute(
        select(func.count(distinct(fact_arguments.c.fact_id))).where(
            fact_arguments.c.entity_id == eid
        )
    ).scalar_one()
    query = select(articles.c.id, articles.c.title, articles.c.url, articles.c.published).where(
        articles.c.id.in_(in_articles)
    )
    query = _newest_first(query, articles.c.published, conn).limit(recent)
    out["recent_articles"] = [plain(r) for r in conn.execute(query).mappings()]
    return cast(EntityProfile, out)


def _count_by(conn: Connection, column: Any) -> dict[str, int]:
    query = select(column, func.count()).group_by(column).order_by(func.count().desc(), column)
    return {str(k) if k is not None else "unknown": n for k, n in conn.execute(query)}


def _count(conn: Connection, table: Any) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def sector_counts(conn: Connection) -> dict[str, int]:
    """Articles per sector, all nine slugs, zero counts included."""
    by_sector = dict.fromkeys(SECTORS, 0)
    by_sector.update(_count_by(conn, article_sectors.c.slug))
    return by_sector


def stats(conn: Connection, db_bytes: int | None) -> StoreStats:
    """Counts of everything stored; `sectors` lists all nine slugs, zero counts included."""
    by_sector = sector_counts(conn)
    return {
        "articles": _count(conn, articles),
        "languages": _count_by(conn, articles.c.language),
        "sectors": by_sector,
        "entities": _count_by(conn, entities.c.type),
        "mentions": _count(conn, mentions),
        "facts": _count_by(conn, facts.c.type),
        "feeds": _count(conn, feeds),
        "failures": _count(conn, failures),
        "clusters": _count(conn, story_clusters),
        "db_bytes": db_bytes,
    }


def recent_lines(
    conn: Connection, feed_id: int | None, url_prefix: str | None, limit: int
) -> list[list[str]]:
    """Title, text and removed lines of the newest `limit` articles of one feed, or else of
    the URLs starting with `url_prefix` (one site), newest first."""
    query = select(articles.c.title, articles.c.text, articles.c.removed)
    query = query.order_by(articles.c.id.desc())
    if feed_id is not None:
        query = query.where(articles.c.feed_id == feed_id)
    elif url_prefix:
        query = query.where(articles.c.url.startswith(url_prefix, autoescape=True))
    else:
        return []
    return [
        [title, *text.split("\n"), *(removed or [])]
        for title, text, removed in conn.execute(query.limit(limit))
    ]
