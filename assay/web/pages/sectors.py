"""Sector pages: latest stories, most active entities, articles over time."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from assay.errors import NotFound
from assay.models import SECTORS
from assay.web import charts
from assay.web.deps import StoreDep
from assay.web.pages.render import render
from assay.web.pages.views import entity_href

router = APIRouter()
PAGE_SIZE = 15
ACTIVE_DAYS = 90
ACTIVE_ENTITIES = 12


@router.get("/sectors/{slug}", response_class=HTMLResponse)
def sector_page(
    request: Request,
    slug: str,
    store: StoreDep,
    page: Annotated[int, Query(ge=1, le=500)] = 1,
) -> HTMLResponse:
    if slug not in SECTORS:
        raise NotFound(f"No sector '{slug}'. Sectors: {', '.join(SECTORS)}.")
    stories = store.latest_stories(slug, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
    days = store.sector_per_day(slug)
    unit, series = charts.buckets(days)
    trend = charts.time_chart(series, unit, title=f"{SECTORS[slug]} articles over time")
    # "Active" is relative to the sector's newest article, so a quiet archive still shows.
    newest = date.fromisoformat(days[-1]["day"]) if days else None
    since = newest - timedelta(days=ACTIVE_DAYS - 1) if newest else None
    active = store.active_entities(slug, since=since, limit=ACTIVE_ENTITIES)
    bars = charts.bar_chart(
        [
            charts.Bar(a["name"], a["articles"], entity_href(a["key"]), f"bar-{a['type'].lower()}")
            for a in active
        ],
        title=f"Most active entities in {SECTORS[slug]}",
    )
    return render(
        request,
        "sector.html",
        title=SECTORS[slug],
        slug=slug,
        stories=stories[:PAGE_SIZE],
        page=page,
        has_more=len(stories) > PAGE_SIZE,
        trend=trend,
        unit=unit,
        active=active,
        active_chart=bars,
        since=since,
        total=sum(d["count"] for d in days),
    )
