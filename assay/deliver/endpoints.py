"""Atom feeds out and the alerts API (analysts and admins)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from assay.deliver import atom
from assay.deliver.alerts import add_alert, fact_pattern
from assay.deliver.links import Links
from assay.deliver.requests import (
    ERRORS,
    PresentedKey,
    rate_limit,
    require,
    settings_of,
    store_of,
)
from assay.deliver.webhooks import webhook_secret
from assay.serialize import to_jsonable

feeds = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1/alerts", tags=["alerts"], responses=ERRORS)


def _atom(body: bytes) -> Response:
    return Response(
        body,
        media_type=f"{atom.MEDIA_TYPE}; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300"},
    )


@feeds.get("/atom/sectors/{slug}.xml")
def atom_sector(request: Request, slug: str, key: PresentedKey = None) -> Response:
    require(request, key, None)
    return _atom(atom.sector_feed(store_of(request), Links(settings_of(request)), slug))


@feeds.get("/atom/entities/{entity_key}.xml")
def atom_entity(request: Request, entity_key: str, key: PresentedKey = None) -> Response:
    require(request, key, None)
    return _atom(atom.entity_feed(store_of(request), Links(settings_of(request)), entity_key))


@feeds.get("/atom/alerts/{alert_id}.xml")
def atom_alert(request: Request, alert_id: int, key: PresentedKey = None) -> Response:
    require(request, key, None)
    return _atom(atom.alert_feed(store_of(request), Links(settings_of(request)), alert_id))


# ------------------------------------------------------------------------ alerts


class AlertIn(BaseModel):
    """A new alert: `search`, or a fact pattern (`type`, `entities`, `goods`, `actions`),
    notifying `email` or `webhook`."""

    name: str = Field(min_length=1, max_length=120)
    search: str | None = Field(None, max_length=500, description="A search query.")
    type: str | None = Field(None, description="Fact type of a pattern.")
    entities: list[str] = Field(default_factory=list, max_length=20)
    goods: list[str] = Field(default_factory=list, max_length=20)
    actions: list[str] = Field(default_factory=list, max_length=10)
    email: str | None = Field(None, max_length=320)
    webhook: str | None = Field(None, max_length=2000)


@api.get("", summary="List alerts")
def alerts_list(request: Request, key: PresentedKey = None) -> Any:
    require(request, key, "analyst")
    return JSONResponse(to_jsonable(store_of(request).alerts.all()))


@api.post("", status_code=201, summary="Add an alert")
def alerts_add(request: Request, body: AlertIn, key: PresentedKey = None) -> Any:
    """A saved search or fact pattern; a webhook alert's answer carries its signing secret."""
    require(request, key, "analyst")
    rate_limit(request)
    settings = settings_of(request)
    pattern = None
    if body.search is None:
        pattern = fact_pattern(
            type=body.type, entities=body.entities, goods=body.goods, actions=body.actions
        )
    record = add_alert(
        store_of(request),
        settings,
        name=body.name,
        query=body.search,
        pattern=pattern,
        email=body.email,
        webhook=body.webhook,
        created_by="api",
    )
    out: dict[str, Any] = dict(to_jsonable(record))
    if record["channel"] == "webhook":
        out["webhook_secret"] = webhook_secret(settings, record["id"])
    out["feed"] = Links(settings).atom_alert(record["id"])
    return JSONResponse(out, status_code=201)


@api.get("/{alert_id}", summary="One alert")
def alerts_get(request: Request, alert_id: int, key: PresentedKey = None) -> Any:
    require(request, key, "analyst")
    return JSONResponse(to_jsonable(store_of(request).alerts.get(alert_id)))


@api.get("/{alert_id}/matches", summary="An alert's matches, newest first")
def alerts_matches(
    request: Request,
    alert_id: int,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    key: PresentedKey = None,
) -> Any:
    require(request, key, "analyst")
    store = store_of(request)
    store.alerts.get(alert_id)
    return JSONResponse(to_jsonable(store.alerts.matches(alert_id, limit)))


@api.delete("/{alert_id}", summary="Remove an alert")
def alerts_remove(request: Request, alert_id: int, key: PresentedKey = None) -> Any:
    require(request, key, "analyst")
    rate_limit(request)
    return JSONResponse(to_jsonable(store_of(request).alerts.remove(alert_id)))
