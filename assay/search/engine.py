"""Hybrid search: full text and vector k-NN, fused by reciprocal rank, one hit per story.

    page = search(store, '"rare earth" refinery country:USA since:2025-01-01', embedder=emb)

The query language is `syntax.py`; `compile.py` writes it in the backend's full-text
syntax. Filters, exclusions and quoted phrases hold on both sides: the text side matches
them, and vector neighbours that fail them are dropped. Each side ranks its candidates;
`fusion.py` sums reciprocal ranks. Hits of one story cluster (syndicated copies)
collapse into the best-placed member, which carries `sources`: how many articles the
cluster holds. `sort="date"` orders the same hits newest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import get_args

import numpy as np

from assay.errors import QueryError
from assay.models import CountAtLeast
from assay.search.backend import Neighbours, SearchBackend, SearchSource
from assay.search.compile import Compiler, compiler_for
from assay.search.fusion import best_first, collapse, fuse
from assay.search.results import FoundBy, Mode, SearchHit, SearchPage, Sort
from assay.search.syntax import Query, parse_query
from assay.search.vectors import IndexCache, QueryEmbedder

# Candidates each side contributes: enough that collapsing duplicates still fills a page.
MIN_DEPTH = 100
DEPTH_FACTOR = 3
# Deep pages cost a ranking of everything above them; past this, refine the query.
MAX_RESULTS = 10_000
SNIPPET_TOKENS = 32
PLAIN_SNIPPET_CHARS = 240
ELLIPSIS = "…"
# Cosine a vector-only hit needs: with text hits beside it, and when the words matched
# nothing. Set on the fast static model, where unrelated one-word queries scored up to
# ~0.35 against a story and paraphrases of it 0.2-0.45. A coarse scale.
MIN_VECTOR_SCORE, MIN_VECTOR_SCORE_ALONE = 0.2, 0.5
# A filtered vector search first takes this many times more neighbours, then filters them.
POSTFILTER_FACTOR = 10


def search(
    source: SearchSource,
    query: str,
    *,
    embedder: QueryEmbedder | None = None,
    limit: int = 20,
    offset: int = 0,
    sort: Sort = "relevance",
    indexes: IndexCache | None = None,
) -> SearchPage:
    """Search `source` (a Store); hybrid when `embedder` is given and its model has vectors.

    `indexes` keeps loaded vector indexes between calls (pass one per store to avoid
    reloading). Raises QueryError for a query that cannot be parsed or pages too far.
    """
    if limit < 1 or offset < 0:
        raise QueryError(f"limit is {limit} and offset {offset}; use limit >= 1, offset >= 0.")
    if offset + limit > MAX_RESULTS:
        raise QueryError(
            f"Results {offset + 1:,} to {offset + limit:,} are past the first "
            f"{MAX_RESULTS:,}; narrow the query with more words or filters."
        )
    if sort not in get_args(Sort):
        raise QueryError(f"Unknown sort '{sort}'; use one of {', '.join(get_args(Sort))}.")
    parsed = parse_query(query)
    with source.search_backend() as backend:
        compiler = compiler_for(backend.dialect)
        index: Neighbours | None = None
        if embedder is not None and parsed.text:
            index = backend.vector_index(embedder.name)
            if index is None:
                index = (indexes or IndexCache()).get(backend, embedder.name)
        qvec = embedder.encode([parsed.text])[0] if embedder is not None and index else None
        run = _Run(backend, compiler, parsed, sort, offset + limit)
        order, mode, total, exact = run.rank(index, qvec)
        at_least = isinstance(run.matches, CountAtLeast)
        page_ids = order[offset : offset + limit]
        hits = run.hits(page_ids)
    return SearchPage(
        query=query,
        hits=hits,
        total=total,
        limit=limit,
        offset=offset,
        mode=mode,
        exact_total=exact,
        total_at_least=at_least,
        vector_model=embedder.name if qvec is not None and embedder is not None else None,
        sort=sort,
        filters=parsed.filters.describe(),
    )


@dataclass
class _Run:
    """The state of one search inside one backend session."""

    backend: SearchBackend
    compiler: Compiler
    query: Query
    sort: Sort
    need: int
    scores: dict[int, float] = field(default_factory=dict)
    found_by: dict[int, FoundBy] = field(default_factory=dict)
    # How many matched, as the backend counted (a CountAtLeast when its count stopped).
    matches: int = 0

    def rank(
        self, index: Neighbours | None, qvec: np.ndarray | None
    ) -> tuple[list[int], Mode, int, bool]:
        """Story ids in result order (at least `need` when there are that many), the mode,
        the estimated total and whether it is exact."""
        query, backend = self.query, self.backend
        match = self.compiler.match(query)
        exclude = self.compiler.any_of(query.exclude)
        depth = max(MIN_DEPTH, DEPTH_FACTOR * self.need)
        near: list[tuple[int, float]] = []
        if index is not None and qvec is not None:
            near = self._vector_candidates(index, qvec, depth, exclude)
        bm25: dict[int, float] = {}
        while True:
            if match is not None:
                found, matches = backend.text_candidates(
                    match, query.filters, depth, newest_first=self.sort == "date"
                )
                bm25 = dict(found)
                # Relevance ranks among the candidates, whatever order they came in.
                ranked = best_first(bm25)
                mode: Mode = "text"
            else:
                ranked, matches = backend.filter_candidates(query.filters, exclude, depth)
                mode = "filter"
            side: FoundBy = "text" if mode == "text" else "filter"
            found_by: dict[int, FoundBy] = dict.fromkeys(ranked, side)
            rankings = [[(aid, rank) for rank, aid in enumerate(ranked, start=1)]]
            extra = 0
            if qvec is not None:
                mode = "hybrid"
                # A neighbour the text side did not find must be close to count at all, and
                # closer still when no article matched the words (else any query "finds" stuff).
                floor = MIN_VECTOR_SCORE if ranked else MIN_VECTOR_SCORE_ALONE
                kept = []
                for rank, (aid, similarity) in enumerate(near, start=1):
                    if aid not in found_by and similarity < floor:
                        continue
                    kept.append((aid, rank))
                    if aid in found_by:
                        found_by[aid] = "both"
                    else:
                        found_by[aid] = "vector"
                        extra += 1
                rankings.append(kept)
            fused = fuse(rankings)
            if self.sort == "date" and mode != "filter":
                order = _newest_first(list(fused), backend.published_of(list(fused)))
            elif mode == "filter":
                order = ranked
            else:
                order = best_first(fused)
            stories = collapse(order, backend.clusters_of(order))
            complete = len(ranked) >= matches
            if len(stories) >= self.need or complete or depth >= matches:
                break
            depth *= 4
        candidates = len(ranked) + extra
        if complete and qvec is None:
            total, exact = len(stories), True
        else:
            # Duplicates among the candidates are assumed as common among the rest.
            ratio = len(stories) / candidates if candidates else 1.0
            total, exact = max(len(stories), round((matches + extra) * ratio)), False
        # Text-only results keep their full-text score (higher is better); others the fused.
        self.scores = bm25 if mode == "text" else fused
        self.found_by = found_by
        self.matches = matches
        return stories, mode, total, exact

    def _vector_candidates(
        self, index: Neighbours, qvec: np.ndarray, depth: int, exclude: str | None
    ) -> list[tuple[int, float]]:
        """(id, cosine) of neighbours passing the filters, phrases and exclusions, best first."""
        filters, backend = self.query.filters, self.backend
        if not filters:
            near = index.search(qvec, depth)
        else:
            # Filter a wider net first: listing every allowed id costs ~60 ms per 10,000
            # (measured), checking a thousand neighbours is one indexed query.
            wide = index.search(qvec, depth * POSTFILTER_FACTOR)
            passing = backend.passing(filters, [aid for aid, _ in wide])
            near = [hit for hit in wide if hit[0] in passing][:depth]
            if len(near) < self.need and len(wide) == depth * POSTFILTER_FACTOR:
                # Too few to fill the page: the filter is selective, so its ids are few and
                # cheap to list; search only those.
                near = index.search(qvec, depth, backend.passing(filters))
        ids = [aid for aid, _ in near]
        keep = set(ids)
        required = self.query.required
        if required is not None:
            keep &= backend.matching(self.compiler.node(required), ids)
        if exclude is not None:
            keep -= backend.matching(exclude, ids)
        return [hit for hit in near if hit[0] in keep]

    def hits(self, ids: Sequence[int]) -> list[SearchHit]:
        """The page's hits with highlight spans, snippets and `sources` per story."""
        if not ids:
            return []
        rows = self.backend.hit_rows(ids, PLAIN_SNIPPET_CHARS * 2)
        highlight = self.compiler.any_of(self.query.terms)
        marks = self.backend.highlights(ids, highlight, SNIPPET_TOKENS) if highlight else {}
        hits = []
        for aid in ids:
            row = rows.get(aid)
            if row is None:  # deleted since the vector index was loaded
                continue
            title_spans, snippet, snippet_spans = marks.get(aid, ([], "", []))
            if not snippet_spans:
                snippet = row["summary"] or _plain_snippet(row["head"])
            hits.append(
                SearchHit(
                    id=aid,
                    title=row["title"],
                    title_spans=tuple(title_spans),
                    snippet=snippet,
                    snippet_spans=tuple(snippet_spans),
                    url=row["url"],
                    source=row["source"],
                    published=row["published"],
                    language=row["language"],
                    site_name=row["site_name"],
                    score=round(self.scores.get(aid, 0.0), 6),
                    found_by=self.found_by.get(aid, "text"),
                    cluster_id=row["cluster_id"],
                    sources=row["sources"],
                )
            )
        return hits


def _newest_first(ids: list[int], published: dict[int, datetime | None]) -> list[int]:
    """Newest first, undated last, ties by descending id (as filter-only results)."""
    dated = sorted(((p, i) for i in ids if (p := published.get(i)) is not None), reverse=True)
    undated = sorted((i for i in ids if published.get(i) is None), reverse=True)
    return [i for _, i in dated] + undated


def _plain_snippet(head: str) -> str:
    words = " ".join(head.split())
    if len(words) <= PLAIN_SNIPPET_CHARS:
        return words
    return words[:PLAIN_SNIPPET_CHARS].rsplit(" ", 1)[0] + ELLIPSIS
