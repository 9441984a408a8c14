"""Hybrid search: operators filter in SQL, BM25 + vectors fuse, one story appears once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from embedder import HashEmbedder
from sqlalchemy import insert, update
from typer.testing import CliRunner

from assay.cli import app
from assay.errors import InputError, QueryError
from assay.models import Article, Entity, Fact, Mention, SectorScore
from assay.search import search
from assay.settings import Settings
from assay.store import Store
from assay.store.convert import now_utc
from assay.store.schema import articles, story_clusters

pytestmark = pytest.mark.usefixtures("backend")


def ent(key: str, name: str, text: str) -> Entity:
    """An entity mentioned once, at the first place `name` occurs in `text`."""
    start = text.index(name)
    kind = {"country": "COUNTRY", "org": "ORG", "commodity": "COMMODITY"}[key.split(":")[0]]
    return Entity(key, name, kind, [Mention(start, start + len(name), name)])


def story(
    slug: str,
    title: str,
    text: str,
    published: str,
    *,
    sectors: tuple[str, ...] = (),
    entities: tuple[tuple[str, str], ...] = (),
    fact: str | None = None,
    language: str = "en",
) -> Article:
    facts = [Fact(fact, {}, text.split(".")[0], 0, 10, 0.9)] if fact else []
    return Article(
        source=slug,
        url=f"https://news.example/{slug}",
        title=title,
        text=text,
        published=datetime.fromisoformat(published).replace(tzinfo=UTC),
        language=language,
        sectors=[SectorScore(s, 0.9) for s in sectors],
        entities=[ent(k, n, text) for k, n in entities],
        facts=facts,
    )


DEAL = (
    "Indonesia and Japan signed a nickel supply deal on Monday. The agreement covers "
    "battery-grade nickel from Sulawesi for Japanese cathode makers."
)
STORIES = [
    story(
        "deal",
        "Indonesia signs nickel supply deal with Japan",
        DEAL,
        "2024-03-10",
        sectors=("ev-battery", "mining-metals"),
        entities=(("country:IDN", "Indonesia"), ("country:JPN", "Japan")),
        fact="agreement",
    ),
    story(
        "deal-wire",
        "Indonesia, Japan sign nickel supply deal",
        DEAL + " Reporting by a wire service.",
        "2024-03-10",
        sectors=("ev-battery",),
        entities=(("country:IDN", "Indonesia"), ("country:JPN", "Japan")),
        fact="agreement",
    ),
    story(
        "exports",
        "Indonesia nickel exports fall",
        "Indonesia shipped less nickel ore in April as the export ban bit.",
        "2023-05-01",
        sectors=("mining-metals",),
        entities=(("country:IDN", "Indonesia"),),
        fact="production",
    ),
    story(
        "tariff",
        "Chile raises lithium tariff",
        "Chile raised its export tariff on lithium carbonate to 12 percent.",
        "2025-02-01",
        sectors=("ev-battery", "sanctions-regulation"),
        entities=(("country:CHL", "Chile"),),
        fact="trade_measure",
    ),
    story(
        "jbic",
        "JBIC lends to Namibia uranium mine",
        "Japan Bank for International Cooperation (JBIC) lent 200 million dollars to a "
        "uranium mine in Namibia.",
        "2024-07-01",
        sectors=("mining-metals",),
        entities=(("org:jbic", "JBIC"), ("country:NAM", "Namibia")),
        fact="investment",
    ),
    story(
        "fr",
        "Le nickel indonésien attire le Japon",
        "L'Indonésie et le Japon ont signé un accord sur le nickel.",
        "2024-04-01",
        entities=(("country:IDN", "Indonésie"),),
        language="fr",
    ),
    story(
        "cathode",
        "Cathode makers line up battery supply deal in Sulawesi",
        "Japanese cathode makers agreed a supply deal for battery materials from Sulawesi.",
        "2024-05-02",
        sectors=("ev-battery",),
    ),
]


def ids_by_slug(store: Store) -> dict[str, int]:
    with store.reading() as conn:
        rows = conn.execute(articles.select().with_only_columns(articles.c.id, articles.c.source))
        return {r.source: r.id for r in rows}


def join_cluster(store: Store, *ids: int) -> int:
    """Put articles in one story cluster, as the near-duplicate clusterer would."""
    with store.transaction() as conn:
        now = now_utc()
        pk = conn.execute(
            insert(story_clusters).values(
                representative_id=ids[0], created_at=now, updated_at=now, size=len(ids)
            )
        ).inserted_primary_key
        assert pk is not None
        conn.execute(update(articles).where(articles.c.id.in_(ids)).values(cluster_id=pk[0]))
        return int(pk[0])


def embed_all(store: Store, embedder: HashEmbedder) -> None:
    from assay.store.schema import embeddings

    with store.transaction() as conn:
        rows = conn.execute(articles.select()).all()
        vectors = embedder.encode([f"{r.title}\n{r.text}" for r in rows])
        conn.execute(
            insert(embeddings),
            [
                {
                    "article_id": r.id,
                    "model": embedder.name,
                    "dim": embedder.dim,
                    "vector": v.tobytes(),
                }
                for r, v in zip(rows, vectors, strict=True)
            ],
        )


def seed(store: Store) -> None:
    """The stories, "deal" and its wire copy in one cluster."""
    store.save_articles(STORIES)
    ids = ids_by_slug(store)
    join_cluster(store, ids["deal"], ids["deal-wire"])


@pytest.fixture(scope="module")
def seeded(databases: Any) -> Any:
    """A template holding the seeded stores: each test gets its own copy."""
    return databases.template(seed)


@pytest.fixture
def settings(seeded: Any, place: Any, isolated_env: None) -> Settings:
    """Settings for a fresh copy of the seeded store."""
    return place(seeded)  # type: ignore[no-any-return]


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with Store.open(settings) as opened:
        yield opened


def slugs(page: Any) -> list[str]:
    """Sources of the hits; the wire copy stands for its story like the original."""
    return [h.source.replace("deal-wire", "deal") for h in page.hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nickel", ["deal", "exports", "fr"]),
        ('"supply deal"', ["deal", "cathode"]),
        ("nickel -ore", ["deal", "fr"]),
        ('nickel -"export ban"', ["deal", "fr"]),
        ("lithium OR uranium", ["jbic", "tariff"]),
        ("Sulaw*", ["cathode", "deal"]),
        ("nickel sector:ev-battery", ["deal"]),
        ("entity:country:NAM", ["jbic"]),
        ("entity:org:jbic", ["jbic"]),
        ("nickel country:IDN", ["deal", "exports", "fr"]),
        ("country:idn", ["fr", "deal", "exports"]),
        ("type:agreement", ["deal"]),
        ("type:trade-measure", ["tariff"]),
        ("nickel since:2024-01-01", ["deal", "fr"]),
        ("nickel until:2024-03-10", ["deal", "exports"]),
        ("nickel lang:fr", ["fr"]),
        ("nickel since:0001-01-01 until:9999-12-31", ["deal", "exports", "fr"]),
        ("sector:mining-metals -uranium", ["deal", "exports"]),
    ],
)
def test_every_operator_narrows_results(store: Store, query: str, expected: list[str]) -> None:
    assert sorted(slugs(search(store, query))) == sorted(expected)


def test_filters_combine_sector_and_date_and_entity(store: Store) -> None:
    page = search(store, "sector:ev-battery since:2024-01-01 until:2024-12-31 country:JPN")
    assert slugs(page) == ["deal"]
    assert page.mode == "filter"
    page = search(store, "supply sector:ev-battery since:2024-04-01")
    assert slugs(page) == ["cathode"]


def test_filter_only_query_lists_newest_first(store: Store) -> None:
    assert slugs(search(store, "sector:ev-battery")) == ["tariff", "cathode", "deal"]


def test_one_story_appears_once_with_its_source_count(store: Store) -> None:
    page = search(store, '"supply deal" nickel')
    assert len(page.hits) == 1
    [hit] = page.hits
    assert hit.source in ("deal", "deal-wire")
    assert hit.sources == 2
    assert page.total == 1
    [solo] = search(store, "uranium").hits
    assert solo.sources == 1


def test_hits_carry_highlight_spans_in_title_and_snippet(store: Store) -> None:
    [hit] = search(store, "uranium").hits
    assert hit.title == "JBIC lends to Namibia uranium mine"
    assert hit.title_spans == ((22, 29),)
    assert [hit.snippet[s:e] for s, e in hit.snippet_spans] == ["uranium"]
    assert hit.published == datetime(2024, 7, 1, tzinfo=UTC)
    assert hit.found_by == "text"
    data = hit.to_dict()
    assert data["published"] == "2024-07-01T00:00:00+00:00"
    assert data["title_spans"] == [[22, 29]]


def test_bad_operator_message_names_it_and_the_accepted_forms(store: Store) -> None:
    with pytest.raises(InputError) as info:
        search(store, "nickel region:asia")
    assert str(info.value) == (
        "Unknown search operator 'region:' in 'nickel region:asia'; use one of "
        "sector:ev-battery, entity:country:NAM, entity:org:jbic, country:IDN, type:agreement, "
        "since:2024-01-01, until:2025-06-30, lang:en, or put the words in quotes."
    )


def test_pagination_is_stable_and_covers_every_story(settings: Settings) -> None:
    batch = [
        story(
            f"cu{i}",
            f"Copper note {i}",
            f"Copper output item {i} " + "copper " * (i % 5),
            "2024-01-01",
        )
        for i in range(30)
    ]
    with Store.open(settings) as st:
        st.save_articles(batch)
        everything = slugs(search(st, "copper", limit=100))
        pages = [slugs(search(st, "copper", limit=7, offset=o)) for o in range(0, 35, 7)]
        again = [slugs(search(st, "copper", limit=7, offset=o)) for o in range(0, 35, 7)]
        first = search(st, "copper", limit=7)
    assert len(everything) == 30
    assert pages == again
    assert [s for p in pages for s in p] == everything
    assert (first.total, first.page, first.has_more) == (30, 1, True)


def test_hybrid_finds_by_meaning_and_fuses_both_sides(store: Store) -> None:
    embedder = HashEmbedder()
    embed_all(store, embedder)
    text_only = search(store, "cathode makers Sulawesi nickel")
    hybrid = search(store, "cathode makers Sulawesi nickel", embedder=embedder)
    assert (text_only.mode, slugs(text_only)) == ("text", ["deal"])
    assert hybrid.mode == "hybrid"
    assert hybrid.vector_model == "test-hash.v1"
    found_by = {h.source.replace("deal-wire", "deal"): h.found_by for h in hybrid.hits}
    # "cathode" lacks the word nickel but shares the rest: the vector side adds it, and
    # the two other nickel stories; the lithium and uranium stories are not close enough.
    assert found_by == {"deal": "both", "cathode": "vector", "exports": "vector", "fr": "vector"}
    assert hybrid.hits[0].sources == 2


def test_vector_only_hits_need_to_be_close(store: Store) -> None:
    embedder = HashEmbedder()
    embed_all(store, embedder)
    # No story has these words, and none is close enough to stand in for them.
    page = search(store, "zirconium sponge", embedder=embedder)
    assert (page.mode, page.hits, page.total) == ("hybrid", [], 0)


def test_hybrid_applies_filters_and_exclusions_to_vector_hits(store: Store) -> None:
    embedder = HashEmbedder()
    embed_all(store, embedder)
    page = search(store, "nickel supply deal lang:en until:2024-04-30", embedder=embedder)
    assert set(slugs(page)) <= {"deal", "exports"}
    page = search(store, "nickel supply deal -Sulawesi", embedder=embedder)
    assert not {"deal", "cathode"} & set(slugs(page))


def test_cli_search_prints_json_and_honours_no_vector(store: Store, settings: Settings) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["--db", settings.url, "search", "nickel", "--format", "json", "--no-vector"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sorted(h["source"].replace("deal-wire", "deal") for h in data) == [
        "deal",
        "exports",
        "fr",
    ]
    assert set(data[0]) >= {"id", "title", "snippet", "published", "score", "sources"}
    assert set(data[0]) >= {"title_spans", "snippet_spans", "found_by", "cluster_id", "url"}
    result = runner.invoke(app, ["--db", settings.url, "search", "nickel country:XX"])
    assert result.exit_code == 2  # a usage error
    assert (
        "Bad country 'country:XX'; use a three-letter ISO code like country:IDN." in result.stderr
    )


def test_selective_filter_still_finds_vector_neighbours_beyond_the_first_net(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A tiny net (2 neighbours x 2) misses the only French story; the search then lists
    # the ids the filter allows and searches among those.
    import assay.search.engine as search_module

    embedder = HashEmbedder()
    embed_all(store, embedder)
    monkeypatch.setattr(search_module, "MIN_DEPTH", 2)
    monkeypatch.setattr(search_module, "DEPTH_FACTOR", 1)
    monkeypatch.setattr(search_module, "POSTFILTER_FACTOR", 2)
    monkeypatch.setattr(search_module, "MIN_VECTOR_SCORE_ALONE", 0.0)
    page = search(store, "Indonesia nickel supply deal lang:fr", embedder=embedder, limit=1)
    assert slugs(page) == ["fr"]
    assert page.hits[0].found_by in ("both", "vector")


def test_or_between_groups_finds_either_group(store: Store) -> None:
    page = search(store, "Chile tariff OR Namibia uranium")
    assert sorted(slugs(page)) == ["jbic", "tariff"]
    assert sorted(slugs(search(store, "Indonesia (ore OR cathode)"))) == ["deal", "exports"]
    assert slugs(search(store, "Indonesia (ore OR cathode) -Japan")) == ["exports"]


def test_quoted_phrases_and_exclusions_hold_for_vector_hits_too(store: Store) -> None:
    embedder = HashEmbedder()
    embed_all(store, embedder)
    loose = search(store, "nickel ore Indonesia", embedder=embedder)
    assert {"deal", "exports"} <= set(slugs(loose))
    # Only the exports story holds the phrase: its neighbours by meaning are dropped.
    page = search(store, '"nickel ore" Indonesia', embedder=embedder)
    assert (page.mode, slugs(page)) == ("hybrid", ["exports"])
    page = search(store, "nickel Indonesia -ban", embedder=embedder)
    assert "exports" not in slugs(page)
    assert "deal" in slugs(page)


def test_sort_by_date_orders_the_same_hits_newest_first(store: Store) -> None:
    by_relevance = search(store, "nickel")
    by_date = search(store, "nickel", sort="date")
    assert slugs(by_date) == ["fr", "deal", "exports"]
    assert sorted(slugs(by_date)) == sorted(slugs(by_relevance))
    assert by_date.sort == "date"
    embedder = HashEmbedder()
    embed_all(store, embedder)
    hybrid = search(store, "nickel supply deal", embedder=embedder, sort="date")
    dates = [h.published for h in hybrid.hits]
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]


def test_paging_past_the_cap_is_a_clear_error(store: Store, settings: Settings) -> None:
    with pytest.raises(QueryError) as info:
        search(store, "nickel", limit=20, offset=9_990)
    assert str(info.value) == (
        "Results 9,991 to 10,010 are past the first 10,000; narrow the query with more "
        "words or filters."
    )
    result = CliRunner().invoke(
        app, ["--db", settings.url, "search", "nickel", "--page", str(10**30), "--no-vector"]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: --page {10**30} is past the last page (500 at --limit 20); narrow the query "
        "with more words or filters.\n"
    )


def test_cli_sorts_by_date(store: Store, settings: Settings) -> None:
    result = CliRunner().invoke(
        app,
        ["--db", settings.url, "search", "nickel", "--sort", "date", "-f", "json"],
    )
    assert result.exit_code == 0, result.output
    found = [h["source"].replace("deal-wire", "deal") for h in json.loads(result.stdout)]
    assert found == ["fr", "deal", "exports"]
