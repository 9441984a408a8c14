"""Digest deliveries, the stories each carried, and the state of the `assay run` service.

A digest is claimed (status `sending`, attempts + 1) in one transaction before its message
goes out and marked after (`sent`, `retry` with a next attempt time, `failed`). The unique
(subscriber, day) row makes the claim the only one: two senders never send one day twice.
A claim left `sending` by a process that died is marked `unknown` and never re-sent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, func, insert, or_, select, update

from assay.records import DeliveryRecord, ServiceStatus
from assay.store.backends import backend_of
from assay.store.convert import iso, now_utc, to_utc
from assay.store.schema import (
    alert_matches,
    alert_notifications,
    articles,
    deliveries,
    delivery_items,
    feeds,
    service_state,
)
from assay.store.subscribers import delivery_records

if TYPE_CHECKING:
    from assay.store.db import Store

# Novelty looks this far back at what a subscriber was sent.
NOVELTY_DAYS = 14


@dataclass(frozen=True)
class DayState:
    """Where one (subscriber, day) digest stands."""

    status: str
    next_attempt_at: datetime | None
    attempts: int


@dataclass
class SentStories:
    """What a subscriber was sent recently: story clusters, developing stories, articles."""

    clusters: set[int] = field(default_factory=set)
    developing: set[int] = field(default_factory=set)
    articles: set[int] = field(default_factory=set)


Item = tuple[int, int | None, int | None]  # article id, cluster id, developing story id
# Built once: a run claims thousands of digests, and building a statement costs more
# than running it.
_FIND_DAY = select(
    deliveries.c.id, deliveries.c.status, deliveries.c.next_attempt_at, deliveries.c.attempts
).where(deliveries.c.subscriber_id == bindparam("sid"), deliveries.c.day == bindparam("day"))
_NEW_DAY = insert(deliveries)
_NEW_ITEM = insert(delivery_items)


class Deliveries:
    """The digest delivery tables of one store; every method is one transaction."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def on_days(self, days: Collection[str]) -> dict[tuple[int, str], DayState]:
        """The digests recorded for any of `days`, by (subscriber id, day)."""
        query = select(
            deliveries.c.subscriber_id,
            deliveries.c.day,
            deliveries.c.status,
            deliveries.c.next_attempt_at,
            deliveries.c.attempts,
        ).where(deliveries.c.day.in_(sorted(days)))
        with self._store.reading() as conn:
            return {
                (int(r.subscriber_id), str(r.day)): DayState(
                    r.status, to_utc(r.next_attempt_at), int(r.attempts)
                )
                for r in conn.execute(query)
            }

    def recover(self, claimed_before: datetime) -> int:
        """Mark claims older than `claimed_before` still `sending` as `unknown`: their
        process died mid-send, and the message may or may not have left."""
        with self._store.transaction() as conn:
            result = conn.execute(
                update(deliveries)
                .where(deliveries.c.status == "sending", deliveries.c.claimed_at < claimed_before)
                .values(status="unknown", last_error="interrupted while sending")
            )
            return int(result.rowcount or 0)

    def claim(
        self, subscriber_id: int, day: str, items: Sequence[Item], now: datetime | None = None
    ) -> tuple[int, int] | None:
        """Claim the (subscriber, day) digest for sending: (its id, the attempt number), or
        None when it was sent, is being sent, failed for good, or waits for a retry."""
        now = now or now_utc()
        with self._store.transaction() as conn:
            row = conn.execute(_FIND_DAY, {"sid": subscriber_id, "day": day}).first()
            values = {"status": "sending", "claimed_at": now, "stories": len(items)}
            attempt = 1
            if row is None:
                # Two senders may find no row at once (PostgreSQL): the unique (subscriber,
                # day) lets one insert it; the other gets nothing back and leaves it.
                new = (
                    backend_of(conn)
                    .insert(deliveries)
                    .on_conflict_do_nothing(
                        index_elements=[deliveries.c.subscriber_id, deliveries.c.day]
                    )
                )
                pk = conn.execute(
                    new.returning(deliveries.c.id),
                    {"subscriber_id": subscriber_id, "day": day, "attempts": 1, "created_at": now}
                    | values,
                ).scalar()
                if pk is None:
                    return None
                delivery_id = int(pk)
            elif row.status == "retry" and (
                row.next_attempt_at is None or to_utc(row.next_attempt_at) <= now  # type: ignore[operator]
            ):
                delivery_id = int(row.id)
                attempt = int(row.attempts) + 1
                taken = conn.execute(
                    update(deliveries)
                    .where(deliveries.c.id == delivery_id, deliveries.c.status == "retry")
                    .values(attempts=deliveries.c.attempts + 1, **values)
                )
                if not taken.rowcount:  # another sender claimed it since the look-up
                    return None
                conn.execute(
                    delete(delivery_items).where(delivery_items.c.delivery_id == delivery_id)
                )
            else:
                return None
            if items:
                conn.execute(
                    _NEW_ITEM,
                    [
                        {
                            "delivery_id": delivery_id,
                            "article_id": a,
                            "cluster_id": c,
                            "developing_story_id": d,
                        }
                        for a, c, d in dict.fromkeys(items)
                    ],
                )
            return delivery_id, attempt

    def expire_retries(self, before_day: str) -> int:
        """Give up retrying digests of days before `before_day`: a newer one is due."""
        with self._store.transaction() as conn:
            done = conn.execute(
                update(deliveries)
                .where(deliveries.c.status == "retry", deliveries.c.day < before_day)
                .values(status="failed", next_attempt_at=None)
            )
            return int(done.rowcount or 0)

    def mark_empty(self, subscriber_id: int, day: str, now: datetime | None = None) -> None:
        """Record that a day had nothing for this subscriber (so it is not looked at again)."""
        now = now or now_utc()
        with self._store.transaction() as conn:
            conn.execute(
                backend_of(conn)
                .insert(deliveries)
                .values(
                    subscriber_id=subscriber_id,
                    day=day,
                    status="empty",
                    attempts=0,
                    created_at=now,
                    stories=0,
                )
                .on_conflict_do_nothing(
                    index_elements=[deliveries.c.subscriber_id, deliveries.c.day]
                )
            )

    def mark_sent(self, delivery_id: int, message_id: str, now: datetime | None = None) -> None:
        self._set(
            delivery_id,
            status="sent",
            sent_at=now or now_utc(),
            message_id=message_id,
            last_error=None,
            next_attempt_at=None,
        )

    def mark_retry(self, delivery_id: int, error: str, next_attempt_at: datetime) -> None:
        self._set(delivery_id, status="retry", last_error=error, next_attempt_at=next_attempt_at)

    def mark_failed(self, delivery_id: int, error: str) -> None:
        self._set(delivery_id, status="failed", last_error=error, next_attempt_at=None)

    def _set(self, delivery_id: int, **values: Any) -> None:
        if values.get("last_error"):
            values["last_error"] = str(values["last_error"])[:1000]
        with self._store.transaction() as conn:
            conn.execute(
                update(deliveries).where(deliveries.c.id == bindparam("did")).values(**values),
                {"did": delivery_id},
            )

    def sent_stories(
        self, subscriber_ids: Sequence[int], before_day: str
    ) -> dict[int, SentStories]:
        """What each subscriber was sent (or may have been: `unknown`, `sending`) in the
        NOVELTY_DAYS before `before_day`."""
        first = (datetime.fromisoformat(before_day) - timedelta(days=NOVELTY_DAYS)).date()
        out: dict[int, SentStories] = defaultdict(SentStories)
        if not subscriber_ids:
            return out
        query = (
            select(
                deliveries.c.subscriber_id,
                delivery_items.c.article_id,
                delivery_items.c.cluster_id,
                delivery_items.c.developing_story_id,
            )
            .join(delivery_items, delivery_items.c.delivery_id == deliveries.c.id)
            .where(
                deliveries.c.subscriber_id.in_(list(subscriber_ids)),
                deliveries.c.status.in_(("sent", "unknown", "sending")),
                deliveries.c.day < before_day,
                deliveries.c.day >= first.isoformat(),
            )
        )
        with self._store.reading() as conn:
            for sid, aid, cid, did in conn.execute(query):
                sent = out[int(sid)]
                sent.articles.add(int(aid))
                if cid is not None:
                    sent.clusters.add(int(cid))
                if did is not None:
                    sent.developing.add(int(did))
        return out

    def for_subscriber(self, subscriber_id: int) -> list[DeliveryRecord]:
        """One subscriber's digests, newest day first."""
        with self._store.reading() as conn:
            return delivery_records(conn, [subscriber_id])

    def counts(self) -> dict[str, int]:
        """Digests per status."""
        query = select(deliveries.c.status, func.count()).group_by(deliveries.c.status)
        with self._store.reading() as conn:
            return {str(s): int(n) for s, n in conn.execute(query)}

    # ------------------------------------------------------------ service state

    def set_state(self, name: str, value: Any, now: datetime | None = None) -> None:
        """Record what the service did (`value` is JSON), replacing the last record."""
        now = now or now_utc()
        with self._store.transaction() as conn:
            stmt = backend_of(conn).insert(service_state).values(name=name, value=value, at=now)
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=[service_state.c.name],
                    set_={"value": stmt.excluded.value, "at": stmt.excluded.at},
                )
            )

    def state(self) -> dict[str, tuple[Any, str]]:
        """Each recorded state: (value, ISO time recorded)."""
        with self._store.reading() as conn:
            rows = conn.execute(select(service_state)).all()
        return {str(r.name): (r.value, iso(r.at) or "") for r in rows}

    def service_status(self, now: datetime | None = None) -> ServiceStatus:
        """Last poll, digest and alert runs, the service's heartbeat and what waits."""
        now = now or now_utc()
        state = self.state()
        with self._store.reading() as conn:
            last_poll = conn.execute(select(func.max(feeds.c.last_polled_at))).scalar()
            feeds_due = conn.execute(
                select(func.count())
                .select_from(feeds)
                .where(
                    feeds.c.active.is_(True),
                    or_(feeds.c.next_poll_at.is_(None), feeds.c.next_poll_at <= now),
                )
            ).scalar_one()
            unclustered = conn.execute(
                select(func.count()).select_from(articles).where(articles.c.minhash.is_(None))
            ).scalar_one()
            by_status: dict[str, int] = dict(
                conn.execute(
                    select(deliveries.c.status, func.count())
                    .where(deliveries.c.status.in_(("retry", "unknown", "sending")))
                    .group_by(deliveries.c.status)
                ).all()
            )
            waiting = conn.execute(
                select(func.count())
                .select_from(alert_notifications)
                .where(alert_notifications.c.status.in_(("pending", "retry")))
            ).scalar_one()
            unassigned = conn.execute(
                select(func.count())
                .select_from(alert_matches)
                .where(alert_matches.c.notification_id.is_(None))
            ).scalar_one()
        due = state.get("digests_due", (0, ""))[0]
        return {
            "last_poll": iso(to_utc(last_poll)) if isinstance(last_poll, datetime) else last_poll,
            "last_digest_run": state.get("digest_run", (None, None))[1],
            "last_alert_run": state.get("alert_run", (None, None))[1],
            "heartbeat": state.get("heartbeat", (None, None))[1],
            "backlog": {
                "feeds_due": int(feeds_due),
                "articles_unclustered": int(unclustered),
                "digests_due": int(due or 0),
                "digests_retrying": int(by_status.get("retry", 0)),
                "digests_in_doubt": int(by_status.get("unknown", 0)),
                "alert_matches_new": int(unassigned),
                "alert_notifications_waiting": int(waiting),
            },
        }
