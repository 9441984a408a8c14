"""Re-enrichment: re-run enrichers whose version changed since articles were stored."""

from __future__ import annotations

from typing import Annotated

import typer

from assay.cli.app import (
    Format,
    FormatOpt,
    app,
    emit_json,
    enrichment,
    note,
    open_store,
    out,
    parse_date,
    progress_bar,
)


@app.command()
def reenrich(
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help="Only articles published (undated: ingested) since."
        ),
    ] = None,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            metavar="NAME",
            help="Only this enricher: entities, facts, sectors or summary (repeatable).",
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, metavar="N", help="Re-enrich at most N articles."),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Re-run the enrichers whose version is newer than the one an article was enriched with.

    Each batch is committed as it finishes: a second run does nothing, a stopped run resumes.

    Articles stored with --no-enrich are left alone.

    Example: assay reenrich --only facts --since 2024-01-01
    """
    from assay.enrich import default_registry
    from assay.pipeline import plan_reenrich
    from assay.pipeline import reenrich as run_reenrich

    registry = default_registry()
    names = [registry.get(n.strip()).name for o in only or [] for n in o.split(",") if n.strip()]
    store = open_store(write=True)
    plan = plan_reenrich(store, registry, names or None, parse_date(since, "--since"), limit)
    if plan.total == 0:
        if fmt is Format.json:
            emit_json({"articles": 0, "by_enricher": {}})
        else:
            current = ", ".join(registry.get(n).stamp for n in names or registry.names)
            out.print(f"Nothing to re-enrich: stored articles are up to date ({current}).")
        return
    with enrichment(True, registry) as executor, progress_bar("Re-enriching", plan.total) as adv:
        report = run_reenrich(store, executor, plan, on_article=adv)
    if fmt is Format.json:
        emit_json(report.to_dict())
        return
    counts = ", ".join(f"{n} {c}" for n, c in report.by_enricher.items())
    out.print(f"Re-enriched {report.articles} article(s): {counts}.")
    if report.articles < plan.total:
        note(f"{plan.total - report.articles} article(s) changed meanwhile; run it again.")
