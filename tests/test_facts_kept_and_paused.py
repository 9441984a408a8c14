"""Facts read from unannotated dev text in a fourth round: measures paused or halted, a stake
raised as "holdings", deals a capital keeps or a state fails to implement, contracts and the
units that win them, sanctions in place, works built under shared verbs, pipelines, and
figures compared with another year's, in forecasts too.

The sentences are written for these tests, in the style of 1980s wire copy and of today's
news; none is taken from a corpus.
"""

from __future__ import annotations

from typing import Any

from test_facts_recall import names, of_type

# ------------------------------------------------------------------ trade measures


def test_tariffs_delayed_by_their_authority_are_suspended(extract: Any) -> None:
    text = (
        "Tariffs.\n\nThe U.S. Trade Representative said new tariffs on Chinese consumer goods "
        "would be delayed until December 15, while other products were removed from the list."
    )
    [measure] = of_type(extract(text), "trade_measure")
    assert names(measure["actor"]) == ["Office of the United States Trade Representative"]
    assert names(measure["target"]) == ["China"]
    # the measure's own verb, not "removed" elsewhere in the sentence
    assert measure["action"] == "suspended"
    # a delay that hangs on a deal only hopes to end tariffs that stand
    hoped = (
        "Tariffs.\n\nThe U.S. said tariffs on Chinese goods would be delayed if a deal was reached."
    )
    [standing] = of_type(extract(hoped), "trade_measure")
    assert standing["action"] == "imposed"


def test_halting_imports_or_exports_is_a_ban_with_its_goods(extract: Any) -> None:
    text = "Farm trade.\n\nChina said it would halt imports of farm goods from the United States."
    [ban] = of_type(extract(text), "trade_measure")
    assert (names(ban["actor"]), names(ban["target"])) == (["China"], ["United States"])
    assert (ban["measure"], ban["action"], ban["goods"]["name"]) == (
        "import-ban",
        "imposed",
        "farm goods",
    )
    [curb] = of_type(
        extract("Magnets.\n\nChina halted exports of magnets to Japan."), "trade_measure"
    )
    assert (curb["measure"], curb["goods"]["name"]) == ("export-control", "magnets")


def test_what_is_levied_on_a_manner_or_on_banks_names_no_goods(extract: Any) -> None:
    for text in (
        "Debt.\n\nMexico plans to levy new loan contributions on the basis of current exposure.",
        # a verb's object makes its "on" the goods' only when it is trade ("halted exports of")
        "Debt.\n\nMexico will levy loan contributions on foreign banks.",
    ):
        assert not of_type(extract(text), "trade_measure"), text
    taxed = "Debt.\n\nMexico plans to levy new duties on steel imports."
    [measure] = of_type(extract(taxed), "trade_measure")
    assert measure["goods"]["name"] == "steel"


# ------------------------------------------------------------------ investment


def test_holdings_raised_are_a_stake_bought_and_holdings_held_are_not(extract: Any) -> None:
    text = "Stakes.\n\nHenkel KGaA agreed to increase its holdings in Clorox Co to 30 pct."
    [deal] = of_type(extract(text), "investment")
    assert (names(deal["investor"]), names(deal["target"]), deal["action"]) == (
        ["Henkel"],
        ["Clorox"],
        "acquired",
    )
    held = "Stakes.\n\nHenkel KGaA said its holdings in Clorox Co are worth 300 mln dlrs."
    assert not of_type(extract(held), "investment")


# ------------------------------------------------------------------ agreements


def test_a_capital_that_fails_to_honor_a_deal_is_its_state(extract: Any) -> None:
    text = (
        "U.S. penalties on Japan\n\nThe tariffs were imposed in retaliation for the failure "
        "of Tokyo to honor an agreement with the United States on semiconductor trade."
    )
    [deal] = of_type(extract(text), "agreement")
    assert sorted(names(deal["parties"])) == ["Japan", "United States"]
    assert (deal["action"], deal["location"]) == ("signed", None)  # Tokyo is no place here


def test_parts_of_a_deal_not_implemented_say_the_deal_was_made(extract: Any) -> None:
    text = (
        "U.S. may drop tariffs if Japan opens up\n\nJapan has failed to implement two parts "
        "of a three-part semiconductor agreement, Yeutter said."
    )
    [deal] = of_type(extract(text), "agreement")
    # the other side is the story's state
    assert (sorted(names(deal["parties"])), deal["action"]) == (
        ["Japan", "United States"],
        "signed",
    )
    refused = "U.S. and Japan\n\nJapan has refused to sign two parts of a semiconductor agreement."
    assert not of_type(extract(refused), "agreement")


# ------------------------------------------------------------------ capacity


def test_works_built_under_verbs_that_share_them_are_planned(extract: Any) -> None:
    text = (
        "Steel venture.\n\nKo-Vell Steel Inc will construct, own and operate steel service centers."
    )
    [plant] = of_type(extract(text), "capacity")
    assert (names(plant["actors"]), plant["status"]) == (["Ko-Vell Steel"], "planned")
    owned = "Steel venture.\n\nKo-Vell Steel Inc will own and operate steel service centers."
    assert not of_type(extract(owned), "capacity")


def test_a_pipeline_with_its_rate_is_capacity_pipeline_problems_are_not(extract: Any) -> None:
    text = "Oil.\n\nA landslide breached Iraq's one mln bpd pipeline through Turkey on March 6."
    [pipe] = of_type(extract(text), "capacity")
    assert names(pipe["actors"]) == ["Iraq"]
    assert pipe["amount"] == {"value": 1e6, "unit": "bbl/d"}
    problems = (
        "Oil.\n\nOPEC produced only about 14 mln bpd of oil in the second week of March -- "
        "1.8 mln bpd below its ceiling -- largely because of pipeline problems in Turkey and "
        "Ecuador, the Middle East Economic Survey (MEES) estimated."
    )
    assert not of_type(extract(problems), "capacity")


# ------------------------------------------------------------------ production


def test_a_years_figure_compared_with_the_last_gives_both(extract: Any) -> None:
    text = (
        "Cenergy results.\n\nCenergy Corp said its oil reserves during the year fell to "
        "five mln barrels from 6.4 mln barrels."
    )
    facts = of_type(extract(text), "production")
    assert [(f["measure"], f["value"]["value"]) for f in facts] == [
        ("reserves", 5e6),
        ("reserves", 6.4e6),
    ]
    for same_year in (
        # a month's figure against another month's, maybe of the same year
        "Cenergy output.\n\nCenergy Corp said its oil output in May 1987 fell to 1.2 mln "
        "barrels from 1.5 mln barrels.",
        # an estimate revised for the same season
        "Grain.\n\nThe USDA raised its estimate for 1986/87 Soviet grain imports to 26 mln "
        "tonnes from 23 mln.",
    ):
        assert len(of_type(extract(same_year), "production")) == 1, same_year


def test_an_estimate_of_someone_elses_output_is_theirs_not_the_estimators(
    extract: Any,
) -> None:
    for text, producer in (
        (
            "Sugar.\n\nThe French sugar board FIRS raised its estimate of 1986/87 beet sugar "
            "production in the European Community to 13.76 mln tonnes.",
            ["European Community"],
        ),
        (
            "Grain.\n\nThe USDA raised its estimate for 1986/87 Soviet grain imports to 26 mln "
            "tonnes.",
            ["Soviet Union"],
        ),
    ):
        [fact] = of_type(extract(text), "production")
        assert names(fact["actor"]) == producer, text
    own = "Sugar.\n\nFIRS said French beet sugar production rose to 4.3 mln tonnes in 1986."
    [fact] = of_type(extract(own), "production")
    assert names(fact["actor"]) == ["France"]


def test_a_cut_in_tariffs_is_lowered_and_its_goods_end_at_but(extract: Any) -> None:
    text = (
        "India.\n\nGandhi lowered import tariffs on some computer parts but otherwise "
        "extended few of the reforms launched two years ago."
    )
    [measure] = of_type(extract(text), "trade_measure")
    assert names(measure["actor"]) == ["India"]
    assert (measure["action"], measure["goods"]["name"]) == ("lowered", "computer parts")


def test_a_unit_that_wins_a_contract_is_the_party_not_its_parent(extract: Any) -> None:
    text = (
        "Statoil places North Sea field orders\n\nStatoil said Aker Verdal, a unit of Aker "
        "Norcem A/S, won a 300 mln crown contract to build the platform's steel substructure."
    )
    [deal] = of_type(extract(text), "agreement")
    # NER reads "Aker Verdal" as a person; "a unit of" says it is a firm
    assert sorted(names(deal["parties"])) == ["Aker Verdal", "Equinor"]
    # the party that awards is the story's when the sentence names only the winner
    won = (
        "Statoil places North Sea field orders\n\nMoss Rosenberg Verft, a subsidiary of "
        "Kvaerner Industrier A/S, won a 1.2 billion crown contract to convert a rig."
    )
    [deal] = of_type(extract(won), "agreement")
    assert sorted(names(deal["parties"])) == ["Equinor", "Moss Rosenberg Verft"]


def test_a_contract_received_is_with_who_tells_of_it_or_the_storys_public_buyer(
    extract: Any,
) -> None:
    text = (
        "ROCKWELL <ROK> GETS 28.3 MLN DLR B-1 CONTRACT\n\nRockwell International Corp has "
        "received a 28.3 mln dlr contract for work on the B-1B bomber, the Air Force said."
    )
    facts = extract(text)
    [deal] = of_type(facts, "agreement")
    # the announcer awarded it; the wire ticker <ROK> names no Korea
    assert sorted(names(deal["parties"])) == ["Air Force", "Rockwell International"]
    # a firm the story is about is no buyer of what another firm won
    other = (
        "ACME CORP SELLS 10-YEAR NOTES\n\nAcme Corp is raising 200 mln dlrs through an "
        "offering of notes, said lead manager Daiwa Securities America Inc. Daiwa followed "
        "the lead of Beta Securities Inc, the U.S. unit of Union Bank of Switzerland. Beta won "
        "its first deal in June 1986 when it bid for 100 mln dlrs of debentures."
    )
    assert not of_type(extract(other), "agreement")
    order = (
        "MERRILL LYNCH U.K. EXECUTIVE CHARGED BY SEC\n\nThe SEC secured a temporary "
        "restraining order freezing all the assets of the defendants in the United States."
    )
    assert not of_type(extract(order), "agreement")  # a court's order, no deal


# ------------------------------------------------------------------ sanctions


def test_sanctions_a_state_owns_on_a_target_are_in_place_whatever_is_said_of_them(
    extract: Any,
) -> None:
    for text in (
        "G-7 meeting\n\nMiyazawa said the U.S. sanctions against Japanese semiconductor "
        "products were not discussed at the meeting.",
        "Huawei\n\nThe firm was charged with breaking U.S. sanctions against Japan.",
        "Japan\n\nChina opposes U.S. sanctions against Japan.",  # the owner acts, not China
    ):
        [fact] = of_type(extract(text), "sanction")
        assert (names(fact["actor"]), names(fact["target"]), fact["action"]) == (
            ["United States"],
            ["Japan"],
            "imposed",
        ), text
    for doubted in (
        "Japan\n\nChina opposes possible U.S. sanctions against Japan.",
        "Japan\n\nThere are no U.S. sanctions against Japan.",
        "Japan\n\nThe U.S. did not impose sanctions against Japan.",
    ):
        assert not of_type(extract(doubted), "sanction"), doubted


def test_a_measure_an_act_answers_is_not_what_the_act_does(extract: Any) -> None:
    text = (
        "Tesla hikes prices in China\n\nTesla is the first US automaker to raise prices in "
        "China in response to the higher Chinese tariffs on U.S. cars."
    )
    assert not of_type(extract(text), "trade_measure")  # Tesla raised prices, not tariffs
    answered = "Steel\n\nChina imposed duties on U.S. pork in retaliation for the steel tariffs."
    [measure] = of_type(extract(answered), "trade_measure")
    assert (names(measure["actor"]), measure["goods"]["name"]) == (["China"], "pork")


def test_a_forecast_states_the_past_year_it_is_compared_with(extract: Any) -> None:
    text = (
        "Coffee output set to rise\n\nZimbabwean coffee output will reach 13,000 tonnes this "
        "year, up on just over 11,000 tonnes produced in 1986, the Agriculture Ministry said."
    )
    facts = of_type(extract(text), "production")
    assert [(f["value"]["value"], f["year"]) for f in facts] == [(11000.0, 1986)]
    beef = (
        "Beef\n\nAustralian beef output is forecast to decline to 1.34 mln tonnes in 1987 and "
        "1.36 mln in 1988 from 1.44 mln in 1986, the meat board said."
    )
    facts = of_type(extract(beef), "production")  # not 1988's, a forecast too
    assert [(f["value"]["value"], f["year"]) for f in facts] == [(1.44e6, 1986)]
    projected = (
        "Palm oil\n\nIndonesia's palm oil output is expected to rise to 1.56 mln tonnes in "
        "1987, up from a projected 1.45 mln tonnes in 1986."
    )
    assert not of_type(extract(projected), "production")
    total = (
        "Maize\n\nIf the French requests are accepted, this will bring the total of French maize "
        "exported to 25,500 tonnes."
    )
    assert not of_type(extract(total), "production")  # a forecast, read as one
    stated = (
        "Sugar\n\nJapan's sugar cane output was 2.14 mln tonnes in 1986, up on 2.0 mln in 1985."
    )
    facts = of_type(extract(stated), "production")
    assert [(f["value"]["value"], f["year"]) for f in facts] == [(2.14e6, 1986), (2e6, 1985)]
