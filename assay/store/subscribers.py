"""Digest subscribers: sign-up, confirmation, preferences, consents, unsubscribing, data
requests (export, delete) and the suppression list of hashed addresses.

Addresses are stored lower-cased. Each change of consent is a row in `consents`
(requested, confirmed, imported, withdrawn) with the policy version, source and address.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, RowMapping, delete, func, insert, select, update

from assay.errors import NotFound, UsageError
from assay.records import ConsentRecord, DeliveryRecord, Preferences, SubscriberRecord
from assay.store.backends import backend_of
from assay.store.convert import iso, now_utc
from assay.store.schema import (
    consents,
    deliveries,
    subscriber_preferences,
    subscribers,
    suppressions,
)

if TYPE_CHECKING:
    from assay.store.db import Store

STATUSES = ("pending", "active", "unsubscribed", "bounced")


def email_hash(email: str) -> str:
    """The suppression-list key of an address: SHA-256 of it, lower-cased."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _record(row: RowMapping) -> SubscriberRecord:
    prefs: Preferences = {
        "sectors": list(row["sectors"] or []),
        "entities": list(row["entities"] or []),
        "fact_types": list(row["fact_types"] or []),
        "hour": int(row["hour"]),
        "timezone": row["timezone"],
        "format": row["format"],
    }
    return {
        "id": row["id"],
        "email": row["email"],
        "uid": row["uid"],
        "status": row["status"],
        "created_at": iso(row["created_at"]) or "",
        "confirmed_at": iso(row["confirmed_at"]),
        "unsubscribed_at": iso(row["unsubscribed_at"]),
        "bounced_at": iso(row["bounced_at"]),
        "bounce_reason": row["bounce_reason"],
        "preferences": prefs,
    }


def _select() -> Any:
    return select(
        subscribers,
        subscriber_preferences.c.sectors,
        subscriber_preferences.c.entities,
        subscriber_preferences.c.fact_types,
        subscriber_preferences.c.hour,
        subscriber_preferences.c.timezone,
        subscriber_preferences.c.format,
    ).join(subscriber_preferences, subscriber_preferences.c.subscriber_id == subscribers.c.id)


def _one(conn: Connection, column: Any, value: Any) -> SubscriberRecord | None:
    row = conn.execute(_select().where(column == value)).mappings().first()
    return _record(row) if row is not None else None


def _consent(
    conn: Connection,
    subscriber_id: int,
    event: str,
    policy: str,
    source: str,
    ip: str | None = None,
    user_agent: str | None = None,
) -> None:
    conn.execute(
        insert(consents).values(
            subscriber_id=subscriber_id,
            event=event,
            at=now_utc(),
            policy_version=policy,
            source=source,
            ip=ip,
            user_agent=(user_agent or None) and user_agent[:300],
        )
    )


class Subscribers:
    """The subscriber tables of one store; every method is one transaction."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def request(
        self,
        email: str,
        preferences: Preferences,
        *,
        policy: str,
        source: str,
        ip: str | None = None,
        user_agent: str | None = None,
        confirmed: bool = False,
    ) -> tuple[SubscriberRecord, bool]:
        """Ask to subscribe `email` (or, with `confirmed`, import an address whose owner
        consented elsewhere). Returns the subscriber and whether a confirmation is needed.

        An active subscriber is left as is (no confirmation needed). A suppressed address
        (deleted or bounced) may only come back through the web form's double opt-in.
        """
        email = email.strip().lower()
        now = now_utc()
        with self._store.transaction() as conn:
            # Sign-ups run one at a time (as SQLite's write lock has them), so that two
            # requests for one address on PostgreSQL do not both insert it.
            self._store.backend.lock(conn, "assay:subscribers")
            suppressed = conn.execute(
                select(suppressions.c.reason).where(suppressions.c.email_hash == email_hash(email))
            ).scalar_one_or_none()
            if suppressed is not None and source != "web":
                raise UsageError(
                    f"{email} is on the suppression list ({suppressed}); only its owner can "
                    "subscribe again, through the web form."
                )
            found = _one(conn, subscribers.c.email, email)
            if found is not None and found["status"] == "active":
                return found, False
            if found is None:
                pk = conn.execute(
                    insert(subscribers).values(
                        email=email, uid=secrets.token_hex(16), status="pending", created_at=now
                    )
                ).inserted_primary_key
                assert pk is not None
                sid = int(pk[0])
                conn.execute(
                    insert(subscriber_preferences).values(
                        subscriber_id=sid, updated_at=now, **preferences
                    )
                )
            else:
                sid = found["id"]
                conn.execute(
                    update(subscriber_preferences)
                    .where(subscriber_preferences.c.subscriber_id == sid)
                    .values(updated_at=now, **preferences)
                )
                conn.execute(
                    update(subscribers)
                    .where(subscribers.c.id == sid)
                    .values(status="pending", unsubscribed_at=None, bounce_reason=None)
                )
            if confirmed:
                conn.execute(
                    update(subscribers)
                    .where(subscribers.c.id == sid)
                    .values(status="active", confirmed_at=now)
                )
                _consent(conn, sid, "imported", policy, source, ip, user_agent)
            else:
                _consent(conn, sid, "requested", policy, source, ip, user_agent)
            record = _one(conn, subscribers.c.id, sid)
            assert record is not None
            return record, not confirmed

    def confirm(
        self, uid: str, *, policy: str, ip: str | None = None, user_agent: str | None = None
    ) -> SubscriberRecord:
        """Confirm a pending subscription (idempotent for an active one)."""
        with self._store.transaction() as conn:
            found = self._by_uid(conn, uid)
            if found["status"] == "active":
                return found
            conn.execute(
                update(subscribers)
                .where(subscribers.c.id == found["id"])
                .values(status="active", confirmed_at=now_utc(), bounced_at=None)
            )
            # Its owner asked again: a suppression from an old deletion or bounce ends.
            conn.execute(
                delete(suppressions).where(suppressions.c.email_hash == email_hash(found["email"]))
            )
            _consent(conn, found["id"], "confirmed", policy, "web", ip, user_agent)
            record = _one(conn, subscribers.c.id, found["id"])
            assert record is not None
            return record

    def unsubscribe(
        self, uid: str, *, policy: str, source: str, ip: str | None = None
    ) -> SubscriberRecord:
        """Stop sending to a subscriber (idempotent); the withdrawal is recorded."""
        with self._store.transaction() as conn:
            found = self._by_uid(conn, uid)
            if found["status"] in ("unsubscribed", "bounced"):
                return found
            conn.execute(
                update(subscribers)
                .where(subscribers.c.id == found["id"])
                .values(status="unsubscribed", unsubscribed_at=now_utc())
            )
            _consent(conn, found["id"], "withdrawn", policy, source, ip)
            record = _one(conn, subscribers.c.id, found["id"])
            assert record is not None
            return record

    def set_preferences(self, uid: str, preferences: Preferences) -> SubscriberRecord:
        with self._store.transaction() as conn:
            found = self._by_uid(conn, uid)
            conn.execute(
                update(subscriber_preferences)
                .where(subscriber_preferences.c.subscriber_id == found["id"])
                .values(updated_at=now_utc(), **preferences)
            )
            record = _one(conn, subscribers.c.id, found["id"])
            assert record is not None
            return record

    def mark_bounced(self, subscriber_id: int, reason: str) -> None:
        """A permanent failure: no more mail to this address; it joins the suppression list."""
        now = now_utc()
        with self._store.transaction() as conn:
            email = conn.execute(
                select(subscribers.c.email).where(subscribers.c.id == subscriber_id)
            ).scalar_one_or_none()
            if email is None:
                return
            conn.execute(
                update(subscribers)
                .where(subscribers.c.id == subscriber_id)
                .values(status="bounced", bounced_at=now, bounce_reason=reason[:500])
            )
            _suppress(conn, email, "bounced")

    def get(self, email: str) -> SubscriberRecord:
        """The subscriber with this address; NotFound if there is none."""
        with self._store.reading() as conn:
            found = _one(conn, subscribers.c.email, email.strip().lower())
        if found is None:
            raise NotFound(f"No subscriber {email.strip()}; `assay subscribers list` shows them.")
        return found

    def by_uid(self, uid: str) -> SubscriberRecord:
        with self._store.reading() as conn:
            return self._by_uid(conn, uid)

    def all(self, status: str | None = None, limit: int | None = None) -> list[SubscriberRecord]:
        """Subscribers by id, optionally of one status."""
        query = _select().order_by(subscribers.c.id)
        if status is not None:
            if status not in STATUSES:
                raise UsageError(
                    f"Unknown status '{status}'. Choose one of: {', '.join(STATUSES)}."
                )
            query = query.where(subscribers.c.status == status)
        if limit is not None:
            query = query.limit(limit)
        with self._store.reading() as conn:
            return [_record(r) for r in conn.execute(query).mappings()]

    def counts(self) -> dict[str, int]:
        query = select(subscribers.c.status, func.count()).group_by(subscribers.c.status)
        with self._store.reading() as conn:
            return {str(s): int(n) for s, n in conn.execute(query)}

    def export(self, email: str) -> dict[str, Any]:
        """Everything stored about an address: subscriber, preferences, consents, digests."""
        record = self.get(email)
        with self._store.reading() as conn:
            rows = conn.execute(
                select(consents)
                .where(consents.c.subscriber_id == record["id"])
                .order_by(consents.c.id)
            ).mappings()
            consent_list = [
                cast(
                    ConsentRecord,
                    {
                        "event": r["event"],
                        "at": iso(r["at"]),
                        "policy_version": r["policy_version"],
                        "source": r["source"],
                        "ip": r["ip"],
                        "user_agent": r["user_agent"],
                    },
                )
                for r in rows
            ]
            sent = delivery_records(conn, [record["id"]])
        return {"subscriber": record, "consents": consent_list, "deliveries": sent}

    def delete(self, email: str) -> SubscriberRecord:
        """Remove everything about an address but a hash of it on the suppression list."""
        record = self.get(email)
        with self._store.transaction() as conn:
            conn.execute(delete(subscribers).where(subscribers.c.id == record["id"]))
            _suppress(conn, record["email"], "deleted")
        return record

    def requests_since(self, subscriber_id: int, since: datetime) -> int:
        """How many times the subscription was requested since `since`."""
        query = (
            select(func.count())
            .select_from(consents)
            .where(
                consents.c.subscriber_id == subscriber_id,
                consents.c.event == "requested",
                consents.c.at >= since,
            )
        )
        with self._store.reading() as conn:
            return int(conn.execute(query).scalar_one())

    def is_suppressed(self, email: str) -> bool:
        query = select(suppressions.c.email_hash).where(
            suppressions.c.email_hash == email_hash(email)
        )
        with self._store.reading() as conn:
            return conn.execute(query).first() is not None

    def active(self) -> list[SubscriberRecord]:
        """Every active subscriber with preferences, by id."""
        return self.all("active")

    def _by_uid(self, conn: Connection, uid: str) -> SubscriberRecord:
        found = _one(conn, subscribers.c.uid, uid)
        if found is None:
            raise NotFound("This subscription no longer exists; subscribe again if you like.")
        return found


def _suppress(conn: Connection, email: str, reason: str) -> None:
    # An upsert: two processes suppressing one address at once leave one row.
    values = {"email_hash": email_hash(email), "reason": reason, "at": now_utc()}
    stmt = backend_of(conn).insert(suppressions).values(**values)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=[suppressions.c.email_hash],
            set_={"reason": stmt.excluded.reason, "at": stmt.excluded.at},
        )
    )


def delivery_records(conn: Connection, subscriber_ids: Sequence[int]) -> list[DeliveryRecord]:
    """The digests of some subscribers, newest day first."""
    query = (
        select(deliveries)
        .where(deliveries.c.subscriber_id.in_(list(subscriber_ids)))
        .order_by(deliveries.c.day.desc(), deliveries.c.id.desc())
    )
    return [
        cast(
            DeliveryRecord,
            {
                "id": r["id"],
                "subscriber_id": r["subscriber_id"],
                "day": r["day"],
                "status": r["status"],
                "attempts": r["attempts"],
                "created_at": iso(r["created_at"]),
                "sent_at": iso(r["sent_at"]),
                "next_attempt_at": iso(r["next_attempt_at"]),
                "last_error": r["last_error"],
                "message_id": r["message_id"],
                "stories": r["stories"],
            },
        )
        for r in conn.execute(query).mappings()
    ]
