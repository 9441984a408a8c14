"""Dates from sources, always as aware UTC datetimes."""

from __future__ import annotations

import time
from datetime import UTC, datetime


def as_utc(value: datetime) -> datetime:
    """Aware datetime in UTC; a naive one is taken to be UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def parse_iso(value: str | None) -> datetime | None:
    """An ISO 8601 / W3C date or datetime ("2024-05-01", "2024-05-01T09:30Z"), else None."""
    if not value:
        return None
    try:
        return as_utc(datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
    except ValueError:
        return None


def from_struct(value: time.struct_time | None) -> datetime | None:
    """feedparser's UTC struct_time as a datetime."""
    if value is None:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None
