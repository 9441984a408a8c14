"""SQLite: one file, WAL, FTS5 for full text; vectors are searched by `assay.search`.

Writers serialise on the database lock (BEGIN IMMEDIATE), so named locks are free and
upserts never meet a concurrent insert of the same key.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, event, text
from sqlalchemy.dialects.sqlite import Insert, insert
from sqlalchemy.exc import DBAPIError, OperationalError

from assay.errors import QueryError, StoreBusy, StoreError
from assay.models import CountAtLeast
from assay.store.backends import Backend, first_line
from assay.store.date_blocks import FIRST_DATED_ID
from assay.store.fts import TEXT_WEIGHT, TITLE_WEIGHT
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

BUSY_TIMEOUT_MS = 10_000
# Holds every column a search filter or story lookup reads beside the id (revision 0006);
# named because SQLite's planner prefers the table itself for a lookup by id, and a table
# row is a page of text (8x slower, filtered full text at 100,000 articles).
FILTER_INDEX = "ix_articles_filters"


class SqliteBackend(Backend):
    name = "sqlite"

    def connect_args(self) -> dict[str, Any]:
        return {"check_same_thread": False}

    def configure(self, engine: Engine) -> None:
        @event.listens_for(engine, "connect")
        def on_connect(dbapi_conn: Any, _record: Any) -> None:
            # pysqlite's own transaction handling skips BEGIN before DDL and breaks
            # SAVEPOINT; take it over (the recipe in SQLAlchemy's SQLite dialect docs).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            try:
                cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                cur.execute("PRAGMA foreign_keys = ON")
                cur.execute("PRAGMA journal_mode = WAL")
                cur.execute("PRAGMA synchronous = NORMAL")
            finally:
                cur.close()

        @event.listens_for(engine, "begin")
        def on_begin(conn: Any) -> None:
            # Writers take the lock up front: a deferred transaction that later writes fails
            # with SQLITE_BUSY at once instead of waiting out busy_timeout.
            write = conn.get_execution_options().get("assay_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    def insert(self, table: Table) -> Insert:
        return insert(table)

    def search(self, conn: Connection) -> SqliteSearch:
        return SqliteSearch(conn)

    def embedding_version(self, conn: Connection, model: str) -> tuple[int, int]:
        # Counted over every model (a change to another model's rows only costs a
        # reload). max(rowid) is one seek; count(*) walks an index (19 ms CPU at a million
        # vectors, every hybrid search), so it is kept per connection while the database
        # is unchanged: data_version moves when another connection commits, total_changes
        # when this one writes. Both read after max(rowid) has begun the read snapshot.
        newest = conn.execute(text("SELECT coalesce(max(rowid), 0) FROM embeddings")).scalar_one()
        state = tuple(conn.exec_driver_sql("SELECT total_changes()").one())
        state += tuple(conn.exec_driver_sql("PRAGMA data_version").one())
        cached = conn.info.get("assay_embedding_count")
        if cached is not None and cached[0] == state:
            return int(cached[1]), int(newest)
        count = conn.execute(text("SELECT count(*) FROM embeddings")).scalar_one()
        if not conn.get_execution_options().get("assay_write", False):
            # (A write transaction may yet roll back what it counted.)
            conn.info["assay_embedding_count"] = (state, int(count))
        return int(count), int(newest)

    def error(self, exc: DBAPIError, location: str) -> StoreError | None:
        # SQLite's primary result code (the low byte of the extended one).
        code = getattr(exc.orig, "sqlite_errorcode", None)
        if not isinstance(code, int):
            return None
        primary = code & 0xFF
        if primary == sqlite3.SQLITE_CORRUPT:
            return StoreError(damaged_message(location, first_line(exc)))
        if primary == sqlite3.SQLITE_NOTADB:
            return StoreError(f"'{location}' is not an assay database (file is not a database).")
        if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return StoreBusy(
                f"'{location}' is busy: another process held the write lock too long; try again."
            )
        if primary == sqlite3.SQLITE_CANTOPEN:
            return StoreError(
                f"Cannot open '{location}' ({first_line(exc)}); check the path and permissions."
            )
        return None

    def size(self, conn: Connection, path: Path | None) -> int | None:
        if path is None:
            return None
        files = (path, path.with_name(path.name + "-wal"))
        return sum(p.stat().st_size for p in files if p.exists())


def damaged_message(location: str, detail: str) -> str:
    """What to do about a damaged SQLite file."""
    return (
        f"'{location}' is damaged ({detail}). Restore it from a backup, or save what is "
        f"readable with: sqlite3 '{location}' .recover | sqlite3 recovered.db"
    )


# The quoted strings of an FTS5 expression (a quote inside one is doubled).
_QUOTED = re.compile(r'"((?:[^"]|"")*)"')


def _has_phrase(match: str) -> bool:
    """Whether a quoted string of the expression holds more than one token."""
    return any(re.search(r"[^\w*]", quoted) for quoted in _QUOTED.findall(match))


def _bm25() -> str:
    return f"bm25(articles_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT})"


class SqliteSearch(SearchSession):
    """Full text through the FTS5 table `articles_fts` (BM25, highlight, snippet)."""

    dialect = "sqlite"
    by_id = f" INDEXED BY {FILTER_INDEX}"

    def _rows(self, stmt: Any, params: dict[str, Any] | None = None) -> list[Any]:
        try:
            return super()._rows(stmt, params)
        except OperationalError as exc:
            # Defence in depth: compiled expressions quote every term, so FTS5 should
            # never reject one.
            if "fts5" in str(exc.orig):
                raise QueryError(f"The full-text index rejected this query: {exc.orig}.") from None
            raise

    def excluding(self, param: str) -> str:
        return f"a.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :{param})"

    def text_candidates(
        self,
        match: str,
        filters: FilterValues,
        limit: int,
        newest_first: bool = False,
        counted: bool = True,
    ) -> tuple[list[tuple[int, float]], int]:
        # Sector, entity and fact tests read the FTS rowid, so they run before the join.
        where, params = filter_sql(filters, probe=True, article="articles_fts.rowid")
        if filters.since is not None:
            # The walk stops where no older article can have been published since then.
            where += " AND articles_fts.rowid >= :first_dated"
            params["first_dated"] = self._first_dated_id(params)
        if not newest_first:
            # Only dates and languages need the article (its filter index entry). (Not as
            # `rowid IN (...)` on the FTS5 table: SQLite would probe the index per id.)
            dated = filters.since is not None or filters.until is not None
            join = dated or bool(filters.languages)
            found, total, oldest = self._ranked_candidates(match, where, params, limit, join)
            if total >= RANK_LIMIT:
                first_dated = params.get("first_dated", 0)
                total = self._count_older(match, filters, join, oldest, first_dated)
            return found, total
        order = "published IS NULL, published DESC, id DESC"
        sql = f"""
            SELECT id, count(*) OVER () AS total, rank FROM (
                SELECT a.id AS id, a.published AS published, {_bm25()} AS rank
                FROM articles_fts JOIN articles a{self.by_id} ON a.id = articles_fts.rowid
                WHERE articles_fts MATCH :match AND {where}
            )
            ORDER BY {order}
            LIMIT :limit
        """
        rows = self._rows(bound(sql, params), {**params, "match": match, "limit": limit})
        return [(int(r[0]), -float(r[2])) for r in rows], (int(rows[0][1]) if rows else 0)

    def _ranked_candidates(
        self, match: str, where: str, params: dict[str, Any], limit: int, join: bool
    ) -> tuple[list[tuple[int, float]], int, int]:
        """The best `limit` by BM25 among the newest RANK_LIMIT matches (all of them when
        fewer match), as on PostgreSQL; how many those were, and the oldest id of them.
        FTS5 walks its doclists newest id first and stops there, so BM25 is computed for
        at most RANK_LIMIT rows however common the words."""
        # Without a join the filters read the FTS rowid alone; the join reads the filter
        # index, not the rows (one seek per match).
        rows_of = f"JOIN articles a{self.by_id} ON a.id = articles_fts.rowid " if join else ""
        matches = f"FROM articles_fts {rows_of}WHERE articles_fts MATCH :match AND {where}"
        args = {**params, "match": match, "limit": limit, "cap": RANK_LIMIT}
        sql = f"""
            SELECT id, rank, n, oldest FROM (
                SELECT id, rank, count(*) OVER () AS n, min(id) OVER () AS oldest FROM (
                    SELECT articles_fts.rowid AS id, {_bm25()} AS rank {matches}
                    ORDER BY articles_fts.rowid DESC LIMIT :cap
                )
            )
            ORDER BY rank, id LIMIT :limit
        """
        rows = self._rows(bound(sql, params), args)
        found = [(int(r[0]), -float(r[1])) for r in rows]
        return found, (int(rows[0][2]) if rows else 0), (int(rows[0][3]) if rows else 0)

    def _first_dated_id(self, params: dict[str, Any]) -> int:
        """The first id that may have been published since `params["since"]`
        (`assay.store.date_blocks`)."""
        since = {"since": params["since"]}
        return int(self._rows(bound(FIRST_DATED_ID, since), since)[0][0])

    def _count_older(
        self,
        match: str,
        filters: FilterValues,
        join: bool,
        oldest: int,
        first_dated: int = 0,
    ) -> int:
        """RANK_LIMIT (the ranked matches) plus the matches among the next COUNT_LIMIT -
        RANK_LIMIT older ones, newest first, down to `first_dated` (where a since: filter
        lets nothing older pass; 0 without one). A count that stopped there is a
        CountAtLeast.

        Bounded by the matches it reads, not by those that pass: a sector and a date
        passing 7% of a word pair's 85,000 articles made the count read all of them to find
        fewer than COUNT_LIMIT (67 ms CPU at a million articles; the window, 14 ms)."""
        where, params = filter_sql(filters, probe=True, article="w.id")
        window = COUNT_LIMIT - RANK_LIMIT
        args = {
            **params,
            "match": match,
            "oldest": oldest,
            "window": window,
            "first_dated": first_dated,
        }
        if not params:  # no filters: every match passes, and the doclists alone count them
            sql = """
                SELECT count(*), count(*) FROM (
                    SELECT 1 FROM articles_fts WHERE articles_fts MATCH :match
                    AND rowid < :oldest LIMIT :window
                )
            """
        else:
            rows_of = f" JOIN articles a{self.by_id} ON a.id = w.id" if join else ""
            # The window is read once (FTS5 seeks below the oldest ranked id), then counted
            # twice: all of it, and what passes the filters.
            sql = f"""
                WITH w AS MATERIALIZED (
                    SELECT rowid AS id FROM articles_fts
                    WHERE articles_fts MATCH :match AND rowid < :oldest AND rowid >= :first_dated
                    ORDER BY rowid DESC LIMIT :window
                )
                SELECT (SELECT count(*) FROM w), (SELECT count(*) FROM w{rows_of} WHERE {where})
            """
        seen, passed = self._rows(bound(sql, params), args)[0]
        total = RANK_LIMIT + int(passed)
        return CountAtLeast(total) if int(seen) >= window else total

    def passing(self, filters: FilterValues, ids: Sequence[int] | None = None) -> set[int]:
        """As `SearchSession.passing`; listing every passing article (hybrid, when few of
        its vector neighbours pass) reads the articles of a date range and tests their
        sectors when that range holds fewer articles than the first sector does."""
        dated = filters.since is not None or filters.until is not None
        if ids is not None or not dated or not filters.sectors:
            return super().passing(filters, ids)
        where, params = filter_sql(filters, probe=True)
        # Two counts over index entries (~0.05 us each) decide which index to walk; the
        # walk costs ~1 us per entry (sector first: ~150 ms for a sector of 100,000).
        tagged = "SELECT count(*) FROM article_sectors WHERE slug = :sector0"
        cap = int(self._rows(text(tagged), {"sector0": filters.sectors[0]})[0][0])
        bounds = (("since", "a.published >= :since"), ("until", "a.published < :until"))
        dates = " AND ".join(test for key, test in bounds if key in params)
        in_range = f"""
            SELECT count(*) FROM (
                SELECT 1 FROM articles a INDEXED BY ix_articles_published WHERE {dates}
                LIMIT :cap
            )
        """
        if int(self._rows(bound(in_range, params), {**params, "cap": cap})[0][0]) >= cap:
            return super().passing(filters, ids)
        sql = f"SELECT a.id FROM articles a INDEXED BY ix_articles_published WHERE {where}"
        return {int(r[0]) for r in self._rows(bound(sql, params), params)}

    def matching(self, match: str, ids: Sequence[int]) -> set[int]:
        if not ids:
            return set()
        # FTS5 looks each id up in the doclists: cheap for words (0.04 ms per id for a word
        # in 45% of 100,000 articles), not for a phrase, whose positions it then walks from
        # the start (0.8 ms per id for two common words); a phrase is matched in one walk
        # over its matches instead, the ids tested as it goes (`+rowid`: no lookups).
        lookup = "+rowid" if _has_phrase(match) else "rowid"
        sql = (
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :m "
            f"AND {lookup} IN ({in_list(ids)})"
        )
        return {int(r[0]) for r in self._rows(text(sql), {"m": match})}

    def highlights(
        self, ids: Sequence[int], match: str, snippet_tokens: int
    ) -> dict[int, tuple[list[Span], str, list[Span]]]:
        # One lookup per id: FTS5 seeks by rowid, where `rowid IN (...)` would walk every
        # match of the terms (cost growing with the store, not the page).
        stmt = text(
            f"""
            SELECT highlight(articles_fts, 0, '{MARK_START}', '{MARK_END}'),
                   snippet(articles_fts, 1, '{MARK_START}', '{MARK_END}', '{ELLIPSIS}',
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

    def score_of(self, match: str, article_id: int) -> float | None:
        sql = f"""
            SELECT -{_bm25()} FROM articles_fts
            WHERE articles_fts MATCH :m AND rowid = :id
        """
        rows = self._rows(text(sql), {"m": match, "id": article_id})
        return float(rows[0][0]) if rows else None
