"""Facts that real sentences only seem to state: an office named for its field ("finance
minister"), a pledge to do something other than pay, a firm's earnings beside a deal, the
exchange shares trade on, and the size of a plant.

Found in unannotated dev documents of the corpus; the sentences are written for these
tests and none is taken from a corpus.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_facts_recall import names, of_type


@pytest.mark.parametrize(
    "text",
    [
        "Drought in Sri Lanka will make the farm sector's growth rate in 1988 its weakest in "
        "ten years, Sri Lankan finance minister Olek Mardan said on Tuesday.",
        "Sri Lankan finance minister Olek Mardan said drought would make 1988 the weakest "
        "year for Sri Lanka in a decade.",
        "The Varnian Finance Ministry said the budget deficit would narrow to 3.1 pct.",
        "Aid officials in Varnia said the harvest was poor.",
    ],
)
def test_an_office_named_for_its_field_is_no_investment(extract: Any, text: str) -> None:
    assert of_type(extract(text), "investment") == []


def test_financing_a_project_is_still_an_investment(extract: Any) -> None:
    [fields] = of_type(
        extract("Norvik Bank will finance the Arlen smelter with a 40 mln dlr loan."),
        "investment",
    )
    assert names(fields["investor"]) == ["Norvik Bank"]
    assert fields["amount"] == {"value": 40_000_000.0, "currency": "USD"}


def test_a_pledge_to_act_is_no_pledge_of_money(extract: Any) -> None:
    text = (
        "Treasury Secretary Alden Marsh said the Group of Seven leading industrial nations is "
        "fully committed to halting a further decline in the dollar."
    )
    assert of_type(extract(text), "investment") == []
    [fields] = of_type(
        extract(
            "Japan's Tokiwa Corp has committed to investing 200 mln dlrs in the Arlen copper "
            "project, the company said."
        ),
        "investment",
    )
    assert names(fields["investor"]) == ["Tokiwa"]
    assert fields["amount"] == {"value": 200_000_000.0, "currency": "USD"}


def test_a_firms_earnings_are_not_the_price_of_a_deal(extract: Any) -> None:
    [fields] = of_type(
        extract(
            "Brenmoor Corp, which reported earnings of 72 mln dlrs last year, said it has "
            "acquired Tallis Foods Inc."
        ),
        "investment",
    )
    assert names(fields["target"]) == ["Tallis Foods"]
    assert fields["amount"] is None
    [priced] = of_type(
        extract("Brenmoor Corp said it has acquired Tallis Foods Inc for 72 mln dlrs."),
        "investment",
    )
    assert priced["amount"] == {"value": 72_000_000.0, "currency": "USD"}


def test_the_exchange_shares_trade_on_is_no_target(extract: Any) -> None:
    text = (
        "Kelso Packaging Inc said it won approval to buy back up to five pct of its common "
        "shares on the Toronto Stock Exchange."
    )
    targets = [n for f in of_type(extract(text), "investment") for n in names(f["target"])]
    assert "Toronto Stock Exchange" not in targets
    # an exchange is still bought when it is what the buyer takes
    [fields] = of_type(
        extract("Halvard Boerse agreed to acquire the Ostmark Stock Exchange for 2 billion dlrs."),
        "investment",
    )
    assert names(fields["target"]) == ["Ostmark Stock Exchange"]


def test_a_plants_size_is_not_its_product(extract: Any) -> None:
    [fields] = of_type(
        extract("Trelawny Inc said it has opened a 26 mln dlr 289,000 square foot plant."),
        "capacity",
    )
    assert fields["product"] is None


def test_a_measure_after_a_figure_is_not_the_commodity(extract: Any) -> None:
    facts = of_type(
        extract(
            "Saudi Arabia pumped 3.1 mln bpd of crude oil in February and 300,000 bpd of "
            "total production came from the Neutral Zone."
        ),
        "production",
    )
    assert facts
    assert {f["commodity"]["name"] for f in facts} == {"crude oil"}
    # the phrase after the figure is kept when it names the goods
    [ore] = of_type(
        extract("Norland Mining produced 240,000 long tons of smelter-grade ore last year."),
        "production",
    )
    assert ore["commodity"]["name"] == "smelter-grade ore"


def test_sanctions_a_state_owns_stand_as_the_agent_of_a_hedged_passive(extract: Any) -> None:
    # the hedge is the passive verb's ("could be limited"), not the sanctions'
    [fields] = of_type(
        extract("The Valdor board said its role could be limited by U.S. sanctions on Iran."),
        "sanction",
    )
    assert (names(fields["actor"]), names(fields["target"])) == (["United States"], ["Iran"])
    assert fields["action"] == "imposed"
    # sanctions the hedge is about are still not stated
    assert of_type(extract("The board said new sanctions on Iran could follow."), "sanction") == []


def test_sanctions_in_response_to_a_states_act_target_that_state(extract: Any) -> None:
    for text, target in {
        "The European Union imposed sanctions in retaliation for Russia's annexation of the "
        "Ostmark coast.": "Russia",
        "The U.N. Security Council imposed new sanctions in response to North Korea's test.": (
            "North Korea"
        ),
    }.items():
        [fields] = of_type(extract(text), "sanction")
        assert names(fields["target"]) == [target], text


def test_a_firm_named_as_the_owner_of_the_party_is_no_party(extract: Any) -> None:
    # the owner before a wire ticker and its unit only describes the unit
    text = (
        "One analyst noted that Kelvar Air Corp's <KVA> Tallis Airlines has a similar agreement "
        "with a bank issuing credit cards."
    )
    assert of_type(extract(text), "agreement") == []
    [deal] = of_type(
        extract(
            "Kelvar Air Corp's <KVA> Tallis Airlines signed a marketing agreement with "
            "Brenmoor Bank."
        ),
        "agreement",
    )
    assert sorted(names(deal["parties"])) == ["Brenmoor Bank", "Tallis Airlines"]
