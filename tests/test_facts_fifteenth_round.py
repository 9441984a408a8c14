"""Facts and names of the fifteenth round: a trade war's answering side, the Iran deal, capitals.

A state that "responded with" tariffs, or "vowed to implement" them, states a measure of its
own; so does one that "retaliated", vowed retaliation or whose retaliation the text names
("China's retaliation"), in a story that has told whose measure it answers ("China
retaliated", "vowing retaliation" after "looming U.S. tariffs").
A retaliation only wished or weighed ("could retaliate", "would not rule out retaliation")
states none, and neither does one in a story with no trade measure (a military strike).
A ministry reacting to a measure speaks for its state: the measure is on that state. Two
statements of one measure with different rates are two measures (GUIDELINES A3); the
headline's measure without a rate and the body's with one stay one, and so do goods written
another way. A rise a verb puts off ("postponed the planned tariff increase") is suspended.
A deal "reached with Iran" in a story on its nuclear programme is the Iran deal, with every
member the story names.
Names: a capital is its state where it stands for the government ("lean on Pyongyang",
"negotiators in Beijing", "the authorities in Seoul"), not where officials said whose meet;
a region's adjective opening a name ("the North American Free Trade Agreement") is no
mention of the region.

Found in dev documents of the corpus (AllSides trade-war stories of batches 16-19, 22-25,
26-29 and 46-53; the Iran deal and capitals in batches 66-69, once scored unseen); the sentences are
written for these tests and none is taken from a corpus.
"""

from __future__ import annotations

from typing import Any

from test_facts_recall import names, of_type


def measures(text: str, extract: Any) -> list[tuple[list[str], list[str], str]]:
    """(actors, targets, action) of each trade measure."""
    return [
        (names(f["actor"]), names(f["target"]), f["action"])
        for f in of_type(extract(text), "trade_measure")
    ]


def test_a_state_that_responds_with_tariffs_imposes_them(extract: Any) -> None:
    text = (
        "Soybean farmers hit\n\n"
        "After the United States imposed tariffs on $34 billion worth of Chinese goods, "
        "China responded with retaliatory tariffs on U.S. products, including soybeans."
    )
    found = measures(text, extract)
    assert (["United States"], ["China"], "imposed") in found
    assert (["China"], ["United States"], "imposed") in found


def test_states_that_vow_to_implement_tariffs_threaten_them(extract: Any) -> None:
    text = (
        "Steel tariffs anger allies\n\n"
        "The United States imposed tariffs on steel from Canada, Mexico and the European "
        "Union on Friday. Canada and Mexico have vowed to implement retaliatory tariffs."
    )
    found = measures(text, extract)
    assert (["Canada", "Mexico"], ["United States"], "threatened") in found


def test_implemented_export_controls_are_imposed(extract: Any) -> None:
    text = (
        "Chip rivalry\n\n"
        "Meanwhile, the United States has implemented export controls on chipmaking "
        "equipment sold to China."
    )
    found = measures(text, extract)
    assert [(a, act) for a, _, act in found] == [(["United States"], "imposed")]


def test_a_state_that_retaliated_imposes_a_measure_on_the_other_side(extract: Any) -> None:
    text = (
        "Trade war widens\n\n"
        "The United States imposed tariffs on $50 billion of Chinese goods on Friday. "
        "China retaliated on Monday, the commerce ministry said."
    )
    found = measures(text, extract)
    assert (["China"], ["United States"], "imposed") in found


def test_vowed_retaliation_against_a_named_measure_is_a_threat(extract: Any) -> None:
    text = (
        "Beijing readies its answer\n\n"
        "China called looming U.S. tariffs a violation of the accords reached by the two "
        "presidents, vowing retaliation as the talks stalled."
    )
    found = measures(text, extract)
    assert (["China"], ["United States"], "threatened") in found


def test_a_retaliation_only_weighed_states_no_measure(extract: Any) -> None:
    text = (
        "Tariffs on Chinese goods\n\n"
        "The United States imposed tariffs on Chinese goods on Friday. China could retaliate, "
        "analysts said. Beijing would not rule out retaliation."
    )
    found = measures(text, extract)
    assert found == [(["United States"], ["China"], "imposed")]


def test_a_retaliation_outside_a_trade_story_states_no_measure(extract: Any) -> None:
    text = (
        "Gulf tensions\n\n"
        "The United States launched a retaliatory strike against Iran. Iran vowed retaliation."
    )
    assert measures(text, extract) == []


def test_two_rates_on_one_country_are_two_rounds(extract: Any) -> None:
    text = (
        "Trade war\n\n"
        "The United States imposed 25% tariffs on $34 billion of Chinese goods in July. "
        "In September, the United States imposed 10% tariffs on $200 billion of Chinese goods."
    )
    rates = [f["rate_percent"] for f in of_type(extract(text), "trade_measure")]
    assert sorted(rates) == [10.0, 25.0]


def test_a_headline_without_a_rate_and_the_body_with_one_are_one_measure(extract: Any) -> None:
    text = (
        "United States imposes tariffs on Chinese steel\n\n"
        "The United States imposed 25% tariffs on Chinese steel on Friday."
    )
    assert len(of_type(extract(text), "trade_measure")) == 1


def test_a_states_own_retaliation_is_its_measure(extract: Any) -> None:
    text = (
        "Markets slide\n\n"
        "A new U.S. tariff on $200 billion in Chinese imports, along with China's retaliation "
        "against U.S. imports, took effect last month."
    )
    found = measures(text, extract)
    assert (["China"], ["United States"], "imposed") in found


def test_a_ministry_that_reacts_to_a_measure_puts_it_on_its_state(extract: Any) -> None:
    text = (
        "Beijing answers\n\n"
        "The Chinese Commerce Ministry said on Tuesday it would have to retaliate against "
        "what it called unacceptable U.S. tariffs."
    )
    # the U.S. tariffs are on China, not on its ministry; a retaliation it would have to make
    # is no measure of China's
    assert [(a, t) for a, t, _ in measures(text, extract)] == [(["United States"], ["China"])]


def test_goods_named_another_way_do_not_split_a_measure(extract: Any) -> None:
    """Guards the rate split: a restatement names the same goods another way."""
    text = (
        "United States imposes tariffs on Chinese goods\n\n"
        "The United States imposed tariffs on $200 billion of Chinese products on Friday."
    )
    assert len(of_type(extract(text), "trade_measure")) == 1


def test_a_deal_reached_with_iran_on_its_nuclear_programme_has_all_its_members(
    extract: Any,
) -> None:
    text = (
        "U.S., world powers reach historic deal with Iran\n\n"
        "The United States and five other world powers reached a deal with Iran on Tuesday "
        "that limits its nuclear programme. Diplomats from France, Germany, Britain, China "
        "and Russia took part in the talks in Vienna."
    )
    parties = [sorted(names(f["parties"])) for f in of_type(extract(text), "agreement")]
    assert [
        "China",
        "France",
        "Germany",
        "Iran",
        "Russia",
        "United Kingdom",
        "United States",
    ] in parties


def test_a_deal_reached_with_iran_outside_a_nuclear_story_keeps_its_parties(
    extract: Any,
) -> None:
    """Guards the reached-deal pattern: without the nuclear programme it is not the treaty."""
    text = (
        "Airbus signs deal with Iran\n\n"
        "Airbus signed a deal with Iran to sell 100 aircraft, as France and Germany welcomed "
        "the country's return to world markets."
    )
    parties = [sorted(names(f["parties"])) for f in of_type(extract(text), "agreement")]
    assert parties == [["Airbus", "Iran"]]


def test_a_rise_put_off_is_suspended(extract: Any) -> None:
    text = (
        "Tariff rise put off\n\n"
        "The United States postponed the planned tariff increase on Chinese goods on Sunday."
    )
    assert measures(text, extract) == [(["United States"], ["China"], "suspended")]


def test_a_capital_for_its_government_is_the_country(link: Any) -> None:
    found = link(
        "Washington wants China to lean on Pyongyang. Only a few negotiators in Beijing see "
        "a deal as possible. North Korea contacted the authorities in Seoul on Tuesday."
    )
    assert {"country:PRK", "country:CHN", "country:KOR"} <= set(found)
    assert not {"location:pyongyang", "location:beijing", "location:seoul"} & set(found)


def test_officials_said_whose_meet_in_the_capital_as_a_place(link: Any) -> None:
    """Guards the government reading: "Chinese officials in Beijing" is where they met."""
    found = link(
        "The envoy arrived in New York after speaking to Chinese officials in Beijing, "
        "South Korea's Yonhap news agency said."
    )
    assert "location:beijing" in found


def test_a_regions_adjective_opening_a_name_is_no_mention_of_it(link: Any) -> None:
    found = link(
        "Trump wants to replace the North American Free Trade Agreement, and the bloc's "
        "budget is set in European Currency Units."
    )
    assert "location:north-america" not in found
    assert "location:europe" not in found


def test_a_regions_adjective_before_a_common_noun_is_the_region(link: Any) -> None:
    """Guards the name rule: "North American farmers" and a wire headline name the region."""
    assert "location:north-america" in link("North American farmers export to Asia.")
    assert "location:asia" in link("ASIAN EXPORTS RISE\n\nShipments rose in March.")
