"""EntityLinker on hand-written news sentences: keys, types, attrs and exact offsets."""

from __future__ import annotations

import pytest

from assay.enrich.entities import EntityLinker
from assay.enrich.entities.names import reshape_ner_spans
from assay.enrich.entities.spans import TokenView
from assay.enrich.kb import HEAVY_REE, LIGHT_REE
from assay.enrich.nlp import load_nlp
from assay.models import Entity


def mentions(ent: Entity) -> list[str]:
    return [m.text for m in ent.mentions]


def orgs(ents: dict[str, Entity]) -> list[str]:
    """The names of the organisations `link` found, sorted."""
    return sorted(e.name for e in ents.values() if e.type == "ORG")


def test_design_example_links_country_org_commodity_and_project(link) -> None:
    text = (
        "Australia lends Iluka Resources A$1.25 billion to build a rare-earths refinery at Eneabba."
    )
    ents = link(text)
    assert list(ents) == [
        "country:AUS",
        "org:iluka",
        "commodity:rare-earths",
        "project:eneabba",
    ]
    assert ents["country:AUS"].attrs == {"iso3": "AUS"}
    assert ents["org:iluka"].name == "Iluka Resources"
    assert ents["org:iluka"].attrs["country"] == "AUS"
    assert mentions(ents["commodity:rare-earths"]) == ["rare-earths"]
    project = ents["project:eneabba"]
    assert (project.type, project.attrs["kind"], project.attrs["country"]) == (
        "PROJECT",
        "refinery",
        "AUS",
    )


def test_demonyms_map_to_countries(link) -> None:
    ents = link("Japanese, Korean and Congolese buyers met Emirati and American officials.")
    assert {k: e.type for k, e in ents.items()} == {
        "country:JPN": "COUNTRY",
        "country:KOR": "COUNTRY",
        "country:COD": "COUNTRY",
        "country:ARE": "COUNTRY",
        "country:USA": "COUNTRY",
    }
    assert mentions(ents["country:KOR"]) == ["Korean"]


def test_short_forms_link_to_iso3(link) -> None:
    text = "The U.S. and the UAE backed the DRC, while South Korea and the UK stayed out."
    ents = link(text)
    assert mentions(ents["country:USA"]) == ["U.S."]
    assert mentions(ents["country:ARE"]) == ["UAE"]
    assert mentions(ents["country:COD"]) == ["DRC"]
    assert mentions(ents["country:KOR"]) == ["South Korea"]
    assert mentions(ents["country:GBR"]) == ["UK"]


def test_acronym_definition_merges_long_and_short_forms(link) -> None:
    text = (
        "The Japan Bank for International Cooperation (JBIC) will lend $200 million. "
        "JBIC said the loan closes in May."
    )
    ents = link(text)
    jbic = ents["org:jbic"]
    assert mentions(jbic) == ["Japan Bank for International Cooperation", "JBIC", "JBIC"]
    assert jbic.name == "Japan Bank for International Cooperation"
    assert "country:JPN" not in ents  # "Japan" inside the name is not a separate country


def test_unknown_acronym_definition_keys_new_org_by_acronym(link) -> None:
    text = (
        "The Ruritanian Minerals Development Agency (RMDA) opened a tender. "
        "Bids to RMDA close on Friday."
    )
    ents = link(text)
    rmda = ents["org:rmda"]
    assert rmda.type == "ORG"
    assert mentions(rmda) == ["Ruritanian Minerals Development Agency", "RMDA", "RMDA"]


def test_acronym_before_long_form_in_parentheses(link) -> None:
    ents = link("RMDA (Ruritanian Minerals Development Agency) opened a tender.")
    assert mentions(ents["org:rmda"]) == ["RMDA", "Ruritanian Minerals Development Agency"]


def test_an_acronym_in_apposition_joins_the_long_name(link) -> None:
    ents = link(
        "Borun Pacific Corp will form a partnership with Petroles de Venezuela, PDVSA, to run "
        "the refinery. PDVSA will supply the crude."
    )
    # the known firm, though the long name is misspelt and NER took it for a person
    assert mentions(ents["org:pdvsa"]) == ["Petroles de Venezuela", "PDVSA", "PDVSA"]
    ents = link("The Ruritanian Minerals Development Agency, RMDA, opened a tender.")
    assert mentions(ents["org:rmda"]) == ["Ruritanian Minerals Development Agency", "RMDA"]
    # the long form written again is the same body
    ents = link(
        "The Ruritanian Minerals Development Agency (RMDA) opened a tender. The Ruritanian "
        "Minerals Development Agency said bids close on Friday."
    )
    long = "Ruritanian Minerals Development Agency"
    assert mentions(ents["org:rmda"]) == [long, "RMDA", long]
    # a title in apposition to a person spells nothing
    assert "org:ceo" not in link("Halvard Osterby, CEO, said output rose.")


def test_person_role_country_and_surname_coreference(link) -> None:
    text = (
        "Indonesia's investment minister Bahlil Lahadalia said nickel exports would rise. "
        "Lahadalia said talks with Tsingshan continue."
    )
    ents = link(text)
    person = ents["person:bahlil-lahadalia"]
    assert person.type == "PERSON"
    assert person.name == "Bahlil Lahadalia"
    assert mentions(person) == ["Bahlil Lahadalia", "Lahadalia"]
    assert person.attrs == {"role": "investment minister", "country": "IDN"}
    assert "org:tsingshan" in ents
    assert "commodity:nickel" in ents


def test_person_role_from_apposition_names_org(link) -> None:
    ents = link("Amanda Lacaze, chief executive of Lynas, said demand was strong.")
    person = ents["person:amanda-lacaze"]
    assert person.attrs == {"role": "chief executive", "org": "org:lynas"}


@pytest.mark.parametrize("name", LIGHT_REE + HEAVY_REE)
def test_every_rare_earth_element_is_found_with_its_group(link, name: str) -> None:
    ents = link(f"Prices of {name} rose as exporters cut {name} shipments.")
    ent = ents[f"commodity:{name}"]
    assert ent.type == "COMMODITY"
    assert len(ent.mentions) == 2
    group = "light-ree" if name in LIGHT_REE else "heavy-ree"
    assert group in ent.attrs["groups"]
    assert "rare-earth" in ent.attrs["groups"]


def test_element_symbols_are_not_read_from_ordinary_words(link) -> None:
    ents = link("In 2024, US and IT firms bought As many chips as they could.")
    assert "commodity:indium" not in ents
    assert "commodity:arsenic" not in ents
    assert list(ents) == ["country:USA"]
    assert mentions(ents["country:USA"]) == ["US"]


def test_symbol_in_parentheses_joins_its_element(link) -> None:
    ents = link("Output of dysprosium (Dy) doubled; Dy oxide prices fell.")
    dy = ents["commodity:dysprosium"]
    assert mentions(dy) == ["dysprosium", "Dy", "Dy"]
    assert dy.attrs["symbol"] == "Dy"


def test_lead_the_verb_is_not_lead_the_metal(link) -> None:
    assert "commodity:lead" not in link("She will lead the delegation to Jakarta.")
    assert "commodity:lead" in link("Zinc and lead prices rose on the LME.")


def test_project_pattern_takes_country_from_in_phrase(link) -> None:
    text = "Foo River Resources will build the Quillota copper smelter in Chile next year."
    ents = link(text)
    project = ents["project:quillota"]
    assert mentions(project) == ["Quillota copper smelter"]
    assert project.attrs == {"kind": "smelter", "country": "CHL"}
    assert "commodity:copper" in ents  # named inside the project, still a commodity


def test_a_country_in_a_places_name_names_a_project_but_alone_does_not(link) -> None:
    ents = link("A pressure leak at FPL Group Inc's Turkey Point nuclear plant forced a shutdown.")
    assert ents["project:turkey-point"].type == "PROJECT"
    assert not any(k.startswith("project:") for k in link("A Chinese plant will make the chips."))


def test_japans_trade_ministry_is_one_known_ministry_by_any_of_its_names(link) -> None:
    for text in (
        "A MITI official said exports fell.",
        "The International Trade and Industry Ministry said output rose.",
    ):
        miti = link(text)["org:miti"]
        assert (miti.name, miti.attrs["kind"], miti.attrs["country"]) == (
            "Ministry of International Trade and Industry",
            "ministry",
            "JPN",
        )


def test_a_short_form_of_a_named_project_is_that_project(link) -> None:
    text = "Sales of the North-West Shelf project rose; a phase of the Shelf project ended."
    ents = link(text)
    [project] = [e for e in ents.values() if e.type == "PROJECT"]
    assert mentions(project) == ["North-West Shelf project", "Shelf project"]


def test_the_bare_name_of_a_named_mine_is_that_mine(link) -> None:
    text = (
        "Ashton Resources said the Kessler Creek mine resumed work. "
        "Kessler Creek produced 4,000 ounces of gold."
    )
    ents = link(text)
    assert mentions(ents["project:kessler-creek"]) == ["Kessler Creek mine", "Kessler Creek"]
    assert not [e for e in ents.values() if e.type == "ORG" and e.name == "Kessler Creek"]


def test_a_pipeline_named_after_a_field_is_another_project(link) -> None:
    ents = link(
        "Output at the Varnholt field rose to 90,000 bpd. "
        "Phillips said Ekofisk pumped more oil; the Ekofisk pipeline was shut for repairs."
    )
    assert mentions(ents["project:varnholt"]) == ["Varnholt field"]
    assert mentions(ents["project:ekofisk"]) == ["Ekofisk"]
    assert mentions(ents["project:ekofisk-pipeline"]) == ["Ekofisk pipeline"]


def test_casinos_are_facilities_and_capitalised_mines_are_companies(link) -> None:
    ents = link("The Bellamy Grand Casino in Atlantic City will close, Seaboard Gaming said.")
    assert mentions(ents["project:bellamy-grand"]) == ["Bellamy Grand Casino"]
    ents = link("Shares of Harlow Mines rose after it sold its Tarrant copper mine.")
    assert [e.key for e in ents.values() if e.type == "PROJECT"] == ["project:tarrant"]


def test_the_cushing_hub_is_a_place(link) -> None:
    ents = link("Oil fell as stocks at Cushing rose, the EIA said.")
    assert ents["location:cushing"].type == "LOCATION"


def test_a_mining_property_is_a_project(link) -> None:
    ents = link("Drilling on its R.M. Nicel platinum property in Quebec gave good results.")
    assert mentions(ents["project:r-m-nicel"]) == ["R.M. Nicel platinum property"]
    assert "PROJECT" not in {
        e.type for e in link("The intellectual property of Apple Inc.").values()
    }


def test_kb_projects_keep_their_country(link) -> None:
    ents = link("MP Materials runs the Mountain Pass mine and Lynas owns Mount Weld.")
    assert ents["project:mountain-pass"].attrs == {"kind": "mine", "country": "USA"}
    assert mentions(ents["project:mountain-pass"]) == ["Mountain Pass mine"]
    assert ents["project:mount-weld"].attrs["country"] == "AUS"
    assert "org:mp-materials" in ents


def test_locations_carry_country(link) -> None:
    ents = link("Nickel smelters in Central Sulawesi and lithium mines in Western Australia grew.")
    assert ents["location:central-sulawesi"].attrs == {"country": "IDN"}
    assert ents["location:western-australia"].attrs == {"country": "AUS"}


def test_us_state_abbreviations_link_to_their_state(link) -> None:
    ents = link(
        "The plant in Fresno, Calif., and a mill near Pittsburgh, Pa., will close, "
        "said Senator Jane Roe of N.J. on Monday."
    )
    assert mentions(ents["location:california"]) == ["Calif."]
    assert mentions(ents["location:pennsylvania"]) == ["Pa."]
    assert ents["location:new-jersey"].attrs == {"country": "USA"}
    plain = link("Exports of iron ore. Sales in the mass market fell in La Paz.")
    assert not {"location:oregon", "location:massachusetts", "location:louisiana"} & set(plain)


def test_the_house_and_senate_are_the_us_chambers(link) -> None:
    ents = link("The House voted 230-190 to pass the bill; the Senate takes it up next week.")
    assert mentions(ents["org:us-house"]) == ["House"]
    assert mentions(ents["org:us-senate"]) == ["Senate"]
    assert "org:us-house" not in link("Officials at the White House said house prices rose.")


def test_an_abbreviated_country_before_an_institution_is_part_of_its_name(link) -> None:
    ents = link("John Murphy, a vice president at the US Food Industry Council, said so.")
    assert mentions(ents["org:us-food-industry-council"]) == ["US Food Industry Council"]
    assert "country:USA" not in ents
    both = link("The UK Treasury and the U.S. Treasury disagreed; Vodafone UK said nothing.")
    assert mentions(both["org:us-treasury"]) == ["U.S. Treasury"]
    assert "org:uk-treasury" in both


def test_a_trailing_model_code_is_not_part_of_an_org(link) -> None:
    ents = link("Two U.S. Air Force B-1 bombers flew near the border on Saturday.")
    assert [e.name for e in ents.values() if e.type == "ORG"] == ["U.S. Air Force"]


def test_ner_fills_gaps_with_new_orgs_and_junk_is_dropped(link) -> None:
    text = "Shares of Kestrel Minerals Ltd rose 5% on Monday after the listing in Perth."
    ents = link(text)
    assert ents["org:kestrel-minerals"].name == "Kestrel Minerals"
    assert mentions(ents["org:kestrel-minerals"]) == ["Kestrel Minerals Ltd"]
    assert [e.type for e in ents.values()] == ["ORG", "LOCATION"]


def test_farm_and_fuel_commodities_of_the_wire_are_known(link) -> None:
    ents = link("Exports of groundnuts, molasses and wheat flour rose, as did nuclear fuel sales.")
    assert {"commodity:peanut", "commodity:molasses", "commodity:wheat-flour"} <= set(ents)
    assert "commodity:nuclear-fuel" in ents


def test_case_matters_for_names_not_for_commodities(link) -> None:
    ents = link("They served turkey on fine china; Copper and GAS prices rose.")
    assert "country:TUR" not in ents
    assert "country:CHN" not in ents
    assert "commodity:copper" in ents


def test_entities_are_sorted_by_first_mention_and_offsets_are_exact(link) -> None:
    text = "Glencore sold cobalt to CATL.\n\nCATL and Glencore signed in the DRC."
    ents = link(text)
    assert list(ents) == ["org:glencore", "commodity:cobalt", "org:catl", "country:COD"]
    starts = [m.start for m in ents["org:catl"].mentions]
    assert starts == [text.index("CATL"), text.rindex("CATL")]


def test_empty_text_links_nothing(link) -> None:
    assert link("") == {}
    assert link("   \n ") == {}


def test_manufactured_goods_are_linked_only_when_asked(link) -> None:
    text = "Exports of chips and rare earth magnets to China fell, as did gallium."
    # without products, "rare earth magnets" still names the rare earths in them
    assert list(link(text)) == ["commodity:rare-earths", "country:CHN", "commodity:gallium"]
    with_products = link(text, EntityLinker(load_nlp(), products=True))
    assert list(with_products) == [
        "commodity:semiconductors",
        "commodity:rare-earth-magnets",
        "country:CHN",
        "commodity:gallium",
    ]
    assert "manufactured" in with_products["commodity:semiconductors"].attrs["groups"]


def test_washington_is_the_us_government_and_capitals_are_places(link) -> None:
    ents = link("Washington and Beijing traded accusations as officials met in Brussels.")
    assert mentions(ents["country:USA"]) == ["Washington"]
    assert ents["location:beijing"].attrs == {"country": "CHN"}
    assert ents["location:brussels"].attrs == {"country": "BEL"}


def test_names_broken_across_lines_stay_whole(link) -> None:
    text = "Finance minister Dilson\nFunaro said Brazil would pay. Funaro left."
    ents = link(text)
    person = ents["person:dilson-funaro"]
    assert person.name == "Dilson Funaro"
    assert mentions(person) == ["Dilson\nFunaro", "Funaro"]
    assert person.attrs["role"] == "finance minister"


def test_company_suffixes_and_kb_names_inside_ner_spans(link) -> None:
    ents = link("BHP Group Ltd and Rio Tinto Plc agreed with Freeport-McMoRan Inc.")
    assert list(ents) == ["org:bhp", "org:rio-tinto", "org:freeport"]
    assert mentions(ents["org:rio-tinto"])[0].startswith("Rio Tinto")


def test_country_government_is_the_country(link) -> None:
    ents = link("The Chinese government said the Australian authorities were wrong.")
    assert list(ents) == ["country:CHN", "country:AUS"]


def test_short_forms_of_new_orgs_join_the_long_name(link) -> None:
    text = (
        "Kestrel Harbour Minerals said output rose. The Food and Drug Administration agreed. "
        "Kestrel said the FDA was slow."
    )
    ents = link(text)
    assert mentions(ents["org:kestrel-harbour-minerals"]) == ["Kestrel Harbour Minerals", "Kestrel"]
    assert mentions(ents["org:food-and-drug-administration"]) == [
        "Food and Drug Administration",
        "FDA",
    ]


def test_phrase_matchers_are_built_once_per_kb_and_vocab() -> None:
    nlp = load_nlp()
    first, second = EntityLinker(nlp), EntityLinker(nlp)
    assert first._exact is second._exact
    assert first._folded is second._folded


# ------------------------------------------------------------ regressions (facts engineer)


@pytest.mark.parametrize(
    "text",
    [
        "The company will build a 30 GWh battery plant in Hungary.",
        "It plans a 500 MW solar plant near the coast.",
        "A 3 GW project was approved on Monday.",
        "The 2 Mtpa project needs new rail lines.",
        "A 10 bcm terminal opens next year.",
        "A 100,000 Tonnes plant was closed.",
    ],
)
def test_units_and_numbers_never_name_a_project_or_org(link, text: str) -> None:
    ents = link(text)
    assert [k for k, e in ents.items() if e.type in ("PROJECT", "ORG")] == []


def test_coordinated_known_orgs_are_two_entities(link) -> None:
    ents = link("JBIC and Export Finance Australia signed a loan for the mine.")
    assert mentions(ents["org:jbic"]) == ["JBIC"]
    assert mentions(ents["org:efa"]) == ["Export Finance Australia"]
    assert [e.type for e in ents.values()] == ["ORG", "ORG"]


def test_place_coordinated_with_a_known_company_is_split(link) -> None:
    # NER reads "Victoria and Lynas" as one ORG
    ents = link("Victoria and Lynas signed a supply deal.")
    assert ents["location:victoria-aus"].type == "LOCATION"
    assert mentions(ents["org:lynas"]) == ["Lynas"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kestrel Mining and Osprey Resources signed", ["Kestrel Mining", "Osprey Resources"]),
        (
            "Department of Energy and Climate Change said",
            ["Department of Energy and Climate Change"],
        ),
        ("Procter and Gamble said", ["Procter and Gamble"]),
        ("Mitsui & Co said", ["Mitsui & Co"]),
    ],
)
def test_org_span_split_only_where_two_names_are_coordinated(text: str, expected) -> None:
    nlp = load_nlp()
    linker = EntityLinker(nlp)
    view = TokenView.of(nlp.make_doc(text))
    span = (0, len(view.text) - 1, "ORG")  # everything before the verb, as NER might tag it
    spans = reshape_ner_spans(view, [span], linker.knows)
    assert [" ".join(view.text[s:e]) for s, e, _ in spans] == expected


def test_place_that_starts_a_company_name_is_part_of_the_org(link) -> None:
    ents = link("Shandong Yulong Petrochemical started its refinery.")
    org = ents["org:shandong-yulong-petrochemical"]
    assert (org.type, mentions(org)) == ("ORG", ["Shandong Yulong Petrochemical"])
    assert "location:shandong" not in ents


def test_place_before_a_known_company_stays_a_place(link) -> None:
    ents = link("Output at Chile's Codelco fell while in Shandong the refinery ran.")
    assert ents["location:shandong"].type == "LOCATION"
    assert "org:codelco" in ents


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Hess and Sumitomo agreed to cooperate on the block.", "org:hess"),
        ("Hess and Sumitomo agreed to cooperate on the block.", "org:sumitomo-corp"),
        ("Mitsubishi Corp bought a stake in the mine.", "org:mitsubishi-corp"),
        ("Mitsui signed the deal on Monday.", "org:mitsui"),
        ("Talks with Itochu stalled last week.", "org:itochu"),
        ("Talks with Marubeni stalled last week.", "org:marubeni"),
        ("Talks with Sojitz stalled last week.", "org:sojitz"),
        ("Talks with Sumitomo Corporation stalled last week.", "org:sumitomo-corp"),
        ("Shares in Diamondback Energy and EOG Resources rose.", "org:diamondback"),
        ("Shares in Diamondback Energy and EOG Resources rose.", "org:eog"),
        ("Occidental and Devon Energy cut spending.", "org:devon-energy"),
        ("Galp and Harbour Energy cut spending.", "org:harbour-energy"),
    ],
)
def test_registry_covers_trading_houses_and_oil_companies(link, text: str, key: str) -> None:
    ent = link(text)[key]
    assert ent.type == "ORG"


@pytest.mark.parametrize(
    ("text", "key", "name"),
    [
        ("Beijing imposed export controls on gallium.", "country:CHN", "Beijing"),
        ("Moscow retaliated within hours.", "country:RUS", "Moscow"),
        ("Tokyo has also banned the imports.", "country:JPN", "Tokyo"),
        ("Canberra announced a review of the deal.", "country:AUS", "Canberra"),
        ("Jakarta restricted nickel ore exports.", "country:IDN", "Jakarta"),
        ("New Delhi sanctioned three firms.", "country:IND", "New Delhi"),
        ("Seoul said on Monday it would help.", "country:KOR", "Seoul"),
        ("Ottawa announced tariffs on steel.", "country:CAN", "Ottawa"),
        ("Brasilia imposed duties on imports.", "country:BRA", "Brasilia"),
        ("Pretoria said it would not comment.", "country:ZAF", "Pretoria"),
        ("Kinshasa banned cobalt exports for four months.", "country:COD", "Kinshasa"),
        ("Washington said it would respond.", "country:USA", "Washington"),
    ],
)
def test_capital_acting_as_government_links_to_its_country(
    link, text: str, key: str, name: str
) -> None:
    ents = link(text)
    assert (ents[key].type, mentions(ents[key])) == ("COUNTRY", [name])
    assert not any(k.startswith("location:") for k in ents)


@pytest.mark.parametrize(
    ("text", "key", "name"),
    [
        ("The U.S. imposed new sanctions against Moscow on Friday.", "country:RUS", "Moscow"),
        ("Washington sought no confrontation with Tehran, he said.", "country:IRN", "Tehran"),
        ("He accuses Beijing of failing to stop the sales.", "country:CHN", "Beijing"),
        ("The EU pressed Tokyo to reopen its market.", "country:JPN", "Tokyo"),
    ],
)
def test_capital_dealt_with_as_a_state_links_to_its_country(
    link, text: str, key: str, name: str
) -> None:
    ents = link(text)
    assert (ents[key].type, mentions(ents[key])) == ("COUNTRY", [name])


def test_coordinated_capitals_both_act(link) -> None:
    ents = link("Tokyo and Seoul said they would coordinate export controls.")
    assert mentions(ents["country:JPN"]) == ["Tokyo"]
    assert mentions(ents["country:KOR"]) == ["Seoul"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("He flew to Beijing on Monday.", "location:beijing"),
        ("Talks in Tokyo ended without a deal.", "location:tokyo"),
        ("Beijing's factories slowed in May.", "location:beijing"),
        ("The Moscow office opened a week ago.", "location:moscow"),
    ],
)
def test_capital_as_a_place_stays_a_location(link, text: str, key: str) -> None:
    ent = link(text)[key]
    assert ent.type == "LOCATION"


def test_place_tagged_org_by_ner_keeps_its_kb_type(link) -> None:
    # the small NER model tags Canberra and Kinshasa ORG in these sentences
    ents = link("Canberra hosted the talks and Kinshasa hosted the next round.")
    assert ents["location:canberra"].type == "LOCATION"
    assert ents["location:kinshasa"].type == "LOCATION"
    # NER tags "The Hunan Government" ORG; the KB knows Hunan as a province
    ents = link("The Hunan Government approved the mine.")
    assert list(ents) == ["location:hunan"]


def test_legal_form_prefix_makes_a_company_not_a_person(link) -> None:
    ents = link(
        "The plant is being built by a joint venture between Indonesian miner "
        "PT Tanah Merah Mineral and the Japanese trading house Mizuhara Corporation."
    )
    types = {e.name: e.type for e in ents.values()}
    assert types.get("Tanah Merah Mineral") == "ORG"
    assert "PERSON" not in types.values()


@pytest.mark.parametrize(
    "text",
    [
        "Oil rose after the Organization of Petroleum Exporting Countries agreed to cut output. "
        "OPEC ministers meet in Vienna next week.",
        "The Organization of Petroleum Exporting Countries (OPEC) agreed to cut output.",
        "OPEC agreed to cut output, the Organisation of the Petroleum Exporting Countries said.",
    ],
)
def test_one_organisation_gets_one_key_whatever_the_spelling(link, text: str) -> None:
    orgs = [key for key, ent in link(text).items() if ent.type == "ORG"]
    assert orgs == ["org:opec"]
