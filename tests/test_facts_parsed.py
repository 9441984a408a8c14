"""Facts from real-news shapes, read with the dependency parse: passives, nominal events,
reported speech, references back to named parties, the headline, and modality."""

from __future__ import annotations

from typing import Any

import pytest

from assay.enrich.entities import EntityLinker
from assay.enrich.facts import FactExtractor
from assay.enrich.nlp import load_nlp
from assay.models import Fact


def names(role: Any) -> list[str]:
    """The names in a role, whether it holds one entity or a list."""
    values = role if isinstance(role, list) else [role]
    return [v["name"] for v in values if v]


def of_type(facts: list[Fact], fact_type: str) -> list[dict[str, Any]]:
    return [f.fields for f in facts if f.type == fact_type]


# ------------------------------------------------------------------ passives and nouns


def test_a_passive_subject_hit_with_sanctions_is_the_target(extract: Any) -> None:
    [fields] = of_type(extract("Rosneft was hit with U.S. sanctions on Monday."), "sanction")
    assert names(fields["actor"]) == ["United States"]
    assert names(fields["target"]) == ["Rosneft"]


def test_an_agreement_signed_by_two_parties_names_both(extract: Any) -> None:
    [fields] = of_type(
        extract("The memorandum on lithium was signed by Chile and the European Union."),
        "agreement",
    )
    assert set(names(fields["parties"])) == {"Chile", "European Union"}


def test_a_ban_on_sales_to_a_company_targets_the_company(extract: Any) -> None:
    text = "The U.S. Commerce Department imposed a ban on exports of chips to Huawei."
    [fields] = of_type(extract(text), "trade_measure")
    assert names(fields["actor"]) == ["U.S. Department of Commerce"]
    assert names(fields["target"]) == ["Huawei"]
    assert fields["measure"] == "export-control"


def test_tariffs_a_relative_clause_imposes_are_a_measure(extract: Any) -> None:
    text = (
        "Trade war deepens with the U.S.\n\nThe tariffs on Chinese imports, which Trump "
        "imposed last year, hurt farmers."
    )
    [fields] = of_type(extract(text), "trade_measure")
    assert names(fields["actor"]) == ["United States"]  # the president acts for his country
    assert names(fields["target"]) == ["China"]
    assert fields["goods"]["name"] == "Chinese imports"


def test_the_goods_of_a_measure_end_before_the_next_verb(extract: Any) -> None:
    [fields] = of_type(
        extract("The duties that Washington imposed on Japanese chips remain in force."),
        "trade_measure",
    )
    assert fields["goods"]["name"] == "Japanese chips"


@pytest.mark.parametrize(
    ("text", "goods"),
    [
        ("The United States imposed tariffs on Chinese furniture Friday.", "Chinese furniture"),
        (
            "China acts\n\nChina imposed a second round of tariffs on Japanese furniture.",
            "Japanese furniture",
        ),
        ("Washington put tariffs on $34 billion worth of Chinese furniture.", "Chinese furniture"),
        (
            "The tariffs that Mexico slapped on American furniture -- and on cars -- took effect.",
            "American furniture",
        ),
        ("Canada imposed duties on Japan last year, despite improvements on labor rules.", None),
        ("Japan put tariffs on much of the remainder of Chinese imports.", None),
    ],
)  # fmt: skip
def test_the_goods_of_a_measure_are_its_own_phrase(
    extract: Any, text: str, goods: str | None
) -> None:
    """Goods hang on the measure or the verb that takes it and stop at a date or a dash;
    another phrase's preposition, a place or an amount names none."""
    found = of_type(extract(text), "trade_measure")
    assert [f["goods"]["name"] if f["goods"] else None for f in found] == [goods]


def test_a_state_under_sanctions_is_their_target(extract: Any) -> None:
    [fields] = of_type(
        extract("North Korea remains under heavy U.N. sanctions over its nuclear program."),
        "sanction",
    )
    assert names(fields["actor"]) == ["United Nations"]
    assert names(fields["target"]) == ["North Korea"]
    [fields] = of_type(
        extract("Venezuela, which is under U.S. sanctions, exported less oil."), "sanction"
    )
    assert (names(fields["actor"]), names(fields["target"])) == (["United States"], ["Venezuela"])


def test_what_sanctions_crippled_is_their_target(extract: Any) -> None:
    [fields] = of_type(extract("Iran's economy has been crippled by U.S. sanctions."), "sanction")
    assert (names(fields["actor"]), names(fields["target"])) == (["United States"], ["Iran"])
    assert fields["action"] == "imposed"


def test_its_takeover_is_the_subjects_acquisition(extract: Any) -> None:
    [fields] = of_type(
        extract("Rio Tinto completed its $3.1 billion takeover of Turquoise Hill."), "investment"
    )
    assert (names(fields["investor"]), names(fields["target"])) == (
        ["Rio Tinto"],
        ["Turquoise Hill Resources"],
    )
    assert fields["action"] == "acquired"
    # a takeover offer someone else made stays the bidder's
    [fields] = of_type(extract("Woodside accepted a Santos takeover offer."), "investment")
    assert names(fields["investor"]) == ["Santos"]


def test_sanctions_in_the_form_of_tariffs_are_also_a_trade_measure(extract: Any) -> None:
    facts = extract(
        "U.S. President Reagan imposed sanctions in the form of 100 pct tariffs on Japanese "
        "television sets."
    )
    [sanction] = of_type(facts, "sanction")
    [measure] = of_type(facts, "trade_measure")  # the guidelines write both
    assert names(measure["actor"]) == names(sanction["actor"]) == ["United States"]
    assert names(measure["target"]) == ["Japan"]
    assert (measure["measure"], measure["rate_percent"]) == ("tariff", 100.0)
    assert not extract("Analysts discussed sanctions in the form of tariffs on Japan.")


def test_tariffs_a_deal_would_roll_back_are_in_place(extract: Any) -> None:
    text = (
        "Trump targets China with new U.S. tariffs\n\nAt least some tariffs on about $370 "
        "billion of Chinese imports would be rolled back if a trade deal was reached."
    )
    [fields] = of_type(extract(text), "trade_measure")
    assert (names(fields["actor"]), names(fields["target"])) == (["United States"], ["China"])
    assert fields["action"] == "imposed"
    assert fields["goods"]["name"] == "Chinese imports"  # not the money before "of"


def test_an_existing_measure_is_in_place_a_merely_named_one_is_not(extract: Any) -> None:
    text = "The existing U.S. tariffs on Chinese goods hurt farmers."
    [fields] = of_type(extract(text), "trade_measure")
    assert (names(fields["actor"]), names(fields["target"])) == (["United States"], ["China"])
    assert fields["action"] == "imposed"
    assert not of_type(extract("The U.S. tariffs on Chinese goods hurt farmers."), "trade_measure")


def test_goods_before_a_measure_are_no_actor_and_the_headlines_leader_acts(
    extract: Any,
) -> None:
    text = (
        "Trump targets China with new U.S. tariffs\n\nThe lingering difficulties of the steel "
        "and aluminum tariffs, which were put into place three months ago, show the complexity."
    )
    [fields] = of_type(extract(text), "trade_measure")
    assert names(fields["actor"]) == ["United States"]  # Trump, not China, acts
    assert fields["goods"]["key"] == "commodity:steel"


def test_an_exercised_option_to_buy_is_an_acquisition(extract: Any) -> None:
    text = "Royal Resources Corp said it exercised an option to buy Montagu Mining Investments Inc."
    [fields] = of_type(extract(text), "investment")
    assert (names(fields["investor"]), fields["action"]) == (["Royal Resources"], "acquired")
    assert not extract("Royal Resources Corp has an option to buy Montagu Mining Investments Inc.")
    assert not extract("Royal Resources did not exercise its option to buy Montagu Mining Inc.")


def test_money_pledged_to_help_a_state_goes_to_that_state(extract: Any) -> None:
    text = "Japan pledged $2 billion to help Indonesia build a nickel smelter."
    [fields] = of_type(extract(text), "investment")
    assert (names(fields["investor"]), names(fields["target"])) == (["Japan"], ["Indonesia"])
    assert (fields["action"], fields["amount"]["value"]) == ("pledged", 2e9)


def test_a_deal_to_sell_or_merge_is_no_agreement(extract: Any) -> None:
    deals = {
        "Xerox said its agreement to sell the affiliate to Fintech had been reached.": [],
        "Comcast Corp said it is ending its merger agreement with Time Warner Cable.": [],
        "Tesla signed a supply agreement with Albemarle.": [{"Tesla", "Albemarle"}],
    }
    for text, parties in deals.items():
        found = [set(names(f["parties"])) for f in of_type(extract(text), "agreement")]
        assert found == parties, text


def test_a_seat_of_power_in_the_headline_is_its_state_as_a_party(extract: Any) -> None:
    headline = "WHITE HOUSE PANEL WEIGHS CHIP CURBS"
    body = (
        "The White House trade panel sent its advice to the president, U.S. officials said. "
        "In an accord reached in July, South Korea agreed to stop selling its memory chips "
        "below cost."
    )
    deals = of_type(extract(f"{headline}\n\n{body}"), "agreement")
    assert [set(names(f["parties"])) for f in deals] == [{"South Korea", "United States"}]


def test_an_agreement_between_two_states_takes_both_from_the_noun(extract: Any) -> None:
    [fields] = of_type(
        extract("Chile signed the copper agreement with Japan on Tuesday."), "agreement"
    )
    assert set(names(fields["parties"])) == {"Chile", "Japan"}


def test_a_possessive_acquisition_names_buyer_and_target(extract: Any) -> None:
    [fields] = of_type(
        extract("Glencore completed its acquisition of Lynas Rare Earths."), "investment"
    )
    assert names(fields["investor"]) == ["Glencore"]
    assert names(fields["target"]) == ["Lynas Rare Earths"]
    assert fields["action"] == "acquired"


@pytest.mark.parametrize(
    ("text", "buyer", "bought"),
    [
        ("Westpac Corp said it completed its merger with Orchard Valley Bank.", "Westpac",
         "Orchard Valley Bank"),
        ("Harlow Mining Co signed a letter of intent to merge into Norsk Hydro.", "Norsk Hydro",
         "Harlow Mining"),
        ("Tessaly Corp agreed to merge with an affiliate of Kinross Partners Inc.",
         "Kinross Partners", "Tessaly"),
        ("Orrin Savings Bank said it will merge with Halvard Corp's Halvard Bank of Dorset.",
         "Halvard", "Orrin Savings Bank"),
    ],
)  # fmt: skip
def test_a_merger_names_the_buyer_by_its_preposition(
    extract: Any, text: str, buyer: str, bought: str
) -> None:
    [fields] = of_type(extract(text), "investment")
    assert (names(fields["investor"]), names(fields["target"])) == ([buyer], [bought])
    assert fields["action"] == "acquired"


def test_a_country_never_merges(extract: Any) -> None:
    text = (
        "The chain will close 200 U.S. stores, its first cuts since it merged with Boots Group Plc."
    )
    assert not of_type(extract(text), "investment")
    # the same sentence with the firm named: the firm buys
    [fields] = of_type(extract(text.replace("The chain", "Walgreens Co")), "investment")
    assert (names(fields["investor"]), names(fields["target"])) == (["Walgreens"], ["Boots Group"])


@pytest.mark.parametrize(
    ("off", "done"),
    [
        (
            "Vantor Inc said it is ending its merger agreement with Quell Systems.",
            "Vantor Inc completed its merger agreement with Quell Systems.",
        ),
        (
            "Vantor Inc said its agreement to acquire Quell Systems Corp has been terminated.",
            "Vantor Inc said its agreement to acquire Quell Systems Corp has been completed.",
        ),
        (
            "Vantor Inc called off its acquisition of Quell Systems.",
            "Vantor Inc completed its acquisition of Quell Systems.",
        ),
    ],
)
def test_a_deal_called_off_is_no_investment(extract: Any, off: str, done: str) -> None:
    assert not of_type(extract(off), "investment")
    [fields] = of_type(extract(done), "investment")  # the same deal carried out
    assert (names(fields["investor"]), names(fields["target"])) == (["Vantor"], ["Quell Systems"])


def test_a_price_per_share_is_no_amount_invested(extract: Any) -> None:
    [fields] = of_type(
        extract("Vantor Inc agreed to buy Quell Systems Corp for 40 dlrs a share."), "investment"
    )
    assert fields["amount"] is None
    [fields] = of_type(
        extract(
            "Vantor Inc agreed to buy Quell Systems Corp for 40 dlrs a share, or 120 mln dlrs."
        ),
        "investment",
    )
    assert fields["amount"]["value"] == 120e6
    # the wire's other ways of giving a price per share
    for text in (
        "Investor Dale Marrow said he extended his cash offer to buy 170,000 shares of Quell "
        "Systems Inc at 26 dlrs each.",
        "Vantor Corp said it acquired 91 pct of Quell Systems for 28.50 dlrs per common or "
        "preferred share.",
    ):
        [fields] = of_type(extract(text), "investment")
        assert fields["amount"] is None, text


def test_a_members_minister_speaking_of_the_groups_accord_is_no_second_party(
    extract: Any,
) -> None:
    text = (
        "Canadian Finance Minister Paul Marlow said the Group of Seven reaffirmed its "
        "Louvre accord."
    )
    assert not of_type(extract(text), "agreement")
    [fields] = of_type(
        extract("Mexico's oil minister said OPEC signed a supply accord with Mexico."), "agreement"
    )
    assert set(names(fields["parties"])) == {
        "Organization of the Petroleum Exporting Countries",
        "Mexico",
    }


def test_contracts_awarded_to_companies_make_them_parties(extract: Any) -> None:
    text = "The Pentagon awarded missile contracts to Lockheed Martin and Boeing."
    [fields] = of_type(extract(text), "agreement")
    assert {"Lockheed Martin", "Boeing"} <= set(names(fields["parties"]))


# --------------------------------------------------------- reported speech and reference


def test_it_in_reported_speech_is_the_speaker(extract: Any) -> None:
    text = "Ostmark Metals Ltd said it had agreed to acquire Borun Resources Inc."
    [fields] = of_type(extract(text), "investment")
    assert names(fields["investor"]) == ["Ostmark Metals"]
    assert names(fields["target"]) == ["Borun Resources"]


def test_the_company_in_a_later_sentence_is_the_firm_named_before(extract: Any) -> None:
    text = (
        "Ostmark Metals Ltd reported a loss for 1986.\n\n"
        "The company said it sold its smelting unit to Borun Resources Inc."
    )
    [fields] = of_type(extract(text), "investment")
    assert names(fields["investor"]) == ["Borun Resources"]
    assert names(fields["target"]) == ["Ostmark Metals"]


def test_a_party_named_only_in_the_headline_fills_the_role(extract: Any) -> None:
    text = "NEW SANCTIONS ON VENEZUELA\n\nCanada imposed the sanctions on Monday, officials said."
    facts = of_type(extract(text), "sanction")
    assert any(
        names(f["actor"]) == ["Canada"] and names(f["target"]) == ["Venezuela"] for f in facts
    )


def test_a_head_of_government_acts_for_the_country_the_text_names(extract: Any) -> None:
    text = "Reagan imposed 100 pct tariffs on Japanese electronics, the United States said."
    [fields] = of_type(extract(text), "trade_measure")
    assert names(fields["actor"]) == ["United States"]
    assert names(fields["target"]) == ["Japan"]


def test_the_administration_is_the_country_of_its_president(extract: Any) -> None:
    text = (
        "President Donald Trump spoke in the United States on Monday.\n\n"
        "The administration sanctioned several Russian banks on Thursday."
    )
    [fields] = of_type(extract(text), "sanction")
    assert names(fields["actor"]) == ["United States"]
    assert names(fields["target"]) == ["Russia"]


# ------------------------------------------------------------------ arguments of the clause


def test_the_commodity_of_an_agreement_comes_from_its_own_clause(extract: Any) -> None:
    text = (
        "Codelco, Chile's state copper company, signed a supply agreement with Tesla "
        "covering 20,000 tonnes a year of lithium carbonate."
    )
    [fields] = of_type(extract(text), "agreement")
    assert fields["commodity"] == {
        "name": "lithium carbonate",
        "key": "commodity:lithium-carbonate",
    }


def test_a_mine_is_never_a_party_to_an_agreement(extract: Any) -> None:
    text = "BHP signed a nickel supply deal with Tesla from its Nickel West mine."
    [fields] = of_type(extract(text), "agreement")
    assert set(names(fields["parties"])) == {"BHP", "Tesla"}


def test_one_sentence_gives_one_production_fact_per_commodity(extract: Any) -> None:
    text = "Cominco Ltd's smelter produced 240,000 long tons of zinc and 110,000 long tons of lead."
    facts = of_type(extract(text), "production")
    assert [(f["commodity"]["name"], f["value"]) for f in facts] == [
        ("zinc", {"value": 240000.0, "unit": "long-t"}),
        ("lead", {"value": 110000.0, "unit": "long-t"}),
    ]


def test_a_plants_capacity_stated_after_the_plant_is_one_fact(extract: Any) -> None:
    text = (
        "Shell Francaise's Berre refinery will shut for maintenance in April.\n\n"
        "Capacity is around 150,000 bpd, a company spokesman said."
    )
    [fields] = of_type(extract(text), "capacity")
    assert names(fields["actors"]) == ["Shell Francaise"]
    assert fields["amount"] == {"value": 150000.0, "unit": "bbl/d"}
    assert fields["status"] == "operational"


def test_a_restatement_in_the_body_is_the_headlines_fact(extract: Any) -> None:
    text = "CANADA IMPOSES SANCTIONS ON VENEZUELA\n\nCanada imposed sanctions on Venezuela."
    assert len(of_type(extract(text), "sanction")) == 1


# ------------------------------------------------------------------------- modality


@pytest.mark.parametrize(
    ("text", "fact_type"),
    [
        ("Japan has no intention of adopting quotas on rice imports.", "trade_measure"),
        ("The group urged the U.S. government to impose sanctions against Japan.", "sanction"),
        ("The United States has yet to impose sanctions on Chinese banks.", "sanction"),
        ("Britain vetoed a resolution to impose sanctions against South Africa.", "sanction"),
        ("Officials said the U.S. may impose tariffs on Canadian lumber.", "trade_measure"),
        ("Tesla was reluctant to enter into a joint venture with Geely.", "agreement"),
        ("Turkey canceled negotiations with Iran on a gas supply deal.", "agreement"),
        ("Most carmakers avoid hefty import tariffs by building cars in China.", "trade_measure"),
    ],
)
def test_wishes_refusals_and_avoidance_are_no_facts(
    extract: Any, text: str, fact_type: str
) -> None:
    assert of_type(extract(text), fact_type) == []


def test_sanctions_imposed_earlier_hold_under_a_hope_to_lift_them(extract: Any) -> None:
    text = "Baldrige hopes the United States can soon lift sanctions imposed against Japan."
    [fields] = of_type(extract(text), "sanction")
    assert names(fields["target"]) == ["Japan"]


def test_without_the_parser_the_word_order_rules_still_run() -> None:
    nlp = load_nlp()
    doc = nlp("The EU imposed sanctions on Russia.")
    facts = FactExtractor(parse=False).extract(doc, EntityLinker(nlp).link(doc))
    assert [(f.type, names(f.fields["target"])) for f in facts] == [("sanction", ["Russia"])]


def test_a_batch_gives_the_facts_each_document_gives_alone() -> None:
    nlp = load_nlp()
    linker = EntityLinker(nlp)
    texts = [
        "The EU imposed sanctions on Russia.",
        "Shares rose on Monday.",
        "Glencore completed its acquisition of Lynas Rare Earths.",
    ]
    docs = [nlp(t) for t in texts]
    pairs = [(d, linker.link(d)) for d in docs]
    alone = [FactExtractor().extract(d, e) for d, e in pairs]
    together = FactExtractor().extract_many(pairs)
    assert together == alone
    assert [len(f) for f in together] == [1, 0, 1]


def test_a_change_in_output_is_not_the_output(extract: Any) -> None:
    text = "OIL OUTPUT\n\nIranian crude oil production rose by 500,000 bpd to 2.2 mln bpd in May."
    facts = of_type(extract(text), "production")
    assert [(names(f["actor"]), f["value"]) for f in facts] == [
        (["Iran"], {"value": 2200000.0, "unit": "bbl/d"})
    ]


def test_an_analysts_estimate_of_output_is_no_fact(extract: Any) -> None:
    text = "OIL OUTPUT\n\nAnalysts estimated Nigeria's crude oil production at 1.6 mln bpd in May."
    assert of_type(extract(text), "production") == []
    text = "OIL OUTPUT\n\nThe ministry estimated Nigeria's crude oil output at 1.6 mln bpd in May."
    assert [names(f["actor"]) for f in of_type(extract(text), "production")] == [["Nigeria"]]


def test_sanctions_one_hopes_to_lift_are_in_place(extract: Any) -> None:
    text = "TRADE\n\nThe president said he hoped the United States could lift trade sanctions"
    facts = of_type(extract(text + " against Japan soon."), "sanction")
    assert [(names(f["actor"]), names(f["target"]), f["action"]) for f in facts] == [
        (["United States"], ["Japan"], "imposed")
    ]
    # without the sentence naming both sides, a hope to lift names no sanction
    hope = "TRADE\n\nWe want to lift the sanctions soon, he said."
    assert of_type(extract(hope), "sanction") == []


# ------------------------------------------------------------------ money and intent


def test_money_spent_to_develop_a_project_is_a_pledge_into_that_project(extract: Any) -> None:
    text = "Glencore said it planned to spend 42 mln dlrs to develop its Kamoto mine in Congo."
    [fields] = of_type(extract(text), "investment")
    assert names(fields["investor"]) == ["Glencore"]
    assert names(fields["target"]) == ["Kamoto"]
    assert fields["action"] == "pledged"


def test_spending_on_a_budget_line_names_no_target(extract: Any) -> None:
    text = "Poland will spend 4.7% of GDP on defence in 2025, the highest ratio in NATO."
    assert of_type(extract(text), "investment") == []


def test_a_credit_under_an_agreement_is_an_investment_by_the_lender(extract: Any) -> None:
    text = (
        "Rio Tinto said it received a 300 mln dlr credit under an agreement signed with "
        "Mizuho Bank."
    )
    facts = extract(text)
    [fields] = of_type(facts, "investment")
    assert names(fields["investor"]) == ["Mizuho Bank"]
    assert names(fields["target"]) == ["Rio Tinto"]
    assert of_type(facts, "agreement") == []


def test_a_party_reluctant_to_enter_a_joint_venture_states_no_deal(extract: Any) -> None:
    assert extract("Tesla was reluctant to enter into a joint venture with BYD.") == []


def test_a_previous_months_figure_beside_the_headline_one_is_no_fact(extract: Any) -> None:
    text = (
        "Amoco Norway said September oil output at the Valhall field rose to 86,727 bpd after "
        "dropping to 27,237 bpd in August."
    )
    values = [f["value"]["value"] for f in of_type(extract(text), "production")]
    assert values == [86727]


def test_a_shortfall_against_schedule_is_no_production_figure(extract: Any) -> None:
    text = "Cuba's production of sugar during the harvest is 800,000 tonnes behind schedule."
    assert of_type(extract(text), "production") == []


def test_countervailing_power_is_no_duty(extract: Any) -> None:
    text = "Unions in the United States have lost their countervailing power, Acme Labor said."
    assert of_type(extract(text), "trade_measure") == []


def test_a_retaliation_in_the_same_sentence_is_a_measure_of_its_own(extract: Any) -> None:
    text = (
        "Washington slapped 25 pct tariffs on Chinese goods, and Beijing retaliated with "
        "duties on U.S. soybeans."
    )
    found = of_type(extract(text), "trade_measure")
    pairs = {(names(f["actor"])[0], names(f["target"])[0]) for f in found}
    assert pairs == {("United States", "China"), ("China", "United States")}


def test_a_relative_clause_about_the_target_adds_no_second_sanction(extract: Any) -> None:
    text = "Britain sanctioned Russia's Arctic LNG 2 project, which the US had blacklisted."
    found = of_type(extract(text), "sanction")
    assert [names(f["actor"]) for f in found] == [["United Kingdom"]]


def test_a_stake_held_or_cut_is_no_acquisition(extract: Any) -> None:
    assert (
        of_type(extract("Glencore's 23 pct stake in Lynas Rare Earths is for sale."), "investment")
        == []
    )
    text = "Glencore told the SEC it cut its stake in Lynas Rare Earths to 6.3 pct."
    assert of_type(extract(text), "investment") == []


def test_a_commitment_without_money_is_no_pledge(extract: Any) -> None:
    text = "Mattis said the United States was fully committed to working with Japan."
    assert of_type(extract(text), "investment") == []


def test_unnamed_firms_of_a_country_are_no_investor(extract: Any) -> None:
    text = "Many US companies have invested heavily in China."
    assert of_type(extract(text), "investment") == []


def test_reimposed_sanctions_targeting_a_sector_name_its_country(extract: Any) -> None:
    text = (
        "The United States reimposed punishing sanctions including those targeting Iran's "
        "oil and banking sectors."
    )
    [fields] = of_type(extract(text), "sanction")
    assert names(fields["actor"]) == ["United States"]
    assert names(fields["target"]) == ["Iran"]


def test_sanctions_approved_are_stated_even_when_someone_tried_to_block_them(
    extract: Any,
) -> None:
    text = "Reagan tried to block U.S. sanctions approved by Congress against South Africa."
    [fields] = of_type(extract(text), "sanction")
    assert names(fields["actor"]) == ["United States"]
    assert names(fields["target"]) == ["South Africa"]


def test_he_is_the_person_named_before_and_a_leader_stands_for_his_state(extract: Any) -> None:
    text = (
        "President Trump met allies of the United States at the summit. Days earlier he "
        "imposed steep tariffs on steel imports."
    )
    [fields] = of_type(extract(text), "trade_measure")
    assert names(fields["actor"]) == ["United States"]


def test_a_figure_without_a_commodity_takes_the_one_of_the_lead(extract: Any) -> None:
    text = (
        "Ecuador will produce crude oil above its quota, the minister said. Before the quake "
        "Ecuadorean production was 250,000 bpd."
    )
    [fields] = of_type(extract(text), "production")
    assert fields["commodity"]["key"] == "commodity:crude-oil"
    assert names(fields["actor"]) == ["Ecuador"]


def test_a_title_cased_headline_reads_its_comma_as_and(extract: Any) -> None:
    text = "China, U.S. Agree on Initial Trade Deal to Remove Some Tariffs\n\nTalks go on."
    [fields] = of_type(extract(text), "agreement")
    assert set(names(fields["parties"])) == {"China", "United States"}
    assert fields["action"] == "signed"


def test_agreeing_on_the_text_of_a_deal_is_the_deal(extract: Any) -> None:
    text = "The United States and China agreed on the text of a phase one trade deal."
    [fields] = of_type(extract(text), "agreement")
    assert set(names(fields["parties"])) == {"China", "United States"}


def test_a_figure_whose_sentence_names_nobody_is_the_headline_country_s(extract: Any) -> None:
    text = (
        "PHILIPPINE COCONUT PRODUCT EXPORTS FALL IN JANUARY\n\nCoconut product exports fell "
        "to 163,924\ncopra tonnes in January from 196,610 tonnes in December, government "
        "figures show."
    )
    [fields] = of_type(extract(text), "production")
    assert names(fields["actor"]) == ["Philippines"]
    assert fields["measure"] == "exports"
    assert fields["value"] == {"value": 163924.0, "unit": "t"}


def test_a_deal_told_as_planned_and_as_signed_is_one_deal(extract: Any) -> None:
    text = (
        "Chile and Japan signed a lithium supply agreement on Monday. Officials said Chile "
        "plans to sign the agreement with Japan in a ceremony next week."
    )
    [fields] = of_type(extract(text), "agreement")
    assert set(names(fields["parties"])) == {"Chile", "Japan"}
    assert fields["action"] == "signed"


def test_an_agreement_struck_by_its_parties_stands_whatever_is_done_with_it(
    extract: Any,
) -> None:
    text = "Senators will review the terms of an agreement struck by Iran and the United States."
    [fields] = of_type(extract(text), "agreement")
    assert set(names(fields["parties"])) == {"Iran", "United States"}
    assert fields["action"] == "signed"


def test_a_headline_unit_of_a_firm_is_not_the_firm_bought(extract: Any) -> None:
    text = (
        "STRYKER ACQUIRES HEXCEL UNIT\n\nStryker Corp said it acquired Hexcel Medical Corp, "
        "a wholly owned subsidiary of Hexcel Corp."
    )
    targets = [names(f["target"]) for f in of_type(extract(text), "investment")]
    assert targets and all("Hexcel Medical" in t for t in targets)


def test_tariffs_that_will_remain_in_place_are_in_force(extract: Any) -> None:
    text = (
        "The U.S. and China are locked in a trade war. The 25% tariffs on Chinese goods will "
        "remain in place, Trump said."
    )
    [fields] = of_type(extract(text), "trade_measure")
    assert names(fields["actor"]) == ["United States"]
    assert fields["action"] == "imposed"


def test_goods_named_after_an_abbreviated_country_keep_its_full_stops(extract: Any) -> None:
    [fields] = of_type(
        extract("China retaliated with tariffs on $60 billion of U.S. goods."), "trade_measure"
    )
    assert fields["goods"]["name"] == "U.S. goods"
    assert names(fields["target"]) == ["United States"]


def test_a_tariff_rate_on_imported_goods_is_no_import_figure(extract: Any) -> None:
    text = (
        "The U.S. steel market is tense. Investors hoped Trump would soften his vow to impose "
        "a tariff of 25% on imported steel."
    )
    assert of_type(extract(text), "production") == []
    # The tariff itself, stated, is a measure and still no import figure.
    facts = extract(
        "The U.S. steel market is tense. The United States imposed a tariff of 25% "
        "on imported steel."
    )
    [fields] = of_type(facts, "trade_measure")
    assert (fields["measure"], fields["rate_percent"], fields["action"]) == (
        "tariff",
        25.0,
        "imposed",
    )
    assert of_type(facts, "production") == []


def test_output_projected_or_expected_is_no_stated_figure(extract: Any) -> None:
    text = (
        "Dowa Mining Co Ltd will start production at its Nurukawa mine in April. The mine's "
        "monthly output is expected to consist of 1,300 tonnes of gold ore. Japan's 1987 "
        "copper production is projected at 1.2 mln tonnes. Japan's 1986 copper production "
        "was 1.1 mln tonnes."
    )
    # Only the figure stated as done is output.
    [fields] = of_type(extract(text), "production")
    assert names(fields["actor"]) == ["Japan"]
    assert (fields["value"], fields["year"]) == ({"value": 1100000.0, "unit": "t"}, 1986)


def test_a_deal_noun_that_describes_or_is_held_is_no_deal(extract: Any) -> None:
    text = (
        "Hog Ranch Mining Co is a joint venture gold mine in Nevada. Gartner Group Inc owned "
        "one-third of the COMTEC partnership."
    )
    assert of_type(extract(text), "agreement") == []
    kept = "The deal between Chile and Japan is worth $5 billion."
    assert len(of_type(extract(kept), "agreement")) == 1


def test_agreeing_to_sell_a_smelter_is_a_sale_even_when_two_sentences_run_together(
    extract: Any,
) -> None:
    text = (
        "Comalco's Commonwealth Aluminium Corp unit said earlier it has conditionally agreed "
        "to sell its Goldendale smelter in Washington, and port facilities at Portland,\n"
        "Oregon to Columbia Aluminium Corp. Comalco said its provision may be reduced."
    )
    facts = extract(text)
    assert of_type(facts, "agreement") == []
    [fields] = of_type(facts, "investment")
    assert names(fields["investor"]) == ["Columbia Aluminium"]
    assert names(fields["target"]) == ["Goldendale"]


def test_a_mine_that_began_production_is_operational(extract: Any) -> None:
    text = (
        "Dowa Mining Co Ltd said it began production at its Nurukawa gold mine in April, "
        "with capacity of 1,300 tonnes of ore a month."
    )
    [fields] = of_type(extract(text), "capacity")
    assert names(fields["actors"]) == ["Dowa Mining"]
    assert fields["status"] == "operational"


def test_a_nationality_before_an_unnamed_firm_is_no_party_but_a_side_of_a_pact_is(
    extract: Any,
) -> None:
    text = (
        "INDIAN PLANT SIGNS FIRST ALUMINA EXPORT CONTRACT\n\nAn unnamed Norwegian firm agreed "
        "to buy 100,000 tonnes of alumina a year from a refinery in Orissa."
    )
    assert of_type(extract(text), "agreement") == []
    pact = "Japan and the U.S. signed the U.S.-Japanese semiconductor pact last year."
    [fields] = of_type(extract(pact), "agreement")
    assert set(names(fields["parties"])) == {"Japan", "United States"}
    talks = "U.S., Canadian and Mexican negotiators signed the revamped trade pact."
    [fields] = of_type(extract(talks), "agreement")
    assert set(names(fields["parties"])) == {"Canada", "Mexico", "United States"}


def test_buying_a_share_of_a_plant_s_output_is_no_acquisition_and_the_offtake_stays(
    extract: Any,
) -> None:
    text = (
        "Southern Cross signed an offtake agreement with Japanese trading house Marunaka "
        "Corporation, which will buy up to 65% of the plant's dysprosium output for magnet "
        "makers in Japan."
    )
    facts = extract(text)
    assert of_type(facts, "investment") == []
    [fields] = of_type(facts, "agreement")
    assert fields["kind"] == "offtake"


def test_a_share_of_world_output_beside_export_licences_is_still_a_figure(extract: Any) -> None:
    text = (
        "China produces roughly 60% of the world's germanium and has required export "
        "licences for the metal since August 2023."
    )
    [fields] = of_type(extract(text), "production")
    assert names(fields["actor"]) == ["China"]


def test_it_and_a_partner_are_both_parties_and_plural_deals_are_one_per_partner(
    extract: Any,
) -> None:
    text = (
        "Gunnar Gold Inc said it and Mill City Gold Inc signed a joint venture agreement "
        "with Tyranex Gold Inc."
    )
    [fields] = of_type(extract(text), "agreement")
    assert set(names(fields["parties"])) == {"Gunnar Gold", "Mill City Gold", "Tyranex Gold"}
    text = (
        "Taiwan says its textile pact is unfair because the United States had signed more "
        "favourable agreements with Hong Kong and South Korea."
    )
    pairs = {frozenset(names(f["parties"])) for f in of_type(extract(text), "agreement")}
    assert {
        frozenset({"United States", "Hong Kong"}),
        frozenset({"United States", "South Korea"}),
    } <= pairs


def test_what_a_measure_does_is_no_act_on_it(extract: Any) -> None:
    # "have cut exports" lowers no tariff; the goods phrase stops at the auxiliary
    [fields] = of_type(
        extract("The tariffs China imposed on U.S. soybeans have cut exports sharply."),
        "trade_measure",
    )
    assert fields["action"] == "imposed"


@pytest.mark.parametrize(
    "text",
    [
        "The U.S.-Japan accord on semiconductors was signed in 1986.",
        "Japan violated the U.S.-Japan semiconductor pact, officials said.",
    ],
)
def test_a_country_pair_before_a_deal_noun_are_its_parties(extract: Any, text: str) -> None:
    [fields] = of_type(extract(text), "agreement")
    assert names(fields["parties"]) == ["United States", "Japan"]


def test_talks_about_a_deal_are_no_deal(extract: Any) -> None:
    for text in (
        "Talks on the EU-Mercosur agreement stalled.",
        "Negotiations for a new trade deal between Canada and Mexico began on Monday.",
    ):
        assert of_type(extract(text), "agreement") == []
    signed = "Canada and Mexico signed a trade deal after talks."
    assert len(of_type(extract(signed), "agreement")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Companies have sought exemptions from U.S. sanctions on Iran.",
        "Turkey won a waiver from U.S. sanctions on Iranian oil.",
    ],
)
def test_an_exemption_from_sanctions_presumes_them_in_place(extract: Any, text: str) -> None:
    [fields] = of_type(extract(text), "sanction")
    assert (names(fields["actor"]), names(fields["target"])) == (["United States"], ["Iran"])
    assert fields["action"] == "imposed"
    # the sanctions on someone unnamed: no target, whoever the headline names
    assert of_type(extract("Turkey won a waiver from U.S. sanctions."), "sanction") == []


def test_electricity_generated_or_measured_in_kilowatt_hours_is_output(extract: Any) -> None:
    text = (
        "WEEKLY ELECTRIC OUTPUT UP 2.4 PCT\n\nU.S. power companies generated a net 50.08 "
        "billion kilowatt-hours of electrical energy in the week ended Feb 28, the Edison "
        "Electric Institute (EEI) said. The EEI said power production in the 52 weeks ended "
        "Feb 28 was 2,554.41 billion kilowatt hours."
    )
    found = of_type(extract(text), "production")
    assert [(names(f["actor"]), f["value"]["value"]) for f in found] == [
        (["United States"], 50080.0),
        (["United States"], 2554410.0),
    ]
    assert found[1]["commodity"]["name"] == "electricity"  # kWh with no commodity named
    assert (
        of_type(extract("Acme Corp generated revenue of 5 billion dlrs in 1986."), "production")
        == []
    )


def test_a_plant_s_spelled_out_power_is_its_capacity_and_no_product(extract: Any) -> None:
    [fields] = of_type(extract("Iberdrola opened a 500 megawatt solar plant in Spain."), "capacity")
    assert fields["amount"] == {"value": 0.5, "unit": "GW"}
    assert fields["product"]["name"] == "solar"


@pytest.mark.parametrize(
    "text",
    [
        # asked for, not lent
        "Malaysia has asked Japan for a 42 billion yen loan to finance gas pipelines.",
        # a job title
        "Tariffs will hurt business, said Brad McMillan, chief investment officer for "
        "Commonwealth Financial Network.",
        # goods sold, not a firm
        "Teck Soon Co Ltd will sell rubber to China.",
        "Acme Mining Corp sold 500,000 tonnes of wheat to Egypt.",
        # wares and arms sold, not a firm or a stake
        "The United States sold $8 billion worth of equipment to Saudi Arabia.",
        "Washington agreed to sell 40 F-35 fighter jets to Japan.",
        # "sell" as a noun names no sale
        "Japan's plan is a hard sell to Malaysia, which wants the loan.",
        # a legislature is taken over by a movement, not bought
        "Protesters marked the anniversary of the Tea Party takeover of Congress.",
        # funding halted or diverted is no investment
        "The Trump administration halted all funding to the United Nations Relief and Works "
        "Agency.",
        "Esper diverted $3.8 billion in Pentagon funding to the Air Force.",
        # papers a central bank trades, a seat on an exchange, a credit rating moved
        "The Bank of England said it also bought two mln stg of treasury bills in band two.",
        "Toronto Dominion Bank said it agreed to acquire a seat on the Toronto Stock Exchange.",
        "Standard and Poor's Corp said it raised to BBB-plus from BBB Hechinger Co's 86 mln "
        "dlrs of convertible subordinated debentures.",
    ],
)
def test_a_request_a_title_or_goods_changing_hands_is_no_investment(
    extract: Any, text: str
) -> None:
    assert of_type(extract(text), "investment") == []


def test_a_loan_made_and_a_mine_sold_are_still_investments(extract: Any) -> None:
    [lent] = of_type(extract("Japan lent Malaysia 42 billion yen."), "investment")
    assert (names(lent["investor"]), names(lent["target"])) == (["Japan"], ["Malaysia"])
    [sold] = of_type(extract("Acme Mining Corp sold its copper mine to Beta Corp."), "investment")
    assert (names(sold["investor"]), names(sold["target"])) == (["Beta"], ["Acme Mining"])


def test_an_executive_order_or_a_bill_signed_is_no_deal(extract: Any) -> None:
    for text in (
        "TRUMP AUTHORIZES SANCTIONS AGAINST TURKEY\n\nPresident Donald Trump announced that "
        "he will sign an executive order giving his administration the authority to impose "
        "sanctions on Turkish officials, the U.S. said.",
        "The U.S. President Donald Trump signed the bill on Turkey into law.",
    ):
        assert of_type(extract(text), "agreement") == [], text
    [won] = of_type(extract("Boeing won an order for 30 jets from Japan Airlines."), "agreement")
    assert names(won["parties"]) == ["Boeing", "Japan Airlines"]


@pytest.mark.parametrize(
    "text",
    [
        # a prize or damages awarded
        "FIFA's Ethics Committee closed its investigation into the bidding process that "
        "awarded the World Cup to Russia and Qatar.",
        "A court awarded damages to Acme Corp and Beta Corp.",
        # "sign" as a noun
        "Security at an NBA game between the Washington Wizards and Guangzhou Long-Lions "
        "swiped pro-Hong Kong signs from several game attendees, a Wizards spokesman said.",
        "Mike Pompeo, CIA director, met with Kim Jong Un in North Korea over Easter weekend, "
        "a major sign that Washington and Pyongyang are setting the stage for historic talks.",
    ],
)
def test_a_prize_awarded_or_a_sign_seen_is_no_deal(extract: Any, text: str) -> None:
    assert of_type(extract(text), "agreement") == []


def test_contracts_awarded_are_still_deals(extract: Any) -> None:
    awarded = of_type(extract("NASA awarded launch contracts to SpaceX and Boeing."), "agreement")
    assert [names(f["parties"]) for f in awarded] == [
        ["National Aeronautics and Space Administration", "SpaceX", "Boeing"]
    ]


def test_a_headline_that_signs_a_pact_still_signs_though_parsed_as_a_noun(extract: Any) -> None:
    text = "TRW INC SIGNS PACT WITH TEKTRONIX\n\nTRW Inc will supply parts to Tektronix Inc."
    [deal] = of_type(extract(text), "agreement")
    assert (names(deal["parties"]), deal["action"]) == (["TRW", "Tektronix"], "signed")


def test_a_party_given_its_name_by_named_or_called_is_that_name(extract: Any) -> None:
    text = (
        "Ameritrust Corp said it sold two mln shares of its common stock to an investment "
        "group named Clevebaco Ltd Partnership."
    )
    [fields] = of_type(extract(text), "investment")
    assert (names(fields["investor"]), names(fields["target"])) == (
        ["Clevebaco Ltd Partnership"],
        ["Ameritrust"],
    )


def test_an_output_figure_naming_nobody_is_read_for_the_headline_producer(extract: Any) -> None:
    text = (
        "THAI SUGAR PRODUCTION CONTINUES HIGH IN FEB\n\nThai sugar production continued at a "
        "high level in February, latest figures received by the International Sugar "
        "Organization (ISO) show.\n    The figures show stocks at end-February of 2.49 mln "
        "tonnes raw value against 2.33 mln a year earlier. Analysts said this was a new peak "
        "for the date.\n    Production in February was 961,000 tonnes against 888,000 in "
        "February 1986 and took the Nov/Feb total for the current crop to 2.25 mln tonnes."
    )
    found = of_type(extract(text), "production")
    assert (names(found[0]["actor"]), found[0]["value"]["value"]) == (["Thailand"], 961000.0)


def test_a_state_sanctions_no_organ_of_its_own_but_its_regulator_sanctions_a_firm(
    extract: Any,
) -> None:
    text = "The Treasury Department imposed sanctions on the Pentagon."
    assert of_type(extract(text), "sanction") == []
    [fields] = of_type(
        extract("The Securities and Exchange Commission imposed sanctions on Boeing."), "sanction"
    )
    assert names(fields["target"]) == ["Boeing"]
    [fields] = of_type(extract("The Treasury Department imposed sanctions on Iran."), "sanction")
    assert (names(fields["actor"]), names(fields["target"])) == (
        ["U.S. Department of the Treasury"],
        ["Iran"],
    )


def test_a_gerund_after_by_or_in_takes_the_subject_of_its_verb(extract: Any) -> None:
    [measure] = of_type(
        extract("China retaliated by slapping duties on U.S. goods."), "trade_measure"
    )
    assert (names(measure["actor"]), names(measure["target"])) == (["China"], ["United States"])
    [bought] = of_type(extract("Acme Corp grew by buying Beta Corp for 20 mln dlrs."), "investment")
    assert (names(bought["investor"]), names(bought["target"])) == (["Acme"], ["Beta"])


def test_an_event_someone_stops_is_no_fact(extract: Any) -> None:
    text = "Stop letting China invest in the U.S. unless it makes it easier for U.S. firms."
    assert of_type(extract(text), "investment") == []
    text = "The United States stopped imposing tariffs on Mexican steel."
    assert of_type(extract(text), "trade_measure") == []
    # the same events, not stopped, are facts
    [invested] = of_type(extract("China invested $2 billion in Acme Corp."), "investment")
    assert names(invested["investor"]) == ["China"]
    text = "The United States imposed tariffs on Mexican steel."
    [measure] = of_type(extract(text), "trade_measure")
    assert (names(measure["actor"]), names(measure["target"])) == (["United States"], ["Mexico"])


def test_a_measure_without_goods_takes_the_storys_target(extract: Any) -> None:
    """No goods named ("duties of its own"): the state the story names is the target, and
    the measure stands, as it does when goods are named."""
    text = "Canada hits back at the United States\n\nCanada imposed duties of its own on Friday."
    [fields] = of_type(extract(text), "trade_measure")
    assert (names(fields["actor"]), names(fields["target"])) == (["Canada"], ["United States"])
    assert fields["goods"] is None


@pytest.mark.parametrize(
    "text",
    [
        "General Motors Corp said it ordered temporary layoffs to reduce inventories of cars "
        "built at two plants later this month.",
        "A worker builds a Ford Explorer car at Ford's Chicago Assembly Plant in Chicago.",
    ],
)
def test_goods_built_at_a_plant_do_not_build_it(extract: Any, text: str) -> None:
    assert of_type(extract(text), "capacity") == []
    # the plant itself built is under construction
    text = "Ford Motor Co is building a plant in Hermosillo, Mexico."
    [built] = of_type(extract(text), "capacity")
    assert (names(built["actors"]), built["status"]) == (["Ford"], "under-construction")


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("Tesla was allowed to open the factory without a Chinese partner.", None),
        (
            "LG Electronics is building a 1-million-square-foot plant in Clarksville, "
            "Tennessee, to manufacture washing machines.",
            None,
        ),
        ("Hexcel Corp is building a composite materials plant in Arizona.", "composite materials"),
        (
            "The mine will operate at a rate of 626,000 tons of ore per year, Acme Mining said.",
            "ore",
        ),
        ("EDF said it would develop 30 gigawatt of solar capacity in France.", "solar"),
        ("The EC said Acme Steel has 30 mln tonnes of annual capacity.", None),
    ],
)
def test_a_plants_product_is_a_noun_the_parse_gives_it(
    extract: Any, text: str, product: str | None
) -> None:
    """Not a verb before "the factory", a floor area, "per year" or the word "capacity"."""
    [fields] = of_type(extract(text), "capacity")
    assert (fields["product"] or {}).get("name") == product


def test_who_a_move_or_a_failure_names_acts_in_the_clause_after_it(extract: Any) -> None:
    text = "The move by China to impose tariffs on American soybeans hit farmers."
    [fields] = of_type(extract(text), "trade_measure")
    assert (names(fields["actor"]), names(fields["target"])) == (["China"], ["United States"])


def test_a_bilateral_pact_one_side_breaks_has_the_storys_other_state(extract: Any) -> None:
    text = (
        "U.S. senator assails Japanese trade practices\n\nLeahy said the plan to raise tariffs "
        "on Japanese imports in retaliation against Tokyo's violation of a bilateral "
        "semiconductor pact was long overdue."
    )
    [fields] = of_type(extract(text), "agreement")
    assert sorted(names(fields["parties"])) == ["Japan", "United States"]


def test_a_state_and_its_own_ministry_make_no_agreement(extract: Any) -> None:
    text = (
        "A MITI official said that while Japan is faithfully abiding by the agreement, "
        "problems remain."
    )
    assert of_type(extract(text), "agreement") == []
    [deal] = of_type(
        extract("Japan's MITI signed a supply contract with Toshiba Corp."), "agreement"
    )
    assert names(deal["parties"]) == ["Ministry of International Trade and Industry", "Toshiba"]
