"""Commands that fill or describe the store: init, ingest, analyze, stats, config."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from assay.cli.app import (
    AnalyzeFormat,
    Format,
    FormatOpt,
    app,
    emit_json,
    enrichment,
    err,
    esc,
    json_default,
    open_store,
    out,
    progress_bar,
    state,
)
from assay.settings import describe_settings


@app.command()
def init() -> None:
    """Create the database (or migrate it to the current schema).

    Example: assay --db news.db init
    """
    store = open_store()
    err.print(f"Database ready at {store.location}")


@app.command()
def migrate(
    source: Annotated[
        str, typer.Option("--from", help="The store to copy: a SQLite file or a database URL.")
    ],
    target: Annotated[
        str,
        typer.Option(
            "--to", help="The database to copy into: a URL (postgresql://...) or a SQLite file."
        ),
    ],
    batch: Annotated[int, typer.Option("--batch", help="Rows per transaction.")] = 1000,
    fmt: FormatOpt = Format.table,
) -> None:
    """Copy a whole store into another database, e.g. from SQLite to PostgreSQL.

    The target is created and migrated if needed. Interrupted? Run the same command
    again: it resumes. Row counts of every table are compared at the end.

    Example: assay migrate --from sqlite:///assay.db --to postgresql://assay@db.example/assay
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from assay.store import Store
    from assay.store.transfer import copy_store

    with Store.open_url(source) as src, Store.open_url(target) as dst:
        tasks: dict[str, Any] = {}
        with Progress(
            TextColumn("{task.description:<16}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err,
            disable=not err.is_terminal,
        ) as progress:

            def show(table: str, done: int, total: int) -> None:
                if table not in tasks:
                    tasks[table] = progress.add_task(table, total=total)
                progress.update(tasks[table], completed=done)

            report = copy_store(src, dst, batch=batch, on_progress=show)
        if fmt is Format.json:
            emit_json(
                {
                    name: {"source": n, "target_before": before, "target": after}
                    for name, (n, before, after) in report.tables.items()
                }
            )
        else:
            rows = sum(after for _, _, after in report.tables.values())
            out.print(
                f"Copied {report.copied:,} row(s) from {src.location} to {dst.location}; "
                f"{rows:,} row(s) in {len(report.tables)} tables match the source."
            )


@app.command()
def ingest(
    targets: Annotated[
        list[str], typer.Argument(help="Files, directories, URLs, or - for standard input.")
    ],
    no_enrich: Annotated[
        bool, typer.Option("--no-enrich", help="Store text only; skip sectors/entities/facts.")
    ] = False,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Extract and enrich on Dask: tcp://HOST:8786, or local:N for N local workers.",
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Extract, enrich and store articles from files, directories, URLs or stdin.

    Example: assay ingest samples/ https://example.com/news/story.html
    """
    from assay.pipeline import ingest as run_ingest

    settings = state.settings
    store = open_store()
    if scheduler is not None and settings.enrich and not no_enrich:
        report = ingest_on_dask(targets, store, scheduler)
    else:
        with (
            enrichment(settings.enrich and not no_enrich) as enricher,
            progress_bar("Ingesting") as advance,
        ):
            report = run_ingest(targets, store, settings, enricher, on_article=advance)
    if fmt is Format.json:
        emit_json(report.to_dict())
    else:
        out.print(
            f"Ingested {report.pages} page(s): {report.new} new, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.failed} failed."
        )
    if report.duplicates:
        err.print(f"{report.duplicates} near-duplicate(s) joined an existing story.")
    for warning in report.warnings:
        err.print(f"Warning: {warning}", markup=False, highlight=False)
    for failure in report.failures:
        line = f" {failure.target} ({failure.stage}): {failure.reason}"
        err.print(Text.assemble(("Failed", "red"), line))
    if report.failures:
        raise typer.Exit(1)


def ingest_on_dask(targets: list[str], store: Any, scheduler: str) -> Any:
    """Run `ingest` with extraction and enrichment on a Dask cluster."""
    from assay.enrich import default_registry
    from assay.pipeline.cluster import DaskCluster, DaskExecutor, Scheduler, ingest_on_cluster
    from assay.pipeline.executors import EnricherFactory

    parsed = Scheduler.parse(scheduler)
    with err.status("Connecting to Dask..."):
        cluster = DaskCluster(parsed)
    if cluster.dashboard:
        err.print(f"Dask dashboard: {cluster.dashboard}", markup=False, highlight=False)
    executor = DaskExecutor(EnricherFactory(state.settings, default_registry()), cluster)
    try:
        with progress_bar("Ingesting on Dask") as advance:
            return ingest_on_cluster(targets, store, state.settings, executor, advance)
    finally:
        executor.close()


@app.command("rebuild-bands")
def rebuild_bands() -> None:
    """Recompute the near-duplicate band keys at the dedupe_threshold setting.

    Run after changing dedupe_threshold: keys written at another threshold match nothing.
    Stored signatures are reused (no text is read again); existing stories are kept.

    Example: ASSAY_DEDUPE_THRESHOLD=0.5 assay rebuild-bands
    """
    from assay.stories.bands import rebuild_band_keys

    store = open_store()
    threshold = state.settings.dedupe_threshold
    with progress_bar("Rebuilding band keys") as advance:
        count, bands = rebuild_band_keys(store, threshold, on_chunk=advance)
    out.print(f"Rebuilt the band keys of {count:,} article(s): {bands} bands at {threshold}.")


@app.command()
def analyze(
    targets: Annotated[list[str], typer.Argument(help="Files, URLs, or - for standard input.")],
    fmt: Annotated[
        AnalyzeFormat, typer.Option("--format", "-f", help="json (one array) or jsonl.")
    ] = AnalyzeFormat.json,
) -> None:
    """Extract and enrich documents without storing them; print one record per story.

    Example: assay analyze article.html --format jsonl
    """
    from assay.pipeline import analyze as run_analyze
    from assay.serialize import article_record

    settings = state.settings
    with enrichment(True) as enricher:
        assert enricher is not None
        articles, failures = run_analyze(targets, settings, enricher)
    records = [article_record(a) for a in articles]
    if fmt is AnalyzeFormat.jsonl:
        for rec in records:
            sys.stdout.write(json.dumps(rec, ensure_ascii=False, default=json_default) + "\n")
    else:
        emit_json(records)
    for failure in failures:
        line = f"Error: {failure.target} ({failure.stage}): {failure.reason}"
        err.print(line, markup=False, highlight=False)
    if failures:
        raise typer.Exit(1)


@app.command()
def stats(fmt: FormatOpt = Format.table) -> None:
    """Counts of what the store holds: articles, sectors, entities, facts, feeds.

    Example: assay stats --format json
    """
    data = open_store().stats()
    if fmt is Format.json:
        emit_json(data)
        return
    table = Table("what", "count", title="assay store")
    for key, value in data.items():
        if isinstance(value, dict):
            for sub, n in value.items():
                table.add_row(f"{key}: {sub}", str(n))
        else:
            table.add_row(key, str(value))
    out.print(table)


@app.command()
def config(fmt: FormatOpt = Format.table) -> None:
    """Show every setting with its value and where it came from (secrets masked)."""
    rows = describe_settings(state.settings)
    if fmt is Format.json:
        emit_json(rows)
        return
    table = Table("setting", "value", "origin", "help")
    for row in rows:
        table.add_row(row["name"], esc(str(row["value"])), row["origin"], row["help"] or "")
    out.print(table)
