"""Facts and names read in a seventh round: currencies that name no country, headlines that
shorten a firm to its first word, securities that stand for a stake, "it" after a clause
that names another subject, and figures that are bought, halted or cut off rather than a
plant's capacity or output.

The sentences are written for these tests, in the style of 1980s wire copy; none is taken
from a corpus.
"""

from __future__ import annotations

from typing import Any

from test_entities import mentions
from test_facts_recall import deals, names, of_type

from assay.enrich.entities.companies import owners_units
from assay.enrich.entities.spans import Cand, TokenView
from assay.enrich.nlp import load_nlp

# ------------------------------------------------------------------ names


def test_a_currency_names_no_country(link: Any) -> None:
    ents = link(
        "Dornlake Mining Corp said the mine will cost 140 Canadian dlrs a ton to run and pays "
        "off with gold at 380 U.S. dlrs an ounce, while the Australian dollar fell against "
        "West German marks."
    )
    countries = sorted(k for k in ents if k.startswith("country:"))
    assert countries == []
    # a country that only looks like a currency's first word still acts
    acting = link("South Korea won the contract and Japan marks the anniversary in Osaka.")
    assert sorted(k for k in acting if k.startswith("country:")) == [
        "country:JPN",
        "country:KOR",
    ]


def test_the_ec_commission_is_the_commission_not_the_community(link: Any) -> None:
    ents = link(
        "EC TO ACT ON MAIZE\n\nThe EC Commission will ask member states to cut maize levies, "
        "an EC official said."
    )
    assert mentions(ents["org:european-commission"]) == ["EC Commission"]
    assert mentions(ents["org:european-community"]) == ["EC", "EC"]


def test_more_capitals_act_for_their_states(link: Any) -> None:
    ents = link("Pyongyang rejected the proposal, and Damascus condemned the talks in Baghdad.")
    assert mentions(ents["country:PRK"]) == ["Pyongyang"]
    assert mentions(ents["country:SYR"]) == ["Damascus"]
    assert ents["location:baghdad"].type == "LOCATION"  # "in Baghdad": the city


def test_the_agency_told_is_not_part_of_the_next_subject(link: Any) -> None:
    ents = link(
        "An official told Reuters Taiwan would cut tariffs, and another told Reuters "
        "Congress would vote in May."
    )
    assert mentions(ents["org:reuters"]) == ["Reuters", "Reuters"]
    assert mentions(ents["country:TWN"]) == ["Taiwan"]
    assert not [e for e in ents.values() if e.name.startswith("Reuters ")]


def test_a_named_persons_surname_and_a_firm_are_two_entities(link: Any) -> None:
    ents = link(
        "Investor Carl Harwell raised his stake again. Harwell and Lakeshore Financial Corp, "
        "an investment firm he runs, bought 150,000 more shares."
    )
    assert mentions(ents["person:carl-harwell"]) == ["Carl Harwell", "Harwell"]
    assert mentions(ents["org:lakeshore-financial"]) == ["Lakeshore Financial Corp"]
    # a firm named for two founders nobody else in the story is called stays one firm
    firm = link("Harlowe and Vantine Corp said it bought 278,000 shares.")
    assert [e.type for e in firm.values()] == ["ORG"]


def test_a_firm_name_with_an_apostrophe_n_is_one_name(link: Any) -> None:
    ents = link("Harlowe said it bought 9.9 pct of Shop 'n Save Stores Inc last week.")
    assert [(e.name, mentions(e)) for e in ents.values() if e.type == "ORG"] == [
        ("Shop 'n Save Stores", ["Shop 'n Save Stores Inc"])
    ]


def test_a_headline_shortens_a_firm_to_its_first_word(link: Any) -> None:
    text = (
        "HARLOWE TRUST <HAR> COMPLETES KESTREN PURCHASE\n\n"
        "Harlowe Trust PLC said shareholders of Kestren Cement voted for the merger."
    )
    ents = link(text)
    kestren = next(e for e in ents.values() if e.name == "Kestren Cement")
    assert mentions(kestren) == ["KESTREN", "Kestren Cement"]
    # "GULF/WESTERN" is one name written with a slash, not a firm's first word
    joined = link(
        "ORBIS, GULF/WESTERN IN DEAL\n\nOrbis Communications said it joined a venture "
        "with Western Entertainment Group."
    )
    western = next(e for e in joined.values() if e.name == "Western Entertainment Group")
    assert mentions(western) == ["Western Entertainment Group"]


def test_the_headline_short_name_makes_the_purchase(extract: Any) -> None:
    text = (
        "HARLOWE TRUST <HAR> COMPLETES KESTREN PURCHASE\n\n"
        "Harlowe Trust PLC said Kestren Cement shareholders approved the merger that makes "
        "Kestren Cement a wholly owned unit of Harlowe Trust."
    )
    assert deals(extract(text)) == [(["Harlowe Trust"], ["Kestren Cement"])]


# ------------------------------------------------------------------ stakes


def test_securities_that_stand_for_a_stake_name_the_firm_bought(extract: Any) -> None:
    interest = (
        "Deal.\n\nTalmor Systems Inc said it will acquire newly issued stock representing a "
        "12 pct interest in Quillfeather Inc, a maker of enzymes."
    )
    assert deals(extract(interest)) == [(["Talmor Systems"], ["Quillfeather"])]
    shares = (
        "Deal.\n\nBrandt Holdings Inc said its Brandt Investors Inc unit bought preferred "
        "stock and warrants representing 250,000 shares of Vantine Inc."
    )
    assert deals(extract(shares)) == [(["Brandt Investors"], ["Vantine"])]


# ------------------------------------------------------------------ "it"


def test_it_is_the_subject_above_the_clause_that_names_another(extract: Any) -> None:
    text = (
        "Duties.\n\nOfficials said that when Canada finds that Brazil has stopped dumping "
        "steel it will lift the duties it imposed on Brazilian steel."
    )
    measures = of_type(extract(text), "trade_measure")
    assert [(names(f["actor"]), names(f["target"]), f["action"]) for f in measures] == [
        (["Canada"], ["Brazil"], "lifted")
    ]


# ------------------------------------------------------------------ not a plant's figure


def test_a_yearly_tonnage_bought_from_a_refinery_is_no_capacity(extract: Any) -> None:
    text = (
        "Alumina.\n\nA Swedish trading house has agreed to buy 80,000 tonnes of alumina a "
        "year from a new refinery in Orissa that is due to open next year, an official "
        "said."
    )
    assert of_type(extract(text), "capacity") == []
    own = (
        "Alumina.\n\nBrandt Metals Inc said its new refinery in Orissa will have a capacity "
        "of 800,000 tonnes of alumina a year."
    )
    assert [names(f["actors"]) for f in of_type(extract(own), "capacity")] == [["Brandt Metals"]]


def test_a_flow_that_stopped_is_neither_output_nor_capacity(extract: Any) -> None:
    text = (
        "Pipeline.\n\nKarstan Oil said rebels blew up its export pipeline, and pumping of "
        "90,000 barrels per day was halted."
    )
    facts = extract(text)
    assert of_type(facts, "production") == []
    assert of_type(facts, "capacity") == []
    running = "Output.\n\nKarstan Oil said its fields pumped 170,000 barrels per day in May."
    assert [f["value"]["value"] for f in of_type(extract(running), "production")] == [170000]


def test_supplies_cut_off_from_a_mine_do_not_close_it(extract: Any) -> None:
    cut = "Bauxite.\n\nFighting shut off ore supplies from Brandt Metals' mine at Kestrel Hill."
    assert of_type(extract(cut), "capacity") == []
    building = "Bauxite.\n\nBrandt Metals Inc began construction of its Moengo mine."
    assert [(names(f["actors"]), f["status"]) for f in of_type(extract(building), "capacity")] == [
        (["Brandt Metals"], "under-construction")
    ]
    platform = (
        "Platform.\n\nBrandt Oil Inc said it has begun the installation of an oil "
        "drilling platform, called Platform Hilda, in the Tarpon field."
    )
    assert [f["status"] for f in of_type(extract(platform), "capacity")] == ["under-construction"]


def test_a_unit_named_after_an_owner_with_a_legal_form_is_two_firms() -> None:
    # the small model reads "TRW Inc's TRW Components International Inc" as one name; the
    # owner's legal form says it is a firm even when the story names it nowhere else
    doc = load_nlp()("Harlowe Inc's Harlowe Components International Inc unit set a pact.")
    view = TokenView.of(doc)
    whole = Cand(0, 7, "org:x", "ORG", "Harlowe Inc's Harlowe Components International", "ner")
    parts = owners_units(view, [whole], lambda _: None)
    assert [(" ".join(view.text[c.start : c.end]), c.name) for c in parts] == [
        ("Harlowe Inc", "Harlowe"),
        ("Harlowe Components International Inc", "Harlowe Components International"),
    ]
    # without a form, an owner unknown and named nowhere else stays part of the name
    plain = load_nlp()("Harlowe's Components International Inc unit set a pact.")
    one = Cand(0, 5, "org:y", "ORG", "Harlowe's Components International", "ner")
    assert owners_units(TokenView.of(plain), [one], lambda _: None) == [one]


def test_a_decision_only_asked_for_makes_no_measure(extract: Any) -> None:
    asked = (
        "Maize.\n\nThe European Commission asked member states to agree to impose tariffs "
        "on U.S. maize."
    )
    assert of_type(extract(asked), "trade_measure") == []
    urged = "Maize.\n\nThe European Commission urged Spain to approve tariffs on U.S. maize."
    assert of_type(extract(urged), "trade_measure") == []
    decided = "Maize.\n\nThe European Community agreed to impose tariffs on U.S. maize."
    measures = of_type(extract(decided), "trade_measure")
    assert [(names(f["actor"]), names(f["target"]), f["action"]) for f in measures] == [
        (["European Community"], ["United States"], "imposed")
    ]


# ------------------------------------------------------------------ leaders


def test_his_administration_is_the_state_of_the_leader_his_stands_for(extract: Any) -> None:
    head = "South Korean president praises Trump\n\n"
    trump = (
        "South Korean President Moon Jae-in praised the United States. President Trump "
        "spoke on Monday. His administration imposed sanctions on North Korea last year."
    )
    sanctions = of_type(extract(head + trump), "sanction")
    assert [(names(f["actor"]), names(f["target"])) for f in sanctions] == [
        (["United States"], ["North Korea"])
    ]
    # a family name written first ("Moon Jae-in") still names the leader
    moon = (
        "South Korean President Moon Jae-in praised the United States. Moon spoke on "
        "Monday. His government imposed sanctions on North Korea last year."
    )
    sanctions = of_type(extract(head + moon), "sanction")
    assert [(names(f["actor"]), names(f["target"])) for f in sanctions] == [
        (["South Korea"], ["North Korea"])
    ]


def test_sanctions_inside_a_clause_are_imposed_by_the_subject_above_it(extract: Any) -> None:
    text = (
        "South Korean president praises Trump\n\n"
        "South Korean President Moon Jae-in praised the United States and President Trump. "
        "Trump has put what aides describe as the toughest sanctions ever on North Korea."
    )
    sanctions = of_type(extract(text), "sanction")
    assert [(names(f["actor"]), names(f["target"])) for f in sanctions] == [
        (["United States"], ["North Korea"])
    ]


def test_they_stands_for_all_the_names_written_together(extract: Any) -> None:
    text = (
        "Pact.\n\nHarlowe Mining Corp and Vantine Resources Ltd met on Monday. They signed an "
        "agreement to develop a gold mine in Nevada."
    )
    agreements = of_type(extract(text), "agreement")
    assert [names(f["parties"]) for f in agreements] == [["Harlowe Mining", "Vantine Resources"]]
    # "it" stays the one name
    one = (
        "Pact.\n\nHarlowe Mining Corp and Vantine Resources Ltd met on Monday. It signed an "
        "agreement with Brandt Metals Inc to develop a gold mine in Nevada."
    )
    agreements = of_type(extract(one), "agreement")
    assert [names(f["parties"]) for f in agreements] == [["Harlowe Mining", "Brandt Metals"]]


def test_a_deal_whose_other_side_is_unnamed_takes_no_side_from_the_speaker(extract: Any) -> None:
    text = (
        "Video.\n\nHarlowe Drilling Co said its unit, Harlowe Leisure, signed a partnership "
        "agreement with a group of private investors to run three bowling alleys in Ohio."
    )
    assert of_type(extract(text), "agreement") == []
    named = (
        "Video.\n\nHarlowe Drilling Co said its unit, Harlowe Leisure, signed a partnership "
        "agreement with Vantine Resources Ltd to run three bowling alleys in Ohio."
    )
    agreements = of_type(extract(named), "agreement")
    assert [names(f["parties"]) for f in agreements] == [["Harlowe Leisure", "Vantine Resources"]]


def test_a_wire_ticker_alone_is_no_organisation(link: Any) -> None:
    ents = link(
        "TEXACO GAS FIND IN IRISH SEA\n\nA gas discovery reported by Texaco Inc's <TX> "
        "Texaco Britain Ltd could point to a large field, brokers said."
    )
    assert "org:tx" not in ents
    assert [m.text for m in ents["org:texaco"].mentions] == ["TEXACO", "Texaco Inc"]


def test_a_yearly_capacity_written_before_its_figure(extract: Any) -> None:
    text = (
        "Gold.\n\nHarlowe Mining Ltd said annual ore capacity at the Kestrel mine will be "
        "close to 600,000 tonnes."
    )
    assert [
        (names(f["actors"]), f["amount"], f["status"]) for f in of_type(extract(text), "capacity")
    ] == [(["Harlowe Mining"], {"value": 600000.0, "unit": "t/yr"}, "planned")]
    # tonnes without a yearly word are no rate
    plain = "Gold.\n\nHarlowe Mining Ltd said ore reserves at the Kestrel mine are 750,000 tonnes."
    assert of_type(extract(plain), "capacity") == []


# ------------------------------------------------------------------ planned rates


def test_a_rate_a_venture_or_project_is_to_produce_is_planned_capacity(extract: Any) -> None:
    venture = (
        "Rubber.\n\nHarlowe Rubber Co Ltd has set up a joint venture with Vantine Trading "
        "Corp to produce 40,000 tonnes of crepe rubber annually for sale in Japan."
    )
    facts = extract(venture)
    assert [(names(f["actors"]), f["amount"], f["status"]) for f in of_type(facts, "capacity")] == [
        (["Harlowe Rubber", "Vantine Trading"], {"value": 40000.0, "unit": "t/yr"}, "planned")
    ]
    scheduled = (
        "Gold.\n\nHarlowe Mining Ltd said gold production at the Kestrel project, at an annual "
        "rate of 60,000 ounces, is scheduled to begin in late 1988."
    )
    facts = extract(scheduled)
    assert of_type(facts, "production") == []
    assert [(names(f["actors"]), f["amount"]) for f in of_type(facts, "capacity")] == [
        (["Harlowe Mining"], {"value": 60000.0, "unit": "oz/yr"})
    ]
    # a country's forecast output for a period stays a forecast
    forecast = "Oil.\n\nSaudi Arabia's output from its fields is expected to average 4.5 mln bpd."
    facts = extract(forecast)
    assert of_type(facts, "capacity") == []


def test_a_countrys_cut_of_its_import_tariffs_over_a_range_of_goods(extract: Any) -> None:
    text = (
        "TAIWAN TARIFFS\n\nTaiwan's surplus with the United States grew. A minister said "
        "Taiwan will cut import tariffs on 900 items in July."
    )
    measures = of_type(extract(text), "trade_measure")
    assert [(names(f["actor"]), f["target"], f["action"]) for f in measures] == [
        (["Taiwan"], None, "lowered")
    ]
