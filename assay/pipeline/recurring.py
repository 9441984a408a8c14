"""Lines a source repeats on its pages, passed to extraction as furniture evidence.

A site's masthead, menus and footers come back on every page; its stories do not. For a
page from a feed (else from a site: same scheme and host), the lines found on two or more
of that source's latest articles in the store, and of the pages read before it in this
run, are given to `extract` as `recurring`. Lines of story-sentence length are left out:
a story updated under a new URL must not read as furniture.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from assay.extract.furniture import recurring_lines
from assay.models import Article, Page

if TYPE_CHECKING:
    from assay.store import Store

RECENT = 20  # articles of a source compared with a new page
_MAX_WORDS = 12  # from 12 words a line reads as a story sentence

SourceKey = tuple[int | None, str | None]  # (feed id, site URL prefix)


def source_key(page: Page) -> SourceKey | None:
    """The feed a page came from, else its site ("https://host/"); None for files and for
    JSON Lines records (their text is kept whole)."""
    if page.verbatim:
        return None
    if page.feed_id is not None:
        return (page.feed_id, None)
    parts = urlsplit(page.url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return (None, f"{parts.scheme}://{parts.netloc}/")
    return None


def _short(lines: Sequence[str]) -> list[str]:
    return [line for line in lines if line.strip() and len(line.split()) < _MAX_WORDS]


class SourceLines:
    """The recent pages of each source seen in one run, read from the store once per source."""

    def __init__(self, store: Store, recent: int = RECENT) -> None:
        self.store = store
        self.recent = recent
        self._pages: dict[SourceKey, deque[list[str]]] = {}
        self._recurring: dict[SourceKey, frozenset[str]] = {}

    def recurring(self, page: Page) -> frozenset[str]:
        """Normalised lines found on two or more recent pages of `page`'s source."""
        key = source_key(page)
        if key is None:
            return frozenset()
        if key not in self._pages:
            stored = self.store.recent_lines(key[0], key[1], self.recent)
            self._pages[key] = deque((_short(lines) for lines in stored), maxlen=self.recent)
        if key not in self._recurring:
            found = recurring_lines("\n".join(lines) for lines in self._pages[key])
            self._recurring[key] = frozenset(
                line for line in found if len(line.split()) < _MAX_WORDS
            )
        return self._recurring[key]

    def add(self, page: Page, articles: Sequence[Article]) -> None:
        """Count an extracted page's lines (titles, kept and removed) for the pages after it."""
        key = source_key(page)
        if key is None or key not in self._pages:
            return
        lines = [line for a in articles for line in (a.title, *a.text.split("\n"), *a.removed)]
        self._pages[key].appendleft(_short(lines))
        self._recurring.pop(key, None)
