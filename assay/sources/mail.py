"""E-mail: .eml files and mailboxes, the HTML part when there is one (newsletters), else text.

A mailbox is read as a stream, message by message, so its size never decides memory; at
most `settings.max_mail_messages` messages are read, and the rest is reported, not read.
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
    on_error: OnMessageError | None,
) -> Iterator[Page]:
    """A Page per message of an mbox stream (messages start at "From " lines); pages get
    `source#N`. Raises InputError after `max_messages`, or when there is no message."""
    count = 0
    for count, data in enumerate(_messages(stream), 1):
        if count > max_messages:
            raise InputError(
                f"Mailbox {source!r} holds more than {max_messages:,} messages; the rest were "
                "not read (ASSAY_MAX_MAIL_MESSAGES)."
            )
        where = f"{source}#{count}"
        try:
            yield email_page(data, where)
        except InputError as exc:
            if on_error is None:
                raise
            on_error(where, exc)
    if count == 0:
        raise InputError(f"File {source!r} holds no e-mail messages.")


def _messages(stream: BinaryIO) -> Iterator[bytes]:
    # mboxo/mboxrd: a message starts at a "From " line at the top or after a blank line.
    lines: list[bytes] = []
    blank = True
    for line in stream:
        if line.startswith(b"From ") and blank:
            if lines:
                yield b"".join(lines)
            lines = []
        else:
            lines.append(line)
        blank = not line.strip()
    if lines and any(line.strip() for line in lines):
        yield b"".join(lines)


def email_page(data: bytes, source: str) -> Page:
    """One message as a Page: its HTML (else plain) part, subject as title, Date header."""
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
    return Page(
        source=source,
        # Our decoder, not get_content(): it survives unknown or wrong charset labels.
        content=decode_bytes(payload, charset),
        kind="html" if subtype == "html" else "text",
        title=subject or None,
        published=published,
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
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
