"""Sectors: the nine with their article counts; one with latest stories, busiest
entities and articles per day."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from typing_extensions import TypedDict

from assay.models import SECTORS
from assay.records import ActiveEntity, DayCount, StoryRow
from assay.web.api.responses import day_window, json_response
from assay.web.deps import ReadAccess, StoreDep

router = APIRouter(prefix="/sectors", tags=["sectors"])
SectorSlug = Literal[
    "oil-gas",
    "rare-earths-commodities",
    "mining-metals",
    "ev-battery",
    "esg-renewables",
    "ai-semiconductors",
    "aerospace-defense",
    "sanctions-regulation",
    "business-politics",
]
assert list(SectorSlug.__args__) == list(SECTORS)  # type: ignore[attr-defined]


class SectorSummary(TypedDict):
    slug: str
    name: str
    articles: int


class SectorDetail(TypedDict):
    """A sector page's data: `since`/`until` bound the counts (default: the last 90 days
    of stored articles)."""

    slug: str
    name: str
    since: str
    until: str
    latest: list[StoryRow]
    active_entities: list[ActiveEntity]
    per_day: list[DayCount]


@router.get("", response_model=list[SectorSummary], summary="The nine sectors")
def list_sectors(store: StoreDep, _: ReadAccess) -> Response:
    counts = store.sector_counts()
    return json_response(
        [{"slug": s, "name": name, "articles": counts.get(s, 0)} for s, name in SECTORS.items()]
    )


@router.get("/{slug}", response_model=SectorDetail, summary="One sector")
def get_sector(
    slug: Annotated[SectorSlug, Path(description="Sector slug.")],
    store: StoreDep,
    _: ReadAccess,
    since: Annotated[date | None, Query(description="Counts from this day.")] = None,
    until: Annotated[date | None, Query(description="Counts before this day.")] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Latest stories listed.")] = 20,
) -> Response:
    """Latest stories (copies collapsed), the most active entities and articles per day."""
    since, until = day_window(store, since, until)
    return json_response(
        {
            "slug": slug,
            "name": SECTORS[slug],
            "since": since.isoformat(),
            "until": until.isoformat(),
            "latest": store.latest_stories(slug, limit=limit),
            "active_entities": store.active_entities(slug, since, until, limit=15),
            "per_day": store.sector_per_day(slug, since, until),
        }
    )
