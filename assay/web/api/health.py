"""GET /health: is the server up and can it read the store."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from typing_extensions import TypedDict

import assay
from assay.records import ServiceStatus
from assay.web.api.responses import json_response
from assay.web.deps import StoreDep

router = APIRouter(tags=["health"])


class Health(TypedDict):
    status: Literal["ok"]
    articles: int
    version: str
    service: ServiceStatus


@router.get("/health", response_model=Health, summary="Liveness and store check")
def health(store: StoreDep) -> object:
    """`ok` and how many articles the store holds (it answers without a key)."""
    return json_response(
        {
            "status": "ok",
            "articles": store.count_articles(),
            "version": assay.__version__,
            "service": store.service_status(),
        }
    )
