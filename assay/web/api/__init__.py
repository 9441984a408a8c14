"""The REST API under /api/v1: one router module per resource, included here."""

from typing import Any

from fastapi import APIRouter

from assay.web.api import (
    articles,
    docs,
    entities,
    facts,
    feeds,
    health,
    keys,
    search,
    sectors,
    trends,
)
from assay.web.api.schemas import ErrorBody

# Every operation may answer with the one error body (FastAPI's own 422 shape is replaced).
ERRORS: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorBody, "description": "The request cannot be served as sent."},
    "5XX": {"model": ErrorBody, "description": "The server or its store failed."},
}
api_router = APIRouter()
for _module in (articles, search, entities, facts, sectors, trends, feeds, keys, health):
    api_router.include_router(_module.router, responses=ERRORS)
api_router.include_router(docs.router)

__all__ = ["api_router"]
