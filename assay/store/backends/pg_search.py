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
    COUNT_LIMIT,
    ELLIPSIS,
    MARK_END,
    MARK_START,
    RANK_LIMIT,
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
# ts_headline looks at this much of a long text; texts up to snippet-words x this many
# characters are highlighted whole.
HEADLINE_CHARS = 20_000
SHORT_WORD_CHARS = 6
# pgvector's HNSW returns at most ef_search rows; it cannot be set above this.
MAX_EF_SEARCH = 1000
MIN_EF_SEARCH = 100
# Memory for each bitmap and sort of a search (PostgreSQL's default is 4 MB).
SEARCH_WORK_MEM = "64MB"


class PostgresSearch(SearchSession):
    """Full text through `articles.fts` (GIN), vectors through pgvector."""

    dialect = "postgresql"
    sector_lists = True

    def __init__(self, conn: Connection) -> None:
        super().__init__(conn)
        # One snapshot for the whole session, as SQLite's read transaction gives: the
        # counts, ranks and rows of one search agree while writers go on.
        conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        # The planner prices a sequential scan that tests `fts @@ q` row by row as cheap,
        # not knowing that each test unpacks a TOASTed tsvector; the GIN index is ~40x
        # faster there (measured at 100,000 articles). For this read session only.
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        # A word in 300,000 of a million articles needs a bitmap of ~15 MB; in the default
        # 4 MB it turns lossy, and every row on a lossy page has its tsvector read and
        # checked again (1.4 s instead of 0.44 s for the first 10,000 matches, measured).
        conn.execute(text(f"SET LOCAL work_mem = '{SEARCH_WORK_MEM}'"))

    def excluding(self, param: str) -> str:
        return f"NOT (a.fts @@ to_tsquery('{TS_CONFIG}', :{param}))"

    def text_candidates(
        self,
        match: str,
        filters: FilterValues,
        limit: int,
        newest_first: bool = False,
        counted: bool = True,
    ) -> tuple[list[tuple[int, float]], int]:
        where, params = filter_sql(filters, sector_lists=True)
        params = {**params, "match": match, "limit": limit}
        found = f"FROM articles a {QUERY} WHERE a.fts @@ q AND {where}"
        if newest_first:
            total = self._count(found, params)
            sql = f"""
                SELECT a.id, {RANK} {found}
                ORDER BY a.published IS NULL, a.published DESC, a.id DESC LIMIT :limit
            """
            rows = self._rows(bound(sql, params), params)
            return [(int(r[0]), float(r[1])) for r in rows], total
        # Up to RANK_LIMIT matches are all ranked, else the newest RANK_LIMIT. The ids
        # come first, so that a phrase (which PostgreSQL checks against each row's
        # positions) is checked once; up to COUNT_LIMIT of them, which also counts the
        # matches and, below that many, holds the newest (one pass, not three).
        if not counted:
            # The same ids, the newest RANK_LIMIT (or all), without a pass over every
            # match: an OR of an article's words (related stories) matches nine articles
            # in ten, whose bitmap alone took 1 s at a million.
            ids = self._newest(found, params, COUNT_LIMIT)
            total = len(ids)
        else:
            first = f"SELECT a.id {found} LIMIT {COUNT_LIMIT}"
            ids = [int(r[0]) for r in self._rows(bound(first, params), params)]
            total = len(ids)
            if total >= COUNT_LIMIT:
                ids = self._newest(found, params, total)
            elif total > RANK_LIMIT:
                ids = sorted(ids, reverse=True)[:RANK_LIMIT]
        if not ids:
            return [], 0
        # Materialised: the rank is computed once per candidate, and the sort keeps only
        # (id, rank), not the tsvectors.
        sql = f"""
            WITH ranked AS MATERIALIZED (
                SELECT a.id, {RANK} AS rank FROM articles a {QUERY}
                WHERE a.id IN ({in_list(ids)})
            )
            SELECT id, rank FROM ranked ORDER BY rank DESC, id LIMIT :limit
        """
        rows = self._rows(text(sql), params)
        return [(int(r[0]), float(r[1])) for r in rows], total

    def _count(self, found: str, params: dict[str, Any]) -> int:
        """Matches, counted up to COUNT_LIMIT (search then reports "about" that many). It
        reads the GIN index and the visibility map, not the rows."""
        sql = f"SELECT count(*) FROM (SELECT 1 {found} LIMIT {COUNT_LIMIT}) AS hits"
        return int(self._rows(bound(sql, params), params)[0][0])

    def _newest(self, found: str, params: dict[str, Any], total: int) -> list[int]:
        """The ids of the newest RANK_LIMIT of `total` matches: ranking reads each match's
        tsvector (often TOASTed), so a query matching many more ranks only these.

        Looked for among the newest ids first, in a window sized by how dense the matches
        are: the planner ANDs the GIN bitmap with the primary key's range and reads only
        those rows (16 ms instead of 74 ms for a word in 40% of 100,000 articles).
        """
        top = int(self.conn.execute(text("SELECT coalesce(max(id), 0) FROM articles")).scalar_one())
        # A count that stopped at COUNT_LIMIT only bounds the density from below.
        density = 1 / 3 if total >= COUNT_LIMIT else total / max(top, 1)
        window = int(RANK_LIMIT / density * 1.5) + 1
        self.conn.execute(text("SET LOCAL enable_indexscan = off"))  # bitmaps, not row walks
        try:
            while True:
                sql = f"SELECT a.id {found} AND a.id > :floor ORDER BY a.id DESC LIMIT :n"
                args = {**params, "floor": top - window, "n": RANK_LIMIT}
                ids = [int(r[0]) for r in self._rows(bound(sql, params), args)]
                if len(ids) >= RANK_LIMIT or window >= top:
                    return ids
                window *= 4
        finally:
            self.conn.execute(text("SET LOCAL enable_indexscan = on"))

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
        # A short text is its own snippet, highlighted whole (as FTS5 gives it); a longer
        # one yields its best fragment from its first HEADLINE_CHARS (ts_headline's time
        # grows faster than the text). The text's first and last characters tell whether
        # the fragment starts or ends it (else an ellipsis).
        sql = f"""
            SELECT a.id,
                   ts_headline('{TS_CONFIG}', a.title, q, :whole) AS title,
                   CASE WHEN length(a.text) <= :short
                        THEN ts_headline('{TS_CONFIG}', a.text, q, :whole)
                        ELSE ts_headline('{TS_CONFIG}', left(a.text, {HEADLINE_CHARS}), q, :part)
                   END AS snippet,
                   left(a.text, 200) AS head, right(a.text, 200) AS tail
            FROM articles a {QUERY}
            WHERE a.id IN ({in_list(ids)}) AND a.fts @@ q
        """
        params = {
            "match": match,
            "whole": f"HighlightAll=true, {marks}",
            "part": f"MaxFragments=1, MaxWords={snippet_tokens}, "
            f"MinWords={max(1, snippet_tokens // 2)}, {marks}",
            "short": snippet_tokens * SHORT_WORD_CHARS,
        }
        out: dict[int, tuple[list[Span], str, list[Span]]] = {}
        for r in self._rows(text(sql), params):
            _, title_spans = marked_spans(r.title or "")
            snippet, spans = marked_spans(r.snippet or "")
            if not spans:
                out[int(r.id)] = (title_spans, "", [])
                continue
            plain = " ".join(snippet.split())
            if not " ".join(r.head.split()).startswith(plain[:40]):
                snippet = ELLIPSIS + snippet
                spans = [(s + len(ELLIPSIS), e + len(ELLIPSIS)) for s, e in spans]
            if not " ".join(r.tail.split()).endswith(plain[-40:]):
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
        if allowed_ids is not None:
            hits = [(int(a), float(s)) for a, s in self.conn.execute(text(sql), params)]
        else:
            # The HNSW walk needs no sort; every other plan (ix_embeddings_model's rows,
            # sorted by distance) does: priced out, as a scan already is, so the graph
            # is walked whatever the table's size, as before that index existed.
            self.conn.execute(text("SET LOCAL enable_sort = off"))
            try:
                hits = [(int(a), float(s)) for a, s in self.conn.execute(text(sql), params)]
            finally:
                self.conn.execute(text("SET LOCAL enable_sort = on"))
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
