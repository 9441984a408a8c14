"""Issue 9, hostile input to the fetcher and feeds, against the real local server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from httpserver import HOSTILE, LocalServer

from assay.errors import BlockedTarget, FetchError
from assay.pipeline import poll_feeds
from assay.pipeline.hooks import Hooks
from assay.settings import Settings
from assay.sources import HostBackoff, make_client, next_poll_delay, parse_feed, poll_feed
from assay.sources.guard import check_url
from assay.sources.http import fetch, parse_retry_after
from assay.store import Store


@pytest.fixture
def client(settings: Settings) -> Iterator[httpx.Client]:
    with make_client(settings) as c:
        yield c


def test_a_feed_item_with_a_surrogate_charref_keeps_the_other_items() -> None:
    feed = parse_feed((HOSTILE / "bad-charref.rss").read_bytes(), "http://x.example/feed")
    assert [e.entry_id for e in feed.entries] == ["hostile-1", "hostile-2"]
    assert feed.entries[0].title == "Broken \ufffd title"
    assert feed.entries[0].summary == "A lone surrogate \ufffd and a NUL \ufffd in one item."


def test_feeds_poll_goes_on_past_a_hostile_feed_and_saves_every_state(
    http_server: LocalServer, settings: Settings, store: Store
) -> None:
    hostile = store.add_feed(http_server.url("/hostile/bad-charref.rss"))
    normal = store.add_feed(http_server.url("/pages/rss.xml"))
    report = poll_feeds(store, settings, hooks=Hooks())
    by_url = {f.url: f for f in report.feeds}
    assert by_url[hostile["url"]].status == "ok"
    assert by_url[normal["url"]].status == "ok"
    for row in store.list_feeds():
        assert row["last_polled_at"] is not None and row["last_error"] is None
    titles = {a["title"] for a in store.list_articles()}
    assert "Broken \ufffd title" in titles


def test_a_drip_fed_body_is_cut_at_the_fetch_deadline(
    http_server: LocalServer, settings: Settings
) -> None:
    # 55 bytes every 0.2 s, for 20 s: each read is quick, the whole is not.
    quick = settings.model_copy(update={"fetch_timeout": 1.0})
    url = http_server.url("/drip?n=100&every=0.2")
    started = time.monotonic()
    with make_client(quick) as c, pytest.raises(FetchError) as err:
        fetch(c, url, quick)
    assert time.monotonic() - started < 1.5
    assert str(err.value) == f"Timed out after 1s fetching {url}"
    assert err.value.transient is True


def test_a_short_retry_after_is_waited_out_and_retried_once(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    url = http_server.url("/retry?code=429&wait=1&key=short")
    started = time.monotonic()
    result = fetch(client, url, settings)
    assert result.status == 200
    assert 1.0 <= time.monotonic() - started < 2.5
    assert http_server.hits["/retry"] >= 2


@pytest.mark.parametrize("code", [429, 503])
def test_a_long_retry_after_fails_transiently_and_delays_the_next_poll(
    http_server: LocalServer, settings: Settings, client: httpx.Client, code: int
) -> None:
    url = http_server.url(f"/retry?code={code}&wait=3600&key=long{code}")
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        fetch(client, url, settings)
    assert time.monotonic() - started < 1
    assert err.value.transient is True and err.value.retry_after == 3600
    assert str(err.value).endswith("; the server asks to retry in 3600s")
    # The feed and its host wait at least that long, never longer than feed_max_backoff.
    assert next_poll_delay(1, settings, 3600) == 3600
    assert next_poll_delay(1, settings, 10**9) == settings.feed_max_backoff
    assert HostBackoff(settings).failure(url, 3600) == 3600


def test_retry_after_as_an_http_date() -> None:
    soon = datetime.now(UTC).timestamp() + 120
    header = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(soon))
    wait = parse_retry_after(header)
    assert wait is not None and 100 < wait <= 120
    assert parse_retry_after("soon") is None
    assert parse_retry_after("99999999999") == 7 * 86_400


def test_a_redirect_to_a_data_url_is_a_permanent_error(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    url = http_server.url("/to-data")
    with pytest.raises(FetchError) as err:
        fetch(client, url, settings)
    assert err.value.transient is False
    assert str(err.value).startswith(
        f"Cannot follow {url}: it redirects to an invalid or non-http(s) location"
    )


def test_a_feed_entry_that_fails_permanently_is_not_fetched_again(
    http_server: LocalServer, settings: Settings, store: Store, tmp_path: object
) -> None:
    feed = store.add_feed(http_server.url("/hostile/data-redirect.rss"))
    first = poll_feeds(store, settings, hooks=Hooks())
    assert [f.target for f in first.ingest.failures] == [http_server.url("/to-data")]
    hits = http_server.hits["/to-data"]
    poll_feeds(store, settings, due_only=False, hooks=Hooks())
    assert http_server.hits["/to-data"] == hits
    assert store.entry_seen(feed["id"], "data-1")


def test_a_100000_item_feed_is_capped_in_seconds(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    url = http_server.url("/big-feed?n=100000")
    started = time.monotonic()
    result = poll_feed(client, url, settings)
    assert time.monotonic() - started < 10
    assert len(result.entries) == 1000
    assert result.entries[0].entry_id == "g0"
    assert result.notes == [
        f"{url} lists 99,000 more items than ASSAY_MAX_FEED_ITEMS (1,000); they were skipped."
    ]


def test_a_sitemap_index_brings_in_its_newest_children_up_to_the_cap(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    one = settings.model_copy(update={"max_sitemap_children": 1})
    url = http_server.url("/pages/sitemap-index.xml")
    result = poll_feed(client, url, one)
    assert [e.link for e in result.entries] == [
        http_server.url("/pages/article.html"),
        http_server.url("/pages/notes.txt"),
    ]
    assert result.problems == []  # the second (older, undated) child was not fetched
    assert result.notes == [
        f"{url} lists 2 sitemaps; only the newest 1 were read (ASSAY_MAX_SITEMAP_CHILDREN)."
    ]


@pytest.mark.parametrize(
    "url", ["http://[fec0::1]/", "http://[fec0:1:2::3]:8080/x", "http://[feff::1]/"]
)
def test_site_local_ipv6_addresses_are_refused(url: str) -> None:
    with pytest.raises(BlockedTarget, match="is the non-public address fe"):
        check_url(url, allow_private=False)
