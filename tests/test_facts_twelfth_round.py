"""Wire stories on trade measures and capacity: a trade ban or embargo against a country is a
sanction and a measure; whoever a verb like "persuade" or "force" names as its object does
what the infinitive says; "he" in what a speaker said is the speaker, not the last person
named; an accord "reached after bilateral talks" is between the story's two states; a
company named for its place ("Alcoa of Australia") keeps its whole name; a name that an
apposition calls a field or a mine is a project; a plant whose feasibility is only
studied is no capacity; a county that signs a contract is a party to it; exports or
imports stated in money are trade figures; and a legal form after a comma ("S.A", "C.A.")
stays in the company's mention.

Found in dev documents of the corpus (batches 54-57); the sentences are written for these
tests and none is taken from a corpus.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_facts_recall import names, of_type


def test_a_trade_ban_against_a_country_is_a_sanction_and_a_measure(extract: Any) -> None:
    text = (
        "DENMARK VOTES TRADE BAN ON SOUTH AFRICA\n\n"
        "Denmark's parliament has approved a sweeping trade ban against South Africa, "
        "officials said on Tuesday."
    )
    facts = extract(text)
    [sanction] = of_type(facts, "sanction")
    assert names(sanction["actor"]) == ["Denmark"]
    assert names(sanction["target"]) == ["South Africa"]
    [measure] = of_type(facts, "trade_measure")
    assert names(measure["actor"]) == ["Denmark"]
    assert names(measure["target"]) == ["South Africa"]
    assert measure["measure"] == "import-ban"


def test_an_embargo_lifted_is_a_sanction_lifted(extract: Any) -> None:
    text = "The United States lifted its embargo against Vietnam on Thursday."
    [sanction] = of_type(extract(text), "sanction")
    assert names(sanction["actor"]) == ["United States"]
    assert names(sanction["target"]) == ["Vietnam"]
    assert sanction["action"] == "lifted"


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        (
            "The American pork lobby has opened an office in Seoul to promote its meat and "
            "persuade the South Korean government to relax existing pork import quotas.",
            "South Korea",
        ),
        ("Brussels forced Japan to cut its duties on European whisky last year.", "Japan"),
    ],
)
def test_the_object_of_persuade_or_force_acts_in_its_infinitive(
    extract: Any, text: str, actor: str
) -> None:
    [measure] = of_type(extract(text), "trade_measure")
    assert names(measure["actor"]) == [actor]


def test_a_told_party_does_not_act_in_what_it_was_told(extract: Any) -> None:
    """Guards the object-control rule: "told Reuters (that) X will take" is reported speech,
    not "told Reuters to take"."""
    text = (
        "A spokesman of Harbour Line Holdings Ltd told Reuters the group's chairman Henry "
        "Tsang also will take a 10-12 pct stake in Selwyn Dredging Co (Singapore)."
    )
    investors = [names(f["investor"]) for f in of_type(extract(text), "investment")]
    assert investors == [["Harbour Line Holdings"]]


def test_he_in_what_a_speaker_said_is_the_speaker(extract: Any) -> None:
    text = (
        "Reagan, who will meet Japanese Prime Minister Yasuhiro Nakasone next week, said he "
        "would lift tariffs imposed last week against some Japanese goods as soon as Tokyo "
        "honoured a U.S.-Japanese pact on microchips."
    )
    measures = of_type(extract(text), "trade_measure")
    assert measures
    assert all(names(f["actor"]) == ["United States"] for f in measures)
    assert all(names(f["target"]) == ["Japan"] for f in measures)


def test_an_accord_reached_after_bilateral_talks_is_between_the_storys_states(
    extract: Any,
) -> None:
    text = (
        "CANADA OPENS MARKET TO U.S. APPLES\n\n"
        "Canada has agreed to remove barriers to American-grown apples, U.S. Trade "
        "Representative Carla Hills announced.\nHills said the accord was reached after "
        "extensive bilateral negotiations that ended earlier today in Ottawa."
    )
    deals = [sorted(names(f["parties"])) for f in of_type(extract(text), "agreement")]
    assert ["Canada", "United States"] in deals


def test_a_company_named_for_its_place_keeps_its_whole_name(link: Any) -> None:
    found = link(
        "Comalco said Alcoa of Australia will cut output, and Harlan Corp said its Harlan "
        "Waste Systems of Dauphin Inc subsidiary signed a contract with Dauphin County."
    )
    orgs = {e.name for e in found.values() if e.type == "ORG"}
    assert "Alcoa of Australia" in orgs
    assert "Harlan Waste Systems of Dauphin" in orgs


def test_a_firm_with_its_suffix_keeps_its_seat_apart(link: Any) -> None:
    """Guards the join: after "Co" or a shouting headline, "of Zurich" is a place."""
    found = link("Swiss Reinsurance Co of Zurich said it would buy the broker.")
    assert {e.name: e.type for e in found.values()} == {
        "Swiss Reinsurance": "ORG",
        "Zurich": "LOCATION",
    }


def test_a_name_an_apposition_calls_a_facility_is_a_project(link: Any) -> None:
    found = link(
        "The partners have spent 200 mln stg on Cormorant - the only field in the Halyard "
        "North Sea cluster still being weighed for development."
    )
    projects = {e.name for e in found.values() if e.type == "PROJECT"}
    assert "Cormorant" in projects


def test_an_apposition_naming_a_trade_is_no_facility(link: Any) -> None:
    """Guards the apposition rule: "a refinery operator" is a company, not a refinery."""
    found = link("Harlow Petroleum Corp, a refinery operator in Texas, said profits rose.")
    assert {e.name: e.type for e in found.values()} == {
        "Harlow Petroleum": "ORG",
        "Texas": "LOCATION",
    }


def test_a_plant_whose_feasibility_is_studied_is_no_capacity(extract: Any) -> None:
    text = (
        "Valtra Oy said the partners would look into the feasibility of a plant producing "
        "400,000 tonnes per year of methanol near Calgary."
    )
    assert not of_type(extract(text), "capacity")


def test_a_plant_decided_after_a_feasibility_study_is_planned(extract: Any) -> None:
    """Guards the feasibility rule: the study is done, the plant is decided."""
    text = (
        "Valtra Oy said it will build a 400,000 tonnes per year methanol plant near Calgary "
        "after a feasibility study found the site suitable."
    )
    [capacity] = of_type(extract(text), "capacity")
    assert capacity["status"] == "planned"
    assert names(capacity["actors"]) == ["Valtra Oy"]


def test_a_county_that_signs_a_contract_is_a_party(extract: Any) -> None:
    text = (
        "Harlan Corp said its Harlan Waste Systems unit has signed a contract with Dauphin "
        "County to build and operate a waste-to-energy plant."
    )
    deals = [names(f["parties"]) for f in of_type(extract(text), "agreement")]
    assert deals
    assert any(len(d) == 2 and "Harlan Waste Systems" in d for d in deals)


def test_a_region_named_with_a_deal_is_no_party(extract: Any) -> None:
    """Guards the local-government rule: a region without a government's name is where."""
    text = "Harlan Corp signed a supply contract with Brennan Mining in Patagonia."
    [deal] = of_type(extract(text), "agreement")
    assert sorted(names(deal["parties"])) == ["Brennan Mining", "Harlan"]
    assert deal["location"]["name"] == "Patagonia"


def test_trade_stated_in_money_is_a_trade_figure(extract: Any) -> None:
    text = "Kenya's tea exports rose to 410 mln dlrs in 1986, the central bank said."
    [figure] = of_type(extract(text), "production")
    assert names(figure["actor"]) == ["Kenya"]
    assert figure["measure"] == "exports"
    assert figure["value"] == {"value": 410000000.0, "unit": "USD"}
    assert figure["year"] == 1986


def test_export_credits_are_no_trade_figure(extract: Any) -> None:
    """Guards the money rule: a sum the trade noun only qualifies is no level of trade."""
    text = "The bank approved export credits of 500 mln dlrs for Kenya in 1986."
    assert not of_type(extract(text), "production")


def test_a_legal_form_after_a_comma_stays_in_the_mention(link: Any) -> None:
    """ "Petrolera Andina, S.A" and "Octanos del Sur, C.A.": the mention keeps the form the
    text writes, the name drops it."""
    found = link(
        "Valtra Oy will invest in two ventures with Petrolera Andina, S.A, the president "
        "said. Valtra owns 48 pct of the venture company, Octanos del Sur, C.A., while "
        "Pequiven has 49 pct."
    )
    mentions = {e.name: [m.text for m in e.mentions] for e in found.values() if e.type == "ORG"}
    assert mentions.get("Petrolera Andina") == ["Petrolera Andina, S.A"]
    assert mentions.get("Octanos del Sur") == ["Octanos del Sur, C.A."]


def test_a_city_naming_a_plant_is_no_party(extract: Any) -> None:
    """Guards the local-government rule: "the Kansas City tire plant" is where, not who."""
    text = (
        "Harlan Corp will close its Akron, Ohio, and Kansas City tire plants by September. "
        "Harlan said the agreement reached with Local 412 at the Kansas City tire plant had "
        "been rejected by union members at the other plants."
    )
    [deal] = of_type(extract(text), "agreement")
    assert sorted(names(deal["parties"])) == ["Harlan", "Local 412"]
