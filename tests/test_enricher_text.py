"""The Enricher reads hard-wrapped wire copy as running text, and answers in the article's own."""

from __future__ import annotations

import pytest

from assay.enrich.enricher import Enricher, unwrap
from assay.models import Article
from assay.settings import Settings

WRAPPED = (
    "TRADE BODY SEEKS WIDER POWERS\n\n"
    "The United States has appealed for stronger powers for the\n"
    "Halvard Council on Trade and Tariffs to enforce trade rules, Deputy Trade"
    " Representative Michael\n"
    "Smith said on Monday.\n"
    "    Smith said the Halvard Council on Trade and Tariffs would meet again in May.\n"
)


def test_unwrap_reads_soft_wraps_as_spaces_and_keeps_offsets() -> None:
    text = unwrap(WRAPPED)
    assert len(text) == len(WRAPPED)
    assert "for the Halvard Council" in text
    assert "\n\nThe United States" in text  # the paragraph break after the headline stays
    assert "Monday.\n    Smith" in text  # an indented paragraph start stays
    table = "Shr 1.20 dlrs vs 1.10\nNet 4.5 mln vs 3.9 mln\n"
    assert unwrap(table) == table  # short lines are not a wrapped paragraph
    # a story's first line, shortened by its cut dateline, before a long line
    first = "A trade bill before the United States\nHouse of Representatives is a very bad bill"
    assert "United States House" in unwrap(first)
    links = "Coffee stocks rise sharply\nCocoa falls"
    assert unwrap(links) == links
    # a first line cut short inside a firm's name: "Harlowe Mining of Canada\nLtd, a unit of"
    named = "Harlowe Mining of Canada\nLtd, wholly owned by Harlowe Corp, said it is planning a"
    assert "Canada Ltd, wholly" in unwrap(named)


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher(Settings())


def test_a_name_wrapped_over_two_lines_is_one_mention_written_as_in_the_text(
    enricher: Enricher,
) -> None:
    [article] = enricher.enrich([Article(source="t", text=WRAPPED, language="en")])
    people = {e.name: e for e in article.entities if e.type == "PERSON"}
    assert "Michael Smith" in people
    for entity in article.entities:
        for m in entity.mentions:
            assert WRAPPED[m.start : m.end] == m.text
    assert "Michael\nSmith" in [m.text for m in people["Michael Smith"].mentions]
    for fact in article.facts:
        assert WRAPPED[fact.start : fact.end] == fact.sentence


def test_a_capitalised_headline_does_not_hide_the_first_name_of_the_body(
    enricher: Enricher,
) -> None:
    # read with the headline as context, the small NER model finds no firm in this sentence;
    # the headline is read apart, with every offset kept
    text = (
        "WESTLAKE <WLK> TO ACQUIRE PIPELINE\n\n"
        "Valdane Energy Partners said it agreed to buy the Corwen pipeline from Westlake Corp."
    )
    [article] = enricher.enrich([Article(source="t", text=text, language="en")])
    orgs = {e.name: [m.text for m in e.mentions] for e in article.entities if e.type == "ORG"}
    assert orgs == {
        "Westlake": ["WESTLAKE", "Westlake Corp."],
        "Valdane Energy Partners": ["Valdane Energy Partners"],
    }
    for entity in article.entities:
        for m in entity.mentions:
            assert text[m.start : m.end] == m.text
