"""Related articles: shared rare entities rank first, copies of the story never appear."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from embedder import HashEmbedder
from sqlalchemy import insert, select, update
from typer.testing import CliRunner

from assay.cli import app
from assay.errors import NotFound
from assay.models import Article, Entity, Fact, Mention
from assay.search import IndexCache, RelatedHit, related
from assay.search.related import content_terms
from assay.settings import Settings
from assay.store import Store
from assay.store.convert import now_utc
from assay.store.schema import articles, embeddings, story_clusters

pytestmark = pytest.mark.usefixtures("backend")

NAMES = {
    "country:IDN": ("Indonesia", "COUNTRY"),
    "country:JPN": ("Japan", "COUNTRY"),
    "country:USA": ("United States", "COUNTRY"),
    "country:CHL": ("Chile", "COUNTRY"),
    "commodity:nickel": ("nickel", "COMMODITY"),
    "commodity:lithium": ("lithium", "COMMODITY"),
    "commodity:copper": ("copper", "COMMODITY"),
}


def article(slug: str, title: str, text: str, day: int, keys: list[str], parties=()) -> Article:
    ents = []
    for key in keys:
        name, kind = NAMES[key]
        start = text.index(name)
        ents.append(Entity(key, name, kind, [Mention(start, start + len(name), name)]))
    facts = []
    if parties:
        fields = {"parties": [{"name": NAMES[k][0], "key": k} for k in parties]}
        facts.append(Fact("agreement", fields, text, 0, len(text), 0.9))
    return Article(
        source=slug,
        url=f"https://news.example/{slug}",
        title=title,
        text=text,
        published=datetime(2025, 3, day, tzinfo=UTC),
        language="en",
        entities=ents,
        facts=facts,
    )


DEAL = "Indonesia and Japan signed a nickel supply agreement for the United States market."
STORIES = [
    article(
        "deal",
        "Indonesia and Japan agree nickel supply",
        DEAL,
        10,
        ["country:IDN", "country:JPN", "commodity:nickel", "country:USA"],
        parties=("country:IDN", "country:JPN"),
    ),
    article(
        "deal-copy",
        "Indonesia, Japan in nickel pact",
        DEAL + " Wire copy.",
        10,
        ["country:IDN", "country:JPN", "commodity:nickel", "country:USA"],
    ),
    article(
        "smelter",
        "New smelter for Indonesia",
        "A smelter in Indonesia will process nickel ore into matte from next year.",
        12,
        ["country:IDN", "commodity:nickel"],
    ),
    article(
        "smelter-copy",
        "Indonesia gets new smelter",
        "A smelter in Indonesia will process nickel ore into matte, a syndicated copy said.",
        12,
        ["country:IDN", "commodity:nickel"],
    ),
    article(
        "treaty",
        "Japan and Indonesia renew trade treaty",
        "Japan and Indonesia renewed a trade treaty covering cars and rice.",
        1,
        ["country:JPN", "country:IDN"],
        parties=("country:JPN", "country:IDN"),
    ),
    article(
        "lithium",
        "Chile lithium output rises",
        "Chile produced more lithium carbonate for buyers in the United States.",
        11,
        ["country:CHL", "commodity:lithium", "country:USA"],
    ),
    article(
        "copper",
        "Copper prices climb",
        "Prices of copper rose in London as United States demand grew.",
        10,
        ["commodity:copper", "country:USA"],
    ),
]


def cluster(store: Store, *slugs: str) -> None:
    with store.transaction() as conn:
        ids = [
            conn.execute(select(articles.c.id).where(articles.c.source == s)).scalar_one()
            for s in slugs
        ]
        now = now_utc()
        pk = conn.execute(
            insert(story_clusters).values(
                representative_id=ids[0], created_at=now, updated_at=now, size=len(ids)
            )
        ).inserted_primary_key
        assert pk is not None
        conn.execute(update(articles).where(articles.c.id.in_(ids)).values(cluster_id=pk[0]))


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with Store.open(settings) as opened:
        opened.save_articles(STORIES)
        cluster(opened, "deal", "deal-copy")
        cluster(opened, "smelter", "smelter-copy")
        yield opened


def id_of(store: Store, slug: str) -> int:
    with store.reading() as conn:
        return int(
            conn.execute(select(articles.c.id).where(articles.c.source == slug)).scalar_one()
        )


def sources(store: Store, rows: list[RelatedHit]) -> list[str]:
    by_id = {id_of(store, a.source): a.source for a in STORIES}
    return [by_id[r.id] for r in rows]


def test_related_never_returns_the_article_or_its_copies(store: Store) -> None:
    found = sources(store, related(store, id_of(store, "deal"), k=10))
    assert "deal" not in found
    assert "deal-copy" not in found


def test_related_returns_one_article_per_story(store: Store) -> None:
    found = sources(store, related(store, id_of(store, "deal"), k=10))
    assert len({"smelter", "smelter-copy"} & set(found)) == 1


def test_shared_rare_entities_rank_above_unrelated_and_are_the_reasons(store: Store) -> None:
    rows = related(store, id_of(store, "deal"), k=10)
    found = sources(store, rows)
    smelter = next(i for i, s in enumerate(found) if s.startswith("smelter"))
    assert smelter < found.index("copper")
    assert smelter < found.index("lithium")
    assert rows[smelter].reasons == ["nickel", "Indonesia"]
    # The United States is in most stories: sharing only it is a weak reason.
    assert rows[found.index("copper")].reasons == ["United States"]
    assert rows[found.index("copper")].score < rows[smelter].score


def test_shared_fact_parties_raise_the_score(store: Store) -> None:
    rows = related(store, id_of(store, "deal"), k=10)
    found = sources(store, rows)
    assert found.index("treaty") < found.index("lithium")
    assert rows[found.index("treaty")].reasons == ["Japan", "Indonesia"]


def test_embeddings_add_similar_text_without_shared_entities(store: Store) -> None:
    embedder = HashEmbedder()
    with store.transaction() as conn:
        rows = conn.execute(select(articles.c.id, articles.c.title, articles.c.text)).all()
        vecs = embedder.encode([f"{r.title}\n{r.text}" for r in rows])
        conn.execute(
            insert(embeddings),
            [
                {
                    "article_id": r.id,
                    "model": embedder.name,
                    "dim": embedder.dim,
                    "vector": v.tobytes(),
                }
                for r, v in zip(rows, vecs, strict=True)
            ],
        )
    cache = IndexCache()
    with_vectors = related(store, id_of(store, "deal"), k=10, embedder=embedder, indexes=cache)
    without = related(store, id_of(store, "deal"), k=10)  # the stored model is found alone
    assert [r.id for r in with_vectors] == [r.id for r in without]
    assert with_vectors[0].score > 0
    assert related(store, id_of(store, "deal"), k=10, indexes=cache) == without


def test_unknown_article_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound) as info:
        related(store, 999)
    assert str(info.value) == "No article with id 999; see 'assay articles list'."


def test_cli_related_prints_reasons_as_json(store: Store, settings: Settings) -> None:
    result = CliRunner().invoke(
        app,
        ["--db", settings.url, "related", str(id_of(store, "deal")), "--k", "2", "-f", "json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data) == 2
    assert set(data[0]) >= {"id", "title", "url", "published", "score", "reasons"}
    assert data == [r.to_dict() for r in related(store, id_of(store, "deal"), k=2)]
    assert data[0]["reasons"]


def test_content_terms_skip_stopwords_and_weight_the_title() -> None:
    # Title words count three times: each of these scores 4, ties in order of appearance.
    assert content_terms("Nickel smelter", "The smelter said it would ship nickel ore.") == [
        "nickel",
        "smelter",
        "ship",
        "ore",
    ]
