"""RSS/Atom feeds and sitemaps: parse, poll conditionally and concurrently, back off on errors.

`poll_feed` raises; `poll_feeds` never does for one bad feed: each PollResult carries either
entries (plus the new ETag/Last-Modified) or the error message and whether it is transient.

`entry_page` fetches an entry's article page. If that fails permanently (404, robots.txt,
blocked address, binary file) and the feed itself carried the story (content or summary
with at least `settings.min_text_chars` characters of text), the feed's HTML is used
instead; a transient failure is raised so the caller retries and gets the full page later.
"""

from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import feedparser
import httpx

from assay.errors import AssayError, FeedNotFound, FetchError, InputError
from assay.models import Page
from assay.settings import Settings
from assay.sources.dates import from_struct
from assay.sources.http import RobotsCache, fetch, fetch_page
from assay.sources.sitemaps import looks_like_sitemap, parse_sitemap

_TAGS = re.compile(r"<[^>]+>")


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


@dataclass(frozen=True)
class FeedState:
    """What `poll_feeds` needs to poll one feed: its URL and the validators from last time."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    feed_id: int | None = None


@dataclass
class PollResult:
    """Entries and new validators, or `error` (with `transient`) when the poll failed."""

    url: str
    feed_id: int | None = None
    title: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    error: str | None = None
    transient: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


def parse_feed(content: bytes, url: str) -> ParsedFeed:
    """Parse RSS or Atom; FeedNotFound when the body is an HTML page, garbage or empty junk."""
    # A stream, never bytes: feedparser opens a bytes argument as a local file path if it can,
    # so a response body of b"/etc/passwd" would read that file.
    parsed = feedparser.parse(io.BytesIO(content))
    version = parsed.get("version") or ""
    entries = [e for e in (_entry(raw) for raw in parsed.entries) if e is not None]
    # A truncated feed can still yield usable entries; one with none is not worth keeping.
    if not entries and (parsed.bozo or not version):
        raise FeedNotFound(f"No feed found at {url}. Pass the feed URL itself, or use --sitemap.")
    info = parsed.feed
    return ParsedFeed(
        url=url,
        title=info.get("title") or None,
        link=info.get("link") or None,
        entries=entries,
        format=version or "unknown",
    )


def _entry(raw: Any) -> FeedEntry | None:
    link = raw.get("link") or None
    content = ""
    for part in raw.get("content") or []:
        # Atom may carry several content elements; keep the longest (usually the full story).
        if len(part.get("value", "")) > len(content):
            content = part["value"]
    entry_id = raw.get("id") or link
    if not entry_id:
        return None  # nothing stable to deduplicate on
    authors = [a["name"] for a in raw.get("authors") or [] if a.get("name")]
    return FeedEntry(
        entry_id=entry_id,
        link=link,
        title=raw.get("title") or None,
        published=from_struct(raw.get("published_parsed") or raw.get("updated_parsed")),
        summary=raw.get("summary") or "",
        content=content,
        authors=authors,
    )


def parse_any(content: bytes, url: str) -> ParsedFeed:
    """A sitemap when the root says so, else an RSS/Atom feed."""
    if not looks_like_sitemap(content):
        return parse_feed(content, url)
    items = parse_sitemap(content, url)
    return ParsedFeed(
        url=url,
        title=None,
        link=None,
        entries=[
            FeedEntry(entry_id=i.loc, link=i.loc, title=i.title, published=i.published or i.lastmod)
            for i in items
            if not i.is_sitemap
        ],
        format="sitemap",
        sitemaps=[i.loc for i in items if i.is_sitemap],
    )


def poll_feed(
    client: httpx.Client,
    url: str,
    settings: Settings,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    robots: RobotsCache | None = None,
) -> PollResult:
    """Fetch a feed or sitemap conditionally and parse it; raises FetchError or FeedNotFound."""
    result = fetch(client, url, settings, etag=etag, last_modified=last_modified, robots=robots)
    if result.not_modified:
        return PollResult(
            url=url,
            etag=result.etag or etag,
            last_modified=result.last_modified or last_modified,
            not_modified=True,
        )
    parsed = parse_any(result.content, url)
    return PollResult(
        url=url,
        title=parsed.title,
        entries=parsed.entries,
        sitemaps=parsed.sitemaps,
        etag=result.etag,
        last_modified=result.last_modified,
    )


def poll_feeds(
    items: Iterable[FeedState | str],
    settings: Settings,
    client: httpx.Client,
    *,
    robots: RobotsCache | None = None,
    backoff: HostBackoff | None = None,
) -> list[PollResult]:
    """Poll feeds `settings.feed_concurrency` at a time; results in input order, never raises.

    With `backoff`, feeds on a host that is backing off are skipped (a transient error), and
    each transient failure or success is recorded against the feed's host.
    """
    states = [FeedState(i) if isinstance(i, str) else i for i in items]

    def poll(state: FeedState) -> PollResult:
        if backoff is not None and not backoff.ready(state.url):
            host = _host(state.url)
            failures = backoff.errors.get(host, 0)
            return PollResult(
                url=state.url,
                feed_id=state.feed_id,
                etag=state.etag,
                last_modified=state.last_modified,
                error=(
                    f"Skipped {state.url}: host {host} is backing off after {failures} "
                    f"failed poll{'' if failures == 1 else 's'}; "
                    f"next try in {backoff.wait(state.url):.0f}s."
                ),
                transient=True,
            )
        try:
            result = poll_feed(
                client,
                state.url,
                settings,
                etag=state.etag,
                last_modified=state.last_modified,
                robots=robots,
            )
        except AssayError as exc:
            transient = isinstance(exc, FetchError) and exc.transient
            if backoff is not None and transient:
                backoff.failure(state.url)
            return PollResult(
                url=state.url,
                feed_id=state.feed_id,
                etag=state.etag,
                last_modified=state.last_modified,
                error=str(exc),
                transient=transient,
            )
        if backoff is not None:
            backoff.success(state.url)
        result.feed_id = state.feed_id
        return result

    if not states:
        return []
    workers = max(1, min(settings.feed_concurrency, len(states)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="assay-poll") as pool:
        return list(pool.map(poll, states))


def next_poll_delay(error_count: int, settings: Settings) -> int:
    """Seconds until the next poll: the interval when healthy, doubled per consecutive error."""
    if error_count <= 0:
        return settings.feed_interval
    # Cap the exponent first: 2**10000 is a valid int but a pointless one.
    factor = 2 ** min(error_count, 40)
    return int(min(settings.feed_interval * factor, settings.feed_max_backoff))


class HostBackoff:
    """Consecutive transient failures per host, so every feed on a failing host waits.

    `errors` and `until` are dicts keyed by host name; `clock` is injectable for tests.
    """

    def __init__(self, settings: Settings, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self.clock = clock
        self.errors: dict[str, int] = {}
        self.until: dict[str, float] = {}
        self._lock = threading.Lock()

    def ready(self, url: str) -> bool:
        """True when the URL's host is not backing off."""
        return self.wait(url) <= 0

    def wait(self, url: str) -> float:
        """Seconds until the URL's host may be tried again (0 when it may be now)."""
        with self._lock:
            return max(0.0, self.until.get(_host(url), 0.0) - self.clock())

    def failure(self, url: str) -> int:
        """Record a transient failure; returns the host's new delay in seconds."""
        host = _host(url)
        with self._lock:
            count = self.errors.get(host, 0) + 1
            self.errors[host] = count
            delay = next_poll_delay(count, self.settings)
            self.until[host] = self.clock() + delay
            return delay

    def success(self, url: str) -> None:
        """The host answered: forget its failures."""
        host = _host(url)
        with self._lock:
            self.errors.pop(host, None)
            self.until.pop(host, None)


def entry_page(
    client: httpx.Client,
    entry: FeedEntry,
    settings: Settings,
    robots: RobotsCache | None,
    *,
    feed_id: int | None = None,
) -> Page:
    """The article page for a feed entry, with the entry's title, date and ids as hints."""
    fallback = entry.content if _text_len(entry.content) >= _text_len(entry.summary) else ""
    fallback = fallback or entry.summary
    usable = _text_len(fallback) >= settings.min_text_chars
    if entry.link:
        try:
            page = fetch_page(client, entry.link, settings, robots)
        except FetchError as exc:
            if exc.transient or not usable:
                raise
            page = _content_page(entry, fallback)
        except InputError:
            if not usable:
                raise
            page = _content_page(entry, fallback)
    elif usable:
        page = _content_page(entry, fallback)
    else:
        raise InputError(f"Feed entry {entry.entry_id!r} has no link and no article text.")
    page.title = entry.title or page.title
    page.published = entry.published or page.published
    page.authors = entry.authors or page.authors
    page.entry_id = entry.entry_id
    page.feed_id = feed_id
    return page


def _content_page(entry: FeedEntry, html: str) -> Page:
    return Page(
        source=entry.link or entry.entry_id,
        content=html,
        kind="html",
        url=entry.link,
        fetched_at=datetime.now(UTC),
    )


def _text_len(html: str) -> int:
    return len(" ".join(_TAGS.sub(" ", html).split()))


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).lower()
