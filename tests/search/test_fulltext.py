"""Full-text search: BM25 ranking, highlight spans, and user queries that cannot break it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from assay.errors import QueryError
from assay.models import Article, SectorScore
from assay.search import SearchHit, search
from assay.settings import Settings
from assay.store import Store

pytestmark = pytest.mark.usefixtures("backend")

ARTICLES = [
    Article(
        source="a",
        url="https://news.example/refinery",
        title="Lynas opens rare earth refinery in Texas",
        text="The plant will separate heavy rare earths such as dysprosium and terbium. "
        "Coal prices were not discussed.",
    ),
    Article(
        source="b",
        url="https://news.example/magnets",
        title="Magnet makers seek supply",
        text="Magnet makers in Japan want more rare earth oxide; a new refinery in "
        "Malaysia could help. Officials said the Lynas plant is running at capacity.",
    ),
    Article(
        source="c",
        url="https://news.example/coal",
        title="Coal exports rise",
        text="Indonesia shipped more thermal coal to India and China in March.",
    ),
]


@pytest.fixture
def store(settings: Settings, migrated_db: Path) -> Iterator[Store]:
    if settings.database_url is None:
        shutil.copyfile(migrated_db, settings.db)
    with Store.open(settings) as opened:
        opened.save_articles(ARTICLES)
        yield opened


def find(store: Store, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """Full text only (no embedder): what `assay search --no-vector` runs."""
    return search(store, query, limit=limit, offset=offset).hits


def titles(hits: list[SearchHit]) -> list[str]:
    return [h.title for h in hits]


def marked(text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[start:end] for start, end in spans]


def test_search_finds_by_title_and_body_with_highlight_spans(store: Store) -> None:
    [hit] = find(store, "dysprosium")
    assert hit.title == "Lynas opens rare earth refinery in Texas"
    assert hit.title_spans == ()
    assert hit.snippet == (
        "The plant will separate heavy rare earths such as dysprosium and terbium. "
        "Coal prices were not discussed."
    )
    assert marked(hit.snippet, hit.snippet_spans) == ["dysprosium"]
    [hit] = find(store, "Texas")
    assert marked(hit.title, hit.title_spans) == ["Texas"]
    assert hit.url == "https://news.example/refinery"
    # Stemmed matches are marked as written in the text.
    [hit] = find(store, "separating plants")
    assert marked(hit.snippet, hit.snippet_spans) == ["plant", "separate"]


def test_title_matches_rank_above_body_matches(store: Store) -> None:
    assert titles(find(store, "Lynas")) == [
        "Lynas opens rare earth refinery in Texas",
        "Magnet makers seek supply",
    ]
    scores = [h.score for h in find(store, "Lynas")]
    assert scores[0] > scores[1]


def test_porter_stemming_matches_word_forms(store: Store) -> None:
    assert titles(find(store, "refineries")) == titles(find(store, "refinery"))
    assert len(find(store, "refineries")) == 2


def test_phrases_exclusions_or_and_prefixes(store: Store) -> None:
    assert titles(find(store, '"rare earth oxide"')) == ["Magnet makers seek supply"]
    assert titles(find(store, "refinery -coal")) == ["Magnet makers seek supply"]
    assert sorted(titles(find(store, "Texas OR Malaysia"))) == [
        "Lynas opens rare earth refinery in Texas",
        "Magnet makers seek supply",
    ]
    assert titles(find(store, "dyspros*")) == ["Lynas opens rare earth refinery in Texas"]


def test_limit_and_offset_page_through_results(store: Store) -> None:
    everything = titles(find(store, "rare OR coal"))
    assert len(everything) == 3
    assert titles(find(store, "rare OR coal", limit=2)) == everything[:2]
    assert titles(find(store, "rare OR coal", limit=2, offset=2)) == everything[2:]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ('"unbalanced', []),
        ('coal"', ["Coal exports rise", "Lynas opens rare earth refinery in Texas"]),
        ("NEAR(coal", ["Coal exports rise", "Lynas opens rare earth refinery in Texas"]),
        ("coal AND", ["Coal exports rise", "Lynas opens rare earth refinery in Texas"]),
        ("(coal", ["Coal exports rise", "Lynas opens rare earth refinery in Texas"]),
        ("c^oal", []),
        (
            "Texas OR Malaysia refinery",
            ["Lynas opens rare earth refinery in Texas", "Magnet makers seek supply"],
        ),
        ("(Japan OR India) (oxide OR thermal)", ["Coal exports rise", "Magnet makers seek supply"]),
    ],
)
def test_queries_with_fts_syntax_search_the_words(
    store: Store, query: str, found: list[str]
) -> None:
    assert sorted(titles(find(store, query))) == found


@pytest.mark.parametrize("query", ["title:coal", "coal:*"])
def test_column_filters_of_fts5_are_unknown_operators(store: Store, query: str) -> None:
    with pytest.raises(QueryError) as info:
        find(store, query)
    assert str(info.value).startswith(f"Unknown search operator '{query.split(':')[0]}:'")


def test_stray_quote_is_ignored_and_the_word_still_searched(store: Store) -> None:
    assert titles(find(store, '"thermal')) == ["Coal exports rise"]


@pytest.mark.parametrize("query", ["AND OR", "*", '"', "-coal", "  "])
def test_query_with_nothing_to_look_for_is_an_input_error(store: Store, query: str) -> None:
    with pytest.raises(QueryError) as info:
        find(store, query)
    assert str(info.value) == (
        f"Search query {query!r} has no words to look for; type at least one word "
        "that is not excluded with '-'."
    )


@pytest.mark.sqlite_only
def test_filtered_search_reads_the_filter_index_not_the_article_rows(store: Store) -> None:
    # An article row is a page of text: a filtered search that read one per match took
    # 8x longer at 100,000 articles. Every join to `articles` seeks the covering index.
    statements: list[tuple[str, Any]] = []

    def seen(_conn: Any, _cursor: Any, sql: str, params: Any, *_: Any) -> None:
        statements.append((sql, params))

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        find(store, "refinery since:2000-01-01 lang:en")
        search(store, "refinery until:2100-01-01", sort="date")
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
    joins = [(sql, params) for sql, params in statements if "JOIN articles a" in sql]
    assert len(joins) == 2
    with store.reading() as conn:
        for sql, params in joins:
            plan = " | ".join(
                str(row[3]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
            )
            assert "SEARCH a USING COVERING INDEX ix_articles_filters" in plan, plan


def cobalt_notes(store: Store) -> list[int]:
    """Twelve dated notes on cobalt, one a day from 1 January 2024; odd ones are tagged."""
    saved = store.save_articles(
        [
            Article(
                source="s",
                url=f"https://m.example/{i}",
                title=f"Note {i}",
                text=f"Cobalt output item {i}.",
                published=datetime(2024, 1, 1 + i, tzinfo=UTC),
                sectors=[SectorScore("mining-metals", 0.9)] if i % 2 else [],
            )
            for i in range(12)
        ]
    )
    return [r.id for r in saved]


@pytest.mark.sqlite_only
def test_a_filtered_query_matching_many_ranks_the_newest_and_counts_a_window_of_older_ones(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assay.store.backends.sqlite as sqlite_backend

    monkeypatch.setattr(sqlite_backend, "RANK_LIMIT", 2)
    monkeypatch.setattr(sqlite_backend, "COUNT_LIMIT", 20)
    ids = cobalt_notes(store)
    tagged = ids[1::2]
    page = search(store, "cobalt sector:mining-metals")
    # The newest two tagged are ranked; the four older ones are counted once each.
    assert (sorted(h.id for h in page.hits), page.total) == (tagged[-2:], 6)
    assert not page.total_at_least
    page = search(store, "cobalt sector:mining-metals since:2024-01-05")
    assert (sorted(h.id for h in page.hits), page.total) == (tagged[-2:], 4)
    # The count reads 3 matches past the ranked two (ids[8], [7], [6]): one passes, and
    # older ones went unread, so the total is a lower bound.
    monkeypatch.setattr(sqlite_backend, "COUNT_LIMIT", 5)
    page = search(store, "cobalt sector:mining-metals")
    assert (page.total, page.exact_total, page.total_at_least) == (3, False, True)
    assert page.to_dict()["total_at_least"] is True
    # Without filters the doclists alone count the window: 2 ranked + 3 read of 10 older.
    page = search(store, "cobalt")
    assert (page.total, page.total_at_least) == (5, True)
    monkeypatch.setattr(sqlite_backend, "COUNT_LIMIT", 20)
    page = search(store, "cobalt")
    assert (page.total, page.total_at_least) == (12, False)


@pytest.mark.parametrize(
    ("filters", "notes"),
    [
        ("since:2024-01-11", [11]),  # a date range smaller than the sector: read first
        ("until:2024-01-05", [1, 3]),
        ("since:2024-01-03 until:2024-01-11", [3, 5, 7, 9]),  # the sector is smaller
        ("since:2025-01-01", []),
    ],
)
def test_articles_passing_a_sector_and_dates_are_listed_from_either_side(
    store: Store, filters: str, notes: list[int]
) -> None:
    from assay.search.syntax import parse_query

    ids = cobalt_notes(store)
    with store.search_backend() as backend:
        found = backend.passing(parse_query(f"sector:mining-metals {filters}").filters)
    assert found == {ids[i] for i in notes}


def test_deleted_article_disappears_from_search(store: Store) -> None:
    [hit] = find(store, "thermal")
    store.delete_article(hit.id)
    assert find(store, "thermal") == []
