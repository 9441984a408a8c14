"""The facts explorer: a sortable, filterable table with provenance, and its CSV download.

The filters are those of the API's `/api/v1/facts` (type, party, commodity, country,
since, until). The page's CSV download streams the same rows in the API's CSV shape.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from assay.web.api.facts import FactFilters, Filters, all_facts, csv_chunks
from assay.web.deps import StoreDep
from assay.web.pages.annotate import sentence_anchor
from assay.web.pages.render import render
from assay.web.pages.views import page_url

router = APIRouter()
PAGE_SIZE = 50
LAST_PAGE = 200
Sort = Literal["-published", "published", "type", "-type", "-confidence", "confidence"]
COLUMNS = (("published", "Date"), ("type", "Type"), ("confidence", "Confidence"))


@router.get("/facts", response_class=HTMLResponse)
def facts_page(
    request: Request,
    store: StoreDep,
    filters: Filters,
    sort: Sort = "-published",
    page: Annotated[int, Query(ge=1, le=LAST_PAGE)] = 1,
) -> HTMLResponse:
    rows = filters.query(store, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE, sort)
    params = _params(filters)
    view = {**params, "sort": sort if sort != "-published" else None}
    return render(
        request,
        "facts.html",
        title="Facts",
        facts=rows[:PAGE_SIZE],
        params=params,
        sort=sort,
        page=page,
        has_more=len(rows) > PAGE_SIZE and page < LAST_PAGE,
        columns=COLUMNS,
        url=lambda **changes: page_url("/facts", view, **changes),
        sort_url=lambda column: page_url("/facts", view, sort=_flip(sort, column), page=None),
        export_url=page_url("/facts/export.csv", {**params, "sort": view["sort"]}),
        anchor=sentence_anchor,
    )


@router.get("/facts/export.csv")
def facts_csv(store: StoreDep, filters: Filters, sort: Sort = "-published") -> StreamingResponse:
    """Every fact the explorer's filters select (at most EXPORT_MAX), as CSV."""
    return StreamingResponse(
        csv_chunks(all_facts(store, filters, sort)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="facts.csv"'},
    )


def _params(filters: FactFilters) -> dict[str, Any]:
    return {
        "type": filters.type,
        "party": filters.party,
        "commodity": filters.commodity,
        "country": filters.country,
        "since": filters.since.isoformat() if filters.since else None,
        "until": filters.until.isoformat() if filters.until else None,
    }


def _flip(current: str, column: str) -> str:
    """Sorting by the column already sorted on reverses it; a new column starts descending
    for dates and confidence, ascending for type."""
    if current.lstrip("-") == column:
        return column if current.startswith("-") else f"-{column}"
    return column if column == "type" else f"-{column}"
