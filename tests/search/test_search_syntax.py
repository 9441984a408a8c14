"""The search query language: a syntax tree of terms, AND/OR groups, exclusions, filters."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assay.errors import QueryError
from assay.search.compile import fts5
from assay.search.syntax import MAX_TERMS, All, AnyOf, Filters, Term, parse_query


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("query", "match", "text"),
    [
        ("nickel smelter", '"nickel" AND "smelter"', "nickel smelter"),
        ('"rare earth" magnets', '"rare earth" AND "magnets"', "rare earth magnets"),
        ("nickel -coal", '("nickel") NOT "coal"', "nickel"),
        ('nickel -"thermal coal"', '("nickel") NOT "thermal coal"', "nickel"),
        ("gallium OR germanium", '"gallium" OR "germanium"', "gallium germanium"),
        ("dyspros*", '"dyspros"*', "dyspros"),
        ('"sector:oil-gas"', '"sector:oil-gas"', "sector:oil-gas"),
        ("see https://x.example/a", '"see" AND "https://x.example/a"', "see https://x.example/a"),
        # NEAR is FTS5 syntax, dropped like AND and NOT; the parenthesis opens a group.
        ('NEAR(coal "x', '"coal" AND "x"', "coal x"),
    ],
)
def test_free_text_becomes_a_quoted_match_expression(query: str, match: str, text: str) -> None:
    parsed = parse_query(query)
    assert fts5.match(parsed) == match
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
        # Filters hold for the whole query, even when typed inside a group.
        ("(x country:IDN)", Filters(entities=("country:IDN",))),
    ],
)
def test_each_operator_becomes_a_filter(query: str, filters: Filters) -> None:
    parsed = parse_query(query)
    assert parsed.filters == filters
    assert fts5.match(parsed) == '"x"'


def test_operators_combine_with_text_exclusions_and_highlight_terms() -> None:
    parsed = parse_query('"supply deal" nick* -coal sector:ev-battery since:2024-01-01 lang:en')
    assert fts5.match(parsed) == '("supply deal" AND "nick"*) NOT "coal"'
    assert fts5.any_of(parsed.exclude) == '"coal"'
    assert fts5.any_of(parsed.terms) == '"supply deal" OR "nick"*'
    assert parsed.text == "supply deal nick"
    assert parsed.filters == Filters(
        sectors=("ev-battery",), since=at("2024-01-01"), languages=("en",)
    )


def test_filters_alone_need_no_words_and_keep_exclusions_aside() -> None:
    parsed = parse_query('country:IDN -coal -"thermal power"')
    assert parsed.match is None
    assert fts5.match(parsed) is None
    assert fts5.any_of(parsed.exclude) == '"coal" OR "thermal power"'
    assert parsed.text == ""
    assert parsed.filters == Filters(entities=("country:IDN",))


def test_or_separates_groups_of_words_that_must_all_match() -> None:
    parsed = parse_query("Japan tariff OR Japan quota")
    japan = Term("Japan")
    assert parsed.match == AnyOf((All((japan, Term("tariff"))), All((japan, Term("quota")))))
    assert fts5.match(parsed) == '("Japan" AND "tariff") OR ("Japan" AND "quota")'
    # AND binds tighter than OR, as in FTS5 and PostgreSQL's websearch syntax.
    assert fts5.match(parse_query("gallium OR germanium export")) == (
        '"gallium" OR ("germanium" AND "export")'
    )


def test_parentheses_group_alternatives() -> None:
    parsed = parse_query("Japan (tariff OR quota) -rice")
    assert parsed.match == All((Term("Japan"), AnyOf((Term("tariff"), Term("quota")))))
    assert fts5.match(parsed) == '("Japan" AND ("tariff" OR "quota")) NOT "rice"'
    assert fts5.match(parse_query('("rare earth" OR lithium) (Chile OR Australia)')) == (
        '("rare earth" OR "lithium") AND ("Chile" OR "Australia")'
    )


@pytest.mark.parametrize(
    ("query", "match"),
    [
        ("((gallium OR germanium) export", '("gallium" OR "germanium") AND "export"'),
        ("refinery)", '"refinery"'),
        ("a) (b", '"a" AND "b"'),
        ("() nickel (( ))", '"nickel"'),
        ("OR nickel OR", '"nickel"'),
        ("nickel OR OR cobalt", '"nickel" OR "cobalt"'),
        ("nickel or cobalt", '"nickel" AND "or" AND "cobalt"'),  # only upper-case OR
        ("a -b OR c", '("a" OR "c") NOT "b"'),  # exclusions hold for the whole query
        ("coal AND NOT gas", '"coal" AND "gas"'),
    ],
)
def test_stray_syntax_is_ignored_not_an_error(query: str, match: str) -> None:
    assert fts5.match(parse_query(query)) == match


def test_deeply_nested_parentheses_parse_without_recursion() -> None:
    parsed = parse_query("(" * 5000 + "nickel" + ")" * 5000)
    assert parsed.match == Term("nickel")


@pytest.mark.parametrize(
    ("query", "required"),
    [
        ("nickel smelter", None),
        ('"supply deal" nickel', Term("supply deal", phrase=True)),
        ('"rare earth" OR lithium', None),  # lithium alone may satisfy the OR
        (
            '("rare earth" magnets) OR ("heavy rare" x)',
            AnyOf((Term("rare earth", phrase=True), Term("heavy rare", phrase=True))),
        ),
    ],
)
def test_quoted_phrases_are_what_every_hit_must_contain(query: str, required: object) -> None:
    assert parse_query(query).required == required


def test_terms_per_query_are_capped_with_a_clear_message() -> None:
    words = [f"w{i}" for i in range(MAX_TERMS)]
    assert len(parse_query(" ".join(words)).terms) == MAX_TERMS
    with pytest.raises(QueryError) as info:
        parse_query(" ".join(words) + " -extra")
    assert str(info.value) == (
        "Search query 'w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16...' "
        "has more than 64 words, phrases and exclusions; keep the ones that matter most."
    )


def test_the_last_possible_day_is_a_valid_until_date() -> None:
    parsed = parse_query("x until:9999-12-31 since:0001-01-01")
    assert parsed.filters.until == datetime.max.replace(tzinfo=UTC)
    assert parsed.filters.since == at("0001-01-01")


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
        ("x until:10000-01-01", "Bad date 'until:10000-01-01'; use until:YYYY-MM-DD."),
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
        (
            "( ) OR",
            "Search query '( ) OR' has no words to look for; type at least one word "
            "that is not excluded with '-'.",
        ),
    ],
)
def test_bad_queries_raise_query_errors_naming_the_accepted_form(query: str, message: str) -> None:
    with pytest.raises(QueryError) as info:
        parse_query(query)
    assert str(info.value) == message
