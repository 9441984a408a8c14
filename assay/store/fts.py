"""The SQLite full-text index: FTS5 over article titles and text (revision 0001).

`articles_fts` is an external-content FTS5 table (the text lives once, in `articles`)
kept in step by triggers. Queries against it live in `backends/sqlite.py`; the query
language and its compilation to FTS5 syntax in `assay.search`. PostgreSQL's twin, a
generated tsvector column with a GIN index, comes with revision 0003 and is queried in
`backends/pg_search.py`, with the same title and text weights.
"""

from __future__ import annotations

from sqlalchemy import Connection

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


def create_fts(conn: Connection) -> None:
    """Create the full-text index and its triggers, indexing any rows already stored."""
    if conn.dialect.name != "sqlite":
        return  # PostgreSQL: revision 0003 adds articles.fts
    for ddl in SQLITE_DDL:
        conn.exec_driver_sql(ddl)
    conn.exec_driver_sql("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")


def drop_fts(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for ddl in SQLITE_DROP:
            conn.exec_driver_sql(ddl)


# PostgreSQL's full-text index (revision 0010): the tsvector, the sector list and the
# id's block in one GIN index.
# - A sector filter is one index scan that intersects the words' and the sector's posting
#   lists, not two bitmaps built whole and ANDed (revision 0009). The list is a key column
#   of its own: no word can match it.
# - A search read in a window of the newest ids names the window's blocks, so the scan
#   steps through the words' postings from the window's first row on, where a bitmap of
#   every match was built and then ANDed with the window (a word in 60,000 of 100,000
#   articles: 10.1 ms to 1.0 ms, EXPLAIN ANALYZE; `backends/pg_search.py`).
PG_ID_BLOCK = 4096


def pg_block_key(id_column: str = "id") -> str:
    """The block of an article id, as the index holds it (a query must say it the same way)."""
    return f"ARRAY[{id_column} / {PG_ID_BLOCK}]"


PG_FTS_INDEX = (
    "CREATE INDEX IF NOT EXISTS ix_articles_fts ON articles "
    f"USING gin (fts, string_to_array(sectors, ' '), ({pg_block_key()}))"
)
