"""Facts read from unannotated dev text in a fifth round: the year-ago figures of weekly and
monthly wire statistics, and the comparisons that wire copy chains after a stated figure.

The sentences are written for these tests, in the style of 1980s wire copy; none is taken
from a corpus.
"""

from __future__ import annotations

from typing import Any

from test_facts_recall import names, of_type


def _figures(facts: list[dict[str, Any]]) -> list[tuple[float, int | None]]:
    return [(f["value"]["value"], f.get("year")) for f in of_type(facts, "production")]


def test_a_weeks_figure_gives_the_year_agos_but_not_the_week_befores(extract: Any) -> None:
    text = (
        "Coal.\n\nChilean output of steam coal in the week ended April 4 was estimated at "
        "12.40 mln short tons, off 2.1 pct from 12.66 mln in the previous week and vs "
        "13.02 mln a year earlier, the energy ministry said."
    )
    assert _figures(extract(text)) == [(12.4e6, None), (13.02e6, None)]


def test_a_months_figure_against_last_month_named_by_its_possessive(extract: Any) -> None:
    text = (
        "Gold.\n\nChile's gold exports totaled 143,200 ounces in March, vs February's 151,300 "
        "ounces and 122,900 ounces in March a year earlier."
    )
    assert _figures(extract(text)) == [(143_200, None), (122_900, None)]


def test_a_year_written_after_its_month_or_over_a_period(extract: Any) -> None:
    month = (
        "Copper.\n\nChile's imports of copper in March were 52,700 tonnes, vs 61,200 tonnes in "
        "February and 48,100 tonnes in March, 1985."
    )
    assert _figures(extract(month)) == [(52_700, None), (48_100, 1985)]
    period = (
        "Silver.\n\nChile's mine production of silver in the 12-month period Jan-Dec, 1986, "
        "totaled 1,951,000 ounces, vs 1,675,000 ounces over the same period in 1985."
    )
    assert _figures(extract(period)) == [(1_951_000, 1986), (1_675_000, 1985)]


# ------------------------------------------------------------------ stakes


def test_a_stake_the_story_discloses_is_bought(extract: Any) -> None:
    for text, investor, target in (
        (
            "Stake.\n\nKestrel Airways Inc said it owns more than three mln Harrow Air Group "
            "shares or about 12 pct of the total outstanding.",
            "Kestrel Airways",
            "Harrow Air Group",
        ),
        (
            "Tender.\n\nAfter the tender, Ostmark Metals Ltd now holds about 46 pct of Brandt "
            "Mining Corp.",
            "Ostmark Metals",
            "Brandt Mining",
        ),
    ):
        [bought] = of_type(extract(text), "investment")
        assert (names(bought["investor"]), names(bought["target"])) == ([investor], [target])
        assert bought["action"] == "acquired"
    for held in (
        # a holding told in passing, and holding no stake: talks, a mine, a seat
        "Results.\n\nOstmark Metals Ltd, which owns 20 pct of Brandt Mining Corp, said profit "
        "rose.",
        "Talks.\n\nOstmark Metals Ltd said it holds talks with Brandt Mining Corp.",
        "Mine.\n\nOstmark Metals Ltd said it owns the Kestrel copper mine in Chile.",
        "Board.\n\nOstmark Metals Ltd said it holds a board seat at Brandt Mining Corp.",
    ):
        assert not of_type(extract(held), "investment"), held


def test_a_group_that_buys_is_its_named_members(extract: Any) -> None:
    for text, investors in (
        (
            "Stake.\n\nA group of firms led by Ostmark Metals Ltd and Kestrel Capital Corp said "
            "it raised its stake in Brandt Mining Corp to 7.2 pct.",
            ["Ostmark Metals", "Kestrel Capital"],
        ),
        (
            "Stake.\n\nAn investor group including Ostmark Metals Ltd and Kestrel Capital Corp "
            "told the Securities and Exchange Commission it raised its stake in Brandt Mining "
            "Corp to 7.2 pct.",
            ["Ostmark Metals", "Kestrel Capital"],
        ),
        # the man who leads the group, not the firm he chairs
        (
            "Stake.\n\nA group controlled by Ostmark Metals Ltd Chairman John Harrow said it has "
            "acquired a 6.1 pct stake in Brandt Mining Corp.",
            ["John Harrow"],
        ),
    ):
        [bought] = of_type(extract(text), "investment")
        assert names(bought["investor"]) == investors, text
        assert names(bought["target"]) == ["Brandt Mining"]


def test_a_comparison_that_names_its_year_before_the_figure(extract: Any) -> None:
    text = (
        "Coal.\n\nChile's year-to-date coal output was 109.61 mln tonnes, down 7.1 pct from "
        "corresponding 1986 output of 125.60 mln."
    )
    # the stated figure is this year's, not the comparison's 1986
    assert _figures(extract(text)) == [(109.61e6, None), (125.6e6, 1986)]


# ------------------------------------------------------------------ trade measures


def test_tariffs_that_will_remain_or_stay_are_in_place(extract: Any) -> None:
    for text in (
        "Trade.\n\nThe U.S. tariffs on Chinese goods will remain at 25%, the White House said.",
        "Trade.\n\nThe U.S. tariffs on Chinese goods will stay, the White House said.",
    ):
        [measure] = of_type(extract(text), "trade_measure")
        assert (names(measure["actor"]), names(measure["target"])) == (
            ["United States"],
            ["China"],
        )
        assert measure["action"] == "imposed", text
    # that they may remain if talks fail is no statement of them
    hedged = "Trade.\n\nThe U.S. said its tariffs on Chinese goods may remain if talks fail."
    assert not of_type(extract(hedged), "trade_measure")


def test_a_firm_warning_of_what_tariffs_do_is_no_threat_of_them(extract: Any) -> None:
    head = "Tesla hikes prices as China tariffs hit US cars.\n\n"
    firm = extract(head + "Daimler AG warned that the new Chinese tariffs would hit its profits.")
    assert {m["action"] for m in of_type(firm, "trade_measure")} == {"imposed"}
    state = extract(head + "China warned that new tariffs on U.S. cars would follow.")
    assert "threatened" in {m["action"] for m in of_type(state, "trade_measure")}


# ------------------------------------------------------------------ sanctions


def test_who_defies_or_evades_a_states_sanctions_is_their_target(extract: Any) -> None:
    for text, actor, target in (
        (
            "Missiles.\n\nNorth Korea has fired missiles over Japan as it pursues nuclear "
            "weapons in defiance of U.N. sanctions.",
            "United Nations",
            "North Korea",
        ),
        (
            "Oil.\n\nIran is evading U.S. sanctions by selling oil to China, officials said.",
            "United States",
            "Iran",
        ),
    ):
        [sanction] = of_type(extract(text), "sanction")
        assert (names(sanction["actor"]), names(sanction["target"])) == ([actor], [target])
        assert sanction["action"] == "imposed"
    # a third party that breaks sanctions on another is not their target: the buyer is
    text = "Oil.\n\nChina sold oil to North Korea in violation of U.N. sanctions, officials said."
    [sanction] = of_type(extract(text), "sanction")
    assert names(sanction["target"]) == ["North Korea"]
    for other in (
        # a test conducted in defiance of sanctions names no one who defies them
        "Launch.\n\nThe United States denounced the launch as a missile test, conducted in "
        "defiance of U.N. sanctions.",
    ):
        assert not of_type(extract(other), "sanction"), other


# ------------------------------------------------------------------ named treaties


def test_a_named_treaty_is_a_deal_among_the_members_the_story_names(extract: Any) -> None:
    nafta = extract(
        "Trade talks.\n\nTrump may try to quit the NAFTA free trade deal. Mexico and Canada "
        "want to keep it, the U.S. said."
    )
    [deal] = [f for f in nafta if f.type == "agreement"]
    assert sorted(names(deal.fields["parties"])) == ["Canada", "Mexico", "United States"]
    assert deal.sentence.startswith("Trump may try to quit")
    iran = extract(
        "Iran.\n\nIran and the United States are at odds. Oil could fall if an Iran nuclear "
        "deal is reached. Trump later pulled out of the Iran nuclear deal."
    )
    [deal] = [f for f in iran if f.type == "agreement"]
    assert sorted(names(deal.fields["parties"])) == ["Iran", "United States"]
    assert deal.sentence.startswith("Trump later")


def test_no_treaty_deal_when_hoped_for_or_when_the_story_has_its_own(extract: Any) -> None:
    for text in (
        # an Iran deal still hoped for is not the one made in 2015
        "Iran.\n\nIran and the United States are at odds. Oil could fall if an Iran nuclear "
        "deal is reached.",
        "Iran.\n\nIran and the United States are at odds. The alternatives to an Iran nuclear "
        "deal are grim.",
        "Iran.\n\nIran and the United States are at odds. Oil could fall if the Iran nuclear "
        "deal is signed.",
        # one member named only: no deal between two
        "NAFTA.\n\nMexico wants to keep NAFTA.",
    ):
        assert not of_type(extract(text), "agreement"), text
    # the U.S.-Mexico deal is the news; NAFTA, named beside it, adds none
    own = extract(
        "Trade.\n\nThe U.S. and Mexico agreed a preliminary deal to replace NAFTA, leaving "
        "Canada out."
    )
    assert [sorted(names(d["parties"])) for d in of_type(own, "agreement")] == [
        ["Mexico", "United States"]
    ]


def test_a_decision_to_proceed_with_tariffs_imposes_them(extract: Any) -> None:
    text = (
        "Tariffs.\n\nThe U.S. proceeded with tariffs on Japanese computer products last week, "
        "officials said."
    )
    [measure] = of_type(extract(text), "trade_measure")
    assert (names(measure["actor"]), names(measure["target"])) == (["United States"], ["Japan"])
    assert measure["action"] == "imposed"
    hoped = "Tariffs.\n\nJapan hopes the U.S. will not proceed with tariffs on its chips."
    assert not of_type(extract(hoped), "trade_measure")


# ------------------------------------------------------------------ agreements


def test_firms_that_pool_their_work_or_work_in_association_make_a_deal(extract: Any) -> None:
    pooled = extract(
        "Discs.\n\nHarrow AG, Kestrel Inc and Brandt Corp have agreed to pool their research "
        "on memory discs, Harrow said."
    )
    [deal] = of_type(pooled, "agreement")
    assert sorted(names(deal["parties"])) == ["Brandt", "Harrow", "Kestrel"]
    joined = extract(
        "Oil.\n\nEcopetrol is exploiting Kestrel Norte in association with Occidental "
        "Petroleum Corp and Shell Petroleum N.V., a unit of the Royal Dutch/Shell Group."
    )
    [deal] = of_type(joined, "agreement")
    # the unit is the partner, not the group it belongs to
    assert sorted(names(deal["parties"])) == [
        "Ecopetrol",
        "Occidental Petroleum",
        "Shell Petroleum",
    ]
    for none in (
        "Books.\n\nThe atlas was written in association with the Royal Society.",
        "Cotton.\n\nThe Cotton Association with its members in Texas said prices fell.",
        # a firm's standing tie to another, told in passing
        "Steel.\n\nHarrow Corp, through its association with Brandt Corp, sells steel.",
    ):
        assert not of_type(extract(none), "agreement"), none
