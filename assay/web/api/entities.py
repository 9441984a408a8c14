"""Entities: profile by key, mentions per day, facts it takes part in, partners."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from assay.records import DayCount, EntityProfile, FactRecord, Partner
from assay.web.api.responses import Limit, Offset, Page, json_response, page_response
from assay.web.deps import ReadAccess, StoreDep

router = APIRouter(prefix="/entities", tags=["entities"])

EntityKey = Annotated[
    str,
    Path(
        min_length=3,
        max_length=200,
        description="Entity key: country:IDN, org:jbic, commodity:nickel...",
    ),
]
Since = Annotated[date | None, Query(description="From this day (inclusive).")]
Until = Annotated[date | None, Query(description="Up to this day (exclusive).")]


@router.get("/{key}", response_model=EntityProfile, summary="An entity's profile")
def get_entity(key: EntityKey, store: StoreDep, _: ReadAccess) -> Response:
    """Type, name, attributes (ISO code, element group, critical-mineral lists...), counts
    of mentions, articles and facts, first and last sighting, latest articles."""
    return json_response(store.entity(key))


@router.get(
    "/{key}/mentions", response_model=list[DayCount], summary="Articles mentioning it per day"
)
def entity_mentions(
    key: EntityKey, store: StoreDep, _: ReadAccess, since: Since = None, until: Until = None
) -> Response:
    """Days (UTC) with at least one article mentioning the entity, oldest first."""
    return json_response(store.entity_per_day(key, since, until))


@router.get("/{key}/facts", response_model=Page[FactRecord], summary="Facts it takes part in")
def entity_facts(
    key: EntityKey,
    store: StoreDep,
    _: ReadAccess,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    """Its timeline of facts, newest first."""
    store.entity(key)  # NotFound for an unknown key, not an empty page
    rows = store.query_facts(entity_key=key, limit=limit + 1, offset=offset)
    return page_response(rows, limit, offset)


@router.get("/{key}/partners", response_model=list[Partner], summary="Who it deals with")
def entity_partners(
    key: EntityKey,
    store: StoreDep,
    _: ReadAccess,
    limit: Annotated[int, Query(ge=1, le=200, description="Most partners listed.")] = 25,
) -> Response:
    """Entities sharing agreements, trade measures, sanctions or investments with it, most
    facts first, with the fact types and first and last dates."""
    return json_response(store.partners(key, limit))
