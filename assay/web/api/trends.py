"""Trends: daily counts for an entity, a sector or a fact type; rising entities."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from typing_extensions import TypedDict

from assay.errors import UsageError
from assay.records import DayCount
from assay.search.trends import (
    BASELINE_DAYS,
    MIN_RATIO,
    MIN_RECENT,
    RECENT_DAYS,
    WindowCounts,
    rising,
)
from assay.web.api.facts import FactType
from assay.web.api.responses import day_window, json_response
from assay.web.api.schemas import RisingResponse
from assay.web.api.sectors import SectorSlug
from assay.web.deps import ReadAccess, StoreDep

router = APIRouter(prefix="/trends", tags=["trends"])


class TrendResponse(TypedDict):
    """Counts per day (UTC) in [since, until); days without any are left out."""

    kind: Literal["entity", "sector", "fact_type"]
    value: str
    since: str
    until: str
    total: int
    days: list[DayCount]


@router.get("", response_model=TrendResponse, summary="Daily counts")
def trend(
    store: StoreDep,
    _: ReadAccess,
    entity: Annotated[
        str | None, Query(max_length=200, description="Entity key: articles mentioning it.")
    ] = None,
    sector: Annotated[SectorSlug | None, Query(description="Sector: its articles.")] = None,
    fact_type: Annotated[FactType | None, Query(description="Facts of this type.")] = None,
    since: Annotated[
        date | None, Query(description="From this day (default: 90 days back).")
    ] = None,
    until: Annotated[
        date | None, Query(description="Before this day (default: after the newest article).")
    ] = None,
) -> Response:
    """Give exactly one of `entity`, `sector`, `fact_type`."""
    given = [
        (k, v) for k, v in (("entity", entity), ("sector", sector), ("fact_type", fact_type)) if v
    ]
    if len(given) != 1:
        raise UsageError("Give exactly one of entity, sector or fact_type.")
    kind, value = given[0]
    since, until = day_window(store, since, until)
    if kind == "entity":
        days = store.entity_per_day(value, since, until)
    elif kind == "sector":
        days = store.sector_per_day(value, since, until)
    else:
        days = store.facts_per_day(value, since, until)
    return json_response(
        {
            "kind": kind,
            "value": value,
            "since": since.isoformat(),
            "until": until.isoformat(),
            "total": sum(d["count"] for d in days),
            "days": days,
        }
    )


@router.get("/rising", response_model=RisingResponse, summary="Rising entities")
def rising_entities(
    store: StoreDep,
    _: ReadAccess,
    as_of: Annotated[
        date | None,
        Query(description="Last day of the recent window (default: the newest article's)."),
    ] = None,
    recent_days: Annotated[
        int, Query(ge=1, le=90, description="Recent window, days.")
    ] = RECENT_DAYS,
    baseline_days: Annotated[
        int, Query(ge=1, le=730, description="Trailing baseline window, days.")
    ] = BASELINE_DAYS,
    min_recent: Annotated[
        int, Query(ge=1, le=10_000, description="Fewest recent articles to count.")
    ] = MIN_RECENT,
    min_ratio: Annotated[
        float, Query(ge=1.0, le=1000.0, description="Smoothed recent/expected ratio needed.")
    ] = MIN_RATIO,
    limit: Annotated[int, Query(ge=1, le=200, description="Most entities listed.")] = 20,
) -> Response:
    """Entities whose mentions over the recent window are far above their trailing rate.

    expected = baseline × recent_days / baseline_days; ratio = (recent + 1) / (expected + 1);
    rising when recent ≥ min_recent and ratio ≥ min_ratio, ranked by
    (recent − expected) / √(expected + 1). See `assay.search.trends`.
    """
    if as_of is None:
        newest = store.newest_day()
        as_of = date.fromisoformat(newest) if newest else datetime.now(UTC).date()
    try:
        end = datetime.combine(as_of + timedelta(days=1), time(), UTC)
        recent_start = end - timedelta(days=recent_days)
        baseline_start = recent_start - timedelta(days=baseline_days)
    except OverflowError:
        # The windows would run past 0001-01-01 or 9999-12-31: no datetime holds them.
        earliest = date.min + timedelta(days=recent_days + baseline_days - 1)
        latest = date.max - timedelta(days=1)
        raise UsageError(
            f"as_of {as_of.isoformat()} puts the recent and baseline windows out of range; "
            f"give a day from {earliest.isoformat()} to {latest.isoformat()}."
        ) from None
    rows = store.mention_windows(baseline_start, recent_start, end, min_recent)
    found = rising(
        (WindowCounts(**r) for r in rows),
        recent_days=recent_days,
        baseline_days=baseline_days,
        min_recent=min_recent,
        min_ratio=min_ratio,
        limit=limit,
    )
    return json_response(
        {
            "as_of": as_of.isoformat(),
            "recent_start": recent_start.date().isoformat(),
            "baseline_start": baseline_start.date().isoformat(),
            "parameters": {
                "recent_days": recent_days,
                "baseline_days": baseline_days,
                "min_recent": min_recent,
                "min_ratio": min_ratio,
            },
            "items": found,
        }
    )
