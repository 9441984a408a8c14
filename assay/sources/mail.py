"""E-mail: .eml files and mailboxes, the HTML part when there is one (newsletters), else text.

A mailbox is read as a stream, message by message, so its size never decides memory; at
most `settings.max_mail_messages` messages are read, and the rest is reported, not read.
Of one message at most `max_bytes` are parsed (the rest is cut, and the page says so).
"""

from __future__ import annotations

import email.errors
from collections.abc import Callable, Iterator
from datetime import datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from typing import BinaryIO

from assay.errors import InputError
from assay.models import Page
from assay.sources.dates import as_utc
from assay.sources.decode import decode_bytes

OnMessageError = Callable[[str, InputError], None]
# What the standard library's parser raises on malformed messages it cannot recover from.
_PARSE_ERRORS = (
    email.errors.MessageError,
    ValueError,
    LookupError,
    IndexError,
    TypeError,
    AttributeError,
    UnicodeError,
)


def iter_mbox(
    stream: BinaryIO,
    source: str,
    max_messages: int,
    max_bytes: int,
    on_error: OnMessageError | None,
) -> Iterator[Page]:
    """A Page per message of an mbox stream (messages start at "From " lines); pages get
    `source#N`. Raises InputError after `max_messages`, or when there is no message."""
    count = 0
    for count, (data, cut) in enumerate(_messages(stream, max_bytes), 1):
        if count > max_messages:
            raise InputError(
                f"Mailbox {source!r} holds more than {max_messages:,} messages; the rest were "
                "not read (ASSAY_MAX_MAIL_MESSAGES)."
            )
        where = f"{source}#{count}"
        try:
            yield email_page(data, where, cut)
        except InputError as exc:
            if on_error is None:
                raise
            on_error(where, exc)
    if count == 0:
        raise InputError(f"File {source!r} holds no e-mail messages.")


def read_message(stream: BinaryIO, max_bytes: int) -> tuple[bytes, int]:
    """A whole .eml stream, cut at `max_bytes`; and how many bytes were cut."""
    data = stream.read(max_bytes)
    cut = 0
    while chunk := stream.read(65_536):
        cut += len(chunk)
    return data, cut


def _messages(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[bytes, int]]:
    # As Python's mailbox module reads mbox: every line starting "From " opens a message
    # (writers escape such lines in bodies as ">From ").
    lines: list[bytes] = []
    size = cut = 0
    for line in stream:
        if line.startswith(b"From "):
            if lines:
                yield b"".join(lines), cut
            lines, size, cut = [], 0, 0
        elif size + len(line) <= max_bytes:
            lines.append(line)
            size += len(line)
        else:
            cut += len(line)  # past the cap: counted, not kept
    if lines and any(line.strip() for line in lines):
        yield b"".join(lines), cut


def email_page(data: bytes, source: str, cut: int = 0) -> Page:
    """One message as a Page: its HTML (else plain) part, subject as title, Date header.
    `cut` is how many bytes of the message were left unread (noted on the page)."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
        assert isinstance(message, EmailMessage)  # guaranteed by policy.default
        body = message.get_body(preferencelist=("html", "plain"))
        if body is None:
            raise InputError(f"Message {source!r} has no text or HTML part.")
        payload = body.get_payload(decode=True)
        subtype = body.get_content_subtype()
        charset = _charset(body)
        subject = str(message.get("subject", "") or "").strip()
        published = _mail_date(message)
    except _PARSE_ERRORS as exc:
        raise InputError(f"Message {source!r} cannot be parsed: {exc}") from None
    if not isinstance(payload, bytes) or not payload.strip():
        raise InputError(f"Message {source!r} has an empty body.")
    page = Page(
        source=source,
        # Our decoder, not get_content(): it survives unknown or wrong charset labels.
        content=decode_bytes(payload, charset),
        kind="html" if subtype == "html" else "text",
        title=subject or None,
        published=published,
    )
    if cut:
        page.notes.append(f"message cut: its last {cut:,} bytes were not read")
    return page


def _charset(part: Message) -> str | None:
    charset = part.get_content_charset()
    return charset if isinstance(charset, str) else None


def _mail_date(message: EmailMessage) -> datetime | None:
    raw = message.get("date")
    if not raw:
        return None
    try:
        return as_utc(parsedate_to_datetime(str(raw)))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
