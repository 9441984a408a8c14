"""`create_app(settings)`: one FastAPI app with the API, the pages, static files and safety."""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from assay.settings import Settings
from assay.store import Store
from assay.web.api import api_router
from assay.web.errors import install_error_handlers
from assay.web.security import RateLimiter, SecurityHeaders

STATIC_DIR = Path(__file__).parent / "static"
API_PREFIX = "/api/v1"


def create_app(settings: Settings, *, routers: Sequence[APIRouter] = ()) -> FastAPI:
    """The assay web app over the store `settings` names.

    One Store is opened per app (`app.state.store`) and closed at shutdown. `routers` are
    extra routers (e.g. subscription pages) that the caller owns; they are included as given.
    """
    store = Store.open(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
        title="assay",
        version="1",
        summary="Structured intelligence from industry news: articles, entities, facts, trends.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        # The default docs pages load Swagger UI from a CDN; ours serves it locally.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.limiter = RateLimiter(settings)
    app.state.error_page = None
    app.state.services = None  # lazily loaded embedder and vector indexes (deps.services)

    install_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    app.include_router(api_router, prefix=API_PREFIX)
    if importlib.util.find_spec("assay.web.pages") is not None:
        from assay.web import pages

        pages_router = getattr(pages, "router", None)
        if pages_router is not None:
            app.include_router(pages_router)
        # Pages may render errors as HTML; the API always answers with the JSON error body.
        app.state.error_page = getattr(pages, "error_page", None)
    for router in routers:
        app.include_router(router)
    return app
