"""Pieces of the pages without a server: text annotation, charts, links and fact fields."""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import Markup

from assay.records import ArticleEntity, FactRecord
from assay.web import charts
from assay.web.pages.annotate import Run, Sentence, annotate
from assay.web.pages.views import fact_fields, marked, page_url, safe_url

TEXT = "Japan and Chile signed a lithium deal.\nThe road ahead\nChile will ship ore from 2027."


def entity(key: str, kind: str, *spans: tuple[int, int]) -> ArticleEntity:
    return {
        "key": key,
        "name": TEXT[spans[0][0] : spans[0][1]],
        "type": kind,
        "attrs": {},
        "mentions": [{"start": s, "end": e, "text": TEXT[s:e]} for s, e in spans],
    }


def fact(n: int, start: int, end: int, kind: str = "agreement") -> FactRecord:
    fields: dict[str, Any] = {"parties": []}
    return {
        "id": n,
        "article_id": 1,
        "article_title": "t",
        "url": None,
        "type": kind,
        "action": None,
        "fields": fields,
        "sentence": TEXT[start:end],
        "start": start,
        "end": end,
        "confidence": 0.8,
        "published": None,
        "arguments": [],
    }


def test_annotate_links_mentions_anchors_sentences_and_finds_headings() -> None:
    chile = TEXT.index("Chile")
    later = TEXT.rindex("Chile")
    ents = [
        entity("country:JPN", "COUNTRY", (0, 5)),
        entity("country:CHL", "COUNTRY", (chile, chile + 5), (later, later + 5)),
    ]
    first_end = TEXT.index(".") + 1
    blocks, unplaced = annotate(TEXT, ents, [fact(1, 0, first_end)])
    assert unplaced == []
    assert [b.kind for b in blocks] == ["p", "h", "p"]
    sentence = blocks[0].pieces[0]
    assert isinstance(sentence, Sentence) and sentence.anchor == "s-0"
    assert sentence.runs[0] == Run("Japan", "country:JPN", "COUNTRY")
    assert [f["id"] for f in blocks[0].facts] == [1]
    assert Run("Chile", "country:CHL", "COUNTRY") in blocks[2].pieces
    assert "".join(p.text for p in blocks[1].pieces if isinstance(p, Run)) == "The road ahead"


def test_annotate_drops_spans_that_do_not_fit_the_text() -> None:
    bad = [
        entity("country:JPN", "COUNTRY", (0, 5)),
        {
            "key": "org:x",
            "name": "X",
            "type": "ORG",
            "attrs": {},
            "mentions": [
                {"start": 0, "end": 4, "text": "Chil"},
                {"start": 90, "end": 99, "text": "beyond"},
            ],
        },
        # Overlaps Japan: the earlier, longer mention wins.
        entity("org:jap", "ORG", (1, 4)),
    ]
    blocks, unplaced = annotate(TEXT, bad, [fact(1, 5, 500), fact(2, 0, 10), fact(3, 3, 12)])
    assert [f["id"] for f in unplaced] == [1]
    sentence = blocks[0].pieces[0]
    # Overlapping fact sentences merge into one anchor, with the other start as an alias.
    assert isinstance(sentence, Sentence) and sentence.fact_ids == (2, 3)
    assert sentence.aliases == ("s-3",)
    linked = [r for r in sentence.runs if r.key]
    assert linked == [Run("Japan", "country:JPN", "COUNTRY")]


def test_safe_url_keeps_only_absolute_web_links() -> None:
    assert safe_url("https://news.example/a?b=1") == "https://news.example/a?b=1"
    for hostile in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "//evil.example/x",
        "vbscript:x",
        "/relative",
        None,
        "",
    ):
        assert safe_url(hostile) is None, hostile


def test_marked_splits_text_at_highlight_spans() -> None:
    assert marked("rare earth prices", [(0, 4), (5, 10)]) == [
        ("rare", True),
        (" ", False),
        ("earth", True),
        (" prices", False),
    ]
    assert marked("abc", [(2, 9), (1, 2)]) == [("a", False), ("b", True), ("c", True)]


def test_fact_fields_read_like_a_sentence_of_labelled_values() -> None:
    fields = {
        "action": "pledged",
        "amount": {"value": 1.2e9, "currency": "USD"},
        "investor": {"name": "JBIC", "key": "org:jbic"},
        "rate_percent": 38.0,
        "goods": None,
    }
    rows = [(f.label, [(v.text, v.key) for v in f.values]) for f in fact_fields({"fields": fields})]
    assert rows == [
        ("investor", [("JBIC", "org:jbic")]),
        ("amount", [("USD 1.2 billion", None)]),
        ("rate", [("38%", None)]),
        ("action", [("pledged", None)]),
    ]


def test_page_url_updates_drops_empty_and_repeats_lists() -> None:
    params = {"q": "nickel & co", "entity": ["org:a", "org:b"], "page": 2}
    assert page_url("/search", params, page=None) == (
        "/search?q=nickel+%26+co&entity=org%3Aa&entity=org%3Ab"
    )
    assert page_url("/", {"date": None}) == "/"


def test_buckets_fill_missing_days_and_pick_weeks_for_long_spans() -> None:
    unit, days = charts.buckets(
        [{"day": "2026-03-01", "count": 2}, {"day": "2026-03-03", "count": 1}]
    )
    assert unit == "day" and [b.count for b in days] == [2, 0, 1]
    unit, weeks = charts.buckets(
        [{"day": "2026-01-05", "count": 1}, {"day": "2026-01-07", "count": 2}],
        date(2026, 1, 1),
        date(2026, 6, 30),
    )
    assert unit == "week" and weeks[1].start == date(2026, 1, 5) and weeks[1].count == 3
    assert sum(b.count for b in weeks) == 3
    unit, months = charts.buckets([], date(2024, 1, 1), date(2026, 1, 1))
    assert unit == "month" and len(months) == 25


def test_charts_are_svg_with_titles_and_escape_every_label() -> None:
    _, series = charts.buckets([{"day": "2026-03-01", "count": 2}])
    svg = charts.time_chart(series, "day", title="<b>Mentions</b>")
    assert isinstance(svg, Markup) and svg.startswith('<svg class="chart chart-time"')
    assert "&lt;b&gt;Mentions&lt;/b&gt;" in svg and "<b>" not in svg
    assert "No articles yet" in charts.time_chart([], "day", title="t")
    bars = charts.bar_chart([charts.Bar("<script>x</script>", 3, "/e/1")], title="t")
    assert "&lt;script&gt;" in bars and "<script>" not in bars and 'href="/e/1"' in bars
    partner = {
        "key": "org:x",
        "name": "<img src=x onerror=1>",
        "type": "ORG",
        "facts": 2,
        "types": {"agreement": 2},
        "first": None,
        "last": None,
    }
    net = charts.network("Indonesia", "COUNTRY", [partner], href={"org:x": "/entities/org:x"})  # type: ignore[list-item]
    assert "<img" not in net and "&lt;img" in net
    assert 'class="edge edge-agreement"' in net and 'href="/entities/org:x"' in net
    assert " style=" not in svg + bars + net
