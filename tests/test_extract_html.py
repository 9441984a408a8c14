"""HTML pages through assay.extract.extract: main text, metadata, furniture, broken input."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from assay.errors import ExtractionError
from assay.extract import extract
from assay.extract.html import extract_html
from assay.models import Page
from assay.settings import Settings

PAGES = Path(__file__).parent / "extract_pages"
URL = "https://metals-ledger.example/2026/03/indonesia-japan-nickel"


def html_page(name: str, **hints: object) -> Page:
    content = (PAGES / name).read_text(encoding="utf-8")
    return Page(source="metals-ledger", content=content, kind="html", url=URL, **hints)  # type: ignore[arg-type]


def test_html_keeps_story_sentences_and_drops_boilerplate(settings: Settings) -> None:
    [article] = extract(html_page("nickel_boilerplate.html"), settings)
    for sentence in (
        "Indonesia and Japan signed a memorandum of understanding on Tuesday",
        "Japan Bank for International Cooperation (JBIC) will lend up to $1.2 billion",
        "Shares of PT Vale Indonesia rose 3.4% after the announcement.",
        "Construction is expected to start in the second half of 2026",
    ):
        assert sentence in article.text
    for furniture in (
        "We use cookies",
        "Accept all cookies",
        "Markets",
        "Chile approves Codelco lithium partnership",  # related-stories block
        "Sign up for our free newsletter",
        "Great news for the Sulawesi smelters",  # reader comment
        "All rights reserved",
        "Follow us on LinkedIn",
        "Philippines weighs nickel ore export tax",  # inline "Read also" teaser
    ):
        assert furniture not in article.text
    assert article.removed == [
        "Read also: Philippines weighs nickel ore export tax as prices slump"
    ]


def test_html_metadata_is_read_from_the_page(settings: Settings) -> None:
    [article] = extract(html_page("nickel_boilerplate.html"), settings)
    assert article.title == "Indonesia and Japan sign nickel processing pact"
    assert article.authors == ["Priya Raman"]
    assert article.published == datetime(2026, 3, 4, 8, 15, tzinfo=UTC)  # the page's own time
    assert article.site_name == "Metals Ledger"
    assert article.language == "en"
    assert (article.story, article.url, article.source) == (0, URL, "metals-ledger")
    # The headline is the title, not the first line of the body.
    assert article.text.startswith("Indonesia and Japan signed a memorandum")


def test_html_page_hints_win_over_guessed_metadata(settings: Settings) -> None:
    published = datetime(2026, 3, 3, 23, 0, tzinfo=UTC)
    page = html_page(
        "nickel_boilerplate.html",
        title="Jakarta, Tokyo agree nickel HPAL plant",
        published=published,
        authors=["Wire desk"],
    )
    [article] = extract(page, settings)
    assert article.title == "Jakarta, Tokyo agree nickel HPAL plant"
    assert article.published == published
    assert article.authors == ["Wire desk"]


def test_broken_html_still_yields_the_story(settings: Settings) -> None:
    [article] = extract(html_page("broken.html"), settings)
    assert article.title == "US widens export curbs on advanced chip tools"
    assert "takes effect in 30 days and also covers spare parts" in article.text
    assert "Tokyo Electron and ASML said they were studying the rule" in article.text
    assert "not text" not in article.text
    assert article.removed == ["Advertisement"]


@pytest.mark.parametrize(
    ("content", "left"),
    [
        ((PAGES / "unclosed_title.html").read_text(encoding="utf-8"), ""),
        ("", ""),
        ("   \n", ""),
        ("\x00\x01\x02<p", ""),
        ("<<<>>></p></div><html><", " (7 characters after cleaning)"),  # the text "<<<>>><"
        ('<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', ""),
    ],
    ids=["unclosed-title", "empty", "blank", "control-bytes", "tag-soup", "rss"],
)
def test_malformed_html_raises_extraction_error_not_a_traceback(
    content: str, left: str, settings: Settings
) -> None:
    page = Page(source="metals-ledger", content=content, url=URL)
    with pytest.raises(ExtractionError) as err:
        extract(page, settings)
    assert str(err.value) == f"No article text found in {URL}{left}."


def test_page_with_only_furniture_reports_what_was_left(settings: Settings) -> None:
    with pytest.raises(ExtractionError) as err:
        extract(html_page("empty.html"), settings)
    # trafilatura returns the nav ("Home", "Markets", "Subscribe"); cleaning leaves "Markets".
    assert str(err.value) == f"No article text found in {URL} (7 characters after cleaning)."


def test_error_names_the_source_when_the_page_has_no_url(settings: Settings) -> None:
    page = Page(source="inbox/2026-03-04.eml", content="<html><body></body></html>")
    with pytest.raises(
        ExtractionError, match=r"^No article text found in inbox/2026-03-04\.eml\.$"
    ):
        extract(page, settings)


def test_extract_html_returns_text_and_metadata_in_one_pass() -> None:
    found = extract_html(html_page("nickel_boilerplate.html"))
    assert found.title == "Indonesia and Japan sign nickel processing pact"
    assert found.text.count("\n") >= 6  # one paragraph per line
    assert found.site_name == "Metals Ledger"


def test_extracted_main_text_keeps_list_items_and_subheadings() -> None:
    from assay.extract.furniture import classify_lines

    lines = [
        "Apple cut prices on its earphones for the holiday sales, the company said on its "
        "website, and retailers followed within hours.",
        "What is in the box",
        "- Wireless charging case",
        "- Quick access to Siri",
        "Share on Facebook",
        "The discounts run until Monday, when prices return to their usual level.",
    ]
    removed = [v.line for v in classify_lines(lines, extracted=True) if v.furniture]
    assert removed == ["Share on Facebook"]
