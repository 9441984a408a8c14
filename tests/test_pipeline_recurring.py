"""Lines a site repeats on its pages (masthead, footer) count as furniture evidence: the
pipeline reads the source's recent articles from the store (both backends) and passes them
to extraction."""

from __future__ import annotations

import pytest

from assay.models import Page
from assay.pipeline import Ingestor
from assay.pipeline.hooks import Hooks
from assay.pipeline.recurring import source_key
from assay.settings import Settings
from assay.store import Store

MASTHEAD = "Harbour Metals Review"
FOOTER = "Harbour Metals Review is published by Quayside Media Ltd"
STORIES = [
    (
        "Zinc smelter restarts after strike",
        "Teck's Trail smelter restarted its zinc lines on Monday after a two-week strike "
        "ended, the company said in a statement.",
        "The smelter produces about 300,000 tonnes of refined zinc a year and employs 1,400.",
    ),
    (
        "Chile copper output falls in March",
        "Copper production in Chile fell 4% in March from a year earlier as lower ore grades "
        "at Escondida cut output, the statistics agency said.",
        "State miner Codelco produced 110,000 tonnes, down 6%.",
    ),
    (
        "Nickel price hits six-month high",
        "Nickel prices on the London Metal Exchange rose to their highest in six months on "
        "Tuesday as Indonesian export curbs tightened supply.",
        "Three-month nickel traded at 18,450 dollars a tonne.",
    ),
]


def site_page(n: int, url: str | None = "https://harbour.example/") -> Page:
    headline, first, second = STORIES[n]
    text = f"{MASTHEAD}\n\n{headline}\n\n{first}\n\n{second}\n\n{FOOTER}"
    where = f"{url}{n}" if url else None
    return Page(source=where or f"page-{n}.txt", url=where, content=text, kind="text")


@pytest.mark.usefixtures("backend")
def test_masthead_seen_on_the_sites_stored_pages_is_furniture(
    settings: Settings, store: Store
) -> None:
    first_run = Ingestor(store, settings, hooks=Hooks())
    for n in (0, 1):
        first_run.add_page(site_page(n))
    first_run.flush()
    # A later run: the site's earlier pages come from the store.
    [article] = Ingestor(store, settings, hooks=Hooks()).add_page(site_page(2))
    assert article.title == STORIES[2][0]
    assert MASTHEAD in article.removed and FOOTER in article.removed
    assert MASTHEAD not in article.text


@pytest.mark.usefixtures("backend")
def test_a_page_with_no_history_keeps_its_guess(settings: Settings, store: Store) -> None:
    # The same page alone (or from a file, with no site to compare with): the masthead reads
    # as the headline; this is what the site's other pages correct.
    for page in (site_page(2), site_page(2, url=None)):
        [article] = Ingestor(store, settings, hooks=Hooks()).add_page(page)
        assert article.title == MASTHEAD


def test_pages_are_compared_within_their_feed_else_their_site() -> None:
    assert source_key(site_page(0)) == (None, "https://harbour.example/")
    assert source_key(Page(source="x", content="", url="https://a.example/b", feed_id=3)) == (
        3,
        None,
    )
    assert source_key(site_page(0, url=None)) is None
    assert (
        source_key(Page(source="r.jsonl:1", content="", url="https://a.example/", verbatim=True))
        is None
    )
