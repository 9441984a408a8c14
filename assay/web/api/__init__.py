"""The REST API under /api/v1: one router module per resource, included here."""

from fastapi import APIRouter

from assay.web.api import docs, health

api_router = APIRouter()
for _module in (health, docs):
    api_router.include_router(_module.router)

__all__ = ["api_router"]
