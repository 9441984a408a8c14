"""Outgoing e-mail as bytes: headers, a text part and an optional HTML part (UTF-8,
quoted-printable, CRLF line ends), assembled directly.

The `email` package builds the same MIME, but its header and generator objects cost
several milliseconds a message; a run of ten thousand digests notices. Received
messages parse with `email.message_from_bytes` (the tests do).
"""

from __future__ import annotations

import binascii
import secrets
from dataclasses import dataclass, field
from email.header import Header

CRLF = b"\r\n"


def header_value(value: str) -> str:
    """A header value as it may travel: RFC 2047 encoded words when it is not ASCII; no
    line breaks either way (they would start new headers)."""
    flat = " ".join(value.splitlines())
    if flat.isascii():
        return flat
    return Header(flat, "utf-8").encode(linesep="\r\n")


def quoted_printable(text: str) -> bytes:
    """UTF-8 quoted-printable body text with CRLF line ends and lines of at most 76."""
    normal = text.replace("\r\n", "\n").replace("\r", "\n")
    encoded = binascii.b2a_qp(normal.encode("utf-8"), quotetabs=False, istext=True)
    return encoded.replace(b"\n", CRLF)


@dataclass
class Mail:
    """One message: `headers` in order (From, To, Subject...), a text body, maybe HTML."""

    headers: list[tuple[str, str]]
    text: str
    html: str | None = None
    boundary: str = field(default_factory=lambda: "=_assay_" + secrets.token_hex(12))

    def __getitem__(self, name: str) -> str | None:
        """The first header called `name` (any case), None if there is none."""
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)

    def __setitem__(self, name: str, value: str) -> None:
        self.headers.append((name, value))

    def as_bytes(self) -> bytes:
        lines = [f"{k}: {header_value(v)}".encode() for k, v in self.headers]
        lines.append(b"MIME-Version: 1.0")
        text_headers = [
            b'Content-Type: text/plain; charset="utf-8"',
            b"Content-Transfer-Encoding: quoted-printable",
        ]
        if self.html is None:
            return CRLF.join([*lines, *text_headers, b"", quoted_printable(self.text)])
        sep = f"--{self.boundary}".encode()
        return CRLF.join(
            [
                *lines,
                f'Content-Type: multipart/alternative; boundary="{self.boundary}"'.encode(),
                b"",
                sep,
                *text_headers,
                b"",
                quoted_printable(self.text),
                sep,
                b'Content-Type: text/html; charset="utf-8"',
                b"Content-Transfer-Encoding: quoted-printable",
                b"",
                quoted_printable(self.html),
                sep + b"--",
                b"",
            ]
        )
