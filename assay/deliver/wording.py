"""Plain words for e-mails: a fact as one short line, amounts, days."""

from __future__ import annotations

from datetime import date
from typing import Any

from assay.records import FactRecord

FACT_NAMES = {
    "agreement": "Agreement",
    "trade_measure": "Trade measure",
    "sanction": "Sanction",
    "capacity": "Capacity",
    "investment": "Investment",
    "production": "Production",
}
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"))


def name_of(value: Any) -> str:
    """The written name of a fact argument ({name, key}), a list of them, or a plain value."""
    if isinstance(value, dict):
        return str(value.get("name") or "").strip()
    if isinstance(value, list):
        names = [name_of(v) for v in value]
        names = [n for n in names if n]
        if len(names) > 1:
            return ", ".join(names[:-1]) + " and " + names[-1]
        return names[0] if names else ""
    return "" if value is None else str(value).strip()


def amount_text(value: Any) -> str:
    """`{"value": 1.2e9, "currency": "USD"}` -> "USD 1.2 billion"; units after the number."""
    if not isinstance(value, dict) or not isinstance(value.get("value"), int | float):
        return name_of(value)
    number = float(value["value"])
    text = f"{number:,.0f}" if number.is_integer() and abs(number) < 1e3 else f"{number:,.2f}"
    for scale, word in SCALES:
        if abs(number) >= scale:
            text = f"{number / scale:.3g} {word}"
            break
    currency = value.get("currency")
    unit = value.get("unit")
    if currency:
        return f"{currency} {text}"
    return f"{text} {unit}" if unit else text


def fact_line(fact: FactRecord) -> str:
    """One line saying what a fact states, e.g. "China imposed an export control on gallium
    (target: United States)"; the sentence itself when the fields say too little."""
    f = fact["fields"]
    action = str(f.get("action") or fact.get("action") or "").strip()
    kind = fact["type"]
    parts: list[str] = []
    if kind == "agreement":
        what = f"{f.get('kind')} agreement" if f.get("kind") not in (None, "other") else "agreement"
        parts = [name_of(f.get("parties")), action, what]
        if name_of(f.get("commodity")):
            parts.append(f"on {name_of(f.get('commodity'))}")
        if name_of(f.get("location")):
            parts.append(f"in {name_of(f.get('location'))}")
    elif kind == "trade_measure":
        measure = str(f.get("measure") or "measure").replace("-", " ")
        parts = [name_of(f.get("actor")), action, measure]
        if name_of(f.get("goods")):
            parts.append(f"on {name_of(f.get('goods'))}")
        if isinstance(f.get("rate_percent"), int | float):
            parts.append(f"of {f['rate_percent']:g}%")
        if name_of(f.get("target")):
            parts.append(f"(target: {name_of(f.get('target'))})")
    elif kind == "sanction":
        parts = [name_of(f.get("actor")), action, "sanctions on", name_of(f.get("target"))]
    elif kind == "capacity":
        parts = [name_of(f.get("actors")) + ":", name_of(f.get("product")), "capacity"]
        parts += [amount_text(f.get("amount")), f"({f.get('status')})" if f.get("status") else ""]
    elif kind == "investment":
        parts = [name_of(f.get("investor")), action, amount_text(f.get("amount"))]
        if name_of(f.get("target")):
            parts.append(f"in {name_of(f.get('target'))}")
    elif kind == "production":
        measure = str(f.get("measure") or "production")
        parts = [name_of(f.get("actor")), measure, f"of {name_of(f.get('commodity'))}:"]
        parts += [amount_text(f.get("value")), f"({f.get('year')})" if f.get("year") else ""]
    text = " ".join(p for p in (p.strip() for p in parts) if p)
    if len(text.split()) < 3 or text.startswith(":"):
        text = " ".join(fact["sentence"].split())
        if len(text) > 200:
            text = text[:200].rsplit(" ", 1)[0] + "…"
    return text[0].upper() + text[1:] if text else text


def day_text(day: date) -> str:
    """ "Tuesday 3 March 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"
