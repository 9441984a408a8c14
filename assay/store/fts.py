"""The SQLite full-text index: FTS5 over article titles and text, and sector facets.

`articles_fts` is an external-content FTS5 table (the text lives once, in `articles`)
kept in step by triggers. Queries against it live in `backends/sqlite.py`; the query
language and its compilation to FTS5 syntax in `assay.search`. PostgreSQL's twin, a
generated tsvector column with a GIN index, comes with revision 0003 and is queried in
`backends/pg_search.py`, with the same title and text weights.

Revision 0009 adds a third column, `facets`: one token per sector slug of the article
(`facet_token`), read from `articles.sectors` through the view `articles_fts_content`.
A sector filter is then one more term of the MATCH expression, so FTS5 intersects the
words with the sector inside its doclists instead of testing every match against
`article_sectors`. User expressions are confined to the title and text columns
(`text_columns`), so a word a user types never matches a facet; the facets weigh 0 in
BM25.
"""

from __future__ import annotations

from sqlalchemy import Connection

# Title matches count for more than body matches in BM25; facets not at all.
TITLE_WEIGHT, TEXT_WEIGHT, FACETS_WEIGHT = 5.0, 1.0, 0.0
# A facet token: this prefix and the slug without its hyphens (the tokenizer splits at
# anything but letters and digits, so the token must hold only those).
FACET_PREFIX = "xsector"
TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"
# `articles.sectors` ("mining-metals oil-gas") as facet tokens, in SQL.
FACETS_SQL = (
    "CASE WHEN {col} = '' THEN '' ELSE "
    f"'{FACET_PREFIX}' || replace(replace({{col}}, '-', ''), ' ', ' {FACET_PREFIX}') END"
)


def facet_token(slug: str) -> str:
    """The token standing for sector `slug` in the `facets` column (as FACETS_SQL)."""
    return FACET_PREFIX + slug.replace("-", "")


def text_columns(match: str) -> str:
    """A user's FTS5 expression, confined to the title and text columns."""
    return "{title text} : (" + match + ")"


def _sqlite_ddl(facets: bool) -> tuple[str, ...]:
    """The table and its triggers: with `facets` (revision 0009), else as revision 0001."""
    cols, new, old = "title, text", "new.title, new.text", "old.title, old.text"
    content, watched = "articles", "title, text"
    if facets:
        cols += ", facets"
        new += ", " + FACETS_SQL.format(col="new.sectors")
        old += ", " + FACETS_SQL.format(col="old.sectors")
        content, watched = "articles_fts_content", "title, text, sectors"
    view = (
        "CREATE VIEW articles_fts_content AS SELECT id, title, text, "
        f"{FACETS_SQL.format(col='sectors')} AS facets FROM articles"
    )
    return (
        *([view] if facets else []),
        f"CREATE VIRTUAL TABLE articles_fts USING fts5({cols}, content='{content}', "
        f"content_rowid='id', {TOKENIZE})",
        "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
        f"INSERT INTO articles_fts(rowid, {cols}) VALUES (new.id, {new}); END",
        "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
        f"INSERT INTO articles_fts(articles_fts, rowid, {cols}) "
        f"VALUES ('delete', old.id, {old}); END",
        # Only title/text (and sector) changes touch the index: cluster or minhash
        # updates stay cheap.
        f"CREATE TRIGGER articles_fts_update AFTER UPDATE OF {watched} ON articles BEGIN "
        f"INSERT INTO articles_fts(articles_fts, rowid, {cols}) "
        f"VALUES ('delete', old.id, {old}); "
        f"INSERT INTO articles_fts(rowid, {cols}) VALUES (new.id, {new}); END",
    )


SQLITE_DDL = _sqlite_ddl(facets=True)
SQLITE_INSERT_TRIGGER = SQLITE_DDL[2]  # articles_fts_insert
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TABLE IF EXISTS articles_fts",
    "DROP VIEW IF EXISTS articles_fts_content",
)


def create_fts(conn: Connection, facets: bool = False) -> None:
    """Create the full-text index and its triggers, indexing any rows already stored
    (`facets`: revision 0009's form, which needs `articles.sectors`)."""
    if conn.dialect.name != "sqlite":
        return  # PostgreSQL: revision 0003 adds articles.fts
    for ddl in _sqlite_ddl(facets):
        conn.exec_driver_sql(ddl)
    conn.exec_driver_sql("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")


def drop_fts(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for ddl in SQLITE_DROP:
            conn.exec_driver_sql(ddl)


# PostgreSQL's full-text index from revision 0009: the tsvector and the sector list in one
# GIN index, so a search with a sector filter is one index scan that intersects the
# words' and the sector's posting lists (it skips through them), not two bitmaps built
# whole and ANDed. The sector list is its own key column: no word can match it.
PG_FTS_INDEX = (
    "CREATE INDEX IF NOT EXISTS ix_articles_fts ON articles "
    "USING gin (fts, string_to_array(sectors, ' '))"
)
