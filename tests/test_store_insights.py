"""Store reads behind the pages: stories per day, latest stories, counts per day, active
entities, partners, facet counts and fact ordering; their records match the schema."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from assay.errors import NotFound, UsageError
from assay.models import Article, Entity, Fact, Mention, SectorScore
from assay.serialize import to_jsonable
from assay.store import Store
from assay.stories import cluster_pending

# Store-level reads: each test runs on SQLite and on PostgreSQL.
pytestmark = pytest.mark.usefixtures("backend")

SCHEMA = json.loads((Path(__file__).parent.parent / "docs/records.schema.json").read_text())
WIRE = (
    "Indonesia and Japan signed a nickel supply agreement in Jakarta on Monday. "
    "The deal covers ore, matte and mixed hydroxide precipitate from smelters in Sulawesi "
    "for ten years, officials from both governments said after a signing ceremony. "
    "Analysts said the agreement would tighten supply to Chinese refiners next year."
)
NAMES = {
    "country:IDN": ("Indonesia", "COUNTRY"),
    "country:JPN": ("Japan", "COUNTRY"),
    "country:CHN": ("China", "COUNTRY"),
    "commodity:nickel": ("nickel", "COMMODITY"),
    "org:jbic": ("JBIC", "ORG"),
}


def check(record: Any, name: str) -> None:
    schema = {"$ref": f"#/$defs/{name}", "$defs": SCHEMA["$defs"]}
    jsonschema.validate(to_jsonable(record), schema)


def story(
    slug: str,
    text: str,
    when: datetime | None,
    *,
    site: str,
    sectors: tuple[str, ...] = ("mining-metals",),
    facts: tuple[tuple[str, dict[str, Any]], ...] = (),
) -> Article:
    ents = []
    for key, (name, kind) in NAMES.items():
        spans = []
        start = text.find(name)
        while start >= 0:
            spans.append(Mention(start, start + len(name), name))
            start = text.find(name, start + 1)
        if spans:
            ents.append(Entity(key, name, kind, spans))
    first = text.split(". ")[0] + "."
    return Article(
        source=f"https://{site}/{slug}",
        url=f"https://{site}/{slug}",
        title=slug.replace("-", " ").title(),
        text=text,
        published=when,
        site_name=site,
        language="en",
        sectors=[SectorScore(s, 0.9) for s in sectors],
        entities=ents,
        facts=[Fact(t, f, first, 0, len(first), 0.8) for t, f in facts],
        summary=first,
    )


def party(key: str) -> dict[str, str]:
    return {"name": NAMES[key][0], "key": key}


DEAL = (
    "agreement",
    {
        "parties": [party("country:IDN"), party("country:JPN")],
        "commodity": party("commodity:nickel"),
        "action": "signed",
    },
)
LEVY = (
    "trade_measure",
    {
        "actor": party("country:IDN"),
        "target": party("country:CHN"),
        "measure": "tariff",
        "goods": party("commodity:nickel"),
    },
)


@pytest.fixture
def filled(store: Store) -> Store:
    day = datetime(2026, 3, 2, 9, tzinfo=UTC)
    store.save_articles(
        [
            story("nickel-deal", WIRE, day, site="minerals-wire.example", facts=(DEAL, LEVY)),
            # The same wire story on a second site: one story, two sources.
            story(
                "nickel-pact",
                WIRE.replace("Monday", "Monday morning"),
                day.replace(hour=11),
                site="asia-metals.example",
                facts=(DEAL,),
            ),
            story(
                "china-refiners",
                "China said its refiners have enough nickel stocks for now.",
                day.replace(hour=15),
                site="asia-metals.example",
                sectors=("mining-metals", "business-politics"),
            ),
            story(
                "older-news",
                "JBIC lent money to a Japanese trading house in Indonesia.",
                datetime(2026, 2, 20, 8, tzinfo=UTC),
                site="minerals-wire.example",
                sectors=("business-politics",),
            ),
            story(
                "undated",
                "Japan reviews its stockpile of rare metals.",
                None,
                site="minerals-wire.example",
            ),
        ]
    )
    cluster_pending(store)
    return store


def test_story_candidates_collapse_copies_and_count_their_sites(filled: Store) -> None:
    rows = filled.story_candidates(
        datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 3, 3, tzinfo=UTC)
    )
    assert [r["title"] for r in rows] == ["China Refiners", "Nickel Deal"]
    deal = rows[1]
    # The copy with more facts shows the story; both sites count as sources.
    assert deal["sources"] == 2 and deal["facts"] == 2
    assert deal["entities"] == 3 and deal["lead_entities"] == 3
    assert rows[0]["sources"] == 1 and rows[0]["facts"] == 0
    for row in rows:
        check(row, "StoryRow")


def test_story_candidates_filter_by_sector_and_reject_an_unknown_one(filled: Store) -> None:
    start, end = datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)
    rows = filled.story_candidates(start, end, sector="business-politics")
    assert [r["title"] for r in rows] == ["China Refiners", "Older News"]
    with pytest.raises(UsageError, match="Unknown sector 'crypto'"):
        filled.story_candidates(start, end, sector="crypto")


def test_latest_stories_are_newest_first_one_per_story_undated_last(filled: Store) -> None:
    titles = [r["title"] for r in filled.latest_stories(limit=10)]
    assert titles[:2] == ["China Refiners", "Nickel Pact"]
    assert titles[-1] == "Undated" and len(titles) == 4
    assert [r["title"] for r in filled.latest_stories(limit=2, offset=1)] == [
        "Nickel Pact",
        "Older News",
    ]


def test_newest_and_oldest_day_bound_the_days_with_stories(filled: Store) -> None:
    assert filled.newest_day() == "2026-03-02"
    assert filled.newest_day(datetime(2026, 3, 1, tzinfo=UTC)) == "2026-02-20"
    assert filled.newest_day(datetime(2026, 1, 1, tzinfo=UTC)) is None
    assert filled.oldest_day(datetime(2026, 2, 21, tzinfo=UTC)) == "2026-03-02"
    assert filled.oldest_day(datetime(2026, 3, 3, tzinfo=UTC)) is None


def test_counts_per_day_for_an_entity_a_sector_and_a_fact_type(filled: Store) -> None:
    assert filled.entity_per_day("country:JPN") == [
        {"day": "2026-02-20", "count": 1},
        {"day": "2026-03-02", "count": 2},
    ]
    assert filled.sector_per_day("mining-metals") == [{"day": "2026-03-02", "count": 3}]
    since = datetime(2026, 3, 1, tzinfo=UTC).date()
    assert filled.facts_per_day("agreement", since=since) == [{"day": "2026-03-02", "count": 2}]
    for row in filled.entity_per_day("country:IDN"):
        check(row, "DayCount")
    with pytest.raises(NotFound, match="No entity with key 'country:XXX'"):
        filled.entity_per_day("country:XXX")


def test_active_entities_rank_by_articles_within_a_sector(filled: Store) -> None:
    active = filled.active_entities("mining-metals", limit=3)
    assert [a["key"] for a in active] == ["commodity:nickel", "country:JPN", "country:IDN"]
    assert active[0]["articles"] == 3
    only = filled.active_entities(types=["ORG"])
    assert [a["key"] for a in only] == ["org:jbic"]
    for row in active:
        check(row, "ActiveEntity")


def test_partners_are_the_other_parties_of_shared_facts(filled: Store) -> None:
    partners = filled.partners("country:IDN")
    assert [(p["key"], p["facts"], p["types"]) for p in partners] == [
        ("country:JPN", 2, {"agreement": 2}),
        ("country:CHN", 1, {"trade_measure": 1}),
    ]
    # A commodity's partners are who deals in it.
    assert {p["key"] for p in filled.partners("commodity:nickel")} == {
        "country:IDN",
        "country:JPN",
        "country:CHN",
    }
    for row in partners:
        check(row, "Partner")


def test_facets_count_sectors_countries_entities_and_fact_types(filled: Store) -> None:
    ids = [r["id"] for r in filled.list_articles(limit=10)]
    facets = filled.facets(ids)
    assert facets["matches"] == 5
    assert facets["sectors"][0] == {
        "value": "mining-metals",
        "label": "Mining & Metals",
        "count": 4,
    }
    assert [f["value"] for f in facets["countries"]][:2] == ["country:JPN", "country:IDN"]
    assert facets["entities"]["COMMODITY"][0]["value"] == "commodity:nickel"
    assert facets["fact_types"][0]["value"] == "agreement"
    check(facets, "Facets")
    assert filled.facets([], total=0)["sectors"] == []


def test_query_facts_sorts_by_type_confidence_or_date(filled: Store) -> None:
    by_type = [f["type"] for f in filled.query_facts(order="type")]
    assert by_type == sorted(by_type)
    oldest = filled.query_facts(order="published")
    newest = filled.query_facts()
    assert [f["id"] for f in oldest] != [f["id"] for f in newest]
    assert oldest[0]["published"] <= oldest[-1]["published"]
    with pytest.raises(UsageError, match="Unknown fact order 'size'"):
        filled.query_facts(order="size")
