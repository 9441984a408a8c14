"""Full-text search: SQLite FTS5 over article titles and text.

`articles_fts` is an external-content FTS5 table (the text lives once, in `articles`)
kept in step by triggers. Snippets and highlighted titles mark matched words with
« and » and elide with …; the web UI escapes the text first, then turns «…» into <mark>.

Only SQLite is implemented; a PostgreSQL twin (tsvector + ts_headline) belongs next to
these functions with the same signatures.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, DateTime, text
from sqlalchemy.exc import OperationalError

from assay.errors import QueryError, StoreError

MARK_START, MARK_END, ELLIPSIS = "«", "»", "…"
SNIPPET_TOKENS = 32
# Title matches count for more than body matches in BM25.
TITLE_WEIGHT, TEXT_WEIGHT = 5.0, 1.0

SQLITE_DDL = (
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "title, text, content='articles', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    # Only title/text changes touch the index: cluster or minhash updates stay cheap.
    "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TABLE IF EXISTS articles_fts",
)

# A double-quoted phrase, or a run of non-space characters (which may open a stray quote).
_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
_WORD = re.compile(r"\w", re.UNICODE)


def create_fts(conn: Connection) -> None:
    """Create the full-text index and its triggers, indexing any rows already stored."""
    if conn.dialect.name != "sqlite":
        return  # PostgreSQL twin not written yet: search() says so.
    for ddl in SQLITE_DDL:
        conn.exec_driver_sql(ddl)
    conn.exec_driver_sql("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")


def drop_fts(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for ddl in SQLITE_DROP:
            conn.exec_driver_sql(ddl)


def _phrase(words: str, prefix: bool = False) -> str:
    return '"' + words.replace('"', '""') + '"' + ("*" if prefix else "")


def to_match_expression(query: str) -> str:
    """Turn what a user typed into a safe FTS5 MATCH expression.

    Words and "quoted phrases" must all match; `OR` between two terms means either;
    a leading `-` excludes a word or phrase; a trailing `*` matches a prefix. Everything
    else is quoted, so FTS5 syntax in the input cannot cause a syntax error.

    >>> to_match_expression('"rare earth" refinery -coal')
    '("rare earth" "refinery") NOT "coal"'
    """
    include: list[str] = []
    exclude: list[str] = []
    pending_or = False
    for m in _TOKEN.finditer(query):
        negate, quoted, bare = m.group(1), m.group(2), m.group(3)
        if bare is not None:
            if bare in _OPERATORS:
                # Only OR between two terms is honoured; stray operators are dropped.
                pending_or = bare == "OR" and bool(include)
                continue
            negate = "-" if bare.startswith("-") else ""
            bare = bare.lstrip("-").replace('"', "")
            prefix = bare.endswith("*")
            words = bare.rstrip("*")
            term = _phrase(words, prefix) if _WORD.search(words) else None
        else:
            term = _phrase(quoted) if _WORD.search(quoted) else None
        if term is None:
            continue
        if negate:
            exclude.append(term)
        elif pending_or:
            include[-1] = f"{include[-1]} OR {term}"
            pending_or = False
        else:
            include.append(term)
    if not include:
        raise QueryError(
            f"Search query {query!r} has no words to look for; type at least one word "
            "that is not excluded with '-'."
        )
    expr = " ".join(f"({t})" if " OR " in t else t for t in include)
    if exclude:
        expr = f"({expr})" + "".join(f" NOT {t}" for t in exclude)
    return expr


_SEARCH_SQL = text(
    f"""
    SELECT a.id, a.url, a.source, a.title, a.published, a.language, a.site_name,
           highlight(articles_fts, 0, '{MARK_START}', '{MARK_END}') AS title_highlight,
           snippet(articles_fts, 1, '{MARK_START}', '{MARK_END}', '{ELLIPSIS}',
                   {SNIPPET_TOKENS}) AS snippet,
           bm25(articles_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT}) AS rank
    FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid
    WHERE articles_fts MATCH :match
    ORDER BY rank, a.id
    LIMIT :limit OFFSET :offset
    """
).columns(published=DateTime(timezone=True))


def search_articles(conn: Connection, query: str, limit: int, offset: int) -> list[dict[str, Any]]:
    """Matching articles, best first (BM25), with a highlighted title and a text snippet."""
    if conn.dialect.name != "sqlite":
        raise StoreError(
            f"Full-text search is implemented for SQLite only, not {conn.dialect.name}; "
            "use a SQLite store (--db) for search."
        )
    match = to_match_expression(query)
    try:
        rows = conn.execute(_SEARCH_SQL, {"match": match, "limit": limit, "offset": offset})
        return [dict(r._mapping) for r in rows]
    except OperationalError as exc:
        # Defence in depth: to_match_expression should make this unreachable.
        raise QueryError(f"Cannot search for {query!r}: {exc.orig}.") from None
