"""Bytes to text without guessing libraries: BOM, declared charset, UTF-8, then cp1252."""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_START = re.compile(
    r"<(!doctype\s+html|html|head|body|article|div|p|br|h[1-6]|table|meta|title)\b", re.I
)
# Control bytes that never appear in real text; tab, LF, FF, CR and ESC are allowed.
_CONTROL = frozenset(range(32)) - {8, 9, 10, 12, 13, 27}


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode `data`: BOM, then `declared`, then UTF-8, then HTML meta charset, then cp1252.

    UTF-8 goes before the meta tag because valid UTF-8 is almost never an accident, while
    stale meta tags are common. Never raises: the last resort is cp1252 with its five
    undefined bytes mapped as latin-1 would.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    candidates = [declared, "utf-8", meta_charset(data)]
    for name in candidates:
        codec = _lookup(name)
        if codec is None:
            continue
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return _cp1252(data)


def meta_charset(data: bytes) -> str | None:
    """The charset an HTML document declares in its first 4 KB, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", errors="ignore") if match else None


def looks_binary(data: bytes) -> bool:
    """True when the first 8 KB hold NUL bytes or many control bytes (images, PDFs, archives)."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte in _CONTROL)
    return bool(head) and controls / len(head) > 0.1


def looks_like_html(text: str) -> bool:
    """True when the first 4 KB hold a typical HTML tag."""
    return _HTML_START.search(text[:4096]) is not None


def _lookup(name: str | None) -> str | None:
    if not name:
        return None
    try:
        encoding = codecs.lookup(name).name
    except LookupError:
        return None
    # Pages labelled latin-1 or ascii are in practice cp1252 (the WHATWG rule).
    return "cp1252" if encoding in ("latin-1", "iso8859-1", "ascii") else encoding


def _cp1252(data: bytes) -> str:
    # cp1252 leaves five bytes undefined; map those as latin-1 so decoding cannot fail.
    return "".join(
        chunk.decode("cp1252", errors="strict") if i % 2 == 0 else chunk.decode("latin-1")
        for i, chunk in enumerate(re.split(rb"([\x81\x8d\x8f\x90\x9d]+)", data))
    )


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
