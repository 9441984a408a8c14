"""Which of some articles a query matches: the test a saved search (alert) runs on each
batch of new articles. Words, phrases, OR groups, exclusions and filters all hold; there
is no ranking and no vector side (an alert fires on what the query says, not on what is
merely similar).

    matching_ids(store, '"export control" country:CHN -gallium', [101, 102, 103])
"""

from __future__ import annotations

from collections.abc import Sequence

from assay.search.backend import SearchSource
from assay.search.compile import compiler_for
from assay.search.syntax import Query, parse_query


def matching_ids(source: SearchSource, query: str | Query, ids: Sequence[int]) -> set[int]:
    """The ids among `ids` that `query` matches (QueryError if it cannot be parsed)."""
    parsed = parse_query(query) if isinstance(query, str) else query
    if not ids:
        return set()
    with source.search_backend() as backend:
        compiler = compiler_for(backend.dialect)
        keep = backend.passing(parsed.filters, ids) if parsed.filters else set(ids)
        match = compiler.match(parsed)
        if match is not None and keep:
            keep &= backend.matching(match, sorted(keep))
        exclude = compiler.any_of(parsed.exclude)
        if match is None and exclude is not None and keep:
            # FTS5 cannot match a bare NOT: with no wanted words, drop the excluded here.
            keep -= backend.matching(exclude, sorted(keep))
    return keep
