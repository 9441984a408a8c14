"""Facts and names of the sixteenth round: sanctions a trade breaks, a lender's later loans,
a deal things happen under, a plant's price, mergers and sales, wire names.

Trade "in violation of U.N. sanctions" states the sanctions in place, on the country the
trade goes to ("sold fuel to North Korea", "cargo bound for Syria"), not on the trader. A
story that opens with a lending body's loan and then gives each loan's sum ("a 95 mln dlr
loan, the bank said") states one loan per sum, from that lender to that borrower, even
where the sentence names neither. Sanctions "suspended under the deal" make their owners no
parties to the deal. "A 160 mln dlr plant" makes no dollars. In a merger the firm whose
shares are exchanged is bought; "the sale of X to Y" is Y's acquisition of X, unless X is
goods or Y only described; "give control of the company to X" sells it to X.
Names: "Alcoa of Australia Ltd ... Alcoa spent" is the unit throughout, and a bracketed wire
name with a possessive ("<Scott's Hospitality Inc>") is one firm.

Found in dev documents of the corpus (batches 30-45 and 54-69; the sale, control and
possessive rules in batches 70-73, once scored unseen); the sentences are written for these
tests and none is taken from a corpus.
"""

from __future__ import annotations

from typing import Any

from test_facts_recall import deals, names, of_type


def sanctions(text: str, extract: Any) -> list[tuple[list[str], list[str], str]]:
    return [
        (names(f["actor"]), names(f["target"]), f["action"])
        for f in of_type(extract(text), "sanction")
    ]


def test_trade_in_violation_of_sanctions_puts_them_on_the_buyer(extract: Any) -> None:
    text = (
        "Tanker seized\n\n"
        "Panama said the tanker had delivered fuel to North Korea in violation of U.N. "
        "sanctions."
    )
    assert sanctions(text, extract) == [(["United Nations"], ["North Korea"], "imposed")]


def test_a_cargo_bound_for_a_country_breaks_sanctions_on_that_country(extract: Any) -> None:
    text = (
        "Ship held in port\n\n"
        "Gibraltar police detained a ship carrying crude bound for Syria in breach of "
        "European Union sanctions."
    )
    assert sanctions(text, extract) == [(["European Union"], ["Syria"], "imposed")]


def test_breaking_sanctions_nobody_owns_states_none(extract: Any) -> None:
    text = "Traders convicted\n\nTwo traders in Ohio were convicted of violating sanctions."
    assert sanctions(text, extract) == []


def test_a_lenders_later_loans_each_state_a_loan(extract: Any) -> None:
    text = (
        "WORLD BANK LENDS KENYA 180 MLN DLRS\n\n"
        "The World Bank said it has lent Kenya 180 mln dlrs in three loans for roads, "
        "water supply and farm credit.\n"
        "A rural roads programme will be financed by a 95 mln dlr loan, the bank said.\n"
        "The water project will get a 50 mln dlr loan."
    )
    facts = of_type(extract(text), "investment")
    assert {(tuple(names(f["investor"])), tuple(names(f["target"]))) for f in facts} == {
        (("World Bank",), ("Kenya",))
    }
    sums = sorted(f["amount"]["value"] for f in facts)
    assert sums == [50e6, 95e6, 180e6]


def test_a_loan_of_another_story_lender_is_not_a_tranche(extract: Any) -> None:
    text = (
        "MAPLE FOODS BUYS DAIRY UNIT\n\n"
        "Maple Foods Inc said it bought the dairy unit of Harlan Group.\n"
        "The purchase will be financed by a 20 mln dlr loan, the company said."
    )
    assert deals(extract(text)) == [(["Maple Foods"], ["Harlan Group"])]


def test_sanctions_suspended_under_a_deal_make_no_parties(extract: Any) -> None:
    text = (
        "Deal reached in Vienna\n\n"
        "Under the deal, all U.S. and European Union sanctions on Iran will be suspended."
    )
    facts = extract(text)
    assert of_type(facts, "agreement") == []
    # the sanctions themselves stay, with their owners
    assert sanctions(text, extract) == [(["United States", "European Union"], ["Iran"], "imposed")]


def test_a_plants_price_is_not_its_product(extract: Any) -> None:
    text = (
        "Venture planned\n\n"
        "Norvik Chemicals Inc will build a 160 mln dlr plant in Texas with Harlan Group."
    )
    # the plant is told, with no product: its price names none
    [plant] = of_type(extract(text), "capacity")
    assert names(plant["actors"]) == ["Norvik Chemicals"]
    assert plant["product"] is None


def test_a_national_units_short_name_is_that_unit(extract: Any) -> None:
    # the KB knows "Alcoa" only as the parent; written out first as "Alcoa of Australia",
    # the short form is the unit
    text = (
        "ALCOA OF AUSTRALIA PROFIT UP\n\n"
        "Alcoa of Australia Ltd, 51 pct owned by Harlan Group, said profit rose in 1986.\n"
        "Alcoa spent 12 mln dlrs on its new Kitimat smelter."
    )
    assert deals(extract(text)) == [(["Alcoa of Australia"], ["Kitimat"])]


def test_the_firm_whose_shares_are_exchanged_is_bought_in_a_merger(extract: Any) -> None:
    text = (
        "HARLAN SAVINGS SETS MEETING\n\n"
        "Harlan Savings Bank said it agreed to merge with Norvik Bancorp Inc, with each "
        "share of Harlan Savings to be exchanged for 1.2 shares of Norvik common stock."
    )
    assert deals(extract(text)) == [(["Norvik Bancorp"], ["Harlan Savings Bank"])]


def test_a_sale_named_by_its_noun_is_the_buyers_acquisition(extract: Any) -> None:
    text = (
        "HARLAN COMPLETES UNIT SALE\n\n"
        "Harlan Corp said it completed the sale of its Ridgeton Foods Inc subsidiary to "
        "Norvik Group Inc for 40 mln dlrs."
    )
    assert deals(extract(text)) == [(["Norvik Group"], ["Ridgeton Foods"])]


def test_a_sale_of_goods_or_to_an_unnamed_buyer_is_no_acquisition(extract: Any) -> None:
    for text in (
        "Wheat sale\n\nThe department said it covered the sale of 50,000 tonnes of wheat to "
        "Sri Lanka.",
        "Unit sale\n\nHarlan Corp said the sale of its steel business to a former Norvik Group "
        "Inc subsidiary will close in June.",
    ):
        assert deals(extract(text)) == [], text


def test_handing_over_control_is_a_sale_to_whoever_gets_it(extract: Any) -> None:
    text = (
        "INVESTOR TO TAKE CONTROL OF HARLAN\n\n"
        "Harlan Industries Inc said it agreed to give control of the company to Benson Reede, "
        "a New York investor, in return for 3 mln dlrs in capital."
    )
    assert deals(extract(text)) == [(["Benson Reede"], ["Harlan Industries"])]


def test_a_bracketed_wire_name_with_a_possessive_is_one_firm(link: Any) -> None:
    found = link("<Harlan's Hospitality Inc> said it acquired Capital Food Services Ltd.")
    orgs = [e.name for e in found.values() if e.type == "ORG"]
    assert "Harlan's Hospitality" in orgs
    assert "Harlan" not in orgs and "Hospitality" not in orgs


def test_a_forecasts_past_year_is_a_stated_figure(extract: Any) -> None:
    text = (
        "KENYA SUGAR IMPORTS RISE\n\n"
        "Kenya imported 20,000 tonnes of sugar from Brazil last month.\n"
        "The government has forecast that sugar production in 1987 would increase 12 pct to "
        "560,000 tonnes from 500,000 tonnes in 1986."
    )
    figures = [
        (f["value"]["value"], f.get("year"))
        for f in of_type(extract(text), "production")
        if f["measure"] == "production"
    ]
    assert figures == [(500000.0, 1986)]


def test_an_agreement_to_be_acquired_is_its_owners_sale(extract: Any) -> None:
    text = (
        "HARLAN REJECTS REQUEST\n\n"
        "Harlan Corp said its board rejected a request by Kestrel Partners.\n"
        "Harlan cited its agreement to be acquired by Britain's Norvik Group PLC for 40 dlrs "
        "a share."
    )
    assert deals(extract(text)) == [(["Norvik Group"], ["Harlan"])]


def test_boycotting_talks_is_no_sanction(extract: Any) -> None:
    text = (
        "Peace plan stalls\n\n"
        "The United States imposed sanctions on Iran.\n"
        "The move led Palestinian leaders to boycott Washington peace efforts led by the "
        "White House."
    )
    # the story's sanction, and none from the boycott
    assert sanctions(text, extract) == [(["United States"], ["Iran"], "imposed")]


def test_a_minister_telling_of_state_aid_invests_nothing_himself(extract: Any) -> None:
    text = (
        "Steel aid approved\n\n"
        "The World Bank lent Spain 50 mln dlrs for ports.\n"
        "The Spanish cabinet agreed a 223 billion peseta aid package for the steel industry, "
        "Industry Minister Luis Carlos Croissier said."
    )
    # the bank's loan, and no investment of the minister's
    assert deals(extract(text)) == [(["World Bank"], ["Spain"])]


def test_pulling_a_state_out_of_a_deal_ends_it_for_the_two_named(extract: Any) -> None:
    text = (
        "Naval drills\n\n"
        "Tensions grew after the president pulled the United States out of Iran's nuclear "
        "deal with six nations."
    )
    ended = [
        sorted(names(f["parties"]))
        for f in of_type(extract(text), "agreement")
        if f["action"] == "ended"
    ]
    assert ended == [["Iran", "United States"]]


def test_leaving_an_accord_whose_other_side_is_unnamed_states_no_deal(extract: Any) -> None:
    text = (
        "Climate grants\n\n"
        "The president said he was pulling the United States out of an international accord "
        "to reduce greenhouse gas emissions that was brokered in Paris."
    )
    assert of_type(extract(text), "agreement") == []


def test_tariffs_by_a_state_on_goods_are_in_place(extract: Any) -> None:
    text = (
        "Jobs report\n\n"
        "Economists said exports were boosted by shipments ahead of retaliatory tariffs by "
        "China on U.S. farm products."
    )
    found = [
        (names(f["actor"]), names(f["target"]), f["action"])
        for f in of_type(extract(text), "trade_measure")
    ]
    assert found == [(["China"], ["United States"], "imposed")]
