"""Printing what came from outside safely, and listings in four formats.

Titles, file names, URLs and error messages come from pages and feeds we do not control.
They are printed as plain text: never parsed as Rich markup, with every control character
(escape sequences that clear the screen, set the window title or open a hyperlink)
replaced by a visible stand-in. JSON keeps the exact text (escaped), CSV cells lose
their control characters.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from enum import StrEnum
from typing import IO, Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates that reorder what a terminal shows ("Trojan Source").
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# In JSON, C0 controls are escaped by the encoder already; these would still reach a terminal.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ESC shows as ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def safe_text(text: str) -> str:
    """`text` with every control character but tab and newline replaced by a visible sign."""
    return _UNSAFE.sub(_stand_in, text)


def plain(text: str | None, style: str = "") -> Text:
    """Text from an article, a feed or a failure, shown as it is: no markup, no controls."""
    return Text(safe_text(text or ""), style=style)


class SafeConsole(Console):
    """A Rich console that never interprets markup or emoji codes in strings, and replaces
    control characters in anything it renders (strings, Text, table cells)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        kwargs.setdefault("emoji", False)
        kwargs.setdefault("highlight", False)
        kwargs.setdefault("soft_wrap", True)
        super().__init__(**kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(safe_text(text), **kwargs)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        # The last line of defence: Text built elsewhere still reaches the terminal clean.
        for segment in super().render(renderable, options):
            if segment.control or not _UNSAFE.search(segment.text):
                yield segment
            else:
                yield Segment(safe_text(segment.text), segment.style)


def terminal_safe_json(text: str) -> str:
    """JSON text with C1 controls and bidi overrides \\u-escaped (the same JSON value)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class ListFormat(StrEnum):
    """How a listing is printed: a table for people, or json / jsonl / csv for programs."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def emit_listing(
    rows: Iterable[Any],
    fmt: ListFormat,
    table: Callable[[list[Any]], RenderableType],
    console: Console,
    stream: IO[str] | None = None,
) -> int:
    """Print `rows` (records or dataclasses) as `fmt`; returns how many were printed.

    json is one array, jsonl one object per line, csv a header of the records' keys and
    one line per record (nested values as compact JSON). json, jsonl and csv are written
    as the rows come, so a listing of every article needs no memory for all of them.
    """
    from assay.serialize import to_jsonable

    stream = stream or sys.stdout
    if fmt is ListFormat.table:
        collected = list(rows)
        console.print(table(collected))
        return len(collected)
    count = 0
    if fmt is ListFormat.csv:
        writer: Any = None
        for row in rows:
            record = to_jsonable(row)
            if writer is None:
                writer = csv.DictWriter(stream, fieldnames=list(record), extrasaction="ignore")
                writer.writeheader()
            writer.writerow({k: csv_cell(v) for k, v in record.items()})
            count += 1
        return count
    if fmt is ListFormat.jsonl:
        for row in rows:
            stream.write(_json(row) + "\n")
            count += 1
        return count
    stream.write("[")
    for row in rows:
        stream.write(("," if count else "") + "\n  " + _json(row, indent=2).replace("\n", "\n  "))
        count += 1
    stream.write("\n]\n" if count else "]\n")
    return count


def _json(value: Any, indent: int | None = None) -> str:
    from assay.serialize import dumps

    return terminal_safe_json(dumps(value, indent=indent))


def emit_json(data: Any) -> None:
    """Print `data` as indented JSON through the one serializer (`assay.serialize`)."""
    sys.stdout.write(_json(data, indent=2) + "\n")


def csv_cell(value: Any) -> str:
    """A CSV cell: text without control characters; lists and objects as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _UNSAFE.sub("", value.replace("\r\n", "\n"))
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    return _UNSAFE.sub("", json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def pages(fetch: Callable[[int, int], list[Any]], batch: int = 500) -> Iterator[Any]:
    """Every row of a listing, fetched `batch` rows at a time: fetch(limit, offset)."""
    offset = 0
    while True:
        rows = fetch(batch, offset)
        yield from rows
        if len(rows) < batch:
            return
        offset += batch


def assemble(*parts: str | tuple[str, str | Style]) -> Text:
    """Text.assemble with every piece made safe (pieces are plain text, never markup)."""
    out = Text()
    for part in parts:
        if isinstance(part, tuple):
            out.append(safe_text(part[0]), style=part[1])
        else:
            out.append(safe_text(part))
    return out


def mapping_rows(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A nested count mapping as (what, count) rows: {"facts": {"agreement": 3}} ->
    [{"what": "facts: agreement", "count": 3}]."""
    rows: list[dict[str, Any]] = []
    for key, value in data.items():
        if isinstance(value, Mapping):
            rows.extend({"what": f"{key}: {sub}", "count": n} for sub, n in value.items())
        else:
            rows.append({"what": key, "count": value})
    return rows
