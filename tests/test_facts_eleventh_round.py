"""Parties of trade measures and sanctions as modern articles state them: the side that
reacts to a measure is its target, goods named by their origin name the target (one measure
per origin), a measure in effect is its owner's, a region listed with countries is a target
too; sanctions a state signs up for are another's, sanctions in the phrase "in light of U.S.
sanctions on Iran" are in place; a title that arrives apart from its text is still the
story's headline; related-story lines ("More: ...", "SEE ALSO: ...") are no
story sentences, and a month is no project's name.

Found in dev documents of the corpus (batches 46-49); the sentences are written for these
tests and none is taken from a corpus.
"""

from __future__ import annotations

from typing import Any

from test_facts_recall import names, of_type

from assay.enrich import Enricher
from assay.enrich.enricher import without_furniture
from assay.enrich.facts import title_apart
from assay.models import Article
from assay.settings import Settings


def test_the_side_that_retaliates_against_a_measure_is_its_target(extract: Any) -> None:
    text = (
        "The Canadian government said on Monday it had immediately retaliated against "
        "increased U.S. tariffs on Canadian lumber, as President Donald Trump's "
        "administration pressed ahead with its trade fight."
    )
    found = {
        (tuple(names(f["actor"])), tuple(names(f["target"])), f["action"])
        for f in of_type(extract(text), "trade_measure")
    }
    # the U.S. tariffs hit Canada; Canada's retaliation (fifteenth round) hits the U.S.
    assert found == {
        (("United States",), ("Canada",), "raised"),
        (("Canada",), ("United States",), "imposed"),
    }


def test_a_side_that_retaliates_with_tariffs_imposes_them(extract: Any) -> None:
    """Guards the reaction rule: "retaliated with" names the subject's own measure."""
    text = "Canada retaliated with tariffs on U.S. steel and aluminum on Sunday."
    [fields] = of_type(extract(text), "trade_measure")
    assert names(fields["actor"]) == ["Canada"]
    assert names(fields["target"]) == ["United States"]


def test_goods_named_by_their_origin_name_the_target(extract: Any) -> None:
    text = (
        "The 15% tariffs on an additional $120 billion in Mexican imports took effect on "
        "Sunday, driving the U.S. and Mexico further apart, the ministry said."
    )
    [fields] = of_type(extract(text), "trade_measure")
    assert names(fields["actor"]) == ["United States"]
    assert names(fields["target"]) == ["Mexico"]


def test_goods_from_two_countries_are_one_measure_on_each(extract: Any) -> None:
    text = (
        "The United States widened its trade fight on Monday. "
        "President Trump signed an order slapping tariffs on steel pipes from India and copper "
        "wire produced mostly in Vietnam."
    )
    measures = of_type(extract(text), "trade_measure")
    assert sorted(names(f["target"])[0] for f in measures) == ["India", "Vietnam"]
    assert all(names(f["actor"]) == ["United States"] for f in measures)
    assert {f["goods"]["name"] for f in measures if f["goods"]} >= {"copper wire"}


def test_a_measure_in_effect_is_its_owners_not_the_clause_subjects(extract: Any) -> None:
    text = (
        "Even with U.S. tariffs targeting $40 billion of Brazilian exports in effect for their "
        "first full month in July, Brazil's exports to the United States still rose 8 percent."
    )
    [fields] = of_type(extract(text), "trade_measure")
    assert names(fields["actor"]) == ["United States"]
    assert names(fields["target"]) == ["Brazil"]


def test_a_region_listed_with_countries_is_a_target_too(extract: Any) -> None:
    text = "The U.S. raised import duties on steel and autos from Europe, Brazil and Japan."
    [fields] = of_type(extract(text), "trade_measure")
    assert set(names(fields["target"])) == {"Europe", "Brazil", "Japan"}


def test_sanctions_a_state_signs_up_for_are_anothers_and_no_deal(extract: Any) -> None:
    text = (
        "North Korea fired another missile over the sea on Sunday.\n\n"
        "China has signed up for tough United Nations sanctions that were agreed on Saturday "
        "and says it is committed to enforcing them."
    )
    facts = extract(text)
    assert not of_type(facts, "agreement")
    [fields] = of_type(facts, "sanction")
    assert names(fields["actor"]) == ["United Nations"]
    assert names(fields["target"]) == ["North Korea"]


def test_sanctions_a_state_owns_named_in_a_phrase_are_in_place(extract: Any) -> None:
    text = (
        "Dana Whitlow, head of security policy at the company, said in a blog post that it had "
        "shared what it found with the US and the UK governments and, in the US, the Treasury "
        "and State departments in light of US sanctions on Iran."
    )
    [fields] = of_type(extract(text), "sanction")
    assert names(fields["actor"]) == ["United States"]
    assert names(fields["target"]) == ["Iran"]


def test_a_verbless_headline_of_owned_sanctions_states_none(extract: Any) -> None:
    """Guards the phrase rule: a capitalised headline the parse reads without a verb."""
    assert not of_type(extract("U.S., BRITAIN BAR SANCTIONS AGAINST SOUTH AFRICA"), "sanction")


def test_related_story_lines_are_furniture_in_any_case(settings: Settings) -> None:
    lines = [
        "Canada said on Monday it would answer the tariffs.",
        "More: EU tariffs take effect in Trump fight: how they will hit American products",
        "SEE ALSO: Mexico turns to Brazilian corn as tensions with U.S. escalate",
        "Read More: China approves tariff-free soybean purchases",
        "The duties take effect on July 1.",
    ]
    text = "\n".join(lines)
    kept = without_furniture(text).split("\n")
    assert [bool(k.strip()) for k in kept] == [True, False, False, False, True]
    # what a reader of the stored article sees: the teasers' names are not the story's
    [article] = Enricher(settings).enrich(
        [Article(source="t", title="Canada answers", text=text, language="en")],
        only=("entities", "facts"),
    )
    assert article.text == text
    assert {e.name for e in article.entities} == {"Canada"}


def test_a_month_before_a_facility_word_names_no_project(link: Any) -> None:
    ents = link("The bureau put February factory production of edible tallow at 96.9 mln lbs.")
    assert not [e for e in ents.values() if e.type == "PROJECT"]


def test_a_title_apart_from_its_text_is_still_the_stories_headline(settings: Settings) -> None:
    """A feed item or JSON Lines record brings its title beside a text that does not repeat
    it: the body's facts still take their parties from it, as from a headline in the text."""
    body = "The sanctions take effect on Friday, the Treasury said."
    title = "U.S. imposes sanctions on Venezuelan oil firm"
    apart, inside = Enricher(settings).enrich(
        [
            Article(source="a", title=title, text=body, language="en"),
            Article(source="b", title=title, text=f"{title}\n\n{body}", language="en"),
        ],
        only=("entities", "facts"),
    )
    [fact] = apart.facts
    assert (fact.type, fact.sentence) == ("sanction", body)
    assert names(fact.fields["actor"]) == ["United States"]
    assert names(fact.fields["target"]) == ["Venezuela"]
    assert body[fact.start : fact.end] == fact.sentence  # offsets into the stored text
    assert not [m for e in apart.entities for m in e.mentions if m.start < 0]
    # a text that begins with its title reads the headline where it stands, not twice
    assert [f.type for f in inside.facts] == ["sanction"]


def test_a_title_the_text_begins_with_is_not_read_apart() -> None:
    assert title_apart("Iran deal reached", "IRAN DEAL REACHED\n\nTalks ended.") == ""
    assert title_apart("  Iran deal  reached ", "Talks ended in Vienna.") == "Iran deal reached"
    assert title_apart(None, "Talks ended.") == ""


def test_retaliatory_duties_hit_the_side_whose_measure_they_answer(extract: Any) -> None:
    text = (
        "The United States raised tariffs on Chinese steel on Monday. "
        "China has already imposed retaliatory duties on soybeans and bourbon."
    )
    answers = [f for f in of_type(extract(text), "trade_measure") if names(f["actor"]) == ["China"]]
    assert [names(f["target"]) for f in answers] == [["United States"]]


def test_a_states_tariff_hike_is_a_raised_measure(extract: Any) -> None:
    [fields] = of_type(
        extract("An earlier U.S. tariff hike on Chinese goods angered Beijing."), "trade_measure"
    )
    assert names(fields["actor"]) == ["United States"]
    assert names(fields["target"])[0] == "China"
    assert fields["action"] == "raised"


def test_owned_sanctions_said_to_work_are_in_place(extract: Any) -> None:
    text = (
        "North Korea tested another missile on Sunday. "
        "The president said Kim's interest in talks showed US sanctions were working."
    )
    [fields] = of_type(extract(text), "sanction")
    assert names(fields["actor"]) == ["United States"]
    assert names(fields["target"]) == ["North Korea"]


def test_a_state_due_to_act_is_the_subject_that_acts(extract: Any) -> None:
    [fields] = of_type(
        extract("Japan is due to impose duties on steel from South Korea next month."),
        "trade_measure",
    )
    assert names(fields["actor"]) == ["Japan"]
    assert names(fields["target"]) == ["South Korea"]


def test_a_measure_protested_by_unnamed_people_stays_its_authors(extract: Any) -> None:
    """Guards the reaction rule: the protesters are the verb's subject, not the measure's own
    "by" agent."""
    text = (
        "Spain joined the European Community last year. Spanish citrus growers dumped lemons "
        "in Malaga to protest against duties levied by the EC against Spanish exports."
    )
    [fields] = of_type(extract(text), "trade_measure")
    assert names(fields["actor"]) == ["European Community"]
    assert names(fields["target"]) == ["Spain"]


def test_sanctions_a_state_agrees_to_are_their_owners(extract: Any) -> None:
    text = (
        "North Korea fired another missile on Sunday. "
        "Russia has agreed to the new United Nations sanctions, its envoy said."
    )
    [fields] = of_type(extract(text), "sanction")
    assert names(fields["actor"]) == ["United Nations"]
    assert names(fields["target"]) == ["North Korea"]


def test_state_sanctioned_means_allowed_not_punished(extract: Any) -> None:
    text = (
        "The United States and North Korea traded threats again on Monday. "
        "In the spirit of juche, a kind of state-sanctioned ideology, the country established "
        "its military-first policy."
    )
    assert not of_type(extract(text), "sanction")
