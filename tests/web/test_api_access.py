"""Access, writes and safety: keys and roles, feeds and keys admin, rate limits, headers,
CSRF, and never a stack trace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from api_fixtures import api_settings
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from fastapi.testclient import TestClient
from sitehost import SiteServer, serve

from assay.errors import RateLimited
from assay.settings import Settings
from assay.store import Store
from assay.web import create_app
from assay.web.security import CSP, CSRF_COOKIE, RateLimiter, csrf_token, verify_csrf


def make_client(settings: Settings, **kwargs: object) -> TestClient:
    return TestClient(create_app(settings), **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(api_settings(tmp_path)) as c:
        yield c


def new_key(client: TestClient, role: str) -> str:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    return store.create_key(role)[1]


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def error_of(response: object) -> dict[str, str]:
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return body["error"]  # type: ignore[no-any-return]


FEED = {"url": "https://news.example/rss.xml"}


def test_writes_need_a_key(client: TestClient) -> None:
    response = client.post("/api/v1/feeds", json=FEED)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert error_of(response)["code"] == "unauthorized"


def test_a_bad_key_is_refused_even_where_reading_is_open(client: TestClient) -> None:
    for headers in (auth("assay_00000000_nope"), {"X-API-Key": "not-a-key"}):
        response = client.get("/api/v1/articles", headers=headers)
        assert response.status_code == 401
        assert "not valid" in error_of(response)["message"]


def test_a_wrong_secret_with_a_real_prefix_is_refused(client: TestClient) -> None:
    key = new_key(client, "admin")
    forged = key[: key.rindex("_") + 1] + "x" * 32
    assert client.get("/api/v1/keys", headers=auth(forged)).status_code == 401


def test_reader_key_on_an_admin_route_is_forbidden(client: TestClient) -> None:
    for role in ("reader", "analyst"):
        response = client.post("/api/v1/feeds", json=FEED, headers=auth(new_key(client, role)))
        assert response.status_code == 403
        assert error_of(response) == {
            "code": "forbidden",
            "message": f"This needs the admin role; the key "
            f"{response.request.headers['authorization'].split('_')[1]} is a {role}.",
        }


def test_revoked_key_stops_working(client: TestClient) -> None:
    key = new_key(client, "admin")
    assert client.get("/api/v1/keys", headers=auth(key)).status_code == 200
    prefix = key.split("_")[1]
    assert client.delete(f"/api/v1/keys/{prefix}", headers=auth(key)).json()["revoked_at"]
    response = client.get("/api/v1/keys", headers=auth(key))
    assert response.status_code == 401
    assert error_of(response)["message"] == (
        f"The API key {prefix} was revoked; ask an admin for a new one."
    )


def test_admin_manages_feeds(client: TestClient) -> None:
    headers = auth(new_key(client, "admin"))
    created = client.post("/api/v1/feeds", json=FEED, headers=headers)
    assert created.status_code == 201 and created.json()["url"] == FEED["url"]
    again = client.post("/api/v1/feeds", json=FEED, headers=headers)
    assert again.status_code == 200 and again.json()["existing"] is True
    assert [f["url"] for f in client.get("/api/v1/feeds").json()] == [FEED["url"]]
    feed_id = created.json()["id"]
    assert client.delete(f"/api/v1/feeds/{feed_id}", headers=headers).status_code == 200
    assert client.get("/api/v1/feeds").json() == []
    missing = client.delete(f"/api/v1/feeds/{feed_id}", headers=headers)
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"


def test_adding_a_feed_checks_the_url(client: TestClient) -> None:
    headers = auth(new_key(client, "admin"))
    response = client.post("/api/v1/feeds", json={"url": "ftp://x.example/feed"}, headers=headers)
    assert response.status_code == 400 and error_of(response)["message"]
    response = client.post("/api/v1/feeds", json={"url": FEED["url"], "x": 1}, headers=headers)
    assert response.status_code == 422 and error_of(response)["code"] == "invalid_request"


def test_admin_polls_feeds(tmp_path: Path, client: TestClient) -> None:
    root = tmp_path / "site"
    root.mkdir()
    site: SiteServer = serve(root)
    try:
        text = (
            "Indonesia raised royalties on nickel ore to 14% from 10%, the energy ministry "
            "said on Monday, pressing smelters across Sulawesi to cut their costs."
        )
        (root / "nickel.html").write_text(
            f"<html><head><title>Nickel royalty</title></head><body><article><h1>Nickel "
            f"royalty</h1><p>{text}</p><p>{text}</p></article></body></html>"
        )
        (root / "a.xml").write_text(
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            f"<link>{site.base}/</link><item><title>Nickel royalty</title>"
            f"<link>{site.base}/nickel.html</link><guid>{site.base}/nickel.html</guid>"
            f"</item></channel></rss>"
        )
        headers = auth(new_key(client, "admin"))
        client.post("/api/v1/feeds", json={"url": f"{site.base}/a.xml"}, headers=headers)
        response = client.post(
            "/api/v1/feeds/poll", json={"all": True, "enrich": False}, headers=headers
        )
        body = response.json()
        assert response.status_code == 200, body
        assert [f["status"] for f in body["feeds"]] == ["ok"]
        assert body["articles"]["new"] == 1
        assert client.get("/api/v1/health").json()["articles"] == 1
        reader = auth(new_key(client, "reader"))
        assert client.post("/api/v1/feeds/poll", headers=reader).status_code == 403
    finally:
        site.shutdown()
        site.server_close()


def test_admin_creates_lists_and_revokes_keys(client: TestClient) -> None:
    headers = auth(new_key(client, "admin"))
    created = client.post("/api/v1/keys", json={"role": "analyst", "name": "bot"}, headers=headers)
    assert created.status_code == 201
    key, record = created.json()["key"], created.json()["record"]
    assert key.startswith(f"assay_{record['prefix']}_") and record["role"] == "analyst"
    listed = client.get("/api/v1/keys", headers=headers).json()
    assert [k["role"] for k in listed] == ["admin", "analyst"]
    assert all("hash" not in k and "key" not in k for k in listed)
    assert client.get("/api/v1/facts/export", headers=auth(key)).status_code == 200
    client.delete(f"/api/v1/keys/{record['prefix']}", headers=headers)
    assert client.get("/api/v1/facts/export", headers=auth(key)).status_code == 401
    unknown = client.delete("/api/v1/keys/0badc0de", headers=headers)
    assert unknown.status_code == 404


def test_keys_are_stored_hashed(client: TestClient) -> None:
    key = new_key(client, "reader")
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    assert store.path is not None
    assert key.encode() not in store.path.read_bytes()
    assert key.split("_", 2)[2].encode() not in store.path.read_bytes()


def test_reading_can_require_a_key(tmp_path: Path) -> None:
    with make_client(api_settings(tmp_path, api_read_requires_key=True)) as client:
        response = client.get("/api/v1/articles")
        assert response.status_code == 401
        assert "needs a key" in error_of(response)["message"]
        assert client.get("/api/v1/articles", headers=auth(new_key(client, "reader"))).is_success
        assert client.get("/api/v1/docs").is_success  # the documentation stays readable


def test_the_environment_key_is_an_admin(tmp_path: Path) -> None:
    with make_client(api_settings(tmp_path, api_key="s3cret-admin-key")) as client:
        assert client.get("/api/v1/keys", headers={"X-API-Key": "s3cret-admin-key"}).is_success
        assert client.get("/api/v1/keys", headers={"X-API-Key": "s3cret-other"}).status_code == 401


def test_search_is_rate_limited_per_client(tmp_path: Path) -> None:
    with make_client(api_settings(tmp_path, rate_limit_search=6)) as client:
        codes = [client.get("/api/v1/search", params={"q": "nickel"}).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        response = client.get("/api/v1/search", params={"q": "nickel"})
        assert error_of(response)["code"] == "rate_limited"
        assert int(response.headers["retry-after"]) >= 1
        # Another key is another bucket.
        key = new_key(client, "reader")
        assert client.get("/api/v1/search", params={"q": "x"}, headers=auth(key)).is_success
        assert client.get("/api/v1/articles").is_success  # reads are not limited


def test_writes_are_rate_limited(tmp_path: Path) -> None:
    with make_client(api_settings(tmp_path, rate_limit_write=3)) as client:
        headers = auth(new_key(client, "admin"))
        first = client.post("/api/v1/feeds", json=FEED, headers=headers)
        second = client.post("/api/v1/feeds", json=FEED, headers=headers)
        assert (first.status_code, second.status_code) == (201, 429)


def test_token_bucket_refills_over_time() -> None:
    limiter = RateLimiter(Settings(rate_limit_search=60, rate_limit_write=0))
    for _ in range(20):
        limiter.check("search", "a", now=100.0)
    with pytest.raises(RateLimited):
        limiter.check("search", "a", now=100.0)
    limiter.check("search", "b", now=100.0)  # buckets are per client
    limiter.check("search", "a", now=101.0)  # one token a second
    for _ in range(100):
        limiter.check("write", "a", now=100.0)  # 0: no limit


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/api/v1/health", "/api/v1/articles/1", "/api/v1/docs", "/nope"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CSP, path
        assert "script-src 'self';" in CSP and "frame-ancestors 'none'" in CSP
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_api_docs_are_served_locally_without_inline_scripts(client: TestClient) -> None:
    page = client.get("/api/v1/docs").text
    assert '<script src="/api/v1/docs/docs.js"' in page
    assert "<script>" not in page and "http://" not in page and "https://" not in page
    script = client.get("/api/v1/docs/docs.js")
    assert script.status_code == 200 and "openapi" in script.text.lower()
    assert script.headers["content-type"].startswith("text/javascript")
    assert client.get("/api/v1/docs/docs.css").status_code == 200
    assert client.get("/api/v1/docs/passwd").status_code == 404
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "assay"


def _test_router() -> APIRouter:
    router = APIRouter()

    @router.get("/form")
    def form(request: Request) -> HTMLResponse:
        return HTMLResponse(f'<input name="csrf_token" value="{csrf_token(request)}">')

    @router.post("/form", dependencies=[Depends(verify_csrf)])
    def submit() -> PlainTextResponse:
        return PlainTextResponse("saved")

    @router.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("secret internals at /srv/assay.py line 12")

    return router


def test_csrf_double_submit(tmp_path: Path) -> None:
    app = create_app(api_settings(tmp_path), routers=[_test_router()])
    with TestClient(app) as client:
        page = client.get("/form")
        token = page.text.split('value="')[1].split('"')[0]
        assert page.cookies[CSRF_COOKIE] == token
        assert "SameSite=Strict" in page.headers["set-cookie"]
        assert client.post("/form", data={"csrf_token": token}).text == "saved"
        assert client.post("/form", headers={"X-CSRF-Token": token}).text == "saved"
        refused = client.post("/form", data={"csrf_token": "f" * 43})
        # A page route: the JSON body, or the HTML error page when the pages are installed.
        assert refused.status_code == 403 and "CSRF token is missing or stale" in refused.text
        client.cookies.clear()
        assert client.post("/form", data={"csrf_token": token}).status_code == 403
        # The same token comes back while the cookie is there: no new cookie per page.
        client.cookies.set(CSRF_COOKIE, token)
        again = client.get("/form")
        assert token in again.text and "set-cookie" not in again.headers


def test_an_unexpected_error_is_a_500_without_a_stack_trace(tmp_path: Path) -> None:
    app = create_app(api_settings(tmp_path), routers=[_test_router()])
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/v1/boom")
        assert response.status_code == 500
        assert error_of(response) == {
            "code": "internal_error",
            "message": "Internal error; the server log has the details.",
        }
        assert "secret internals" not in response.text and "Traceback" not in response.text


def test_unknown_route_and_wrong_method_use_the_error_body(client: TestClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    response = client.delete("/api/v1/articles")
    assert response.status_code == 405 and error_of(response)["code"] == "method_not_allowed"
