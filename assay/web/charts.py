"""Charts drawn on the server as SVG: counts over time, ranked bars, a partner network.

Readable without JavaScript, scaled by CSS (viewBox, no fixed pixel size), styled only
by classes and presentation attributes (the CSP allows no inline styles), and every
label is escaped. Each chart carries a <title> and <desc> for screen readers and a
<title> per mark for a hover tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

from assay.records import DayCount, Partner

# Spans up to this many days are drawn per day, up to LONGEST_WEEKLY per week, else per month.
LONGEST_DAILY = 62
LONGEST_WEEKLY = 500
NETWORK_NODES = 16
LABEL_CHARS = 22


@dataclass(frozen=True)
class Bucket:
    """One bar or point: the first day it covers, its count and a label for people."""

    start: date
    count: int
    label: str


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str | None = None
    css: str = ""


def buckets(
    days: Sequence[DayCount], start: date | None = None, end: date | None = None
) -> tuple[str, list[Bucket]]:
    """Zero-filled counts per day, week (from Monday) or month between `start` and `end`.

    The unit is chosen from the span (see LONGEST_*); returns (unit, buckets).
    """
    counts = {date.fromisoformat(d["day"]): d["count"] for d in days}
    if not counts and (start is None or end is None):
        return "day", []
    first = start or min(counts)
    last = end or max(counts)
    if last < first:
        first, last = last, first
    span = (last - first).days + 1
    unit = "day" if span <= LONGEST_DAILY else "week" if span <= LONGEST_WEEKLY else "month"
    totals: dict[date, int] = {}
    cursor = _floor(first, unit)
    while cursor <= last:
        totals[cursor] = 0
        cursor = _next(cursor, unit)
    for day, n in counts.items():
        if first <= day <= last:
            totals[_floor(day, unit)] = totals.get(_floor(day, unit), 0) + n
    return unit, [Bucket(d, n, _bucket_label(d, unit)) for d, n in sorted(totals.items())]


def _floor(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _next(day: date, unit: str) -> date:
    if unit == "week":
        return day + timedelta(days=7)
    if unit == "month":
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return day + timedelta(days=1)


def _bucket_label(day: date, unit: str) -> str:
    if unit == "week":
        return f"Week of {day.day} {day:%b %Y}"
    if unit == "month":
        return f"{day:%B %Y}"
    return f"{day.day} {day:%b %Y}"


def _axis_label(day: date, unit: str) -> str:
    return f"{day:%b %Y}" if unit == "month" else f"{day.day} {day:%b}"


def _nice_max(value: int) -> int:
    """A round axis maximum at or above `value` (1, 2, 5, 10, 20, 50...)."""
    if value <= 1:
        return 1
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * exp:
            return int(step * exp)
    return int(10 * exp)


def time_chart(
    series: Sequence[Bucket],
    unit: str,
    *,
    title: str,
    noun: str = "articles",
    width: int = 560,
    height: int = 210,
) -> Markup:
    """Bars per day/week/month (or a line when there are many), with axes and tooltips."""
    left, right, top, bottom = 40, 12, 14, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    total = sum(b.count for b in series)
    desc = f"{total} {noun} in {len(series)} {unit}s" if series else f"No {noun}"
    parts = [
        f'<svg class="chart chart-time" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" preserveAspectRatio="xMidYMid meet">',
        f"<title>{escape(title)}</title><desc>{escape(desc)}.</desc>",
    ]
    top_value = _nice_max(max((b.count for b in series), default=0))
    # Counts are whole numbers: no tick between 0 and 1.
    steps = 2 if top_value % 2 == 0 else 1
    for i in range(steps + 1):
        value = top_value * i / steps
        y = top + plot_h - plot_h * i / steps
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{value:g}</text>"
        )
    if not series:
        parts.append(
            f'<text class="empty" x="{left + plot_w / 2}" y="{top + plot_h / 2}" '
            f'text-anchor="middle">No {escape(noun)} yet</text></svg>'
        )
        return Markup("".join(parts))
    step = plot_w / len(series)

    def y_of(n: int) -> float:
        return top + plot_h - plot_h * n / top_value

    if len(series) <= 120:
        gap = min(4.0, step * 0.25)
        for i, b in enumerate(series):
            x = left + i * step + gap / 2
            y = y_of(b.count)
            h = top + plot_h - y
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{max(1.0, step - gap):.1f}" '
                f'height="{max(0.0, h):.1f}"><title>{escape(b.label)}: {b.count} '
                f"{escape(noun)}</title></rect>"
            )
    else:
        points = [(left + (i + 0.5) * step, y_of(b.count)) for i, b in enumerate(series)]
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        base = top + plot_h
        area = f"{points[0][0]:.1f},{base} {line} {points[-1][0]:.1f},{base}"
        parts.append(f'<polygon class="area" points="{area}"/>')
        parts.append(f'<polyline class="line" points="{line}"/>')
        for (x, y), b in zip(points, series, strict=True):
            parts.append(
                f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="2.5"><title>'
                f"{escape(b.label)}: {b.count} {escape(noun)}</title></circle>"
            )
    parts.append(
        f'<line class="axis" x1="{left}" x2="{width - right}" y1="{top + plot_h}" '
        f'y2="{top + plot_h}"/>'
    )
    labels = min(6, len(series))
    shown = sorted({round(i * (len(series) - 1) / max(1, labels - 1)) for i in range(labels)})
    for i in shown:
        x = left + (i + 0.5) * step
        parts.append(
            f'<text class="tick" x="{x:.1f}" y="{height - 8}" text-anchor="middle">'
            f"{escape(_axis_label(series[i].start, unit))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(
    bars: Sequence[Bar], *, title: str, unit: str = "articles", width: int = 480
) -> Markup:
    """Horizontal bars, largest first as given; labels link when a bar has an href."""
    row, label_w, top = 26, 190, 6
    height = top * 2 + row * max(1, len(bars))
    peak = max((b.value for b in bars), default=0) or 1
    plot_w = width - label_w - 48
    parts = [
        f'<svg class="chart chart-bars" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, b in enumerate(bars):
        y = top + i * row
        w = max(2.0, plot_w * b.value / peak)
        label = escape(_short(b.label, 26))
        text = (
            f'<text class="bar-label" x="{label_w - 8}" y="{y + 17}" text-anchor="end">'
            f"{label}</text>"
        )
        if b.href:
            text = f'<a href="{escape(b.href)}">{text}</a>'
        parts.append(
            f'{text}<rect class="bar {escape(b.css)}" x="{label_w}" y="{y + 5}" '
            f'width="{w:.1f}" height="{row - 10}"><title>{escape(b.label)}: {b.value} '
            f'{escape(unit)}</title></rect><text class="bar-value" x="{label_w + w + 6:.1f}" '
            f'y="{y + 17}">{b.value}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def network(
    center_name: str,
    center_type: str,
    partners: Sequence[Partner],
    *,
    href: dict[str, str],
    width: int = 680,
    height: int = 440,
) -> Markup:
    """The entity in the middle, its partners around it; edge width grows with the number
    of shared facts, its colour is the commonest fact type; nodes link to entity pages."""
    shown = list(partners[:NETWORK_NODES])
    cx, cy = width / 2, height / 2
    # An ellipse leaves room for labels left and right, where names run long.
    rx, ry = width / 2 - 160, height / 2 - 50
    most = max((p["facts"] for p in shown), default=1)
    title = f"Partners of {center_name}"
    parts = [
        f'<svg class="chart chart-network" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title><desc>{len(shown)} partners by shared facts.</desc>",
    ]
    nodes = []
    for i, p in enumerate(shown):
        angle = -math.pi / 2 + 2 * math.pi * i / max(1, len(shown))
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        kind = max(p["types"], key=lambda t: (p["types"][t], t)) if p["types"] else "other"
        stroke = 1.5 + 4.5 * p["facts"] / most
        types = ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in sorted(p["types"].items()))
        parts.append(
            f'<line class="edge edge-{escape(kind)}" x1="{cx:.1f}" y1="{cy:.1f}" '
            f'x2="{x:.1f}" y2="{y:.1f}" stroke-width="{stroke:.1f}">'
            f"<title>{escape(center_name)} – {escape(p['name'])}: {escape(types)}</title></line>"
        )
        r = 6 + 6 * math.sqrt(p["facts"] / most)
        cos = math.cos(angle)
        anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
        lx = x + (r + 6) * (1 if anchor == "start" else -1 if anchor == "end" else 0)
        ly = y + 4 + (0 if anchor != "middle" else (r + 12) * (1 if math.sin(angle) > 0 else -1))
        nodes.append(
            f'<a href="{escape(href.get(p["key"], "#"))}" class="node-link">'
            f'<circle class="node node-{escape(p["type"].lower())}" cx="{x:.1f}" cy="{y:.1f}" '
            f'r="{r:.1f}"><title>{escape(p["name"])}: {escape(types)}</title></circle>'
            f'<text class="node-label" x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">'
            f"{escape(_short(p['name'], LABEL_CHARS))}</text></a>"
        )
    parts.extend(nodes)
    parts.append(
        f'<circle class="node node-center node-{escape(center_type.lower())}" cx="{cx}" '
        f'cy="{cy}" r="20"/><text class="node-label node-label-center" x="{cx}" '
        f'y="{cy + 38}" text-anchor="middle">{escape(_short(center_name, 30))}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
