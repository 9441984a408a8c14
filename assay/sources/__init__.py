"""Where pages come from: files, URLs, feeds and sitemaps. Sources yield Page; they never store."""

from assay.sources.feeds import (
    FeedEntry,
    FeedState,
    HostBackoff,
    ParsedFeed,
    PollResult,
    entry_page,
    next_poll_delay,
    parse_feed,
    poll_feed,
    poll_feeds,
)
from assay.sources.files import OnError, iter_pages
from assay.sources.guard import check_url
from assay.sources.http import FetchResult, RobotsCache, fetch, fetch_page, make_client
from assay.sources.sitemaps import SitemapEntry, parse_sitemap
from assay.sources.targets import is_url, iter_target_pages

__all__ = [
    "FeedEntry",
    "FeedState",
    "FetchResult",
    "HostBackoff",
    "OnError",
    "ParsedFeed",
    "PollResult",
    "RobotsCache",
    "SitemapEntry",
    "check_url",
    "entry_page",
    "fetch",
    "fetch_page",
    "is_url",
    "iter_pages",
    "iter_target_pages",
    "make_client",
    "next_poll_delay",
    "parse_feed",
    "parse_sitemap",
    "poll_feed",
    "poll_feeds",
]
