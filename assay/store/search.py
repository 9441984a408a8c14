"""Hybrid search: BM25 over FTS5 and vector k-NN, fused by reciprocal rank, one hit per story.

    page = search(store, '"rare earth" refinery country:USA since:2025-01-01', embedder=emb)

The query language is `assay.store.query`. Filters run in SQL on both sides (the vector
side searches only the ids they allow). Each side ranks its candidates; a candidate's
fused score is the sum of 1 / (RRF_K + rank) over the sides that found it (RRF_K = 60, as
in Cormack et al. 2009). Hits of one story cluster (syndicated copies) collapse into the
best-ranked member, which carries `sources`: how many articles the cluster holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from sqlalchemy import Connection, DateTime, bindparam, text
from sqlalchemy.exc import OperationalError

from assay.errors import QueryError, StoreError
from assay.store.convert import iso
from assay.store.fts import (
    ELLIPSIS,
    MARK_END,
    MARK_START,
    SNIPPET_TOKENS,
    TEXT_WEIGHT,
    TITLE_WEIGHT,
)
from assay.store.query import Filters, ParsedQuery, parse_query

if TYPE_CHECKING:
    from assay.store.db import Store

RRF_K = 60
# Candidates each side contributes: enough that collapsing duplicates still fills a page.
MIN_DEPTH = 100
DEPTH_FACTOR = 3
PLAIN_SNIPPET_CHARS = 240
# Cosine a vector-only hit needs: with text hits beside it, and when the words matched
# nothing. Set on the fast static model, where unrelated one-word queries scored up to
# ~0.35 against a story and paraphrases of it 0.2-0.45. A coarse scale.
MIN_VECTOR_SCORE, MIN_VECTOR_SCORE_ALONE = 0.2, 0.5
# A filtered vector search first takes this many times more neighbours, then filters them.
POSTFILTER_FACTOR = 10


class QueryEmbedder(Protocol):
    """What search needs from an embedder (assay.enrich.embed.Embedder fits)."""

    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


@dataclass
class SearchPage:
    """One page of results. `total` estimates how many stories match (exact when small)."""

    query: str
    hits: list[dict[str, Any]]
    total: int
    limit: int
    offset: int
    mode: str  # "text", "hybrid" or "filter"
    exact_total: bool = True
    vector_model: str | None = None
    filters: dict[str, Any] = field(default_factory=dict)

    @property
    def page(self) -> int:
        return self.offset // self.limit + 1 if self.limit else 1

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.hits) < self.total

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "mode": self.mode,
            "page": self.page,
            "limit": self.limit,
            "offset": self.offset,
            "total": self.total,
            "exact_total": self.exact_total,
            "has_more": self.has_more,
            "vector_model": self.vector_model,
            "hits": self.hits,
        }


def search(
    store: Store,
    query: str,
    *,
    embedder: QueryEmbedder | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    """Search `store`; hybrid when `embedder` is given and its model has stored vectors.

    Raises QueryError for a query that cannot be parsed (bad operator, nothing to find).
    """
    if limit < 1 or offset < 0:
        raise QueryError(f"limit is {limit} and offset {offset}; use limit >= 1, offset >= 0.")
    parsed = parse_query(query)
    index = None
    if embedder is not None and parsed.text:
        index = store.vector_index(embedder.name)
    with store.reading() as conn:
        if conn.dialect.name != "sqlite":
            raise StoreError(
                f"Search is implemented for SQLite only, not {conn.dialect.name}; "
                "use a SQLite store (--db) for search."
            )
        try:
            return _search(conn, parsed, embedder if index else None, index, limit, offset)
        except OperationalError as exc:
            # Defence in depth: every term is quoted, so FTS5 should never reject a query.
            raise QueryError(f"Cannot search for {query!r}: {exc.orig}.") from None


def _search(
    conn: Connection,
    parsed: ParsedQuery,
    embedder: QueryEmbedder | None,
    index: Any,
    limit: int,
    offset: int,
) -> SearchPage:
    where, params = filter_sql(parsed.filters)
    need = offset + limit
    depth = max(MIN_DEPTH, DEPTH_FACTOR * need)
    bm25: dict[int, float] = {}
    qvec = None
    near: list[tuple[int, float]] = []
    if embedder is not None and index is not None:
        qvec = embedder.encode([parsed.text])[0]
        near = _vector_candidates(conn, index, qvec, depth, need, parsed, where, params)
    while True:
        if parsed.match is not None:
            ranked, matches = _text_candidates(conn, parsed.match, where, params, depth, bm25)
            mode = "text"
        else:
            ranked, matches = _filter_candidates(conn, parsed.exclude, where, params, depth)
            mode = "filter"
        fused: dict[int, float] = {
            aid: 1.0 / (RRF_K + rank) for rank, aid in enumerate(ranked, start=1)
        }
        found_by = dict.fromkeys(ranked, "text" if mode == "text" else "filter")
        extra = 0
        if qvec is not None:
            mode = "hybrid"
            # A neighbour the text side did not find must be close to count at all, and
            # closer still when no article matched the words (else any query "finds" stuff).
            floor = MIN_VECTOR_SCORE if ranked else MIN_VECTOR_SCORE_ALONE
            for rank, (aid, similarity) in enumerate(near, start=1):
                if aid not in found_by and similarity < floor:
                    continue
                fused[aid] = fused.get(aid, 0.0) + 1.0 / (RRF_K + rank)
                if aid in found_by:
                    found_by[aid] = "both"
                else:
                    found_by[aid] = "vector"
                    extra += 1
        order = sorted(fused, key=lambda aid: (-fused[aid], aid))
        stories = _collapse(conn, order)
        complete = len(ranked) >= matches
        if len(stories) >= need or complete or depth >= matches:
            break
        depth *= 4
    candidates = len(ranked) + extra
    if complete and qvec is None:
        total, exact = len(stories), True
    else:
        # Duplicates among the candidates are assumed as common among the rest.
        ratio = len(stories) / candidates if candidates else 1.0
        total, exact = max(len(stories), round((matches + extra) * ratio)), False
    page_ids = stories[offset:need]
    scores = {aid: fused[aid] for aid in page_ids}
    if mode == "text" and qvec is None:
        # Text-only results keep their BM25 score (higher is better), as Store.search does.
        scores = {aid: bm25[aid] for aid in page_ids}
    hits = _hits(conn, page_ids, parsed, scores, found_by)
    return SearchPage(
        query=parsed.raw,
        hits=hits,
        total=total,
        limit=limit,
        offset=offset,
        mode=mode,
        exact_total=exact,
        vector_model=embedder.name if qvec is not None and embedder is not None else None,
        filters=_describe(parsed.filters),
    )


def filter_sql(filters: Filters) -> tuple[str, dict[str, Any]]:
    """A WHERE condition on `articles a` for `filters`, with its bound parameters."""
    parts: list[str] = ["1 = 1"]
    params: dict[str, Any] = {}
    for i, slug in enumerate(filters.sectors):
        params[f"sector{i}"] = slug
        parts.append(f"a.id IN (SELECT article_id FROM article_sectors WHERE slug = :sector{i})")
    for i, key in enumerate(filters.entities):
        params[f"entity{i}"] = key
        parts.append(
            "a.id IN (SELECT m.article_id FROM mentions m WHERE m.entity_id = "
            f"(SELECT id FROM entities WHERE key = :entity{i}))"
        )
    for i, kind in enumerate(filters.fact_types):
        params[f"ftype{i}"] = kind
        parts.append(f"a.id IN (SELECT article_id FROM facts WHERE type = :ftype{i})")
    if filters.since is not None:
        params["since"] = filters.since
        parts.append("a.published >= :since")
    if filters.until is not None:
        params["until"] = filters.until
        parts.append("a.published < :until")
    if filters.languages:
        names = [f":lang{i}" for i in range(len(filters.languages))]
        params.update({f"lang{i}": lang for i, lang in enumerate(filters.languages)})
        parts.append(f"a.language IN ({', '.join(names)})")
    return " AND ".join(parts), params


def _bound(sql: str, params: dict[str, Any]) -> Any:
    """text() with datetime parameters bound as the articles.published column stores them."""
    stmt = text(sql)
    dated = [bindparam(k, type_=DateTime(timezone=True)) for k in ("since", "until") if k in params]
    return stmt.bindparams(*dated) if dated else stmt


def _text_candidates(
    conn: Connection,
    match: str,
    where: str,
    params: dict[str, Any],
    depth: int,
    bm25: dict[int, float],
) -> tuple[list[int], int]:
    """Up to `depth` matching ids by BM25 (scores into `bm25`), and how many match in all."""
    sql = f"""
        SELECT id, count(*) OVER () AS total, rank FROM (
            SELECT a.id AS id, bm25(articles_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT}) AS rank
            FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
            WHERE articles_fts MATCH :match AND {where}
        )
        ORDER BY rank, id
        LIMIT :depth
    """
    rows = conn.execute(_bound(sql, params), {**params, "match": match, "depth": depth}).all()
    bm25.update((r[0], -float(r[2])) for r in rows)
    return [r[0] for r in rows], (rows[0][1] if rows else 0)


def _filter_candidates(
    conn: Connection, exclude: str | None, where: str, params: dict[str, Any], depth: int
) -> tuple[list[int], int]:
    """Filter-only queries: newest first (undated last), minus excluded terms."""
    if exclude is not None:
        where += " AND a.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :ex)"
        params = {**params, "ex": exclude}
    sql = f"""
        SELECT a.id, count(*) OVER () AS total FROM articles a WHERE {where}
        ORDER BY a.published IS NULL, a.published DESC, a.id DESC LIMIT :depth
    """
    rows = conn.execute(_bound(sql, params), {**params, "depth": depth}).all()
    return [r[0] for r in rows], (rows[0][1] if rows else 0)


def _vector_candidates(
    conn: Connection,
    index: Any,
    qvec: np.ndarray,
    depth: int,
    need: int,
    parsed: ParsedQuery,
    where: str,
    params: dict[str, Any],
) -> list[tuple[int, float]]:
    """(id, cosine) of neighbours passing the filters without excluded terms, best first."""
    if not parsed.filters:
        near = index.search(qvec, depth)
    else:
        # Filter a wider net first: listing every allowed id costs ~60 ms per 10,000
        # (measured), checking a thousand neighbours is one indexed query.
        wide = index.search(qvec, depth * POSTFILTER_FACTOR)
        listed = _in_list([aid for aid, _ in wide])
        sql = f"SELECT a.id FROM articles a WHERE a.id IN ({listed}) AND {where}"
        passing = {r[0] for r in conn.execute(_bound(sql, params), params)}
        near = [hit for hit in wide if hit[0] in passing][:depth]
        if len(near) < need and len(wide) == depth * POSTFILTER_FACTOR:
            # Too few to fill the page: the filter is selective, so its ids are few and
            # cheap to list; search only those.
            sql = f"SELECT a.id FROM articles a WHERE {where}"
            allowed = {r[0] for r in conn.execute(_bound(sql, params), params)}
            near = index.search(qvec, depth, allowed)
    kept = set(_drop_excluded(conn, [aid for aid, _ in near], parsed.exclude))
    return [hit for hit in near if hit[0] in kept]


def _in_list(ids: list[int]) -> str:
    # Integers only, from our own queries: safe to inline, and faster than 500 parameters.
    return ",".join(str(int(i)) for i in ids) or "NULL"


def _drop_excluded(conn: Connection, ids: list[int], exclude: str | None) -> list[int]:
    if exclude is None or not ids:
        return ids
    sql = (
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :ex "
        f"AND rowid IN ({_in_list(ids)})"
    )
    banned = {r[0] for r in conn.execute(text(sql), {"ex": exclude})}
    return [i for i in ids if i not in banned]


def _collapse(conn: Connection, order: list[int]) -> list[int]:
    """Keep the first (best-ranked) id of each story cluster, in order."""
    if not order:
        return []
    sql = f"SELECT id, cluster_id FROM articles WHERE id IN ({_in_list(order)})"
    cluster = {r[0]: r[1] for r in conn.execute(text(sql))}
    seen: set[int] = set()
    kept = []
    for aid in order:
        cid = cluster.get(aid)
        if cid is not None:
            if cid in seen:
                continue
            seen.add(cid)
        kept.append(aid)
    return kept


def _hits(
    conn: Connection,
    ids: list[int],
    parsed: ParsedQuery,
    scores: dict[int, float],
    found_by: dict[int, str],
) -> list[dict[str, Any]]:
    """The page's hits with highlighted titles, snippets and `sources` per story."""
    if not ids:
        return []
    listed = _in_list(ids)
    sql = f"""
        SELECT a.id, a.url, a.source, a.title, a.published, a.language, a.site_name,
               a.cluster_id, a.summary, substr(a.text, 1, {PLAIN_SNIPPET_CHARS * 2}) AS head,
               (SELECT count(*) FROM articles b WHERE b.cluster_id = a.cluster_id) AS sources
        FROM articles a WHERE a.id IN ({listed})
    """
    rows = {r.id: r for r in conn.execute(text(sql).columns(published=DateTime(timezone=True)))}
    marks: dict[int, tuple[str, str]] = {}
    highlight = parsed.highlight
    if highlight:
        # One lookup per hit: FTS5 seeks by rowid, where `rowid IN (...)` would walk every
        # match of the highlight terms (cost growing with the store, not the page).
        sql = f"""
            SELECT highlight(articles_fts, 0, '{MARK_START}', '{MARK_END}'),
                   snippet(articles_fts, 1, '{MARK_START}', '{MARK_END}', '{ELLIPSIS}',
                           {SNIPPET_TOKENS})
            FROM articles_fts WHERE articles_fts MATCH :m AND rowid = :id
        """
        stmt = text(sql)
        for aid in ids:
            row = conn.execute(stmt, {"m": highlight, "id": aid}).first()
            if row is not None:
                marks[aid] = (row[0], row[1])
    hits = []
    for aid in ids:
        row = rows.get(aid)
        if row is None:  # deleted since the vector index was loaded
            continue
        title_hl, snippet = marks.get(aid, (row.title, ""))
        if MARK_START not in snippet:
            snippet = row.summary or _plain_snippet(row.head)
        hits.append(
            {
                "id": aid,
                "title": row.title,
                "title_highlight": title_hl,
                "snippet": snippet,
                "url": row.url,
                "source": row.source,
                "published": iso(row.published),
                "language": row.language,
                "site_name": row.site_name,
                "score": round(scores.get(aid, 0.0), 6),
                "found_by": found_by.get(aid, "text"),
                "cluster_id": row.cluster_id,
                "sources": int(row.sources) if row.cluster_id is not None else 1,
            }
        )
    return hits


def _plain_snippet(head: str) -> str:
    words = " ".join(head.split())
    if len(words) <= PLAIN_SNIPPET_CHARS:
        return words
    return words[:PLAIN_SNIPPET_CHARS].rsplit(" ", 1)[0] + ELLIPSIS


def _describe(filters: Filters) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("sectors", "entities", "fact_types", "languages"):
        if getattr(filters, name):
            out[name] = list(getattr(filters, name))
    if filters.since is not None:
        out["since"] = filters.since.date().isoformat()
    if filters.until is not None:
        out["until_before"] = filters.until.date().isoformat()
    return out
