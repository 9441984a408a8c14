"""Issue 8 with issue 9: a JSON Lines record is stored whole, furniture lines included, but
its share bars, related-link lines and photo captions yield no sentence, entity or fact;
every offset still points into the stored text."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from assay.enrich import Enricher
from assay.enrich.enricher import without_furniture
from assay.extract.furniture import classify_lines
from assay.models import Article
from assay.pipeline import ingest
from assay.pipeline.hooks import Hooks
from assay.settings import Settings
from assay.store import Store

SHARE_BAR = ["LISTEN TO ARTICLE", "SHARE THIS ARTICLE", "Share", "Tweet"]
RELATED = "Glencore and Anglo American Sign Copper Supply Agreement With Japan MORE"
CAPTION = "Haul trucks at a BHP mine in Chile. Photographer: Lucia Ferrer/Bloomberg"
BODY = [
    "Peru's energy ministry approved a plan by Minera Andina S.A. to expand its Quellaveco "
    "copper mine in Moquegua, the company said on Monday.",
    "Peru and South Korea signed a free trade agreement on Tuesday, the ministry said.",
    "Peru is the world's third-largest copper producer after Chile and Congo.",
]
TEXT = "\n".join(SHARE_BAR) + f"\n\n{BODY[0]}\n\n{RELATED}\n\n{BODY[1]}\n\n{CAPTION}\n\n{BODY[2]}"
FURNITURE = [*SHARE_BAR, RELATED, CAPTION]


def furniture_spans_in(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        if line.strip() in FURNITURE:
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def test_json_lines_record_is_stored_whole_and_its_furniture_is_not_enriched(
    settings: Settings, store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "records.jsonl"
    record = {"title": "Peru approves Quellaveco expansion", "url": "https://andes.example/q"}
    path.write_text(json.dumps({**record, "text": TEXT}) + "\n", encoding="utf-8")
    report = ingest([str(path)], store, settings, Enricher(settings), hooks=Hooks())
    assert (report.new, report.failed) == (1, 0)

    conn = sqlite3.connect(settings.db)
    try:
        [(title, text, summary)] = conn.execute(
            "SELECT title, text, summary FROM articles"
        ).fetchall()
        mentions = conn.execute(
            "SELECT e.name, m.start, m.end FROM mentions m JOIN entities e ON e.id = m.entity_id"
        ).fetchall()
        facts = conn.execute("SELECT type, sentence, start, end FROM facts").fetchall()
    finally:
        conn.close()

    # Issue 9: the record's own title, and every character of its body (blank lines as given).
    assert title == record["title"]
    assert text == TEXT
    # Issue 8: the furniture stays in the text but gives no entity and no fact.
    spans = furniture_spans_in(text)
    assert len(spans) == len(FURNITURE)
    names = {name for name, _, _ in mentions}
    assert {"Peru", "South Korea", "Chile"} <= names
    assert not names & {"Glencore", "Anglo American", "Japan", "BHP", "Lucia Ferrer", "Bloomberg"}
    assert [t for t, _, _, _ in facts] == ["agreement"]  # the story's own, not the link's
    for _, start, end in mentions:
        assert not any(s < end and start < e for s, e in spans), text[start:end]
    for _, sentence, start, end in facts:
        assert text[start:end] == sentence  # evidence offsets point into the stored text
        assert not any(s < end and start < e for s, e in spans), sentence
    assert BODY[0] in summary and RELATED not in summary and CAPTION not in summary


def test_without_furniture_blanks_furniture_lines_and_keeps_every_offset() -> None:
    masked = without_furniture(TEXT)
    assert len(masked) == len(TEXT)
    for start, end in furniture_spans_in(TEXT):
        assert masked[start:end].strip() == ""
    for sentence in BODY:
        assert masked.index(sentence) == TEXT.index(sentence)


def test_without_furniture_leaves_clean_wire_copy_unchanged() -> None:
    wire = "\n\n".join(BODY)
    assert without_furniture(wire) is wire


EARNINGS = """Shr 1.12 dlrs vs 94 cts
    Net 8.3 mln vs 7.0 mln
    Revs 412.5 mln vs 388.1 mln
    Year
    Shr 2.40 dlrs vs 2.02 dlrs
    Net 17.8 mln vs 15.0 mln
    Revs 1.61 billion vs 1.52 billion
    NOTE: Net excludes losses of 3.2 mln dlrs, or
43 cts a share, vs 1.1 mln dlrs, or 15 cts a share, in quarter
and 4.4 mln dlrs, or 59 cts a share, vs 2.0 mln dlrs, or 27 cts
a share, from discontinued operations at its Ohio foundry unit
sold to Brixton Castings Inc in December.
 Reuter"""


def test_a_hard_wrapped_sentence_is_never_skipped_as_furniture() -> None:
    # "a share, from discontinued operations ..." reads like a share line to the classifier,
    # but it continues the sentence above it and goes on below.
    verdicts = classify_lines(EARNINGS.split("\n"), extracted=True)
    assert [v.line[:8] for v in verdicts if v.furniture] == ["a share,"]
    assert without_furniture(EARNINGS) == EARNINGS


INLINE = (
    "Vale said on Monday it would sell its nickel unit in Canada. (RELATED: Anglo American "
    "Buys Teck Coal Mines In Surprise Deal) The sale needs approval.\n\n"
    "U.S. stocks SPX, +0.37% DJIA, -1.2% closed mixed after the news.\n\n"
    "See: Glencore Signs Cobalt Deal With Tesla In Congo\n\n"
    "See the table below for the figures."
)


def test_teasers_and_quote_chips_inside_a_paragraph_are_blanked_and_offsets_kept(
    settings: Settings,
) -> None:
    masked = without_furniture(INLINE)
    assert len(masked) == len(INLINE)
    for gone in ("(RELATED:", "Teck Coal", "SPX, +0.37%", "DJIA, -1.2%", "Glencore", "Tesla"):
        assert gone not in masked
    for kept in (
        "Vale said on Monday",
        "The sale needs approval.",
        "closed mixed",
        "See the table",
    ):
        assert masked.index(kept) == INLINE.index(kept)
    [article] = Enricher(settings).enrich(
        [Article(source="t", text=INLINE, title="Vale to sell Canadian nickel unit")],
        only=("entities",),
    )
    names = {e.name for e in article.entities}
    assert "Vale" in names
    assert not names & {"Anglo American", "Teck", "SPX", "DJIA", "Glencore", "Tesla", "Congo"}


def test_a_call_to_follow_the_writer_is_furniture_but_a_post_on_twitter_is_news(
    settings: Settings,
) -> None:
    text = (
        "The minister said on Twitter that the mine would reopen. Follow Jane Roe on Twitter "
        "and on Facebook.\n\nSupport us by liking us on Facebook and following us on Instagram."
    )
    masked = without_furniture(text)
    assert "said on Twitter that the mine would reopen." in masked
    assert "Jane Roe" not in masked and "Instagram" not in masked
    [article] = Enricher(settings).enrich(
        [Article(source="t", text=text, title="Mine to reopen")], only=("entities",)
    )
    names = {e.name for e in article.entities}
    assert "Twitter" in names
    assert not names & {"Jane Roe", "Meta Platforms", "Instagram"}


def test_a_teaser_that_is_also_a_call_to_follow_is_blanked_once() -> None:
    text = "Vale sold a unit. (RELATED: Follow us on Twitter for Vale news.) Shares rose."
    masked = without_furniture(text)
    assert len(masked) == len(text)
    assert masked.startswith("Vale sold a unit. ") and masked.endswith(" Shares rose.")
    assert "RELATED" not in masked and "Twitter" not in masked
