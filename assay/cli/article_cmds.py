"""Reading the store: articles list/show and fact queries."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer
from rich.table import Table

from assay.cli.app import (
    Format,
    FormatOpt,
    ListFormatOpt,
    app,
    articles_app,
    emit_json,
    esc,
    note,
    open_store,
    out,
    parse_date,
)
from assay.cli.output import ListFormat, emit_listing, pages
from assay.errors import UsageError

# Options shared by the listings that page.
PageOpt = Annotated[int, typer.Option("--page", min=1, max=10**9, help="Page number.")]
OffsetOpt = Annotated[
    int | None,
    typer.Option("--offset", min=0, max=10**12, help="Skip this many rows (instead of --page)."),
]
AllOpt = Annotated[
    bool, typer.Option("--all", help="Every matching row, however many (ignores --page).")
]


def page_offset(page: int, offset: int | None, limit: int) -> int:
    """The row offset of --page or --offset (not both)."""
    if offset is not None and page != 1:
        raise UsageError("--page and --offset both say where to start; pass one of them.")
    return offset if offset is not None else (page - 1) * limit


def published_day(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value or "")[:10]


def article_table(rows: list[Any]) -> Table:
    table = Table("id", "published", "lang", "sectors", "title")
    for row in rows:
        sectors = ", ".join(
            s["slug"] if isinstance(s, dict) else str(s) for s in row.get("sectors", [])
        )
        table.add_row(
            str(row["id"]),
            published_day(row.get("published")),
            esc(row.get("language")),
            esc(sectors),
            esc(row["title"]),
        )
    return table


@articles_app.command("list")
def articles_list(
    sector: Annotated[str | None, typer.Option(help="Only this sector slug.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    language: Annotated[
        str | None, typer.Option("--lang", help="Only this language (ISO 639-1, e.g. en).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="Articles per page.")] = 20,
    page: PageOpt = 1,
    offset: OffsetOpt = None,
    every: AllOpt = False,
    fmt: ListFormatOpt = ListFormat.table,
) -> None:
    """List stored articles, newest first, a page at a time (or --all of them).

    Example: assay articles list --sector ev-battery --since 2026-01-01 --page 2
    """
    from assay.models import SECTORS

    if sector is not None and sector not in SECTORS:
        raise UsageError(f"Unknown sector '{sector}'. Choose one of: {', '.join(SECTORS)}.")
    since_at = parse_date(since, "--since")
    store = open_store()
    total = store.count_articles(sector, since_at, language)
    start = 0 if every else page_offset(page, offset, limit)

    def fetch(n: int, at: int) -> list[Any]:
        return list(store.list_articles(n, at, sector, since_at, language))

    if total == 0 and fmt is ListFormat.table:
        note("No articles match.")
        return
    rows = pages(fetch) if every else iter(fetch(limit, start))
    shown = emit_listing(rows, fmt, article_table, out)
    if every or (start == 0 and shown == total):
        note(f"{shown:,} article(s).")
    elif shown == 0:
        note(f"No articles at this page: {total:,} match, {start:,} skipped.")
    else:
        more = start + shown < total
        hint = f" Next: --page {start // limit + 2}." if more and offset is None else ""
        if more and offset is not None:
            hint = f" Next: --offset {start + shown}."
        note(f"Articles {start + 1:,}-{start + shown:,} of {total:,}.{hint}")


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


def fact_table(rows: list[Any]) -> Table:
    table = Table("article", "type", "fields", "sentence", show_lines=True)
    for row in rows:
        table.add_row(
            str(row["article_id"]),
            row["type"],
            esc(_fact_line(row["fields"])),
            esc(row["sentence"]),
        )
    return table


def resolve_keys(store: Any, texts: list[str]) -> list[str]:
    """Entity keys for what was typed after --entity (names and aliases resolve, with a
    note); UnknownEntity when one names nothing or several things."""
    from assay.search.entities import resolve_entities

    keys = []
    for resolved in resolve_entities(store, texts):
        if resolved.note:
            note(resolved.note)
        keys.append(resolved.key)
    return keys


@app.command()
def facts(
    fact_type: Annotated[
        str | None, typer.Option("--type", help="Fact type, e.g. agreement.")
    ] = None,
    entity: Annotated[
        list[str] | None,
        typer.Option(
            help="Entity taking part: a key (country:IDN) or a name (Indonesia). Repeat it "
            "for facts in which all of them take part."
        ),
    ] = None,
    goods: Annotated[
        str | None, typer.Option(help="Goods, commodity or product named, e.g. nickel.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Published before (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=5000, help="Facts per page.")] = 50,
    page: PageOpt = 1,
    offset: OffsetOpt = None,
    fmt: ListFormatOpt = ListFormat.table,
) -> None:
    """Query stored facts by type, participating entities, goods and date, newest first.

    Example: assay facts --type agreement --entity country:IDN --entity org:jbic
    """
    from assay.models import FACT_TYPES

    if fact_type is not None and fact_type not in FACT_TYPES:
        raise UsageError(
            f"Unknown fact type '{fact_type}'. Choose one of: {', '.join(FACT_TYPES)}."
        )
    since_at, until_at = parse_date(since, "--since"), parse_date(until, "--until")
    store = open_store()
    keys = resolve_keys(store, entity or [])
    start = page_offset(page, offset, limit)
    rows = store.query_facts(
        fact_type,
        entity_key=keys or None,
        goods=goods,
        since=since_at,
        until=until_at,
        limit=limit,
        offset=start,
    )
    if not rows and fmt is ListFormat.table:
        note("No facts match." if start == 0 else "No more facts match.")
        return
    emit_listing(rows, fmt, fact_table, out)
    if len(rows) == limit:
        hint = f"--offset {start + limit}" if offset is not None else f"--page {page + 1}"
        note(f"Facts {start + 1:,}-{start + len(rows):,}; more may follow: {hint}.")
