"""The about page: how importance is computed, the search syntax, what is extracted."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from assay.search import importance
from assay.store.insights import LEAD_CHARS
from assay.web.pages.render import render

router = APIRouter()


@router.get("/about", response_class=HTMLResponse)
def about_page(request: Request) -> HTMLResponse:
    weights = {
        "sources": importance.W_SOURCES,
        "facts": importance.W_FACTS,
        "salience": importance.W_SALIENCE,
        "recency": importance.W_RECENCY,
    }
    caps = {
        "sources": importance.SOURCES_CAP,
        "facts": importance.FACTS_CAP,
        "salience": f"{importance.SALIENCE_CAP:g}",
        "late": importance.LATE_WEIGHT,
        "lead": LEAD_CHARS,
        "half_life": f"{importance.HALF_LIFE_HOURS:g}",
    }
    return render(request, "about.html", title="About", weights=weights, caps=caps)
