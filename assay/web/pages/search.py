"""The search page: the query language of `assay search`, facets, highlighted snippets.

Facet choices travel as their own parameters (`sector`, `country`, `entity`, `type`,
`since`, `until`) and are appended to the typed words as operators, so the words box
keeps what the reader typed and every facet can be removed on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from assay.errors import QueryError
from assay.models import CountAtLeast
from assay.search import search
from assay.search.facets import matching_ids
from assay.web.deps import ServicesDep, SettingsDep, StoreDep, rate_limited
from assay.web.pages.render import render
from assay.web.pages.views import page_url, sector_name

router = APIRouter()
PAGE_SIZE = 10
LAST_PAGE = 100
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Chip:
    """An active filter and the URL of the same search without it."""

    label: str
    remove: str


@router.get("/search", response_class=HTMLResponse, dependencies=[Depends(rate_limited("search"))])
def search_page(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    services: ServicesDep,
    q: Annotated[str, Query(max_length=500)] = "",
    sector: str | None = None,
    country: str | None = None,
    entity: Annotated[list[str], Query(max_length=10)] = [],  # noqa: B006 (FastAPI default)
    fact_type: Annotated[str | None, Query(alias="type")] = None,
    since: str | None = None,
    until: str | None = None,
    sort: Literal["relevance", "date"] = "relevance",
    page: Annotated[int, Query(ge=1, le=LAST_PAGE)] = 1,
) -> HTMLResponse:
    params: dict[str, Any] = {
        "q": q.strip(),
        "sector": sector,
        "country": country,
        "entity": entity,
        "type": fact_type,
        "since": since,
        "until": until,
        "sort": sort if sort != "relevance" else None,
    }
    query, result, facets, error = params["q"], None, None, None
    matches_at_least, counted = False, 0
    try:
        query = " ".join([params["q"], *_operators(params)]).strip()
        if query:
            embedder = services.query_embedder(store, settings)
            result = search(
                store,
                query,
                embedder=embedder,
                limit=PAGE_SIZE,
                offset=(page - 1) * PAGE_SIZE,
                sort=sort,
                indexes=services.indexes,
            )
            ids, total = matching_ids(store, query)
            facets = store.facets(ids, total)
            matches_at_least = isinstance(total, CountAtLeast)  # the count stopped early
            counted = len(ids)
    except QueryError as exc:
        error = str(exc)
    names: dict[str, str] = {}
    if facets is not None:
        for group in [facets["countries"], *facets["entities"].values()]:
            names.update((f["value"], f["label"]) for f in group)
    return render(
        request,
        "search.html",
        status_code=400 if error else 200,
        title=f"Search: {query}" if query else "Search",
        params=params,
        query=query,
        result=result,
        facets=facets,
        matches_at_least=matches_at_least,
        counted=counted,
        error=error,
        chips=_chips(params, names),
        page=page,
        last_page=LAST_PAGE,
        url=lambda **changes: page_url("/search", params, **changes),
    )


def _operators(params: dict[str, Any]) -> list[str]:
    """The facet parameters as query operators (bad values fail in the query parser)."""
    ops = []
    if params["sector"]:
        ops.append(f"sector:{_word(params['sector'])}")
    if params["country"]:
        ops.append(f"country:{_word(params['country'])}")
    ops.extend(f"entity:{_word(key)}" for key in params["entity"] if key)
    if params["type"]:
        ops.append(f"type:{_word(params['type'])}")
    for name in ("since", "until"):
        value = params[name]
        if value:
            if not _DATE.match(value):
                raise QueryError(f"Bad {name} date '{value}'; use YYYY-MM-DD, e.g. 2026-03-31.")
            ops.append(f"{name}:{value}")
    return ops


def _word(value: str) -> str:
    # One token: a space would smuggle extra words or operators into the query.
    return "".join(str(value).split())


def _chips(params: dict[str, Any], names: dict[str, str]) -> list[Chip]:
    def url(**changes: Any) -> str:
        return page_url("/search", params, **changes)

    chips = []
    if params["sector"]:
        chips.append(Chip(f"Sector: {sector_name(params['sector'])}", url(sector=None)))
    if params["country"]:
        code = params["country"].upper()
        chips.append(Chip(f"Country: {names.get(f'country:{code}', code)}", url(country=None)))
    for key in params["entity"]:
        rest = [k for k in params["entity"] if k != key]
        chips.append(Chip(names.get(key, key), url(entity=rest)))
    if params["type"]:
        chips.append(Chip(f"Fact: {params['type'].replace('_', ' ')}", url(type=None)))
    if params["since"]:
        chips.append(Chip(f"From {params['since']}", url(since=None)))
    if params["until"]:
        chips.append(Chip(f"Until {params['until']}", url(until=None)))
    return chips
