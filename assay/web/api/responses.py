"""JSON responses through the one serializer, and the page envelope of every listing."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from fastapi.responses import Response
from typing_extensions import TypedDict

from assay.serialize import to_jsonable
from assay.store import Store

T = TypeVar("T")
# Most items one page of a listing returns; deeper than MAX_OFFSET, narrow the filters.
MAX_LIMIT = 200
MAX_OFFSET = 10_000
# Days a trend covers when no dates are given, up to the newest stored article.
DEFAULT_DAYS = 90


class JSONText(Response):
    media_type = "application/json"


def json_response(value: Any, status_code: int = 200) -> Response:
    """`value` as JSON via `assay.serialize.to_jsonable` (UTF-8, compact)."""
    body = json.dumps(to_jsonable(value), ensure_ascii=False, separators=(",", ":"))
    return JSONText(body.encode("utf-8"), status_code=status_code)


class Page(TypedDict, Generic[T]):
    """One page of a listing: `next_offset` is null on the last page."""

    items: list[T]
    limit: int
    offset: int
    next_offset: int | None


def page_response(items: Sequence[Any], limit: int, offset: int) -> Response:
    """A page from up to `limit + 1` fetched items (the extra one only says there is more)."""
    more = len(items) > limit
    return json_response(
        {
            "items": list(items[:limit]),
            "limit": limit,
            "offset": offset,
            "next_offset": offset + limit if more and offset + limit <= MAX_OFFSET else None,
        }
    )


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (1-{MAX_LIMIT}).")]
Offset = Annotated[
    int, Query(ge=0, le=MAX_OFFSET, description=f"Items to skip (at most {MAX_OFFSET:,}).")
]


def day_window(store: Store, since: date | None, until: date | None) -> tuple[date, date]:
    """[since, until) with defaults: until the day after the newest stored article (today
    when there is none), since DEFAULT_DAYS before `until` (or 0001-01-01, if earlier)."""
    if until is None:
        newest = store.newest_day()
        until = shift_day(date.fromisoformat(newest) if newest else date.today(), 1)
    if since is None:
        since = shift_day(until, -DEFAULT_DAYS)
    return since, until


def shift_day(day: date, days: int) -> date:
    """`day` moved by `days`, held to the dates Python can represent (0001-01-01 to
    9999-12-31): a default window next to either end is cut short, not an error."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min
