"""RSS/Atom feeds and sitemaps: parse, poll conditionally and concurrently, back off on errors.

`poll_feed` raises; `poll_feeds` never does for one bad feed: each PollResult carries either
entries (plus the new ETag/Last-Modified) or the error message and whether it is transient.

`entry_page` fetches an entry's article page. If that fails permanently (404, robots.txt,
blocked address, binary file) and the feed itself carried the story (content or summary
with at least `settings.min_text_chars` characters of text), the feed's HTML is used
instead; a transient failure is raised so the caller retries and gets the full page later.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from assay.errors import AssayError, FeedNotFound, FetchError, InputError
from assay.models import Page
from assay.settings import Settings
from assay.sources.caps import cap_page
from assay.sources.feed_parser import FeedEntry, ParsedFeed, parse_any, parse_feed
from assay.sources.http import RobotsCache, fetch, fetch_page

__all__ = [
    "FeedEntry",
    "FeedState",
    "HostBackoff",
    "ParsedFeed",
    "PollResult",
    "entry_page",
    "next_poll_delay",
    "parse_any",
    "parse_feed",
    "poll_feed",
    "poll_feeds",
]

_TAGS = re.compile(r"<[^>]+>")


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
    retry_after: float | None = None  # the wait a 429/503 asked for, in seconds
    # Partial trouble in a poll that worked: (url, error) of child sitemaps that failed.
    problems: list[tuple[str, FetchError | FeedNotFound]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # items skipped past the caps

    @property
    def ok(self) -> bool:
        return self.error is None


def poll_feed(
    client: httpx.Client,
    url: str,
    settings: Settings,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    robots: RobotsCache | None = None,
) -> PollResult:
    """Fetch a feed or sitemap conditionally and parse it; raises FetchError or FeedNotFound.

    A sitemap index brings in the entries of its newest `settings.max_sitemap_children`
    child sitemaps; a child that fails is listed in `problems`, the others still count.
    """
    result = fetch(client, url, settings, etag=etag, last_modified=last_modified, robots=robots)
    if result.not_modified:
        return PollResult(
            url=url,
            etag=result.etag or etag,
            last_modified=result.last_modified or last_modified,
            not_modified=True,
        )
    parsed = parse_any(result.content, url, settings.max_feed_items)
    poll = PollResult(
        url=url,
        title=parsed.title,
        entries=parsed.entries,
        sitemaps=parsed.sitemaps,
        etag=result.etag,
        last_modified=result.last_modified,
    )
    _note_skipped(poll, parsed, settings)
    if parsed.sitemaps:
        _add_child_sitemaps(client, poll, settings, robots)
    return poll


def _note_skipped(poll: PollResult, parsed: ParsedFeed, settings: Settings) -> None:
    if parsed.skipped:
        poll.notes.append(
            f"{parsed.url} lists {parsed.skipped:,} more items than ASSAY_MAX_FEED_ITEMS "
            f"({settings.max_feed_items:,}); they were skipped."
        )
    if parsed.bad:
        poll.notes.append(f"{parsed.url}: {parsed.bad} item(s) could not be read and were skipped.")


def _add_child_sitemaps(
    client: httpx.Client, poll: PollResult, settings: Settings, robots: RobotsCache | None
) -> None:
    children = poll.sitemaps[: settings.max_sitemap_children]
    if len(poll.sitemaps) > len(children):
        poll.notes.append(
            f"{poll.url} lists {len(poll.sitemaps):,} sitemaps; only the newest "
            f"{len(children)} were read (ASSAY_MAX_SITEMAP_CHILDREN)."
        )
    seen = {e.entry_id for e in poll.entries}
    for child in children:
        room = settings.max_feed_items - len(poll.entries)
        if room <= 0:
            break
        try:
            # Only one level: a child that is itself an index adds no entries.
            result = fetch(client, child, settings, robots=robots)
            parsed = parse_any(result.content, child, room)
        except (FetchError, FeedNotFound) as exc:
            poll.problems.append((child, exc))
            continue
        _note_skipped(poll, parsed, settings)
        for entry in parsed.entries:
            if entry.entry_id not in seen:
                seen.add(entry.entry_id)
                poll.entries.append(entry)


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
            retry_after = exc.retry_after if isinstance(exc, FetchError) else None
            if backoff is not None and transient:
                backoff.failure(state.url, retry_after)
            return PollResult(
                url=state.url,
                feed_id=state.feed_id,
                etag=state.etag,
                last_modified=state.last_modified,
                error=str(exc),
                transient=transient,
                retry_after=retry_after,
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


def next_poll_delay(error_count: int, settings: Settings, retry_after: float | None = None) -> int:
    """Seconds until the next poll: the interval when healthy, doubled per consecutive error,
    never sooner than the server's Retry-After, never later than `feed_max_backoff`."""
    if error_count <= 0:
        return settings.feed_interval
    # Cap the exponent first: 2**10000 is a valid int but a pointless one.
    factor = 2 ** min(error_count, 40)
    delay = max(settings.feed_interval * factor, retry_after or 0)
    return int(min(delay, settings.feed_max_backoff))


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

    def failure(self, url: str, retry_after: float | None = None) -> int:
        """Record a transient failure; returns the host's new delay in seconds (at least
        the server's Retry-After, at most `feed_max_backoff`)."""
        host = _host(url)
        with self._lock:
            count = self.errors.get(host, 0) + 1
            self.errors[host] = count
            delay = next_poll_delay(count, self.settings, retry_after)
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
    return cap_page(page, settings)


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
