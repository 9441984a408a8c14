"""JSON Lines: one article per line, with the field names common dumps use.

A record's own title, date, URL and authors are taken as given (they win over anything
extraction would infer), and its `text` is the article body, kept whole (`Page.verbatim`).
Each field is looked up under its aliases, first match wins; the README lists them.
A bad line (not JSON, no body, a lone surrogate, nesting too deep) is reported on its own
and the lines after it are still read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from assay.errors import InputError
from assay.models import Page
from assay.sources.dates import parse_date
from assay.sources.decode import decode_bytes

OnRecordError = Callable[[str, InputError], None]

TITLE_FIELDS = ("title", "headline", "name")
TEXT_FIELDS = (
    "text",
    "body",
    "content",
    "content_original",
    "article",
    "article_text",
    "articleBody",
    "full_text",
    "maintext",
    "story",
)
HTML_FIELDS = ("html", "raw_html", "content_html")
URL_FIELDS = ("url", "link", "canonical_url", "permalink", "href", "uri", "source_url")
DATE_FIELDS = (
    "published",
    "published_at",
    "publishedAt",
    "date_published",
    "datePublished",
    "pubDate",
    "pub_date",
    "date_iso",
    "datetime",
    "date",
    "timestamp",
)
AUTHOR_FIELDS = ("authors", "author", "byline", "creator")

_SURROGATE = re.compile("[\ud800-\udfff]")
_URL = re.compile(r"https?://[^\s/?#]+", re.IGNORECASE)


def iter_records(
    lines: Iterable[bytes], source: str, where: str, on_error: OnRecordError | None
) -> Iterator[Page]:
    """A Page per non-blank line of `lines`; `source` is e.g. the path (pages get `:line`),
    `where` its name in messages ("File 'a.jsonl'"). With `on_error` None, a bad line raises.
    """
    for lineno, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            yield record_page(raw, f"{source}:{lineno}", f"{where}, line {lineno}")
        except InputError as exc:
            if on_error is None:
                raise
            on_error(f"{source}:{lineno}", exc)


def looks_like_record(line: bytes) -> bool:
    """True when `line` is a JSON object holding a text or HTML field (JSON Lines sniffing)."""
    if not line.lstrip().startswith(b"{"):
        return False
    try:
        record = json.loads(decode_bytes(line))
    except (ValueError, RecursionError):
        return False
    return isinstance(record, dict) and any(k in record for k in TEXT_FIELDS + HTML_FIELDS)


def record_page(raw: bytes, source: str, where: str) -> Page:
    """One JSON Lines record as a Page; InputError naming `where` when it cannot be one."""
    try:
        record = json.loads(decode_bytes(raw))
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{where}: not valid JSON ({exc.msg}); expected one object per line."
        ) from None
    except RecursionError:
        raise InputError(f"{where}: JSON nested too deeply; expected one flat object.") from None
    except ValueError:  # Python refuses to convert integers of more than 4,300 digits
        raise InputError(f"{where}: holds a number with more than 4,300 digits.") from None
    return page_from_record(record, source, where)


def page_from_record(record: Any, source: str, where: str) -> Page:
    """A decoded record (a dict) as a Page; InputError naming `where` when it cannot be one."""
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}.")
    text_key, text = _first_text(record, TEXT_FIELDS)
    html_key, html = _first_text(record, HTML_FIELDS)
    if text_key is not None:
        key, content, kind = text_key, text, "text"
    elif html_key is not None:
        key, content, kind = html_key, html, "html"
    else:
        raise InputError(f"{where}: needs a non-empty 'text' or 'html' field.")
    _check_unicode(content, key, where)
    title_key, title = _first_text(record, TITLE_FIELDS)
    if title_key is not None:
        _check_unicode(title, title_key, where)
    return Page(
        source=source,
        content=content,
        kind=kind,  # type: ignore[arg-type]
        url=_url(record, where),
        title=title.strip() or None,
        published=_published(record, where),
        authors=_authors(record, where),
        verbatim=kind == "text",
    )


def _first_text(record: dict[str, Any], keys: tuple[str, ...]) -> tuple[str | None, str]:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return key, value
    return None, ""


def _check_unicode(value: str, key: str, where: str) -> None:
    # json.loads keeps an unpaired "\ud800" escape as a lone surrogate, which no database
    # or terminal can encode: refuse the record rather than fail the batch it lands in.
    match = _SURROGATE.search(value)
    if match is not None:
        raise InputError(
            f"{where}: {key!r} holds a lone surrogate ({ascii(match.group())[1:-1]}), "
            "which is not valid Unicode; fix the export."
        )


def _url(record: dict[str, Any], where: str) -> str | None:
    # The first alias holding an absolute http(s) URL: AllSides' `source_url` is a bare
    # domain ("www.usatoday.com"), which names the site, not the article.
    for key in URL_FIELDS:
        value = record.get(key)
        if isinstance(value, str) and _URL.match(value.strip()):
            _check_unicode(value, key, where)
            return value.strip()
    return None


def _published(record: dict[str, Any], where: str) -> datetime | None:
    bad: tuple[str, Any] | None = None
    for key in DATE_FIELDS:
        value = record.get(key)
        if value is None or value == "":
            continue
        parsed = parse_date(value)
        if parsed is not None:
            return parsed
        bad = bad or (key, value)
    if bad is not None:
        key, value = bad
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        raise InputError(f"{where}: {key!r} is {shown}; expected an ISO 8601 date like 2024-05-01.")
    return None


def _authors(record: dict[str, Any], where: str) -> list[str]:
    for key in AUTHOR_FIELDS:
        value = record.get(key)
        if value is None or value == "" or value == []:
            continue
        names = value if isinstance(value, list) else [value]
        found = []
        for name in names:
            if isinstance(name, dict):
                name = name.get("name")
            if not isinstance(name, str):
                shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
                raise InputError(f"{where}: {key!r} is {shown}; expected a list of names.")
            if name.strip():
                _check_unicode(name, key, where)
                found.append(name.strip())
        return found
    return []
