"""A small enriched store built in code for the API tests, and clients over it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from assay.models import Article, Entity, Fact, Mention, SectorScore
from assay.settings import Settings
from assay.store import Store
from assay.stories import cluster_pending
from assay.web import create_app

NAMES = {
    "country:IDN": ("Indonesia", "COUNTRY", {"iso3": "IDN"}),
    "country:JPN": ("Japan", "COUNTRY", {"iso3": "JPN"}),
    "country:CHN": ("China", "COUNTRY", {"iso3": "CHN"}),
    "country:USA": ("United States", "COUNTRY", {"iso3": "USA"}),
    "org:jbic": ("JBIC", "ORG", {}),
    "commodity:nickel": ("nickel", "COMMODITY", {"groups": ["battery-metals"]}),
    "commodity:gallium": ("gallium", "COMMODITY", {"lists": ["us-2022", "eu-2023"]}),
}


def party(key: str) -> dict[str, str]:
    return {"name": NAMES[key][0], "key": key}


def article(
    n: int,
    title: str,
    text: str,
    day: datetime,
    keys: list[str],
    sectors: list[str],
    facts: list[tuple[str, dict[str, Any]]] = (),  # type: ignore[assignment]
    site: str = "minerals-wire.example",
) -> Article:
    """An enriched article: each entity's mentions found in `text`, facts over sentence 1."""
    text = text + "."
    entities = []
    for key in keys:
        name, kind, attrs = NAMES[key]
        spans, start = [], text.find(name)
        while start >= 0:
            spans.append(Mention(start, start + len(name), name))
            start = text.find(name, start + 1)
        entities.append(Entity(key, name, kind, spans, attrs))
    sentence = text.split(". ")[0] + "."
    return Article(
        source=f"https://{site}/{n}",
        text=text,
        title=title,
        url=f"https://{site}/news/{n}",
        published=day,
        site_name=site,
        language="en",
        sectors=[SectorScore(s, 0.9 - 0.1 * i) for i, s in enumerate(sectors)],
        entities=entities,
        facts=[Fact(t, f, sentence, 0, len(sentence), 0.8) for t, f in facts],
        summary=text.split(". ")[0] + ".",
        keywords=[],
    )


def day(d: int) -> datetime:
    return datetime(2026, 3, d, 9, 0, tzinfo=UTC)


NICKEL = (
    "Indonesia and Japan signed a nickel supply agreement on Monday, with JBIC lending money "
    "to smelters in Sulawesi. The deal covers ore and intermediate products"
)


def articles() -> list[Article]:
    deal = (
        "agreement",
        {
            "parties": [party("country:IDN"), party("country:JPN")],
            "kind": "supply",
            "commodity": party("commodity:nickel"),
            "location": None,
            "action": "signed",
        },
    )
    control = (
        "trade_measure",
        {
            "actor": party("country:CHN"),
            "target": party("country:USA"),
            "measure": "export-control",
            "goods": party("commodity:gallium"),
            "rate_percent": None,
            "action": "imposed",
        },
    )
    loan = (
        "investment",
        {
            "investor": party("org:jbic"),
            "target": party("country:IDN"),
            "amount": {"value": 1.2e9, "currency": "USD"},
            "action": "invested",
        },
    )
    evil = (
        "agreement",
        {
            "parties": [party("country:IDN"), {"name": "=HYPERLINK(1)", "key": None}],
            "kind": "other",
            "commodity": None,
            "location": None,
            "action": "announced",
        },
    )
    nickel_keys = ["country:IDN", "country:JPN", "org:jbic", "commodity:nickel"]
    out = [
        article(
            1,
            "Indonesia and Japan sign nickel supply deal",
            NICKEL,
            day(2),
            nickel_keys,
            ["ev-battery", "mining-metals"],
            [deal],
        ),
        # The same wire story on a second site: one story cluster, two sources.
        article(
            2,
            "Indonesia and Japan sign nickel supply deal",
            NICKEL + ", the ministry said",
            day(2),
            nickel_keys,
            ["ev-battery", "mining-metals"],
            [deal],
            site="metal-daily.example",
        ),
        article(
            3,
            "JBIC invests $1.2 billion in Indonesia nickel plant",
            "JBIC invested $1.2 billion in a nickel plant in Indonesia. The plant makes "
            "battery-grade material",
            day(5),
            ["org:jbic", "country:IDN", "commodity:nickel"],
            ["ev-battery", "business-politics"],
            [loan],
        ),
        article(
            4,
            "<script>alert(1)</script> Indonesia =HYPERLINK deal",
            'Indonesia announced a deal <img src=x onerror="alert(1)"> with a partner. '
            "Details were scarce",
            day(6),
            ["country:IDN"],
            ["business-politics"],
            [evil],
        ),
    ]
    rounds = (
        "Beijing cited national security when it listed the metal",
        "Exporters now need a licence for every shipment of wafers",
        "Customs officers began checking cargo at the port of Tianjin",
        "Semiconductor firms in Arizona warned of shortages by summer",
        "The commerce ministry extended the list to refined products",
    )
    for i, extra in enumerate(rounds):
        out.append(
            article(
                10 + i,
                f"China tightens gallium export controls, step {i + 1}",
                f"{extra}. China imposed export controls on gallium shipments to the United "
                f"States in round {i + 1}",
                day(14 + i),
                ["country:CHN", "country:USA", "commodity:gallium"],
                ["sanctions-regulation", "ai-semiconductors"],
                [control],
            )
        )
    return out


def fill(store: Store) -> None:
    """Save the fixture articles and cluster them (articles 1 and 2 are one story)."""
    store.save_articles(articles(), enriched_with="test.v1")
    cluster_pending(store)


def client_for(settings: Settings, **kwargs: Any) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app, **kwargs) as client:
        yield client


def api_settings(tmp_path: Path, **overrides: Any) -> Settings:
    return Settings(db=tmp_path / "assay.db", allow_private=True, fetch_timeout=2, **overrides)
