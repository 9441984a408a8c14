"""A small enriched store built in code for CLI tests: three articles, their entities and facts.

The facts are written by hand (as the enrichers would store them), so tests can name the
exact rows each query must return.
"""

from __future__ import annotations

from datetime import UTC, datetime

from assay.models import Article, Entity, Fact, Mention, SectorScore
from assay.store import Store


def _ent(key: str, name: str, type_: str, text: str) -> Entity:
    """An entity with one mention at the first place `name` occurs in `text`."""
    at = text.index(name)
    return Entity(key, name, type_, [Mention(at, at + len(name), name)])


def _fact(type_: str, fields: dict[str, object], text: str) -> Fact:
    return Fact(type_, fields, text, 0, len(text), 0.8)


JBIC = (
    "Japan Bank for International Cooperation (JBIC) pledged $1.2 billion to PT Vale "
    "Indonesia for a nickel plant in Sulawesi, Indonesia."
)
OIL = (
    "Indonesia and China signed a crude oil supply agreement on Monday, ahead of an OPEC "
    "meeting in Vienna, Indonesia's energy ministry said."
)
TARIFF = (
    "The United States raised tariffs on electric vehicles imported from China to 100% on "
    "Tuesday, the trade representative said."
)


def articles() -> list[Article]:
    jbic = _ent("org:jbic", "Japan Bank for International Cooperation", "ORG", JBIC)
    idn = _ent("country:IDN", "Indonesia", "COUNTRY", JBIC)
    vale = _ent("org:pt-vale-indonesia", "PT Vale Indonesia", "ORG", JBIC)
    nickel = _ent("commodity:nickel", "nickel", "COMMODITY", JBIC)
    invest = _fact(
        "investment",
        {
            "investor": {"name": "Japan Bank for International Cooperation", "key": "org:jbic"},
            "target": {"name": "Indonesia", "key": "country:IDN"},
            "amount": {"value": 1.2e9, "currency": "USD"},
            "action": "pledged",
        },
        JBIC,
    )
    oil_parties = [
        {"name": "Indonesia", "key": "country:IDN"},
        {"name": "China", "key": "country:CHN"},
    ]
    deal = _fact(
        "agreement",
        {
            "parties": oil_parties,
            "kind": "supply",
            "commodity": {"name": "crude oil", "key": "commodity:crude-oil"},
            "action": "signed",
        },
        OIL,
    )
    tariff = _fact(
        "trade_measure",
        {
            "actor": {"name": "United States", "key": "country:USA"},
            "target": {"name": "China", "key": "country:CHN"},
            "measure": "tariff",
            "goods": {"name": "electric vehicles", "key": None},
            "rate_percent": 100.0,
            "action": "raised",
        },
        TARIFF,
    )
    return [
        Article(
            source="jbic.txt",
            text=JBIC,
            title="JBIC backs Sulawesi nickel plant",
            url="https://news.example/jbic",
            published=datetime(2026, 1, 14, tzinfo=UTC),
            language="en",
            sectors=[SectorScore("ev-battery", 0.9)],
            entities=[jbic, vale, nickel, idn],
            facts=[invest],
        ),
        Article(
            source="oil.txt",
            text=OIL,
            title="Indonesia and China sign crude supply deal",
            url="https://news.example/oil",
            published=datetime(2026, 2, 2, tzinfo=UTC),
            language="en",
            sectors=[SectorScore("oil-gas", 0.95)],
            entities=[
                _ent("country:IDN", "Indonesia", "COUNTRY", OIL),
                _ent("country:CHN", "China", "COUNTRY", OIL),
                _ent("commodity:crude-oil", "crude oil", "COMMODITY", OIL),
                _ent("org:opec", "OPEC", "ORG", OIL),
            ],
            facts=[deal],
        ),
        Article(
            source="tariff.txt",
            text=TARIFF,
            title="US raises EV tariffs on China to 100%",
            url="https://news.example/tariff",
            published=datetime(2026, 3, 3, tzinfo=UTC),
            language="en",
            sectors=[SectorScore("sanctions-regulation", 0.97)],
            entities=[
                _ent("country:USA", "United States", "COUNTRY", TARIFF),
                _ent("country:CHN", "China", "COUNTRY", TARIFF),
            ],
            facts=[tariff],
        ),
    ]


def fill(store: Store) -> Store:
    """Save the three articles (ids 1, 2, 3 in a fresh store) and return the store."""
    store.save_articles(articles(), enriched_with="test.v1")
    return store
