"""Furniture lines: what the classifier removes and names, and story sentences it keeps."""

from __future__ import annotations

import numpy as np
import pytest

from assay.extract.cues import CUE_KINDS, FAMILIES, cue_kinds
from assay.extract.furniture import (
    FurnitureModel,
    classify_lines,
    clean_text,
    furniture_kind,
    join_wrapped,
    logical_lines,
    recurring_lines,
)
from assay.extract.line_features import FEATURE_NAMES, line_features, normalise_line

STORY_TOP = (
    "Lynas Rare Earths said on Tuesday it had produced its first dysprosium oxide at its "
    "Kuantan plant in Malaysia, making it the first producer of separated heavy rare earths "
    "outside China."
)
STORY_BOTTOM = (
    "The Australian company plans to produce about 1,500 tonnes a year of heavy rare earth "
    "feedstock and expects terbium production to follow in the June quarter, it said."
)


def in_story(line: str) -> str:
    """`line` as a paragraph between two story paragraphs."""
    return f"{STORY_TOP}\n\n{line}\n\n{STORY_BOTTOM}"


@pytest.mark.parametrize(
    "line",
    [
        "Shares of Lynas rose 4% after the announcement.",
        "Share prices of lithium miners fell on Tuesday.",
        "Investors who subscribe to the bond will receive a 7% coupon.",
        "The cookie maker's factory in Ohio runs on natural gas.",
        "Copyright disputes over chip designs have risen since 2020.",
        "Advertising revenue at the group fell 5%.",
        "More from the mine will be shipped to Japan under the offtake deal.",
        "Related party transactions with the state miner were approved.",
        "Home prices in Perth rose as lithium jobs drew workers to Western Australia.",
        "Follow-on investment from JBIC is expected next year.",
        "The mine was first published in a 2019 feasibility study as a 2 Mtpa project.",
        "Originally published reserves were cut by a third after drilling.",
        "Read the full statement on the ministry's website, the spokesperson said.",
        "Indonesia / Japan / Korea nickel talks resumed in Jakarta this week.",
    ],
)
def test_story_sentences_are_never_furniture(line: str) -> None:
    kept, removed = clean_text(in_story(line))
    assert removed == []
    assert kept == in_story(line)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("ADVERTISEMENT", "advertisement"),
        ("Story continues below advertisement", "advertisement"),
        ("Accept all cookies", "cookie notice"),
        (
            "This article is copyright protected and may not be reproduced.",
            "copy-protection notice",
        ),
        ("Copying is disabled on this page.", "copy-protection notice"),
        ("Kopieren ist auf dieser Seite nicht erlaubt.", "copy-protection notice"),
        ("Copyright 2026 Mining Weekly", "copyright line"),
        ("Originally published at <https://greengrid.example/steel>", "provenance line"),
        ("Sign up to Battery Metals Daily", "sign-up box"),
        ("Get the latest lithium news delivered to your inbox", "sign-up box"),
        ("View this email in your browser", "newsletter footer"),
        ("ALSO READ: China curbs graphite exports", "teaser"),
        ("Lesen Sie auch: EU names rare earth projects", "teaser"),
        ("Tin Rallies as Myanmar Mines Stay Shut MORE", "teaser"),
        ("You may also like", "teaser"),
        ("Share on Facebook", "share line"),
        ("Compartilhe", "share line"),
        ("LISTEN TO ARTICLE", "share line"),
        ("Click here to download the full report", "click-here line"),
        ("Home » Mining » Copper", "navigation"),
        ("Tags: lithium, Chile, Codelco", "navigation"),
        ("Photo: Reuters", "caption or credit"),
    ],
)
def test_furniture_lines_in_a_story_are_removed_and_named(line: str, kind: str) -> None:
    kept, removed = clean_text(in_story(line))
    assert removed == [line]
    assert kept == f"{STORY_TOP}\n\n{STORY_BOTTOM}"
    assert furniture_kind(line) == kind


def test_furniture_kind_without_a_cue_is_plain_furniture() -> None:
    assert furniture_kind("4:12") == "furniture"


def test_clean_text_collapses_gaps_left_by_removed_lines() -> None:
    kept, removed = clean_text(f"{STORY_TOP}\n\nAdvertisement\n\n\n\n{STORY_BOTTOM}\n")
    assert kept == f"{STORY_TOP}\n\n{STORY_BOTTOM}"
    assert removed == ["Advertisement"]


def test_a_short_note_keeps_its_sentences() -> None:
    # No long sentence anchors the page: plain sentences stay, the sign-up line goes.
    kept, removed = clean_text("Gallium prices rose 4% on Monday.\n\nSubscribe to our newsletter")
    assert (kept, removed) == ("Gallium prices rose 4% on Monday.", ["Subscribe to our newsletter"])


def test_headline_above_the_story_is_kept_and_menus_are_not() -> None:
    lines = [
        "Ore Ledger",
        "Markets  Mining  Energy  Policy",
        "Log in | Subscribe",
        "Bolivia picks a consortium to build two lithium plants",
        "Share",
        "Tweet",
        STORY_TOP,
        STORY_BOTTOM,
    ]
    verdicts = classify_lines(lines)
    assert [v.line for v in verdicts if v.furniture] == [
        "Ore Ledger",
        "Markets  Mining  Energy  Policy",
        "Log in | Subscribe",
        "Share",
        "Tweet",
    ]


def test_linked_headlines_under_a_read_more_header_are_furniture() -> None:
    text = in_story("READ MORE:\nWhy nickel prices have collapsed despite the EV boom")
    kept, removed = clean_text(text)
    assert removed == ["READ MORE:", "Why nickel prices have collapsed despite the EV boom"]
    assert kept == f"{STORY_TOP}\n\n{STORY_BOTTOM}"


def test_lines_recurring_on_a_source_are_found_case_and_space_insensitive() -> None:
    pages = ["Menu\nStory one.\nSubscribe  now", "MENU\nStory two.\nsubscribe now", "Menu\nThree."]
    assert recurring_lines(pages) == frozenset({"menu", "subscribe now"})
    assert recurring_lines(pages, min_pages=3) == frozenset({"menu"})
    assert normalise_line("  Subscribe \t NOW ") == "subscribe now"


def test_recurring_lines_are_a_feature() -> None:
    lines = ["Markets weekly", STORY_TOP]
    column = FEATURE_NAMES.index("recurring")
    assert line_features(lines)[:, column].tolist() == [0.0, 0.0]
    assert line_features(lines, {"markets weekly"})[:, column].tolist() == [1.0, 0.0]


def test_cue_words_match_whole_words_and_phrases_in_any_case() -> None:
    share, teaser = CUE_KINDS.index("share line"), CUE_KINDS.index("teaser")
    assert cue_kinds("SHARE this") == [share]
    assert cue_kinds("Shareholders approved the deal") == []
    assert cue_kinds("Read more: gallium") == [teaser]
    assert cue_kinds("more reading") == []
    assert {k for members in FAMILIES.values() for k in members} == set(CUE_KINDS)


def test_line_features_have_one_row_per_line_and_named_columns() -> None:
    x = line_features(["Menu", STORY_TOP, ""])
    assert x.shape == (3, len(FEATURE_NAMES))
    assert line_features([]).shape == (0, len(FEATURE_NAMES))
    assert np.isfinite(x).all()


def test_shipped_model_matches_its_features_and_has_a_cut() -> None:
    model = FurnitureModel.load()
    assert model.meta["features"] == list(FEATURE_NAMES)
    assert 0.5 <= model.cut < 1
    assert model.probabilities(np.zeros((0, len(FEATURE_NAMES)))).shape == (0,)


WIRE = (
    "Zambia's copper output rose to a record in the first\n"
    "quarter as new mines in the Copperbelt came on stream, the\n"
    "mines ministry said on Tuesday.\n"
    "    Output reached 230,000 tonnes, up 12 pct from a year\n"
    "earlier, as the Kansanshi expansion and the restart of the\n"
    "Mopani mines lifted production, the ministry said.\n"
    "    Shr 39 cts vs 50 cts\n"
    "    Net 10.6 mln vs 5,967,000\n"
    " Reuter\n"
)


def test_hard_wrapped_paragraphs_are_one_logical_line() -> None:
    lines = WIRE.split("\n")
    assert logical_lines(lines) == [[0, 1, 2], [3, 4, 5], [6], [7], [8]]
    assert join_wrapped(WIRE).split("\n")[:2] == [
        "Zambia's copper output rose to a record in the first quarter as new mines in the "
        "Copperbelt came on stream, the mines ministry said on Tuesday.",
        "Output reached 230,000 tonnes, up 12 pct from a year earlier, as the Kansanshi "
        "expansion and the restart of the Mopani mines lifted production, the ministry said.",
    ]
    # One line per paragraph already (a copied web page): nothing to join.
    assert join_wrapped(in_story("Advertisement")) == in_story("Advertisement")


def test_wire_copy_without_furniture_cues_is_kept_whole() -> None:
    kept, removed = clean_text(WIRE)
    assert removed == []
    assert kept == WIRE.strip()
