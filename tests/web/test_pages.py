"""The server-rendered pages over a real SQLite store, through the in-process ASGI client."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assay.models import Article, Entity, Fact, Mention, SectorScore
from assay.settings import Settings
from assay.store import Store
from assay.stories import cluster_pending
from assay.web import create_app

KB = {
    "country:IDN": ("Indonesia", "COUNTRY", {"iso3": "IDN"}),
    "country:JPN": ("Japan", "COUNTRY", {"iso3": "JPN"}),
    "country:CHN": ("China", "COUNTRY", {"iso3": "CHN"}),
    "org:jbic": ("JBIC", "ORG", {"country": "JPN", "kind": "agency"}),
    "commodity:nickel": (
        "nickel",
        "COMMODITY",
        {"symbol": "Ni", "groups": ["battery-metal", "eu-crm-2023", "us-critical-2022"]},
    ),
}
DEAL_TEXT = (
    "Indonesia and Japan signed a nickel supply agreement in Jakarta on Monday. "
    "The deal covers ore and mixed hydroxide precipitate from smelters in Sulawesi for ten "
    "years, officials from both governments said after the signing ceremony.\n"
    "What comes next\n"
    "JBIC will lend $1.2 billion to the smelters, the bank said. Analysts expect the "
    "agreement to tighten supply to refiners in China next year."
)
XSS_TITLE = '<script>alert("t")</script> Indonesia <img src=x onerror=alert(1)>'
XSS_TEXT = (
    'Indonesia said <script>alert("x")</script> nothing. '
    '<img src=x onerror="alert(2)"> A <a href="javascript:alert(3)">link</a> followed.'
)


def party(key: str) -> dict[str, str]:
    return {"name": KB[key][0], "key": key}


def article(
    slug: str,
    title: str,
    text: str,
    when: datetime,
    *,
    site: str = "minerals-wire.example",
    sectors: tuple[str, ...] = ("mining-metals", "ev-battery"),
    facts: tuple[tuple[str, dict[str, Any], str], ...] = (),
    url: str | None = None,
) -> Article:
    ents = []
    for key, (name, kind, attrs) in KB.items():
        spans, start = [], text.find(name)
        while start >= 0:
            spans.append(Mention(start, start + len(name), name))
            start = text.find(name, start + 1)
        if spans:
            ents.append(Entity(key, name, kind, spans, attrs))
    made = []
    for kind, fields, sentence in facts:
        start = text.index(sentence)
        made.append(Fact(kind, fields, sentence, start, start + len(sentence), 0.8))
    return Article(
        source=f"https://{site}/{slug}",
        url=url or f"https://{site}/{slug}",
        title=title,
        text=text,
        published=when,
        site_name=site,
        language="en",
        sectors=[SectorScore(s, 0.9 - 0.1 * i) for i, s in enumerate(sectors)],
        entities=ents,
        facts=made,
        summary=text.split(". ")[0] + ".",
    )


DEAL = (
    "agreement",
    {
        "parties": [party("country:IDN"), party("country:JPN")],
        "kind": "supply",
        "commodity": party("commodity:nickel"),
        "action": "signed",
    },
    "Indonesia and Japan signed a nickel supply agreement in Jakarta on Monday.",
)
LOAN = (
    "investment",
    {
        "investor": party("org:jbic"),
        "target": party("country:IDN"),
        "amount": {"value": 1.2e9, "currency": "USD"},
        "action": "pledged",
    },
    "JBIC will lend $1.2 billion to the smelters, the bank said.",
)
LEVY = (
    "trade_measure",
    {
        "actor": party("country:CHN"),
        "target": party("country:IDN"),
        "measure": "tariff",
        "goods": party("commodity:nickel"),
        "rate_percent": 15.0,
        "action": "imposed",
    },
    "China imposed a 15% tariff on nickel from Indonesia.",
)
DAY = datetime(2026, 3, 2, 9, tzinfo=UTC)


def stories() -> list[Article]:
    return [
        article(
            "nickel-deal",
            "Indonesia and Japan sign nickel deal",
            DEAL_TEXT,
            DAY,
            facts=(DEAL, LOAN),
        ),
        # A copy of the wire story on another site: one story, two sources.
        article(
            "nickel-pact",
            "Japan, Indonesia agree nickel pact",
            DEAL_TEXT.replace("officials from", "officials of"),
            DAY.replace(hour=12),
            site="asia-metals.example",
            facts=(DEAL,),
        ),
        article(
            "china-tariff",
            "China puts tariff on Indonesian nickel",
            "China imposed a 15% tariff on nickel from Indonesia. Japan was not named.",
            DAY.replace(hour=15),
            site="asia-metals.example",
            sectors=("sanctions-regulation", "mining-metals"),
            facts=(LEVY,),
        ),
        article(
            "older",
            "JBIC weighs Indonesia smelter loans",
            "JBIC is weighing loans to smelters in Indonesia, officials said.",
            datetime(2026, 2, 20, 8, tzinfo=UTC),
            sectors=("business-politics",),
        ),
        article(
            "xss",
            XSS_TITLE,
            XSS_TEXT,
            datetime(2026, 2, 25, 8, tzinfo=UTC),
            sectors=("business-politics",),
            url="javascript:alert(4)",
        ),
    ]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    path = tmp_path_factory.mktemp("pages")
    settings = Settings(db=path / "assay.db")
    with Store.open(settings) as store:
        store.save_articles(stories(), enriched_with="test.v1")
        cluster_pending(store)
    return settings


@pytest.fixture(scope="module")
def client(data: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(data)) as c:
        yield c


@pytest.fixture(scope="module")
def ids(client: TestClient) -> dict[str, int]:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    return {row["source"].rsplit("/", 1)[-1]: row["id"] for row in store.list_articles(limit=50)}


def page(client: TestClient, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def section(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


# ----------------------------------------------------------------------------- home


def test_home_ranks_the_days_stories_per_sector_with_summaries(client: TestClient) -> None:
    html = page(client, "/?date=2026-03-02")
    mining = section(html, 'id="h-mining-metals"', "</section>")
    titles = re.findall(r'class="story-title"><a href="/articles/\d+">([^<]+)<', mining)
    # Two sources and two facts outrank one source and one fact.
    assert titles == [
        "Indonesia and Japan sign nickel deal",
        "China puts tariff on Indonesian nickel",
    ]
    assert "2 sources" in mining
    assert "Indonesia and Japan signed a nickel supply agreement in Jakarta on Monday." in html
    assert 'href="/about#importance"' in html
    # A story in several sectors is summarised once and listed briefly elsewhere.
    ev = section(html, 'id="h-ev-battery"', "</section>")
    assert "Summary under Mining &amp; Metals" in ev


def test_home_falls_back_to_the_latest_day_with_stories(client: TestClient) -> None:
    html = page(client, "/")
    assert "latest day with stories" in html
    assert 'value="2026-03-02"' in html  # the date picker shows the day shown


def test_home_date_picker_shows_an_earlier_day_and_links_its_neighbours(client: TestClient) -> None:
    html = page(client, "/?date=2026-02-20")
    assert "JBIC weighs Indonesia smelter loans" in html
    assert "Indonesia and Japan sign nickel deal" not in html
    assert 'href="/?date=2026-02-25"' in html  # the next day with stories
    week = page(client, "/?date=2026-03-02&span=week")
    assert "JBIC weighs Indonesia smelter loans" not in week
    assert "Indonesia and Japan sign nickel deal" in week


def test_home_filters_one_sector(client: TestClient) -> None:
    html = page(client, "/?date=2026-03-02&sector=sanctions-regulation")
    assert 'id="h-sanctions-regulation"' in html and 'id="h-ev-battery"' not in html


def test_home_of_an_empty_store_says_how_to_add_articles(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(db=tmp_path / "empty.db"))) as empty:
        html = page(empty, "/")
    assert "No stories on this day" in html and "<code>assay ingest</code>" in html


def test_home_answers_a_bad_date_with_an_html_error_page(client: TestClient) -> None:
    html = page(client, "/?date=yesterday", status=400)
    assert "Bad date &#39;yesterday&#39;; use YYYY-MM-DD" in html
    # A day at either end of the calendar: the week before or the day after cannot be held.
    for day in ("9999-12-31", "0001-01-03"):
        html = page(client, f"/?date={day}&span=week", status=400)
        assert f"Date &#39;{day}&#39; is out of range" in html
    page(client, "/?date=9999-12-30")


# -------------------------------------------------------------------------- article


def test_article_links_entities_and_puts_each_fact_beside_its_sentence(
    client: TestClient, ids: dict[str, int]
) -> None:
    html = page(client, f"/articles/{ids['nickel-deal']}")
    assert (
        '<a class="ent t-country" href="/entities/country:IDN" title="Country">Indonesia</a>'
        in html
    )
    rows = re.findall(
        r'<div class="para-row">(.*?)</div>\s*(?=<div class="para-row">|</div>)', html, re.S
    )
    first = rows[0]
    # The sentence is an anchor, and the fact card beside it (same row) links to it.
    assert '<span id="s-0" class="sentence" tabindex="-1">' in first
    assert 'href="#s-0"' in first and "Agreement" in first
    loan_start = DEAL_TEXT.index(LOAN[2])
    loan_row = next(r for r in rows if f'id="s-{loan_start}"' in r)
    assert f'href="#s-{loan_start}"' in loan_row and "USD 1.2 billion" in loan_row
    assert '<h2 class="para-heading">What comes next</h2>' in html
    assert "Mining &amp; Metals" in html and "Minerals Wire" not in html  # site as stored
    assert "minerals-wire.example" in html and "2 Mar 2026" in html


def test_article_shows_copies_and_read_more_with_reasons(
    client: TestClient, ids: dict[str, int]
) -> None:
    html = page(client, f"/articles/{ids['nickel-deal']}")
    copies = section(html, 'id="h-copies"', "</section>")
    assert f'href="/articles/{ids["nickel-pact"]}"' in copies and "asia-metals.example" in copies
    deal = ids["nickel-deal"]
    # "Read more" loads after the page (a fragment); without script its link opens a page.
    slot = section(html, 'id="h-more"', "</section>")
    assert f'data-fragment="/articles/{deal}/related?fragment=1"' in slot
    assert f'href="/articles/{deal}/related"' in slot
    more = page(client, f"/articles/{deal}/related?fragment=1")
    assert more.lstrip().startswith('<ol class="related-list">') and "<body" not in more
    assert f'href="/articles/{ids["nickel-pact"]}"' not in more  # never its own copy
    assert f'href="/articles/{ids["china-tariff"]}"' in more
    assert re.search(r'class="reasons">Shares [^<]*(Indonesia|nickel)', more)
    full = page(client, f"/articles/{deal}/related")
    assert "<h1>Related to “Indonesia and Japan sign nickel deal”</h1>" in full
    assert f'href="/articles/{ids["china-tariff"]}"' in full
    page(client, "/articles/99999/related", status=404)


def test_article_shows_script_handlers_and_javascript_links_as_inert_text(
    client: TestClient, ids: dict[str, int]
) -> None:
    html = page(client, f"/articles/{ids['xss']}")
    body = html.split("<body>", 1)[1]
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in html  # title, escaped
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in body
    assert "&lt;a href=&#34;javascript:alert(3)&#34;&gt;link&lt;/a&gt;" in body
    assert not re.search(r"<script(?![^>]*src=\"/static/assay\.js\")", html)
    assert "<img" not in body and 'href="javascript:' not in html.lower()
    assert not re.search(r"<[^>]+\son[a-z]+=", html)  # no element has an event handler
    assert 'Source: <span class="mono">javascript:alert(4)</span>' in html


def test_unknown_article_is_an_html_404(client: TestClient) -> None:
    html = page(client, "/articles/99999", status=404)
    assert "No article with id 99999." in html


# --------------------------------------------------------------------------- entity


def test_entity_page_has_profile_trend_partners_timeline_and_articles(
    client: TestClient, ids: dict[str, int]
) -> None:
    html = page(client, "/entities/country:IDN")
    assert "<h1>Indonesia</h1>" in html and "ISO 3166 code" in html
    trend = section(html, 'id="h-trend"', "</section>")
    assert '<svg class="chart chart-time"' in trend and '<rect class="bar"' in trend
    partners = section(html, 'id="h-partners"', "</section>")
    assert '<svg class="chart chart-network"' in partners
    assert 'href="/entities/country:JPN"' in partners and 'href="/entities/country:CHN"' in partners
    timeline = section(html, 'id="h-timeline"', "</section>")
    start = DEAL_TEXT.index(LOAN[2])
    assert f'href="/articles/{ids["nickel-deal"]}#s-{start}"' in timeline
    assert "March 2026" in timeline and "Trade measure" in timeline
    latest = section(html, 'id="h-latest"', "</section>")
    assert "JBIC weighs Indonesia smelter loans" in latest


def test_commodity_profile_names_its_groups_and_critical_mineral_lists(client: TestClient) -> None:
    html = page(client, "/entities/commodity:nickel")
    assert "Element symbol" in html and ">Ni<" in html
    assert "Battery metal" in html
    assert "US critical minerals (USGS 2022)" in html and "EU critical raw materials (2023)" in html


def test_unknown_entity_is_an_html_404(client: TestClient) -> None:
    html = page(client, "/entities/org:nobody", status=404)
    assert "No entity with key &#39;org:nobody&#39;" in html


# --------------------------------------------------------------------------- sector


def test_sector_page_lists_latest_stories_active_entities_and_a_trend(client: TestClient) -> None:
    html = page(client, "/sectors/mining-metals")
    latest = section(html, 'id="h-latest"', "</section>")
    titles = re.findall(r'class="story-title"><a href="/articles/\d+">([^<]+)<', latest)
    assert titles == [
        "China puts tariff on Indonesian nickel",
        "Japan, Indonesia agree nickel pact",
    ]
    active = section(html, 'id="h-active"', "</section>")
    assert '<svg class="chart chart-bars"' in active and 'href="/entities/country:IDN"' in active
    assert '<svg class="chart chart-time"' in html
    page(client, "/sectors/crypto", status=404)


# --------------------------------------------------------------------------- search


def test_search_highlights_matches_and_counts_facets(client: TestClient) -> None:
    html = page(client, "/search?q=tariff")
    assert "<mark>tariff</mark>" in html
    facets = section(html, 'class="facets"', "</aside>")
    assert 'href="/search?q=tariff&amp;sector=sanctions-regulation"' in facets
    assert 'href="/search?q=tariff&amp;country=CHN"' in facets
    assert 'href="/search?q=tariff&amp;type=trade_measure"' in facets
    assert 'href="/search?q=tariff&amp;entity=commodity%3Anickel"' in facets


def test_search_says_at_least_when_the_count_stopped_early(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assay.store.backends.sqlite as sqlite_backend

    assert "Exactly 2 stories" in page(client, "/search?q=nickel")
    # Rank the newest match only, and count one more: the rest go uncounted.
    monkeypatch.setattr(sqlite_backend, "RANK_LIMIT", 1)
    monkeypatch.setattr(sqlite_backend, "COUNT_LIMIT", 2)
    html = page(client, "/search?q=nickel")
    assert "At least 2 stories" in html
    assert "Counts over the best 1 of at least 2 matches" in html  # the facets say so too


def test_search_facets_narrow_the_results_and_can_be_removed(client: TestClient) -> None:
    html = page(client, "/search?q=nickel&type=investment&since=2026-03-01")
    hits = re.findall(r'<li class="hit">\s*<h3><a href="/articles/(\d+)">', html)
    assert len(hits) == 1
    assert 'aria-label="Remove filter Fact: investment"' in html
    assert 'href="/search?q=nickel&amp;since=2026-03-01"' in html  # the chip's link
    everything = page(client, "/search?q=nickel")
    assert len(re.findall(r'<li class="hit">', everything)) == 2  # the copies are one story


def test_search_shows_a_bad_query_inline(client: TestClient) -> None:
    html = page(client, "/search?q=-nickel", status=400)
    assert 'class="notice error" role="alert"' in html and "has no words to look for" in html
    html = page(client, "/search?q=nickel&since=March", status=400)
    assert "Bad since date &#39;March&#39;" in html


def test_search_without_a_query_offers_examples(client: TestClient) -> None:
    html = page(client, "/search")
    assert 'class="panel tips"' in html


# ---------------------------------------------------------------------------- facts


def test_facts_explorer_filters_sorts_and_links_provenance(
    client: TestClient, ids: dict[str, int]
) -> None:
    html = page(client, "/facts?type=agreement")
    rows = re.findall(r"<tr>\s*<td class=\"nowrap\">", html)
    assert len(rows) == 2
    assert f'href="/articles/{ids["nickel-deal"]}#s-0"' in html
    by_type = page(client, "/facts?sort=type")
    order = re.findall(r'<span class="fact-type f-(\w+)">', by_type.split("<tbody>")[1])
    assert order == sorted(order)
    assert 'aria-sort="ascending"' in by_type
    assert 'href="/facts?sort=-type"' in by_type  # clicking again reverses
    assert len(re.findall(r"<tr>", page(client, "/facts?country=CHN"))) == 2  # head + 1


def test_facts_export_streams_the_filtered_rows_as_csv(client: TestClient) -> None:
    response = client.get("/facts/export.csv?party=country:JPN")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 2 and {r["type"] for r in rows} == {"agreement"}
    assert rows[0]["sentence"] == DEAL[2]


# ---------------------------------------------------------------------------- all


@pytest.mark.parametrize(
    "path",
    ["/", "/about", "/search?q=nickel", "/facts", "/sectors/ev-battery", "/entities/country:JPN"],
)
def test_pages_obey_the_csp_no_inline_script_or_style(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    html = response.text
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/assay.js" defer>']
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"<[^>]+\son[a-z]+=", html)


def test_static_files_are_served_locally(client: TestClient) -> None:
    for name in ("assay.css", "assay.js", "favicon.svg"):
        assert client.get(f"/static/{name}").status_code == 200
    assert "http" not in client.get("/static/assay.css").text.replace("http://www.w3.org", "")
