"""Atom 1.0 feeds out (RFC 4287): one per sector, per entity and per alert (saved search).

    /atom/sectors/{slug}.xml     the sector's latest stories, copies of one story collapsed
    /atom/entities/{key}.xml     the latest articles naming the entity
    /atom/alerts/{id}.xml        the alert's matches, newest first

Entries link to the article pages on `ASSAY_PUBLIC_URL` (rel=alternate) and to the
original article (rel=related). Text is plain (type="text"), with characters XML cannot
carry removed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from lxml import etree

from assay import __version__
from assay.deliver.links import Links
from assay.errors import NotFound
from assay.models import SECTORS
from assay.records import ArticleRow, StoryRow
from assay.store import Store

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
FEED_SIZE = 50
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class FeedEntry:
    id: str
    title: str
    updated: datetime
    link: str
    summary: str = ""
    published: datetime | None = None
    related: str | None = None
    categories: list[tuple[str, str]] = field(default_factory=list)  # (term, label)


def _clean(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def render_feed(
    *,
    feed_id: str,
    title: str,
    subtitle: str,
    self_url: str,
    page_url: str,
    entries: Sequence[FeedEntry],
) -> bytes:
    """A complete Atom document, UTF-8, with an XML declaration."""
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})

    def add(
        parent: etree._Element, tag: str, text: str | None = None, **attrs: str
    ) -> etree._Element:
        node = etree.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            node.text = _clean(text)
        return node

    add(feed, "id", feed_id)
    add(feed, "title", title, type="text")
    add(feed, "subtitle", subtitle, type="text")
    updated = max((e.updated for e in entries), default=datetime.now(UTC))
    add(feed, "updated", _stamp(updated))
    add(feed, "link", rel="self", type=MEDIA_TYPE, href=self_url)
    add(feed, "link", rel="alternate", type="text/html", href=page_url)
    author = add(feed, "author")
    add(author, "name", "assay")
    add(feed, "generator", "assay", version=__version__)
    for e in entries:
        entry = add(feed, "entry")
        add(entry, "id", e.id)
        add(entry, "title", e.title or "Untitled story", type="text")
        add(entry, "updated", _stamp(e.updated))
        if e.published is not None:
            add(entry, "published", _stamp(e.published))
        add(entry, "link", rel="alternate", type="text/html", href=e.link)
        if e.related and urlsplit(e.related).scheme in ("http", "https"):
            add(entry, "link", rel="related", href=e.related)
        for term, label in e.categories:
            add(entry, "category", term=term, label=label)
        if e.summary:
            add(entry, "summary", e.summary, type="text")
    return bytes(etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True))


def _story_entry(links: Links, row: StoryRow | ArticleRow) -> FeedEntry:
    published = _when(row["published"])
    fallback = _when(row.get("ingested_at")) or datetime(1970, 1, 1, tzinfo=UTC)  # type: ignore[arg-type]
    return FeedEntry(
        id=links.article(row["id"]),
        title=row["title"],
        updated=published or fallback,
        published=published,
        link=links.article(row["id"]),
        summary=row["summary"],
        related=row["url"],
        categories=[(t["slug"], t["name"]) for t in row["sectors"]],
    )


def sector_feed(store: Store, links: Links, slug: str) -> bytes:
    """The latest stories of a sector; NotFound for an unknown slug."""
    if slug not in SECTORS:
        raise NotFound(f"No sector '{slug}'. Sectors: {', '.join(SECTORS)}.")
    stories = store.latest_stories(slug, limit=FEED_SIZE)
    return render_feed(
        feed_id=links.atom_sector(slug),
        title=f"assay · {SECTORS[slug]}",
        subtitle=f"The latest stories in {SECTORS[slug]}, one entry per story.",
        self_url=links.atom_sector(slug),
        page_url=links.url(f"/sectors/{slug}"),
        entries=[_story_entry(links, s) for s in stories],
    )


def entity_feed(store: Store, links: Links, key: str) -> bytes:
    """The latest articles naming an entity; NotFound for an unknown key."""
    profile = store.entity(key)
    rows = store.entity_articles(key, limit=FEED_SIZE)
    return render_feed(
        feed_id=links.atom_entity(key),
        title=f"assay · {profile['name']}",
        subtitle=f"The latest articles naming {profile['name']} ({key}).",
        self_url=links.atom_entity(key),
        page_url=links.url(f"/entities/{key}"),
        entries=[_story_entry(links, r) for r in rows],
    )


def alert_feed(store: Store, links: Links, alert_id: int) -> bytes:
    """An alert's matches, newest first; NotFound for an unknown alert."""
    alert = store.alerts.get(alert_id)
    host = urlsplit(links.base).hostname or "localhost"
    entries = []
    for m in store.alerts.matches(alert_id, limit=FEED_SIZE):
        matched = _when(m["matched_at"]) or datetime.now(UTC)
        entries.append(
            FeedEntry(
                id=f"tag:{host},2026:assay:alert:{alert_id}:match:{m['id']}",
                title=m["title"],
                updated=matched,
                published=_when(m["published"]),
                link=links.article(m["article_id"]),
                summary=m["sentence"] or m["summary"],
                related=m["url"],
            )
        )
    what = f"search {alert['query']}" if alert["query"] else "fact pattern"
    return render_feed(
        feed_id=links.atom_alert(alert_id),
        title=f"assay alert · {alert['name']}",
        subtitle=f"New matches of the {what}.",
        self_url=links.atom_alert(alert_id),
        page_url=links.url("/search", q=alert["query"]) if alert["query"] else links.url("/facts"),
        entries=entries,
    )
