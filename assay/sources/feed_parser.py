"""RSS and Atom feeds and sitemaps parsed into entries, hardened against hostile feeds.

Invalid character references are neutralised before parsing, at most `max_items` items
are parsed, a parser crash is a FeedNotFound for that feed, and an item that cannot be
read is skipped, never the whole feed.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser

from assay.errors import FeedNotFound
from assay.sources.dates import from_struct
from assay.sources.sitemaps import SitemapEntry, looks_like_sitemap, parse_sitemap

_SURROGATES = re.compile("[\ud800-\udfff]")
_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_ITEM_END = re.compile(rb"</(?:[\w.-]+:)?(?:item|entry)\s*>", re.IGNORECASE)


@dataclass
class FeedEntry:
    """One feed item or sitemap URL. `summary` and `content` are HTML as the feed gave them."""

    entry_id: str
    link: str | None
    title: str | None = None
    published: datetime | None = None
    summary: str = ""
    content: str = ""
    authors: list[str] = field(default_factory=list)


@dataclass
class ParsedFeed:
    """A parsed feed or sitemap. `sitemaps` lists child sitemaps when it is a sitemap index."""

    url: str
    title: str | None
    link: str | None
    entries: list[FeedEntry]
    format: str
    sitemaps: list[str] = field(default_factory=list)
    skipped: int = 0  # items past the cap, not parsed
    bad: int = 0  # items that could not be read


def parse_feed(content: bytes, url: str, max_items: int | None = None) -> ParsedFeed:
    """Parse RSS or Atom; FeedNotFound when the body is an HTML page, garbage or empty junk.

    At most `max_items` items are parsed (`skipped` counts the rest); an item that cannot
    be read is dropped (`bad`) and the others are kept.
    """
    content = _valid_charrefs(content)
    skipped = 0
    if max_items is not None:
        content, skipped = _first_items(content, max_items)
    try:
        # A stream, never bytes: feedparser opens a bytes argument as a local file path if
        # it can, so a response body of b"/etc/passwd" would read that file.
        parsed = feedparser.parse(io.BytesIO(content))
    except Exception as exc:  # its loose fallback parser fails in arbitrary ways
        raise FeedNotFound(f"Cannot parse the feed at {url}: {type(exc).__name__}: {exc}") from None
    version = parsed.get("version") or ""
    entries: list[FeedEntry] = []
    bad = 0
    for raw in parsed.entries:
        try:
            entry = _entry(raw)
        except (AttributeError, KeyError, TypeError, ValueError):
            bad += 1
            continue
        if entry is not None:
            entries.append(entry)
    # A truncated feed can still yield usable entries; one with none is not worth keeping.
    if not entries and (parsed.bozo or not version):
        raise FeedNotFound(f"No feed found at {url}. Pass the feed URL itself, or use --sitemap.")
    info = parsed.feed
    return ParsedFeed(
        url=url,
        title=_text(info.get("title")) or None,
        link=_text(info.get("link")) or None,
        entries=entries,
        format=version or "unknown",
        skipped=skipped,
        bad=bad,
    )


def _entry(raw: Any) -> FeedEntry | None:
    link = _text(raw.get("link")) or None
    content = ""
    for part in raw.get("content") or []:
        # Atom may carry several content elements; keep the longest (usually the full story).
        value = _text(part.get("value"))
        if len(value) > len(content):
            content = value
    entry_id = _text(raw.get("id")) or link
    if not entry_id:
        return None  # nothing stable to deduplicate on
    authors = [_text(a["name"]) for a in raw.get("authors") or [] if a.get("name")]
    return FeedEntry(
        entry_id=entry_id,
        link=link,
        title=_text(raw.get("title")) or None,
        published=from_struct(raw.get("published_parsed") or raw.get("updated_parsed")),
        summary=_text(raw.get("summary")),
        content=content,
        authors=authors,
    )


def _text(value: Any) -> str:
    """A string from feedparser, lone surrogates replaced (no database can store them)."""
    if not isinstance(value, str):
        return ""
    return _SURROGATES.sub("\ufffd", value)


def _valid_charrefs(content: bytes) -> bytes:
    # "&#xD800;" (a surrogate), "&#0;" and friends are not characters XML allows; the strict
    # parser refuses them and feedparser's loose fallback crashes. Make them U+FFFD.
    return _CHARREF.sub(_charref, content)


def _charref(match: re.Match[bytes]) -> bytes:
    hexa, dec = match.group(1), match.group(2)
    try:
        code = int(hexa, 16) if hexa else int(dec)
    except ValueError:
        return b"&#xFFFD;"
    allowed = code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
    return match.group(0) if allowed or 0x10000 <= code <= 0x10FFFF else b"&#xFFFD;"


def _first_items(content: bytes, max_items: int) -> tuple[bytes, int]:
    """`content` cut after its `max_items`-th item or entry, and how many items were cut.

    feedparser takes ~1 ms per item; a feed of 100,000 items would take minutes. The cut
    document lacks its closing tags, which feedparser tolerates.
    """
    ends = _ITEM_END.finditer(content)
    cut_at = None
    for n, match in enumerate(ends, 1):
        if n == max_items:
            cut_at = match.end()
            break
    if cut_at is None:
        return content, 0
    rest = sum(1 for _ in _ITEM_END.finditer(content, cut_at))
    return (content[:cut_at], rest) if rest else (content, 0)


def parse_any(content: bytes, url: str, max_items: int | None = None) -> ParsedFeed:
    """A sitemap when the root says so, else an RSS/Atom feed; at most `max_items` entries
    (a sitemap's newest first)."""
    if not looks_like_sitemap(content):
        return parse_feed(content, url, max_items)
    items = parse_sitemap(content, url)
    pages = newest_first([i for i in items if not i.is_sitemap])
    limit = len(pages) if max_items is None else max_items
    return ParsedFeed(
        url=url,
        title=None,
        link=None,
        entries=[
            FeedEntry(entry_id=i.loc, link=i.loc, title=i.title, published=i.published or i.lastmod)
            for i in pages[:limit]
        ],
        format="sitemap",
        sitemaps=[i.loc for i in newest_first([i for i in items if i.is_sitemap])],
        skipped=max(0, len(pages) - limit),
    )


def newest_first(items: list[SitemapEntry]) -> list[SitemapEntry]:
    """Sitemap entries by date, newest first; undated ones after, in document order."""
    oldest = datetime.min.replace(tzinfo=UTC)
    return sorted(items, key=lambda i: i.published or i.lastmod or oldest, reverse=True)
