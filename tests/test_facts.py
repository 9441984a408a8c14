"""Typed facts from single sentences, through the real spaCy model and entity linker."""

from __future__ import annotations

from typing import Any

import pytest

from assay.enrich.entities import EntityLinker
from assay.enrich.facts import FactExtractor
from assay.enrich.nlp import load_nlp
from assay.models import Fact


def ref(name: str, key: str | None) -> dict[str, Any]:
    return {"name": name, "key": key}


EU = ref("European Union", "org:eu")
USA = ref("United States", "country:USA")
CHINA = ref("China", "country:CHN")
LYNAS = ref("Lynas Rare Earths", "org:lynas")
CATL = ref("Contemporary Amperex Technology", "org:catl")
RARE_EARTHS = ref("rare earths", "commodity:rare-earths")


def only(facts: list[Fact], fact_type: str) -> dict[str, Any]:
    """The fields of the one fact of `fact_type`; fails if there are none or several."""
    [fact] = [f for f in facts if f.type == fact_type]
    return fact.fields


# ------------------------------------------------------------------------ agreement

AGREEMENTS = [
    (
        "Lynas signed an offtake agreement with Tesla for rare earths.",
        [LYNAS, ref("Tesla", "org:tesla")],
        "offtake",
        RARE_EARTHS,
        None,
        "signed",
    ),
    (
        "Indonesia and Japan inked a nickel supply deal on Tuesday.",
        [ref("Indonesia", "country:IDN"), ref("Japan", "country:JPN")],
        "supply",
        ref("nickel", "commodity:nickel"),
        None,
        "signed",
    ),
    (
        "Australia plans to sign a critical minerals pact with India next year.",
        [ref("Australia", "country:AUS"), ref("India", "country:IND")],
        "other",
        ref("critical minerals", "commodity:critical-minerals"),
        None,
        "planned",
    ),
    (
        "Glencore terminated its cobalt supply contract with CATL.",
        [ref("Glencore", "org:glencore"), CATL],
        "supply",
        ref("cobalt", "commodity:cobalt"),
        None,
        "ended",
    ),
    (
        "BHP and Anglo American formed a joint venture to explore for copper in Chile.",
        [ref("BHP", "org:bhp"), ref("Anglo American", "org:anglo-american")],
        "joint-venture",
        ref("copper", "commodity:copper"),
        ref("Chile", "country:CHL"),
        "signed",
    ),
]


@pytest.mark.parametrize(("text", "parties", "kind", "commodity", "location", "action"), AGREEMENTS)
def test_agreement_names_parties_kind_and_action(
    extract: Any,
    text: str,
    parties: list[dict[str, Any]],
    kind: str,
    commodity: dict[str, Any],
    location: dict[str, Any] | None,
    action: str,
) -> None:
    assert only(extract(text), "agreement") == {
        "parties": parties,
        "kind": kind,
        "commodity": commodity,
        "location": location,
        "action": action,
    }


def test_agreement_skips_a_countrys_possessive_before_its_company(extract: Any) -> None:
    text = "Japan's JOGMEC and Lynas agreed a $200 million rare earths supply deal."
    fields = only(extract(text), "agreement")
    assert fields["parties"] == [
        ref("Japan Organization for Metals and Energy Security", "org:jogmec"),
        LYNAS,
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Indonesia rejected a nickel deal with the European Union.",
        "Talks between Japan and Indonesia collapsed without a deal.",
        "The deal will help Lynas expand.",
        "Rio Tinto's contract workers went on strike.",
    ],
)
def test_agreement_needs_two_parties_and_no_denial(extract: Any, text: str) -> None:
    assert [f for f in extract(text) if f.type == "agreement"] == []


# -------------------------------------------------------------------- trade measure

TRADE = [
    (
        "The European Union imposed provisional duties of up to 38% on electric vehicles "
        "imported from China.",
        {
            "actor": EU,
            "target": CHINA,
            "measure": "tariff",
            "goods": ref("electric vehicles", None),
            "rate_percent": 38.0,
            "action": "imposed",
        },
    ),
    (
        "Washington slapped 25% tariffs on Chinese steel.",
        {
            "actor": USA,
            "target": CHINA,
            "measure": "tariff",
            "goods": ref("steel", "commodity:steel"),
            "rate_percent": 25.0,
            "action": "imposed",
        },
    ),
    (
        "China lifted its ban on imports of Japanese seafood.",
        {
            "actor": CHINA,
            "target": ref("Japan", "country:JPN"),
            "measure": "import-ban",
            "goods": ref("Japanese seafood", None),
            "rate_percent": None,
            "action": "lifted",
        },
    ),
    (
        "Indonesia banned exports of nickel ore in 2020.",
        {
            "actor": ref("Indonesia", "country:IDN"),
            "target": None,
            "measure": "export-control",
            "goods": ref("nickel", "commodity:nickel"),
            "rate_percent": None,
            "action": "imposed",
        },
    ),
    (
        "China said it would restrict exports of gallium and germanium from August 1.",
        {
            "actor": CHINA,
            "target": None,
            "measure": "export-control",
            "goods": ref("gallium", "commodity:gallium"),
            "rate_percent": None,
            "action": "threatened",
        },
    ),
]


TRADE += [
    (
        "China halted exports of rare earth magnets to the United States.",
        {
            "actor": CHINA,
            "target": USA,
            "measure": "export-control",
            "goods": RARE_EARTHS,
            "rate_percent": None,
            "action": "imposed",
        },
    ),
    (
        "Washington imposed tariffs of 25% on steel imports from Canada and Mexico.",
        {
            "actor": USA,
            "target": [ref("Canada", "country:CAN"), ref("Mexico", "country:MEX")],
            "measure": "tariff",
            "goods": ref("steel", "commodity:steel"),
            "rate_percent": 25.0,
            "action": "imposed",
        },
    ),
]


@pytest.mark.parametrize(("text", "expected"), TRADE)
def test_trade_measure_fields(extract: Any, text: str, expected: dict[str, Any]) -> None:
    assert only(extract(text), "trade_measure") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tariffs have hurt American farmers.",
        "The EU did not impose tariffs on Chinese steel.",
        "The city banned smoking in parks.",
        "Britain and India concluded a free trade agreement, cutting tariffs on whisky.",
    ],
)
def test_trade_measure_near_misses_give_nothing(extract: Any, text: str) -> None:
    assert [f for f in extract(text) if f.type == "trade_measure"] == []


# ------------------------------------------------------------------------- sanction

SANCTIONS = [
    ("The EU imposed sanctions on Russia.", EU, ref("Russia", "country:RUS"), "imposed"),
    (
        "The US Commerce Department added Huawei to its entity list.",
        ref("U.S. Department of Commerce", "org:us-commerce"),
        ref("Huawei", "org:huawei"),
        "imposed",
    ),
    (
        "The United States extended sanctions against Iran for another year.",
        USA,
        ref("Iran", "country:IRN"),
        "extended",
    ),
    (
        "Canada lifted sanctions on Venezuela.",
        ref("Canada", "country:CAN"),
        ref("Venezuela", "country:VEN"),
        "lifted",
    ),
    (
        "Britain froze the assets of Rosneft and Lukoil.",
        ref("United Kingdom", "country:GBR"),
        [ref("Rosneft", "org:rosneft"), ref("Lukoil", "org:lukoil")],
        "imposed",
    ),
]


@pytest.mark.parametrize(("text", "actor", "target", "action"), SANCTIONS)
def test_sanction_actor_target_action(
    extract: Any, text: str, actor: dict[str, Any], target: Any, action: str
) -> None:
    assert only(extract(text), "sanction") == {"actor": actor, "target": target, "action": action}


@pytest.mark.parametrize(
    "text",
    [
        "Russia, hit by Western sanctions, signed a deal with China.",
        "The United States did not sanction Huawei.",
        "Sanctions were discussed by ministers.",
        "The EU is reportedly considering sanctions against China.",
    ],
)
def test_sanction_states_denials_and_plans_give_nothing(extract: Any, text: str) -> None:
    assert [f for f in extract(text) if f.type == "sanction"] == []


# ------------------------------------------------------------------------- capacity

CAPACITY = [
    (
        "CATL opened a 30 GWh battery plant in Hungary.",
        [CATL],
        ref("battery", None),
        {"value": 30.0, "unit": "GWh"},
        "operational",
    ),
    (
        "Lynas is building a 10,000 tpa rare earths processing plant in Texas.",
        [LYNAS],
        RARE_EARTHS,
        {"value": 10000.0, "unit": "t/yr"},
        "under-construction",
    ),
    (
        "Albemarle will close its Kemerton lithium hydroxide plant, cutting 25,000 tonnes "
        "of annual capacity.",
        [ref("Albemarle", "org:albemarle")],
        ref("lithium hydroxide", "commodity:lithium-hydroxide"),
        {"value": 25000.0, "unit": "t/yr"},
        "closed",
    ),
    (
        "Tesla plans to expand its Berlin gigafactory to 1 million vehicles a year.",
        [ref("Tesla", "org:tesla")],
        None,
        {"value": 1e6, "unit": "units/yr"},
        "planned",
    ),
]


@pytest.mark.parametrize(("text", "actors", "product", "amount", "status"), CAPACITY)
def test_capacity_fields(
    extract: Any,
    text: str,
    actors: list[dict[str, Any]],
    product: dict[str, Any] | None,
    amount: dict[str, Any],
    status: str,
) -> None:
    assert only(extract(text), "capacity") == {
        "actors": actors,
        "product": product,
        "amount": amount,
        "status": status,
    }


@pytest.mark.parametrize(
    "text",
    [
        "The plant is expensive.",
        "Capacity utilisation rose in Japan.",
        "Vestas won an order for 1 GW of turbines.",
        "Tesla did not open a plant in India.",
    ],
)
def test_capacity_near_misses_give_nothing(extract: Any, text: str) -> None:
    assert [f for f in extract(text) if f.type == "capacity"] == []


# ----------------------------------------------------------------------- investment

INVESTMENTS = [
    (
        "Tesla invested $500 million in CATL.",
        {
            "investor": ref("Tesla", "org:tesla"),
            "target": CATL,
            "amount": {"value": 5e8, "currency": "USD"},
            "action": "invested",
        },
    ),
    (
        "Glencore acquired a 20% stake in Lynas for A$300m.",
        {
            "investor": ref("Glencore", "org:glencore"),
            "target": LYNAS,
            "amount": {"value": 3e8, "currency": "AUD"},
            "action": "acquired",
            "stake_percent": 20.0,
        },
    ),
    (
        "Japan pledged $2 billion to Indonesia for nickel processing.",
        {
            "investor": ref("Japan", "country:JPN"),
            "target": ref("Indonesia", "country:IDN"),
            "amount": {"value": 2e9, "currency": "USD"},
            "action": "pledged",
        },
    ),
    (
        "Iluka Resources secured a A$1.25 billion loan from Australia.",
        {
            "investor": ref("Australia", "country:AUS"),
            "target": ref("Iluka Resources", "org:iluka"),
            "amount": {"value": 1.25e9, "currency": "AUD"},
            "action": "invested",
        },
    ),
    (
        "Australia lends Iluka Resources A$1.25 billion to build a rare-earths refinery at "
        "Eneabba.",
        {
            "investor": ref("Australia", "country:AUS"),
            "target": ref("Iluka Resources", "org:iluka"),
            "amount": {"value": 1.25e9, "currency": "AUD"},
            "action": "invested",
            "purpose": "Eneabba refinery",
        },
    ),
]


@pytest.mark.parametrize(("text", "expected"), INVESTMENTS)
def test_investment_fields(extract: Any, text: str, expected: dict[str, Any]) -> None:
    facts = extract(text)
    assert only(facts, "investment") == expected
    assert [f.type for f in facts] == ["investment"]


@pytest.mark.parametrize(
    "text",
    [
        "Tesla denied plans to invest in Indonesia.",
        "Investors bought shares in Lynas.",
        "Reliance halted purchases of Russian crude.",
        "The two countries set up an investment fund.",
    ],
)
def test_investment_near_misses_give_nothing(extract: Any, text: str) -> None:
    assert [f for f in extract(text) if f.type == "investment"] == []


# ----------------------------------------------------------------------- production

PRODUCTION = [
    (
        "Indonesia produced 1.6 million tonnes of nickel in 2022.",
        ref("Indonesia", "country:IDN"),
        ref("nickel", "commodity:nickel"),
        "production",
        {"value": 1.6e6, "unit": "t"},
        2022,
    ),
    (
        "China's rare earths output rose to 210,000 tonnes last year.",
        CHINA,
        RARE_EARTHS,
        "production",
        {"value": 210000.0, "unit": "t"},
        None,
    ),
    (
        "Japan imports 95% of its lithium.",
        ref("Japan", "country:JPN"),
        ref("lithium", "commodity:lithium"),
        "imports",
        {"value": 95.0, "unit": "%"},
        None,
    ),
    (
        "China holds 44 million tonnes of rare earth reserves.",
        CHINA,
        RARE_EARTHS,
        "reserves",
        {"value": 4.4e7, "unit": "t"},
        None,
    ),
    (
        "China accounts for 90% of global rare earths processing.",
        CHINA,
        RARE_EARTHS,
        "share",
        {"value": 90.0, "unit": "%"},
        None,
    ),
]


@pytest.mark.parametrize(("text", "actor", "commodity", "measure", "value", "year"), PRODUCTION)
def test_production_fields(
    extract: Any,
    text: str,
    actor: dict[str, Any],
    commodity: dict[str, Any],
    measure: str,
    value: dict[str, Any],
    year: int | None,
) -> None:
    assert only(extract(text), "production") == {
        "actor": actor,
        "commodity": commodity,
        "measure": measure,
        "value": value,
        "year": year,
    }


def test_production_volume_and_world_share_are_two_facts(extract: Any) -> None:
    text = "China produced 270,000 tonnes of rare earths in 2024, about 69% of global output."
    facts = [f.fields for f in extract(text) if f.type == "production"]
    assert [(f["measure"], f["value"]) for f in facts] == [
        ("production", {"value": 270000.0, "unit": "t"}),
        ("share", {"value": 69.0, "unit": "%"}),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "China produces rare earths.",
        "Production resumed at the mine.",
        "Indonesia did not produce more nickel in 2023.",
    ],
)
def test_production_needs_actor_commodity_and_value(extract: Any, text: str) -> None:
    assert [f for f in extract(text) if f.type == "production"] == []


# ---------------------------------------------------------- provenance and hedging


def test_offsets_point_at_the_sentence_in_the_document(extract: Any) -> None:
    nlp = load_nlp()
    text = (
        "Markets were calm on Monday.\n\n    The EU imposed sanctions on Russia. "
        "Tesla invested $500 million in CATL."
    )
    doc = nlp(text)
    facts = FactExtractor().extract(doc, EntityLinker(nlp).link(doc))
    assert [(f.type, f.sentence) for f in facts] == [
        ("sanction", "The EU imposed sanctions on Russia."),
        ("investment", "Tesla invested $500 million in CATL."),
    ]
    for fact in facts:
        assert text[fact.start : fact.end] == fact.sentence


def test_reported_speech_lowers_confidence(extract: Any) -> None:
    plain = extract("The EU imposed sanctions on Russia.")
    hedged = extract("The EU reportedly imposed sanctions on Russia, sources said.")
    assert [f.confidence for f in plain] == [0.8]
    assert [f.confidence for f in hedged] == [0.55]
    assert hedged[0].fields == plain[0].fields


def test_without_linked_entities_ner_names_fill_roles_without_keys() -> None:
    nlp = load_nlp()
    doc = nlp("BHP invested $300 million in Vale.")
    [fact] = FactExtractor().extract(doc, [])
    assert fact.fields["investor"] == ref("BHP", None)
    assert fact.fields["target"] == ref("Vale", None)
    assert fact.confidence == 0.7


def test_text_without_triggers_gives_no_facts(extract: Any) -> None:
    assert extract("Shares of Lynas rose 3% in Sydney on a quiet day.") == []


def test_the_month_may_is_not_a_hedge(extract: Any) -> None:
    [fact] = extract("In May, China imposed export controls on gallium.")
    assert (fact.fields["action"], fact.confidence) == ("imposed", 0.8)


def test_coordinated_names_fill_one_role_as_a_list(extract: Any) -> None:
    fields = only(extract("Canada and Britain imposed sanctions on Belarus."), "sanction")
    assert fields["actor"] == [
        ref("Canada", "country:CAN"),
        ref("United Kingdom", "country:GBR"),
    ]
    assert fields["target"] == ref("Belarus", "country:BLR")


def test_a_sale_makes_the_buyer_the_investor(extract: Any) -> None:
    text = "Vale sold a 10% stake in its base metals unit to Manara Minerals for $2.5 billion."
    fields = only(extract(text), "investment")
    assert (fields["investor"], fields["target"], fields["action"]) == (
        ref("Manara Minerals", "org:manara"),
        ref("Vale", "org:vale"),
        "acquired",
    )


def test_one_sentence_can_hold_a_trade_measure_and_an_investment(extract: Any) -> None:
    text = "Washington slapped 25% tariffs on Chinese steel as Tesla invested $500 million in CATL."
    assert sorted(f.type for f in extract(text)) == ["investment", "trade_measure"]
