"""Opening inputs safely: regular files only, compressed files streamed, every read capped.

`open_input` refuses devices, FIFOs and sockets (also behind symlinks) without blocking,
and undoes gzip, bzip2, xz and Zstandard (when the `zstandard` package is installed) on
the fly, so a large dump is read record by record, never loaded whole. Every stream it
returns stops with an InputError once more than `limit` bytes come out of it, which also
bounds a decompression bomb.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import stat
import zlib
from pathlib import Path
from typing import BinaryIO, Protocol

from assay.errors import InputError

# Suffix -> compression, and the magic bytes that give it away without a suffix.
COMPRESSED = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz", ".zst": "zstd"}
_MAGIC = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
)
# What each decompressor raises on corrupt or truncated data.
_CORRUPT: tuple[type[Exception], ...] = (EOFError, zlib.error, lzma.LZMAError, gzip.BadGzipFile)


class ByteSource(Protocol):
    """Anything `read(n)` gives bytes from: a file, a decompressor."""

    def read(self, size: int = -1, /) -> bytes: ...

    def close(self) -> None: ...


def inner_name(name: str) -> str:
    """The name without its compression suffix: `news.jsonl.gz` -> `news.jsonl`."""
    lower = name.lower()
    for suffix in COMPRESSED:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def compression_of(name: str, head: bytes) -> str | None:
    """gzip, bzip2, xz or zstd by suffix, else by magic bytes; None for plain data."""
    lower = name.lower()
    for suffix, kind in COMPRESSED.items():
        if lower.endswith(suffix):
            return kind
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def open_regular(path: Path) -> BinaryIO:
    """Open `path` for reading if it is a regular file; InputError for anything else.

    O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer, and the
    type is checked on the opened descriptor, so a file swapped for a device after a check
    is still refused.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(f"Cannot read {str(path)!r}: {exc.strerror or exc}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise not_regular(path, mode)
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def not_regular(path: Path, mode: int) -> InputError:
    kind = (
        "a directory"
        if stat.S_ISDIR(mode)
        else "a FIFO"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
    )
    return InputError(f"{str(path)!r} is {kind}, not a regular file; only regular files are read.")


def decompressed(raw: BinaryIO, kind: str | None, where: str) -> ByteSource:
    """`raw` with `kind` compression undone as it is read (nothing is read ahead)."""
    if kind is None:
        return raw
    if kind == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if kind == "bzip2":
        return bz2.BZ2File(raw, mode="rb")
    if kind == "xz":
        return lzma.LZMAFile(raw, mode="rb")
    try:
        import zstandard
    except ImportError:
        raise InputError(
            f"{where} is Zstandard-compressed; install the zstandard package "
            "(pip install zstandard) or decompress it first."
        ) from None
    reader: ByteSource = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
    return reader


class CappedStream(io.RawIOBase):
    """A read-only stream that raises InputError once more than `limit` bytes came out,
    and turns a decompressor's corrupt-data errors into InputError naming the input."""

    def __init__(self, inner: ByteSource, limit: int, where: str, compression: str | None) -> None:
        self.inner = inner
        self.limit = limit
        self.where = where
        self.compression = compression
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        # read1 where there is one: one step of the decompressor, so data decompressed
        # before a truncated end is handed on before the error, not lost with it.
        read = getattr(self.inner, "read1", self.inner.read)
        try:
            data = read(len(buffer))
        except _CORRUPT as exc:
            raise InputError(
                f"{self.where} is a corrupt or truncated {self.compression or 'compressed'} "
                f"file: {exc}"
            ) from None
        except OSError as exc:  # zstandard and bz2 report corrupt data as OSError
            raise InputError(f"Cannot read {self.where}: {exc}") from None
        self.consumed += len(data)
        if self.consumed > self.limit:
            raise InputError(
                f"{self.where} is over {human_size(self.limit)}"
                f"{' uncompressed' if self.compression else ''}; "
                "raise ASSAY_MAX_FILE_BYTES to read it."
            )
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self.inner.close()
        finally:
            super().close()


def capped(raw: BinaryIO, limit: int, where: str, compression: str | None) -> io.BufferedReader:
    """`raw` decompressed as `compression` and capped at `limit` bytes, buffered."""
    inner = decompressed(raw, compression, where)
    return io.BufferedReader(CappedStream(inner, limit, where, compression), 65_536)


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
