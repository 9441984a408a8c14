"""Fuzzing with hypothesis: every reader, the query parser and the quantity parser take any
input without crashing. Each either returns its result or raises the one error users see.

The budget is bounded (examples per property, a deadline per example) and the runs are
derandomized, so `make test` stays well under a minute and gives the same answer each time;
ASSAY_FUZZ_SCALE=N runs N times as many fresh random examples.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import sqlite3
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assay.enrich.quantities import (
    find_amounts,
    find_money,
    find_percents,
    parse_amount,
    parse_money,
    parse_percent,
)
from assay.errors import ExtractionError, FeedNotFound, InputError, QueryError
from assay.extract import extract
from assay.models import Page
from assay.search.compile import compiler_for
from assay.search.syntax import parse_query
from assay.settings import Settings
from assay.sources.dates import parse_date
from assay.sources.decode import decode_bytes
from assay.sources.feed_parser import parse_feed
from assay.sources.mail import email_page, iter_mbox
from assay.sources.records import iter_records, record_page
from assay.sources.sitemaps import parse_sitemap
from assay.sources.warc import iter_warc

# ASSAY_FUZZ_SCALE=20 fuzzes twenty times longer, with fresh random examples each run.
SCALE = int(os.environ.get("ASSAY_FUZZ_SCALE", "1"))


def budget(examples: int) -> Any:
    return settings(
        max_examples=examples * SCALE,
        deadline=2000 if SCALE == 1 else None,
        derandomize=SCALE == 1,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


SETTINGS = Settings(languages=["en", "fr", "de"])

# Text that looks like what readers meet: words, numbers, punctuation, markup, controls,
# escapes, and the odd surrogate or non-BMP character.
WORDS = st.sampled_from(
    [
        "copper", "OPEC", "Read more", "Subscribe", "$1.2bn", "38%", "2.5 million tonnes",
        "<p>", "</div>", "&amp;", "&#xD800;", "\\ud800", "\x1b[2J", "\x00", "\r\n", "\n\n",
        "From ", "---", "# ", "* ", "(", ")", '"', "OR", "-", "tariff", "中国", "🙂",
        "Shr 45 cts vs 58 cts", "By Jane Roe", "Published 3 May 2024",
    ]
)  # fmt: skip
NEWSY = st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=40).map(" ".join)
JSON = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | NEWSY,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["text", "title", "url", "date", "published", "authors", "html", "x"]),
            children,
            max_size=6,
        )
    ),
    max_leaves=12,
)


@budget(200)
@given(st.binary(max_size=400) | JSON.map(lambda v: json.dumps(v).encode()))
def test_a_jsonl_line_gives_a_page_or_an_input_error(raw: bytes) -> None:
    try:
        page = record_page(raw, "x.jsonl:1", "File 'x.jsonl', line 1")
    except InputError:
        return
    assert page.content.strip()
    assert page.title is None or page.title.strip()


@budget(100)
@given(st.lists(st.binary(max_size=80) | NEWSY.map(str.encode), max_size=8))
def test_jsonl_lines_never_stop_the_file(lines: list[bytes]) -> None:
    errors: list[str] = []
    pages = list(iter_records(lines, "x", "File 'x'", lambda s, e: errors.append(s)))
    assert len(pages) + len(errors) == sum(1 for line in lines if line.strip())


@budget(120)
@given(
    NEWSY | st.text(max_size=300),
    st.sampled_from(["text", "markdown"]),
    st.booleans(),
    st.none() | NEWSY,
)
def test_extracting_text_gives_articles_or_an_extraction_error(
    content: str, kind: str, verbatim: bool, title: str | None
) -> None:
    page = Page(source="fuzz", content=content, kind=kind, title=title, verbatim=verbatim)  # type: ignore[arg-type]
    try:
        articles = extract(page, SETTINGS)
    except ExtractionError:
        return
    assert articles and all(a.text for a in articles)
    if verbatim:
        [article] = articles
        assert article.text.split() == content.split()  # only whitespace may change


@budget(40)
@given(
    st.lists(WORDS | st.sampled_from(["<html>", "<body>", "<article>", "<script>"]), max_size=30)
)
def test_extracting_html_gives_articles_or_an_extraction_error(parts: list[str]) -> None:
    page = Page(source="fuzz", content="".join(parts), kind="html")
    with contextlib.suppress(ExtractionError):
        extract(page, SETTINGS)


@budget(150)
@given(
    st.binary(max_size=300)
    | st.builds(
        lambda headers, body: (headers + "\n\n" + body).encode("utf-8", "surrogatepass"),
        st.lists(
            st.sampled_from(
                [
                    "Subject: =?utf-8?q?bad=ZZ?=",
                    "Content-Type: text/html; charset=x-unknown",
                    "Content-Type: multipart/alternative; boundary=b",
                    "Content-Transfer-Encoding: base64",
                    "Content-Transfer-Encoding: quoted-printable",
                    "Date: Mon, 99 Foo 2024 25:61:00 +9999",
                    "From: <@>",
                ]
            ),
            max_size=5,
        ).map("\n".join),
        NEWSY,
    )
)
def test_an_email_gives_a_page_or_an_input_error(data: bytes) -> None:
    with contextlib.suppress(InputError):
        email_page(data, "fuzz.eml")


@budget(60)
@given(st.lists(st.binary(max_size=60) | st.just(b"From x\n") | st.just(b"\n"), max_size=12))
def test_a_mailbox_never_crashes(parts: list[bytes]) -> None:
    with contextlib.suppress(InputError):
        list(iter_mbox(io.BytesIO(b"".join(parts)), "fuzz.mbox", 5, 10_000, lambda s, e: None))


@budget(80)
@given(
    st.binary(max_size=300)
    | st.lists(
        st.sampled_from(
            [
                '<?xml version="1.0"?>', "<rss>", "<channel>", "<item>", "</item>", "<title>",
                "</title>", "&#xD800;", "&#0;", "&#55296;", "<![CDATA[", "]]>", "<feed>",
                "<entry>", "</entry>", "<link>http://x.example/a</link>", "<guid>g</guid>",
                "<!DOCTYPE x [<!ENTITY a 'aa'>]>", "&a;",
            ]
        )
        | NEWSY,
        max_size=25,
    ).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))
)  # fmt: skip
def test_a_feed_gives_entries_or_feed_not_found(content: bytes) -> None:
    try:
        feed = parse_feed(content, "http://x.example/feed", max_items=10)
    except FeedNotFound:
        return
    for entry in feed.entries:
        for value in (entry.title or "", entry.summary, entry.content, entry.entry_id):
            value.encode("utf-8")  # no lone surrogates reach the store


@budget(80)
@given(
    st.binary(max_size=200)
    | st.lists(
        st.sampled_from(
            [
                "<urlset>", "</urlset>", "<sitemapindex>", "<url>", "</url>", "<loc>",
                "</loc>", "http://x.example/a", "<lastmod>9999-99-99</lastmod>", "\x1f\x8b",
            ]
        ),
        max_size=20,
    ).map(lambda parts: "".join(parts).encode())
)  # fmt: skip
def test_a_sitemap_gives_entries_or_feed_not_found(content: bytes) -> None:
    with contextlib.suppress(FeedNotFound):
        parse_sitemap(content, "http://x.example/sitemap.xml")


@budget(60)
@given(st.binary(max_size=300).map(lambda b: b"WARC/1.0\r\n" + b))
def test_a_warc_gives_pages_or_an_input_error(data: bytes) -> None:
    stream = io.BufferedReader(io.BytesIO(data))  # type: ignore[arg-type]
    with contextlib.suppress(InputError):
        list(iter_warc(stream, "fuzz.warc", 100_000))


@budget(200)
@given(JSON | st.text(max_size=40))
def test_a_date_field_parses_or_is_none(value: Any) -> None:
    parsed = parse_date(value)
    assert parsed is None or parsed.tzinfo is not None


@budget(200)
@given(st.binary(max_size=200), st.none() | st.sampled_from(["utf-8", "x-bogus", "utf-16", ""]))
def test_any_bytes_decode(data: bytes, declared: str | None) -> None:
    assert isinstance(decode_bytes(data, declared), str)


QUERY_PARTS = st.sampled_from(
    [
        "nickel", "rare earth", '"export control"', "-coal", "gallium*", "OR", "AND", "NOT",
        "(", ")", "sector:oil-gas", "sector:nope", "entity:country:CHN", "country:CHN",
        "type:trade_measure", "since:2024-01-01", "until:9999-12-31", "since:0000-00-00",
        "lang:en", "lang:xx", '"', "*", "-", ":", "NEAR", "^", "中国", "don't", "e.g.",
    ]
)  # fmt: skip


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61')")
    conn.execute("INSERT INTO t VALUES ('nickel export control rare earth gallium')")
    return conn


@budget(300)
@given(st.lists(QUERY_PARTS | st.text(max_size=8), max_size=12).map(" ".join))
def test_every_query_parses_and_compiles_to_valid_fts5(fts: sqlite3.Connection, q: str) -> None:
    try:
        query = parse_query(q)
    except QueryError:
        return
    compiler = compiler_for("sqlite")
    for expr in (compiler.match(query), compiler.any_of(query.exclude)):
        if expr is not None:
            fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (expr,)).fetchall()
    compiler_for("postgresql").match(query)


AMOUNT_PARTS = st.sampled_from(
    [
        "$", "US$", "€", "1.2", "1,200", "bn", "billion", "million", "tonnes", "a year", "%",
        "per cent", "GWh", "MW", "barrels per day", "two", "half", "-", "1e400", "0", ".",
        "9" * 40, "mln", "yuan", "38", "up to",
    ]
)  # fmt: skip


@budget(300)
@given(st.lists(AMOUNT_PARTS | st.text(max_size=6), max_size=10).map(" ".join))
def test_quantities_parse_or_give_none(text: str) -> None:
    for parse in (parse_money, parse_amount, parse_percent):
        value = parse(text)
        number = getattr(value, "value", value)
        assert number is None or not math.isnan(number)
    for find in (find_money, find_amounts, find_percents):
        for start, end, _ in find(text):
            assert 0 <= start < end <= len(text)


@pytest.mark.parametrize("q", ["a\x00b", "x \x00y", "nickel\x1b[2J"])
def test_control_characters_in_a_query_separate_words(fts: sqlite3.Connection, q: str) -> None:
    # Found by the fuzzer: a NUL inside an FTS5 string ends it ("unterminated string").
    query = parse_query(q)
    expr = compiler_for("sqlite").match(query)
    assert expr is not None and "\x00" not in expr
    fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (expr,)).fetchall()
