"""One writer process of the concurrency tests: `python writer.py DATABASE_URL N`.

Writer N saves an overlapping share of the same stories (shuffled, in small batches),
with shared entities, facts, feed entries and vectors, logs the same feed, clusters after
every batch, and rewrites a few stories with new text. Run several against one store.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta

from assay.models import Article, Entity, Fact, Mention, SectorScore
from assay.store import Store
from assay.stories import DedupeParams, cluster_pending

STORIES = 40
SHARE = 25  # each writer saves 25 of the 40 stories: every story by two or three writers
SHARED = [("country:CHN", "China", "COUNTRY"), ("commodity:gallium", "gallium", "COMMODITY")]
DAY = datetime(2026, 1, 5, tzinfo=UTC)


def text_of(n: int, version: int = 1) -> str:
    """Story n's text; the unique word `zq{n}x` finds it by full text."""
    return (
        f"China and partner {n} agreed gallium and germanium terms, zq{n}x officials said. "
        f"Version {version} of the report counts {n * 7} tonnes shipped through port {n}."
    )


def story(n: int, version: int = 1) -> Article:
    text = text_of(n, version)
    china = Entity("country:CHN", "China", "COUNTRY", [Mention(0, 5, "China")])
    gallium = Entity(
        "commodity:gallium",
        "gallium",
        "COMMODITY",
        [Mention(text.index("gallium"), text.index("gallium") + 7, "gallium")],
    )
    partner = Entity(
        f"org:partner-{n}",
        f"Partner {n}",
        "ORG",
        [Mention(10, 19 + len(str(n)), text[10 : 19 + len(str(n))])],
    )
    fact = Fact(
        "agreement",
        {
            "parties": [
                {"name": "China", "key": "country:CHN"},
                {"name": f"Partner {n}", "key": f"org:partner-{n}"},
            ],
            "commodity": {"name": "gallium", "key": "commodity:gallium"},
            "action": "signed",
        },
        text.split(", ")[0],
        0,
        len(text.split(", ")[0]),
        0.9,
    )
    return Article(
        source=f"story-{n}",
        url=f"https://wire.example/{n}",
        title=f"Gallium deal {n}",
        text=text,
        published=DAY + timedelta(hours=n),
        language="en",
        sectors=[
            SectorScore("rare-earths-commodities", 0.9),
            SectorScore("sanctions-regulation", 0.6),
        ],
        entities=[china, gallium, partner],
        facts=[fact],
    )


def main(url: str, index: int) -> None:
    rng = random.Random(index)
    mine = [(index * 10 + k) % STORIES for k in range(SHARE)]
    rng.shuffle(mine)
    with Store.open_url(url) as store:
        feed = store.add_feed("https://wire.example/rss")
        for start in range(0, len(mine), 5):
            batch = [story(n) for n in mine[start : start + 5]]
            for article in batch:
                article.feed_id, article.entry_id = feed["id"], article.url
            # A syndicated copy: the same text at another URL is the same article. (Not of
            # stories 0-4: while one holds version 2, a copy of version 1 is a new text.)
            copied = next(n for n in mine[start:] + mine if n >= 5)
            batch.append(story(copied))
            batch[-1].url = f"https://mirror{index}.example/{copied}"
            store.save_articles(batch, enriched_with="test.v1")
            cluster_pending(store, DedupeParams())
        # Writers 0 and 1 both rewrite stories 0-4: either version may win, never both.
        if index < 2:
            store.save_articles([story(n, version=2) for n in range(5)])
            cluster_pending(store, DedupeParams())


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
