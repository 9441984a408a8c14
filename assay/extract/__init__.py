"""Page -> Articles: main text, title, date, authors and language, one Article per story.

`extract` is the single entry point the pipeline calls. HTML goes through trafilatura;
plain text and Markdown go straight to the furniture filter. Every path then splits
the text into stories, drops furniture lines (reporting them in `Article.removed`),
and detects each story's language among `settings.languages`.

A verbatim page (a JSON Lines record's own `text`) is one article whose body is that text
whole: only whitespace changes (hard-wrapped lines joined, blank-line runs and the ends
trimmed), and a missing title is read from its first line without taking it off the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag

from assay.errors import ExtractionError
from assay.extract.furniture import clean_text
from assay.extract.html import extract_html
from assay.extract.language import detect_language
from assay.extract.lead import headline_of, read_lead, unwrap
from assay.extract.markdown import markdown_to_text
from assay.extract.stories import split_stories
from assay.models import Article, Page
from assay.settings import Settings

__all__ = ["clean_text", "detect_language", "extract", "markdown_to_text", "split_stories"]

_WS = re.compile(r"\s+")
_BLANKS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_PREAMBLE_CHARS = 250
_SENTENCE = re.compile(r"(?<=[.!?])\s")


@dataclass
class _Story:
    headline: str
    body: str
    removed: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)


def _same(a: str, b: str) -> bool:
    return _WS.sub(" ", a).strip().casefold() == _WS.sub(" ", b).strip().casefold()


def _story(piece: str, title: str | None, find_headline: bool) -> _Story:
    """Clean one story and take its headline (and byline) off the body."""
    kept, removed = clean_text(piece)
    first, _, rest = kept.partition("\n")
    if title and _same(first, title):
        return _Story(first.strip(), rest.strip(), removed)
    if not find_headline:
        return _Story("", kept, removed)
    lead = read_lead(kept)
    # Line breaks inside a sentence split multi-word names for the enrichers: unwrap them.
    return _Story(lead.headline, unwrap(lead.body), removed + lead.removed, lead.authors)


def _story_url(url: str | None, story: int) -> str | None:
    """Keep story URLs unique: the second story of a page is `<url>#story-2`."""
    if url is None or story == 0:
        return url
    return f"{urldefrag(url)[0]}#story-{story + 1}"


def extract(page: Page, settings: Settings) -> list[Article]:
    """Turn one Page into its Articles, the main story first (story index 0).

    Raises ExtractionError when no story keeps `settings.min_text_chars` characters.
    """
    where = page.url or page.source
    if page.verbatim:
        return [_verbatim_article(page, settings)]
    url = page.url
    site_name: str | None = None
    authors = list(page.authors)
    published = page.published
    title_hint = page.title
    if page.kind == "html":
        found = extract_html(page)
        raw, site_name = found.text, found.site_name
        authors, published, title_hint = found.authors, found.published, found.title or None
        url = url or found.url  # a saved page names its own canonical URL
    elif page.kind == "markdown":
        raw = markdown_to_text(page.content)
    elif page.kind == "text":
        raw = page.content
    else:
        raise ExtractionError(
            f"Unknown page kind {page.kind!r} for {where}; expected html, text or markdown."
        )

    stories: list[_Story] = []
    before: list[str] = []  # lines of pieces dropped before / after the first story
    after: list[str] = []
    longest = 0
    pieces = split_stories(raw, rules=page.kind != "html")
    for n, piece in enumerate(pieces):
        # trafilatura's first line of the main story may be a byline or standfirst, not a
        # headline: there only the known title is taken off the body.
        main = not stories
        story = _story(piece, title_hint if main else None, not (main and page.kind == "html"))
        longest = max(longest, len(story.body))
        # Before the first story of a newsletter: a masthead or greeting, not a story. (In
        # HTML the first piece is trafilatura's main text, whatever its length.)
        preamble = (
            page.kind != "html" and n == 0 and len(pieces) > 2 and len(story.body) < _PREAMBLE_CHARS
        )
        if len(story.body) >= settings.min_text_chars and not preamble:
            stories.append(story)
        else:
            # Too short to be a story (a masthead, a bare teaser headline): report it.
            lines = [line.strip() for line in piece.split("\n") if line.strip()]
            (after if stories else before).extend(lines)
    if not stories:
        if not raw.strip():
            raise ExtractionError(f"No article text found in {where}.")
        raise ExtractionError(
            f"No article text found in {where} ({longest} characters after cleaning)."
        )

    articles = []
    for index, story in enumerate(stories):
        title = story.headline or (title_hint or "" if index == 0 else "")
        body, cut = _capped(story.body, settings)
        articles.append(
            Article(
                source=page.source,
                text=body,
                title=title,
                url=_story_url(url, index),
                published=published,
                authors=list(authors or story.authors),
                site_name=site_name,
                language=detect_language(body, settings.languages),
                story=index,
                removed=(before + story.removed + after if index == 0 else story.removed) + cut,
                feed_id=page.feed_id,
                entry_id=page.entry_id,
            )
        )
    return articles


def _verbatim_article(page: Page, settings: Settings) -> Article:
    """The record's text as one article: whitespace tidied, not a character dropped."""
    text = _tidy(page.content)
    if not text:
        raise ExtractionError(f"No article text found in {page.url or page.source}.")
    body, cut = _capped(text, settings)
    return Article(
        source=page.source,
        text=body,
        title=page.title or _title_from(body),
        url=page.url,
        published=page.published,
        authors=list(page.authors),
        language=detect_language(body, settings.languages),
        removed=cut,
        feed_id=page.feed_id,
        entry_id=page.entry_id,
    )


def _tidy(text: str) -> str:
    """Paragraphs one per line-pair: split at blank lines and at indented lines (wire copy
    indents each paragraph), hard-wrapped lines joined; only whitespace changes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs: list[str] = []
    for block in _BLANKS.split(text):
        current: list[str] = []
        for line in block.split("\n"):
            if current and line[:1] in (" ", "\t") and line.strip():
                paragraphs.append("\n".join(current))
                current = []
            current.append(line)
        paragraphs.append("\n".join(current))
    return "\n\n".join(_joined(p) for p in paragraphs if p.strip())


def _joined(paragraph: str) -> str:
    # Hard-wrapped when every line between the first and the last is 40-100 characters:
    # wire copy starts short where the dateline was cut. A two-line paragraph needs a long
    # first line, so two short table rows stay apart.
    lines = [line.strip() for line in paragraph.strip().split("\n")]
    inner = lines[1:-1] if len(lines) > 2 else lines[:1]
    if len(lines) > 1 and all(40 <= len(line) <= 100 for line in inner):
        return " ".join(line for line in lines if line)
    return "\n".join(lines)


def _title_from(text: str) -> str:
    """A title for a record that has none: its first line if it reads as a headline, else
    the first sentence, shortened at a word."""
    first = text.split("\n", 1)[0].strip()
    headline = headline_of(text)
    if headline is not None:
        return headline
    sentence = _SENTENCE.split(first, 1)[0]
    if len(sentence) <= 150:
        return sentence
    return sentence[:150].rsplit(" ", 1)[0] + "…"


def _capped(text: str, settings: Settings) -> tuple[str, list[str]]:
    """`text` within ASSAY_MAX_TEXT_CHARS, and a note for `removed` when it was cut."""
    limit = settings.max_text_chars
    if len(text) <= limit:
        return text, []
    return text[:limit], [f"[{len(text) - limit:,} characters past ASSAY_MAX_TEXT_CHARS]"]
