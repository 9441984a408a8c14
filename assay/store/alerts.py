"""Alerts: saved searches and fact patterns, their matches, notifications and webhook attempts.

A match is stored once per (alert, match key), so a story or fact seen again (a copy on
another site, a re-ingest) never notifies twice. New matches are gathered into one
notification per alert, which is claimed (`sending`) before it goes out and marked after.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import (
    Connection,
    RowMapping,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from assay.errors import NotFound
from assay.records import AlertMatchRecord, AlertRecord, FactPattern
from assay.store.backends import backend_of
from assay.store.convert import iso, now_utc, to_utc
from assay.store.queries import GOODS_FIELDS
from assay.store.schema import (
    alert_matches,
    alert_notifications,
    alerts,
    articles,
    entities,
    fact_arguments,
    facts,
    webhook_attempts,
)

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


class Alerts:
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
        query = _match_query().where(alert_matches.c.alert_id == alert_id)
        query = query.order_by(alert_matches.c.id.desc()).limit(limit)
        with self._store.reading() as conn:
            return _match_records(conn, query)

    # ------------------------------------------------------------ notifications

    def gather(self) -> int:
        """Put matches not yet notified into one new notification per alert; returns how
        many notifications were opened."""
        now = now_utc()
        opened = 0
        with self._store.transaction() as conn:
            # One gathering at a time: two would each open a notification for the same
            # matches (SQLite's write lock already has them take turns).
            self._store.backend.lock(conn, "assay:alerts")
            pending = conn.execute(
                select(alert_matches.c.alert_id)
                .where(alert_matches.c.notification_id.is_(None))
                .group_by(alert_matches.c.alert_id)
            ).scalars()
            for alert_id in list(pending):
                pk = conn.execute(
                    insert(alert_notifications).values(
                        alert_id=alert_id, status="pending", attempts=0, created_at=now
                    )
                ).inserted_primary_key
                assert pk is not None
                conn.execute(
                    update(alert_matches)
                    .where(
                        alert_matches.c.alert_id == alert_id,
                        alert_matches.c.notification_id.is_(None),
                    )
                    .values(notification_id=pk[0])
                )
                opened += 1
        return opened

    def due(self, now: datetime) -> list[dict[str, Any]]:
        """Notifications waiting to go out at `now`: id, alert_id, attempts."""
        query = (
            select(
                alert_notifications.c.id,
                alert_notifications.c.alert_id,
                alert_notifications.c.attempts,
            )
            .where(
                or_(
                    alert_notifications.c.status == "pending",
                    (alert_notifications.c.status == "retry")
                    & (alert_notifications.c.next_attempt_at <= now),
                )
            )
            .order_by(alert_notifications.c.id)
        )
        with self._store.reading() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def claim(self, notification_id: int, now: datetime) -> bool:
        """Take a due notification for sending (False if another sender has it)."""
        with self._store.transaction() as conn:
            done = conn.execute(
                update(alert_notifications)
                .where(
                    alert_notifications.c.id == notification_id,
                    alert_notifications.c.status.in_(("pending", "retry")),
                )
                .values(
                    status="sending",
                    claimed_at=now,
                    attempts=alert_notifications.c.attempts + 1,
                )
            )
            return bool(done.rowcount)

    def notification_matches(self, notification_id: int) -> list[AlertMatchRecord]:
        query = _match_query().where(alert_matches.c.notification_id == notification_id)
        with self._store.reading() as conn:
            return _match_records(conn, query.order_by(alert_matches.c.id))

    def finish(
        self,
        notification_id: int,
        status: str,
        *,
        error: str | None = None,
        next_attempt_at: datetime | None = None,
    ) -> None:
        """Record how a claimed notification ended: sent, retry (at `next_attempt_at`) or
        failed."""
        now = now_utc()
        values: dict[str, Any] = {
            "status": status,
            "last_error": error[:1000] if error else None,
            "next_attempt_at": next_attempt_at,
        }
        if status == "sent":
            values["sent_at"] = now
        with self._store.transaction() as conn:
            conn.execute(
                update(alert_notifications)
                .where(alert_notifications.c.id == notification_id)
                .values(**values)
            )
            if status == "sent":
                alert_id = select(alert_notifications.c.alert_id).where(
                    alert_notifications.c.id == notification_id
                )
                conn.execute(
                    update(alerts).where(alerts.c.id.in_(alert_id)).values(last_fired_at=now)
                )

    def recover(self, claimed_before: datetime) -> int:
        """Mark notifications left `sending` by a process that died as `unknown`."""
        with self._store.transaction() as conn:
            done = conn.execute(
                update(alert_notifications)
                .where(
                    alert_notifications.c.status == "sending",
                    alert_notifications.c.claimed_at < claimed_before,
                )
                .values(status="unknown", last_error="interrupted while sending")
            )
            return int(done.rowcount or 0)

    def record_attempt(
        self, notification_id: int, status_code: int | None, error: str | None, ms: int
    ) -> None:
        """Log one webhook POST: the HTTP status (None if no answer) or the error."""
        with self._store.transaction() as conn:
            conn.execute(
                insert(webhook_attempts).values(
                    notification_id=notification_id,
                    at=now_utc(),
                    status_code=status_code,
                    error=error[:1000] if error else None,
                    ms=ms,
                )
            )

    def attempts(self, notification_id: int | None = None) -> list[dict[str, Any]]:
        """Webhook attempts (of one notification, or all), oldest first."""
        query = select(webhook_attempts).order_by(webhook_attempts.c.id)
        if notification_id is not None:
            query = query.where(webhook_attempts.c.notification_id == notification_id)
        with self._store.reading() as conn:
            return [
                {**r, "at": iso(r["at"])} for r in (dict(m) for m in conn.execute(query).mappings())
            ]

    def notifications(self, alert_id: int | None = None) -> list[dict[str, Any]]:
        """Notifications (of one alert, or all), oldest first."""
        query = select(alert_notifications).order_by(alert_notifications.c.id)
        if alert_id is not None:
            query = query.where(alert_notifications.c.alert_id == alert_id)
        with self._store.reading() as conn:
            rows = [dict(m) for m in conn.execute(query).mappings()]
        for row in rows:
            for name in ("created_at", "claimed_at", "sent_at", "next_attempt_at"):
                row[name] = iso(to_utc(row[name]))
        return rows


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


def _match_query() -> Any:
    return select(
        alert_matches.c.id,
        alert_matches.c.alert_id,
        alert_matches.c.article_id,
        alert_matches.c.fact_id,
        alert_matches.c.matched_at,
        articles.c.title,
        articles.c.url,
        articles.c.published,
        articles.c.summary,
    ).join(articles, articles.c.id == alert_matches.c.article_id)


def _match_records(conn: Connection, query: Any) -> list[AlertMatchRecord]:
    rows = [dict(r) for r in conn.execute(query).mappings()]
    fact_ids = [r["fact_id"] for r in rows if r["fact_id"] is not None]
    sentences: dict[int, str] = {}
    if fact_ids:
        sentences = dict(
            conn.execute(select(facts.c.id, facts.c.sentence).where(facts.c.id.in_(fact_ids))).all()
        )
    return [
        {
            "id": r["id"],
            "alert_id": r["alert_id"],
            "article_id": r["article_id"],
            "fact_id": r["fact_id"],
            "matched_at": iso(r["matched_at"]) or "",
            "title": r["title"] or "",
            "url": r["url"],
            "published": iso(r["published"]),
            "summary": r["summary"] or "",
            "sentence": sentences.get(r["fact_id"]) if r["fact_id"] is not None else None,
        }
        for r in rows
    ]
