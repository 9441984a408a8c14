"""The SQL behind search and related stories that both dialects share.

`SearchSession` is one read session; with the full-text methods each backend adds
(`backends/sqlite.py`: FTS5; `backends/pg_search.py`, `pg_snippets.py` and
`pg_vectors.py`: tsvector and pgvector) it implements `assay.search.backend.RelatedBackend`
structurally (the store imports nothing from `assay.search`). Full-text expressions arrive
already compiled to the backend's syntax.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol, TypedDict

import numpy as np
from sqlalchemy import Connection, DateTime, bindparam, text

from assay.store import embeddings as embedq
from assay.store.convert import to_utc
from assay.store.sector_lists import sector_condition

# Noncharacters (Unicode reserves them for internal use): they mark highlighted words in
# the full-text engine's output and are turned into spans before anything leaves the store.
MARK_START, MARK_END = "\ufdd0", "\ufdd1"
_MARKS = re.compile(f"([{MARK_START}{MARK_END}])")
ELLIPSIS = "…"
# A query matching more articles ranks only the newest this many (by id): ranking reads
# every candidate (a tsvector, about 30 us each; FTS5's BM25 over its doclists), so the
# cost stays flat however common the words. The total still counts the matches.
RANK_LIMIT = 2000
# Matches are counted up to this many (a count reads no rows, but it is not free).
COUNT_LIMIT = 10_000


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


def filter_sql(
    filters: FilterValues, probe: bool = False, article: str = "a.id", sector_lists: bool = False
) -> tuple[str, dict[str, Any]]:
    """A WHERE condition on `articles a` for `filters`, with its bound parameters.

    `probe`: sectors, entities and fact types are tested per row (a seek in the index
    on article_id) instead of against the list of their articles, which costs a pass over
    the whole list first: cheaper where rows come one by one and the scan stops early
    (full-text matches, a thousand vector neighbours). `article`, with `probe`: the
    expression holding the article id there (SQLite's FTS rowid, so that these tests run
    before the article is looked up). `sector_lists`: sectors are tested on the row's own
    list (`articles.sectors`, which PostgreSQL indexes) instead.
    """
    parts: list[str] = ["1 = 1"]
    params: dict[str, Any] = {}
    if not probe:
        article = "a.id"
    for i, slug in enumerate(filters.sectors):
        params[f"sector{i}"] = slug
        if sector_lists:
            parts.append(sector_condition(f"sector{i}"))
            continue
        parts.append(
            f"EXISTS (SELECT 1 FROM article_sectors s WHERE s.article_id = {article} "
            f"AND s.slug = :sector{i})"
            if probe
            else f"a.id IN (SELECT article_id FROM article_sectors WHERE slug = :sector{i})"
        )
    for i, key in enumerate(filters.entities):
        params[f"entity{i}"] = key
        entity = f"(SELECT id FROM entities WHERE key = :entity{i})"
        parts.append(
            f"EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = {article} "
            f"AND m.entity_id = {entity})"
            if probe
            else f"a.id IN (SELECT m.article_id FROM mentions m WHERE m.entity_id = {entity})"
        )
    for i, kind in enumerate(filters.fact_types):
        params[f"ftype{i}"] = kind
        parts.append(
            f"EXISTS (SELECT 1 FROM facts f WHERE f.article_id = {article} AND f.type = :ftype{i})"
            if probe
            else f"a.id IN (SELECT article_id FROM facts WHERE type = :ftype{i})"
        )
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


def bound(sql: str, params: dict[str, Any]) -> Any:
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
        if piece == MARK_START:
            start = pos
        elif piece == MARK_END:
            if start is not None and pos > start:
                spans.append((start, pos))
            start = None
        else:
            out.append(piece)
            pos += len(piece)
    return "".join(out), spans


class SearchSession:
    """Search and related-story reads over one connection (one snapshot).

    Subclasses implement the full-text methods: `text_candidates`, `matching`,
    `highlights`, `score_of`, and `excluding`, the condition that drops articles matching
    an expression.
    """

    dialect = ""
    # Whether sector filters read `articles.sectors` (`filter_sql`).
    sector_lists = False
    # Follows `articles [alias]` where rows are read by id for filters, dates and
    # clusters (SQLite names its covering index there).
    by_id = ""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def _rows(self, stmt: Any, params: dict[str, Any] | None = None) -> list[Any]:
        return list(self.conn.execute(stmt, params or {}).all())

    def excluding(self, param: str) -> str:
        """A condition on `articles a`: it does not match the expression bound to `param`."""
        raise NotImplementedError

    def text_candidates(
        self,
        match: str,
        filters: FilterValues,
        limit: int,
        newest_first: bool = False,
        counted: bool = True,
    ) -> tuple[list[tuple[int, float]], int]:
        """Up to `limit` (id, score, higher better) matching `match` and `filters`, best
        (or newest) first; and how many match in all."""
        raise NotImplementedError

    def matching(self, match: str, ids: Sequence[int]) -> set[int]:
        """Which of `ids` match the full-text expression `match`."""
        raise NotImplementedError

    def highlights(
        self, ids: Sequence[int], match: str, snippet_tokens: int
    ) -> dict[int, tuple[list[Span], str, list[Span]]]:
        """Title spans and a snippet with spans of the words `match` found, per id."""
        raise NotImplementedError

    def score_of(self, match: str, article_id: int) -> float | None:
        """The full-text score of one article for `match` (None if it does not match)."""
        raise NotImplementedError

    # ----------------------------------------------------------------- search

    def filter_candidates(
        self, filters: FilterValues, exclude: str | None, limit: int
    ) -> tuple[list[int], int]:
        where, params = filter_sql(filters, sector_lists=self.sector_lists)
        if exclude is not None:
            where += f" AND {self.excluding('ex')}"
            params = {**params, "ex": exclude}
        sql = f"""
            SELECT a.id, count(*) OVER () AS total FROM articles a WHERE {where}
            ORDER BY a.published IS NULL, a.published DESC, a.id DESC LIMIT :limit
        """
        rows = self._rows(bound(sql, params), {**params, "limit": limit})
        return [int(r[0]) for r in rows], (int(rows[0][1]) if rows else 0)

    def passing(self, filters: FilterValues, ids: Sequence[int] | None = None) -> set[int]:
        # Given ids (vector neighbours, a thousand at most) are checked one by one; listing
        # a sector's articles first cost more (SQLite: ~7 ms per 10,000 of them).
        probe = ids is not None
        where, params = filter_sql(filters, probe=probe, sector_lists=self.sector_lists)
        # Read by id (given ids, or a sector's, an entity's or a fact type's articles):
        # the covering index. Dates and languages alone: the planner's choice.
        by_id = ids is not None or filters.sectors or filters.entities or filters.fact_types
        hint = self.by_id if by_id else ""
        if ids is not None:
            where = f"a.id IN ({in_list(ids)}) AND {where}"
        sql = f"SELECT a.id FROM articles a{hint} WHERE {where}"
        return {int(r[0]) for r in self._rows(bound(sql, params), params)}

    def clusters_of(self, ids: Sequence[int]) -> dict[int, int | None]:
        if not ids:
            return {}
        sql = f"SELECT id, cluster_id FROM articles{self.by_id} WHERE id IN ({in_list(ids)})"
        return {int(r[0]): r[1] for r in self._rows(text(sql))}

    def published_of(self, ids: Sequence[int]) -> dict[int, datetime | None]:
        if not ids:
            return {}
        sql = f"SELECT id, published FROM articles{self.by_id} WHERE id IN ({in_list(ids)})"
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

    # ------------------------------------------------------------- embeddings

    def embedding_models(self) -> list[str]:
        return embedq.stored_models(self.conn)

    def embeddings_version(self, model: str) -> tuple[int, int]:
        return embedq.embedding_version(self.conn, model)

    def embeddings_snapshot(self, model: str) -> tuple[tuple[int, int], np.ndarray, np.ndarray]:
        version = embedq.embedding_version(self.conn, model)
        ids, matrix = embedq.load_embeddings(self.conn, model)
        return version, ids, matrix

    def embeddings_since(
        self, model: str, version: tuple[int, int]
    ) -> tuple[tuple[int, int], int, np.ndarray, np.ndarray] | None:
        """Rows of `model` stored after `version`, for a persisted vector index."""
        from assay.store.embedding_rows import embeddings_since

        return embeddings_since(self.conn, model, version)

    def vector_index(self, model: str) -> Any:
        """The database's own k-NN index over `model` (None: search loads the vectors)."""
        return None

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
