"""Entity reads: find stored entities by name or key, count what they take part in, and
the partners they share facts with."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Connection, Select, case, distinct, func, or_, select

from assay.errors import NotFound
from assay.models import PARTY_ROLES
from assay.records import EntitySummary, Partner
from assay.store.convert import iso, to_utc
from assay.store.schema import entities, fact_arguments, facts, mentions

# Fact types that make two entities partners (or adversaries), and the roles that name them.
PARTNER_TYPES = ("agreement", "trade_measure", "sanction", "investment")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(text: str) -> str:
    return f"%{_escape(text.lower())}%"


def _prefix(text: str) -> str:
    return f"{_escape(text.lower())}%"


def match_entities(
    conn: Connection,
    text: str | None = None,
    type: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[EntitySummary]:
    """Stored entities whose name or key contains `text` (any case), of `type`, most
    mentioned first (by articles), with their article, mention and fact counts."""
    n_articles = func.count(distinct(mentions.c.article_id))
    query = _summaries(n_articles).limit(limit).offset(offset)
    order: list[Any] = [n_articles.desc(), entities.c.name, entities.c.key]
    if text:
        needle = " ".join(text.split()).lower()
        name, key = func.lower(entities.c.name), func.lower(entities.c.key)
        query = query.where(
            or_(name.like(_like(needle), escape="\\"), key.like(_like(needle), escape="\\"))
        )
        # Exact names and keys first, then names that start with the text, then the rest.
        exact = case((or_(name == needle, key == needle), 0), else_=1)
        starts = case((name.like(_prefix(needle), escape="\\"), 0), else_=1)
        order = [exact, starts, *order]
    if type:
        query = query.where(entities.c.type == type.upper())
    rows = conn.execute(query.order_by(*order)).mappings()
    return _with_fact_counts(conn, [dict(r) for r in rows])


def entity_counts(conn: Connection, keys: Sequence[str]) -> dict[str, EntitySummary]:
    """The stored entities among `keys`, by key, with their counts (unknown keys left out)."""
    if not keys:
        return {}
    query = _summaries(func.count(distinct(mentions.c.article_id))).where(
        entities.c.key.in_(list(keys))
    )
    rows = _with_fact_counts(conn, [dict(r) for r in conn.execute(query).mappings()])
    return {r["key"]: r for r in rows}


def _summaries(n_articles: Any) -> Select[Any]:
    """Entities with their article and mention counts (fact counts come after)."""
    return (
        select(
            entities.c.id,
            entities.c.key,
            entities.c.name,
            entities.c.type,
            entities.c.attrs,
            n_articles.label("articles"),
            func.count(mentions.c.id).label("mentions"),
        )
        .outerjoin(mentions, mentions.c.entity_id == entities.c.id)
        .group_by(entities.c.id)
    )


def _with_fact_counts(conn: Connection, rows: list[dict[str, Any]]) -> list[EntitySummary]:
    ids = [r.pop("id") for r in rows]
    counts: dict[int, int] = {}
    if ids:
        query = (
            select(fact_arguments.c.entity_id, func.count(distinct(fact_arguments.c.fact_id)))
            .where(fact_arguments.c.entity_id.in_(ids))
            .group_by(fact_arguments.c.entity_id)
        )
        counts = {int(eid): int(n) for eid, n in conn.execute(query)}
    for eid, row in zip(ids, rows, strict=True):
        row["attrs"] = row["attrs"] or {}
        row["articles"] = int(row["articles"])
        row["mentions"] = int(row["mentions"])
        row["facts"] = counts.get(eid, 0)
    return cast(list[EntitySummary], rows)


def keys_like(conn: Connection, keys: Sequence[str]) -> dict[str, str]:
    """Stored keys equal to one of `keys` but for case: {lower-cased key: stored key}."""
    wanted = {k.lower() for k in keys}
    if not wanted:
        return {}
    query = select(entities.c.key).where(func.lower(entities.c.key).in_(sorted(wanted)))
    return {str(k).lower(): str(k) for k in conn.execute(query).scalars()}


def keys_with_prefix(conn: Connection, prefix: str, limit: int = 20_000) -> list[str]:
    """Stored keys starting with `prefix` (e.g. "org:"), for did-you-mean suggestions."""
    pattern = _escape(prefix) + "%"
    query = select(entities.c.key).where(entities.c.key.like(pattern, escape="\\")).limit(limit)
    return [str(k) for k in conn.execute(query).scalars()]


def partners(conn: Connection, key: str, limit: int = 25) -> list[Partner]:
    """Entities sharing agreements, trade measures, sanctions or investments with `key`.

    A partner takes part in a party role (party, actor, target, investor) of a fact the
    entity takes part in, in any role: a commodity's partners are who deals in it.
    """
    eid = conn.execute(select(entities.c.id).where(entities.c.key == key)).scalar()
    if eid is None:
        raise NotFound(f"No entity with key '{key}'. Keys look like country:IDN or org:jbic.")
    mine, theirs = fact_arguments.alias("mine"), fact_arguments.alias("theirs")
    query = (
        select(
            entities.c.key,
            entities.c.name,
            entities.c.type,
            facts.c.type.label("fact_type"),
            func.count(distinct(facts.c.id)),
            func.min(facts.c.published),
            func.max(facts.c.published),
        )
        .select_from(mine)
        .join(facts, facts.c.id == mine.c.fact_id)
        .join(theirs, theirs.c.fact_id == mine.c.fact_id)
        .join(entities, entities.c.id == theirs.c.entity_id)
        .where(
            mine.c.entity_id == eid,
            theirs.c.entity_id != eid,
            theirs.c.role.in_(PARTY_ROLES),
            facts.c.type.in_(PARTNER_TYPES),
        )
        .group_by(entities.c.id, facts.c.type)
    )
    found: dict[str, dict[str, Any]] = {}
    for k, name, kind, fact_type, n, first, last in conn.execute(query):
        p = found.setdefault(k, {"key": k, "name": name, "type": kind, "facts": 0, "types": {}})
        p.setdefault("first", None)
        p.setdefault("last", None)
        p["facts"] += int(n)
        p["types"][fact_type] = int(n)
        first_s, last_s = iso(to_utc(first)), iso(to_utc(last))
        if first_s and (p["first"] is None or first_s < p["first"]):
            p["first"] = first_s
        if last_s and (p["last"] is None or last_s > p["last"]):
            p["last"] = last_s
    ranked = sorted(found.values(), key=lambda p: (-p["facts"], p["name"].lower()))
    return cast(list[Partner], ranked[:limit])
