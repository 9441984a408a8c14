"""The front page, "Today's insights": the day's most important stories per sector."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from assay.errors import UsageError
from assay.models import SECTORS
from assay.records import StoryRow
from assay.search.importance import rank_stories, top_per_sector
from assay.store import Store
from assay.web.deps import StoreDep
from assay.web.pages.render import render

router = APIRouter()
SPANS = {"day": 1, "week": 7}
PER_SECTOR = 5


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    store: StoreDep,
    day: Annotated[str | None, Query(alias="date", description="YYYY-MM-DD")] = None,
    span: Literal["day", "week"] = "day",
    sector: str | None = None,
) -> HTMLResponse:
    """The chosen day's (or week's) stories, most important first, in each sector."""
    if sector is not None and sector not in SECTORS:
        raise UsageError(f"Unknown sector '{sector}'. Choose one of: {', '.join(SECTORS)}.")
    now = datetime.now(UTC)
    today = now.date()
    chosen = _parse_day(day) if day else today
    fallback = None
    stories = _stories(store, chosen, span)
    if not stories and day is None:
        # Nothing yet today: show the newest day that has stories, and say so.
        newest = store.newest_day(_midnight(today + timedelta(days=1)))
        if newest is not None:
            fallback, chosen = chosen, date.fromisoformat(newest)
            stories = _stories(store, chosen, span)
    end = _midnight(chosen + timedelta(days=1))
    ref = min(now, end)
    slugs = [sector] if sector else list(SECTORS)
    by_sector = top_per_sector(stories, ref, slugs, PER_SECTOR)
    counts = {s: sum(1 for st in stories if any(t["slug"] == s for t in st["sectors"]))
              for s in SECTORS}  # fmt: skip
    earlier = store.newest_day(_midnight(chosen - timedelta(days=SPANS[span] - 1)))
    return render(
        request,
        "home.html",
        title="Today's insights",
        chosen=chosen,
        today=today,
        fallback=fallback,
        span=span,
        sector=sector,
        by_sector=by_sector,
        counts=counts,
        total=len(stories),
        top=rank_stories(stories, ref)[:1],
        earlier=date.fromisoformat(earlier) if earlier else None,
        later=chosen + timedelta(days=SPANS[span]) if chosen < today else None,
    )


def _stories(store: Store, chosen: date, span: str) -> list[StoryRow]:
    start = _midnight(chosen - timedelta(days=SPANS[span] - 1))
    return store.story_candidates(start, _midnight(chosen + timedelta(days=1)))


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"Bad date '{value}'; use YYYY-MM-DD, e.g. 2026-03-31.") from None
