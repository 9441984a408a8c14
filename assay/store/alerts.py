"""Alerts: saved searches and fact patterns, and the stories and facts that match them.

A match is stored once per (alert, match key), so a story or fact seen again (a copy on
another site, a re-ingest) never notifies twice. Notifying the matches is the work of
`AlertNotifications` (`alert_notifications.py`), which `Alerts` inherits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import RowMapping, delete, func, insert, or_, select

from assay.errors import NotFound
from assay.records import AlertMatchRecord, AlertRecord, FactPattern
from assay.store.alert_notifications import AlertNotifications, match_query, match_records
from assay.store.backends import backend_of
from assay.store.convert import iso, now_utc
from assay.store.queries import GOODS_FIELDS
from assay.store.schema import alert_matches, alerts, articles, entities, fact_arguments, facts

if TYPE_CHECKING:
    from assay.store.db import Store

Match = tuple[str, int, int | None]  # match key, article id, fact id


def _record(row: RowMapping, matches: int = 0) -> AlertRecord:
    return {
        "id": row["id"],
        "name": row["name"],
        "kind": "search" if row["query"] is not None else "facts",
        "query": row["query"],
        "pattern": cast(FactPattern | None, row["pattern"]),
        "channel": row["channel"],
        "target": row["target"],
        "active": bool(row["active"]),
        "created_at": iso(row["created_at"]) or "",
        "created_by": row["created_by"],
        "last_fired_at": iso(row["last_fired_at"]),
        "matches": matches,
    }


class Alerts(AlertNotifications):
    """The alert tables of one store; every method is one transaction."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(
        self,
        name: str,
        *,
        query: str | None = None,
        pattern: FactPattern | None = None,
        channel: str,
        target: str,
        created_by: str | None = None,
    ) -> AlertRecord:
        """Store an alert (a search `query` or a fact `pattern`, exactly one)."""
        assert (query is None) != (pattern is None), "an alert has a query or a pattern"
        values = {
            "name": name,
            "query": query,
            "pattern": pattern,
            "channel": channel,
            "target": target,
            "active": True,
            "created_at": now_utc(),
            "created_by": created_by,
        }
        with self._store.transaction() as conn:
            pk = conn.execute(insert(alerts).values(**values)).inserted_primary_key
            assert pk is not None
            row = conn.execute(select(alerts).where(alerts.c.id == pk[0])).mappings().one()
            return _record(row)

    def all(self, active_only: bool = False) -> list[AlertRecord]:
        """Alerts by id, with how many matches each has had."""
        counts = (
            select(alert_matches.c.alert_id, func.count().label("n"))
            .group_by(alert_matches.c.alert_id)
            .subquery()
        )
        query = (
            select(alerts, func.coalesce(counts.c.n, 0).label("n"))
            .outerjoin(counts, counts.c.alert_id == alerts.c.id)
            .order_by(alerts.c.id)
        )
        if active_only:
            query = query.where(alerts.c.active.is_(True))
        with self._store.reading() as conn:
            return [_record(r, int(r["n"])) for r in conn.execute(query).mappings()]

    def get(self, alert_id: int) -> AlertRecord:
        for record in self.all():
            if record["id"] == alert_id:
                return record
        raise NotFound(f"No alert {alert_id}; `assay alerts list` shows them.")

    def remove(self, alert_id: int) -> AlertRecord:
        """Delete an alert with its matches and notifications; NotFound if there is none."""
        record = self.get(alert_id)
        with self._store.transaction() as conn:
            conn.execute(delete(alerts).where(alerts.c.id == alert_id))
        return record

    # ------------------------------------------------------------------ matches

    def match_facts(self, article_ids: Sequence[int], pattern: FactPattern) -> list[dict[str, Any]]:
        """Facts of these articles that fit `pattern`: id, article_id, cluster_id, type,
        action, fields, sentence."""
        if not article_ids:
            return []
        query = (
            select(
                facts.c.id,
                facts.c.article_id,
                articles.c.cluster_id,
                facts.c.type,
                facts.c.action,
                facts.c.fields,
                facts.c.sentence,
            )
            .join(articles, articles.c.id == facts.c.article_id)
            .where(facts.c.article_id.in_(list(article_ids)))
            .order_by(facts.c.id)
        )
        if pattern.get("type"):
            query = query.where(facts.c.type == pattern["type"])
        if pattern.get("actions"):
            query = query.where(facts.c.action.in_(pattern["actions"]))
        if pattern.get("entities"):
            query = query.where(facts.c.id.in_(_taking_part(pattern["entities"])))
        goods = pattern.get("goods") or []
        if goods:
            keys = [g for g in goods if ":" in g]
            words = [" ".join(g.lower().split()) for g in goods if ":" not in g]
            either: list[Any] = []
            if keys:
                either.append(facts.c.id.in_(_taking_part(keys, GOODS_FIELDS)))
            for word in words:
                pattern_text = f"%{_like_escape(word)}%"
                either += [
                    func.lower(facts.c.fields[name].as_string()).like(pattern_text, escape="\\")
                    for name in GOODS_FIELDS
                ]
            query = query.where(or_(*either))
        with self._store.reading() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def record_matches(self, alert_id: int, matches: Sequence[Match]) -> int:
        """Store new matches of an alert (those seen before are skipped); returns how many
        were new."""
        now = now_utc()
        new = 0
        with self._store.transaction() as conn:
            # Each (alert, key) once, also when two processes record it at the same time.
            stmt = (
                backend_of(conn)
                .insert(alert_matches)
                .on_conflict_do_nothing(
                    index_elements=[alert_matches.c.alert_id, alert_matches.c.match_key]
                )
                .returning(alert_matches.c.id)
            )
            for key, article_id, fact_id in dict.fromkeys(matches):
                values = {
                    "alert_id": alert_id,
                    "match_key": key,
                    "article_id": article_id,
                    "fact_id": fact_id,
                    "matched_at": now,
                }
                new += conn.execute(stmt, values).first() is not None
        return new

    def matches(self, alert_id: int, limit: int = 50) -> list[AlertMatchRecord]:
        """An alert's matches, newest first, with their articles (for its Atom feed)."""
        query = match_query().where(alert_matches.c.alert_id == alert_id)
        query = query.order_by(alert_matches.c.id.desc()).limit(limit)
        with self._store.reading() as conn:
            return match_records(conn, query)


def _taking_part(keys: Sequence[str], roles: Sequence[str] = ()) -> Any:
    query = (
        select(fact_arguments.c.fact_id)
        .join(entities, entities.c.id == fact_arguments.c.entity_id)
        .where(entities.c.key.in_(list(keys)))
    )
    if roles:
        query = query.where(fact_arguments.c.role.in_(list(roles)))
    return query


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
