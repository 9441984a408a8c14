"""Looking entities up: `assay entities [QUERY]` and `assay entities show KEY`."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Column, Table

from assay.cli.app import (
    DefaultGroup,
    Format,
    FormatOpt,
    ListFormatOpt,
    app,
    emit_json,
    esc,
    note,
    open_store,
    out,
)
from assay.cli.article_cmds import PageOpt, fact_table, page_offset, published_day
from assay.cli.output import ListFormat, emit_listing

entities_app = typer.Typer(
    cls=DefaultGroup,
    help="Look entities up by name, alias or key (`assay entities QUERY` is `assay entities "
    "search QUERY`); show one with its facts and partners.",
)
app.add_typer(entities_app, name="entities")


def match_table(rows: list[Any]) -> Table:
    table = Table("type", "name", "articles", "facts", "matched")
    # Keys are what users copy into other commands: never cut one short.
    width = max((len(row["key"]) for row in rows), default=3)
    table.columns.insert(0, Column("key", min_width=width, overflow="fold"))
    for row in rows:
        matched = row["matched"] if row["matched"] not in (None, row["name"], row["key"]) else ""
        table.add_row(
            esc(row["key"]),
            row["type"],
            esc(row["name"]),
            str(row["articles"]) if row["stored"] else "-",
            str(row["facts"]) if row["stored"] else "-",
            esc(matched),
        )
    return table


@entities_app.command("search")
def entities_search(
    query: Annotated[
        str | None, typer.Argument(help="A name, alias or key, or part of one (any case).")
    ] = None,
    entity_type: Annotated[
        str | None,
        typer.Option(
            "--type", help="COUNTRY, ORG, PERSON, COMMODITY, PROJECT or LOCATION (any case)."
        ),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Entities per page.")] = 20,
    page: PageOpt = 1,
    fmt: ListFormatOpt = ListFormat.table,
) -> None:
    """Find entities by name, alias or key in the store and the knowledge base, with how
    many articles and facts name them (-: known, but in no stored article yet). Without a
    query, the most mentioned stored entities.

    Example: assay entities opec
    """
    from assay.search.entities import find_entities

    rows = find_entities(
        open_store(), query, entity_type, limit=limit, offset=page_offset(page, None, limit)
    )
    if not rows and fmt is ListFormat.table:
        note(f"No entity matches {query!r}." if query else "No entities stored yet.")
        return
    emit_listing(rows, fmt, match_table, out)


@entities_app.command("show")
def entities_show(
    key: Annotated[str, typer.Argument(help="An entity key (org:opec) or a name (OPEC).")],
    facts: Annotated[int, typer.Option("--facts", min=0, max=500, help="Latest facts.")] = 10,
    partners: Annotated[int, typer.Option("--partners", min=0, max=500, help="Top partners.")] = 10,
    fmt: FormatOpt = Format.table,
) -> None:
    """One entity: profile, latest facts, partners (who shares agreements, trade measures,
    sanctions or investments with it) and latest articles.

    Example: assay entities show country:IDN
    """
    from assay.cli.article_cmds import resolve_keys
    from assay.search.entities import entity_detail

    store = open_store()
    resolved = resolve_keys(store, [key])[0]
    detail = entity_detail(store, resolved, facts=facts, partners=partners)
    if fmt is Format.json:
        emit_json(detail)
        return
    ent = detail["entity"]
    out.print(esc(f"{ent['name']}  ({ent['type']}, {ent['key']})", style="bold"))
    if detail["aliases"]:
        out.print(esc(f"Also: {', '.join(detail['aliases'][:12])}"))
    if ent["articles"]:
        first, last = published_day(ent["first_seen"]), published_day(ent["last_seen"])
        span = f"; published {first} to {last}" if first else ""
        out.print(
            f"{ent['articles']} article(s), {ent['mentions']} mention(s), "
            f"{ent['facts']} fact(s){span}."
        )
    else:
        out.print("Known to the knowledge base; no stored article mentions it yet.")
    if detail["facts"]:
        table = fact_table(detail["facts"])
        table.title = f"Latest facts ({len(detail['facts'])} of {ent['facts']})"
        out.print(table)
    if detail["partners"]:
        width = max(len(p["key"]) for p in detail["partners"])
        key_column = Column("key", min_width=width, overflow="fold")
        table = Table("partner", key_column, "facts", "of which", "last", title="Partners")
        for p in detail["partners"]:
            kinds = ", ".join(f"{t} {n}" for t, n in sorted(p["types"].items()))
            table.add_row(
                esc(p["name"]), esc(p["key"]), str(p["facts"]), kinds, published_day(p["last"])
            )
        out.print(table)
    if ent["recent_articles"]:
        table = Table("id", "published", "title", title="Latest articles")
        for a in ent["recent_articles"]:
            table.add_row(str(a["id"]), published_day(a["published"]), esc(a["title"]))
        out.print(table)
