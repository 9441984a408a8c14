"""The one HTTP client: timeouts, user agent, SSRF guard on every hop, size cap, robots.txt.

Redirects are followed by hand so `check_url` sees every hop. The body is decompressed by
us with a running cap, so a small gzip bomb is refused before it fills memory.
"""

from __future__ import annotations

import functools
import re
import ssl
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpcore
import httpx

from assay.errors import FetchError, InputError, RobotsDisallowed
from assay.models import Page, PageKind
from assay.settings import Settings
from assay.sources.deadline import deadline
from assay.sources.decode import decode_bytes, looks_binary, looks_like_html
from assay.sources.guard import GuardedBackend, check_url

REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 65_536


@dataclass
class FetchResult:
    """A fetched response. `url` is the final URL after redirects; `text` is decoded."""

    url: str
    status: int
    content: bytes
    text: str
    content_type: str
    etag: str | None
    last_modified: str | None
    not_modified: bool = False


def make_client(settings: Settings) -> httpx.Client:
    """The httpx client every fetch goes through; redirects are followed by `fetch`."""
    context = _tls_context()
    transport = httpx.HTTPTransport(verify=context)
    # httpx has no public hook for the network backend; swap the pool for one using ours.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=context,
        max_connections=100,
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        network_backend=GuardedBackend(settings.allow_private),
    )
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(settings.fetch_timeout),
        # Only encodings `_decoded_chunks` can decompress under the size cap.
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        follow_redirects=False,
        trust_env=False,
    )


@functools.cache
def _tls_context() -> ssl.SSLContext:
    # Building the certificate store costs ~0.2 s; one read-only context serves every client.
    return httpx.create_ssl_context()


def fetch(
    client: httpx.Client,
    url: str,
    settings: Settings,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    robots: RobotsCache | None = None,
) -> FetchResult:
    """GET `url`, guarding and (when `robots` is given) robots-checking every redirect hop.

    The whole fetch, redirects and body included, ends within `settings.fetch_timeout`
    seconds. A 429 or 503 whose Retry-After asks for at most `settings.fetch_max_retry_wait`
    seconds is waited out and tried once more. Raises FetchError (transient for timeouts,
    connection errors, 429 and 5xx; `retry_after` when the server named a wait),
    BlockedTarget, RobotsDisallowed or InputError. A 304 gives `not_modified=True`.
    """
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with deadline(settings.fetch_timeout):
            return _follow(client, url, settings, headers, robots)
    except FetchError as exc:
        wait = exc.retry_after
        if wait is None or wait > settings.fetch_max_retry_wait:
            raise
    # The server named a short wait (Retry-After on 429/503): wait it out, try once more.
    time.sleep(wait)
    with deadline(settings.fetch_timeout):
        return _follow(client, url, settings, headers, robots)


def _follow(
    client: httpx.Client,
    url: str,
    settings: Settings,
    headers: dict[str, str],
    robots: RobotsCache | None,
) -> FetchResult:
    """GET `url`, following redirects by hand so every hop is guarded and robots-checked."""
    seen = [url]
    current = url
    while True:
        check_url(current, settings.allow_private)
        if robots is not None and settings.respect_robots and not robots.allowed(current):
            raise RobotsDisallowed(
                f"robots.txt forbids fetching {current}; set ASSAY_RESPECT_ROBOTS=false "
                "only if you have the site's permission."
            )
        result = _fetch_once(client, current, settings, headers)
        if isinstance(result, FetchResult):
            return result
        target = urljoin(current, result)
        if target in seen:
            raise FetchError(f"Redirect loop fetching {url}: {current} -> {target}")
        seen.append(target)
        if len(seen) - 1 > settings.fetch_max_redirects:
            raise FetchError(
                f"Too many redirects (more than {settings.fetch_max_redirects}) fetching {url}; "
                "raise ASSAY_FETCH_MAX_REDIRECTS to follow more."
            )
        current = target


def fetch_page(
    client: httpx.Client, url: str, settings: Settings, robots: RobotsCache | None
) -> Page:
    """Fetch an article page: HTML or text, never a binary file or a feed."""
    result = fetch(client, url, settings, robots=robots)
    return Page(
        source=url,
        content=result.text,
        kind=page_kind(result),
        url=result.url,
        fetched_at=datetime.now(UTC),
    )


def page_kind(result: FetchResult) -> PageKind:
    """html, text or markdown by content type; InputError for binaries and feeds."""
    ctype = result.content_type
    if ctype in ("text/html", "application/xhtml+xml"):
        return "html"
    if ctype == "text/markdown":
        return "markdown"
    feed_type = ctype in ("application/rss+xml", "application/atom+xml")
    if feed_type or (ctype.endswith("xml") and _FEED_ROOT.search(result.content[:4096])):
        raise InputError(
            f"URL returned {ctype}, a feed, not an article page; add it with `assay feeds add`."
        )
    binary = ctype.startswith(("image/", "audio/", "video/", "font/")) or ctype in _BINARY_TYPES
    if binary or looks_binary(result.content):
        raise InputError(f"URL returned {ctype or 'binary data'}, not an article page")
    if ctype == "text/plain":
        return "text"
    return "html" if looks_like_html(result.text) else "text"


_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF|urlset|sitemapindex)[\s>]")
_BINARY_TYPES = frozenset(
    {
        "application/pdf",
        "application/octet-stream",
        "application/zip",
        "application/gzip",
        "application/x-gzip",
        "application/msword",
        "application/vnd.ms-excel",
    }
)


class RobotsCache:
    """robots.txt per host, fetched once per instance through the guarded client.

    A missing or unreadable robots.txt (4xx, 5xx, network error) means everything is allowed;
    the answer is cached either way so a failing host is not asked again for each URL.
    """

    def __init__(self, client: httpx.Client, settings: Settings) -> None:
        self.client = client
        self.settings = settings
        self._parsers: dict[str, RobotFileParser | None] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self.fetches = 0

    def allowed(self, url: str) -> bool:
        """True if our user agent may fetch `url`."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        with self._guard:
            lock = self._locks.setdefault(origin, threading.Lock())
        # One lock per host: concurrent feed polls wait for one robots.txt fetch, not many.
        with lock:
            if origin not in self._parsers:
                self._parsers[origin] = self._load(origin)
        parser = self._parsers[origin]
        return parser is None or parser.can_fetch(self.settings.user_agent, url)

    def _load(self, origin: str) -> RobotFileParser | None:
        self.fetches += 1
        try:
            result = fetch(self.client, f"{origin}/robots.txt", self.settings)
        except FetchError:
            return None
        parser = RobotFileParser()
        parser.parse(result.text.splitlines())
        return parser


def _fetch_once(
    client: httpx.Client, url: str, settings: Settings, headers: dict[str, str]
) -> FetchResult | str:
    """One request: a FetchResult, or the Location of a redirect."""
    timeout = settings.fetch_timeout
    deadline = time.monotonic() + timeout
    try:
        with client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            if status in REDIRECTS and "location" in response.headers:
                return response.headers["location"]
            if status == 304:
                return _result(url, response, b"", not_modified=True)
            _raise_for_status(url, status, response.headers.get("retry-after"))
            body = _read_capped(url, response, settings.fetch_max_bytes, deadline, timeout)
            return _result(url, response, body)
    except httpx.TimeoutException:
        raise FetchError(f"Timed out after {timeout:g}s fetching {url}", transient=True) from None
    except httpx.ConnectError as exc:
        host = urlsplit(url).netloc
        raise FetchError(f"Cannot connect to host {host}: {exc}", transient=True) from None
    except httpx.InvalidURL as exc:
        # httpx parses a redirect's Location before we see it: `data:`, `javascript:` and
        # malformed targets end here. Retrying cannot help.
        raise FetchError(
            f"Cannot follow {url}: it redirects to an invalid or non-http(s) location ({exc})."
        ) from None
    except httpx.TransportError as exc:
        raise FetchError(f"Network error fetching {url}: {exc}", transient=True) from None


def _raise_for_status(url: str, status: int, retry_after: str | None = None) -> None:
    if 200 <= status < 300:
        return
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Unknown status"
    transient = status == 429 or status >= 500
    wait = parse_retry_after(retry_after) if status in (429, 503) else None
    message = f"HTTP {status} {reason} fetching {url}"
    if wait is not None:
        message += f"; the server asks to retry in {wait:.0f}s"
    elif transient:
        message += "; will retry later"
    raise FetchError(message, transient=transient, status=status, retry_after=wait)


# Retry-After beyond this (a week) is treated as a wait of a week.
_MAX_RETRY_AFTER = 7 * 86_400.0


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return min(float(text), _MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max(0.0, (when - datetime.now(UTC)).total_seconds()), _MAX_RETRY_AFTER)


def _read_capped(
    url: str, response: httpx.Response, limit: int, deadline: float, timeout: float
) -> bytes:
    declared = response.headers.get("content-length", "")
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    # A compressed body never decompresses to fewer bytes than it sent, near enough.
    if declared.isdigit() and int(declared) > limit:
        raise _too_big(url, limit)
    parts: list[bytes] = []
    size = 0
    for chunk in _decoded_chunks(url, response, encoding, limit):
        size += len(chunk)
        if size > limit:
            raise _too_big(url, limit)
        parts.append(chunk)
        # httpx's timeout is per read; this bounds a server that drips bytes forever.
        if time.monotonic() > deadline:
            raise FetchError(f"Timed out after {timeout:g}s fetching {url}", transient=True)
    return b"".join(parts)


def _decoded_chunks(
    url: str, response: httpx.Response, encoding: str, limit: int
) -> Iterator[bytes]:
    if encoding in ("identity", ""):
        yield from response.iter_raw(_CHUNK)
        return
    if encoding in ("gzip", "x-gzip"):
        decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
    elif encoding == "deflate":
        decoder = None  # zlib-wrapped or raw: decided on the first chunk
    else:
        raise FetchError(f"{url} sent an unsupported Content-Encoding {encoding!r}")
    produced = 0
    try:
        for raw in response.iter_raw(_CHUNK):
            if decoder is None:
                decoder = zlib.decompressobj(zlib.MAX_WBITS if raw[:1] == b"\x78" else -15)
            data = raw
            # max_length bounds each step, so a bomb never inflates past the cap in memory.
            while data and produced <= limit:
                out = decoder.decompress(data, limit + 1 - produced)
                produced += len(out)
                yield out
                data = decoder.unconsumed_tail
        if decoder is not None and produced <= limit:
            yield decoder.flush()
    except zlib.error as exc:
        raise FetchError(f"Corrupt {encoding} body from {url}: {exc}") from None


def _too_big(url: str, limit: int) -> FetchError:
    return FetchError(
        f"Response from {url} exceeds {limit} bytes; raise ASSAY_FETCH_MAX_BYTES to accept it."
    )


def _result(
    url: str, response: httpx.Response, body: bytes, *, not_modified: bool = False
) -> FetchResult:
    header = response.headers.get("content-type", "")
    message = Message()
    message["content-type"] = header
    ctype = message.get_content_type() if header else ""
    charset = message.get_param("charset") if header else None
    text = decode_bytes(body, charset if isinstance(charset, str) else None) if body else ""
    return FetchResult(
        url=url,
        status=response.status_code,
        content=body,
        text=text,
        content_type=ctype,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        not_modified=not_modified,
    )
