"""The feed registry of `Store`: feeds, polling state, leases and logged entries."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from assay.store import articles as writes
from assay.store import feeds as feedq
from assay.store.convert import now_utc, to_utc
from assay.store.core import StoreCore
from assay.store.feeds import FeedRow
from assay.store.schema import feed_entries


class FeedRegistry(StoreCore):
    """The feed registry of `Store`: feeds, polling state, leases and logged entries."""

    def add_feed(self, url: str, kind: str = "feed") -> FeedRow:
        """Register a feed; a URL already registered returns that row with `existing` True."""
        return self.write(lambda conn: feedq.add_feed(conn, url, kind))

    def list_feeds(self) -> list[FeedRow]:
        with self.reading() as conn:
            return feedq.list_feeds(conn)

    def get_feed(self, id_or_url: int | str) -> FeedRow:
        with self.reading() as conn:
            return feedq.feed_row(feedq.find_feed(conn, id_or_url))

    def remove_feed(self, id_or_url: int | str) -> FeedRow:
        """Delete a feed by id or URL (NotFound if unknown); its articles stay."""
        return self.write(lambda conn: feedq.remove_feed(conn, id_or_url))

    def due_feeds(self, now: datetime | None = None) -> list[FeedRow]:
        """Active feeds due for a poll at `now` (default: the current time)."""
        with self.reading() as conn:
            return feedq.due_feeds(conn, now or now_utc())

    def update_feed(self, feed_id: int, **state: Any) -> FeedRow:
        """Set polling state: etag, last_modified, last_polled_at, last_ok_at, next_poll_at,
        last_error, error_count, title, active."""
        return self.write(lambda conn: feedq.update_feed(conn, feed_id, state))

    def claim_feeds(
        self,
        worker: str,
        lease_seconds: float,
        *,
        due_only: bool = True,
        limit: int | None = None,
        now: datetime | None = None,
    ) -> list[FeedRow]:
        """Lease feeds to `worker` for `lease_seconds`: active feeds (due ones only, unless
        `due_only` is False) that no live lease holds, most overdue first.

        Two workers never get the same feed: PostgreSQL skips rows another claim has locked
        (FOR UPDATE SKIP LOCKED), SQLite runs claims one at a time. A lease left by a worker
        that died expires, and the feed can then be claimed again.
        """
        at = to_utc(now) or now_utc()
        until = at + timedelta(seconds=lease_seconds)
        return self.write(lambda conn: feedq.claim_feeds(conn, worker, at, until, due_only, limit))

    def renew_leases(self, worker: str, lease_seconds: float, now: datetime | None = None) -> int:
        """Extend every lease `worker` holds by `lease_seconds` from now; returns how many."""
        until = (to_utc(now) or now_utc()) + timedelta(seconds=lease_seconds)
        return self.write(lambda conn: feedq.renew_leases(conn, worker, until))

    def release_feed(self, feed_id: int, worker: str, **state: Any) -> bool:
        """Set a polled feed's state (as `update_feed`) and end `worker`'s lease on it.

        False, and nothing written, when the lease expired and another worker holds it now.
        """
        return self.write(lambda conn: feedq.release_feed(conn, feed_id, worker, state))

    def release_leases(self, worker: str) -> int:
        """End every lease `worker` holds (a worker stopping early); returns how many."""
        return self.write(lambda conn: feedq.release_leases(conn, worker))

    def lease_owners(self, now: datetime | None = None) -> list[str]:
        """The workers holding a live lease on some feed (names as given to `claim_feeds`)."""
        with self.reading() as conn:
            return feedq.lease_owners(conn, to_utc(now) or now_utc())

    def entry_seen(self, feed_id: int, entry_id: str) -> bool:
        """True if this feed already logged this entry."""
        query = select(feed_entries.c.feed_id).where(
            (feed_entries.c.feed_id == feed_id) & (feed_entries.c.entry_id == entry_id)
        )
        with self.reading() as conn:
            return conn.execute(query).first() is not None

    def entry_seen_anywhere(self, entry_id_or_link: str) -> bool:
        """True if any feed logged this entry id or link, or its URL is stored as an article."""
        with self.reading() as conn:
            return feedq.entry_seen_anywhere(conn, entry_id_or_link)

    def record_entry(self, feed_id: int, entry_id: str, article_id: int | None = None) -> bool:
        """Log a feed entry (idempotent); True if the feed had not seen it before."""
        return self.write(lambda conn: writes.record_entry(conn, feed_id, entry_id, article_id))
