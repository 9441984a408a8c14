"""What the nineteenth round reads: a decision someone took to impose a measure, a past event
that dates another, a cause, concession or past-time clause that states its event, sanctions
named by the clause that imposed them, by what provoked them or after two coordinated nouns, a
letter of intent to be acquired, and a facility whose kind modifier is hyphenated. Every text
is written for these tests."""

from __future__ import annotations

from test_entities_seventeenth_round import names
from test_facts_seventeenth_round import read


def test_a_decision_someone_took_to_impose_tariffs_is_a_measure(extract) -> None:
    facts = extract(
        "TOKYO STOCKS FALL\n\nInvestors in Tokyo pondered President Reagan's decision to "
        "impose tariffs on Japanese electronic goods, brokers said. U.S. officials declined "
        "to comment.\n"
    )
    assert read(facts, "trade_measure", "actor.name", "target.name") == [("United States", "Japan")]


def test_an_action_by_a_state_is_taken_but_an_expected_decision_is_not(extract) -> None:
    taken = extract(
        "TOKYO STOCKS FALL\n\nConable said the action by the United States to slap tariffs "
        "on electronic goods from Japan did not mean a trade war.\n"
    )
    assert read(taken, "trade_measure", "actor.name", "target.name", "action") == [
        ("United States", "Japan", "imposed")
    ]
    pending = extract(
        "TOKYO STOCKS FALL\n\nA decision to impose tariffs on Japanese electronic goods is "
        "expected next week, U.S. officials said.\n"
    )
    assert read(pending, "trade_measure", "actor.name") == []


def test_a_cause_or_concession_clause_states_its_sanctions(extract) -> None:
    facts = extract(
        "IRAN SOUGHT DOLLARS\n\nIran wanted to reach the money, even though U.S. sanctions "
        "prohibited it, according to the report.\n"
    )
    assert read(facts, "sanction", "actor.name", "target.name") == [("United States", "Iran")]
    # a clause of time ahead of the event still leaves it ahead
    ahead = extract(
        "CHINA STEEL\n\nChina may cut its output after the United States imposes tariffs on "
        "its steel.\n"
    )
    assert read(ahead, "trade_measure", "actor.name") == []


def test_sanctions_named_by_the_clause_that_imposed_them(extract) -> None:
    facts = extract(
        "CASPIAN PIPELINE\n\nSOCAR and other companies have sought exemptions from U.S. "
        "sanctions imposed in Iran, in order to build a gas pipeline.\n"
    )
    assert read(facts, "sanction", "actor.name", "target.name", "action") == [
        ("United States", "Iran", "imposed")
    ]


def test_what_provoked_the_sanctions_is_their_target(extract) -> None:
    facts = extract(
        "NORTH KOREA TEST\n\nNorth Korea conducted its sixth and most powerful nuclear test on "
        "September 3, prompting another round of UN sanctions.\n"
    )
    assert read(facts, "sanction", "actor.name", "target.name", "action") == [
        ("United Nations", "North Korea", "imposed")
    ]


def test_a_past_event_dates_another_but_a_backshifted_one_does_not(extract) -> None:
    dated = extract(
        "CHINA TRADE\n\nChinese exports rose in July, before the United States raised tariffs "
        "on Chinese goods in August.\n"
    )
    assert read(dated, "trade_measure", "actor.name", "target.name", "action") == [
        ("United States", "China", "raised")
    ]
    # "until ... agreed" inside what would happen is still ahead: no deal is stated
    facts = extract(
        "TRUMP ON NORTH KOREA\n\nThe president said U.S. sanctions were working and would "
        "remain in place until North Korea agreed to a deal with the United States.\n"
    )
    assert read(facts, "agreement", "parties.name") == []


def test_a_hyphenated_kind_modifier_ends_the_facility_name(link) -> None:
    ents = link(
        "The Drax coal-fired power station was shut. Sri Lanka said the Mahaweli "
        "hydro-electric project was nearly complete. The Bingham Canyon open-pit mine is "
        "large."
    )
    projects = names(ents, "PROJECT")
    for name in ("Drax", "Mahaweli", "Bingham Canyon"):
        assert name in projects


def test_a_source_after_two_coordinated_nouns_is_the_sanctions_own(extract) -> None:
    facts = extract(
        "RUSSIA CHINA DEALS\n\nRussian President Vladimir Putin, who is facing isolation and "
        "economic sanctions from the United States over Ukraine, met Xi in Beijing.\n"
    )
    # not China, the state the headline and the sentence name last
    assert read(facts, "sanction", "actor.name", "target.name") == [("United States", "Russia")]


def test_sanctions_placed_before_a_hedged_reaction_are_a_fact(extract) -> None:
    facts = extract(
        "OIL MARKETS\n\nRussia may have decided to hit back at U.S. industry after Washington "
        "placed sanctions on Russian oil company Rosneft.\n"
    )
    assert ("United States", "imposed") in read(facts, "sanction", "actor.name", "action")


def test_a_hedge_outside_the_measures_clause_leaves_it_imposed(extract) -> None:
    facts = extract(
        "TOKYO STOCKS FALL\n\nInvestors pondered President Reagan's decision to impose tariffs "
        "on Japanese electronic goods and some said the step could signal a trade war. U.S. "
        "officials declined to comment.\n"
    )
    assert read(facts, "trade_measure", "actor.name", "action") == [("United States", "imposed")]


def test_a_letter_of_intent_to_be_acquired_is_its_signers_sale(extract) -> None:
    facts = extract(
        "MADEIRA TO BE ACQUIRED\n\nMadeira Inc said it signed a letter of intent to be acquired "
        "by Tradevest Inc through a stock-for-stock exchange.\n"
    )
    assert read(facts, "investment", "investor.name", "target.name", "action") == [
        ("Tradevest", "Madeira", "acquired")
    ]


def test_a_capital_that_knows_conducts_or_owns_a_practice_is_its_state(link) -> None:
    ents = link(
        "Beijing knows that soybean buyers have other sellers. Accusations that Tehran "
        "conducted that research led to sanctions. They include Beijing's long-standing "
        "practice of propping up state firms. Trump could turn up the heat on Beijing."
    )
    assert names(ents, "LOCATION") == []
    assert names(ents, "COUNTRY") == ["China", "Iran"]
    # the city's own government is the city's
    city = link("Beijing's municipal government closed schools after the storm.")
    assert names(city, "LOCATION") == ["Beijing"]


def test_a_currency_unit_or_a_pact_across_a_region_names_no_region(link) -> None:
    ents = link(
        "The EC set a rebate of 134.75 European currency units a tonne. Japan joined the "
        "Trans-Pacific Partnership. Under the Paris currency accord, Japan pledged to act."
    )
    assert names(ents, "LOCATION") == ["Paris"]
    # a region's adjective outside a name is still the region (GUIDELINES)
    assert names(link("European governments protested."), "LOCATION") == ["Europe"]


def test_enriched_uranium_is_uranium_and_a_hydrogen_bomb_no_commodity(link) -> None:
    ents = link(
        "Iran has enriched uranium to 60 percent and stockpiles low-enriched uranium. North "
        "Korea claimed a hydrogen bomb test. Talks may iron out the last snags."
    )
    assert [(e.name, e.key) for e in ents.values() if e.type == "COMMODITY"] == [
        ("uranium", "commodity:uranium")
    ]


def test_treasury_debt_is_not_the_department(link) -> None:
    ents = link(
        "Treasury yields plummeted as Russia sold U.S. Treasury bonds. The Treasury "
        "Department later imposed sanctions."
    )
    assert names(ents, "ORG") == ["U.S. Department of the Treasury"]
    debt = link("Treasury yields plummeted and selling hit Treasury bond futures.")
    assert names(debt, "ORG") == []


def test_a_service_branch_before_a_rank_is_an_org(link) -> None:
    ents = link(
        "Retired Army Lt. Gen. Thomas Spoehr said a four-star Army general agreed. The offer "
        "was made by Navy Admiral William Crowe; three U.S. Navy destroyers could escort."
    )
    assert names(ents, "ORG") == ["Army", "U.S. Navy"]
    assert "Thomas Spoehr" in names(ents, "PERSON")


def test_a_parliament_named_as_a_proper_noun_is_an_org(link) -> None:
    ents = link(
        "Officials said the budget may pass the Parliament around late May. Iraq's "
        "Parliament voted on Sunday. The European Parliament also voted."
    )
    assert names(ents, "ORG") == ["European Parliament", "Parliament"]


def test_regions_and_farm_goods_the_kb_now_knows(link) -> None:
    ents = link(
        "Tensions rose on the Korean peninsula. Caravans of Central American migrants "
        "crossed Mexico. The EC proposed a tax on vegetable oils and fats, and Norway's "
        "herring catch rose."
    )
    assert names(ents, "LOCATION") == ["Central America", "Korean Peninsula"]
    assert names(ents, "COMMODITY") == ["fats", "herring", "vegetable oils"]


def test_georgia_is_the_us_state_unless_the_story_is_of_the_caucasus(link) -> None:
    state = link("An engineer of Savannah, Georgia, was hurt. Storms hit Alabama and Georgia.")
    assert "Georgia" in names(state, "LOCATION")
    assert "Georgia" not in names(state, "COUNTRY")
    country = link("Pence flew to Georgia and Montenegro, two states facing pressure from Russia.")
    assert "Georgia" in names(country, "COUNTRY")
    listed = link("The grain went to Kazakhstan, Uruguay, Georgia and Slovakia.")
    assert "Georgia" in names(listed, "COUNTRY")
