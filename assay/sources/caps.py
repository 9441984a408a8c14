"""Per-item caps every source applies before extraction, so one huge item stays cheap.

Titles, page contents and author lists are cut to the settings' limits and the cut is
written into `Page.notes`, which the ingest report shows as warnings: nothing is cut
silently.
"""

from __future__ import annotations

from assay.models import Page
from assay.settings import Settings

MAX_AUTHORS = 20
MAX_AUTHOR_CHARS = 200


def cap_page(page: Page, settings: Settings) -> Page:
    """`page` with its title, content and authors within the caps (changed in place)."""
    if page.title is not None and len(page.title) > settings.max_title_chars:
        page.notes.append(
            f"title cut from {len(page.title):,} to {settings.max_title_chars:,} characters "
            "(ASSAY_MAX_TITLE_CHARS)"
        )
        page.title = cut(page.title, settings.max_title_chars - 1) + "…"
    html = page.kind == "html" and not page.verbatim
    limit = settings.max_html_chars if html else settings.max_text_chars
    if len(page.content) > limit:
        name = "ASSAY_MAX_HTML_CHARS" if html else "ASSAY_MAX_TEXT_CHARS"
        page.notes.append(
            f"{'HTML' if html else 'text'} cut from {len(page.content):,} to {limit:,} "
            f"characters ({name})"
        )
        page.content = cut(page.content, limit)
    if len(page.authors) > MAX_AUTHORS or any(len(a) > MAX_AUTHOR_CHARS for a in page.authors):
        page.authors = [cut(a, MAX_AUTHOR_CHARS) for a in page.authors[:MAX_AUTHORS]]
    return page


def cut(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, at a space when one is near the end."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ", max(0, limit - 100))
    return head[:space].rstrip() if space > 0 else head
