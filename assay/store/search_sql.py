"""The SQL behind search and related stories on SQLite (FTS5 + the embeddings table).

`SqliteSearch` is one read session; it implements `assay.search.backend.RelatedBackend`
structurally (the store imports nothing from `assay.search`). Full-text expressions
arrive already compiled to FTS5 syntax. A PostgreSQL twin belongs next to it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol, TypedDict

import numpy as np
from sqlalchemy import Connection, DateTime, bindparam, text
from sqlalchemy.exc import OperationalError

from assay.errors import QueryError
from assay.store import embeddings as embedq
from assay.store.convert import to_utc
from assay.store.fts import TEXT_WEIGHT, TITLE_WEIGHT

# Noncharacters (Unicode reserves them for internal use): they mark highlighted words in
# FTS5's output and are turned into spans before anything leaves the store.
_MARK_START, _MARK_END = "\ufdd0", "\ufdd1"
_MARKS = re.compile(f"([{_MARK_START}{_MARK_END}])")
ELLIPSIS = "…"


class FilterValues(Protocol):
    """The filters search passes (same shape as `assay.search.syntax.Filters`)."""

    @property
    def sectors(self) -> tuple[str, ...]: ...
    @property
    def entities(self) -> tuple[str, ...]: ...
    @property
    def fact_types(self) -> tuple[str, ...]: ...
    @property
    def since(self) -> datetime | None: ...
    @property
    def until(self) -> datetime | None: ...
    @property
    def languages(self) -> tuple[str, ...]: ...


class ArticleMeta(TypedDict):
    title: str
    url: str | None
    published: datetime | None
    language: str | None
    cluster_id: int | None


class HitRow(ArticleMeta):
    source: str
    site_name: str | None
    summary: str
    head: str
    sources: int


Span = tuple[int, int]


def filter_sql(filters: FilterValues) -> tuple[str, dict[str, Any]]:
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


def in_list(ids: Sequence[int] | set[int]) -> str:
    # Integers only, from our own queries: safe to inline, and faster than 500 parameters.
    return ",".join(str(int(i)) for i in ids) or "NULL"


def marked_spans(marked: str) -> tuple[str, list[Span]]:
    """Text without highlight marks, and the (start, end) spans the marks enclosed."""
    out: list[str] = []
    spans: list[Span] = []
    pos, start = 0, None
    for piece in _MARKS.split(marked):
        if piece == _MARK_START:
            start = pos
        elif piece == _MARK_END:
            if start is not None and pos > start:
                spans.append((start, pos))
            start = None
        else:
            out.append(piece)
            pos += len(piece)
    return "".join(out), spans


def _bm25() -> str:
    return f"bm25(articles_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT})"


class SqliteSearch:
    """Search and related-story reads over one SQLite connection (one snapshot)."""

    dialect = "sqlite"

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def _rows(self, stmt: Any, params: dict[str, Any] | None = None) -> list[Any]:
        try:
            return list(self.conn.execute(stmt, params or {}).all())
        except OperationalError as exc:
            # Defence in depth: compiled expressions quote every term, so FTS5 should
            # never reject one.
            if "fts5" in str(exc.orig):
                raise QueryError(f"The full-text index rejected this query: {exc.orig}.") from None
            raise

    # ----------------------------------------------------------------- search

    def text_candidates(
        self, match: str, filters: FilterValues, limit: int, newest_first: bool = False
    ) -> tuple[list[tuple[int, float]], int]:
        where, params = filter_sql(filters)
        order = "published IS NULL, published DESC, id DESC" if newest_first else "rank, id"
        sql = f"""
            SELECT id, count(*) OVER () AS total, rank FROM (
                SELECT a.id AS id, a.published AS published, {_bm25()} AS rank
                FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
                WHERE articles_fts MATCH :match AND {where}
            )
            ORDER BY {order}
            LIMIT :limit
        """
        rows = self._rows(_bound(sql, params), {**params, "match": match, "limit": limit})
        return [(int(r[0]), -float(r[2])) for r in rows], (int(rows[0][1]) if rows else 0)

    def filter_candidates(
        self, filters: FilterValues, exclude: str | None, limit: int
    ) -> tuple[list[int], int]:
        where, params = filter_sql(filters)
        if exclude is not None:
            where += (
                " AND a.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :ex)"
            )
            params = {**params, "ex": exclude}
        sql = f"""
            SELECT a.id, count(*) OVER () AS total FROM articles a WHERE {where}
            ORDER BY a.published IS NULL, a.published DESC, a.id DESC LIMIT :limit
        """
        rows = self._rows(_bound(sql, params), {**params, "limit": limit})
        return [int(r[0]) for r in rows], (int(rows[0][1]) if rows else 0)

    def matching(self, match: str, ids: Sequence[int]) -> set[int]:
        if not ids:
            return set()
        sql = (
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :m "
            f"AND rowid IN ({in_list(ids)})"
        )
        return {int(r[0]) for r in self._rows(text(sql), {"m": match})}

    def passing(self, filters: FilterValues, ids: Sequence[int] | None = None) -> set[int]:
        where, params = filter_sql(filters)
        if ids is not None:
            where = f"a.id IN ({in_list(ids)}) AND {where}"
        sql = f"SELECT a.id FROM articles a WHERE {where}"
        return {int(r[0]) for r in self._rows(_bound(sql, params), params)}

    def clusters_of(self, ids: Sequence[int]) -> dict[int, int | None]:
        if not ids:
            return {}
        sql = f"SELECT id, cluster_id FROM articles WHERE id IN ({in_list(ids)})"
        return {int(r[0]): r[1] for r in self._rows(text(sql))}

    def published_of(self, ids: Sequence[int]) -> dict[int, datetime | None]:
        if not ids:
            return {}
        sql = f"SELECT id, published FROM articles WHERE id IN ({in_list(ids)})"
        stmt = text(sql).columns(published=DateTime(timezone=True))
        return {int(r[0]): to_utc(r[1]) for r in self._rows(stmt)}

    def hit_rows(self, ids: Sequence[int], head_chars: int) -> dict[int, HitRow]:
        if not ids:
            return {}
        sql = f"""
            SELECT a.id, a.url, a.source, a.title, a.published, a.language, a.site_name,
                   a.cluster_id, a.summary, substr(a.text, 1, :head) AS head,
                   (SELECT count(*) FROM articles b WHERE b.cluster_id = a.cluster_id) AS sources
            FROM articles a WHERE a.id IN ({in_list(ids)})
        """
        stmt = text(sql).columns(published=DateTime(timezone=True))
        return {
            int(r.id): HitRow(
                title=r.title or "",
                url=r.url,
                published=to_utc(r.published),
                language=r.language,
                cluster_id=r.cluster_id,
                source=r.source,
                site_name=r.site_name,
                summary=r.summary or "",
                head=r.head or "",
                sources=int(r.sources) if r.cluster_id is not None else 1,
            )
            for r in self._rows(stmt, {"head": head_chars})
        }

    def highlights(
        self, ids: Sequence[int], match: str, snippet_tokens: int
    ) -> dict[int, tuple[list[Span], str, list[Span]]]:
        # One lookup per id: FTS5 seeks by rowid, where `rowid IN (...)` would walk every
        # match of the terms (cost growing with the store, not the page).
        stmt = text(
            f"""
            SELECT highlight(articles_fts, 0, '{_MARK_START}', '{_MARK_END}'),
                   snippet(articles_fts, 1, '{_MARK_START}', '{_MARK_END}', '{ELLIPSIS}',
                           :tokens)
            FROM articles_fts WHERE articles_fts MATCH :m AND rowid = :id
            """
        )
        out: dict[int, tuple[list[Span], str, list[Span]]] = {}
        for aid in ids:
            rows = self._rows(stmt, {"m": match, "id": aid, "tokens": snippet_tokens})
            if rows:
                _, title_spans = marked_spans(rows[0][0] or "")
                snippet, snippet_spans = marked_spans(rows[0][1] or "")
                out[aid] = (title_spans, snippet if snippet_spans else "", snippet_spans)
        return out

    # ------------------------------------------------------------- embeddings

    def embedding_models(self) -> list[str]:
        return embedq.stored_models(self.conn)

    def embeddings_version(self, model: str) -> tuple[int, int]:
        return embedq.embedding_version(self.conn, model)

    def embeddings_snapshot(self, model: str) -> tuple[tuple[int, int], np.ndarray, np.ndarray]:
        version = embedq.embedding_version(self.conn, model)
        ids, matrix = embedq.load_embeddings(self.conn, model)
        return version, ids, matrix

    # ---------------------------------------------------------------- related

    def article_text(self, article_id: int) -> tuple[int | None, datetime | None, str, str] | None:
        stmt = text("SELECT cluster_id, published, title, text FROM articles WHERE id = :id")
        rows = self._rows(stmt.columns(published=DateTime(timezone=True)), {"id": article_id})
        if not rows:
            return None
        r = rows[0]
        return r.cluster_id, to_utc(r.published), r.title or "", r.text or ""

    def cluster_members(self, cluster_id: int) -> set[int]:
        rows = self._rows(text("SELECT id FROM articles WHERE cluster_id = :c"), {"c": cluster_id})
        return {int(r[0]) for r in rows}

    def article_count(self) -> int:
        return int(self.conn.execute(text("SELECT count(*) FROM articles")).scalar_one())

    def entities_of(self, ids: Sequence[int]) -> dict[int, dict[int, str]]:
        out: dict[int, dict[int, str]] = defaultdict(dict)
        if not ids:
            return out
        sql = f"""
            SELECT DISTINCT m.article_id, e.id, e.name FROM mentions m
            JOIN entities e ON e.id = m.entity_id WHERE m.article_id IN ({in_list(ids)})
        """
        for aid, eid, name in self._rows(text(sql)):
            out[int(aid)][int(eid)] = name
        return out

    def doc_freqs(self, entity_ids: Sequence[int]) -> dict[int, int]:
        if not entity_ids:
            return {}
        sql = f"""
            SELECT entity_id, count(DISTINCT article_id) FROM mentions
            WHERE entity_id IN ({in_list(entity_ids)}) GROUP BY entity_id
        """
        return {int(e): int(n) for e, n in self._rows(text(sql))}

    def mentioning(self, entity_id: int, excluded: set[int], limit: int) -> list[int]:
        sql = f"""
            SELECT DISTINCT m.article_id FROM mentions m
            WHERE m.entity_id = :e AND m.article_id NOT IN ({in_list(sorted(excluded))})
            ORDER BY m.article_id DESC LIMIT :n
        """
        return [int(r[0]) for r in self._rows(text(sql), {"e": entity_id, "n": limit})]

    def fact_parties(self, ids: Sequence[int]) -> dict[int, set[int]]:
        out: dict[int, set[int]] = defaultdict(set)
        if not ids:
            return out
        sql = f"""
            SELECT f.article_id, fa.entity_id FROM facts f
            JOIN fact_arguments fa ON fa.fact_id = f.id
            WHERE f.article_id IN ({in_list(ids)}) AND fa.entity_id IS NOT NULL
        """
        for aid, eid in self._rows(text(sql)):
            out[int(aid)].add(int(eid))
        return out

    def article_meta(self, ids: Sequence[int]) -> dict[int, ArticleMeta]:
        if not ids:
            return {}
        sql = f"""
            SELECT id, title, url, published, language, cluster_id FROM articles
            WHERE id IN ({in_list(ids)})
        """
        stmt = text(sql).columns(published=DateTime(timezone=True))
        return {
            int(r.id): ArticleMeta(
                title=r.title or "",
                url=r.url,
                published=to_utc(r.published),
                language=r.language,
                cluster_id=r.cluster_id,
            )
            for r in self._rows(stmt)
        }

    def score_of(self, match: str, article_id: int) -> float | None:
        sql = f"""
            SELECT -{_bm25()} FROM articles_fts
            WHERE articles_fts MATCH :m AND rowid = :id
        """
        rows = self._rows(text(sql), {"m": match, "id": article_id})
        return float(rows[0][0]) if rows else None
