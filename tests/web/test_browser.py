"""The pages in real headless Chromium, served by uvicorn, over the bundled samples.

The store is built by `assay ingest` from samples/ plus one hostile article; screenshots
go to test-artifacts/ (gitignored). Needs Debian's chromium at /usr/bin/chromium (CI
installs it; Playwright's own browser download is never used).
"""

from __future__ import annotations

import csv
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assay.cli import app as cli
from assay.settings import Settings
from assay.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt install chromium)"
    ),
]
ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLES = ROOT / "samples"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Markup a hostile page could carry in its title and text; each would set window.xss.
HOSTILE = {
    "url": "https://hostile.example/2026/11/30/xss",
    "title": 'Gallium <script>window.xss=1</script> <img src=x onerror="window.xss=2">',
    "text": (
        "Gallium traders said <script>window.xss=3</script> prices rose in Rotterdam on "
        "Monday, as buyers in Japan sought new supply. Readers were told to "
        '<a href="javascript:window.xss=4">click here</a> and <img src=x '
        'onerror="window.xss=5"> to learn more about the gallium market and its buyers.'
    ),
    "published": "2026-06-05T08:00:00+00:00",
    "authors": ['<b onmouseover="window.xss=6">Mallory</b>'],
}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """A store of the samples (and the hostile article), ingested by the CLI."""
    path = tmp_path_factory.mktemp("browser")
    hostile = path / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ASSAY_CONFIG", str(path / "absent.toml"))
        for var in ("ASSAY_DB", "ASSAY_DATABASE_URL", "ASSAY_API_KEY", "ASSAY_ALLOW_PRIVATE"):
            mp.delenv(var, raising=False)
        db = str(path / "assay.db")
        targets = [str(SAMPLES / d) for d in ("html", "text", "markdown", "email")]
        targets += [str(SAMPLES / "articles.jsonl"), str(hostile)]
        result = CliRunner().invoke(cli, ["--db", db, "ingest", *targets])
        assert result.exit_code == 0, result.output
        yield Settings(db=path / "assay.db")


@pytest.fixture(scope="module")
def base_url(settings: Settings) -> Iterator[str]:
    """uvicorn serving the app on 127.0.0.1, a free port, in a thread."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object, base_url: str) -> Iterator[object]:
    """A fresh page that fails the test on any console error (CSP violations included)."""
    context = browser.new_context(
        base_url=base_url,
        viewport={"width": 1280, "height": 900},  # type: ignore[attr-defined]
        accept_downloads=True,
    )
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    yield tab
    context.close()
    assert errors == []


def shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_every_page_type_renders(page: object) -> None:
    for name, path, heading in [
        ("home", "/", "Insights"),
        ("article", "/articles/8", "JBIC backs $1.2bn Sulawesi nickel plant"),
        ("entity", "/entities/country:IDN", "Indonesia"),
        ("sector", "/sectors/ev-battery", "EVs & Battery Technology"),
        ("search", "/search?q=gallium", "Search"),
        ("facts", "/facts", "Facts"),
        ("about", "/about", "About assay"),
    ]:
        response = page.goto(path)  # type: ignore[attr-defined]
        assert response.status == 200, path
        assert heading in page.locator("h1").first.inner_text()  # type: ignore[attr-defined]
        shot(page, name)
    page.goto("/entities/commodity:gallium")  # type: ignore[attr-defined]
    assert page.locator(".chart-time rect.bar").count() > 0  # type: ignore[attr-defined]
    shot(page, "entity-commodity")


def test_home_to_article_to_entity_to_a_facts_source_sentence(page: object) -> None:
    page.goto("/")  # type: ignore[attr-defined]
    stated = page.locator(".sector-block article.story", has_text="facts")  # type: ignore[attr-defined]
    stated.first.locator(".story-title a").click()
    assert re.search(r"/articles/\d+$", page.url)  # type: ignore[attr-defined]
    # Clicking a fact card highlights its sentence (anchor + :target, no script needed).
    card = page.locator("a.fact-card").first  # type: ignore[attr-defined]
    anchor = card.get_attribute("href")
    card.click()
    sentence = page.locator(f"[id='{anchor[1:]}']")  # type: ignore[attr-defined]
    assert sentence.evaluate("e => e.matches(':target')")
    assert sentence.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(253, 230, 138)"
    # "Read more" arrives after the page, with the entities each story shares.
    reasons = page.locator(".read-more[data-loaded='true'] .related-list .reasons")  # type: ignore[attr-defined]
    reasons.first.wait_for()
    assert reasons.first.inner_text().startswith("Shares ")
    page.locator("a.ent.t-country").first.click()  # type: ignore[attr-defined]
    assert "/entities/country:" in page.url  # type: ignore[attr-defined]
    shot(page, "path-entity")
    link = page.locator(".timeline .provenance a").first  # type: ignore[attr-defined]
    expected = link.inner_text().strip()
    link.click()
    assert re.search(r"/articles/\d+#s-\d+$", page.url)  # type: ignore[attr-defined]
    target = page.locator(".sentence:target, .sentence:has(> .alias:target)")  # type: ignore[attr-defined]
    assert target.count() == 1
    assert " ".join(target.inner_text().split()) == " ".join(expected.split())
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(253, 230, 138)"
    shot(page, "path-sentence")


def test_faceted_search(page: object) -> None:
    page.goto("/")  # type: ignore[attr-defined]
    page.fill("#top-q", "nickel")  # type: ignore[attr-defined]
    page.press("#top-q", "Enter")  # type: ignore[attr-defined]
    page.wait_for_url("**/search?q=nickel")  # type: ignore[attr-defined]
    all_hits = page.locator("li.hit").count()  # type: ignore[attr-defined]
    assert all_hits >= 3
    assert page.locator("li.hit mark").count() > 0  # type: ignore[attr-defined]
    # A country facet narrows the results and shows as a removable filter.
    page.locator(".facet a[href*='country=IDN']").click()  # type: ignore[attr-defined]
    page.wait_for_url("**country=IDN*")  # type: ignore[attr-defined]
    narrowed = page.locator("li.hit").count()  # type: ignore[attr-defined]
    assert 0 < narrowed <= all_hits
    assert page.locator(".active-filters .chip").first.inner_text().startswith("Country: Indonesia")  # type: ignore[attr-defined]
    # The fact-type select applies on change (assay.js) and keeps the country.
    page.select_option("select[name=type]", "investment")  # type: ignore[attr-defined]
    page.wait_for_url("**type=investment*")  # type: ignore[attr-defined]
    assert "country=IDN" in page.url  # type: ignore[attr-defined]
    assert page.locator("li.hit").count() <= narrowed  # type: ignore[attr-defined]
    shot(page, "search-facets")


def test_facts_explorer_sorts_and_exports_csv(page: object, tmp_path: Path) -> None:
    page.goto("/facts?type=agreement")  # type: ignore[attr-defined]
    shown = page.locator("table.facts-table tbody tr").count()  # type: ignore[attr-defined]
    assert shown > 0
    page.locator("th a.sort", has_text="Confidence").click()  # type: ignore[attr-defined]
    page.wait_for_url("**sort=-confidence*")  # type: ignore[attr-defined]
    cells = page.locator("table.facts-table tbody td.num").all_inner_texts()  # type: ignore[attr-defined]
    values = [int(c.rstrip("%")) for c in cells]
    assert values == sorted(values, reverse=True)
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.get_by_role("link", name="Download CSV").click()  # type: ignore[attr-defined]
    saved = tmp_path / "facts.csv"
    info.value.save_as(saved)
    with saved.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == shown and {r["type"] for r in rows} == {"agreement"}
    assert all(r["sentence"] for r in rows)


def test_hostile_article_shows_its_markup_as_inert_text(page: object) -> None:
    page.goto("/search?q=gallium+rotterdam")  # type: ignore[attr-defined]
    hit = page.locator("li.hit h3 a").first  # type: ignore[attr-defined]
    assert "<script>window.xss=1</script>" in hit.inner_text()
    hit.click()
    title = page.locator("h1").inner_text()  # type: ignore[attr-defined]
    assert "<script>window.xss=1</script>" in title and 'onerror="window.xss=2"' in title
    body = page.locator(".article-body").inner_text()  # type: ignore[attr-defined]
    assert '<a href="javascript:window.xss=4">click here</a>' in body
    assert page.locator(".article img, .article script").count() == 0  # type: ignore[attr-defined]
    assert page.locator("a[href^='javascript:' i]").count() == 0  # type: ignore[attr-defined]
    assert "<b onmouseover" in page.locator(".article-meta").inner_text()  # type: ignore[attr-defined]
    page.mouse.move(200, 200)  # type: ignore[attr-defined]
    assert page.evaluate("window.xss") is None  # type: ignore[attr-defined]
    shot(page, "hostile-article")


def test_pages_fit_a_phone_and_start_with_a_skip_link(browser: object, base_url: str) -> None:
    context = browser.new_context(
        base_url=base_url,
        viewport={"width": 390, "height": 844},  # type: ignore[attr-defined]
        is_mobile=True,
        has_touch=True,
    )
    tab = context.new_page()
    try:
        for name, path in (
            ("phone-home", "/"),
            ("phone-article", "/articles/8"),
            ("phone-facts", "/facts"),
            ("phone-entity", "/entities/country:IDN"),
        ):
            tab.goto(path)
            overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
            shot(tab, name)
        tab.keyboard.press("Tab")
        assert tab.evaluate("document.activeElement.textContent") == "Skip to content"
        tab.keyboard.press("Enter")
        assert tab.evaluate("document.activeElement.id") == "main"
    finally:
        context.close()
