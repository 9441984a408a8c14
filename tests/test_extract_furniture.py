"""Furniture lines: what is named and removed, and story sentences that never are."""

from __future__ import annotations

import pytest

from assay.extract.furniture import clean_text, furniture_reason


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
    assert furniture_reason(line) is None


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("ADVERTISEMENT", "advertisement"),
        ("Story continues below advertisement", "advertisement"),
        ("Accept all cookies", "cookie notice"),
        (
            "This article is copyright protected and may not be reproduced.",
            "copy-protection notice",
        ),
        ("Copyright 2026 Mining Weekly", "copyright line"),
        ("Originally published at <https://greengrid.example/steel>", "provenance line"),
        ("This article first appeared on Mining Weekly.", "provenance line"),
        (
            "This article is protected by copyright; copying is prohibited.",
            "copy-protection notice",
        ),
        ("Sign up to Battery Metals Daily", "sign-up box"),
        ("Get the latest lithium news delivered to your inbox", "sign-up box"),
        ("View this email in your browser", "newsletter footer"),
        ("ALSO READ: China curbs graphite exports", "teaser"),
        ("Related:", "teaser"),
        ("You may also like", "teaser"),
        ("Share on Facebook", "share line"),
        ("Follow us on X", "share line"),
        ("Click here to download the full report", "click-here line"),
        ("Home » Mining » Copper", "navigation"),
        ("Tags: lithium, Chile, Codelco", "navigation"),
        ("Photo: Reuters", "navigation"),
    ],
)
def test_furniture_lines_are_named(line: str, reason: str) -> None:
    assert furniture_reason(line) == reason


def test_clean_text_collapses_gaps_left_by_removed_lines() -> None:
    kept, removed = clean_text("First paragraph.\n\nAdvertisement\n\nSecond paragraph.\n")
    assert kept == "First paragraph.\n\nSecond paragraph."
    assert removed == ["Advertisement"]
