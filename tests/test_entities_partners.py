"""Firms named after their partners ("X, Y and Co"), as wire copy writes brokerages and
investment banks: one organisation each, not surnames taken for places or people; and a name
the model types differently from one sentence to the next: one entity."""

from __future__ import annotations

from test_entities import mentions, orgs
from test_facts_recall import deals


def test_a_partnership_with_a_legal_form_at_a_sentence_start_is_one_firm(link) -> None:
    ents = link(
        "Brindle, Quarrington and Co Inc said it bought 5 pct of Ardmore Tool Co.\n\n"
        "Halvey, Mossop and Co was the dealer manager."
    )
    assert orgs(ents) == ["Ardmore Tool", "Brindle, Quarrington", "Halvey, Mossop"]
    assert mentions(ents["org:brindle-quarrington"]) == ["Brindle, Quarrington and Co Inc"]


def test_a_partnership_of_several_partners_after_a_lower_case_word(link) -> None:
    ents = link(
        "The shares were placed by Orrick Tavish, Pelloe, Ganner and Smale Inc, the adviser said."
    )
    assert orgs(ents) == ["Orrick Tavish, Pelloe, Ganner and Smale"]


def test_a_partnership_without_a_legal_form_needs_an_apposition(link) -> None:
    text = (
        "Pike, Reedham and Cawley, a New York brokerage partnership, said it has acquired "
        "136,300 shares of Ardmore Tool Co, or 7.1 pct of the total outstanding.\n\n"
        "In a filing with the Securities and Exchange Commission, Pike Reedham said it "
        "bought the stake as part of its normal trading activities."
    )
    ents = link(text)
    firm = ents["org:pike-reedham-and-cawley"]
    assert firm.name == "Pike, Reedham and Cawley"
    assert mentions(firm) == ["Pike, Reedham and Cawley", "Pike Reedham"]
    assert not [e for e in ents.values() if e.type == "LOCATION" and e.name != "New York"]


def test_the_partnership_is_the_investor(extract) -> None:
    facts = extract(
        "Pike, Reedham and Cawley, a New York brokerage partnership, said it has acquired "
        "a 7.1 pct stake in Ardmore Tool Co."
    )
    assert deals(facts) == [(["Pike, Reedham and Cawley"], ["Ardmore Tool"])]


def test_lists_of_places_firms_and_openers_stay_apart(link) -> None:
    ents = link(
        "Meanwhile, Jarrow and Co said it agreed to the terms.\n\n"
        "France, Italy and Canada, the three partners, met in Rome.\n\n"
        "Lynas, Iluka and Arafura, the Australian group of miners, reported output.\n\n"
        "Lenders including Chemical Bank, Morgan Guaranty Trust Co of New York and others "
        "signed."
    )
    assert orgs(ents) == [
        "Arafura Rare Earths",
        "Chemical Bank",
        "Iluka Resources",
        "Jarrow",
        "Lynas Rare Earths",
        "Morgan Guaranty Trust Co of New York",
    ]
    assert {"country:FRA", "country:ITA", "country:CAN"} <= set(ents)


def test_a_name_tagged_firm_and_person_in_one_story_is_one_entity(link) -> None:
    # the model calls the first "Lorrimer Crest" a person and the next two a firm
    text = (
        "Combustor said it expects further restructuring of core businesses -- particularly "
        "Lorrimer Crest -- this year. Combustor said the restructuring at Lorrimer Crest is "
        "expected to reduce losses. But it said improvement at Lorrimer Crest is expected to "
        "be offset."
    )
    ents = link(text)
    crest = [e for e in ents.values() if e.name == "Lorrimer Crest"]
    assert [(e.type, mentions(e)) for e in crest] == [("ORG", ["Lorrimer Crest"] * 3)]


def test_rating_agencies_and_wall_street_houses_link_to_the_kb(link) -> None:
    # the share index named after the agency is not a mention of it
    ents = link(
        "Standard and Poor's Corp said it cut Ardmore Tool Co's debt, and Moody's Investors "
        "Service Inc said it may follow. Goldman, Sachs and Co and Kidder, Peabody and Co Inc "
        "were the dealers, with Merrill Lynch, Pierce, Fenner and Smith Inc. Later, S and P "
        "said the outlook was negative. The shares beat the Standard and Poor's 500 index."
    )
    assert sorted(k for k, e in ents.items() if e.type == "ORG") == [
        "org:ardmore-tool",
        "org:goldman-sachs",
        "org:kidder-peabody",
        "org:merrill-lynch",
        "org:moodys",
        "org:standard-and-poors",
    ]
    assert mentions(ents["org:standard-and-poors"]) == ["Standard and Poor's Corp", "S and P"]


def test_a_country_and_a_kind_word_before_a_firm_only_describe_it(extract, link) -> None:
    # the wire capitalises the word after "U.S.": "U.S. Firm <Ardmore Tool Co>"
    text = "The U.S. Firm Ardmore Tool Co bought a stake in Kestren Cement Inc."
    assert orgs(link(text)) == [
        "Ardmore Tool",
        "Kestren Cement",
    ]
    assert deals(extract(text)) == [(["Ardmore Tool"], ["Kestren Cement"])]
    assert deals(extract(text.replace("Firm", "firm"))) == [(["Ardmore Tool"], ["Kestren Cement"])]
    bracketed = "Harlowe Equity said it raised its stake in U.S. Firm <Kestren Cement Inc>."
    assert deals(extract(bracketed)) == [(["Harlowe Equity"], ["Kestren Cement"])]
