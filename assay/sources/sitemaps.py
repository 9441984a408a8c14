"""Sitemaps: <urlset> (with Google News tags) and <sitemapindex>."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from assay.errors import FeedNotFound
from assay.sources.dates import parse_iso

# The sitemap protocol caps an uncompressed sitemap at 50 MiB.
MAX_SITEMAP_BYTES = 52_428_800
_ROOT = re.compile(rb"<(?:[\w.-]+:)?(urlset|sitemapindex)[\s>]")


@dataclass
class SitemapEntry:
    """One <url> (an article) or, in an index, one child sitemap (`is_sitemap=True`)."""

    loc: str
    lastmod: datetime | None = None
    title: str | None = None
    published: datetime | None = None
    is_sitemap: bool = False


def looks_like_sitemap(content: bytes) -> bool:
    """True for gzip data or XML whose root is <urlset> or <sitemapindex>."""
    return content[:2] == b"\x1f\x8b" or _ROOT.search(content[:4096]) is not None


def parse_sitemap(content: bytes, url: str) -> list[SitemapEntry]:
    """Entries of a urlset (news:title and news:publication_date when present) or an index."""
    if content[:2] == b"\x1f\x8b":
        content = _gunzip(content, url)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    not_found = FeedNotFound(
        f"No sitemap found at {url}. Pass the sitemap URL itself (often /sitemap.xml)."
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError:
        raise not_found from None
    kind = etree.QName(root).localname
    if kind not in ("urlset", "sitemapindex"):
        raise not_found
    entries = []
    for node in root:
        if not isinstance(node.tag, str):
            continue  # comments and processing instructions
        fields = _fields(node)
        loc = fields.get("loc", "").strip()
        if not loc:
            continue
        entries.append(
            SitemapEntry(
                loc=loc,
                lastmod=parse_iso(fields.get("lastmod")),
                title=fields.get("title") or None,
                published=parse_iso(fields.get("publication_date")),
                is_sitemap=kind == "sitemapindex",
            )
        )
    return entries


def _fields(node: etree._Element) -> dict[str, str]:
    # Walks nested news:news/news:title too; names are taken without their namespace.
    fields: dict[str, str] = {}
    for child in node.iter():
        if child is node or not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if child.text and child.text.strip() and name not in fields:
            fields[name] = child.text.strip()
    return fields


def _gunzip(content: bytes, url: str) -> bytes:
    decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        data = decoder.decompress(content, MAX_SITEMAP_BYTES + 1)
    except zlib.error:
        raise FeedNotFound(f"Corrupt gzip sitemap at {url}.") from None
    if len(data) > MAX_SITEMAP_BYTES:
        raise FeedNotFound(f"Sitemap at {url} is over 50 MiB uncompressed; split it.")
    return data
