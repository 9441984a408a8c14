"""The feed registry: add, list, remove, poll."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from assay.cli.app import (
    Format,
    FormatOpt,
    ListFormatOpt,
    emit_json,
    enrichment,
    err,
    esc,
    feeds_app,
    ingest_hooks,
    note,
    open_store,
    out,
    progress_bar,
    state,
)
from assay.cli.output import ListFormat, emit_listing
from assay.cli.summary import EXIT_NOTHING_DONE, EXIT_SOME_FAILED, Problem, print_problems


@feeds_app.command("add")
def feeds_add(
    url: Annotated[str, typer.Argument(help="RSS/Atom feed URL, or sitemap URL with --sitemap.")],
    sitemap: Annotated[bool, typer.Option("--sitemap", help="The URL is a news sitemap.")] = False,
) -> None:
    """Register a feed to poll.

    Example: assay feeds add https://example.com/rss.xml
    """
    from assay.sources.guard import check_url

    check_url(url, allow_private=True)  # syntax only here; the address is checked when polled
    feed = open_store(create=True, write=True).add_feed(url, kind="sitemap" if sitemap else "feed")
    note(f"Feed {feed['id']}: {url}")


@feeds_app.command("list")
def feeds_list(fmt: ListFormatOpt = ListFormat.table) -> None:
    """List feeds with their state: last poll, next poll, last error."""
    emit_listing(open_store().list_feeds(), fmt, feed_table, out)


def feed_table(rows: list[Any]) -> Table:
    table = Table("id", "kind", "url", "entries", "last polled", "next poll", "last error")
    for row in rows:
        table.add_row(
            str(row["id"]),
            row["kind"],
            esc(row["url"]),
            str(row.get("entries_seen", 0)),
            str(row.get("last_polled_at") or "never")[:19],
            str(row.get("next_poll_at") or "now")[:19],
            esc(row.get("last_error") or ""),
        )
    return table


@feeds_app.command("remove")
def feeds_remove(feed: Annotated[str, typer.Argument(help="Feed id or URL.")]) -> None:
    """Stop polling a feed (its articles stay)."""
    open_store(write=True).remove_feed(int(feed) if feed.isdigit() else feed)
    note(f"Removed feed {feed}.")


@feeds_app.command("poll")
def feeds_poll(
    all_feeds: Annotated[
        bool, typer.Option("--all", help="Poll every feed now, not only those due.")
    ] = False,
    no_enrich: Annotated[bool, typer.Option("--no-enrich", help="Skip enrichment.")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Poll due feeds concurrently and ingest entries not seen before.

    Exit code 0 when every feed polled (or none was due), 1 when some feeds or entries
    failed, 3 when every feed polled failed: cron can tell.

    Example: assay feeds poll --all
    """
    from assay.pipeline import poll_feeds

    settings = state.settings
    store = open_store(write=True)
    with (
        enrichment(settings.enrich and not no_enrich) as enricher,
        progress_bar("Polling") as advance,
    ):
        report = poll_feeds(
            store,
            settings,
            enricher,
            due_only=not all_feeds,
            on_article=advance,
            hooks=ingest_hooks(),
        )
    if fmt is Format.json:
        emit_json(report.to_dict())
    elif not state.quiet:
        out.print(report.summary())
    problems = [Problem(f.url, "feed", f.error) for f in report.feeds if f.error]
    problems += [Problem(x.target, x.stage, x.reason) for x in report.ingest.failures]
    print_problems(problems, err, state.verbosity, label="Feed error")
    failed_feeds = sum(f.status == "error" for f in report.feeds)
    if report.feeds and failed_feeds == len(report.feeds):
        raise typer.Exit(EXIT_NOTHING_DONE)
    if problems:
        raise typer.Exit(EXIT_SOME_FAILED)
