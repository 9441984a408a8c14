"""Facts read in a sixth round: wire deal headlines with tickers, firms bought whose
description names other firms or things, and the past figures a forecast sentence states.

The sentences are written for these tests, in the style of 1980s wire copy; none is taken
from a corpus.
"""

from __future__ import annotations

from typing import Any

from test_facts_recall import deals, names, of_type

# ------------------------------------------------------------------ what is bought


def test_a_firm_bought_stays_a_firm_whatever_its_relative_clause_supplies(extract: Any) -> None:
    text = (
        "Deal.\n\nTalmor Systems Inc said it has agreed to buy Quillfeather Corp, which "
        "makes office supplies for auto dealers."
    )
    assert deals(extract(text)) == [(["Talmor Systems"], ["Quillfeather"])]
    # the output of a plant is still goods, not a firm
    output = "Deal.\n\nBrandt Metals Inc said it agreed to buy 65 pct of the plant's output."
    assert deals(extract(output)) == []


def test_the_firm_named_before_acquisition_is_bought_by_the_subject(extract: Any) -> None:
    text = "Deal.\n\nKelvaro Inc said it completed the Dornlake Co acquisition on Friday."
    assert deals(extract(text)) == [(["Kelvaro"], ["Dornlake"])]


def test_a_parent_or_a_country_in_an_apposition_is_not_bought(extract: Any) -> None:
    parent = (
        "Deal.\n\nSorrel Corp said it agreed to buy a 34 pct interest in Paris-based Vantine "
        "S.A., a subsidiary of Orlac S.A., for about 84 mln dlrs."
    )
    assert deals(extract(parent)) == [(["Sorrel"], ["Vantine"])]
    country = (
        "Deal.\n\nSeal Inc said it acquired Ademco Ltd, a United Kingdom company which "
        "distributes mounting and laminating equipment and supplies, for 2.6 mln dlrs."
    )
    assert deals(extract(country)) == [(["Seal"], ["Ademco"])]


def test_a_headline_reads_past_the_tickers_after_its_names(extract: Any) -> None:
    text = (
        "KELVARO <KLV> COMPLETES DORNLAKE<DRN> PURCHASE\n\n"
        "Kelvaro Inc said its shareholders and those of Dornlake Co approved a merger of the "
        "two companies at special meetings. Kelvaro said the merger becomes effective April 14."
    )
    assert deals(extract(text)) == [(["Kelvaro"], ["Dornlake"])]


def test_a_plants_owner_named_with_its_ticker_is_one_owner(extract: Any) -> None:
    text = (
        "MARVELL POWER <MARVELL> REACTOR SHUT DOWN\n\n"
        "Marvell Power Co said its Oldbury nuclear reactor was shut down on Monday."
    )
    owners = [names(f["actors"]) for f in of_type(extract(text), "capacity")]
    assert owners and all(o == ["Marvell Power"] for o in owners)


# ------------------------------------------------------------------ forecasts


def _figures(facts: Any) -> list[tuple[str, float]]:
    return [(names(f["actor"])[0], f["value"]["value"]) for f in of_type(facts, "production")]


def test_a_forecast_states_the_past_seasons_it_is_compared_with(extract: Any) -> None:
    text = (
        "THAI SOYBEAN IMPORTS FORECAST TO RISE\n\n"
        "Thailand's soybean imports are forecast to rise to 425,000 tonnes in 1987/88 "
        "(October/September) from an estimated 300,000 in 1986/87 and 375,000 tonnes in "
        "1985/86, the agriculture ministry said."
    )
    assert _figures(extract(text)) == [("Thailand", 300_000), ("Thailand", 375_000)]


def test_the_current_years_estimate_beside_a_forecast_is_stated(extract: Any) -> None:
    text = (
        "THAI SOYBEAN CROP FORECAST\n\n"
        "Thailand's soybean production is forecast to rise to 1.08 mln tonnes in 1987/88 from "
        "980,000 in the current year and 890,000 in 1985/86, the Thai ministry said."
    )
    assert _figures(extract(text)) == [("Thailand", 980_000), ("Thailand", 890_000)]
    # a forecast's next step is no past figure
    steps = (
        "THAI SOYBEAN CROP FORECAST\n\nThailand's soybean output will reach 1.34 mln tonnes "
        "in 1987 and 1.36 mln in 1988, the Thai ministry said."
    )
    assert _figures(extract(steps)) == []


def test_an_embassy_reports_on_its_host_country(extract: Any) -> None:
    text = (
        "THAI SOYBEAN IMPORTS FORECAST TO RISE\n\n"
        "Soybean meal imports are forecast to fall to 190,000 tonnes in 1987/88 from 270,000 "
        "tonnes in 1986/87, the U.S. Embassy said in its annual report on Thailand's "
        "agriculture."
    )
    assert _figures(extract(text)) == [("Thailand", 270_000)]


def test_the_headlines_deal_takes_the_sum_the_body_gives(extract: Any) -> None:
    text = (
        "SEAL <SINC> ACQUIRES ADEMCO LTD\n\n"
        "Seal Inc said it acquired Ademco Ltd, a maker of laminating equipment, for a "
        "combination of cash and stock valued at 2.6 mln dlrs."
    )
    deals = of_type(extract(text), "investment")
    assert [(names(d["investor"]), names(d["target"])) for d in deals] == [(["Seal"], ["Ademco"])]
    assert deals[0]["amount"] == {"value": 2.6e6, "currency": "USD"}


def test_oil_or_support_lent_is_no_investment(extract: Any) -> None:
    for text in (
        "Oil.\n\nVenezuela will lend 50,000 barrels of crude oil to Ecuador for export.",
        "Aid.\n\nJapan said it would lend its support to Indonesia's reform plan.",
    ):
        assert deals(extract(text)) == []
    money = "Loan.\n\nJapan agreed to lend 500 mln dlrs to Indonesia."
    assert deals(extract(money)) == [(["Japan"], ["Indonesia"])]


def test_a_system_sold_to_a_country_is_wares(extract: Any) -> None:
    text = (
        "PLESSEY TO SELL TELEPHONE SYSTEM TO COLOMBIA\n\n"
        "Plessey Co Plc said it will sell a digital telephone system to Colombia for 40 mln "
        "stg under a contract signed in Bogota."
    )
    assert deals(extract(text)) == []


def test_a_bracketed_firm_keeps_its_place_as_subject(extract: Any) -> None:
    text = (
        "Deal.\n\nNova, the Canadian company that owns 56 pct of Husky Oil Ltd, said it received "
        "approval for a transaction under which <Union Faith Canada Holding Ltd> would buy a "
        "43 pct stake in Husky."
    )
    deals = of_type(extract(text), "investment")
    assert [(names(d["investor"]), names(d["target"])) for d in deals] == [
        (["Union Faith Canada Holding"], ["Husky Oil"])
    ]
    assert deals[0]["stake_percent"] == 43.0  # the stake bought, not the one held


# ------------------------------------------------------------------ deals that are purchases


def _agreements(facts: Any) -> list[list[str]]:
    return [sorted(names(f["parties"])) for f in of_type(facts, "agreement")]


def test_an_agreement_signed_to_buy_or_lend_is_no_agreement(extract: Any) -> None:
    for text in (
        "Deal.\n\nOak Industries Inc said it signed a definitive agreement with Rexnord Inc to "
        "buy the stock of its Railway Equipment Co unit.",
        "Deal.\n\nDelmar Corp and <Kerrow Reserve Inc> said they signed a definitive agreement "
        "under which Kerrow will buy 81.9 mln shares, or 51 pct, of Delmar's common stock.",
        "Loan.\n\nNV Vandermeer Gasbedrijf of the Netherlands has signed a 3.28 billion yen "
        "bullet loan agreement, arranger Mitsubishi Bank (Europe) SA said.",
    ):
        assert _agreements(extract(text)) == [], text
    goods = "Copper.\n\nChile and Peru signed an agreement to sell copper jointly."
    assert _agreements(extract(goods)) == [["Chile", "Peru"]]


def test_a_firms_short_name_ending_like_a_nationality_still_buys(extract: Any) -> None:
    text = (
        "Deal.\n\nDelmar Corp and <Meridian Reserve Inc> said they signed a definitive "
        "agreement under which Meridian will buy 81.9 mln shares, or 51 pct, of Delmar's "
        "common stock."
    )
    assert deals(extract(text)) == [(["Meridian Reserve"], ["Delmar"])]


# ------------------------------------------------------------------ who "it" is


def test_the_company_of_a_new_sentence_is_the_last_sentences_subject(extract: Any) -> None:
    text = (
        "HALLORAN SETS IDAHO GOLD MINE CONSTRUCTION\n\n"
        "Halloran Resources Ltd said following receipt of a feasibility study from Raytheon "
        "Co's Stearns Catalytic unit it will build its Sunbeam Mine in Idaho. The company said "
        "the study found proven ore reserves of 3,302,000 short tons grading 0.077 ounce of "
        "gold per ton."
    )
    actors = [names(f["actor"]) for f in of_type(extract(text), "production")]
    assert actors == [["Halloran Resources"]]


def test_a_speaker_named_last_goes_on_speaking(extract: Any) -> None:
    text = (
        "Contract.\n\nThe Grumman Space Systems division of Grumman Corp is being awarded a "
        "303.9 mln dlr Air Force contract, the Defense Department said. It said it awarded "
        "Lockheed Corp a similar contract for 250 mln dlrs."
    )
    parties = [sorted(names(f["parties"])) for f in of_type(extract(text), "agreement")]
    assert parties == [
        ["Air Force", "Grumman Space Systems"],
        ["Lockheed Martin", "U.S. Department of Defense"],
    ]


def test_an_agency_estimating_another_states_output_is_no_producer(extract: Any) -> None:
    text = (
        "USDA ESTIMATES EUROPEAN COMMUNITY CROPS\n\n"
        "The U.S. Agriculture Department forecast the European Community's 1986/87 wheat crop "
        "at 71.60 mln tonnes, vs 71.50 mln tonnes last month. It estimated 1985/86 output at "
        "71.70 mln tonnes, vs 71.71 mln last month."
    )
    assert _figures(extract(text)) == [("European Community", 71_700_000)]
    own = (
        "JAPAN'S SUGAR CANE OUTPUT SEEN FALLING\n\nAn Agriculture Ministry survey has "
        "estimated the nation's 1986/87 crop sugar cane output at 2.14 mln tonnes, down from "
        "2.62 mln a year earlier."
    )
    assert _figures(extract(own)) == [("Japan", 2_140_000), ("Japan", 2_620_000)]


def test_a_survey_saying_a_countrys_output_is_no_producer(extract: Any) -> None:
    text = (
        "OPEC OUTPUT RISES - MEES\n\nThe Middle East Economic Survey said OPEC output rose in "
        "April. It said Iranian production had risen by 500,000 bpd this month to 2.3 mln bpd."
    )
    assert _figures(extract(text)) == [("Iran", 2_300_000)]


def test_a_group_later_told_by_one_member_is_one_purchase(extract: Any) -> None:
    text = (
        "GROUP UPS STAKE IN TANDY BRANDS\n\n"
        "A group of companies including Chicago-based Coronet Insurance Co and Sunstates Corp "
        "said it raised its stake in Tandy Brands Inc to 175,900 shares, or 6.9 pct of the "
        "total. In a filing with the Securities and Exchange Commission, the group said it "
        "bought 43,600 Tandy common shares for 633,333 dlrs."
    )
    deals = of_type(extract(text), "investment")
    assert len(deals) == 1
    assert sorted(names(deals[0]["investor"])) == ["Coronet Insurance", "Sunstates"]
    assert deals[0]["amount"] == {"value": 633_333, "currency": "USD"}


def test_looking_for_investments_is_no_investment(extract: Any) -> None:
    text = (
        "Adsteam.\n\nAdelaide Steamship Co Ltd said it was continuing to look for investment "
        "opportunities in Australia and Britain."
    )
    assert deals(extract(text)) == []


def test_it_is_the_first_state_or_firm_of_the_last_sentence(extract: Any) -> None:
    text = (
        "ECUADOR OIL\n\nFinancially pressed Ecuador, a member of the Organisation of Petroleum "
        "Exporting Countries (OPEC), was recently pumping about 260,000 barrels per day of "
        "crude, an Energy Ministry spokesman said. Last year, it exported an average of "
        "173,500 bpd, according to the central bank."
    )
    assert _figures(extract(text)) == [("Ecuador", 260_000), ("Ecuador", 173_500)]


def test_an_embassys_estimate_is_its_host_countrys_figure(extract: Any) -> None:
    text = (
        "THAI SUGAR OUTPUT FORECAST TO RISE\n\n"
        "Thailand's sugar output is forecast to rise to 2.5 mln tonnes in 1987, the U.S. "
        "Embassy said in its annual report. It estimated 1986 production at 1.8 mln tonnes."
    )
    assert _figures(extract(text)) == [("Thailand", 1_800_000)]


# ------------------------------------------------------------------ vows


def test_a_leaders_vow_stands_whatever_investors_hope_of_it(extract: Any) -> None:
    text = (
        "Markets.\n\nInvestors were holding out hope that Trump would soften his vow to impose "
        "a tariff of 25% on imported steel and 10% on aluminum. The United States buys steel "
        "from Canada."
    )
    measures = [
        (names(f["actor"]), f["rate_percent"], f["action"])
        for f in of_type(extract(text), "trade_measure")
    ]
    assert measures == [
        (["United States"], 25.0, "threatened"),
        (["United States"], 10.0, "threatened"),
    ]
    # without the vow, the hope is only a hope
    hoped = (
        "Markets.\n\nInvestors hoped that Trump would impose a tariff of 25% on imported steel. "
        "The United States buys steel from Canada."
    )
    assert of_type(extract(hoped), "trade_measure") == []


def test_we_is_the_speakers_side_and_they_the_nearest_name(extract: Any) -> None:
    crop = (
        "COFFEE QUOTAS\n\nDauster said Brazil's role when the International Coffee "
        'Organisation (ICO) meets in London will be to defend its market share. "This year we '
        'have a crop of 35 mln bags," he said.'
    )
    assert _figures(extract(crop)) == [("Brazil", 35_000_000)]
    sanctions = (
        "Cyber.\n\nThe White House is considering a response to the cyberattack on Sony "
        "Pictures. They say the attack was launched from inside North Korea. The North Koreans "
        "went into Sony because they didn't like a movie. And suddenly the Obama "
        "administration had a debate. What do we do in retaliation? Well, the answer was they "
        "put a few sanctions on the North Koreans."
    )
    # "they" is the United States here, which the sentences do not name: assay finds no
    # sanction, rather than one by North Korea, the first name of the sentence before
    assert of_type(extract(sanctions), "sanction") == []


def test_a_headlines_name_before_to_is_who_acts(extract: Any) -> None:
    text = (
        "HALVERSEN TO INCREASE STAKE IN CORVILLE <CVL>\n\n"
        "Corville Co said <Halversen KGaA> told it that it would keep its board seat. "
        "Halversen said it holds a note convertible into shares."
    )
    assert deals(extract(text)) == [(["Halversen"], ["Corville"])]


def test_a_firms_home_town_or_country_is_no_party(extract: Any) -> None:
    text = (
        "Deal.\n\nCNN also said it reached an agreement with Televerket Kabel TV of Sweden to "
        "broadcast news on its cable TV network."
    )
    assert _agreements(extract(text)) == [["CNN", "Televerket Kabel TV"]]
    loan = (
        "Loan.\n\nChase Manhattan Asia Ltd of Hong Kong agreed to lend 300 mln dlrs to Indonesia."
    )
    assert deals(extract(loan)) == [(["Chase Manhattan Asia"], ["Indonesia"])]


def test_agreeing_to_sell_a_plant_is_a_sale_not_an_agreement() -> None:
    from assay.enrich.facts.rules.not_deals import ownership_deal
    from assay.enrich.nlp import load_parser

    parser = load_parser()

    def agreed(text: str) -> bool:
        doc = parser(text)
        return ownership_deal(next(t for t in doc if t.lower_.startswith("agree")))

    assert agreed(
        "Commonwealth Aluminium Corp said it has conditionally agreed to sell its Goldendale "
        "smelter in Washington to Columbia Aluminium Corp."
    )
    assert agreed("Sterling Group said it has agreed to acquire PPG's ethylene business.")
    assert agreed("Alcan said it agreed to sell its aluminium smelter to Columbia Aluminium.")
    assert not agreed("Codelco agreed to supply 20,000 tonnes of copper a year to Furukawa.")
    assert not agreed("Chile and Peru agreed to sell copper jointly.")
