"""Plain data passed between pipeline stages: Page -> Article (+ entities, facts, sectors)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

PageKind = Literal["html", "text", "markdown"]

SECTORS: dict[str, str] = {
    "oil-gas": "Oil & Gas",
    "rare-earths-commodities": "Rare Earths & Commodities",
    "mining-metals": "Mining & Metals",
    "ev-battery": "EVs & Battery Technology",
    "esg-renewables": "ESG & Renewable Energy",
    "ai-semiconductors": "AI & Semiconductors",
    "aerospace-defense": "Aerospace & Defense",
    "sanctions-regulation": "Sanctions & Regulation",
    "business-politics": "Business & Politics",
}

ENTITY_TYPES = ("COUNTRY", "ORG", "PERSON", "COMMODITY", "PROJECT", "LOCATION")
FACT_TYPES = ("agreement", "trade_measure", "sanction", "capacity", "investment", "production")
# The fields of each fact type that name its parties: a fact is right when these match.
FACT_ROLES: dict[str, tuple[str, ...]] = {
    "agreement": ("parties",),
    "trade_measure": ("actor", "target"),
    "sanction": ("actor", "target"),
    "capacity": ("actors",),
    "investment": ("investor", "target"),
    "production": ("actor",),
}
# Stored argument roles that name a party to an event (facts link stories and partners).
PARTY_ROLES = ("party", "actor", "target", "investor")


@dataclass
class Page:
    """One raw document as a source delivered it, before extraction.

    `title`, `published`, `url` and `authors` carry what the source already knows (feed
    entry title, a JSON Lines record's own fields, e-mail subject): extraction prefers them
    over guessing. `verbatim` marks content that is the article's own text as the source
    supplied it (a JSON Lines `text`): it is kept whole, with no furniture filter, no story
    split and no headline taken off it. `notes` says what a reader cut to fit the caps.
    """

    source: str
    content: str
    kind: PageKind = "html"
    url: str | None = None
    title: str | None = None
    published: datetime | None = None
    authors: list[str] = field(default_factory=list)
    feed_id: int | None = None
    entry_id: str | None = None
    fetched_at: datetime | None = None
    verbatim: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass
class Mention:
    """A span of `Article.text` naming an entity: text[start:end] == text."""

    start: int
    end: int
    text: str


@dataclass
class Entity:
    """A linked entity with a stable key (`country:AUS`, `org:jbic`) and its mentions."""

    key: str
    name: str
    type: str
    mentions: list[Mention] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Fact:
    """A typed event. `fields` holds the DESIGN.md fields; parties are {name, key} dicts."""

    type: str
    fields: dict[str, Any]
    sentence: str
    start: int
    end: int
    confidence: float


@dataclass
class SectorScore:
    slug: str
    score: float


class CountAtLeast(int):
    """A count that stopped before the end: at least this many (search says "at least")."""


@dataclass
class Article:
    """An extracted story. Enrichers fill sectors, entities, facts, summary and keywords."""

    source: str
    text: str
    title: str = ""
    url: str | None = None
    published: datetime | None = None
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    language: str | None = None
    story: int = 0
    removed: list[str] = field(default_factory=list)
    sectors: list[SectorScore] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    summary: str = ""
    keywords: list[str] = field(default_factory=list)
    feed_id: int | None = None
    entry_id: str | None = None

    @property
    def content_hash(self) -> str:
        """sha256 of the normalised text: equal for copies that differ only in case/spacing."""
        return text_hash(self.text)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["published"] = self.published.isoformat() if self.published else None
        return d


_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Lower-case, collapse whitespace: the form used to detect exact re-ingestion."""
    return _WS.sub(" ", text).strip().lower()


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
