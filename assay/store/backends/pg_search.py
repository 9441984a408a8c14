"""Search on PostgreSQL: tsvector full text ranked by ts_rank_cd (snippets:
`pg_snippets`; k-NN: `pg_vectors`).

Full-text expressions arrive compiled to tsquery text (`assay.search.compile`) and go
through `to_tsquery` with the same configuration that built `articles.fts`, so query
words are stemmed as the stored ones were. Title words weigh five times body words, as
in the SQLite store's BM25.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, text

from assay.models import CountAtLeast
from assay.store.backends.pg_snippets import QUERY, TS_CONFIG, PgSnippets
from assay.store.backends.pg_vectors import PgVectorIndex
from assay.store.fts import PG_ID_BLOCK, TEXT_WEIGHT, TITLE_WEIGHT, pg_block_key
from assay.store.schema import embeddings
from assay.store.search_sql import (
    COUNT_LIMIT,
    RANK_LIMIT,
    FilterValues,
    bound,
    filter_sql,
    in_list,
)

# ts_rank_cd weights of the labels D, C, B (body) and A (title).
WEIGHTS = f"'{{0.1, 0.1, {TEXT_WEIGHT / TITLE_WEIGHT:g}, 1.0}}'::float4[]"
# Normalisation 1: divide by 1 + log(length), so long articles do not win by length alone.
RANK = f"ts_rank_cd({WEIGHTS}, a.fts, q, 1)"
# A query the planner expects to match at least half a first pass's cap is read in a
# window of the newest ids (`_window`) that should hold RANK_LIMIT x WINDOW_MARGIN of its
# matches; others first read up to the cap (a count exact below it): COUNT_LIMIT with a
# filter, FIRST_PASS without.
FIRST_PASS = 2 * RANK_LIMIT
WINDOW_MARGIN = 1.5
MAX_GROWTH = 16.0
FIRST_WINDOW = 16 * PG_ID_BLOCK
# Naming a window's blocks costs ~13 ns an id in it (218 blocks: 11 ms at a million
# articles); without them the scan reads every match of the query, each row outside the
# window for nothing (~4 us). So a window names its blocks only when it is expected to
# leave out more than this many matches per id it holds.
BLOCKS_WORTH = 1 / 300
# Memory for each bitmap and sort of a search (PostgreSQL's default is 4 MB).
SEARCH_WORK_MEM = "64MB"
# The price of a random page read against a sequential one (the default 4 is a disk's).
SEARCH_RANDOM_PAGE_COST = "1.1"


class PostgresSearch(PgSnippets):
    """Full text through `articles.fts` (GIN), vectors through pgvector."""

    dialect = "postgresql"
    sector_lists = True

    def __init__(self, conn: Connection) -> None:
        super().__init__(conn)
        # One snapshot for the whole session, as SQLite's read transaction gives: the
        # counts, ranks and rows of one search agree while writers go on.
        conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        # For this read session only (one round trip for all):
        # - The planner prices a sequential scan that tests `fts @@ q` row by row as cheap,
        #   not knowing that each test unpacks a tsvector; the GIN index is ~40x faster
        #   there (measured at 100,000 articles).
        # - A word in 300,000 of a million articles needs a bitmap of ~15 MB; in the
        #   default 4 MB it turns lossy, and every row on a lossy page has its tsvector
        #   read and checked again (1.4 s instead of 0.44 s for the first 10,000 matches).
        # - A random page priced at 4 sequential ones (the default, for disks) made the
        #   planner AND a date filter's bitmap (263,000 rows, 18 ms) with 4,000 candidates
        #   rather than read those rows and test their dates (~4 ms); searched pages are
        #   mostly cached, for which PostgreSQL's documentation suggests a lower value.
        settings = (
            "set_config('enable_seqscan', 'off', true), set_config('work_mem', :mem, true), "
            "set_config('random_page_cost', :rpc, true)"
        )
        conn.execute(
            text(f"SELECT {settings}"), {"mem": SEARCH_WORK_MEM, "rpc": SEARCH_RANDOM_PAGE_COST}
        )

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
        where, filtered = filter_sql(filters, sector_lists=True)
        params = {**filtered, "match": match, "limit": limit}
        found = f"FROM articles a {QUERY} WHERE a.fts @@ q AND {where}"
        if newest_first:
            total = self._count(found, params)
            sql = f"""
                SELECT a.id, {RANK} {found}
                ORDER BY a.published IS NULL, a.published DESC, a.id DESC LIMIT :limit
            """
            rows = self._rows(bound(sql, params), params)
            return [(int(r[0]), float(r[1])) for r in rows], total
        # Up to RANK_LIMIT matches are all ranked, else the newest RANK_LIMIT: each in
        # the statement that finds it (`_newest_ranked`). (A phrase is checked against
        # each row's positions, once.)
        if not counted:
            # The same ids, the newest RANK_LIMIT (or all), without a pass over every
            # match: an OR of an article's words (related stories) matches nine articles
            # in ten, whose bitmap alone took 1 s at a million.
            window = self._window(found, params, 0)
            ranked, total = window.ranked, len(window.ranked)
        else:
            ranked, total = self._newest_counted(found, params, "<" in match, bool(filtered))
        return sorted(ranked, key=lambda hit: (-hit[1], hit[0]))[:limit], total

    def _count(self, found: str, params: dict[str, Any], limit: int | None = None) -> int:
        """Matches, counted up to `limit` (COUNT_LIMIT by default; search then reports
        "about" that many). It reads the GIN index and the visibility map, not the rows."""
        cap = COUNT_LIMIT if limit is None else limit
        sql = f"SELECT count(*) FROM (SELECT 1 {found} LIMIT {cap}) AS hits"
        return int(self._rows(bound(sql, params), params)[0][0])

    def _newest_counted(
        self, found: str, params: dict[str, Any], phrase: bool, filtered: bool
    ) -> tuple[list[tuple[int, float]], int]:
        """The newest RANK_LIMIT matches (all of them when fewer) with their ranks, newest
        first, and how many match: exact, or a CountAtLeast past the newest ids read.

        Reading a match reads its row (at a million articles, about one 8 kB page each:
        10,000 took 0.06 to 0.13 s), and a pass over all matches builds the bitmap of
        every one from the GIN index (0.06 s for a word in 234,000 articles). So words the
        planner expects in many articles are read in windows of the newest ids
        (`_window`) until RANK_LIMIT are found, and counted there (a lower bound), or,
        when the window's rate projects few matches and the query has no filter, counted
        whole from the index. Other queries first read up to a cap of matches, which
        counts them and, below the cap, holds the newest: a phrase (the planner takes it
        for its words anywhere), and a query it expects in fewer articles.
        """
        # A filter's bitmap (a sector's GIN list) is the costly part of a pass, so the
        # first pass counts far; without one, reading rows is, so it stops early. Half the
        # cap, not more: a word the planner's statistics do not list is estimated at half
        # the rarest listed one's share (4,984 of a million articles after one ANALYZE),
        # and one at 5,000 sent such words, and ANDs with one, through a first pass of
        # 4,000 rows before the window (60 to 75 ms instead of 40).
        cap = COUNT_LIMIT if filtered else FIRST_PASS
        expected = 0.0 if phrase else self._estimate(found, params)
        if not phrase and expected < cap / 2:
            expected = max(expected, self._fewest_of_all(found, params))
        if expected >= cap / 2:
            window = self._window(found, params, expected)
            if not window.complete and not filtered and window.held < FIRST_PASS * window.share:
                # Few enough matches at the window's rate to be counted whole from the
                # index and the visibility map (~1 us a match: `netanyahu`, 3,039 of a
                # million articles, 3.4 ms): an exact total where the window gave a lower
                # bound. (Counting 10,000 cost 17 ms.)
                counted = self._count(found, params, 2 * FIRST_PASS)
                exact = counted < 2 * FIRST_PASS
                return window.ranked, counted if exact else CountAtLeast(counted)
        else:
            # Below the cap, the newest RANK_LIMIT are ranked as they are read.
            first = _newest_ranked(f"{found} LIMIT {cap}", RANK_LIMIT, f"w.n < {cap}")
            rows = self._rows(bound(first, params), params)
            counted = int(rows[0][1]) if rows else 0
            if counted < cap:
                return [(int(r[0]), float(r[2])) for r in rows], counted
            # The planner took it for rarer than it is (it takes two words for
            # independent, and knows the frequencies of only its ~1,000 commonest): a
            # window of the newest ids, widened as needed.
            window = self._window(found, params, 0)
            if not window.complete:
                return window.ranked, CountAtLeast(max(counted, window.held))
        held = window.held if window.complete else CountAtLeast(window.held)
        return window.ranked, held

    def _estimate(self, found: str, params: dict[str, Any]) -> float:
        """How many rows the planner expects to match (the GIN index's statistics of
        each word; an AND of words as if they were independent)."""
        explain = f"EXPLAIN (FORMAT JSON) SELECT a.id {found}"
        plan = self._rows(bound(explain, params), params)[0][0]
        plan = json.loads(plan) if isinstance(plan, str) else plan  # (psycopg parses JSON)
        return float(plan[0]["Plan"]["Plan Rows"])

    def _fewest_of_all(self, found: str, params: dict[str, Any]) -> float:
        """For an AND of words, how many rows the planner expects its rarest word in (0
        for other queries). The planner takes the words for independent: words that go
        together (`north korea`) were expected in 356 articles and found in over 4,000,
        so a first pass read 4,000 rows only to fall back to a window. The rarest word
        bounds the AND from above, and a window sized from too many matches only widens."""
        ops, words = self._parsed(params["match"])
        if len(words) < 2 or re.sub(r"[&()\s]", "", ops):
            return 0.0
        return min(self._estimate(found, {**params, "match": word}) for word in words)

    def _top(self) -> int:
        return int(self._rows(text("SELECT coalesce(max(id), 0) FROM articles"))[0][0])

    def _window(self, found: str, params: dict[str, Any], expected: float) -> Window:
        """The newest RANK_LIMIT matches (all when fewer) in a window of the newest ids,
        sized from `expected` matches (0: unknown, assume a third of the articles match)
        and widened, older range by older range, until it holds RANK_LIMIT.

        A range names its blocks of ids (`assay.store.fts.pg_block_key`, a key column of
        the GIN index) when that costs less than the matches it leaves out, so the scan
        costs what the range holds, not the bitmap of every match; a widening reads only
        the ids the last range did not. Every match a range returns is among the newest
        RANK_LIMIT, so it is ranked in the statement that finds it. The planner can take
        a word it knows little about for ten times rarer than it is, which sized a window
        ten times too wide (18,000 rows read for 2,000 at a million articles): the first
        range holds at most FIRST_WINDOW ids, and the next is sized by what it held."""
        top = self._top()
        # Bitmaps, not a walk of the primary key testing each row's tsvector.
        self.conn.execute(text("SET LOCAL enable_indexscan = off"))
        density = expected / max(top, 1) if expected > 0 else 1 / 3
        size = int(RANK_LIMIT * WINDOW_MARGIN / max(density, 1 / max(top, 1))) + 1
        size = min(size, FIRST_WINDOW)
        ranked: list[tuple[int, float]] = []
        held, upper = 0, top
        try:
            while True:
                floor = max(0, upper - size)
                # The blocks bound the range; its ids are tested on the rows found (`+ 0`:
                # not as a bitmap of the range from the primary key, 6 ms for 92,000
                # ids). A wide range of a rare query reads the query's whole posting
                # lists instead: the matches outside it (those above, read already, and
                # the expected ones below) cost less than its blocks.
                outside = held + density * floor
                named = floor > 0 and outside > BLOCKS_WORTH * (upper - floor)
                blocks = f" AND {_blocks(floor, upper)}" if named else ""
                in_range = f"{found} AND a.id + 0 > :floor AND a.id + 0 <= :upper{blocks}"
                sql = _newest_ranked(in_range, RANK_LIMIT - len(ranked))
                args = {**params, "floor": floor, "upper": upper}
                rows = self._rows(bound(sql, params), args)
                ranked += [(int(r[0]), float(r[2])) for r in rows]
                held += int(rows[0][1]) if rows else 0
                read = top - floor
                if held >= RANK_LIMIT or floor == 0:
                    return Window(ranked, held, floor == 0, read / max(top, 1))
                # Widened by what the window showed (a phrase matches fewer than its
                # words together, which the planner assumes).
                density = max(held, 1) / read
                grow = min(MAX_GROWTH, max(2.0, RANK_LIMIT * WINDOW_MARGIN / max(held, 1)))
                size, upper = int(read * grow) + 1 - read, floor
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

    def score_of(self, match: str, article_id: int) -> float | None:
        sql = f"SELECT {RANK} FROM articles a {QUERY} WHERE a.id = :id AND a.fts @@ q"
        rows = self._rows(text(sql), {"match": match, "id": article_id})
        return float(rows[0][0]) if rows else None

    def vector_index(self, model: str) -> PgVectorIndex | None:
        query = select(embeddings.c.dim).where(embeddings.c.model == model).limit(1)
        dim = self.conn.execute(query).scalar()
        return None if dim is None else PgVectorIndex(self.conn, model, int(dim))


@dataclass(frozen=True)
class Window:
    """What `PostgresSearch._window` read: the newest matches with their ranks, newest
    first; how many matches the window held; whether it held every id (then every match);
    and the share of all ids it held."""

    ranked: list[tuple[int, float]]
    held: int
    complete: bool
    share: float


def _newest_ranked(matches: str, limit: int, rank_if: str = "TRUE") -> str:
    """SQL for the newest `limit` rows of `matches` (a FROM ... WHERE over `articles a`):
    each id, how many rows `matches` held, and the id's rank where `rank_if` holds.

    The scan keeps each row's address (ctid), not its tsvector, and the rank reads the
    row again there (a TID scan, ~2 us): carried through the count and the sort, 2,700
    tsvectors kept in the row (revision 0012) cost ~6 ms to copy (21 to 15 ms for a
    window of 2,700 matches ranking 1,800 at a million articles). The statement's
    snapshot holds, so the address still shows the row version the scan found."""
    rank = RANK.replace("a.fts", "r.fts")
    return f"""
        SELECT w.id, w.n, CASE WHEN {rank_if} THEN (
                   SELECT {rank} FROM articles r WHERE r.ctid = w.ctid
               ) END
        FROM (
            SELECT m.id, m.ctid, count(*) OVER () AS n
            FROM (SELECT a.id, a.ctid {matches}) AS m
            ORDER BY m.id DESC LIMIT {limit}
        ) AS w {QUERY}
        ORDER BY w.id DESC
    """


def _blocks(floor: int, upper: int) -> str:
    """The condition that names the blocks of ids above `floor` up to `upper`, as the GIN
    index's third key column holds them (integers: inlined)."""
    first, last = (floor + 1) // PG_ID_BLOCK, upper // PG_ID_BLOCK
    return f"{pg_block_key('a.id')} && ARRAY[{in_list(range(first, last + 1))}]"
