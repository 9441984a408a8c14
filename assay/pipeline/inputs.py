"""How many inputs a run will read, counted before it starts: the total of a progress bar.

A file is one input, but a JSON Lines file is one per non-blank line and an mbox one per
message; a URL is one. Folders are walked the way the readers walk them. Only regular
files are opened to count (never a device or a FIFO), and files over the size limit count
as one (the reader refuses them). The count is None when it cannot be known up front:
standard input, or a WARC or compressed file whose records are known only by reading it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from assay.settings import Settings
from assay.sources.files import _walk as walk_folder  # the readers' own order and skips
from assay.sources.targets import is_url

_LINE_FILES = (".jsonl", ".ndjson")
_UNKNOWN = (".warc", ".warc.gz", ".arc", ".arc.gz", ".gz", ".bz2", ".xz", ".zst")


def count_inputs(targets: Iterable[str], settings: Settings) -> int | None:
    """Documents the targets hold, or None when some count is unknown before reading."""
    total = 0
    for target in targets:
        if is_url(target):
            total += 1
            continue
        if target == "-":
            return None
        root = Path(target)
        try:
            is_dir = root.is_dir()
        except OSError:
            is_dir = False
        files = walk_folder(root) if is_dir else [root]
        for path in files:
            count = _count_file(path, settings)
            if count is None:
                return None
            total += count
    return total


def _count_file(path: Path, settings: Settings) -> int | None:
    name = path.name.lower()
    if name.endswith(_UNKNOWN):
        return None
    try:
        info = os.stat(path)
    except OSError:
        return 1  # the reader reports it
    if not stat.S_ISREG(info.st_mode) or info.st_size > settings.max_file_bytes:
        return 1
    if name.endswith(_LINE_FILES):
        return _count_lines(path, lambda line: bool(line.strip()))
    if name.endswith(".mbox"):
        return max(1, _count_lines(path, lambda line: line.startswith(b"From ")))
    return 1


def _count_lines(path: Path, wanted: Callable[[bytes], bool]) -> int:
    count = 0
    try:
        with path.open("rb") as fh:
            for line in fh:
                if wanted(line):
                    count += 1
    except OSError:
        return 1
    return count
