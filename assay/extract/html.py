"""HTML pages: main text and metadata from trafilatura in one pass."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from lxml.etree import LxmlError

from assay.errors import ExtractionError
from assay.models import Page

__all__ = ["HtmlResult", "extract_html"]

# Comment sections are kept by trafilatura's default; they are not the story.
_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "with_metadata": True,
    # The extensive date search (dateparser over the whole page) costs a third of the time.
    "date_extraction_params": {"original_date": True, "extensive_search": False},
}


@dataclass
class HtmlResult:
    """What trafilatura found: text (paragraphs one per line) and page metadata."""

    text: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    site_name: str | None = None
    url: str | None = None


# htmldate keeps only the day; publishers state the time in these tags, so when one of them
# agrees with htmldate's day its full timestamp is used.
_TIMESTAMP = re.compile(
    r"""(?:property|name|itemprop)=["'](?:article:published_time|og:published_time|"""
    r"""datePublished|pubdate)["'][^>]*?content=["']([^"']+)["']"""
    r'|"datePublished"\s*:\s*"([^"]+)"',
    re.IGNORECASE,
)


def _timestamp(content: str, day: datetime | None) -> datetime | None:
    """The page's own publication timestamp, if it has one on htmldate's day."""
    match = _TIMESTAMP.search(content, 0, 200_000)
    if not match:
        return day
    stamp = _parse_date(match.group(1) or match.group(2))
    if stamp is None or (day is not None and stamp.date() != day.date()):
        return day
    return stamp


def _parse_date(value: str | None) -> datetime | None:
    """htmldate gives YYYY-MM-DD; keep it as midnight UTC so it compares with feed dates."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def extract_html(page: Page) -> HtmlResult:
    """Main text, title, authors, date and site name of an HTML page.

    Page hints (feed title, published date, authors) win over guessed metadata when present.
    Raises ExtractionError when the page has no article text, even if it is malformed.
    """
    import trafilatura
    from trafilatura.settings import Document

    where = page.url or page.source
    content = page.content.replace("\x00", "")
    if not content.strip():
        raise ExtractionError(f"No article text found in {where}.")
    try:
        doc = trafilatura.bare_extraction(content, url=page.url, **_OPTIONS)
    except (LxmlError, ValueError, TypeError, AttributeError, AssertionError):
        # trafilatura trips on some malformed trees (and lxml's drop_tree asserts when
        # htmldate drops a root element); for the user that is "no article here".
        raise ExtractionError(f"No article text found in {where}.") from None
    if not isinstance(doc, Document) or not (doc.text or "").strip():
        raise ExtractionError(f"No article text found in {where}.")
    text = (doc.text or "").strip()
    guessed_authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return HtmlResult(
        text=text,
        title=(page.title or doc.title or "").strip(),
        authors=list(page.authors) or guessed_authors,
        published=page.published or _timestamp(content, _parse_date(doc.date)),
        site_name=doc.sitename or None,
        url=doc.url if (doc.url or "").startswith(("http://", "https://")) else None,
    )
