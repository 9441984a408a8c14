"""WARC and ARC web archives: the HTML pages of their successful HTTP responses.

An archive that is garbage, truncated, or holds no HTML page is an error after the pages
read so far, never a silent success.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from email.message import Message
from typing import Any, BinaryIO

from assay.errors import InputError
from assay.models import Page
from assay.sources.dates import parse_iso
from assay.sources.decode import decode_bytes


def iter_warc(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[Page]:
    """A Page per 200 text/html response in the archive; HTML bodies over `max_bytes` are
    skipped. Raises InputError for a non-archive, a truncated record or no HTML page."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    where = f"File {source!r}"
    _check_archive_start(stream, where)
    records = pages = 0
    try:
        for record in ArchiveIterator(stream):
            records += 1
            length = record.rec_headers.get_header("Content-Length") or ""
            if record.rec_type is None or not length.strip().isdigit():
                raise InputError(
                    f"{where} is truncated or corrupt: record {records} has no valid "
                    "WARC-Type and Content-Length headers."
                )
            page = _warc_page(record, source, max_bytes)
            # warcio stops quietly at the end of a cut-off file: compare what the record
            # declared with what it held. Read what is left of it to count it all.
            while record.raw_stream.read(65_536):
                pass
            if getattr(record.raw_stream, "limit", 0) > 0:
                raise InputError(
                    f"{where} is truncated: record {records} "
                    f"({record.rec_headers.get_header('WARC-Target-URI') or 'no URI'}) ends early."
                )
            if page is not None:
                pages += 1
                yield page
    except ArchiveLoadFailed as exc:
        raise InputError(f"{where} is not a valid WARC file: {exc}") from None
    except (EOFError, zlib.error, OSError, ValueError) as exc:
        raise InputError(f"{where} is a corrupt or truncated WARC file: {exc}") from None
    if records == 0:
        raise InputError(f"{where} is not a valid WARC file: it holds no records.")
    if pages == 0:
        raise InputError(
            f"{where} holds no HTML pages: none of its {records} record(s) is a 200 HTML response."
        )


def _check_archive_start(stream: BinaryIO, where: str) -> None:
    # warcio reads any text as a headerless ARC record; insist on a real WARC/ARC header.
    head = stream.peek(4096)[:4096] if hasattr(stream, "peek") else b""
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 64)
        except zlib.error:
            head = b""
    if not head.startswith((b"WARC/", b"filedesc://")):
        raise InputError(f"{where} is not a valid WARC file: no WARC header.")


def _warc_page(record: Any, source: str, max_bytes: int) -> Page | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    message = Message()
    message["content-type"] = record.http_headers.get_header("Content-Type") or ""
    if message.get_content_type() not in ("text/html", "application/xhtml+xml"):
        return None
    # content_stream() undoes chunked and gzip transfer encodings.
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return None
    charset = message.get_param("charset")
    fetched = record.rec_headers.get_header("WARC-Date")
    return Page(
        source=source,
        content=decode_bytes(body, charset if isinstance(charset, str) else None),
        kind="html",
        url=record.rec_headers.get_header("WARC-Target-URI"),
        fetched_at=parse_iso(fetched),
    )
