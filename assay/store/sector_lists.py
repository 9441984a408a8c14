"""`articles.sectors` (revision 0007): an article's sector slugs, sorted, one space apart.

`article_sectors` stays the record (with scores); this copy on the row lets PostgreSQL
filter full-text matches by sector inside the index scan: `string_to_array(sectors, ' ')`
is a key column of the tsvector's GIN index (revision 0009; a GIN index of its own serves
filters without words), so only matches in the sector are read (a phrase's positions are
checked on those rows alone). The store writes it in the same UPDATE or INSERT as the
row's other columns, never in one of its own (on PostgreSQL any UPDATE recomputes the
generated tsvector). SQLite keeps the column true too (a copy to PostgreSQL carries it)
but filters through `article_sectors`.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, text

PG_SECTORS_INDEX = (
    "CREATE INDEX IF NOT EXISTS ix_articles_sectors ON articles "
    "USING gin (string_to_array(sectors, ' '))"
)
# Each tagged article's list as the tags give it, for the rows whose column differs.
_FILL = {
    "postgresql": """
        UPDATE articles a SET sectors = s.slugs
        FROM (SELECT article_id, string_agg(slug, ' ' ORDER BY slug) AS slugs
              FROM article_sectors GROUP BY article_id) AS s
        WHERE a.id = s.article_id AND a.sectors <> s.slugs
    """,
    # (SQLite 3.35+, which revision 0007's downgrade needs anyway; group_concat keeps the
    # order of its ordered input.)
    "sqlite": """
        UPDATE articles SET sectors = s.slugs
        FROM (SELECT article_id, group_concat(slug, ' ') AS slugs
              FROM (SELECT article_id, slug FROM article_sectors ORDER BY article_id, slug)
              GROUP BY article_id) AS s
        WHERE articles.id = s.article_id AND articles.sectors <> s.slugs
    """,
}


def sector_list(slugs: Iterable[str]) -> str:
    """The column's value for these slugs."""
    return " ".join(sorted(set(slugs)))


def sector_condition(param: str, column: str = "a.sectors") -> str:
    """PostgreSQL: the article's list holds the slug bound to `param` (the index's form)."""
    return f"string_to_array({column}, ' ') @> ARRAY[CAST(:{param} AS text)]"


def fill_sector_lists(conn: Connection) -> None:
    """Set the column of every tagged article from `article_sectors` (rows already right
    are not written). Untagged articles keep theirs: the store only ever adds tags to a
    row whose list is empty, or rewrites both."""
    conn.execute(text(_FILL[conn.dialect.name]))
