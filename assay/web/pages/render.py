"""Rendering pages: one Jinja2 environment per app (autoescape on everywhere), the
filters templates use, and the HTML error page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from assay.models import ENTITY_TYPES, FACT_TYPES, SECTORS
from assay.web.pages import views

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def environment() -> Environment:
    """A template environment: every value escaped unless a chart hands over Markup."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        day=views.day_text,
        time=views.time_text,
        number=views.number_text,
        sector_name=views.sector_name,
        entity_href=views.entity_href,
        safe_url=views.safe_url,
        host=views.host,
        source_name=views.source_name,
        entity_type=lambda t: views.ENTITY_TYPE_NAMES.get(t, t.title()),
        entity_types=lambda t: views.ENTITY_TYPE_PLURALS.get(t, t.title()),
        fact_type=lambda t: views.FACT_TYPE_NAMES.get(t, t),
        fact_fields=views.fact_fields,
        marked=views.marked,
    )
    env.globals.update(
        SECTORS=SECTORS,
        SECTOR_BLURBS=views.SECTOR_BLURBS,
        SECTOR_SHORT=views.SECTOR_SHORT,
        FACT_TYPES=FACT_TYPES,
        ENTITY_TYPES=ENTITY_TYPES,
        page_url=views.page_url,
    )
    return env


def _env(request: Request) -> Environment:
    state = request.app.state
    env: Environment | None = getattr(state, "page_templates", None)
    if env is None:
        env = state.page_templates = environment()
    return env


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """The page `template` with `context`, plus `request` and the current path for the nav."""
    page = _env(request).get_template(template)
    html = page.render(request=request, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status_code)


def error_page(request: Request, status: int, code: str, message: str) -> HTMLResponse:
    """The HTML error page create_app shows for page routes (the API answers JSON)."""
    titles = {404: "Not found", 400: "Bad request", 422: "Bad request", 429: "Slow down"}
    title = titles.get(status, "Something went wrong" if status >= 500 else "Error")
    return render(
        request,
        "error.html",
        status_code=status,
        title=title,
        status=status,
        code=code,
        message=message,
    )
