"""Reading the store: articles list/show and fact queries."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer
from rich.table import Table

from assay.cli.app import (
    Format,
    FormatOpt,
    app,
    articles_app,
    emit_json,
    esc,
    open_store,
    out,
    parse_date,
)
from assay.errors import UsageError


@articles_app.command("list")
def articles_list(
    sector: Annotated[str | None, typer.Option(help="Only this sector slug.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    fmt: FormatOpt = Format.table,
) -> None:
    """List stored articles, newest first.

    Example: assay articles list --sector ev-battery --since 2026-01-01
    """
    from assay.models import SECTORS

    if sector is not None and sector not in SECTORS:
        raise UsageError(f"Unknown sector '{sector}'. Choose one of: {', '.join(SECTORS)}.")
    rows = open_store().list_articles(
        limit=limit, sector=sector, since=parse_date(since, "--since")
    )
    if fmt is Format.json:
        emit_json(rows)
        return
    table = Table("id", "published", "lang", "sectors", "title")
    for row in rows:
        pub = row.get("published")
        pub_s = pub.date().isoformat() if isinstance(pub, datetime) else str(pub or "")[:10]
        sectors = ", ".join(
            s["slug"] if isinstance(s, dict) else str(s) for s in row.get("sectors", [])
        )
        table.add_row(
            str(row["id"]), pub_s, esc(row.get("language")), esc(sectors), esc(row["title"])
        )
    out.print(table)


@articles_app.command("show")
def articles_show(
    article_id: Annotated[int, typer.Argument(help="Article id (see 'assay articles list').")],
    fmt: FormatOpt = Format.table,
) -> None:
    """Show one article with its sectors, entities and facts.

    Example: assay articles show 12
    """
    art = open_store().get_article(article_id)
    if fmt is Format.json:
        emit_json(art)
        return
    out.print(esc(art["title"], style="bold"))
    out.print(esc(f"{art.get('url') or art.get('source')}  ·  {art.get('published') or 'undated'}"))
    sectors = ", ".join(f"{s['slug']} ({s['score']:.2f})" for s in art.get("sectors", []))
    out.print(f"Sectors: {sectors or '-'}")
    if art.get("summary"):
        out.print(esc(f"\n{art['summary']}\n"))
    if art.get("entities"):
        table = Table("type", "entity", "key", "mentions", title="Entities")
        for ent in art["entities"]:
            table.add_row(ent["type"], esc(ent["name"]), esc(ent["key"]), str(len(ent["mentions"])))
        out.print(table)
    if art.get("facts"):
        table = Table("type", "fields", "sentence", title="Facts", show_lines=True)
        for fact in art["facts"]:
            table.add_row(fact["type"], esc(_fact_line(fact["fields"])), esc(fact["sentence"]))
        out.print(table)


def _fact_line(fields: dict[str, Any]) -> str:
    """One readable line of fact fields: names for parties, amounts with units."""
    parts = []
    for key, value in fields.items():
        if value in (None, [], ""):
            continue
        parts.append(f"{key}: {_field_text(value)}")
    return "; ".join(parts)


def _field_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_field_text(v) for v in value)
    if isinstance(value, dict):
        if "name" in value:
            return str(value["name"])
        if "value" in value:
            unit = value.get("currency") or value.get("unit") or ""
            return f"{_number(value['value'])} {unit}".strip()
        return " ".join(str(v) for v in value.values() if v is not None)
    if isinstance(value, float):
        return _number(value)
    return str(value)


def _number(value: Any) -> str:
    """1200000000.0 -> '1.2 billion'; 38.0 -> '38'."""
    if not isinstance(value, int | float):
        return str(value)
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{value / size:g} {word}"
    return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:g}"


@app.command()
def facts(
    fact_type: Annotated[
        str | None, typer.Option("--type", help="Fact type, e.g. agreement.")
    ] = None,
    entity: Annotated[
        str | None, typer.Option(help="Entity key taking part, e.g. country:IDN.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Published before (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=5000)] = 50,
    fmt: FormatOpt = Format.table,
) -> None:
    """Query stored facts by type, participating entity and date.

    Example: assay facts --type agreement --entity country:IDN --since 2024-01-01
    """
    from assay.models import FACT_TYPES

    if fact_type is not None and fact_type not in FACT_TYPES:
        raise UsageError(
            f"Unknown fact type '{fact_type}'. Choose one of: {', '.join(FACT_TYPES)}."
        )
    rows = open_store().query_facts(
        fact_type,
        entity_key=entity,
        since=parse_date(since, "--since"),
        until=parse_date(until, "--until"),
        limit=limit,
    )
    if fmt is Format.json:
        emit_json(rows)
        return
    table = Table("article", "type", "fields", "sentence", show_lines=True)
    for row in rows:
        table.add_row(
            str(row["article_id"]),
            row["type"],
            esc(_fact_line(row["fields"])),
            esc(row["sentence"]),
        )
    out.print(table)
