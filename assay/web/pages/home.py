"""The front page, "Today's insights": the day's most important stories per sector."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from assay.errors import UsageError
from assay.models import SECTORS
from assay.records import StoryRow
from assay.search.importance import Importance, top_per_sector
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
    sections = _sections(top_per_sector(stories, ref, slugs, PER_SECTOR))
    counts = {
        s: sum(1 for st in stories if any(t["slug"] == s for t in st["sectors"])) for s in SECTORS
    }
    earlier = store.newest_day(_midnight(chosen - timedelta(days=SPANS[span] - 1)))
    later = store.oldest_day(end) if chosen < today else None
    return render(
        request,
        "home.html",
        title="Today's insights",
        chosen=chosen,
        today=today,
        fallback=fallback,
        span=span,
        sector=sector,
        sections=sections,
        counts=counts,
        total=len(stories),
        earlier=date.fromisoformat(earlier) if earlier else None,
        later=date.fromisoformat(later) if later else None,
    )


@dataclass(frozen=True)
class Entry:
    """A story in a sector section; `shown_in` names the section holding its full card
    when an earlier section shows it already (then this one lists it briefly)."""

    story: StoryRow
    importance: Importance
    shown_in: str | None = None


def _sections(
    by_sector: dict[str, list[tuple[StoryRow, Importance]]],
) -> list[tuple[str, list[Entry]]]:
    """Sections with the most important news first; each story in full once."""
    order = sorted(by_sector, key=lambda slug: -by_sector[slug][0][1].score)
    first: dict[int, str] = {}
    out = []
    for slug in order:
        entries = []
        for story, imp in by_sector[slug]:
            entries.append(Entry(story, imp, first.get(story["id"])))
            first.setdefault(story["id"], slug)
        out.append((slug, entries))
    return out


def _stories(store: Store, chosen: date, span: str) -> list[StoryRow]:
    start = _midnight(chosen - timedelta(days=SPANS[span] - 1))
    return store.story_candidates(start, _midnight(chosen + timedelta(days=1)))


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _parse_day(value: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"Bad date '{value}'; use YYYY-MM-DD, e.g. 2026-03-31.") from None
    # A week back and a day on from it must still be dates (0001-01-01 to 9999-12-31).
    earliest, latest = date.min + timedelta(days=max(SPANS.values())), date.max - timedelta(days=1)
    if not earliest <= day <= latest:
        raise UsageError(f"Date '{value}' is out of range; give a day from {earliest} to {latest}.")
    return day
