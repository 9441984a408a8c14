"""Search on PostgreSQL: tsvector full text ranked by ts_rank_cd, pgvector k-NN by HNSW.

Full-text expressions arrive compiled to tsquery text (`assay.search.compile`) and go
through `to_tsquery` with the same configuration that built `articles.fts`, so query
words are stemmed as the stored ones were. Title words weigh five times body words, as
in the SQLite store's BM25.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import Connection, func, select, text

from assay.store.fts import TEXT_WEIGHT, TITLE_WEIGHT
from assay.store.schema import embeddings, vector_text
from assay.store.search_sql import (
    ELLIPSIS,
    MARK_END,
    MARK_START,
    FilterValues,
    SearchSession,
    Span,
    bound,
    filter_sql,
    in_list,
    marked_spans,
)

TS_CONFIG = "english"  # revision 0003 builds articles.fts with it
# ts_rank_cd weights of the labels D, C, B (body) and A (title).
WEIGHTS = f"'{{0.1, 0.1, {TEXT_WEIGHT / TITLE_WEIGHT:g}, 1.0}}'::float4[]"
# Normalisation 1: divide by 1 + log(length), so long articles do not win by length alone.
RANK = f"ts_rank_cd({WEIGHTS}, a.fts, q, 1)"
QUERY = f"CROSS JOIN to_tsquery('{TS_CONFIG}', :match) AS q"
# pgvector's HNSW returns at most ef_search rows; it cannot be set above this.
MAX_EF_SEARCH = 1000
MIN_EF_SEARCH = 100


class PostgresSearch(SearchSession):
    """Full text through `articles.fts` (GIN), vectors through pgvector."""

    dialect = "postgresql"

    def excluding(self, param: str) -> str:
        return f"NOT (a.fts @@ to_tsquery('{TS_CONFIG}', :{param}))"

    def text_candidates(
        self, match: str, filters: FilterValues, limit: int, newest_first: bool = False
    ) -> tuple[list[tuple[int, float]], int]:
        where, params = filter_sql(filters)
        order = "published IS NULL, published DESC, id DESC" if newest_first else "rank DESC, id"
        sql = f"""
            SELECT id, count(*) OVER () AS total, rank FROM (
                SELECT a.id AS id, a.published AS published, {RANK} AS rank
                FROM articles a {QUERY}
                WHERE a.fts @@ q AND {where}
            ) AS found
            ORDER BY {order}
            LIMIT :limit
        """
        rows = self._rows(bound(sql, params), {**params, "match": match, "limit": limit})
        return [(int(r[0]), float(r[2])) for r in rows], (int(rows[0][1]) if rows else 0)

    def matching(self, match: str, ids: Sequence[int]) -> set[int]:
        if not ids:
            return set()
        sql = f"""
            SELECT a.id FROM articles a {QUERY}
            WHERE a.id IN ({in_list(ids)}) AND a.fts @@ q
        """
        return {int(r[0]) for r in self._rows(text(sql), {"match": match})}

    def highlights(
        self, ids: Sequence[int], match: str, snippet_tokens: int
    ) -> dict[int, tuple[list[Span], str, list[Span]]]:
        if not ids:
            return {}
        marks = f'StartSel="{MARK_START}", StopSel="{MARK_END}"'
        # A text of at most `snippet_tokens` words is its own snippet, highlighted whole (as
        # FTS5 gives it); a longer one yields its best fragment. `head` and `tail`: whether
        # that starts or ends the text (else an ellipsis).
        sql = f"""
            SELECT id, title, snippet,
                   btrim(split_part(body, plain, 1)) = '' AS head,
                   btrim(substr(body, strpos(body, plain) + length(plain))) = '' AS tail
            FROM (
                SELECT a.id, a.text AS body,
                       ts_headline('{TS_CONFIG}', a.title, q, :title_opts) AS title,
                       CASE WHEN {_words("a.text")} <= :tokens
                            THEN ts_headline('{TS_CONFIG}', a.text, q, :title_opts)
                            ELSE ts_headline('{TS_CONFIG}', a.text, q, :text_opts)
                       END AS snippet
                FROM articles a {QUERY}
                WHERE a.id IN ({in_list(ids)}) AND a.fts @@ q
            ) AS h
            CROSS JOIN LATERAL (
                SELECT replace(replace(h.snippet, :start, ''), :end, '') AS plain
            ) AS p
        """
        params = {
            "match": match,
            "title_opts": f"HighlightAll=true, {marks}",
            "text_opts": f"MaxFragments=1, MaxWords={snippet_tokens}, "
            f"MinWords={max(1, snippet_tokens // 2)}, {marks}",
            "start": MARK_START,
            "end": MARK_END,
            "tokens": snippet_tokens,
        }
        out: dict[int, tuple[list[Span], str, list[Span]]] = {}
        for r in self._rows(text(sql), params):
            _, title_spans = marked_spans(r.title or "")
            snippet, spans = marked_spans(r.snippet or "")
            if not spans:
                out[int(r.id)] = (title_spans, "", [])
                continue
            if not r.head:
                snippet = ELLIPSIS + snippet
                spans = [(s + len(ELLIPSIS), e + len(ELLIPSIS)) for s, e in spans]
            if not r.tail:
                snippet += ELLIPSIS
            out[int(r.id)] = (title_spans, snippet, spans)
        return out

    def score_of(self, match: str, article_id: int) -> float | None:
        sql = f"SELECT {RANK} FROM articles a {QUERY} WHERE a.id = :id AND a.fts @@ q"
        rows = self._rows(text(sql), {"match": match, "id": article_id})
        return float(rows[0][0]) if rows else None

    def vector_index(self, model: str) -> PgVectorIndex | None:
        query = select(embeddings.c.dim).where(embeddings.c.model == model).limit(1)
        dim = self.conn.execute(query).scalar()
        return None if dim is None else PgVectorIndex(self.conn, model, int(dim))


def _words(column: str) -> str:
    """SQL counting the words of a text column (looking at its first 64 KB only)."""
    return (
        f"coalesce(array_length(regexp_split_to_array(btrim(left({column}, 65536)), '\\s+'), 1), 0)"
    )


class PgVectorIndex:
    """k-NN over one model's vectors, answered by PostgreSQL inside one read session.

    Unfiltered searches walk the model's HNSW index (`vector_index_name`); searches
    restricted to `allowed_ids` rank those rows exactly.
    """

    def __init__(self, conn: Connection, model: str, dim: int) -> None:
        self.conn = conn
        self.model = model
        self.dim = dim

    def __bool__(self) -> bool:
        return True  # it exists only for a model that has vectors

    def __len__(self) -> int:
        query = select(func.count()).where(embeddings.c.model == self.model)
        return int(self.conn.execute(query.where(embeddings.c.dim == self.dim)).scalar_one())

    def search(
        self, query: np.ndarray, k: int, allowed_ids: set[int] | None = None
    ) -> list[tuple[int, float]]:
        """The k most similar ids with cosine scores, best first, only from `allowed_ids`."""
        if k <= 0 or (allowed_ids is not None and not allowed_ids):
            return []
        q = vector_text(np.asarray(query, dtype="<f4").reshape(-1).tobytes())
        typed = f"vector({self.dim})"
        params: dict[str, Any] = {"q": q, "k": k, "m": self.model, "d": self.dim}
        if allowed_ids is not None:
            sql = f"""
                SELECT article_id, 1 - (vector::{typed} <=> CAST(:q AS {typed})) FROM embeddings
                WHERE model = :m AND dim = :d AND article_id IN ({in_list(sorted(allowed_ids))})
                ORDER BY vector::{typed} <=> CAST(:q AS {typed}) LIMIT :k
            """
        else:
            ef = min(MAX_EF_SEARCH, max(MIN_EF_SEARCH, 2 * k))
            ef_search = text("SELECT set_config('hnsw.ef_search', :ef, true)")
            self.conn.execute(ef_search, {"ef": str(ef)})
            # Literal model and dimension: the planner matches them to the partial index.
            model, dim = sql_literal(self.model), self.dim
            sql = f"""
                SELECT article_id, 1 - (vector::{typed} <=> CAST(:q AS {typed})) FROM embeddings
                WHERE model = {model} AND dim = {dim}
                ORDER BY vector::{typed} <=> CAST(:q AS {typed}) LIMIT :k
            """
        hits = [(int(a), float(s)) for a, s in self.conn.execute(text(sql), params)]
        hits.sort(key=lambda h: (-h[1], h[0]))
        return hits

    def vector(self, article_id: int) -> np.ndarray | None:
        query = select(embeddings.c.vector).where(
            (embeddings.c.model == self.model) & (embeddings.c.article_id == article_id)
        )
        found = self.conn.execute(query).scalar()
        return None if found is None else np.frombuffer(found, dtype="<f4").astype(np.float32)


def sql_literal(value: str) -> str:
    """A string as an SQL literal (standard_conforming_strings is on since PostgreSQL 9.1)."""
    return "'" + value.replace("'", "''") + "'"
