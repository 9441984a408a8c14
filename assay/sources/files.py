"""Pages from local files, directories and stdin.

Formats: .html/.htm, .txt, .md, .jsonl/.ndjson/.json, .warc/.warc.gz, .eml, .mbox, each
also compressed (.gz, .bz2, .xz, .zst); anything else is sniffed as JSON Lines, HTML or
text, and so is standard input. Only regular files are read: devices, FIFOs and sockets
(also behind symlinks) are refused without blocking.

Error handling: with `on_error=None` the first bad file or JSONL line raises InputError.
With an `on_error(source, error)` callback each bad file, line or message is reported
(source is the path, with `:line` or `#message` appended) and the walk goes on, so one
bad file never stops a directory. A path that does not exist always raises.
"""

from __future__ import annotations

import io
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from assay.errors import InputError
from assay.models import Page, PageKind
from assay.settings import Settings
from assay.sources.decode import decode_bytes, looks_binary, looks_like_html
from assay.sources.mail import email_page, iter_mbox, read_message
from assay.sources.records import iter_records, looks_like_record, page_from_record
from assay.sources.streams import (
    capped,
    compression_of,
    human_size,
    inner_name,
    not_regular,
    open_regular,
)
from assay.sources.warc import iter_warc

__all__ = ["OnError", "human_size", "iter_pages"]

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
_RECORDS = (".jsonl", ".ndjson", ".jsonlines")


def iter_pages(path: str, settings: Settings, *, on_error: OnError | None = None) -> Iterator[Page]:
    """Yield a Page per document in a file, a directory (recursively, sorted) or `-` (stdin)."""
    if path == "-":
        yield from _reported("stdin", _stdin_pages(settings, on_error), on_error)
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
    where = f"File {str(path)!r}"
    try:
        info = path.stat()  # follows symlinks: a link to /dev/zero is a device
        if not stat.S_ISREG(info.st_mode):
            raise not_regular(path, info.st_mode)
        if info.st_size > settings.max_file_bytes:
            raise InputError(
                f"{where} is {human_size(info.st_size)}; the limit is "
                f"{human_size(settings.max_file_bytes)} (ASSAY_MAX_FILE_BYTES)."
            )
        with open_regular(path) as raw:
            name = inner_name(path.name).lower()
            if name.endswith((".warc", ".arc")):
                # warcio undoes per-record gzip itself; the size was checked above.
                yield from iter_warc(raw, str(path), settings.fetch_max_bytes)
                return
            compression = compression_of(path.name, _peek(raw))
            stream = capped(raw, settings.max_file_bytes, where, compression)
            yield from _stream_pages(stream, name, str(path), where, settings, on_error)
    except OSError as exc:
        raise InputError(f"Cannot read {str(path)!r}: {exc.strerror or exc}") from None


def _stream_pages(
    stream: io.BufferedReader,
    name: str,
    source: str,
    where: str,
    settings: Settings,
    on_error: OnError | None,
) -> Iterator[Page]:
    """Pages of one (decompressed) input, by its name's suffix, else by sniffing."""
    if name.endswith(".mbox"):
        limits = (settings.max_mail_messages, settings.max_html_chars)
        yield from iter_mbox(stream, source, *limits, on_error)
    elif name.endswith(".eml"):
        data, cut = read_message(stream, settings.max_html_chars)
        yield email_page(data, source, cut)
    elif name.endswith(_RECORDS):
        yield from iter_records(stream, source, where, on_error)
    else:
        first = stream.readline()
        lines = chain([first], stream)
        if looks_like_record(first):
            yield from iter_records(lines, source, where, on_error)
        elif name.endswith(".json"):
            yield from _json_document(first + stream.read(), source, where, on_error)
        else:
            suffix = Path(name).suffix
            yield _plain_page(first + stream.read(), source, where, _KINDS.get(suffix))


def _json_document(
    data: bytes, source: str, where: str, on_error: OnError | None
) -> Iterator[Page]:
    # A .json file that is not JSON Lines: one record, or an array of records.
    try:
        document = json.loads(decode_bytes(data))
    except (ValueError, RecursionError):
        raise InputError(
            f"{where} is not valid JSON; expected an object, an array of objects, or JSON Lines."
        ) from None
    records = document if isinstance(document, list) else [document]
    for n, record in enumerate(records, 1):
        try:
            yield page_from_record(record, f"{source}:{n}", f"{where}, record {n}")
        except InputError as exc:
            if on_error is None:
                raise
            on_error(f"{source}:{n}", exc)


def _plain_page(data: bytes, source: str, where: str, kind: PageKind | None) -> Page:
    if looks_binary(data):
        raise InputError(f"{where} is binary, not text or HTML.")
    text = decode_bytes(data)
    if kind is None:
        kind = "html" if looks_like_html(text) else "text"
    return Page(source=source, content=text, kind=kind)


def _stdin_pages(settings: Settings, on_error: OnError | None) -> Iterator[Page]:
    raw = sys.stdin.buffer
    if raw.isatty():
        raise InputError(
            "Standard input is a terminal; pipe a file into it (assay ingest - < news.jsonl) "
            "or pass the file's path."
        )
    compression = compression_of("", _peek(raw))
    stream = capped(raw, settings.max_file_bytes, "Standard input", compression)
    first = stream.readline()
    if looks_like_record(first):
        # JSON Lines piped in: one article per line, like a .jsonl file.
        yield from iter_records(chain([first], stream), "stdin", "Standard input", on_error)
        return
    data = first + stream.read()
    if looks_binary(data):
        raise InputError("Standard input is binary, not text or HTML.")
    text = decode_bytes(data)
    yield Page(source="stdin", content=text, kind="html" if looks_like_html(text) else "text")


def _peek(stream: BinaryIO) -> bytes:
    """The first bytes of `stream`, left unread (for magic numbers)."""
    peek = getattr(stream, "peek", None)
    if peek is not None:
        return bytes(peek(8)[:8])
    if stream.seekable():
        start = stream.tell()
        head = stream.read(8)
        stream.seek(start)
        return head
    return b""
