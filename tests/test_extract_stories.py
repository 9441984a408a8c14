"""Splitting multi-story texts: rules, datelines, trailing teasers; one story stays whole."""

from __future__ import annotations

from assay.extract.stories import split_pieces, split_stories


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


def test_read_more_link_line_inside_an_article_is_no_story_boundary() -> None:
    # Issue 9: a "Read more: ..." line, or a header over one linked headline, sat inside
    # single articles and split them into fake extra stories.
    paragraphs = [
        "Indonesia will raise the royalty on high-grade nickel ore to 14% from 10%, the "
        "energy ministry said on Monday.",
        "Read more: Indonesia's nickel smelters face ore shortage as quotas lag",
        "The country produced about half of the world's mined nickel last year.",
        "READ MORE:\nWhy nickel prices have collapsed despite the EV boom",
        "An official said the extra revenue would pay for roads in the industrial parks.",
        "Shares in Vale Indonesia fell 3.1% in Jakarta after the announcement.",
    ]
    text = "\n\n".join(paragraphs)
    assert split_stories(text) == [text]


def test_inline_related_links_with_the_article_continuing_stay_one_story() -> None:
    text = (
        "Google removed 200 publishers from its ad network in the fourth quarter, partly in "
        "response to the rise of fake news sites, the company said on Wednesday.\n\n"
        "More from Tech Desk:\n\nInside the reinvention of a photo app\n\n"
        "Why chip export permits now matter for Asian ports\n\n"
        "Not all 200 publishers were removed as part of the effort to root out fake news, "
        "and the company declined to name any of them when asked by reporters."
    )
    assert split_stories(text) == [text]


def test_section_breaks_before_more_prose_keep_a_long_read_whole() -> None:
    text = (
        "Prices of lithium carbonate fell by four fifths in two years as new mines in "
        "Australia and Africa flooded the market.\n\n***\n\n"
        "For the miners who built those projects, the fall came as a shock, and several "
        "have since closed pits or delayed expansions."
    )
    assert split_stories(text) == [text.replace("\n\n***\n\n", "\n\n")]


def test_headed_read_more_block_yields_one_piece_per_teaser() -> None:
    text = (
        "Zambia copper output hits record\n\nZambia produced 890,000 tonnes of copper last "
        "year, a record, the mines ministry said on Tuesday.\n\n"
        "Related coverage\n\n"
        "DRC overtakes Peru in copper output\nCongo produced 3.3 million tonnes of copper "
        "last year, overtaking Peru...\n\n"
        "Glencore weighs sale of Mopani stake\nGlencore is considering selling its remaining "
        "interest in the Mopani mines.\n\n"
        "Copper Monthly © 2026"
    )
    pieces = split_pieces(text)
    assert [(p.kind, p.text.split("\n")[0]) for p in pieces] == [
        ("story", "Zambia copper output hits record"),
        ("teaser", "DRC overtakes Peru in copper output"),
        ("teaser", "Glencore weighs sale of Mopani stake"),
        ("furniture", ""),
    ]
    assert pieces[-1].removed == ["Related coverage", "Copper Monthly © 2026"]


def test_teasers_without_a_header_need_an_ellipsis() -> None:
    story = (
        "Zambia copper output hits record\n\nZambia produced 890,000 tonnes of copper last "
        "year, a record, the mines ministry said on Tuesday.\n\n"
    )
    teasers = (
        "DRC overtakes Peru in copper output\n\nCongo produced 3.3 million tonnes of copper "
        "last year, overtaking Peru, as new mines came into production...\n\n"
        "Glencore weighs sale of Mopani stake\n\nGlencore is considering selling its "
        "remaining interest in the Mopani mines, people familiar with the matter said..."
    )
    assert [p.kind for p in split_pieces(story + teasers)] == ["story", "teaser", "teaser"]
    # Without the cut-off blurbs these are an article's subheadings and paragraphs.
    whole = story + teasers.replace("...", ".")
    assert split_stories(whole) == [whole]


def test_links_list_that_opens_with_bare_headlines_yields_no_teasers() -> None:
    text = (
        "North Korea test-launched a missile on Tuesday, the military in Seoul said, the "
        "first launch since a June test of a new type of missile.\n\n"
        "READ MORE:\n\nTrump team sanctions Chinese bank over North Korea\n\n"
        "Tour group says no more Americans to North Korea\n\n"
        "Japan's prime minister sharply criticised the launch and said the threat was "
        "growing, and would seek cooperation at the summit this week."
    )
    assert [p.kind for p in split_pieces(text)] == ["story"]
