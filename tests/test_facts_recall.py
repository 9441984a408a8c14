"""Facts in the shapes wire copy states them in: figures listed country by country, limits
that are not output, and measures whose goods or parties the headline names.

The sentences are written for these tests, in the style of 1980s wire copy and of
today's news; none is taken from a corpus.
"""

from __future__ import annotations

from typing import Any

import pytest

from assay.models import Fact


def names(role: Any) -> list[str]:
    values = role if isinstance(role, list) else [role]
    return [v["name"] for v in values if v]


def of_type(facts: list[Fact], fact_type: str) -> list[dict[str, Any]]:
    return [f.fields for f in facts if f.type == fact_type]


def deals(facts: list[Fact]) -> list[tuple[list[str], list[str]]]:
    """(investors, targets) of each investment."""
    return [(names(f["investor"]), names(f["target"])) for f in of_type(facts, "investment")]


# ------------------------------------------------------------------ production


def test_figures_listed_country_by_country_give_one_fact_per_country(extract: Any) -> None:
    text = (
        "Wheat production was put at 25.1 mln tonnes in France, 11.3 mln tonnes in West "
        "Germany, 8.7 mln in Italy, 610,000 tonnes in Belgium/Luxembourg and 4.2 mln in "
        "the Netherlands."
    )
    facts = of_type(extract(text), "production")
    by_actor = {tuple(names(f["actor"])): f["value"] for f in facts}
    assert by_actor == {
        ("France",): {"value": 25.1e6, "unit": "t"},
        ("Germany",): {"value": 11.3e6, "unit": "t"},
        ("Italy",): {"value": 8.7e6, "unit": "t"},  # the unit written once, before
        ("Belgium", "Luxembourg"): {"value": 610000.0, "unit": "t"},
        ("Netherlands",): {"value": 4.2e6, "unit": "t"},
    }
    assert {f["commodity"]["key"] for f in facts} == {"commodity:wheat"}


def test_a_figure_for_another_year_is_its_own_production_fact(extract: Any) -> None:
    text = (
        "Japan's sugar cane output was estimated at 2.14 mln tonnes in 1986, down from "
        "2.62 mln a year earlier."
    )
    facts = of_type(extract(text), "production")
    assert [(f["value"], f["year"]) for f in facts] == [
        ({"value": 2.14e6, "unit": "t"}, 1986),
        ({"value": 2.62e6, "unit": "t"}, None),  # "a year earlier": no year is written
    ]
    assert {tuple(names(f["actor"])) for f in facts} == {("Japan",)}


def test_an_earlier_month_of_the_same_year_is_no_fact_but_the_year_before_is(
    extract: Any,
) -> None:
    figures = [
        (f["value"]["value"], f["year"])
        for f in of_type(
            extract(
                "Peru's zinc output fell to 52,900 tonnes in February from 54,200 tonnes in "
                "January, compared with 56,400 in February 1986."
            ),
            "production",
        )
    ]
    # the stated figure takes no year from its comparison's "February 1986"
    assert figures == [(52900, None), (56400, 1986)]


def test_last_years_figure_counts_when_no_year_is_written(extract: Any) -> None:
    text = (
        "Philippine copra exports fell to 163,924 tonnes in January from 196,610 tonnes "
        "in December and 167,747 tonnes in January last year."
    )
    facts = of_type(extract(text), "production")
    assert [f["value"]["value"] for f in facts] == [163924, 167747]  # December's is no fact


def test_a_revised_or_estimated_comparison_is_still_a_comparison(extract: Any) -> None:
    text = (
        "Indonesian copra output fell to an estimated 61,200 tonnes in March from a revised "
        "64,850 (originally 65,100) in February and 70,415 in March 1986, the bureau said."
    )
    figures = [(f["value"]["value"], f["year"]) for f in of_type(extract(text), "production")]
    # February's revised figure is the same year's: no fact; March 1986's is its own
    assert figures == [(61200, None), (70415, 1986)]


def test_a_comparison_for_the_same_period_of_a_written_year_is_its_own_fact(
    extract: Any,
) -> None:
    text = (
        "Uruguayan wool shipments during January/October 1986 totalled 61,480 tonnes, "
        "against 55,120 tonnes in the same 1985 period."
    )
    figures = [(f["value"]["value"], f["year"]) for f in of_type(extract(text), "production")]
    assert figures == [(61480, 1986), (55120, 1985)]


def test_a_comparison_after_a_percent_change_is_its_own_fact_in_the_stated_unit(
    extract: Any,
) -> None:
    text = (
        "Chile's electric output this year was 554.79 billion kilowatt hours, up 2.1 pct "
        "from 543.15 billion last year, the ministry said."
    )
    figures = [
        (f["value"]["value"], f["value"]["unit"]) for f in of_type(extract(text), "production")
    ]
    # the 2.1 pct change is no figure; the bare comparison takes the stated kWh -> GWh
    assert figures == [(554790, "GWh"), (543150, "GWh")]


def test_a_country_that_shipped_a_commodity_exported_it(extract: Any) -> None:
    text = (
        "Vietnam has shipped 2.91 mln tonnes of rice in the year to date, down from "
        "3.05 mln a year ago."
    )
    facts = of_type(extract(text), "production")
    assert [(names(f["actor"]), f["measure"], f["value"]["value"]) for f in facts] == [
        (["Vietnam"], "exports", 2.91e6),
        (["Vietnam"], "exports", 3.05e6),
    ]


def test_shipments_a_buyer_received_are_no_exports(extract: Any) -> None:
    text = "Bunge Corp received two shipments of sorghum, totalling 61,000 tonnes."
    assert not of_type(extract(text), "production")
    # the firm's own shipments are its exports
    shipped = "Bunge Corp said its sorghum shipments totalled 61,000 tonnes in March."
    [fields] = of_type(extract(shipped), "production")
    assert (names(fields["actor"]), fields["measure"]) == (["Bunge"], "exports")


def test_a_figure_trade_sources_report_is_stated_but_traders_estimates_are_not(
    extract: Any,
) -> None:
    reported = "Spanish barley exports fell to 31,200 tonnes in March, trade sources said."
    [fields] = of_type(extract(reported), "production")
    assert names(fields["actor"]) == ["Spain"]
    assert not of_type(
        extract("Traders said Spanish barley exports fell to 31,200 tonnes in March."),
        "production",
    )


def test_output_a_buyer_agrees_to_take_is_no_production_figure(extract: Any) -> None:
    text = "Japan agreed to buy the smelter's entire annual output of 240,000 tonnes of zinc."
    assert not of_type(extract(text), "production")
    assert of_type(extract("Peru produced 240,000 tonnes of zinc last year."), "production")


def test_barrels_without_a_commodity_are_oil(extract: Any) -> None:
    [fields] = of_type(
        extract("Saudi Arabia pumped 10.5 mln barrels per day in March."), "production"
    )
    assert fields["commodity"]["key"] == "commodity:crude-oil"
    assert fields["value"] == {"value": 10.5e6, "unit": "bbl/d"}


def test_a_figure_a_survey_or_analysts_found_is_no_stated_output(extract: Any) -> None:
    assert not extract("A Reuter survey found OPEC production in early March was 14.7 mln bpd.")
    assert not extract("Analysts said Saudi output was 10 mln bpd in March.")
    assert of_type(extract("The ministry said Saudi output was 10 mln bpd."), "production")


def test_a_quota_or_capacity_beside_output_is_no_output(extract: Any) -> None:
    text = "Libya was producing 850,000 bpd of crude oil, compared with its 948,000 bpd quota."
    assert [f["value"]["value"] for f in of_type(extract(text), "production")] == [850000]
    text = (
        "Production of alumina at the refinery is running at around 3,000 tonnes a day and "
        "is expected to get back to full capacity of 4,000 tonnes, a Suralco spokesman said."
    )
    assert [f["value"]["value"] for f in of_type(extract(text), "production")] == [3000]


def test_a_percentage_change_in_imports_is_no_share(extract: Any) -> None:
    text = "Mexican imports of U.S. soybean meal fell 29 percent in 2017."
    assert not [f for f in of_type(extract(text), "production") if f["value"]["unit"] == "%"]


def test_a_calendar_years_comparison_keeps_the_stated_year(extract: Any) -> None:
    text = (
        "China's sugar output in calendar 1986 rose to 5.24 mln tonnes from 4.45 mln in "
        "calendar 1985, official figures show."
    )
    facts = of_type(extract(text), "production")
    assert [(f["value"]["value"], f["year"]) for f in facts] == [(5.24e6, 1986), (4.45e6, 1985)]


def test_a_refinerys_capacity_names_no_preposition_as_its_product(extract: Any) -> None:
    for text in (
        "Throughput at the refinery is estimated at 140,000 bpd, although total capacity is "
        "nearer 200,000 bpd, Ostmark Oil said.",
        "Ostmark's refinery at Mellili, capacity 220,000 bpd, is due to start up on March 20.",
    ):
        [fields] = of_type(extract(text), "capacity")
        assert fields["product"]["key"] == "commodity:crude-oil"  # barrels: crude refining


def test_a_venture_formed_to_produce_states_no_output(extract: Any) -> None:
    text = (
        "Teck Soon Co Ltd has formed a joint venture with Borun Rubber Corp to produce 50,000 "
        "tonnes of sheet rubber annually."
    )
    assert not of_type(extract(text), "production")
    text = "Codelco continued to produce 1.6 mln tonnes of copper in 1986."
    assert of_type(extract(text), "production")


def test_a_company_producing_in_several_countries_stays_the_producer(extract: Any) -> None:
    text = "Codelco produced 20,000 tonnes of copper in Chile and 15,000 tonnes in Peru."
    facts = of_type(extract(text), "production")
    assert facts
    assert {tuple(names(f["actor"])) for f in facts} == {("Codelco",)}


def test_an_output_quota_is_no_production_figure(extract: Any) -> None:
    text = "Venezuela's OPEC output quota is currently 1.495 mln barrels a day, the ministry said."
    assert of_type(extract(text), "production") == []


def test_output_in_a_country_with_no_producer_named_is_the_countrys(extract: Any) -> None:
    text = "Sugar production at the mills in Brazil reached 2.1 mln tonnes, the association said."
    [fields] = of_type(extract(text), "production")
    assert names(fields["actor"]) == ["Brazil"]
    assert fields["value"] == {"value": 2.1e6, "unit": "t"}


def test_each_figure_takes_the_measure_of_the_trigger_whose_clause_holds_it(
    extract: Any,
) -> None:
    text = "Nigeria's crude oil output was 1.6 mln bpd in May, with 1.3 mln bpd exported."
    facts = of_type(extract(text), "production")
    by_measure = {f["measure"]: f["value"]["value"] for f in facts}
    assert by_measure == {"production": 1.6e6, "exports": 1.3e6}
    assert {tuple(names(f["actor"])) for f in facts} == {("Nigeria",)}


def test_a_figure_stated_before_an_event_is_no_condition(extract: Any) -> None:
    text = "Before the pipeline fire, Colombian crude oil production was 410,000 bpd."
    [fields] = of_type(extract(text), "production")
    assert names(fields["actor"]) == ["Colombia"]
    assert fields["value"] == {"value": 410000.0, "unit": "bbl/d"}


def test_a_figure_of_the_main_clause_is_not_the_output_of_a_while_clause(
    extract: Any,
) -> None:
    text = (
        "While Angola's oil production was down, Kuwait and Nigeria lent it 9 mln barrels "
        "of crude, the minister said."
    )
    assert of_type(extract(text), "production") == []


# ------------------------------------------------------------------ trade measures


def test_a_duty_approved_by_a_body_takes_the_goods_of_the_headline(extract: Any) -> None:
    text = (
        "SENATORS ATTACK CANADIAN LEVY\n\n"
        "U.S. senators asked for a review of Canada's duty on corn imports. "
        "They spoke against the 85 cents per bushel duty approved by the "
        "Canadian Import Tribunal last week."
    )
    measures = of_type(extract(text), "trade_measure")
    approved = [m for m in measures if names(m["actor"]) == ["Canadian Import Tribunal"]]
    assert approved, measures
    assert approved[0]["goods"]["key"] == "commodity:corn"
    assert approved[0]["measure"] == "tariff"


def test_a_duty_named_without_goods_or_target_is_no_measure(extract: Any) -> None:
    text = "Farm-state senators spoke against the duty set by the Canadian Import Tribunal."
    assert of_type(extract(text), "trade_measure") == []


def test_a_government_curbing_its_own_exports_is_a_trade_measure(extract: Any) -> None:
    text = "Taiwan agreed to limit its exports of textiles to the United States."
    [fields] = of_type(extract(text), "trade_measure")
    assert names(fields["actor"]) == ["Taiwan"]
    assert names(fields["target"]) == ["United States"]
    assert fields["measure"] == "export-control"


def test_blocked_imports_of_a_countrys_goods_are_an_import_ban(extract: Any) -> None:
    [fields] = of_type(
        extract("China blocked imports of Australian coal last year."), "trade_measure"
    )
    assert names(fields["actor"]) == ["China"]
    assert names(fields["target"]) == ["Australia"]
    assert fields["measure"] == "import-ban"


# ------------------------------------------------------------------ wire units and traders


def test_exports_from_a_country_are_that_countrys_not_the_sources(extract: Any) -> None:
    text = (
        "Exports of coffee from Brazil in 1986 were 9.6 mln bags, the Brazilian Coffee "
        "Institute said."
    )
    [fields] = of_type(extract(text), "production")
    assert names(fields["actor"]) == ["Brazil"]
    assert fields["measure"] == "exports"
    assert fields["value"] == {"value": 9.6e6, "unit": "bags"}


def test_imports_into_a_country_are_that_countrys(extract: Any) -> None:
    text = "Imports of soybeans into Japan rose to 4.9 mln tonnes, the Finance Ministry said."
    [fields] = of_type(extract(text), "production")
    assert names(fields["actor"]) == ["Japan"]
    assert fields["measure"] == "imports"


# ------------------------------------------------------------------ agreements


def test_goods_supplied_under_an_agreement_make_supplier_and_buyer_parties(
    extract: Any,
) -> None:
    text = "Argentina will supply the Soviet Union with 4 mln tonnes of grain under a 1986 pact."
    [fields] = of_type(extract(text), "agreement")
    assert set(names(fields["parties"])) == {"Argentina", "Soviet Union"}
    assert fields["action"] == "signed"  # the pact is in place; only the supply is ahead


def test_an_order_won_from_a_buyer_named_after_the_goods_makes_both_parties(
    extract: Any,
) -> None:
    text = "Boeing won a 2 billion dlr order for 30 jets from Japan Airlines."
    [fields] = of_type(extract(text), "agreement")
    assert set(names(fields["parties"])) == {"Boeing", "Japan Airlines"}


def test_the_two_countries_are_the_two_states_the_story_names(extract: Any) -> None:
    text = (
        "POLAND AND SOVIET UNION HOLD TRADE TALKS\n\n"
        "Poland and the Soviet Union ended three days of talks in Warsaw. "
        "The two countries signed a protocol on trade for 1987, the news agency said."
    )
    [fields] = of_type(extract(text), "agreement")
    assert set(names(fields["parties"])) == {"Poland", "Soviet Union"}


def test_the_two_countries_among_three_named_are_nobody(extract: Any) -> None:
    text = "Brazil, Argentina and Uruguay met in Montevideo. The two countries signed a deal."
    assert of_type(extract(text), "agreement") == []


# ------------------------------------------------------------------ sanctions


def test_sanctions_from_a_state_name_it_as_the_actor(extract: Any) -> None:
    [fields] = of_type(extract("Iran faces new sanctions from the European Union."), "sanction")
    assert names(fields["actor"]) == ["European Union"]
    assert names(fields["target"]) == ["Iran"]


def test_the_subject_hit_by_sanctions_is_their_target(extract: Any) -> None:
    text = "South Africa has been hit by sanctions from the United States."
    [fields] = of_type(extract(text), "sanction")
    assert names(fields["actor"]) == ["United States"]
    assert names(fields["target"]) == ["South Africa"]


def test_sanctions_reimposed_in_a_second_clause_are_the_first_subjects(extract: Any) -> None:
    text = (
        "The U.S. is sending a carrier to the Gulf. Trump withdrew from the nuclear deal with "
        "Iran in May 2018 and, in the months that followed, reimposed punishing sanctions "
        "including those targeting Iran's oil and banking sectors."
    )
    [fields] = of_type(extract(text), "sanction")
    assert names(fields["actor"]) == ["United States"]
    assert names(fields["target"]) == ["Iran"]


def test_sanctions_imposed_then_eased_in_one_sentence_are_two_acts(extract: Any) -> None:
    text = (
        "The United States imposed sanctions on Iran in 2012, which led to a nuclear deal "
        "and the easing of sanctions in 2016."
    )
    facts = of_type(extract(text), "sanction")
    assert sorted(f["action"] for f in facts) == ["imposed", "lifted"]
    assert {tuple(names(f["actor"])) for f in facts} == {("United States",)}


def test_a_lifting_of_sanctions_with_no_lifter_in_its_sentence_is_no_fact(extract: Any) -> None:
    text = (
        "The United States imposed sanctions on Iran in 2012. Iran agreed to scale down its "
        "programme in return for the lifting of sanctions."
    )
    actions = [f["action"] for f in of_type(extract(text), "sanction")]
    assert actions == ["imposed"]


# ------------------------------------------------------------------ investments


def test_raising_a_stake_is_buying_more_not_raising_money(extract: Any) -> None:
    text = "Broken Hill Pty raised its stake in Bell Resources to 19.9 pct."
    [fields] = of_type(extract(text), "investment")
    assert names(fields["investor"]) == ["Broken Hill"]
    assert names(fields["target"]) == ["Bell Resources"]
    assert fields["action"] == "acquired"


def test_spending_on_a_project_named_after_the_amount_goes_to_the_project(extract: Any) -> None:
    text = (
        "Woodside Petroleum said it lifted capital spending to 270 mln dlrs, mostly on the "
        "North West Shelf project."
    )
    [fields] = of_type(extract(text), "investment")
    assert fields["target"]["key"] == "project:north-west-shelf"
    assert fields["amount"] == {"value": 270e6, "currency": "USD"}


# ------------------------------------------------------------- trade measures


@pytest.mark.parametrize(
    ("text", "actor", "target", "expected"),
    [
        (
            "Japan raised duties on beef to 50 pct and on pork to 30 pct.",
            ["Japan"],
            [],
            [("beef", 50.0), ("pork", 30.0)],
        ),
        (
            "China imposed a 15 pct tariff on U.S. soybeans and a 25 pct tariff on pork.",
            ["China"],
            ["United States"],
            [("soybeans", 15.0), ("pork", 25.0)],
        ),
        # goods named together in one measure share one fact
        (
            "China imposed a 25 pct tariff on U.S. soybeans, pork and beef.",
            ["China"],
            ["United States"],
            [("soybeans", 25.0)],
        ),
    ],
)
def test_goods_with_their_own_rates_are_one_measure_each(
    extract: Any, text: str, actor: list[str], target: list[str], expected: list[tuple[str, float]]
) -> None:
    facts = of_type(extract(text), "trade_measure")
    assert [(f["goods"]["name"], f["rate_percent"]) for f in facts] == expected
    assert all(names(f["actor"]) == actor and names(f["target"]) == target for f in facts)


def test_a_measure_restated_later_is_still_one_fact(extract: Any) -> None:
    text = (
        "The EU imposed a 10 pct tariff on steel and a 5 pct tariff on aluminium. "
        "The 10 pct tariff on steel takes effect on Monday, the EU said."
    )
    facts = of_type(extract(text), "trade_measure")
    assert sorted(f["goods"]["name"] for f in facts) == ["aluminium", "steel"]


def test_targets_joined_by_along_with_are_all_targets(extract: Any) -> None:
    text = (
        "Steelmakers in the U.S. cheered. The president hit Mexico, along with Canada, the "
        "European Union and other nations, with 25 percent tariffs on steel and 10 percent "
        "tariffs on aluminum."
    )
    facts = of_type(extract(text), "trade_measure")
    assert len(facts) == 2
    for f in facts:
        assert names(f["actor"]) == ["United States"]
        assert names(f["target"]) == ["Mexico", "Canada", "European Union"]


def test_a_ministry_publishing_output_figures_speaks_for_its_country(extract: Any) -> None:
    own = of_type(
        extract("Japan's Agriculture Ministry said sugar cane output fell to 2.3 mln tonnes."),
        "production",
    )
    assert [names(f["actor"]) for f in own] == [["Japan"]]
    headline = of_type(
        extract(
            "JAPAN'S SUGAR CANE OUTPUT SEEN FALLING\n\nSugar cane output fell to 2.3 mln "
            "tonnes in 1986/87, the Agriculture Ministry said."
        ),
        "production",
    )
    assert [names(f["actor"]) for f in headline] == [["Japan"]]
    # a ministry whose country the text never gives produced nothing
    assert not of_type(
        extract("The Agriculture Ministry said sugar cane output fell to 2.3 mln tonnes."),
        "production",
    )


# ------------------------------------------------------------------ parties


def test_it_reported_by_a_named_firm_is_that_firm_not_a_name_in_its_description(
    extract: Any,
) -> None:
    text = (
        "Brisa N.V., a Bahamas-based firm owned by U.K. investor John Mellor, said it has "
        "acquired 137,900 shares of Hollis Inc."
    )
    facts = of_type(extract(text), "investment")
    assert [(names(f["investor"]), names(f["target"])) for f in facts] == [(["Brisa"], ["Hollis"])]
    text = (
        "Japan and the United States condemned the test. South Korea said it would impose "
        "new sanctions on 20 institutions in North Korea."
    )
    facts = of_type(extract(text), "sanction")
    assert [(names(f["actor"]), names(f["target"])) for f in facts] == [
        (["South Korea"], ["North Korea"])
    ]


# ------------------------------------------------------------------ agreements


def test_a_deal_named_with_its_own_parties_is_in_force_whatever_is_threatened(
    extract: Any,
) -> None:
    text = (
        "The president has threatened to tear up the 1994 trade agreement between the United "
        "States, Canada and Mexico."
    )
    facts = of_type(extract(text), "agreement")
    assert [names(f["parties"]) for f in facts] == [["United States", "Canada", "Mexico"]]
    text = "Washington accused Tokyo of failing to meet the terms of a 1986 bilateral pact."
    facts = of_type(extract(text), "agreement")
    assert [sorted(names(f["parties"])) for f in facts] == [["Japan", "United States"]]
    # an indefinite deal only threatened is no deal
    assert not of_type(extract("The president threatened to sign a deal with China."), "agreement")


def test_sanctions_leveled_and_given_to_a_second_actor_by_as_has(extract: Any) -> None:
    text = (
        "The Treasury Department has leveled economic sanctions against North Korea, as has "
        "the United Nations Security Council."
    )
    facts = of_type(extract(text), "sanction")
    assert [(names(f["actor"]), names(f["target"])) for f in facts] == [
        (["U.S. Department of the Treasury"], ["North Korea"]),
        (["United Nations Security Council"], ["North Korea"]),
    ]


def test_output_of_a_mine_belongs_to_the_firm_named_after_it(extract: Any) -> None:
    text = (
        "Halvorsen Resources Inc said its 64 pct-owned Kestrel Mining and Smelting Corp had "
        "record sales.\n\nThe Kestrel mine produced 413,800 tonnes of zinc last year."
    )
    facts = of_type(extract(text), "production")
    assert [names(f["actor"]) for f in facts] == [["Kestrel Mining and Smelting"]]


def test_a_firm_and_its_namesake_unit_are_no_two_parties_and_a_seat_is_its_state(
    extract: Any,
) -> None:
    assert not of_type(
        extract("TRW Inc said it signed an agreement with its unit TRW Components International."),
        "agreement",
    )
    facts = of_type(
        extract("U.S. officials spoke. Japan and the White House signed an agreement on chips."),
        "agreement",
    )
    assert [sorted(names(f["parties"])) for f in facts] == [["Japan", "United States"]]


def test_a_firm_reporting_output_in_a_country_is_the_producer(extract: Any) -> None:
    firm = of_type(
        extract("Exxon said Canadian natural gas output rose to 2.1 bln cubic feet a day."),
        "production",
    )
    assert [names(f["actor"]) for f in firm] == [["ExxonMobil"]]
    # published by official figures, the output is the country's
    state = of_type(
        extract("China's sugar output rose to 5.2 mln tonnes in 1986, official figures show."),
        "production",
    )
    assert [names(f["actor"]) for f in state] == [["China"]]


@pytest.mark.parametrize(
    "text",
    [
        "Halden Corp said it completed a 60 mln dlr long-term financing with Norvik Insurance Co.",
        "Norvik Insurance Co provided Halden Corp with 60 mln dlrs of long-term financing.",
        "Halden Corp said the 60 mln dlr financing completed in May with Norvik Insurance Co "
        "gives it a sound basis.",
    ],
)
def test_the_lender_of_a_financing_invests_in_the_borrower(extract: Any, text: str) -> None:
    facts = of_type(extract(text), "investment")
    assert [(names(f["investor"]), names(f["target"])) for f in facts] == [
        (["Norvik Insurance"], ["Halden"])
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Halden Corp said it acquired a hospital systems business from Norvik Industries Inc.",
        "Halden Corp agreed to buy Norvik Industries Inc's battery unit.",
        "Halden Corp said it completed the purchase of 16 retail branches from Norvik "
        "Industries Inc.",
    ],
)
def test_a_unit_bought_unnamed_makes_its_seller_the_target(extract: Any, text: str) -> None:
    facts = of_type(extract("Deals.\n\n" + text), "investment")
    assert [(names(f["investor"]), names(f["target"])) for f in facts] == [
        (["Halden"], ["Norvik Industries"])
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Halden Corp will buy 25 planes from Norvik Industries Inc.", []),
        ("Halden Corp bought one mln of its shares from Norvik Securities Inc.", []),
        # the same shape with a part of a firm bought: the seller is the target
        (
            "Halden Corp bought a battery business from Norvik Industries Inc.",
            [(["Halden"], ["Norvik Industries"])],
        ),
    ],
)
def test_goods_or_shares_bought_from_a_supplier_or_broker_invest_in_neither(
    extract: Any, text: str, expected: list[Any]
) -> None:
    facts = of_type(extract("Deals.\n\n" + text), "investment")
    assert [(names(f["investor"]), names(f["target"])) for f in facts] == expected


def test_a_measure_its_state_owns_on_named_goods_is_in_place(extract: Any) -> None:
    # guidelines: "Norland's new 25 pct tariff on cheese" is a nominal form that counts
    facts = of_type(
        extract("Cheese.\n\nJapan's new 25 pct tariff on cheese angered France."), "trade_measure"
    )
    assert [(names(f["actor"]), names(f["target"]), f["rate_percent"]) for f in facts] == [
        (["Japan"], [], 25.0)  # France is angered, not targeted
    ]
    for text in (
        "Japan's proposed tariff on cheese angered France.",
        "Acme Corp's price increase on cheese angered France.",
    ):
        assert not of_type(extract("Cheese.\n\n" + text), "trade_measure"), text


@pytest.mark.parametrize(
    "text",
    [
        "Codelco agreed to supply Tesla Inc with copper.",
        "Codelco said it had agreed to supply copper to Tesla Inc.",
    ],
)
def test_agreeing_to_supply_a_named_buyer_is_a_supply_deal(extract: Any, text: str) -> None:
    facts = of_type(extract("Copper.\n\n" + text), "agreement")
    assert [(names(f["parties"]), f["kind"]) for f in facts] == [(["Codelco", "Tesla"], "supply")]


def test_agreeing_to_provide_money_or_to_buy_is_no_deal(extract: Any) -> None:
    facts = extract(
        "Deals.\n\nThe EC had so far only agreed to provide 380 mln ECUs to Yugoslavia."
    )
    assert not of_type(facts, "agreement")
    # agreeing to buy a firm's unit is the purchase, and only the purchase
    facts = extract("Deals.\n\nCodelco agreed to buy Tesla Inc's copper unit.")
    assert [
        (f.type, names(f.fields.get("investor")), names(f.fields.get("target"))) for f in facts
    ] == [("investment", ["Codelco"], ["Tesla"])]


@pytest.mark.parametrize(
    "text",
    [
        "A group of New York investment firms told the Securities and Exchange Commission "
        "they have acquired 173,000 shares of Halden Corp.",
        "In a filing with the Securities and Exchange Commission, the group said it bought "
        "43,600 Halden Corp common shares.",
    ],
)
def test_the_body_told_of_a_purchase_is_not_the_buyer(extract: Any, text: str) -> None:
    facts = extract("Halden stake.\n\nNorvik Partners formed a group of funds. " + text)
    investors = [names(f["investor"]) for f in of_type(facts, "investment")]
    assert investors and all("Securities and Exchange Commission" not in " ".join(i)
                             for i in investors)  # fmt: skip
    assert ["Norvik Partners"] in investors


def test_a_teller_told_of_its_own_purchase_stays_the_buyer(extract: Any) -> None:
    facts = extract(
        "Stakes.\n\nAcme Corp told the Securities and Exchange Commission it has acquired "
        "173,000 shares of Halden Corp."
    )
    assert [names(f["investor"]) for f in of_type(facts, "investment")] == [["Acme"]]


def test_an_addressee_is_skipped_only_for_a_subject_pronoun() -> None:
    from assay.enrich.facts.coref import Antecedents, Mention, addressed
    from assay.enrich.nlp import load_parser

    text = "The bank told Brazil it would cooperate with it."
    brazil = Mention(14, 20, "Brazil", "Brazil", "country:BRA", "COUNTRY", "")
    antecedents = Antecedents([brazil], skip_starts=addressed(text, [brazil]))
    doc = load_parser()(text)
    subject, obj = (t for t in doc if t.lower_ == "it")
    assert subject.dep_ == "nsubj" and obj.dep_ == "pobj"
    # "it would cooperate": what Brazil was told is not Brazil's act ...
    assert antecedents.resolve(subject, subject.idx) is None
    # ... but "cooperate with it" is with Brazil
    assert antecedents.resolve(obj, obj.idx) == brazil


@pytest.mark.parametrize(
    ("text", "commodity"),
    [
        ("Malaysian palm kernel output fell to 80,500 tonnes in February.", "palm-kernel"),
        ("Philippine coconut oil exports rose to 95,000 tonnes in January.", "coconut-oil"),
        ("Peru's fish meal production rose to 1.2 mln tonnes in 1986.", "fish-meal"),
        ("U.S. tallow exports fell to 95,000 tonnes in February.", "tallow"),
    ],
)
def test_farm_and_fishery_goods_of_the_wire_are_commodities_with_an_output(
    extract: Any, text: str, commodity: str
) -> None:
    (fact,) = of_type(extract("Output.\n\n" + text), "production")
    assert fact["commodity"]["key"] == f"commodity:{commodity}"


def test_a_deal_kept_or_broken_was_made_and_one_refused_was_not(extract: Any) -> None:
    for text in (
        "Japan violated its agreement with the United States on semiconductor trade.",
        "Senators condemned Tokyo's violation of a bilateral semiconductor pact with the "
        "United States.",
        "A Japanese delegation will try to renegotiate an agreement signed last year with "
        "the United States.",
    ):
        facts = of_type(extract("Chips.\n\n" + text), "agreement")
        assert [(sorted(names(f["parties"])), f["action"]) for f in facts] == [
            (["Japan", "United States"], "signed")
        ], text
    refused = extract("Chips.\n\nJapan refused to sign an agreement with the United States.")
    assert not of_type(refused, "agreement")


@pytest.mark.parametrize("source", ["(CNN)", "MANILA (Reuters) -"])
def test_a_news_outlet_in_the_lead_is_no_party(extract: Any, source: str) -> None:
    # a page's "(CNN)" dateline names its source, not the sanctions' target
    text = (
        "Cargo ship held as new sanctions bite\n\n"
        f"{source} Port officials in Manila held a North Korean cargo ship on Saturday.\n\n"
        "The Security Council voted this week to impose a new round of sanctions in response "
        "to what it called flagrant breaches of its earlier resolutions."
    )
    sanctions = of_type(extract(text), "sanction")
    assert [(names(f["actor"]), names(f["target"])) for f in sanctions] == [
        (["Security Council"], ["North Korea"])
    ]
