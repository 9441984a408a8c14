"""Values crossing the database boundary: UTC datetimes in, ISO strings out."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any


def to_utc(value: datetime | date | None) -> datetime | None:
    """An aware UTC datetime; naive values are taken to be UTC, dates mean midnight UTC."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def iso(value: Any) -> str | None:
    """ISO 8601 text for a stored datetime (SQLite hands them back naive, in UTC)."""
    if value is None:
        return None
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return str(value.isoformat())


def now_utc() -> datetime:
    return datetime.now(UTC)
