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

import re
import unicodedata

from sqlalchemy import Connection

# Title matches count for more than body matches in BM25; facets not at all.
TITLE_WEIGHT, TEXT_WEIGHT, FACETS_WEIGHT = 5.0, 1.0, 0.0
# A facet token: this prefix and the slug without its hyphens (the tokenizer splits at
# anything but letters and digits, so the token must hold only those).
FACET_PREFIX = "xsector"
# Every row holds at least this many facet tokens: its sectors', else the bare prefix.
# BM25 divides by the row's token count over all columns, facets included; with one
# token in every row (most articles have one sector or none) copies of one text still
# tie whatever their tags. (More slots move the average length further: the order of
# near ties changed in 69 of the benchmark's 200 queries with nine, 26 with one.)
FACET_SLOTS = 1
_TOKEN_START_X = re.compile(r"(?:^|[^a-z0-9])x")
TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"


def facets_sql(col: str) -> str:
    """`articles.sectors` in `col` ("mining-metals oil-gas") as FACET_SLOTS facet tokens."""
    count = f"(length({col}) - length(replace({col}, ' ', '')) + 1)"
    filler = f" {FACET_PREFIX}" * FACET_SLOTS
    step = len(FACET_PREFIX) + 1
    return (
        f"CASE WHEN {col} = '' THEN '{filler}' ELSE '{FACET_PREFIX}' || "
        f"replace(replace({col}, '-', ''), ' ', ' {FACET_PREFIX}') || "
        f"substr('{filler}', 1, {step} * ({FACET_SLOTS} - {count})) END"
    )


def facet_token(slug: str) -> str:
    """The token standing for sector `slug` in the `facets` column (as `facets_sql`)."""
    return FACET_PREFIX + slug.replace("-", "")


def text_columns(match: str) -> str:
    """A user's FTS5 expression, confined to the title and text columns when one of its
    words could match a facet token (every facet token starts with an x). A column
    filter costs 20 to 35% more per query, so the others are left as they are."""
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", match) if not unicodedata.combining(c)
    ).casefold()
    # Conservative: an x after anything but an ASCII letter or digit may start a token.
    if _TOKEN_START_X.search(folded) is None:
        return match
    return "{title text} : (" + match + ")"


def _sqlite_ddl(facets: bool) -> tuple[str, ...]:
    """The table and its triggers: with `facets` (revision 0009), else as revision 0001."""
    cols, new, old = "title, text", "new.title, new.text", "old.title, old.text"
    content, watched = "articles", "title, text"
    if facets:
        cols += ", facets"
        new += ", " + facets_sql("new.sectors")
        old += ", " + facets_sql("old.sectors")
        content, watched = "articles_fts_content", "title, text, sectors"
    view = (
        "CREATE VIEW articles_fts_content AS SELECT id, title, text, "
        f"{facets_sql('sectors')} AS facets FROM articles"
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
