"""The REST API under /api/v1: one router module per resource, included here."""

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

api_router = APIRouter()
for _module in (articles, search, entities, facts, sectors, trends, feeds, keys, health, docs):
    api_router.include_router(_module.router)

__all__ = ["api_router"]
