"""Canonical URLs: the spelling articles are deduplicated by."""

from __future__ import annotations

import pytest

from assay.store import canonical_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.COM/News/A", "https://example.com/News/A"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com/a#story-2", "https://example.com/a#story-2"),
        ("https://example.com/a#story-two", "https://example.com/a"),
        (
            "https://example.com/a?utm_source=rss&utm_medium=feed&id=3&fbclid=x&gclid=y",
            "https://example.com/a?id=3",
        ),
        ("https://example.com/a?b=2&a=1&UTM_Campaign=z", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a?q=rare%20earth&p=1", "https://example.com/a?p=1&q=rare%20earth"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("notes/story.txt", "notes/story.txt"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected
