"""Store reads return the typed records that docs/records.schema.json describes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from assay.models import Article, Entity, Fact, Mention, SectorScore
from assay.serialize import dumps, to_jsonable
from assay.store import Store

pytestmark = pytest.mark.usefixtures("backend")

SCHEMA = json.loads((Path(__file__).parent.parent / "docs/records.schema.json").read_text())
TEXT = "Japan's JBIC lent $1.2 billion to PT Vale Indonesia for a nickel plant in Sulawesi."


def check(record: Any, name: str) -> None:
    """Validate one record (after the serializer) against the schema definition `name`."""
    schema = {"$ref": f"#/$defs/{name}", "$defs": SCHEMA["$defs"]}
    jsonschema.validate(to_jsonable(record), schema, format_checker=jsonschema.FormatChecker())


def enriched_article() -> Article:
    jbic = Entity("org:jbic", "JBIC", "ORG", [Mention(8, 12, "JBIC")])
    vale = Entity(
        "org:pt-vale-indonesia", "PT Vale Indonesia", "ORG", [Mention(34, 51, "PT Vale Indonesia")]
    )
    japan = Entity("country:JPN", "Japan", "COUNTRY", [Mention(0, 5, "Japan")], {"iso3": "JPN"})
    nickel = Entity("commodity:nickel", "nickel", "COMMODITY", [Mention(58, 64, "nickel")])
    fact = Fact(
        "investment",
        {
            "investor": {"name": "JBIC", "key": "org:jbic"},
            "target": {"name": "PT Vale Indonesia", "key": "org:pt-vale-indonesia"},
            "amount": {"value": 1.2e9, "currency": "USD"},
            "action": "invested",
        },
        TEXT,
        0,
        len(TEXT),
        0.8,
    )
    return Article(
        source="test",
        text=TEXT,
        title="JBIC backs nickel plant",
        url="https://news.example/jbic",
        published=datetime(2026, 1, 14, tzinfo=UTC),
        sectors=[SectorScore("ev-battery", 0.9), SectorScore("mining-metals", 0.7)],
        entities=[japan, jbic, vale, nickel],
        facts=[fact],
        summary="JBIC lent money.",
        keywords=["nickel"],
    )


@pytest.fixture
def filled(store: Store) -> Store:
    store.save_article(enriched_article(), enriched_with="test.v1")
    store.add_feed("https://news.example/rss.xml")
    store.record_failure("https://news.example/bad", "fetch", "HTTP 404", transient=False)
    return store


def test_article_detail_matches_schema(filled: Store) -> None:
    article_id = filled.list_articles()[0]["id"]
    detail = filled.get_article(article_id)
    check(detail, "ArticleDetail")
    assert {e["key"] for e in detail["entities"]} >= {"org:jbic", "country:JPN"}
    assert detail["facts"][0]["arguments"][0]["role"] in {"investor", "target"}


def test_listings_match_schema(filled: Store) -> None:
    rows = filled.list_articles()
    assert rows
    for row in rows:
        check(row, "ArticleRow")
    facts = filled.query_facts(type="investment")
    assert len(facts) == 1
    check(facts[0], "FactRecord")
    for feed in filled.list_feeds():
        check(feed, "FeedRecord")
    for failure in filled.failures():
        check(failure, "FailureRecord")


def test_entity_profile_and_stats_match_schema(filled: Store) -> None:
    profile = filled.entity("org:jbic")
    check(profile, "EntityProfile")
    assert profile["articles"] == 1 and profile["facts"] == 1
    stats = filled.stats()
    check(stats, "StoreStats")
    assert stats["articles"] == 1


def test_schema_rejects_a_record_missing_a_field(filled: Store) -> None:
    row = dict(filled.list_articles()[0])
    del row["title"]
    with pytest.raises(jsonschema.ValidationError):
        check(row, "ArticleRow")


class Colour(Enum):
    RED = "red"


@dataclass
class Point:
    x: int
    when: datetime


def test_serializer_handles_dataclasses_datetimes_enums_and_sets() -> None:
    value = {
        "p": Point(1, datetime(2026, 1, 2, 3, 4, tzinfo=UTC)),
        "c": Colour.RED,
        "s": {"b", "a"},
        "path": Path("/tmp/x"),
        "t": (1, 2),
    }
    assert to_jsonable(value) == {
        "p": {"x": 1, "when": "2026-01-02T03:04:00+00:00"},
        "c": "red",
        "s": ["a", "b"],
        "path": "/tmp/x",
        "t": [1, 2],
    }
    assert dumps({"name": "Hanoï"}) == '{"name": "Hanoï"}'


def test_serializer_refuses_unknown_objects() -> None:
    with pytest.raises(TypeError, match="not JSON serialisable: object"):
        to_jsonable(object())


def test_search_page_and_related_hits_match_schema(filled: Store) -> None:
    from assay.search import related, search

    page = search(filled, "nickel")
    assert page.hits and page.hits[0].title == "JBIC backs nickel plant"
    check(page, "SearchPage")
    other = enriched_article()
    other.title, other.url = "JBIC and nickel again", "https://news.example/jbic-2"
    other.text = other.text.replace("Sulawesi", "Sulawesi province")
    other.facts = []
    filled.save_article(other, enriched_with="test.v1")
    ids = sorted(row["id"] for row in filled.list_articles())
    hits = related(filled, ids[0])
    assert [h.id for h in hits] == [ids[1]]
    for hit in hits:
        check(hit, "RelatedHit")


def test_entity_lookups_match_schema(filled: Store) -> None:
    from assay.search.entities import entity_detail, find_entities

    matches = find_entities(filled, "jbic")
    assert matches[0]["key"] == "org:jbic" and matches[0]["stored"]
    for match in [*matches, *find_entities(filled, "gallium")]:
        check(match, "EntityMatch")
    for summary in filled.match_entities("indonesia"):
        check(summary, "EntitySummary")
    detail = entity_detail(filled, "org:jbic")
    check(detail, "EntityDetail")
    assert [p["key"] for p in detail["partners"]] == ["org:pt-vale-indonesia"]
    check(entity_detail(filled, "commodity:gallium"), "EntityDetail")  # known, never stored
