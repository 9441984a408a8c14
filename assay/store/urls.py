"""Canonical article URLs: one spelling per story, so re-ingestion finds the stored copy."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

# Click-tracking parameters that never change what a page shows.
_TRACKING = frozenset({"fbclid", "gclid", "msclkid", "mc_cid", "mc_eid"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Multi-story texts address their stories as URL#story-N; that fragment names a distinct article.
_STORY_FRAGMENT = re.compile(r"story-\d+")


def _is_tracking(pair: str) -> bool:
    key = unquote(pair.split("=", 1)[0]).lower()
    return key.startswith("utm_") or key in _TRACKING


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop default ports, tracking params and fragments.

    The remaining query is sorted; a `#story-N` fragment is kept. Anything that is not
    an absolute URL (a file path, say) comes back stripped but otherwise unchanged.

    >>> canonical_url("HTTPS://Example.COM:443/a?utm_source=x&b=2&a=1#top")
    'https://example.com/a?a=1&b=2'
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    if not parts.scheme or not parts.netloc:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}" if userinfo else host
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    # Sort raw pairs rather than re-encoding them, so percent-escapes survive unchanged.
    pairs = sorted(p for p in parts.query.split("&") if p and not _is_tracking(p))
    fragment = parts.fragment if _STORY_FRAGMENT.fullmatch(parts.fragment) else ""
    return urlunsplit((scheme, netloc, parts.path or "/", "&".join(pairs), fragment))
