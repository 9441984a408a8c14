"""The bundled sample set (`samples/`): formats, metadata, sectors and the planted special cases.

These tests read the files with the standard library only, so they check the set itself and
not the project's readers.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser
from pathlib import Path

import pytest

from assay.models import SECTORS

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NEAR_DUPLICATES = ("zambia-copper-gulf-horizon.html", "zambia-copper-gulf-horizon-syndicated.html")
RULE = re.compile(r"^-{20,}$", re.MULTILINE)


@dataclass
class HtmlSample:
    """What a reader would take from one sample page."""

    lang: str = ""
    title: str = ""
    canonical: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    headline: str = ""
    paragraphs: list[str] = field(default_factory=list)


class _PageParser(HTMLParser):
    """Collects head metadata and the story's unclassed <p> and <h2> text inside <article>."""

    def __init__(self) -> None:
        super().__init__()
        self.page = HtmlSample()
        self._in_article = 0
        self._capture: str | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.page.lang = a.get("lang", "")
        elif tag == "meta" and "content" in a:
            self.page.meta[a.get("property") or a.get("name", "")] = a["content"]
        elif tag == "link" and a.get("rel") == "canonical":
            self.page.canonical = a.get("href", "")
        elif tag == "article":
            self._in_article += 1
        elif tag == "title" or (self._in_article and self._is_story_text(tag, a)):
            self._capture, self._buf = tag, []

    @staticmethod
    def _is_story_text(tag: str, attrs: dict[str, str]) -> bool:
        # Classed paragraphs are the byline, kicker or an inline "Read also" teaser.
        return tag == "h1" or (tag in ("p", "h2") and "class" not in attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1
        elif tag == self._capture:
            text = "".join(self._buf).strip()
            if tag == "title":
                self.page.title = text
            elif tag == "h1":
                self.page.headline = text
            else:
                self.page.paragraphs.append(text)
            self._capture = None

    def handle_data(self, data: str) -> None:
        if self._capture:
            self._buf.append(data)


@functools.cache
def parse_html(path: Path) -> HtmlSample:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.page


def html_files() -> list[Path]:
    return sorted((SAMPLES / "html").glob("*.html"))


def jsonl_records() -> list[dict[str, object]]:
    lines = (SAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def newsletter() -> EmailMessage:
    (path,) = sorted((SAMPLES / "email").glob("*.eml"))
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(message, EmailMessage)
    return message


def newsletter_stories() -> list[str]:
    """The pieces between rule lines, without the greeting before and the footer after."""
    body = newsletter().get_body(preferencelist=("plain",))
    assert body is not None
    return [piece.strip() for piece in RULE.split(body.get_content())[1:-1]]


def markdown_body(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    # Drop the headline, the italic byline and the closing "Originally published at" line.
    return "\n".join(line for line in lines[3:-1] if not line.startswith("#"))


def readme_rows() -> list[list[str]]:
    """Rows of the story table: [file, headline, date, sectors, facts]."""
    text = (SAMPLES / "README.md").read_text(encoding="utf-8")
    table = text.split("## Stories", 1)[1]
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in table.splitlines()
        if line.startswith("| `")
    ]
    assert rows, "samples/README.md has no story table under '## Stories'"
    return rows


def words(text: str) -> int:
    return len(text.split())


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    tokens = text.lower().split()
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


@functools.cache
def all_story_bodies() -> dict[str, str]:
    """Every story in every format, keyed by where it lives."""
    bodies = {f"html/{p.name}": "\n".join(parse_html(p).paragraphs) for p in html_files()}
    for i, record in enumerate(jsonl_records(), 1):
        bodies[f"articles.jsonl:{i}"] = str(record["text"])
    for i, story in enumerate(newsletter_stories(), 1):
        bodies[f"email:{i}"] = story
    for path in sorted((SAMPLES / "markdown").glob("*.md")):
        bodies[f"markdown/{path.name}"] = markdown_body(path)
    for path in sorted((SAMPLES / "text").glob("*.txt")):
        bodies[f"text/{path.name}"] = path.read_text(encoding="utf-8")
    return bodies


def test_samples_cover_every_format_the_brief_asks_for() -> None:
    non_english = [p.name for p in html_files() if parse_html(p).lang != "en"]
    assert len(html_files()) >= 20
    assert len(jsonl_records()) >= 6
    assert len(list((SAMPLES / "text").glob("*.txt"))) == 3
    assert len(list((SAMPLES / "email").glob("*.eml"))) == 1
    assert len(list((SAMPLES / "markdown").glob("*.md"))) == 1
    assert non_english == ["fr-lithium-alsace.html"]


def test_samples_hold_at_least_36_distinct_stories() -> None:
    bodies = [shingles(body) for body in all_story_bodies().values()]
    distinct: list[set[tuple[str, ...]]] = []
    for body in bodies:
        if all(len(body & seen) / len(body | seen) < 0.5 for seen in distinct):
            distinct.append(body)
    assert len(bodies) == len(distinct) + 1  # only the planted wire copy repeats a story
    assert len(distinct) >= 36


@pytest.mark.parametrize("where", sorted(all_story_bodies()))
def test_every_story_is_250_to_600_words(where: str) -> None:
    # A copied text page also carries its furniture lines, hence the higher ceiling.
    ceiling = 700 if where.startswith("text/") else 600
    assert 250 <= words(all_story_bodies()[where]) <= ceiling


@pytest.mark.parametrize("path", html_files(), ids=lambda p: p.name)
def test_every_html_page_has_canonical_url_date_title_and_author(path: Path) -> None:
    page = parse_html(path)
    published = datetime.fromisoformat(page.meta["article:published_time"])
    assert re.fullmatch(r"https://[a-z-]+\.example/\S+", page.canonical)
    assert page.meta["og:url"] == page.canonical
    assert published.utcoffset() is not None
    assert date(2025, 1, 1) <= published.date() <= date(2026, 11, 27)
    assert page.meta["og:title"] == page.headline
    assert page.title.startswith(page.headline + " | ")
    assert page.meta["author"]


def test_no_two_samples_share_a_canonical_url() -> None:
    urls = [parse_html(p).canonical for p in html_files()]
    urls += [str(r["url"]) for r in jsonl_records()]
    for path in (SAMPLES / "markdown").glob("*.md"):
        urls += re.findall(r"<(https://[^>]+)>", path.read_text(encoding="utf-8"))
    repeated = [url for url, n in Counter(urls).items() if n > 1]
    assert repeated == []
    assert len(urls) == len(html_files()) + len(jsonl_records()) + 1


def test_near_duplicate_wire_copies_differ_by_a_few_words() -> None:
    original, copy = (parse_html(SAMPLES / "html" / name) for name in NEAR_DUPLICATES)
    a = " ".join(original.paragraphs).split()
    b = " ".join(copy.paragraphs).split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    changed = sum(
        max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"
    )
    assert 3 <= changed <= 15
    assert matcher.ratio() > 0.97
    assert original.canonical != copy.canonical
    assert original.meta["og:site_name"] != copy.meta["og:site_name"]


def test_readme_lists_every_sector_at_least_four_times() -> None:
    listed = [[s.strip() for s in row[3].split(",")] for row in readme_rows()]
    counts = Counter(slug for sectors in listed for slug in sectors)
    assert set(counts) == set(SECTORS)
    assert min(counts.values()) >= 4
    assert all(1 <= len(sectors) <= 3 for sectors in listed)


def test_readme_lists_every_sample_file_and_story() -> None:
    listed = [row[0].strip("`") for row in readme_rows()]
    files = {
        str(p.relative_to(SAMPLES))
        for p in SAMPLES.rglob("*")
        if p.is_file() and p.name not in ("README.md", "articles.jsonl")
    }
    assert {entry.split(" (")[0] for entry in listed} - {"articles.jsonl"} == files
    assert sum(e.startswith("articles.jsonl (line ") for e in listed) == len(jsonl_records())
    assert sum(e.startswith("email/") for e in listed) == len(newsletter_stories())
    assert len(listed) == len(all_story_bodies())


def test_readme_dates_match_the_published_dates() -> None:
    by_file = {row[0].strip("`"): row[2] for row in readme_rows()}
    for path in html_files():
        published = parse_html(path).meta["article:published_time"]
        assert by_file[f"html/{path.name}"] == published[:10]
    for i, record in enumerate(jsonl_records(), 1):
        assert by_file[f"articles.jsonl (line {i})"] == str(record["published"])[:10]


def test_jsonl_records_carry_exactly_the_documented_fields() -> None:
    for record in jsonl_records():
        assert set(record) == {"url", "title", "text", "published", "authors"}
        assert datetime.fromisoformat(str(record["published"])).utcoffset() is not None
        authors = record["authors"]
        assert isinstance(authors, list) and all(isinstance(a, str) and a for a in authors)


def test_newsletter_has_headers_three_stories_and_an_unsubscribe_footer() -> None:
    message = newsletter()
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    footer = RULE.split(body.get_content())[-1]
    assert message["Subject"].startswith("Critical Minerals Brief, 27 October")
    assert message["From"].addresses[0].domain == "critical-minerals-brief.example"
    assert message["Date"].datetime.isoformat() == "2026-10-27T06:00:00+00:00"
    assert [s.splitlines()[0] for s in newsletter_stories()] == [
        "CONGO'S GERMANIUM OUTPUT TO TRIPLE AS TAILINGS PLANT EXPANDS",
        "VIETNAM BANS EXPORT OF UNPROCESSED RARE-EARTH ORE",
        "KAZAKH TUNGSTEN MINE SIGNS SUPPLY DEAL WITH U.S. DEFENCE CONTRACTOR",
    ]
    assert "Unsubscribe: https://critical-minerals-brief.example/unsubscribe" in footer


@pytest.mark.parametrize("path", sorted((SAMPLES / "text").glob("*.txt")), ids=lambda p: p.name)
def test_copied_text_pages_mix_furniture_with_the_story(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "We use cookies" in text
    assert "Sign up for our" in text
    assert "Read more:" in text
    assert re.search(r"^© 2026 .+\. All rights reserved\.$", text, re.MULTILINE)
    assert "This article is protected by copyright; copying is prohibited" in text
    assert re.search(r"^Published \d{1,2} \w+ 2026", text, re.MULTILINE)


def test_related_stories_recur_on_different_days() -> None:
    rows = readme_rows()
    bodies = all_story_bodies()
    nickel = {r[2] for r in rows if "nickel" in r[1] and "Indonesia" in bodies[r[0].strip("`")]}
    gallium = {r[2] for r in rows if "gallium" in r[1].lower()}
    assert len(nickel) >= 3
    assert len(gallium) >= 2


def test_stories_include_negated_and_hedged_statements() -> None:
    text = "\n".join(all_story_bodies().values())
    for phrase in ("denied signing", "plans to", "Talks collapsed", "No agreement has been"):
        assert phrase in text, phrase
