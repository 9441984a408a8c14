"""Dates from sources, always as aware UTC datetimes."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


def as_utc(value: datetime) -> datetime:
    """Aware datetime in UTC; a naive one is taken to be UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def parse_iso(value: str | None) -> datetime | None:
    """An ISO 8601 / W3C date or datetime ("2024-05-01", "2024-05-01T09:30Z"), else None."""
    if not value:
        return None
    try:
        return as_utc(datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
    except (ValueError, OverflowError):  # overflow: 9999-12-31T23:00-05:00 is past year 9999
        return None


def from_struct(value: time.struct_time | None) -> datetime | None:
    """feedparser's UTC struct_time as a datetime."""
    if value is None:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


# Formats seen in news dumps beyond ISO 8601 and RFC 2822 (Reuters: "26-FEB-1987 15:01:01.79").
_FORMATS = (
    "%d-%b-%Y %H:%M:%S.%f",
    "%d-%b-%Y %H:%M:%S",
    "%d-%b-%Y",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
)
# Epoch values above this are milliseconds (1e11 seconds is the year 5138).
_MILLIS_FROM = 100_000_000_000


def parse_date(value: object) -> datetime | None:
    """A date from a record field: ISO 8601, RFC 2822 (RSS pubDate), epoch seconds or
    milliseconds (a number or a string of digits), or a few common written forms; else None.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 100:
        return None
    if text.isdigit() and len(text) in (10, 13):
        return _from_epoch(float(text))
    parsed = parse_iso(text)
    if parsed is not None:
        return parsed
    if "," in text[:5] or text[:3].isalpha():
        try:
            return as_utc(parsedate_to_datetime(text))
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
    for fmt in _FORMATS:
        try:
            return as_utc(datetime.strptime(text, fmt))
        except (ValueError, OverflowError):
            continue
    return None


def _from_epoch(seconds: float) -> datetime | None:
    if seconds != seconds:  # NaN
        return None
    if abs(seconds) >= _MILLIS_FROM:
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
