"""GET /search: the query syntax of `assay search`, paged, with optional facet counts."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from assay.search import search
from assay.search.engine import MAX_RESULTS
from assay.web.api.responses import MAX_LIMIT, json_response
from assay.web.api.schemas import SearchPageRecord
from assay.web.deps import ReadAccess, SearchLimit, ServicesDep, SettingsDep, StoreDep

router = APIRouter(tags=["search"])
# Facets count over at most this many of the best matches (one query each over their ids).
FACET_DEPTH = 200


@router.get(
    "/search",
    response_model=SearchPageRecord,
    dependencies=[SearchLimit],
    summary="Search articles (one hit per story)",
)
def search_articles(
    store: StoreDep,
    settings: SettingsDep,
    services: ServicesDep,
    _: ReadAccess,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=1000,
            description='Words, "phrases", -excluded, a OR b, (groups), prefix*, and '
            "sector:SLUG, entity:TYPE:ID, country:ISO3, type:FACT, since:DATE, until:DATE, "
            "lang:xx.",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Hits per page.")] = 20,
    offset: Annotated[
        int, Query(ge=0, le=MAX_RESULTS - 1, description="Hits to skip (relevance order).")
    ] = 0,
    sort: Annotated[
        Literal["relevance", "date"], Query(description="relevance, or date (newest first).")
    ] = "relevance",
    vector: Annotated[
        bool, Query(description="Also search by meaning when the store holds embeddings.")
    ] = True,
    facets: Annotated[
        bool,
        Query(description=f"Count sectors, entities and fact types of the best {FACET_DEPTH}."),
    ] = False,
) -> Response:
    """BM25 full text fused with vector similarity, hits of one story collapsed into one,
    with highlighted titles and snippets. Raises 400 (query_error) for a query that
    cannot be run."""
    embedder = services.query_embedder(store, settings) if vector else None
    result = search(
        store,
        q,
        embedder=embedder,
        limit=limit,
        offset=offset,
        sort=sort,
        indexes=services.indexes,
    )
    body = result.to_dict()
    next_offset = offset + limit
    body["next_offset"] = next_offset if result.has_more and next_offset < MAX_RESULTS else None
    body["facets"] = None
    if facets:
        top = result
        if offset > 0 or limit < FACET_DEPTH:
            top = search(
                store,
                q,
                embedder=embedder,
                limit=min(FACET_DEPTH, MAX_RESULTS),
                sort=sort,
                indexes=services.indexes,
            )
        body["facets"] = store.facets([h.id for h in top.hits], result.total)
    return json_response(body)
