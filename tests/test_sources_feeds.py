"""Feeds and sitemaps: parsing, conditional and concurrent polling, backoff, entry pages."""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from httpserver import PAGES, LocalServer

from assay.errors import FeedNotFound, FetchError, InputError
from assay.settings import Settings
from assay.sources import (
    FeedEntry,
    FeedState,
    HostBackoff,
    RobotsCache,
    entry_page,
    make_client,
    next_poll_delay,
    parse_feed,
    parse_sitemap,
    poll_feed,
    poll_feeds,
)

BASE = "http://feeds.example"


@pytest.fixture
def client(settings: Settings) -> Iterator[httpx.Client]:
    with make_client(settings) as c:
        yield c


def fixture(name: str) -> bytes:
    return (PAGES / name).read_bytes().replace(b"{base}", BASE.encode())


def test_parse_rss_entries_ids_dates_and_authors() -> None:
    feed = parse_feed(fixture("rss.xml"), f"{BASE}/rss.xml")
    assert (feed.title, feed.link, feed.format) == ("Metals Wire", f"{BASE}/", "rss20")
    first, second = feed.entries
    assert first.entry_id == "metals-wire-1001"
    assert first.link == f"{BASE}/pages/article.html"
    assert first.title == "Lynas signs rare earths offtake with Japanese buyers"
    assert first.published == datetime(2024, 4, 30, 8, 15, tzinfo=UTC)
    assert first.authors == ["Jane Roe"]
    assert first.summary == "<p>Lynas signed a five-year offtake deal.</p>"
    # No guid: the link is the id. The +01:00 date is converted to UTC.
    assert second.entry_id == f"{BASE}/pages/gone.html"
    assert second.published == datetime(2024, 4, 29, 16, 0, tzinfo=UTC)


def test_parse_atom_keeps_full_content_and_summary() -> None:
    feed = parse_feed(fixture("atom.xml"), f"{BASE}/atom.xml")
    assert (feed.title, feed.format) == ("Battery Ledger", "atom10")
    [entry] = feed.entries
    assert entry.entry_id == "urn:uuid:bl-2024-0001"
    assert entry.published == datetime(2024, 5, 2, 9, 0, tzinfo=UTC)
    assert entry.summary == "Short teaser."
    assert entry.content == "<p>CATL will build a 100 GWh plant in Debrecen.</p>"
    assert entry.authors == ["Ana Lima"]


@pytest.mark.parametrize(
    "body",
    [
        (PAGES / "article.html").read_bytes(),
        (PAGES / "broken.xml").read_bytes(),
        b"\x00\x01\x02 not a feed",
        b"",
    ],
    ids=["html-page", "malformed-feed", "garbage", "empty"],
)
def test_parse_feed_refuses_non_feeds(body: bytes) -> None:
    with pytest.raises(FeedNotFound) as err:
        parse_feed(body, "https://news.example/")
    assert str(err.value) == (
        "No feed found at https://news.example/. Pass the feed URL itself, or use --sitemap."
    )


def test_parse_feed_never_reads_a_local_file_named_by_the_body() -> None:
    local_feed = str(PAGES / "rss.xml").encode()
    with pytest.raises(FeedNotFound):
        parse_feed(local_feed, "https://evil.example/feed")


def test_parse_feed_accepts_valid_feed_without_entries() -> None:
    body = b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    feed = parse_feed(body, "https://news.example/rss")
    assert (feed.title, feed.entries) == ("Quiet", [])


def test_parse_news_sitemap() -> None:
    entries = parse_sitemap(fixture("sitemap-news.xml"), f"{BASE}/sitemap.xml")
    news, plain = entries
    assert news.loc == f"{BASE}/pages/article.html"
    assert news.title == "Lynas signs rare earths offtake with Japanese buyers"
    assert news.published == datetime(2024, 5, 3, 4, 30, tzinfo=UTC)
    assert news.lastmod == datetime(2024, 5, 3, tzinfo=UTC)
    assert news.is_sitemap is False
    assert (plain.loc, plain.title, plain.published) == (f"{BASE}/pages/notes.txt", None, None)
    assert plain.lastmod == datetime(2024, 5, 1, 12, tzinfo=UTC)


def test_parse_sitemap_index_and_gzip() -> None:
    entries = parse_sitemap(gzip.compress(fixture("sitemap-index.xml")), f"{BASE}/index.xml.gz")
    assert [(e.loc, e.is_sitemap) for e in entries] == [
        (f"{BASE}/pages/sitemap-news.xml", True),
        (f"{BASE}/pages/sitemap-archive.xml", True),
    ]


def test_parse_sitemap_refuses_other_xml() -> None:
    with pytest.raises(FeedNotFound) as err:
        parse_sitemap(fixture("rss.xml"), f"{BASE}/rss.xml")
    assert str(err.value) == (
        f"No sitemap found at {BASE}/rss.xml. Pass the sitemap URL itself (often /sitemap.xml)."
    )


def test_parse_sitemap_does_not_expand_entities() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x "boom">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://a.example/&x;</loc></url></urlset>"
    )
    [entry] = parse_sitemap(body, "https://a.example/sitemap.xml")
    assert "boom" not in entry.loc


def test_poll_feed_conditional_second_poll_is_not_modified(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    url = http_server.url("/pages/rss.xml")
    first = poll_feed(client, url, settings)
    assert first.ok and not first.not_modified
    assert [e.entry_id for e in first.entries] == [
        "metals-wire-1001",
        http_server.url("/pages/gone.html"),
    ]
    assert first.etag is not None and first.last_modified is not None
    second = poll_feed(client, url, settings, etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified is True
    assert second.entries == []
    assert (second.etag, second.last_modified) == (first.etag, first.last_modified)


def test_poll_feed_reads_sitemaps_and_sitemap_indexes(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    news = poll_feed(client, http_server.url("/pages/sitemap-news.xml"), settings)
    assert [(e.link, e.title) for e in news.entries] == [
        (
            http_server.url("/pages/article.html"),
            "Lynas signs rare earths offtake with Japanese buyers",
        ),
        (http_server.url("/pages/notes.txt"), None),
    ]
    assert news.entries[1].published == datetime(2024, 5, 1, 12, tzinfo=UTC)
    # An index brings in its children's entries (newest child first); a child that fails
    # is a problem of that child, not of the poll.
    index = poll_feed(client, http_server.url("/pages/sitemap-index.xml"), settings)
    assert [e.link for e in index.entries] == [e.link for e in news.entries]
    assert index.sitemaps == [
        http_server.url("/pages/sitemap-news.xml"),
        http_server.url("/pages/sitemap-archive.xml"),
    ]
    [(child, error)] = index.problems
    assert child == http_server.url("/pages/sitemap-archive.xml")
    assert str(error) == f"HTTP 404 Not Found fetching {child}"


def test_poll_feeds_reports_each_error_without_raising(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    urls = [
        http_server.url("/pages/rss.xml"),
        http_server.url("/status/404"),
        http_server.url("/pages/broken.xml"),
        http_server.url("/status/503"),
        http_server.url("/pages/atom.xml"),
    ]
    items = [FeedState(u, feed_id=i) for i, u in enumerate(urls)]
    results = poll_feeds(items, settings, client)
    assert [(r.url, r.feed_id, r.ok, r.transient) for r in results] == [
        (urls[0], 0, True, False),
        (urls[1], 1, False, False),
        (urls[2], 2, False, False),
        (urls[3], 3, False, True),
        (urls[4], 4, True, False),
    ]
    assert results[1].error == f"HTTP 404 Not Found fetching {urls[1]}"
    assert results[2].error == (
        f"No feed found at {urls[2]}. Pass the feed URL itself, or use --sitemap."
    )
    assert results[3].error == f"HTTP 503 Service Unavailable fetching {urls[3]}; will retry later"
    assert [len(r.entries) for r in results] == [2, 0, 0, 0, 1]


def test_poll_feeds_sharing_entries_give_the_same_entry_id(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    a, b = poll_feeds(
        [http_server.url("/pages/feed-a.xml"), http_server.url("/pages/feed-b.xml")],
        settings,
        client,
    )
    ids_a = {e.entry_id for e in a.entries}
    ids_b = {e.entry_id for e in b.entries}
    assert ids_a & ids_b == {http_server.url("/pages/article.html")}
    assert (a.title, b.title) == ("Syndicate A", "Syndicate B")


def test_poll_feeds_runs_concurrently(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    urls = [http_server.url(f"/slow?s=0.4&n={i}") for i in range(4)]
    started = time.monotonic()
    results = poll_feeds(urls, settings, client)
    elapsed = time.monotonic() - started
    # Each answers an HTML page after 0.4 s: not a feed. Serially that would take 1.6 s.
    assert [r.error for r in results] == [
        f"No feed found at {u}. Pass the feed URL itself, or use --sitemap." for u in urls
    ]
    assert elapsed < 1.2


def test_poll_feeds_fetches_robots_once_per_host(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    robots = RobotsCache(client, settings)
    before = http_server.hits["/robots.txt"]
    urls = [http_server.url(f"/pages/{n}") for n in ("rss.xml", "atom.xml", "feed-a.xml")]
    results = poll_feeds(
        [*urls, http_server.url("/private/rss.xml")], settings, client, robots=robots
    )
    assert [r.ok for r in results] == [True, True, True, False]
    assert results[3].error is not None and results[3].error.startswith("robots.txt forbids")
    assert http_server.hits["/robots.txt"] - before == 1


@pytest.mark.parametrize(
    ("errors", "delay"), [(0, 1800), (1, 3600), (2, 7200), (5, 57600), (6, 86400), (10_000, 86400)]
)
def test_next_poll_delay_doubles_per_error_up_to_the_cap(
    settings: Settings, errors: int, delay: int
) -> None:
    assert next_poll_delay(errors, settings) == delay


def test_host_backoff_skips_every_feed_on_a_failing_host(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    now = [1000.0]
    backoff = HostBackoff(settings, clock=lambda: now[0])
    [failed] = poll_feeds([http_server.url("/status/500")], settings, client, backoff=backoff)
    assert failed.transient is True
    assert backoff.errors == {"127.0.0.1": 1}
    rss = http_server.url("/pages/rss.xml")
    before = http_server.hits["/pages/rss.xml"]
    [skipped] = poll_feeds([FeedState(rss, etag='"kept"')], settings, client, backoff=backoff)
    assert skipped.error == (
        f"Skipped {rss}: host 127.0.0.1 is backing off after 1 failed poll; next try in 3600s."
    )
    assert (skipped.transient, skipped.etag) == (True, '"kept"')
    assert http_server.hits["/pages/rss.xml"] == before
    now[0] += 3600
    [ok] = poll_feeds([rss], settings, client, backoff=backoff)
    assert ok.ok
    assert backoff.errors == {}


def test_host_backoff_grows_with_each_failure(settings: Settings) -> None:
    backoff = HostBackoff(settings, clock=lambda: 0.0)
    delays = [backoff.failure("https://a.example/feed") for _ in range(3)]
    assert delays == [3600, 7200, 14400]
    assert backoff.ready("https://b.example/feed") is True
    assert backoff.ready("https://a.example/other") is False
    assert backoff.wait("https://a.example/other") == 14400


def test_entry_page_fetches_the_article_with_entry_hints(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    feed = poll_feed(client, http_server.url("/pages/rss.xml"), settings)
    page = entry_page(client, feed.entries[0], settings, None, feed_id=7)
    assert page.kind == "html"
    assert page.url == http_server.url("/pages/article.html")
    assert "<h1>Lynas signs rare earths offtake" in page.content
    assert (page.title, page.entry_id, page.feed_id) == (
        "Lynas signs rare earths offtake with Japanese buyers",
        "metals-wire-1001",
        7,
    )
    assert page.published == datetime(2024, 4, 30, 8, 15, tzinfo=UTC)
    assert page.authors == ["Jane Roe"]


def test_entry_page_falls_back_to_feed_content_when_page_is_gone(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    feed = poll_feed(client, http_server.url("/pages/rss.xml"), settings)
    page = entry_page(client, feed.entries[1], settings, None)
    assert page.content.startswith("<p>Gallium prices in Rotterdam rose 12% on Monday")
    assert page.url == http_server.url("/pages/gone.html")
    assert page.title == "Gallium prices jump after export curbs"


def test_entry_page_raises_when_nothing_to_fall_back_on(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    gone = FeedEntry(entry_id="x", link=http_server.url("/status/404"), summary="<p>Teaser</p>")
    with pytest.raises(FetchError, match="HTTP 404 Not Found"):
        entry_page(client, gone, settings, None)
    nothing = FeedEntry(entry_id="y", link=None, summary="short")
    with pytest.raises(InputError) as err:
        entry_page(client, nothing, settings, None)
    assert str(err.value) == "Feed entry 'y' has no link and no article text."


def test_entry_page_raises_transient_errors_even_with_content(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    long_html = "<p>" + "Copper smelter output fell sharply in March. " * 5 + "</p>"
    flaky = FeedEntry(entry_id="z", link=http_server.url("/status/502"), content=long_html)
    with pytest.raises(FetchError) as err:
        entry_page(client, flaky, settings, None)
    assert err.value.transient is True
