"""`articles.sectors` (revision 0007) stays in step with `article_sectors` on every write
path, and sector filters find the same articles through it (PostgreSQL) as before.

Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command

from assay.models import Article, SectorScore
from assay.search import search
from assay.settings import Settings
from assay.store import Store
from assay.store.bulk import bulk_load
from assay.store.migrate import alembic_config
from assay.store.schema import article_sectors, articles

pytestmark = pytest.mark.usefixtures("backend")


def tagged(n: int, *slugs: str, text: str = "") -> Article:
    return Article(
        source=f"t{n}",
        url=f"https://news.example/{n}",
        title=f"Copper report {n}",
        text=text or f"Copper output rose at mine {n}. Smelter zq{n}x reopened.",
        published=datetime(2024, 5, n, tzinfo=UTC),
        language="en",
        sectors=[SectorScore(s, 0.9 - i / 10) for i, s in enumerate(slugs)],
    )


def lists(store: Store) -> dict[int, str]:
    """Each article's `sectors` column beside what its tags say."""
    with store.engine.connect() as conn:
        column = dict(conn.exec_driver_sql("SELECT id, sectors FROM articles").all())
        tags: dict[int, list[str]] = {}
        for aid, slug in conn.exec_driver_sql("SELECT article_id, slug FROM article_sectors"):
            tags.setdefault(aid, []).append(slug)
    assert column == {aid: " ".join(sorted(tags.get(aid, []))) for aid in column}
    return column


def found(store: Store, query: str) -> set[int]:
    return {h.id for h in search(store, query, limit=50).hits}


def test_saves_reenrichment_and_deletes_keep_the_list_in_step(store: Store) -> None:
    one = store.save_article(tagged(1, "oil-gas", "mining-metals")).id
    two = store.save_article(tagged(2)).id
    three = store.save_article(tagged(3, "mining-metals")).id
    assert lists(store) == {one: "mining-metals oil-gas", two: "", three: "mining-metals"}
    # The same URL with a new text replaces the row and its tags.
    store.save_article(tagged(1, "ev-battery", text="Copper prices fell on Monday. zq1x."))
    # Enrichment added to a copy saved without any.
    store.save_article(tagged(2, "oil-gas"))
    # Re-enrichment of sectors alone, and of other fields (the list stays).
    article = tagged(3, "oil-gas", "ev-battery")
    store.replace_enrichment([(three, article, ["sectors"], "sectors.v2")])
    store.replace_enrichment([(three, tagged(3), ["entities", "summary"], "entities.v2")])
    assert lists(store) == {one: "ev-battery", two: "oil-gas", three: "ev-battery oil-gas"}
    assert found(store, "copper sector:oil-gas") == {two, three}
    assert found(store, "sector:ev-battery") == {one, three}
    assert found(store, "copper sector:oil-gas sector:ev-battery") == {three}
    store.delete_article(two)
    assert found(store, "copper sector:oil-gas") == {three}


def test_upgrading_from_0006_fills_the_list_of_every_tagged_article(
    settings: Settings,
) -> None:
    with Store.open(settings) as store:
        ids = [
            store.save_article(tagged(n, *slugs)).id
            # tagged out of order: the filled list is sorted all the same
            for n, slugs in ((1, ("oil-gas",)), (2, ()), (3, ("oil-gas", "mining-metals")))
        ]
        with store.engine.connect() as conn:
            conn.execution_options(assay_write=True)
            with conn.begin():
                command.downgrade(alembic_config(conn), "0006_filter_index")
            assert "sectors" not in list(conn.exec_driver_sql("SELECT * FROM articles").keys())
    with Store.open(settings) as store:  # opening upgrades to HEAD
        assert lists(store) == dict(zip(ids, ["oil-gas", "", "mining-metals oil-gas"], strict=True))
        assert found(store, "copper sector:oil-gas") == {ids[0], ids[2]}


def test_bulk_rows_without_a_list_get_it_from_their_tags(store: Store) -> None:
    now = datetime(2024, 5, 1, tzinfo=UTC)
    rows = [
        {
            "id": i,
            "url": f"https://bulk.example/{i}",
            "content_hash": f"{i:064x}",
            "source": f"bulk:{i}",
            "story_index": 0,
            "title": f"Nickel note {i}",
            "text": f"Nickel smelter {i} restarted.",
            "published": now,
            "authors": [],
            "language": "en",
            "removed": [],
            "summary": "",
            "keywords": [],
            "ingested_at": now,
            "updated_at": now,
        }
        for i in range(1, 7)
    ]
    with bulk_load(store) as load:
        load.rows(articles, [{**rows[0], "sectors": "oil-gas"}])  # given: kept
        load.rows(articles, rows[1:])
        load.rows(
            article_sectors,
            [{"article_id": i, "slug": "oil-gas", "score": 0.9} for i in (1, 4)]
            + [{"article_id": i, "slug": "mining-metals", "score": 0.9} for i in (2, 4)],
        )
    assert lists(store)[4] == "mining-metals oil-gas"
    assert found(store, "nickel sector:oil-gas") == {1, 4}
    assert found(store, "nickel sector:mining-metals") == {2, 4}


def test_a_query_spelling_a_sector_matches_only_the_text(store: Store) -> None:
    tagged_one = store.save_article(tagged(1, "mining-metals")).id
    spelled = store.save_article(tagged(2, text="Filed under mining-metals by mistake.")).id
    # PostgreSQL indexes the sector list beside the words (revision 0009), as a key
    # column of its own: a user's words never match a tag.
    for query in ("mining-metals", '"mining metals"', "metals", "mining-metal*"):
        assert found(store, query) == {spelled}, query
    assert found(store, "copper sector:mining-metals") == {tagged_one}
    assert found(store, "copper -mining-metals") == {tagged_one}


def test_retagging_an_article_moves_it_between_sector_filters(store: Store) -> None:
    one = store.save_article(tagged(1, "oil-gas")).id
    two = store.save_article(tagged(2, "oil-gas", "mining-metals")).id
    assert found(store, "copper sector:oil-gas") == {one, two}
    assert found(store, '"copper output" sector:mining-metals') == {two}
    store.replace_enrichment([(one, tagged(1, "mining-metals"), ["sectors"], "sectors.v2")])
    store.replace_enrichment([(two, tagged(2), ["sectors"], "sectors.v2")])
    assert found(store, "copper sector:oil-gas") == set()
    assert found(store, '"copper output" sector:mining-metals') == {one}
    assert found(store, "copper sector:mining-metals since:2024-05-01") == {one}
    store.delete_article(one)
    assert found(store, "copper sector:mining-metals") == set()


def test_upgrading_from_0008_keeps_sector_filters_in_step(
    settings: Settings,
) -> None:
    with Store.open(settings) as store:
        ids = [
            store.save_article(tagged(n, *slugs)).id for n, slugs in ((1, ("oil-gas",)), (2, ()))
        ]
        with store.engine.connect() as conn:
            conn.execution_options(assay_write=True)
            with conn.begin():
                command.downgrade(alembic_config(conn), "0008_embedding_models")
    with Store.open(settings) as store:  # opening upgrades to HEAD
        assert found(store, "copper sector:oil-gas") == {ids[0]}
        assert found(store, "copper") == set(ids)
        store.replace_enrichment([(ids[1], tagged(2, "oil-gas"), ["sectors"], "sectors.v2")])
        assert found(store, "copper sector:oil-gas") == set(ids)
