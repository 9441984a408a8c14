"""Full-text search: BM25 ranking, «highlighted» snippets, and user queries that cannot break it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assay.errors import InputError
from assay.models import Article
from assay.settings import Settings
from assay.store import Store, to_match_expression

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
    shutil.copyfile(migrated_db, settings.db)
    with Store.open(settings) as opened:
        opened.save_articles(ARTICLES)
        yield opened


def titles(hits: list[dict[str, object]]) -> list[object]:
    return [h["title"] for h in hits]


def test_search_finds_by_title_and_body_with_marked_snippets(store: Store) -> None:
    [hit] = store.search("dysprosium")
    assert hit["title"] == "Lynas opens rare earth refinery in Texas"
    assert hit["snippet"] == (
        "The plant will separate heavy rare earths such as «dysprosium» and terbium. "
        "Coal prices were not discussed."
    )
    [hit] = store.search("Texas")
    assert hit["title_highlight"] == "Lynas opens rare earth refinery in «Texas»"
    assert hit["url"] == "https://news.example/refinery"


def test_title_matches_rank_above_body_matches(store: Store) -> None:
    assert titles(store.search("Lynas")) == [
        "Lynas opens rare earth refinery in Texas",
        "Magnet makers seek supply",
    ]
    scores = [h["score"] for h in store.search("Lynas")]
    assert scores[0] > scores[1]


def test_porter_stemming_matches_word_forms(store: Store) -> None:
    assert titles(store.search("refineries")) == titles(store.search("refinery"))
    assert len(store.search("refineries")) == 2


def test_phrases_exclusions_or_and_prefixes(store: Store) -> None:
    assert titles(store.search('"rare earth oxide"')) == ["Magnet makers seek supply"]
    assert titles(store.search("refinery -coal")) == ["Magnet makers seek supply"]
    assert sorted(titles(store.search("Texas OR Malaysia"))) == [
        "Lynas opens rare earth refinery in Texas",
        "Magnet makers seek supply",
    ]
    assert titles(store.search("dyspros*")) == ["Lynas opens rare earth refinery in Texas"]


def test_limit_and_offset_page_through_results(store: Store) -> None:
    everything = titles(store.search("rare OR coal"))
    assert len(everything) == 3
    assert titles(store.search("rare OR coal", limit=2)) == everything[:2]
    assert titles(store.search("rare OR coal", limit=2, offset=2)) == everything[2:]


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', 'coal"', "NEAR(coal", "title:coal", "coal AND", "(coal", "c^oal", "coal:*"],
)
def test_queries_with_fts_syntax_never_raise_database_errors(store: Store, query: str) -> None:
    assert isinstance(store.search(query), list)


def test_stray_quote_is_ignored_and_the_word_still_searched(store: Store) -> None:
    assert titles(store.search('"thermal')) == ["Coal exports rise"]


@pytest.mark.parametrize("query", ["AND OR", "*", '"', "-coal", "  "])
def test_query_with_nothing_to_look_for_is_an_input_error(store: Store, query: str) -> None:
    with pytest.raises(InputError) as info:
        store.search(query)
    assert str(info.value) == (
        f"Search query {query!r} has no words to look for; type at least one word "
        "that is not excluded with '-'."
    )


def test_deleted_article_disappears_from_search(store: Store) -> None:
    [hit] = store.search("thermal")
    store.delete_article(hit["id"])
    assert store.search("thermal") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rare earth", '"rare" "earth"'),
        ('"rare earth" refinery -coal', '("rare earth" "refinery") NOT "coal"'),
        ("gallium OR germanium export", '("gallium" OR "germanium") "export"'),
        ("OR gallium", '"gallium"'),
        ("dyspros*", '"dyspros"*'),
        ('say "hi', '"say" "hi"'),
        ('-"heavy rare" earth', '("earth") NOT "heavy rare"'),
        ("U.S. tariffs", '"U.S." "tariffs"'),
    ],
)
def test_user_queries_become_quoted_fts5_expressions(query: str, expected: str) -> None:
    assert to_match_expression(query) == expected
