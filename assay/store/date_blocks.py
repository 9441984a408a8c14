"""SQLite: the newest publication date of each block of 4,096 article ids (revision 0011).

A search with a `since:` filter walks FTS5's doclists newest id first and tests each
match's date. When fewer than 2,000 matches pass, it used to walk every match down to
the oldest id. The newest date of each block bounds that walk: no article in a block
whose newest date is before `since` can pass, so the walk stops at the first block that
has one (`first_dated_id`). Triggers keep the table in step with `articles`; a deleted
article may leave its block's date higher than any left, which only widens the walk.
PostgreSQL does not need it (its full-text index holds the id's block: revision 0010).
"""

from __future__ import annotations

from sqlalchemy import Connection

DATE_BLOCK = 4096
_UPSERT = (
    "INSERT INTO article_date_blocks(block, newest) "
    f"VALUES (new.id / {DATE_BLOCK}, new.published) "
    "ON CONFLICT(block) DO UPDATE SET newest = max(newest, excluded.newest)"
)
SQLITE_DDL = (
    "CREATE TABLE article_date_blocks (block INTEGER PRIMARY KEY, newest TIMESTAMP NOT NULL)",
    "CREATE TRIGGER article_date_blocks_insert AFTER INSERT ON articles "
    f"WHEN new.published IS NOT NULL BEGIN {_UPSERT}; END",
    "CREATE TRIGGER article_date_blocks_update AFTER UPDATE OF published ON articles "
    f"WHEN new.published IS NOT NULL BEGIN {_UPSERT}; END",
    # The blocks of the rows already stored.
    f"INSERT INTO article_date_blocks(block, newest) SELECT id / {DATE_BLOCK}, max(published) "
    f"FROM articles WHERE published IS NOT NULL GROUP BY id / {DATE_BLOCK}",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS article_date_blocks_update",
    "DROP TRIGGER IF EXISTS article_date_blocks_insert",
    "DROP TABLE IF EXISTS article_date_blocks",
)
# The first id that may have been published since :since (a date bound as the column
# stores dates); past every id when none was.
FIRST_DATED_ID = (
    f"SELECT coalesce(min(block) * {DATE_BLOCK}, 9223372036854775807) "
    "FROM article_date_blocks WHERE newest >= :since"
)


def create_date_blocks(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for ddl in SQLITE_DDL:
            conn.exec_driver_sql(ddl)


def drop_date_blocks(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for ddl in SQLITE_DROP:
            conn.exec_driver_sql(ddl)
