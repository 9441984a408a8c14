"""The top of a story: headlines, bylines, dated lines; hard-wrapped paragraphs."""

from __future__ import annotations

import pytest

from assay.extract.lead import headline_of, read_lead, unwrap


@pytest.mark.parametrize(
    ("block", "headline"),
    [
        (
            "Lynas starts heavy rare earths output\nLynas said...",
            "Lynas starts heavy rare earths output",
        ),
        (
            "3. Japan funds Rapidus with another ¥800 billion\nBody.",
            "Japan funds Rapidus with another ¥800 billion",
        ),
        ("By Priya Raman and Tom Wills\nBody.", None),
        ("March 4, 2026 at 08:15 GMT\nBody.", None),
        ("4 March 2026 08:15 GMT Jakarta\nBody.", None),
        ("2026-03-04 08:15 Jakarta Nickel desk\nBody.", None),
        ("3 lithium miners to watch in 2026\nBody.", "3 lithium miners to watch in 2026"),
        ("Updated on Tuesday at noon Jakarta time\nBody.", None),
        ("Lynas Rare Earths said on Tuesday it had signed a\nsupply deal with Japan.", None),
        ("The company said its output rose.\nBody.", None),
    ],
)
def test_headline_of_tells_headlines_from_bylines_and_wrapped_sentences(
    block: str, headline: str | None
) -> None:
    assert headline_of(block) == headline


def test_read_lead_takes_the_headline_above_the_byline() -> None:
    text = (
        "GreenGrid Asia — Power & Tech\n\n"
        "Johor tightens rules for AI data centres as power demand outpaces grid\n\n"
        "By Nurul Izzah Rahman\nPublished 23 September 2026, 10:00 (UTC+08:00)\n\n"
        "Johor will require new data centres to supply part of their own power, officials said."
    )
    lead = read_lead(text)
    assert lead.headline == "Johor tightens rules for AI data centres as power demand outpaces grid"
    assert lead.authors == ["Nurul Izzah Rahman"]
    assert lead.body == (
        "Johor will require new data centres to supply part of their own power, officials said."
    )
    assert lead.removed == [
        "GreenGrid Asia — Power & Tech",
        "Published 23 September 2026, 10:00 (UTC+08:00)",
    ]


def test_read_lead_reads_a_byline_with_outlet_and_date() -> None:
    lead = read_lead(
        "Kallax raises €3.4 billion\n\nBy Anna Lindqvist, GreenGrid, 18 November 2026\n\nBody."
    )
    assert (lead.headline, lead.authors, lead.body) == (
        "Kallax raises €3.4 billion",
        ["Anna Lindqvist"],
        "Body.",
    )
    two = read_lead("Kallax raises €3.4 billion\nBy Anna Lindqvist and Erik Berg\nBody.")
    assert two.authors == ["Anna Lindqvist", "Erik Berg"]


def test_read_lead_without_a_headline_keeps_the_text() -> None:
    text = "Gallium prices rose 4% on Monday.\nTraders cited Chinese export licences."
    assert read_lead(text).headline == ""
    assert read_lead(text).body == text
    assert read_lead("Only a short line without a full stop").body == (
        "Only a short line without a full stop"
    )


def test_unwrap_joins_hard_wrapped_paragraphs_only() -> None:
    wrapped = (
        "A plant that recovers germanium from old copper-zinc tailings in\n"
        "Lubumbashi, in the Democratic Republic of Congo (DRC), will triple its\n"
        "output by 2028.\n\nLithium\nCobalt\nNickel"
    )
    assert unwrap(wrapped) == (
        "A plant that recovers germanium from old copper-zinc tailings in Lubumbashi, in the "
        "Democratic Republic of Congo (DRC), will triple its output by 2028.\n\n"
        "Lithium\nCobalt\nNickel"
    )


def test_a_quoted_sentence_is_no_headline() -> None:
    assert (
        headline_of('Kim Hye Ok, 27, added that the launch was "delightful news."\nBody.') is None
    )
    assert headline_of("Kim Hye Ok said the launch was “delightful news.”\nBody.") is None
