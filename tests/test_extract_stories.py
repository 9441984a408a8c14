"""Splitting multi-story texts: rules, datelines, trailing teasers; one story stays whole."""

from __future__ import annotations

from assay.extract.stories import split_stories


def test_split_stories_on_rules_keeps_order() -> None:
    text = (
        "Main story headline here now\nBody one.\n\n***\n\nSecond story headline here\n"
        "Body two.\n\n---\n\nAdvertisement\n\n===\n\nThird story headline here\nBody three."
    )
    assert split_stories(text) == [
        "Main story headline here now\nBody one.",
        "Second story headline here\nBody two.\n\nAdvertisement",
        "Third story headline here\nBody three.",
    ]
    assert split_stories(text, rules=False) == [text]


def test_ap_section_breaks_and_credit_lines_do_not_split_a_story() -> None:
    text = (
        "WASHINGTON (AP) — The Senate passed the critical minerals bill on Thursday.\n\n___\n\n"
        "Q: WHAT DOES THE BILL DO FOR LITHIUM MINING?\n\nA: It speeds up permits for new mines."
        "\n\n---\n\nAssociated Press writer Matthew Daly contributed to this report."
    )
    assert split_stories(text) == [
        text.replace("\n\n---\n\n", "\n\n"),
    ]


def test_split_stories_on_datelines() -> None:
    text = (
        "Chile lifts lithium royalty for new projects\n"
        "SANTIAGO, March 5 (Reuters) - Chile will cut royalties for new lithium projects.\n\n"
        "Peru copper output falls on mine protests\n"
        "LIMA (Reuters) - Peru's copper output fell 6% in January, the mines ministry said."
    )
    assert [s.split("\n")[0] for s in split_stories(text)] == [
        "Chile lifts lithium royalty for new projects",
        "Peru copper output falls on mine protests",
    ]


def test_split_stories_turns_trailing_teasers_into_stories() -> None:
    text = (
        "Gallium prices hit record high\n\nGallium prices rose to a record in Rotterdam on "
        "Monday after China tightened export licences.\n\nRead more:\n\n"
        "Germany opens first germanium recycling plant\nUmicore opened a plant in Olen that "
        "recovers germanium from production scrap.\n\n"
        "Japan stockpiles rare earths\nJOGMEC will add 200 tonnes of dysprosium to state reserves."
    )
    assert split_stories(text) == [
        "Gallium prices hit record high\n\nGallium prices rose to a record in Rotterdam on "
        "Monday after China tightened export licences.",
        "Germany opens first germanium recycling plant\nUmicore opened a plant in Olen that "
        "recovers germanium from production scrap.",
        "Japan stockpiles rare earths\nJOGMEC will add 200 tonnes of dysprosium to state reserves.",
    ]


def test_article_with_subheadings_is_not_split() -> None:
    text = (
        "Copper smelter fees fall to zero\n\n"
        "Treatment charges paid to Chinese copper smelters fell to zero this week.\n\n"
        "Why smelters are squeezed now\n\nNew capacity in China and Indonesia outstripped mine "
        "supply growth.\n\nWhat happens next for the market\n\nAnalysts expect output cuts."
    )
    assert split_stories(text) == [text]
