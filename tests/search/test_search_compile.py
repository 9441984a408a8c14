"""Query trees compile to FTS5 MATCH and PostgreSQL tsquery text that the engines accept."""

from __future__ import annotations

import sqlite3

import pytest

from assay.errors import StoreError
from assay.search.compile import compiler_for, fts5, tsquery
from assay.search.syntax import parse_query

HOSTILE = [
    '"unbalanced',
    'coal"',
    "NEAR(coal",
    "coal AND",
    "(coal",
    "c^oal",
    "refinery)",
    "Japan tariff OR Japan quota",
    "Japan (tariff OR quota) -rice",
    "((a OR b) (c OR d)) OR (e -f)",
    "it's O'Neil's",
    'say "hi',
    '"a:b:c" 1:2',
    "x{y}z [red]bold[/red] $x 'q' \\back",
    "-(a) b",
    "nickel*  *  -*  ***",
    "U.S. tariffs",
    "Ελλάδα νικέλιο",
    "“curly” ‘quotes’",
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rare earth", '"rare" AND "earth"'),
        ('"rare earth" refinery -coal', '("rare earth" AND "refinery") NOT "coal"'),
        ("gallium OR germanium export", '"gallium" OR ("germanium" AND "export")'),
        ("OR gallium", '"gallium"'),
        ("dyspros*", '"dyspros"*'),
        ('say "hi', '"say" AND "hi"'),
        ('-"heavy rare" earth', '("earth") NOT "heavy rare"'),
        ("U.S. tariffs", '"U.S." AND "tariffs"'),
        ("nickel -coal* -coal*", '("nickel") NOT "coal"*'),
    ],
)
def test_user_queries_become_quoted_fts5_expressions(query: str, expected: str) -> None:
    assert fts5.match(parse_query(query)) == expected


@pytest.mark.parametrize("query", HOSTILE)
def test_every_compiled_expression_is_valid_fts5(query: str) -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(title, text, tokenize='porter unicode61')")
    db.execute("INSERT INTO t VALUES ('Japan tariff', 'quota on rice and coal')")
    parsed = parse_query(query)
    for expr in (fts5.match(parsed), fts5.any_of(parsed.terms), fts5.any_of(parsed.exclude)):
        if expr is not None:
            db.execute("SELECT count(*) FROM t WHERE t MATCH ?", (expr,)).fetchall()


def test_or_between_groups_finds_either_group() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(text)")
    db.executemany("INSERT INTO t VALUES (?)", [("Japan tariff",), ("Japan quota",), ("quota",)])
    expr = fts5.match(parse_query("Japan tariff OR Japan quota"))
    found = db.execute("SELECT text FROM t WHERE t MATCH ? ORDER BY rowid", (expr,)).fetchall()
    assert found == [("Japan tariff",), ("Japan quota",)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nickel smelter", "'nickel' & 'smelter'"),
        ('"rare earth" refinery -coal', "('rare' <-> 'earth') & 'refinery' & !'coal'"),
        ("Japan tariff OR Japan quota", "('Japan' & 'tariff') | ('Japan' & 'quota')"),
        ("Japan (tariff OR quota)", "'Japan' & ('tariff' | 'quota')"),
        ("gallium OR germanium -rice", "('gallium' | 'germanium') & !'rice'"),
        ('nickel -"thermal coal"', "'nickel' & !('thermal' <-> 'coal')"),
        ("dyspros*", "'dyspros':*"),
        ("rare-ear*", "'rare-ear':*"),
        ("it's O'Neil", "'it''s' & 'O''Neil'"),
        ("back\\slash", "'back\\\\slash'"),
        ('"a:b" & c|d !e', "'a:b' & 'c|d' & '!e'"),
    ],
)
def test_tsquery_text_quotes_every_lexeme(query: str, expected: str) -> None:
    assert tsquery.match(parse_query(query)) == expected


def test_tsquery_of_filters_alone_is_none_and_exclusions_stand_apart() -> None:
    parsed = parse_query('country:IDN -coal -"thermal power"')
    assert tsquery.match(parsed) is None
    assert tsquery.any_of(parsed.exclude) == "'coal' | ('thermal' <-> 'power')"


def test_each_dialect_has_its_compiler_and_others_are_refused() -> None:
    assert compiler_for("sqlite") is fts5
    assert compiler_for("postgresql") is tsquery
    with pytest.raises(StoreError) as info:
        compiler_for("mssql")
    assert str(info.value) == (
        "Search has no full-text syntax for a mssql store; use SQLite or PostgreSQL."
    )
