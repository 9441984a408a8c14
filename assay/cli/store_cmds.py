"""Commands that fill or describe the store: init, ingest, analyze, stats, config."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from assay.cli.app import (
    AnalyzeFormat,
    Format,
    FormatOpt,
    ListFormatOpt,
    app,
    emit_json,
    enrichment,
    err,
    esc,
    ingest_hooks,
    note,
    open_store,
    out,
    progress_bar,
    state,
)
from assay.cli.output import ListFormat, emit_listing, mapping_rows, terminal_safe_json
from assay.cli.summary import EXIT_OK, Problem, exit_code, print_problems
from assay.settings import describe_settings


@app.command()
def init() -> None:
    """Create the database, or check and migrate an existing one to the current schema.

    Example: assay --db news.db init
    """
    store = open_store(create=True, write=True)
    note(f"Database ready at {store.location}")


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

    with Store.open_url(source, create=False) as src, Store.open_url(target) as dst:
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
    errors: Annotated[
        Path | None,
        typer.Option(
            "--errors",
            metavar="FILE",
            help="Write each failure (target, stage, reason, transient) to FILE as JSON Lines.",
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Extract, enrich and store articles from files, directories, URLs or stdin.

    A JSON Lines record keeps its own title, date and URL and its whole text; see the
    README for the field names read. Compressed files (.gz, .bz2, .xz, .zst) are read as
    they are. Exit code 0 when every input was stored, 1 when some failed, 3 when none
    could be.

    Example: assay ingest samples/ news.jsonl.gz https://example.com/news/story.html
    """
    from assay.pipeline import count_inputs
    from assay.pipeline import ingest as run_ingest

    settings = state.settings
    store = open_store(create=True, write=True)
    if scheduler is not None and settings.enrich and not no_enrich:
        report = ingest_on_dask(targets, store, scheduler)
    else:
        show = not state.quiet and err.is_terminal  # the bar is hidden otherwise: skip counting
        total = count_inputs(targets, settings) if show else None
        with (
            enrichment(settings.enrich and not no_enrich) as enricher,
            progress_bar("Ingesting", total) as advance,
        ):
            report = run_ingest(
                targets, store, settings, enricher, on_progress=advance, hooks=ingest_hooks()
            )
    if errors is not None:
        from assay.serialize import dumps

        with errors.open("w", encoding="utf-8") as fh:
            for failure in report.failures:
                fh.write(dumps(failure) + "\n")
    if fmt is Format.json:
        emit_json(report.to_dict())
    elif not state.quiet:
        out.print(
            f"Ingested {report.pages} page(s): {report.new} new, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.failed} failed."
        )
    if report.duplicates:
        note(f"{report.duplicates} near-duplicate(s) joined an existing story.")
    for warning in report.warnings:
        note(f"Warning: {warning}")
    problems = [Problem(f.target, f.stage, f.reason) for f in report.failures]
    print_problems(problems, err, state.verbosity)
    done = report.new + report.updated + report.unchanged
    if not done and not report.failures:
        note("Nothing to ingest: the targets hold no documents.")
    code = exit_code(done, report.failed)
    if code != EXIT_OK:
        raise typer.Exit(code)


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
            return ingest_on_cluster(
                targets, store, state.settings, executor, advance, hooks=ingest_hooks()
            )
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

    store = open_store(write=True)
    threshold = state.settings.dedupe_threshold
    with progress_bar("Rebuilding band keys") as advance:
        count, bands = rebuild_band_keys(store, threshold, on_chunk=advance)
    if not state.quiet:
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
    from assay.serialize import article_record, dumps

    settings = state.settings
    with enrichment(True) as enricher:
        assert enricher is not None
        articles, failures = run_analyze(targets, settings, enricher)
    records = [article_record(a) for a in articles]
    if fmt is AnalyzeFormat.jsonl:
        for rec in records:
            sys.stdout.write(terminal_safe_json(dumps(rec)) + "\n")
    else:
        emit_json(records)
    problems = [Problem(f.target, f.stage, f.reason) for f in failures]
    print_problems(problems, err, state.verbosity, label="Error:")
    code = exit_code(len(records), len(failures))
    if code != EXIT_OK:
        raise typer.Exit(code)


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
    for row in mapping_rows(data):
        table.add_row(row["what"], str(row["count"]))
    out.print(table)


@app.command()
def config(fmt: ListFormatOpt = ListFormat.table) -> None:
    """Show every setting with its value and where it came from (secrets masked)."""
    rows = describe_settings(state.settings)

    def table(rows: list[dict[str, object]]) -> Table:
        grid = Table("setting", "value", "origin", "help")
        for row in rows:
            grid.add_row(str(row["name"]), esc(str(row["value"])), str(row["origin"]),
                         str(row["help"] or ""))  # fmt: skip
        return grid

    emit_listing(rows, fmt, table, out)
