"""Which articles a query's words and filters match, for facet counts beside a result page.

Facets count over the text side of a search (its words, phrases, exclusions and filters),
best matches first, up to `FACET_DEPTH` articles: stories the vector side adds are not
counted, and a very broad query is counted over its best matches only (the total says so).
"""

from __future__ import annotations

from assay.search.backend import SearchSource
from assay.search.compile import compiler_for
from assay.search.syntax import parse_query

FACET_DEPTH = 500


def matching_ids(
    source: SearchSource, query: str, depth: int = FACET_DEPTH
) -> tuple[list[int], int]:
    """Up to `depth` article ids matching `query`, best first, and how many match in all.

    Raises QueryError for a query that cannot be parsed (as `search` does).
    """
    parsed = parse_query(query)
    with source.search_backend() as backend:
        compiler = compiler_for(backend.dialect)
        match = compiler.match(parsed)
        if match is not None:
            found, total = backend.text_candidates(match, parsed.filters, depth)
            return [aid for aid, _ in found], total
        exclude = compiler.any_of(parsed.exclude)
        return backend.filter_candidates(parsed.filters, exclude, depth)
