"""The search query language: free text becomes quoted FTS5, operators become filters."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assay.errors import InputError
from assay.store.query import Filters, parse_query


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("query", "match", "text"),
    [
        ("nickel smelter", '"nickel" "smelter"', "nickel smelter"),
        ('"rare earth" magnets', '"rare earth" "magnets"', "rare earth magnets"),
        ("nickel -coal", '("nickel") NOT "coal"', "nickel"),
        ('nickel -"thermal coal"', '("nickel") NOT "thermal coal"', "nickel"),
        ("gallium OR germanium", '("gallium" OR "germanium")', "gallium germanium"),
        ("dyspros*", '"dyspros"*', "dyspros"),
        ('"sector:oil-gas"', '"sector:oil-gas"', "sector:oil-gas"),
        ("see https://x.example/a", '"see" "https://x.example/a"', "see https://x.example/a"),
        ('NEAR(coal "x', '"NEAR(coal" "x"', "NEAR(coal x"),
    ],
)
def test_free_text_becomes_a_quoted_match_expression(query: str, match: str, text: str) -> None:
    parsed = parse_query(query)
    assert parsed.match == match
    assert parsed.text == text
    assert parsed.filters == Filters()


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("x sector:ev-battery", Filters(sectors=("ev-battery",))),
        ("x sector:EV-Battery", Filters(sectors=("ev-battery",))),
        ("x entity:country:NAM", Filters(entities=("country:NAM",))),
        ("x entity:country:nam", Filters(entities=("country:NAM",))),
        ("x entity:org:jbic", Filters(entities=("org:jbic",))),
        ("x entity:commodity:rare-earths", Filters(entities=("commodity:rare-earths",))),
        ("x country:IDN", Filters(entities=("country:IDN",))),
        ("x country:idn country:JPN", Filters(entities=("country:IDN", "country:JPN"))),
        ("x type:agreement", Filters(fact_types=("agreement",))),
        ("x type:trade-measure", Filters(fact_types=("trade_measure",))),
        ("x since:2024-01-01", Filters(since=at("2024-01-01"))),
        # until is inclusive: the filter ends at the start of the next day.
        ("x until:2025-06-30", Filters(until=at("2025-07-01"))),
        ("x lang:EN lang:fr", Filters(languages=("en", "fr"))),
        ("x country:IDN entity:country:IDN", Filters(entities=("country:IDN",))),
    ],
)
def test_each_operator_becomes_a_filter(query: str, filters: Filters) -> None:
    parsed = parse_query(query)
    assert parsed.filters == filters
    assert parsed.match == '"x"'


def test_operators_combine_with_text_exclusions_and_highlight_terms() -> None:
    parsed = parse_query('"supply deal" nick* -coal sector:ev-battery since:2024-01-01 lang:en')
    assert parsed.match == '("supply deal" "nick"*) NOT "coal"'
    assert parsed.exclude == '"coal"'
    assert parsed.highlight == '"supply deal" OR "nick"*'
    assert parsed.text == "supply deal nick"
    assert parsed.filters == Filters(
        sectors=("ev-battery",), since=at("2024-01-01"), languages=("en",)
    )


def test_filters_alone_need_no_words_and_keep_exclusions_aside() -> None:
    parsed = parse_query('country:IDN -coal -"thermal power"')
    assert parsed.match is None
    assert parsed.exclude == '"coal" OR "thermal power"'
    assert parsed.text == ""
    assert parsed.filters == Filters(entities=("country:IDN",))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "nickel region:asia",
            "Unknown search operator 'region:' in 'nickel region:asia'; use one of "
            "sector:ev-battery, entity:country:NAM, entity:org:jbic, country:IDN, "
            "type:agreement, since:2024-01-01, until:2025-06-30, lang:en, "
            "or put the words in quotes.",
        ),
        (
            "x sector:batteries",
            "Unknown sector 'sector:batteries'; use one of oil-gas, rare-earths-commodities, "
            "mining-metals, ev-battery, esg-renewables, ai-semiconductors, aerospace-defense, "
            "sanctions-regulation, business-politics.",
        ),
        (
            "x entity:jbic",
            "Bad entity key 'entity:jbic'; use entity:<type>:<id> with type one of country, "
            "org, person, commodity, project, location, e.g. entity:country:NAM or "
            "entity:org:jbic.",
        ),
        (
            "x entity:country:Namibia",
            "Bad entity key 'entity:country:Namibia'; use entity:<type>:<id> with type one of "
            "country, org, person, commodity, project, location, e.g. entity:country:NAM or "
            "entity:org:jbic.",
        ),
        ("x country:ID", "Bad country 'country:ID'; use a three-letter ISO code like country:IDN."),
        (
            "x type:deal",
            "Unknown fact type 'type:deal'; use one of agreement, trade_measure, sanction, "
            "capacity, investment, production.",
        ),
        ("x since:2024-02-30", "Bad date 'since:2024-02-30'; use since:YYYY-MM-DD."),
        ("x until:yesterday", "Bad date 'until:yesterday'; use until:YYYY-MM-DD."),
        ("x lang:english", "Bad language 'lang:english'; use a two-letter code like lang:en."),
        (
            "x since:2025-01-01 until:2024-12-31",
            "In 'x since:2025-01-01 until:2024-12-31' since: is after until:; give "
            "since:YYYY-MM-DD no later than until:YYYY-MM-DD.",
        ),
        (
            "-coal",
            "Search query '-coal' has no words to look for; type at least one word "
            "that is not excluded with '-'.",
        ),
    ],
)
def test_bad_queries_raise_input_errors_naming_the_accepted_form(query: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_query(query)
    assert str(info.value) == message
