"""Pages from local files, directories and stdin.

Formats: .html/.htm, .txt, .md, .jsonl, .warc/.warc.gz, .eml, .mbox; anything else is
sniffed as HTML or text. Error handling: with `on_error=None` the first bad file or JSONL
line raises InputError. With an `on_error(source, error)` callback each bad file, line or
message is reported (source is the path, with `:line` or `#message` appended) and the walk
goes on, so one bad file never stops a directory.
A path that does not exist always raises.
"""

from __future__ import annotations

import json
import mailbox
import os
import sys
import zlib
from collections.abc import Callable, Iterator
from datetime import datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, BinaryIO

from assay.errors import InputError
from assay.models import Page, PageKind
from assay.settings import Settings
from assay.sources.dates import as_utc, parse_iso
from assay.sources.decode import decode_bytes, looks_binary, looks_like_html

OnError = Callable[[str, InputError], None]

_KINDS: dict[str, PageKind] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}


def iter_pages(path: str, settings: Settings, *, on_error: OnError | None = None) -> Iterator[Page]:
    """Yield a Page per document in a file, a directory (recursively, sorted) or `-` (stdin)."""
    if path == "-":
        yield from _reported("stdin", _stdin_pages(settings), on_error)
        return
    root = Path(path)
    if not root.exists():
        raise InputError(f"No such file: {path!r}")
    files = _walk(root) if root.is_dir() else [root]
    for file in files:
        yield from _reported(str(file), _file_pages(file, settings, on_error), on_error)


def _reported(source: str, pages: Iterator[Page], on_error: OnError | None) -> Iterator[Page]:
    try:
        yield from pages
    except InputError as exc:
        if on_error is None:
            raise
        on_error(source, exc)


def _walk(root: Path) -> Iterator[Path]:
    # Hidden files and folders (.git, .DS_Store) are never articles; symlinked folders are
    # not followed so a link loop cannot make the walk endless.
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                yield Path(folder, name)


def _file_pages(path: Path, settings: Settings, on_error: OnError | None) -> Iterator[Page]:
    name = path.name.lower()
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise InputError(
                f"File {str(path)!r} is {human_size(size)}; the limit is "
                f"{human_size(settings.max_file_bytes)} (ASSAY_MAX_FILE_BYTES)."
            )
        if name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
            yield from _warc_pages(path, settings)
        elif name.endswith(".mbox"):
            yield from _mbox_pages(path, on_error)
        elif name.endswith(".eml"):
            yield _email_page(path.read_bytes(), str(path))
        elif name.endswith((".jsonl", ".ndjson")):
            yield from _jsonl_pages(path, on_error)
        else:
            yield _plain_page(path, _KINDS.get(path.suffix.lower()))
    except OSError as exc:
        raise InputError(f"Cannot read {str(path)!r}: {exc.strerror or exc}") from None


def _plain_page(path: Path, kind: PageKind | None) -> Page:
    data = path.read_bytes()
    if looks_binary(data):
        raise InputError(f"File {str(path)!r} is binary, not text or HTML.")
    text = decode_bytes(data)
    if kind is None:
        kind = "html" if looks_like_html(text) else "text"
    return Page(source=str(path), content=text, kind=kind)


def _stdin_pages(settings: Settings) -> Iterator[Page]:
    limit = settings.max_file_bytes
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise InputError(
            f"Standard input is over {human_size(limit)}; raise ASSAY_MAX_FILE_BYTES to read it."
        )
    if looks_binary(data):
        raise InputError("Standard input is binary, not text or HTML.")
    text = decode_bytes(data)
    yield Page(source="stdin", content=text, kind="html" if looks_like_html(text) else "text")


# JSONL: one article per line. Prefer `text` (already clean) over `html` when both are given.


def _jsonl_pages(path: Path, on_error: OnError | None) -> Iterator[Page]:
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                yield _record_page(raw, path, lineno)
            except InputError as exc:
                if on_error is None:
                    raise
                on_error(f"{path}:{lineno}", exc)


def _record_page(raw: bytes, path: Path, lineno: int) -> Page:
    where = f"File {str(path)!r}, line {lineno}"
    try:
        record = json.loads(decode_bytes(raw))
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{where}: not valid JSON ({exc.msg}); expected one object per line."
        ) from None
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}.")
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        content, kind = text, "text"
    elif isinstance(html, str) and html.strip():
        content, kind = html, "html"
    else:
        raise InputError(f"{where}: needs a non-empty 'text' or 'html' field.")
    return Page(
        source=f"{path}:{lineno}",
        content=content,
        kind=kind,  # type: ignore[arg-type]
        url=_optional_str(record, "url", where),
        title=_optional_str(record, "title", where),
        published=_iso_date(record.get("published"), where),
        authors=_authors(record.get("authors"), where),
    )


def _optional_str(record: dict[str, Any], key: str, where: str) -> str | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: {key!r} is {value!r}; expected a string.")
    return value


def _iso_date(value: Any, where: str) -> datetime | None:
    if value is None or value == "":
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            f"{where}: 'published' is {value!r}; expected an ISO 8601 date like 2024-05-01."
        ) from None
    return as_utc(parsed)


def _authors(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v for v in value if v.strip()]
    raise InputError(f"{where}: 'authors' is {value!r}; expected a list of names.")


# E-mail: the HTML part when there is one (newsletters), else the plain-text part.


def _mbox_pages(path: Path, on_error: OnError | None) -> Iterator[Page]:
    box = mailbox.mbox(path, create=False)
    try:
        count = 0
        for number, key in enumerate(box.keys(), 1):
            count += 1
            source = f"{path}#{number}"
            try:
                yield _email_page(box.get_bytes(key), source)
            except InputError as exc:
                if on_error is None:
                    raise
                on_error(source, exc)
        if count == 0:
            raise InputError(f"File {str(path)!r} holds no e-mail messages.")
    finally:
        box.close()


def _email_page(data: bytes, source: str) -> Page:
    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)  # guaranteed by policy.default
    body = message.get_body(preferencelist=("html", "plain"))
    if body is None:
        raise InputError(f"Message {source!r} has no text or HTML part.")
    payload = body.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise InputError(f"Message {source!r} has an empty body.")
    # Our decoder, not get_content(): it survives unknown or wrong charset labels.
    content = decode_bytes(payload, _charset(body))
    subject = str(message.get("subject", "") or "").strip()
    return Page(
        source=source,
        content=content,
        kind="html" if body.get_content_subtype() == "html" else "text",
        title=subject or None,
        published=_mail_date(message),
    )


def _charset(part: Message) -> str | None:
    charset = part.get_content_charset()
    return charset if isinstance(charset, str) else None


def _mail_date(message: EmailMessage) -> datetime | None:
    raw = message.get("date")
    if not raw:
        return None
    try:
        return as_utc(parsedate_to_datetime(str(raw)))
    except (TypeError, ValueError, IndexError):
        return None


# WARC: HTTP response records whose body is HTML.


def _warc_pages(path: Path, settings: Settings) -> Iterator[Page]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with path.open("rb") as fh:
            _check_archive_start(fh, path)
            for record in ArchiveIterator(fh):
                page = _warc_page(record, path, settings)
                if page is not None:
                    yield page
    except ArchiveLoadFailed as exc:
        raise InputError(f"File {str(path)!r} is not a valid WARC file: {exc}") from None


def _check_archive_start(fh: BinaryIO, path: Path) -> None:
    # warcio reads any text as a headerless ARC record; insist on a real WARC/ARC header.
    head = fh.read(4096)
    fh.seek(0)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 64)
        except zlib.error:
            head = b""
    if not head.startswith((b"WARC/", b"filedesc://")):
        raise InputError(f"File {str(path)!r} is not a valid WARC file: no WARC header.")


def _warc_page(record: Any, path: Path, settings: Settings) -> Page | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    message = Message()
    message["content-type"] = record.http_headers.get_header("Content-Type") or ""
    if message.get_content_type() not in ("text/html", "application/xhtml+xml"):
        return None
    # content_stream() undoes chunked and gzip transfer encodings.
    body = record.content_stream().read(settings.fetch_max_bytes + 1)
    if len(body) > settings.fetch_max_bytes:
        return None
    charset = message.get_param("charset")
    fetched = record.rec_headers.get_header("WARC-Date")
    return Page(
        source=str(path),
        content=decode_bytes(body, charset if isinstance(charset, str) else None),
        kind="html",
        url=record.rec_headers.get_header("WARC-Target-URI"),
        fetched_at=parse_iso(fetched),
    )


def human_size(size: int) -> str:
    """Decimal units, one decimal below 10: 2.0 GB, 50 MB, 512 B."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            break
        value /= 1000
    if unit == "B":
        return f"{size} B"
    return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
