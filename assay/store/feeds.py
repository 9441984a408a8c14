"""Feed registry and polling state."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, RowMapping, delete, or_, select, update

from assay.errors import InputError, NotFound
from assay.records import FeedRecord
from assay.store.backends import backend_of
from assay.store.convert import iso, now_utc, to_utc
from assay.store.schema import articles, feed_entries, feeds
from assay.store.urls import canonical_url

FeedRow = FeedRecord
"""A feed as a JSON-ready dict: the `feeds` columns, datetimes as ISO 8601 text."""

FEED_KINDS = ("feed", "sitemap")
STATE_FIELDS = frozenset(
    {
        "title",
        "etag",
        "last_modified",
        "last_polled_at",
        "last_ok_at",
        "next_poll_at",
        "last_error",
        "error_count",
        "active",
    }
)
_DATETIME_FIELDS = frozenset({"last_polled_at", "last_ok_at", "next_poll_at"})


def feed_row(row: RowMapping, existing: bool = False) -> FeedRow:
    out = {k: iso(v) if isinstance(v, datetime) else v for k, v in row.items()}
    out["existing"] = existing
    return cast(FeedRecord, out)


def add_feed(conn: Connection, url: str, kind: str = "feed") -> FeedRow:
    """Register a feed; if its URL is known, return that row with `existing` True."""
    if kind not in FEED_KINDS:
        raise InputError(f"Unknown feed kind '{kind}'; expected 'feed' or 'sitemap'.")
    if not url.strip().lower().startswith(("http://", "https://")):
        raise InputError(f"Feed URL '{url}' must start with http:// or https://.")
    url = canonical_url(url)
    # Insert unless the URL is there: two workers adding one feed at once get one row.
    added = conn.execute(
        backend_of(conn)
        .insert(feeds)
        .values(url=url, kind=kind, added_at=now_utc(), error_count=0, entries_seen=0, active=True)
        .on_conflict_do_nothing(index_elements=[feeds.c.url])
        .returning(feeds.c.id)
    ).first()
    row = conn.execute(select(feeds).where(feeds.c.url == url)).mappings().one()
    return feed_row(row, existing=added is None)


def list_feeds(conn: Connection) -> list[FeedRow]:
    return [feed_row(r) for r in conn.execute(select(feeds).order_by(feeds.c.id)).mappings()]


def find_feed(conn: Connection, id_or_url: int | str) -> RowMapping:
    if isinstance(id_or_url, int):
        row = conn.execute(select(feeds).where(feeds.c.id == id_or_url)).mappings().first()
        missing = f"No feed with id {id_or_url}."
    else:
        url = canonical_url(id_or_url)
        row = conn.execute(select(feeds).where(feeds.c.url == url)).mappings().first()
        missing = f"No feed with URL '{id_or_url}'."
    if row is None:
        raise NotFound(f"{missing} Run 'assay feeds list' to see the feeds.")
    return row


def remove_feed(conn: Connection, id_or_url: int | str) -> FeedRow:
    """Delete a feed and its entry log; its articles stay (their feed_id becomes NULL)."""
    row = find_feed(conn, id_or_url)
    conn.execute(update(articles).where(articles.c.feed_id == row["id"]).values(feed_id=None))
    conn.execute(delete(feed_entries).where(feed_entries.c.feed_id == row["id"]))
    conn.execute(delete(feeds).where(feeds.c.id == row["id"]))
    return feed_row(row)


def update_feed(conn: Connection, feed_id: int, state: dict[str, Any]) -> FeedRow:
    """Set polling state columns (etag, last_modified, next_poll_at, ...); returns the row."""
    values = _state_values(state)
    find_feed(conn, feed_id)
    if values:
        conn.execute(update(feeds).where(feeds.c.id == feed_id).values(**values))
    return feed_row(conn.execute(select(feeds).where(feeds.c.id == feed_id)).mappings().one())


def _state_values(state: dict[str, Any]) -> dict[str, Any]:
    """Polling-state columns to write, datetimes in UTC; InputError for any other field."""
    unknown = sorted(set(state) - STATE_FIELDS)
    if unknown:
        raise InputError(
            f"Cannot update feed field '{unknown[0]}'; expected one of "
            f"{', '.join(sorted(STATE_FIELDS))}."
        )
    return {k: to_utc(v) if k in _DATETIME_FIELDS else v for k, v in state.items()}


def due_feeds(conn: Connection, now: datetime) -> list[FeedRow]:
    """Active feeds never polled or whose next_poll_at has come, most overdue first."""
    query = (
        select(feeds)
        .where(feeds.c.active.is_(True))
        .where(_due(to_utc(now) or now))
        .order_by(feeds.c.next_poll_at.is_not(None), feeds.c.next_poll_at, feeds.c.id)
    )
    return [feed_row(r) for r in conn.execute(query).mappings()]


def _due(now: datetime) -> Any:
    return or_(feeds.c.next_poll_at.is_(None), feeds.c.next_poll_at <= now)


def _most_overdue(rows: list[FeedRow]) -> list[FeedRow]:
    """Never polled first, then by next poll time, then id (as `due_feeds`)."""
    return sorted(
        rows, key=lambda r: (r["next_poll_at"] is not None, r["next_poll_at"] or "", r["id"])
    )


def claim_feeds(
    conn: Connection,
    worker: str,
    now: datetime,
    until: datetime,
    due_only: bool,
    limit: int | None,
) -> list[FeedRow]:
    """Lease unleased (or expired) active feeds to `worker` until `until`; the claimed rows.

    One statement: UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED). PostgreSQL
    skips the rows a concurrent claim holds; SQLite omits the locking clause and runs the
    statement inside its write lock, which makes it just as atomic.
    """
    free = or_(feeds.c.lease_expires_at.is_(None), feeds.c.lease_expires_at <= now)
    pick = select(feeds.c.id).where(feeds.c.active.is_(True), free)
    if due_only:
        pick = pick.where(_due(now))
    pick = pick.order_by(feeds.c.next_poll_at.is_not(None), feeds.c.next_poll_at, feeds.c.id)
    if limit is not None:
        pick = pick.limit(limit)
    claim = (
        update(feeds)
        .where(feeds.c.id.in_(pick.with_for_update(skip_locked=True).scalar_subquery()))
        .values(lease_owner=worker, lease_expires_at=until)
        .returning(*feeds.c)
    )
    return _most_overdue([feed_row(r) for r in conn.execute(claim).mappings()])


def renew_leases(conn: Connection, worker: str, until: datetime) -> int:
    """Extend every lease `worker` holds until `until`; how many it holds."""
    result = conn.execute(
        update(feeds).where(feeds.c.lease_owner == worker).values(lease_expires_at=until)
    )
    return int(result.rowcount)


def release_feed(conn: Connection, feed_id: int, worker: str, state: dict[str, Any]) -> bool:
    """Write a polled feed's state and end `worker`'s lease; False if it holds no lease now."""
    values = _state_values(state)
    result = conn.execute(
        update(feeds)
        .where((feeds.c.id == feed_id) & (feeds.c.lease_owner == worker))
        .values(**values, lease_owner=None, lease_expires_at=None)
    )
    return bool(result.rowcount)


def release_leases(conn: Connection, worker: str) -> int:
    """End every lease `worker` holds; how many there were."""
    result = conn.execute(
        update(feeds)
        .where(feeds.c.lease_owner == worker)
        .values(lease_owner=None, lease_expires_at=None)
    )
    return int(result.rowcount)


def lease_owners(conn: Connection, now: datetime) -> list[str]:
    """The workers holding a live lease on some feed."""
    query = (
        select(feeds.c.lease_owner)
        .where(feeds.c.lease_owner.is_not(None), feeds.c.lease_expires_at > now)
        .distinct()
    )
    return sorted(str(owner) for owner in conn.execute(query).scalars())


def entry_seen_anywhere(conn: Connection, entry_id_or_link: str) -> bool:
    """True if any feed logged this entry id, or an article with this URL is stored."""
    seen = select(feed_entries.c.feed_id).where(feed_entries.c.entry_id == entry_id_or_link)
    if conn.execute(seen.limit(1)).first() is not None:
        return True
    if entry_id_or_link.lower().startswith(("http://", "https://")):
        url = canonical_url(entry_id_or_link)
        return conn.execute(select(articles.c.id).where(articles.c.url == url)).first() is not None
    return False
