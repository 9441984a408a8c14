"""Alert notifications: the matches not notified yet, gathered into one notification per
alert, each claimed (`sending`) before it goes out and marked after; and the webhook
attempts made for them. `Alerts` (`alerts.py`) inherits these methods.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, or_, select, update

from assay.records import AlertMatchRecord
from assay.store.convert import iso, now_utc, to_utc
from assay.store.schema import (
    alert_matches,
    alert_notifications,
    alerts,
    articles,
    facts,
    webhook_attempts,
)

if TYPE_CHECKING:
    from assay.store.db import Store


class AlertNotifications:
    """Notifying the alerts of one store (`Alerts` sets `_store`); every method is one
    transaction."""

    _store: Store

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
        query = match_query().where(alert_matches.c.notification_id == notification_id)
        with self._store.reading() as conn:
            return match_records(conn, query.order_by(alert_matches.c.id))

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


def match_query() -> Any:
    """Alert matches with their articles' title, URL, date and summary; callers filter it."""
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


def match_records(conn: Connection, query: Any) -> list[AlertMatchRecord]:
    """The rows of a `match_query` as records, with each matched fact's sentence."""
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
