"""Search above the store: query syntax, hybrid ranking, related stories (no SQL here).

    from assay.search import search, related
    page = search(store, '"rare earth" refinery -coal sector:ev-battery')

The store implements `backend.SearchBackend`; this package never imports it.
"""

from assay.search.engine import search
from assay.search.related import related
from assay.search.results import RelatedHit, SearchHit, SearchPage
from assay.search.syntax import Filters, Query, parse_query
from assay.search.vectors import IndexCache

__all__ = [
    "Filters",
    "IndexCache",
    "Query",
    "RelatedHit",
    "SearchHit",
    "SearchPage",
    "parse_query",
    "related",
    "search",
]
