"""Roles real sentences hide: who "it" is when a description or a relative clause names
other firms, a speaker the parse joined to a market, the owner of a plant named after it or
named just before its capacity, a pact a state keeps, an industry council beside a tax,
the noun that says what is done to a duty, and a firm's capital beside its sale.

Found in dev documents of the corpus; the sentences are written for these tests and none is
taken from a corpus.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_facts_recall import names, of_type

from assay.enrich.facts.context import Slot
from assay.enrich.facts.roles import authority


def test_it_is_the_firm_that_speaks_not_the_owner_a_relative_clause_names(extract: Any) -> None:
    text = (
        "Tamsin Holdings Ltd, a Singapore investment firm, raised its stake in Orrell Corp to "
        "12 pct. In a filing with the Securities and Exchange Commission, Tamsin Holdings, "
        "which is controlled by Vardell Investments Ltd, a publicly held New Zealand company, "
        "said it bought 400,000 Orrell common shares for 10.5 mln dlrs."
    )
    investments = of_type(extract(text), "investment")
    assert {names(f["investor"])[0] for f in investments} == {"Tamsin Holdings"}
    assert {names(f["target"])[0] for f in investments} == {"Orrell"}


def test_a_country_that_describes_a_firm_is_not_what_it_refers_to(extract: Any) -> None:
    """Guards the skip of "a New Zealand company" against taking the country for "it"."""
    text = (
        "Italian state-owned bank Banca Verdiana SpA said it and Credito Mosaico SpA will sign "
        "a joint venture pact with Polish central bank Bank Wislany SA."
    )
    [fields] = of_type(extract(text), "agreement")
    assert "Italy" not in names(fields["parties"])
    assert "Banca Verdiana" in names(fields["parties"])


def test_it_in_a_relative_clause_still_finds_the_firm_the_clause_names(extract: Any) -> None:
    """The skip of names inside a relative clause is for a subject "it" only: "its stake in
    the company" still finds the firm the clause named."""
    text = (
        "Harlan Oil and Gas plc, a Belfast oil company which has said it is considering "
        "seeking control of Pemberly Corp, said it raised its stake in the company to 13.2 pct."
    )
    [fields] = of_type(extract(text), "investment")
    assert names(fields["investor"]) == ["Harlan Oil and Gas"]
    assert names(fields["target"]) == ["Pemberly"]
    assert fields["stake_percent"] == 13.2


def test_a_speaker_joined_to_a_market_by_the_parse_is_not_the_market(extract: Any) -> None:
    text = (
        "Markets fell sharply on Monday. "
        "U.S. stocks had their worst day of the year on Aug. 5, when China let its currency "
        "weaken, crossing the 7 yuan-per-dollar threshold and said it would halt imports of "
        "agricultural goods from the U.S."
    )
    [fields] = of_type(extract(text), "trade_measure")
    assert names(fields["actor"]) == ["China"]
    assert names(fields["target"]) == ["United States"]


def test_a_state_shown_to_keep_a_pact_made_it_with_the_other_state(extract: Any) -> None:
    text = (
        "The U.S. is willing to drop tariffs on Japanese electronic imports if Japan shows it "
        "will abide by an agreement opening its markets to American goods, U.S. Trade "
        "Representative Alden Marsh said."
    )
    [fields] = of_type(extract(text), "agreement")
    assert sorted(names(fields["parties"])) == ["Japan", "United States"]
    assert fields["action"] == "signed"


def test_a_plant_named_after_a_firm_is_run_by_that_firm(extract: Any) -> None:
    text = (
        "Veltro Petroleum Corp said it will sell half of its refinery to Orinoco Energia. "
        "Under the deal, Orinoco Energia will supply crude to the plant. "
        "The total capacity of the Veltro refinery is 160,000 bpd of crudes."
    )
    capacities = [f for f in of_type(extract(text), "capacity") if f["amount"]]
    by_size = {f["amount"]["value"]: names(f["actors"]) for f in capacities}
    assert by_size[160_000.0] == ["Veltro Petroleum"]


def test_a_bare_capacity_is_that_of_the_plant_named_just_before_it(extract: Any) -> None:
    text = (
        "Marzo's refinery at San Ilario (capacity 130,000 bpd) is due to shut on March 14 for "
        "three weeks, and the jointly-owned Eni/Marzo refinery at Tindari, capacity 220,000 "
        "bpd, is due to start up around March 20."
    )
    capacities = of_type(extract(text), "capacity")
    by_size = {f["amount"]["value"]: sorted(names(f["actors"])) for f in capacities}
    assert by_size[130_000.0] == ["Marzo"]
    assert by_size[220_000.0] == ["Eni", "Marzo"]


def test_a_pipeline_linkup_a_state_builds_is_its_own(extract: Any) -> None:
    text = (
        "Ecuador is constructing a 26 mile pipeline linkup, capable of carrying 55,000 bpd, "
        "from Lago Agrio to Puerto Colon, the starting point of Colombia's pipeline to the "
        "Pacific."
    )
    [fields] = of_type(extract(text), "capacity")
    assert names(fields["actors"]) == ["Ecuador"]
    assert fields["status"] == "under-construction"


@pytest.mark.parametrize(
    ("name", "sets_measures"),
    [
        ("Varnian Forest Industry Council", False),
        ("National Pork Producers Council", False),
        ("Steel Manufacturers Board", False),
        ("Ministry of International Trade and Industry", True),
        ("U.S. International Trade Commission", True),
        ("Varnian Import Tribunal", True),
    ],
)
def test_an_industry_council_imposes_no_tax(name: str, sets_measures: bool) -> None:
    slot = Slot(0, len(name), name, name, None, "ORG")
    assert authority(slot) is sets_measures


def test_the_noun_a_duty_hangs_on_says_what_is_done_to_it(extract: Any) -> None:
    text = (
        "Varnia's trade minister said the increase in EC duties on vegetable oils would add a "
        "heavy burden to Asian exporters at a time of lower commodity prices."
    )
    [fields] = of_type(extract(text), "trade_measure")
    assert fields["action"] == "raised"


def test_a_firms_capital_is_not_the_price_paid_for_it(extract: Any) -> None:
    text = (
        "Kanazu Co Inc said it will buy the 50 pct of Mirabel Foods Co Ltd, capitalised at "
        "four billion yen, that it does not already own from its partner Orrell Corp."
    )
    [fields] = of_type(extract(text), "investment")
    assert names(fields["investor"]) == ["Kanazu"]
    assert fields["amount"] is None


def test_a_quota_on_output_is_no_trade_measure(extract: Any) -> None:
    for text in (
        "Sugar production quotas, set for the first time this year, were submitted to "
        "President Olek Mardan of Varnia.",
        "Varnia and its OPEC partners produced below their agreed quota in February, the oil "
        "minister said.",
    ):
        assert of_type(extract(text), "trade_measure") == []
    [fields] = of_type(
        extract("Japan set its beef import quota for the first half at 93,000 tonnes."),
        "trade_measure",
    )
    assert fields["measure"] == "quota"


def test_a_failure_to_stick_to_a_pact_says_the_pact_was_made(extract: Any) -> None:
    text = (
        "The U.S. will impose tariffs on Japanese electronics goods in retaliation for "
        "Japan's alleged failure to stick to a pact on semiconductor prices."
    )
    [fields] = of_type(extract(text), "agreement")
    assert sorted(names(fields["parties"])) == ["Japan", "United States"]
    assert fields["action"] == "signed"


def test_a_leader_the_sentence_names_acts_for_his_state(extract: Any) -> None:
    text = (
        "The U.S. Trade Representative said tariffs on Chinese toys would be delayed, easing "
        "pressure on U.S. retailers. "
        "Earlier this month, President Donald Trump announced a new round of 10% tariffs on "
        "Chinese imports."
    )
    rated = [f for f in of_type(extract(text), "trade_measure") if f["rate_percent"] == 10.0]
    assert [names(f["actor"]) for f in rated] == [["United States"]]


def test_a_newsletter_that_puts_output_at_a_figure_only_estimates_it(extract: Any) -> None:
    text = (
        "MEES put Saudi Arabian output at 2.9 mln bpd in the first week of March and 3.1 mln "
        "bpd in the second."
    )
    assert of_type(extract(text), "production") == []
    [fields] = of_type(
        extract("The Saudi oil ministry put the kingdom's output at 3.1 mln bpd in March."),
        "production",
    )
    assert names(fields["actor"]) == ["Saudi Arabia"]


def test_private_sources_that_put_a_crop_at_a_figure_only_estimate_it(extract: Any) -> None:
    text = "Private sources put Argentine 1985/86 soybean production at a record 7.3 mln tonnes."
    assert of_type(extract(text), "production") == []
    text = "Nigerian oil minister Olek Mardan put overall OPEC output in February at 14.6 mln bpd."
    [fields] = of_type(extract(text), "production")
    assert fields["value"] == {"value": 14_600_000.0, "unit": "bbl/d"}


def test_a_pact_a_mission_goes_to_renegotiate_was_made(extract: Any) -> None:
    text = (
        "A Taiwan mission will leave next week for Washington to renegotiate an agreement "
        "limiting the growth of the island's textile exports to the United States."
    )
    [fields] = of_type(extract(text), "agreement")
    assert sorted(names(fields["parties"])) == ["Taiwan", "United States"]
    assert fields["action"] == "signed"


def test_a_deal_named_after_one_party_has_no_partner_from_the_headline(extract: Any) -> None:
    text = (
        "North Korea tested another missile on Friday. The Iranians have doubled their "
        "encounters with ships in the Persian Gulf since the Iran grain deal was signed."
    )
    assert of_type(extract(text), "agreement") == []


def test_the_body_that_approves_an_application_is_not_the_applicant(extract: Any) -> None:
    text = (
        "Norvik Bancorp said the Federal Reserve Board approved its application to acquire "
        "Kestrel Savings Bank."
    )
    [fields] = of_type(extract(text), "investment")
    assert names(fields["investor"]) == ["Norvik Bancorp"]
    assert names(fields["target"]) == ["Kestrel Savings Bank"]


@pytest.mark.parametrize(
    ("text", "rate", "action"),
    [
        (
            "The report said the 31 pct devaluation of the Indonesian rupiah and an increase "
            "in Indonesian import duties on copra have cut margins.",
            None,
            "raised",
        ),
        ("Beijing said it was slashing tariffs on car imports from 25% to 15%.", 15.0, "lowered"),
        (
            "Washington will raise tariffs on $200 billion of Chinese goods to 25 percent from "
            "10 percent on Jan. 1.",
            25.0,
            "raised",
        ),
    ],
)
def test_a_tariffs_rate_is_the_percent_beside_it(
    extract: Any, text: str, rate: float | None, action: str
) -> None:
    [fields] = of_type(extract(text), "trade_measure")
    assert fields["rate_percent"] == rate
    assert fields["action"] == action
