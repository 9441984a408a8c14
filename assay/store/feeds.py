"""Feed registry and polling state."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, RowMapping, delete, insert, or_, select, update

from assay.errors import InputError, NotFound
from assay.records import FeedRecord
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
    row = conn.execute(select(feeds).where(feeds.c.url == url)).mappings().first()
    if row is not None:
        return feed_row(row, existing=True)
    conn.execute(
        insert(feeds).values(
            url=url, kind=kind, added_at=now_utc(), error_count=0, entries_seen=0, active=True
        )
    )
    return feed_row(conn.execute(select(feeds).where(feeds.c.url == url)).mappings().one())


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
    unknown = sorted(set(state) - STATE_FIELDS)
    if unknown:
        raise InputError(
            f"Cannot update feed field '{unknown[0]}'; expected one of "
            f"{', '.join(sorted(STATE_FIELDS))}."
        )
    find_feed(conn, feed_id)
    values = {k: to_utc(v) if k in _DATETIME_FIELDS else v for k, v in state.items()}
    if values:
        conn.execute(update(feeds).where(feeds.c.id == feed_id).values(**values))
    return feed_row(conn.execute(select(feeds).where(feeds.c.id == feed_id)).mappings().one())


def due_feeds(conn: Connection, now: datetime) -> list[FeedRow]:
    """Active feeds never polled or whose next_poll_at has come, most overdue first."""
    query = (
        select(feeds)
        .where(feeds.c.active.is_(True))
        .where(or_(feeds.c.next_poll_at.is_(None), feeds.c.next_poll_at <= to_utc(now)))
        .order_by(feeds.c.next_poll_at.is_not(None), feeds.c.next_poll_at, feeds.c.id)
    )
    return [feed_row(r) for r in conn.execute(query).mappings()]


def entry_seen_anywhere(conn: Connection, entry_id_or_link: str) -> bool:
    """True if any feed logged this entry id, or an article with this URL is stored."""
    seen = select(feed_entries.c.feed_id).where(feed_entries.c.entry_id == entry_id_or_link)
    if conn.execute(seen.limit(1)).first() is not None:
        return True
    if entry_id_or_link.lower().startswith(("http://", "https://")):
        url = canonical_url(entry_id_or_link)
        return conn.execute(select(articles.c.id).where(articles.c.url == url)).first() is not None
    return False
