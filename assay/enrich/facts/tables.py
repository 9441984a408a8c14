"""Figures a wire story gives as a table: one production fact per producer, measure and period.

Agency tables arrive as text: an intro ("IAFMM figures for fish oil production in the main
producing nations, in thousands of tonnes, were -"), period headers ("1986    1985"), and
rows of a label and numbers. A row labelled with a producer (a country, a body) gives its
figure for the commodity and measure the section heading or the intro names; a row labelled
with a measure ("Production", "Exports") is the producer's that the section heading names
("USSR COARSE GRAIN"); a row labelled with a commodity is the one producer's that the intro
or headline names. Stocks, use and totals are no production fact, and forecasts are none
(GUIDELINES A4). Of several columns for one period the full year, the latest month or the
newest estimate is kept; a column with no period (a previous week) is no fact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from assay.enrich.kb import KBEntry, KnowledgeBase
from assay.enrich.quantities import parse_amount, parse_money
from assay.models import Entity, Fact

_CELL = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:-?[a-zA-Z*])?|\d*\.\d+")
_EMPTY_CELL = re.compile(r"(?i)nil|n\.?a\.?|n/a|-|unch")
_YEAR = re.compile(r"(?:19|20)\d\d")
_SEASON = re.compile(r"((?:19|20)\d\d)/\d{2,4}")
_DATE = re.compile(r"\d{1,2}/\d{1,2}/(\d{2}|\d{4})")
# "Feb'87", "Feb 87": a month of a year written with two digits
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = "|".join(_MONTHS)
_MONTH_YEAR = re.compile(rf"(?i)\b({_MONTH})[a-z]*\.?\s*'?(\d\d)\b")
_PERIOD_WORD = re.compile(
    rf"(?i)(?:{_MONTH})[a-z]*\.?(?:/[a-z]+\.?)?|"
    r"(?:first|second|third|fourth|1st|2nd|3rd|4th|q[1-4]|h[12])|qtr|quarter|half|prev|wk|"
    r"week|year|yr|ago|month|annual|total|--|vs|season|crop|estimate[sd]?|revised|prelim\.?"
)
_FULL_YEAR = re.compile(r"(?i)\bjan(?:uary)?\.?\s*[/-]\s*dec|\bannual\b|\bfull[- ]year\b|\byear\b")
_MEASURES = (
    (re.compile(r"(?i)\b(?:production|output|produced|crops?|harvest)\b"), "production"),
    (re.compile(r"(?i)\bexport(?:s|ed)?\b|\bshipments\b"), "exports"),
    (re.compile(r"(?i)\bimport(?:s|ed)?\b"), "imports"),
    (re.compile(r"(?i)\breserves\b"), "reserves"),
)
# A row whose label is another quantity than output or trade: stocks, use, supply, crush.
_OTHER_ROW = re.compile(
    r"(?i)\b(?:stc?ks|stocks|use|consumption|supply|crush|feed|total|world|others?|"
    r"residual|ending|beginning|carry|balance|yield|area|price)\b"
)
# Figures that are no output: forecasts, targets, quotas, sales commitments.
_NOT_OUTPUT = re.compile(
    r"(?i)\b(?:forecasts?|projected|projections?|outlook|expected|targets?|quotas?|"
    r"allocations?|commitments?)\b"
)
_UNIT = re.compile(
    r"(?i)\bin\s+(?P<scale>(?:thousands?|mln|millions?|billions?|bln)\s+(?:of\s+)?)?"
    r"(?P<unit>(?:metric\s+|short\s+|long\s+)?(?:tonnes|tons)|barrels\s+(?:per|a)\s+day|bpd|"
    r"barrels|lbs|pounds|bales|bags|(?:troy\s+)?ounces|cubic\s+(?:metres|meters|feet)|dlrs|"
    r"dollars|gallons|bushels|hectolitres)\b"
)
# Where a section heading's name ends: "EC-12 COARSE GRAIN, in mln tonnes --".
_HEADING_END = re.compile(r",| in | --")
_SCALES = {"thousand": "thousand", "mln": "mln", "million": "mln", "billion": "bln", "bln": "bln"}


# A wire table's row fits a terminal line; anything longer is read as no row.
_ROW_CHARS = 160


@dataclass
class _Row:
    start: int  # offsets of the stripped line in the text
    end: int
    label: str
    cells: list[tuple[int, str]]  # (centre offset in the line, text)


Column = list[str]  # a column's header labels, top line first


def table_facts(text: str, title: str, entities: Sequence[Entity]) -> list[Fact]:
    """Production facts read from the tables in `text` (none when it holds no table)."""
    lines = _lines(text)
    rows = [_row(text, start, end) for start, end in lines]
    if sum(r is not None for r in rows) < 2:
        return []
    kb = KnowledgeBase.load()
    facts: list[Fact] = []
    intro: str | None = None
    i = 0
    while i < len(rows):
        if rows[i] is None:
            i += 1
            continue
        j = i
        while j < len(rows) and rows[j] is not None:
            j += 1
        block = [r for r in rows[i:j] if r is not None]
        above = _header_lines(text, lines, rows, i)
        heading_at = i - len(above) - 1
        heading = ""
        if heading_at >= 0 and rows[heading_at] is None:
            line = text[lines[heading_at][0] : lines[heading_at][1]].strip()
            name = _HEADING_END.split(line)[0]
            if line and len(line.split()) <= 8 and name.isupper():
                heading = line
                heading_at -= 1
        if intro is None:
            before = text[: lines[heading_at][1]] if heading_at >= 0 else ""
            intro = _last_sentence(before)
        found = _block_facts(block, above, heading, intro, title, entities, kb)
        facts += [replace(f, sentence=text[f.start : f.end]) for f in found]
        i = j
    return facts


def _lines(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def _row(text: str, start: int, end: int) -> _Row | None:
    """A line of a label and one or more numbers ("Production 103.30  103.30")."""
    if end - start > _ROW_CHARS:
        return None  # no table row: a long line of prose or of data
    tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", text[start:end])]
    cells: list[tuple[int, str]] = []
    while tokens and (
        _CELL.fullmatch(tokens[-1][2]) or (_EMPTY_CELL.fullmatch(tokens[-1][2]) and len(tokens) > 1)
    ):
        a, b, word = tokens.pop()
        cells.append(((a + b) // 2, word))
    cells.reverse()
    if not cells or not tokens or len(tokens) > 5:
        return None
    label = " ".join(t[2] for t in tokens)
    if len(re.findall(r"[A-Za-z]", label)) < 2 or label.endswith((",", ";", ":")):
        return None
    if all(_YEAR.fullmatch(c) for _, c in cells):
        return None  # "Production -- 1987  1986": a header
    return _Row(start + tokens[0][0], start + len(text[start:end].rstrip()), label, cells)


def _period_line(line: str) -> bool:
    words = _MONTH_YEAR.sub("month", line).split()
    kinds = (_YEAR, _SEASON, _DATE, _PERIOD_WORD)
    return bool(words) and all(any(k.fullmatch(w) for k in kinds) for w in words)


def _header_lines(
    text: str, lines: list[tuple[int, int]], rows: list[_Row | None], first: int
) -> list[str]:
    """The period lines right above a block of rows, top first (at most three)."""
    out: list[str] = []
    k = first - 1
    while k >= 0 and len(out) < 3 and rows[k] is None:
        line = text[lines[k][0] : lines[k][1]]
        if not _period_line(line):
            break
        out.insert(0, line)
        k -= 1
    return out


def _last_sentence(text: str) -> str:
    tail = text[-600:]
    cut = max(tail.rfind(". "), tail.rfind(".\n"))
    return " ".join(tail[cut + 1 :].split()) if cut >= 0 else " ".join(tail.split())


def _columns(block: list[_Row], headers: list[str], width: int) -> list[Column]:
    """Each column's header labels, top line first: one per group, or a group over several."""
    columns: list[Column] = [[] for _ in range(width)]
    centres = [c for c, _ in block[0].cells]
    for line in headers:
        groups = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+(?: \S+)*", line)]
        if len(groups) == width:
            assigned = [g[2] for g in groups]
        elif width % len(groups) == 0:
            span = width // len(groups)
            assigned = [groups[c // span][2] for c in range(width)]
        else:
            assigned = [_nearest(groups, c) for c in centres]
        for column, label in zip(columns, assigned, strict=True):
            column.append(label)
    return columns


def _nearest(groups: list[tuple[int, int, str]], centre: int) -> str:
    """The header group whose centre is nearest a column's."""
    return min(groups, key=lambda g: abs((g[0] + g[1]) // 2 - centre))[2]


def _period(column: Column) -> tuple[str, int | None] | None:
    """The column's period (a key to group by) and its calendar year when one is written."""
    for label in column:
        if m := _SEASON.search(label):
            return m.group(0), None
        if m := _DATE.search(label):
            year = m.group(1)
            return "date:" + year[-2:], None
        if m := _YEAR.search(label):
            return m.group(0), int(m.group(0))
        if m := _MONTH_YEAR.search(label):
            year = int(m.group(2)) + (2000 if int(m.group(2)) < 50 else 1900)
            return str(year), year
    return None


def _month(column: Column) -> int:
    for label in column:
        for word in label.lower().split():
            if word[:3] in _MONTHS and "/" not in word:
                return _MONTHS.index(word[:3]) + 1
    return 0


def _kept_columns(columns: list[Column]) -> list[tuple[int, int | None]]:
    """(column index, year) of one column per period: the full year, latest month or first."""
    by_period: dict[str, list[int]] = {}
    years: dict[str, int | None] = {}
    for index, column in enumerate(columns):
        period = _period(column)
        if period is not None:
            by_period.setdefault(period[0], []).append(index)
            years[period[0]] = period[1]
    kept = []
    for key, indexes in by_period.items():
        full = [i for i in indexes if any(_FULL_YEAR.search(x) for x in columns[i])]
        months = [(_month(columns[i]), i) for i in indexes]
        if full:
            chosen = full[0]
        elif all(m for m, _ in months) and len(months) > 1:
            chosen = max(months)[1]  # "JANUARY 1987  FEBRUARY 1987": the month reported on
        else:
            chosen = indexes[0]  # the newest of several estimates comes first
        kept.append((chosen, years[key]))
    return sorted(kept)


def _unit(*texts: str) -> str | None:
    for part in texts:
        found = list(_UNIT.finditer(part))
        if found:
            m = found[-1]
            scale = (m.group("scale") or "").split()
            words = [_SCALES.get(scale[0].lower().rstrip("s"), "")] if scale else []
            return " ".join([*[w for w in words if w], " ".join(m.group("unit").split())])
    return None


def _value(cell: str, unit: str) -> dict[str, Any] | None:
    number = re.sub(r"-?[a-zA-Z*]$", "", cell)
    if _EMPTY_CELL.fullmatch(cell) or not re.search(r"\d", number):
        return None
    if amount := parse_amount(f"{number} {unit}"):
        return amount.as_dict()
    if money := parse_money(f"{number} {unit}"):
        return {"value": money.value, "unit": money.currency}
    return None


def _measure(*texts: str) -> str | None:
    for part in texts:
        for pattern, measure in _MEASURES:
            if pattern.search(part):
                return measure
    return None


def _lookup(kb: KnowledgeBase, words: str) -> KBEntry | None:
    name = words.strip(" ,.-")
    return kb.lookup(name) or kb.lookup(re.sub(r"-\d+$", "", name))


def _heading_parts(kb: KnowledgeBase, heading: str) -> tuple[KBEntry | None, str, KBEntry | None]:
    """("USSR COARSE GRAIN, in mln tonnes --") -> the producer, as written, and the commodity
    the heading names."""
    words = _HEADING_END.split(heading)[0].split()
    for cut in range(len(words), 0, -1):
        written = " ".join(words[:cut])
        place = _lookup(kb, written)
        if place is not None and place.type in _PRODUCERS:
            rest = _lookup(kb, " ".join(words[cut:])) if cut < len(words) else None
            return place, written, rest if rest is not None and rest.type == "COMMODITY" else None
    whole = _lookup(kb, " ".join(words)) if words else None
    return None, "", whole if whole is not None and whole.type == "COMMODITY" else None


_PRODUCERS = ("COUNTRY", "ORG", "LOCATION")


def _ref(entry: KBEntry, written: str, entities: Sequence[Entity]) -> dict[str, Any]:
    """The story's entity for the KB entry; else the KB's name, or the form as written when
    it says more than the entry ("EC-12", the twelve members)."""
    for entity in entities:
        if entity.key == entry.key:
            return {"name": entity.name, "key": entity.key}
    return {"name": written if re.search(r"\d", written) else entry.name, "key": entry.key}


def _named(kb: KnowledgeBase, text: str, types: tuple[str, ...]) -> list[KBEntry]:
    """The KB entries of these types that `text` names, in order, each once."""
    found: dict[str, KBEntry] = {}
    words = re.findall(r"[A-Za-z][\w.'-]*", text)
    for size in (3, 2, 1):
        for k in range(len(words) - size + 1):
            entry = _lookup(kb, " ".join(words[k : k + size]))
            if entry is not None and entry.type in types:
                found.setdefault(entry.key, entry)
    return list(found.values())


def _block_facts(
    block: list[_Row],
    headers: list[str],
    heading: str,
    intro: str,
    title: str,
    entities: Sequence[Entity],
    kb: KnowledgeBase,
) -> list[Fact]:
    widths = [len(r.cells) for r in block]
    width = max(set(widths), key=widths.count)
    rows = [r for r in block if len(r.cells) == width]
    if len(rows) < 2 or not headers or _NOT_OUTPUT.search(" ".join([heading, intro, *headers])):
        return []
    unit = _unit(heading, intro)
    kept = _kept_columns(_columns(rows, headers, width))
    if unit is None or not kept:
        return []
    place, place_written, heading_commodity = _heading_parts(kb, heading)
    commodities = _named(kb, intro, ("COMMODITY",)) or _named(kb, title, ("COMMODITY",))
    commodity = heading_commodity or (commodities[0] if commodities else None)
    table_measure = _measure(heading, intro, title)
    facts: list[Fact] = []
    for row in rows:
        entry = _lookup(kb, row.label)
        measure, actor, goods = table_measure, place, commodity
        written = place_written if place is not None else row.label
        if entry is not None and entry.type in _PRODUCERS and place is None:
            actor = entry
        elif entry is not None and entry.type == "COMMODITY":
            goods = entry
            if actor is None:
                producers = _named(kb, f"{title} {intro}", ("COUNTRY",))
                actor = producers[0] if len(producers) == 1 else None
        elif _OTHER_ROW.search(row.label):
            continue
        else:
            measure = _measure(row.label)
        if actor is None or goods is None or measure is None:
            continue
        for index, year in kept:
            value = _value(row.cells[index][1], unit)
            if value is None:
                continue
            fields = {
                "actor": _ref(actor, written, entities),
                "commodity": {"name": goods.name, "key": goods.key},
                "measure": measure,
                "value": value,
                "year": year,
            }
            facts.append(Fact("production", fields, "", row.start, row.end, 0.7))
    return facts
