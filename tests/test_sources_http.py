"""fetch / fetch_page / RobotsCache against the real local server."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
from httpserver import LAST_MODIFIED, LocalServer

from assay.errors import FetchError, InputError, RobotsDisallowed
from assay.settings import Settings
from assay.sources import RobotsCache, fetch, fetch_page, make_client


@pytest.fixture
def client(settings: Settings) -> Iterator[httpx.Client]:
    with make_client(settings) as c:
        yield c


def test_fetch_returns_body_validators_and_decoded_text(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    result = fetch(client, http_server.url("/pages/article.html"), settings)
    assert result.status == 200
    assert result.content_type == "text/html"
    assert result.etag is not None and result.etag.startswith('"')
    assert result.last_modified == LAST_MODIFIED
    assert result.not_modified is False
    assert "Lynas signs rare earths offtake" in result.text
    assert result.text == result.content.decode("utf-8")


def test_fetch_sends_our_user_agent(settings: Settings) -> None:
    with make_client(settings) as c:
        assert c.headers["User-Agent"] == settings.user_agent
        assert c.follow_redirects is False


def test_conditional_get_with_etag_gives_not_modified(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    url = http_server.url("/pages/rss.xml")
    first = fetch(client, url, settings)
    again = fetch(client, url, settings, etag=first.etag)
    assert again.not_modified is True
    assert again.status == 304
    assert again.content == b""
    assert again.etag == first.etag


def test_conditional_get_with_last_modified_gives_not_modified(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    url = http_server.url("/pages/rss.xml")
    assert fetch(client, url, settings, last_modified=LAST_MODIFIED).not_modified is True
    stale = fetch(client, url, settings, etag='"something-else"')
    assert stale.not_modified is False and stale.status == 200


def test_fetch_follows_redirects_to_final_url(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    result = fetch(client, http_server.url("/redirect/3"), settings)
    assert result.url == http_server.url("/pages/article.html")
    assert result.status == 200


def test_fetch_caps_redirects(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    url = http_server.url("/redirect/6")
    with pytest.raises(FetchError) as err:
        fetch(client, url, settings)
    assert str(err.value) == (
        f"Too many redirects (more than 5) fetching {url}; "
        "raise ASSAY_FETCH_MAX_REDIRECTS to follow more."
    )
    assert err.value.transient is False
    # Exactly at the cap still works.
    assert fetch(client, http_server.url("/redirect/4"), settings).status == 200


def test_fetch_detects_redirect_loop(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    url = http_server.url("/loop/a")
    with pytest.raises(FetchError) as err:
        fetch(client, url, settings)
    assert str(err.value) == (
        f"Redirect loop fetching {url}: {http_server.url('/loop/b')} -> {url}"
    )


@pytest.mark.parametrize(
    ("code", "reason", "transient"),
    [
        (404, "Not Found", False),
        (410, "Gone", False),
        (403, "Forbidden", False),
        (429, "Too Many Requests", True),
        (500, "Internal Server Error", True),
        (503, "Service Unavailable", True),
    ],
)
def test_fetch_http_errors_have_status_and_transient_flag(
    http_server: LocalServer,
    settings: Settings,
    client: httpx.Client,
    code: int,
    reason: str,
    transient: bool,
) -> None:
    url = http_server.url(f"/status/{code}")
    with pytest.raises(FetchError) as err:
        fetch(client, url, settings)
    suffix = "; will retry later" if transient else ""
    assert str(err.value) == f"HTTP {code} {reason} fetching {url}{suffix}"
    assert err.value.status == code
    assert err.value.transient is transient


def test_fetch_times_out_transiently(http_server: LocalServer, settings: Settings) -> None:
    quick = settings.model_copy(update={"fetch_timeout": 0.3})
    url = http_server.url("/slow?s=1.5")
    started = time.monotonic()
    with make_client(quick) as c, pytest.raises(FetchError) as err:
        fetch(c, url, quick)
    assert str(err.value) == f"Timed out after 0.3s fetching {url}"
    assert err.value.transient is True
    assert time.monotonic() - started < 1.2


def test_fetch_reports_connection_refused(settings: Settings, client: httpx.Client) -> None:
    # Port 9 (discard) on loopback is closed on test machines.
    with pytest.raises(FetchError) as err:
        fetch(client, "http://127.0.0.1:9/", settings)
    assert str(err.value).startswith("Cannot connect to host 127.0.0.1:9: ")
    assert err.value.transient is True


@pytest.mark.parametrize("content_length", ["1", "0"])
def test_fetch_refuses_oversized_body(
    http_server: LocalServer, settings: Settings, content_length: str
) -> None:
    small = settings.model_copy(update={"fetch_max_bytes": 100_000})
    url = http_server.url(f"/big?n=200000&cl={content_length}")
    with make_client(small) as c, pytest.raises(FetchError) as err:
        fetch(c, url, small)
    assert str(err.value) == (
        f"Response from {url} exceeds 100000 bytes; raise ASSAY_FETCH_MAX_BYTES to accept it."
    )
    assert err.value.transient is False


def test_fetch_accepts_body_just_under_the_cap(
    http_server: LocalServer, settings: Settings
) -> None:
    small = settings.model_copy(update={"fetch_max_bytes": 100_000})
    with make_client(small) as c:
        result = fetch(c, http_server.url("/big?n=99000&cl=0"), small)
    assert len(result.content) == 99000 + len("<html><body><p></p></body></html>")


def test_fetch_decompresses_gzip(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    result = fetch(client, http_server.url("/gzip"), settings)
    assert "export controls on gallium" in result.text


def test_fetch_refuses_gzip_bomb(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    url = http_server.url("/bomb")
    with pytest.raises(FetchError) as err:
        fetch(client, url, settings)
    assert str(err.value) == (
        f"Response from {url} exceeds 10000000 bytes; raise ASSAY_FETCH_MAX_BYTES to accept it."
    )


def test_fetch_decodes_header_charset_and_meta_charset(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    latin = fetch(client, http_server.url("/latin1"), settings)
    assert "Société Générale financed" in latin.text
    meta = fetch(client, http_server.url("/meta-charset"), settings)
    assert "The \u201cCritical Raw Materials Act\u201d passed." in meta.text


def test_robots_disallowed_path_is_refused_and_robots_fetched_once(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    robots = RobotsCache(client, settings)
    before = http_server.hits["/robots.txt"]
    url = http_server.url("/private/article.html")
    with pytest.raises(RobotsDisallowed) as err:
        fetch(client, url, settings, robots=robots)
    assert str(err.value) == (
        f"robots.txt forbids fetching {url}; set ASSAY_RESPECT_ROBOTS=false "
        "only if you have the site's permission."
    )
    assert err.value.transient is False
    for _ in range(3):
        assert fetch(client, http_server.url("/pages/article.html"), settings, robots=robots)
    assert http_server.hits["/robots.txt"] - before == 1
    assert robots.fetches == 1


def test_robots_ignored_when_respect_robots_is_off(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    rude = settings.model_copy(update={"respect_robots": False})
    robots = RobotsCache(client, rude)
    result = fetch(client, http_server.url("/private/article.html"), rude, robots=robots)
    assert result.status == 200


def test_robots_checked_on_redirect_target(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    robots = RobotsCache(client, settings)
    assert robots.allowed(http_server.url("/pages/article.html")) is True
    assert robots.allowed(http_server.url("/private/x")) is False


def test_missing_robots_txt_allows_everything(settings: Settings, client: httpx.Client) -> None:
    # Nothing listens on port 9: robots.txt cannot be read, so everything is allowed.
    robots = RobotsCache(client, settings)
    assert robots.allowed("http://127.0.0.1:9/anything") is True
    assert robots.allowed("http://127.0.0.1:9/other") is True
    assert robots.fetches == 1


def test_fetch_page_kinds(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    html = fetch_page(client, http_server.url("/redirect/1"), settings, None)
    assert html.kind == "html"
    assert html.url == http_server.url("/pages/article.html")
    assert html.source == http_server.url("/redirect/1")
    assert html.fetched_at is not None
    text = fetch_page(client, http_server.url("/pages/notes.txt"), settings, None)
    assert text.kind == "text"
    assert text.content.startswith("Indonesia raised its nickel ore royalty")


def test_fetch_page_refuses_binary_content(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    with pytest.raises(InputError) as err:
        fetch_page(client, http_server.url("/binary.pdf"), settings, None)
    assert str(err.value) == "URL returned application/pdf, not an article page"


def test_fetch_page_refuses_robots_disallowed_page(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    robots = RobotsCache(client, settings)
    with pytest.raises(RobotsDisallowed):
        fetch_page(client, http_server.url("/private/article.html"), settings, robots)


@pytest.mark.parametrize("name", ["rss.xml", "sitemap-news.xml"])
def test_fetch_page_refuses_feeds_and_sitemaps(
    http_server: LocalServer, settings: Settings, client: httpx.Client, name: str
) -> None:
    with pytest.raises(InputError) as err:
        fetch_page(client, http_server.url(f"/pages/{name}"), settings, None)
    assert str(err.value) == (
        "URL returned application/xml, a feed, not an article page; add it with `assay feeds add`."
    )


def test_fetch_refuses_redirect_to_non_http_scheme(
    http_server: LocalServer, settings: Settings, client: httpx.Client
) -> None:
    with pytest.raises(InputError) as err:
        fetch(client, http_server.url("/to-file"), settings)
    assert str(err.value) == "Not a valid http(s) URL: 'file:///etc/passwd'"
