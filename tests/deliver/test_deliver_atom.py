"""Atom feeds out: valid Atom 1.0 (RELAX NG schema of RFC 4287 plus its prose rules), one
per sector, entity and alert, linked to the article pages; hostile text stays text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from deliver_fixtures import article, at
from fastapi.testclient import TestClient
from lxml import etree

from assay.deliver.alerts import add_alert, match_alerts
from assay.deliver.http import router
from assay.settings import Settings
from assay.store import Store
from assay.web import create_app

SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).with_name("atom.rng"))))
A = "{http://www.w3.org/2005/Atom}"


def valid_atom(body: bytes) -> etree._Element:
    """Parse strictly, validate against the schema and the RFC's prose rules."""
    root = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
    assert SCHEMA.validate(root), SCHEMA.error_log
    entries = root.findall(f"{A}entry")
    # 4.1.1: a feed without an author needs one in every entry; here the feed has one.
    assert root.find(f"{A}author/{A}name") is not None
    # 4.1.2: an entry without content has an alternate link (and a summary when it can).
    for entry in entries:
        assert any(
            link.get("rel", "alternate") == "alternate" for link in entry.findall(f"{A}link")
        )
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(ids) == len(set(ids))
    assert root.find(f"{A}link[@rel='self']") is not None
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return root


@pytest.fixture
def client(dsettings: Settings, dstore: Store) -> Iterator[TestClient]:
    with TestClient(create_app(dsettings, routers=[router])) as c:
        yield c


def test_sector_feed_lists_each_story_once_with_links_to_its_page(client: TestClient) -> None:
    response = client.get("/atom/sectors/ev-battery.xml")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    root = valid_atom(response.content)
    assert root.findtext(f"{A}title") == "assay · EVs & Battery Technology"
    titles = [e.findtext(f"{A}title") for e in root.findall(f"{A}entry")]
    assert titles.count("Indonesia and Japan sign nickel supply deal") == 1
    assert "Battery makers warn of graphite shortfall" in titles
    first = root.find(f"{A}entry")
    assert first is not None
    assert (
        first.find(f"{A}link[@rel='alternate']")
        .get("href")
        .startswith(  # type: ignore[union-attr]
            "http://assay.test/articles/"
        )
    )
    assert first.find(f"{A}link[@rel='related']") is not None
    assert first.find(f"{A}category[@term='ev-battery']") is not None
    assert root.findtext(f"{A}updated").endswith("Z")  # type: ignore[union-attr]


def test_entity_feed_lists_articles_naming_it(client: TestClient) -> None:
    root = valid_atom(client.get("/atom/entities/commodity:gallium.xml").content)
    assert root.findtext(f"{A}title") == "assay · gallium"
    titles = [e.findtext(f"{A}title") for e in root.findall(f"{A}entry")]
    assert titles == ["China tightens gallium export controls on shipments to the United States"]
    assert client.get("/atom/entities/org:nobody.xml").status_code == 404
    assert client.get("/atom/sectors/crypto.xml").status_code == 404


def test_alert_feed_lists_its_matches_newest_first(
    client: TestClient, dstore: Store, dsettings: Settings
) -> None:
    alert = add_alert(dstore, dsettings, name="Nickel", query="nickel", email="desk@example.org")
    empty = valid_atom(client.get(f"/atom/alerts/{alert['id']}.xml").content)
    assert empty.findall(f"{A}entry") == []
    match_alerts(dstore, [a["id"] for a in dstore.list_articles(limit=50)])
    root = valid_atom(client.get(f"/atom/alerts/{alert['id']}.xml").content)
    titles = sorted(e.findtext(f"{A}title") or "" for e in root.findall(f"{A}entry"))
    assert titles == [
        "Indonesia and Japan sign nickel supply deal",
        "JBIC invests $1.2 billion in Indonesia nickel plant",
    ]
    assert client.get("/atom/alerts/999.xml").status_code == 404


def test_hostile_text_stays_text_in_a_valid_feed(client: TestClient, dstore: Store) -> None:
    hostile = article(
        50,
        'Gallium <script>alert(1)</script> & "quotes" \x01\x0b',
        "Gallium traders said <img src=x onerror=alert(1)> prices rose on Monday in Rotterdam.",
        at(10, 12),
        ["commodity:gallium"],
        ["rare-earths-commodities"],
    )
    dstore.save_articles([hostile])
    body = client.get("/atom/sectors/rare-earths-commodities.xml").content
    root = valid_atom(body)
    assert b"<script>" not in body and b"&lt;script&gt;" in body
    assert root.findtext(f"{A}entry/{A}title") == 'Gallium <script>alert(1)</script> & "quotes" '


def test_feeds_need_a_key_when_reading_does(dsettings: Settings, dstore: Store) -> None:
    closed = dsettings.model_copy(update={"api_read_requires_key": True})
    _, key = dstore.create_key("reader")
    with TestClient(create_app(closed, routers=[router])) as client:
        assert client.get("/atom/sectors/oil-gas.xml").status_code == 401
        ok = client.get("/atom/sectors/oil-gas.xml", headers={"X-API-Key": key})
        assert ok.status_code == 200


def test_sector_and_entity_pages_link_their_feeds(client: TestClient) -> None:
    import re

    for page in ("/sectors/ev-battery", "/entities/commodity:gallium"):
        html = client.get(page).text
        found = re.search(
            r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', html
        )
        assert found, page
        valid_atom(client.get(found.group(1)).content)
    assert 'href="/subscribe"' in client.get("/").text
