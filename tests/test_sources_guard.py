"""check_url: only http(s), and never a private address unless the operator allows it."""

from __future__ import annotations

import httpx
import pytest
from httpserver import LocalServer

from assay.errors import BlockedTarget, FetchError, InputError
from assay.settings import Settings
from assay.sources import check_url, fetch, make_client


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/file", "file:///etc/passwd", "http://", "example.com/x", "http://h:99999/"],
)
def test_check_url_rejects_non_http_or_malformed(url: str) -> None:
    with pytest.raises(InputError) as err:
        check_url(url, allow_private=True)
    assert str(err.value) == f"Not a valid http(s) URL: {url!r}"


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://127.0.0.1/", "127.0.0.1"),
        ("http://10.1.2.3/", "10.1.2.3"),
        ("http://192.168.0.10/", "192.168.0.10"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://100.64.0.1/", "100.64.0.1"),
        ("http://0.0.0.0/", "0.0.0.0"),
        ("http://224.0.0.1/", "224.0.0.1"),
        ("http://[::1]/", "::1"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:7f00:1"),
        ("http://[fe80::1]/", "fe80::1"),
        ("http://2130706433/", "127.0.0.1"),
        ("http://0177.0.0.1/", "127.0.0.1"),
        ("http://0x7f.1/", "127.0.0.1"),
    ],
)
def test_check_url_blocks_private_addresses_in_any_spelling(url: str, address: str) -> None:
    with pytest.raises(BlockedTarget) as err:
        check_url(url, allow_private=False)
    assert f"is the non-public address {address};" in str(err.value)
    assert str(err.value).endswith("set ASSAY_ALLOW_PRIVATE=true to allow it.")
    assert err.value.transient is False


def test_check_url_blocks_localhost_by_name() -> None:
    with pytest.raises(
        BlockedTarget, match=r"localhost is the non-public address (127\.0\.0\.1|::1);"
    ):
        check_url("http://localhost:8080/", allow_private=False)


def test_check_url_allows_public_address_and_private_when_allowed() -> None:
    check_url("https://93.184.215.14/news", allow_private=False)
    check_url("http://127.0.0.1:9/", allow_private=True)


def test_fetch_refuses_loopback_without_allow_private(
    http_server: LocalServer, settings: Settings
) -> None:
    strict = settings.model_copy(update={"allow_private": False})
    url = http_server.url("/pages/article.html")
    before = http_server.hits["/pages/article.html"]
    with make_client(strict) as client, pytest.raises(BlockedTarget) as err:
        fetch(client, url, strict)
    assert str(err.value) == (
        f"Refusing to fetch {url}: 127.0.0.1 is the non-public address 127.0.0.1; "
        "set ASSAY_ALLOW_PRIVATE=true to allow it."
    )
    assert http_server.hits["/pages/article.html"] == before


def test_fetch_guards_every_redirect_hop(http_server: LocalServer, settings: Settings) -> None:
    # The client reaches a public IP through our server acting as its proxy, so the first hop
    # passes the guard; the server then redirects to localhost, which must be refused.
    strict = settings.model_copy(update={"allow_private": False})
    before = http_server.hits["/pages/article.html"]
    client = httpx.Client(proxy=http_server.base, timeout=2)
    with client, pytest.raises(BlockedTarget) as err:
        fetch(client, "http://93.184.215.14/to-private", strict)
    target = f"http://localhost:{http_server.port}/pages/article.html"
    assert str(err.value).startswith(f"Refusing to fetch {target}: localhost is the non-public")
    assert http_server.hits["/to-private"] >= 1
    assert http_server.hits["/pages/article.html"] == before


def test_client_itself_refuses_private_connections(
    http_server: LocalServer, settings: Settings
) -> None:
    # Even a request that skips check_url (as a DNS-rebinding answer would) cannot connect.
    strict = settings.model_copy(update={"allow_private": False})
    before = http_server.hits["/pages/article.html"]
    with make_client(strict) as client, pytest.raises(BlockedTarget) as err:
        client.get(f"http://localhost:{http_server.port}/pages/article.html")
    assert str(err.value).startswith(
        "Refusing to connect to localhost: localhost is the non-public"
    )
    assert http_server.hits["/pages/article.html"] == before


def test_client_connects_to_private_addresses_when_allowed(
    http_server: LocalServer, settings: Settings
) -> None:
    with make_client(settings) as client:
        response = client.get(f"http://localhost:{http_server.port}/pages/notes.txt")
    assert response.status_code == 200


def test_unresolvable_host_is_a_transient_fetch_error() -> None:
    with pytest.raises(FetchError) as err:
        check_url("http://no-such-host.invalid/", allow_private=False)
    assert str(err.value).startswith("Cannot resolve host 'no-such-host.invalid': ")
    assert err.value.transient is True
    assert not isinstance(err.value, BlockedTarget)
