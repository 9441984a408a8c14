"""What templates show, made from store records: readable facts, dates, amounts, safe links.

Everything returned is plain text or plain data; templates escape it when they render.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from assay.models import SECTORS
from assay.search.results import Span

ENTITY_TYPE_NAMES = {
    "COUNTRY": "Country",
    "ORG": "Organisation",
    "PERSON": "Person",
    "COMMODITY": "Commodity",
    "PROJECT": "Project",
    "LOCATION": "Place",
}
ENTITY_TYPE_PLURALS = {
    "COUNTRY": "Countries",
    "ORG": "Organisations",
    "PERSON": "People",
    "COMMODITY": "Commodities",
    "PROJECT": "Projects",
    "LOCATION": "Places",
}
FACT_TYPE_NAMES = {
    "agreement": "Agreement",
    "trade_measure": "Trade measure",
    "sanction": "Sanction",
    "capacity": "Capacity",
    "investment": "Investment",
    "production": "Production",
}
# Critical-mineral lists (assay/data/lists.json) and element groups, for people.
CRITICAL_LISTS = {
    "us-critical-2022": "US critical minerals (USGS 2022)",
    "eu-crm-2023": "EU critical raw materials (2023)",
    "eu-strategic-2024": "EU strategic raw materials (2024)",
}
GROUP_NAMES = {
    "rare-earth": "Rare-earth element",
    "light-ree": "Light rare earth",
    "heavy-ree": "Heavy rare earth",
    "battery-metal": "Battery metal",
    "battery-material": "Battery material",
    "platinum-group": "Platinum-group metal",
    "semiconductor": "Semiconductor material",
}
SECTOR_BLURBS = {
    "oil-gas": "Crude, fuels, natural gas and LNG: prices, OPEC+, refineries, pipelines, trade.",
    "rare-earths-commodities": "Rare earths, critical and strategic minerals, stockpiles "
    "and commodity markets.",
    "mining-metals": "Mines, exploration, smelting and refining, steel and aluminium.",
    "ev-battery": "Electric vehicles, batteries and battery materials, cell and cathode plants.",
    "esg-renewables": "Solar, wind, hydro, nuclear, hydrogen, emissions and climate policy.",
    "ai-semiconductors": "Chips, fabs, chip equipment and materials, AI models, data centres.",
    "aerospace-defense": "Aircraft, space, weapons, military procurement and defence supply.",
    "sanctions-regulation": "Sanctions, tariffs, export and import controls, trade remedies.",
    "business-politics": "Company results and deals, economic policy, trade relations, diplomacy.",
}
# Short sector names for the navigation bar, where all nine must fit one line.
SECTOR_SHORT = {
    "oil-gas": "Oil & Gas",
    "rare-earths-commodities": "Rare Earths",
    "mining-metals": "Mining & Metals",
    "ev-battery": "EVs & Batteries",
    "esg-renewables": "Renewables & ESG",
    "ai-semiconductors": "AI & Chips",
    "aerospace-defense": "Aerospace & Defense",
    "sanctions-regulation": "Sanctions",
    "business-politics": "Business & Politics",
}
# Field order within a fact: who, then what, then how much, then the rest.
_FIELD_ORDER = [
    "parties",
    "actors",
    "actor",
    "investor",
    "investors",
    "target",
    "targets",
    "measure",
    "kind",
    "goods",
    "commodity",
    "product",
    "amount",
    "value",
    "rate_percent",
    "status",
    "location",
    "year",
    "action",
]
_SAFE_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Value:
    """One displayable value of a fact field: text, and an entity key to link when known."""

    text: str
    key: str | None = None


@dataclass(frozen=True)
class Field:
    label: str
    values: tuple[Value, ...]


def safe_url(url: str | None) -> str | None:
    """`url` if it is an absolute http(s) URL, else None: stored links never run script."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.netloc:
        return None
    return url.strip()


def host(url: str | None) -> str:
    """The site of an http(s) URL, without `www.`; '' for anything else."""
    safe = safe_url(url)
    return (urlsplit(safe).hostname or "").removeprefix("www.") if safe else ""


def source_name(source: str) -> str:
    """A stored source that is not a web link, shown without the server's folders."""
    return source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or source


def entity_href(key: str) -> str:
    return "/entities/" + quote(key, safe=":")


def parse_iso(value: str | datetime | None) -> datetime | None:
    if value is None or value == "":
        return None
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def day_text(value: str | datetime | date | None) -> str:
    """'14 Jan 2026' (UTC) or '' for no date."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return f"{value.day} {value:%b %Y}"
    parsed = parse_iso(value)
    return f"{parsed.day} {parsed:%b %Y}" if parsed else ""


def time_text(value: str | datetime | None) -> str:
    """'14 Jan 2026, 00:30 UTC' or ''."""
    parsed = parse_iso(value)
    return f"{parsed.day} {parsed:%b %Y, %H:%M} UTC" if parsed else ""


def number_text(value: float | int) -> str:
    """1200000000.0 -> '1.2 billion'; 120000 -> '120,000'; 38.0 -> '38'."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{value / size:,.3g} {word}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def fact_fields(fact: dict[str, Any]) -> list[Field]:
    """The fact's fields as labelled values, entities carrying their keys."""
    fields: dict[str, Any] = fact.get("fields") or {}
    names = sorted(
        (k for k, v in fields.items() if v not in (None, "", [], {})),
        key=lambda k: (_FIELD_ORDER.index(k) if k in _FIELD_ORDER else len(_FIELD_ORDER), k),
    )
    return [Field(_label(name), tuple(_values(name, fields[name]))) for name in names]


def _label(name: str) -> str:
    return {"rate_percent": "rate", "actors": "actors", "parties": "parties"}.get(
        name, name.replace("_", " ")
    )


def _values(name: str, value: Any) -> list[Value]:
    if isinstance(value, list):
        return [v for item in value for v in _values(name, item)]
    if isinstance(value, dict):
        if "name" in value:
            return [Value(str(value["name"]), value.get("key"))]
        if "value" in value and isinstance(value["value"], int | float):
            unit = value.get("currency") or value.get("unit") or ""
            amount = number_text(value["value"])
            return [Value(f"{unit} {amount}" if value.get("currency") else f"{amount} {unit}")]
        return [Value(" ".join(str(v) for v in value.values() if v is not None))]
    if name == "rate_percent" and isinstance(value, int | float):
        return [Value(f"{number_text(value)}%")]
    if isinstance(value, float):
        return [Value(number_text(value))]
    return [Value(str(value).replace("-", " ") if name in ("kind", "measure") else str(value))]


def marked(text: str, spans: Sequence[Span]) -> list[tuple[str, bool]]:
    """(piece, highlighted) pieces of `text`, for `<mark>` around search matches."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for start, end in sorted(spans):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        if start > pos:
            out.append((text[pos:start], False))
        out.append((text[start:end], True))
        pos = end
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def entity_attributes(entity: dict[str, Any]) -> list[tuple[str, list[Value]]]:
    """Profile rows (label, values) from an entity's attributes, most telling first."""
    attrs: dict[str, Any] = entity.get("attrs") or {}
    rows: list[tuple[str, list[Value]]] = []
    if attrs.get("iso3"):
        rows.append(("ISO 3166 code", [Value(str(attrs["iso3"]))]))
    if attrs.get("symbol"):
        rows.append(("Element symbol", [Value(str(attrs["symbol"]))]))
    groups = [str(g) for g in attrs.get("groups") or []]
    named = [
        GROUP_NAMES.get(g, g.replace("-", " ").capitalize())
        for g in groups
        if g not in CRITICAL_LISTS
    ]
    if named:
        rows.append(("Groups", [Value(n) for n in named]))
    lists = [CRITICAL_LISTS[g] for g in groups if g in CRITICAL_LISTS]
    if lists:
        rows.append(("Critical-mineral lists", [Value(n) for n in lists]))
    if attrs.get("kind"):
        rows.append(("Kind", [Value(str(attrs["kind"]).replace("-", " "))]))
    if attrs.get("role"):
        rows.append(("Role", [Value(str(attrs["role"]))]))
    if attrs.get("org"):
        rows.append(("Organisation", [Value(str(attrs["org"]))]))
    if attrs.get("country"):
        code = str(attrs["country"])
        rows.append(("Country", [Value(code, f"country:{code}")]))
    if attrs.get("aliases"):
        rows.append(("Also called", [Value(str(a)) for a in attrs["aliases"]]))
    return rows


def page_url(path: str, params: dict[str, Any], **changes: Any) -> str:
    """`path` with `params` updated by `changes` (None removes one); lists repeat the key."""
    merged = {**params, **changes}
    pairs: list[tuple[str, str]] = []
    for key, value in merged.items():
        if value is None or value == "" or value == []:
            continue
        for item in value if isinstance(value, list | tuple) else [value]:
            pairs.append((key, str(item)))
    return f"{path}?{urlencode(pairs)}" if pairs else path


def sector_name(slug: str) -> str:
    return SECTORS.get(slug, slug)
