"""Extractive summary and keywords over the shared spaCy Doc."""

from __future__ import annotations

import pytest
from spacy.language import Language

from assay.enrich.nlp import load_nlp
from assay.enrich.summarize import keywords, summarize
from assay.models import Entity, Mention

TITLE = "Indonesia and Japan sign nickel supply deal"
LEAD = (
    "Indonesia and Japan signed an agreement on Tuesday to supply nickel from Sulawesi to "
    "Japanese battery makers for ten years."
)
ARTICLE = f"""{LEAD}
Sign up for our daily newsletter to read more stories like this.
The deal covers 50,000 tonnes of nickel a year from a smelter run by a Japanese trading house.
Officials said the weather in Jakarta was hot and humid during the ceremony.
Nickel is a key battery metal, and Japan wants supply outside China for its battery makers.
Indonesia holds the largest nickel reserves in the world and has banned exports of raw ore.
The trading house expects the smelter to reach full capacity in 2027.
"""


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def sentences(text: str, nlp: Language) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents]


def test_summary_has_two_or_three_sentences_and_starts_with_the_lead(nlp: Language) -> None:
    summary = summarize(nlp(ARTICLE), TITLE)
    assert summary.startswith(LEAD)
    assert 2 <= summary.count(". ") + 1 <= 3
    assert len(summary) <= 400


def test_summary_keeps_document_order_and_skips_furniture(nlp: Language) -> None:
    summary = summarize(nlp(ARTICLE), TITLE)
    assert "newsletter" not in summary
    body = [line for line in ARTICLE.splitlines() if line in summary]
    assert body[0] == LEAD
    assert [ARTICLE.index(line) for line in body] == sorted(ARTICLE.index(line) for line in body)


def test_summary_prefers_central_sentences_over_asides(nlp: Language) -> None:
    summary = summarize(nlp(ARTICLE), TITLE)
    assert "weather" not in summary


def test_summary_joins_hard_wrapped_lines_into_one_sentence(nlp: Language) -> None:
    text = (
        "Chile's copper output fell 3 pct in the year to June as\n"
        "ore grades declined at older mines, the mining ministry said.\n"
        "    State miner Codelco produced 1.3 mln tonnes, down from\n"
        "1.4 mln tonnes a year earlier.\n"
    )
    summary = summarize(nlp(text), "")
    assert summary == (
        "Chile's copper output fell 3 pct in the year to June as ore grades declined at older "
        "mines, the mining ministry said. State miner Codelco produced 1.3 mln tonnes, down "
        "from 1.4 mln tonnes a year earlier."
    )


def test_summary_skips_a_repeated_headline(nlp: Language) -> None:
    title = "Copper output falls in Chile"
    text = f"{title}\n\n{ARTICLE}"
    assert summarize(nlp(text), title).startswith(LEAD)


def test_keywords_are_unique_and_between_five_and_ten(nlp: Language) -> None:
    words = keywords(nlp(ARTICLE), [])
    assert 5 <= len(words) <= 10
    assert len({w.lower() for w in words}) == len(words)
    assert "nickel" in [w.lower() for w in words]


def test_keywords_put_linked_entities_first(nlp: Language) -> None:
    doc = nlp(ARTICLE)
    start = ARTICLE.index("nickel")
    entities = [
        Entity(
            "commodity:nickel", "nickel", "COMMODITY", [Mention(start, start + 6, "nickel")] * 4
        ),
        Entity("country:IDN", "Indonesia", "COUNTRY", [Mention(0, 9, "Indonesia")] * 2),
        Entity("country:JPN", "Japan", "COUNTRY", [Mention(14, 19, "Japan")]),
    ]
    words = keywords(doc, entities)
    assert words[:3] == ["nickel", "Indonesia", "Japan"]
    assert 5 <= len(words) <= 10
    assert len({w.lower() for w in words}) == len(words)


def test_very_short_text_still_gets_a_summary(nlp: Language) -> None:
    assert summarize(nlp("Gold rose."), "") == "Gold rose."
