"""The `assay` command line: the only module that prints or exits.

Listing commands take `--format json` and then print JSON on stdout; progress bars and
messages go to stderr, so output can be piped into other tools.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table
from typer.core import TyperGroup

from assay.errors import AssayError, InputError
from assay.settings import Settings, describe_settings, load_settings


class AssayGroup(TyperGroup):
    """Turns AssayError into one 'Error: ...' line on stderr and exit 1 (unless --debug)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except AssayError as exc:
            if state.debug:
                raise
            err.print(f"Error: {exc}", markup=False, highlight=False)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err.print("Interrupted; everything saved before this point is kept.")
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=AssayGroup,
    help="assay: structured intelligence from industry news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
feeds_app = typer.Typer(
    help="Manage and poll RSS/Atom feeds and news sitemaps.", no_args_is_help=True
)
articles_app = typer.Typer(help="List and show stored articles.", no_args_is_help=True)
app.add_typer(feeds_app, name="feeds")
app.add_typer(articles_app, name="articles")
embed_app = typer.Typer(
    help="Compute article embeddings (for semantic search and related stories).",
    invoke_without_command=True,
)
app.add_typer(embed_app, name="embed")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class Format(StrEnum):
    table = "table"
    json = "json"


class AnalyzeFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


class State:
    """Global options, turned into Settings once at the edge."""

    def __init__(self) -> None:
        self.overrides: dict[str, Any] = {}
        self.debug = False
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(**self.overrides)
        return self._settings


state = State()


@app.callback()
def main(
    db: Annotated[
        Path | None, typer.Option("--db", help="SQLite database file (default: user data dir).")
    ] = None,
    allow_private: Annotated[
        bool | None,
        typer.Option("--allow-private", help="Allow fetching private/loopback addresses."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """assay turns news into sectors, linked entities and typed facts you can query."""
    state.overrides = {"db": db, "allow_private": allow_private or None}
    state.debug = debug
    state._settings = None


def open_store() -> Any:
    from assay.store import Store

    return Store.open(state.settings)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=_json_default, ensure_ascii=False) + "\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


@contextmanager
def progress_bar(description: str, total: int | None = None) -> Iterator[Any]:
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task(description, total=total)
        yield lambda: progress.advance(task)


@contextmanager
def enrichment(wanted: bool) -> Iterator[Any]:
    """The Enricher (models loaded once) if `wanted`, else None; its workers stop on exit."""
    if not wanted:
        yield None
        return
    from assay.enrich import Enricher

    with err.status("Loading models..."):
        enricher = Enricher(state.settings)
    try:
        yield enricher
    finally:
        enricher.close()


def _parse_date(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option} is '{value}'; expected a date like 2024-01-31.") from None


# --------------------------------------------------------------------------- commands


@app.command()
def init() -> None:
    """Create the database (or migrate it to the current schema).

    Example: assay --db news.db init
    """
    store = open_store()
    err.print(f"Database ready at {store.location}")


@app.command()
def ingest(
    targets: Annotated[
        list[str], typer.Argument(help="Files, directories, URLs, or - for standard input.")
    ],
    no_enrich: Annotated[
        bool, typer.Option("--no-enrich", help="Store text only; skip sectors/entities/facts.")
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Extract, enrich and store articles from files, directories, URLs or stdin.

    Example: assay ingest samples/ https://example.com/news/story.html
    """
    from assay.pipeline import ingest as run_ingest

    settings = state.settings
    store = open_store()
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
        err.print(f"[red]Failed[/red] {failure.target} ({failure.stage}): {failure.reason}")
    if report.failures:
        raise typer.Exit(1)


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
            sys.stdout.write(json.dumps(rec, ensure_ascii=False, default=_json_default) + "\n")
    else:
        emit_json(records)
    for failure in failures:
        err.print(f"Error: {failure.target} ({failure.stage}): {failure.reason}")
    if failures:
        raise typer.Exit(1)


@app.command()
def search(
    query: Annotated[
        str,
        typer.Argument(
            help='Words, "phrases", -excluded, a OR b, prefix*, and operators: sector:SLUG, '
            "entity:TYPE:ID, country:ISO3, type:FACT, since:DATE, until:DATE, lang:xx."
        ),
    ],
    limit: Annotated[int, typer.Option(min=1, max=500, help="Results per page.")] = 20,
    page: Annotated[int, typer.Option(min=1, help="Page number.")] = 1,
    no_vector: Annotated[
        bool, typer.Option("--no-vector", help="Full text only; skip the embedding side.")
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Hybrid search (BM25 + embeddings), best first, one hit per story, with snippets.

    Example: assay search '"rare earth" refinery -coal country:USA since:2025-01-01'
    """
    from assay.store.search import search as run_search

    store = open_store()
    embedder = None if no_vector else _stored_embedder(store)
    result = run_search(store, query, embedder=embedder, limit=limit, offset=(page - 1) * limit)
    hits = result.hits
    if fmt is Format.json:
        emit_json(hits)
        return
    if not hits:
        err.print(f"No articles match {query!r}.")
        return
    table = Table("id", "published", "title / snippet", "sources", show_lines=True)
    for hit in hits:
        title = _esc(hit["title_highlight"]).replace("«", "[bold yellow]").replace("»", "[/]")
        snippet = _esc(hit["snippet"]).replace("«", "[bold yellow]").replace("»", "[/]")
        published = (hit.get("published") or "")[:10]
        table.add_row(str(hit["id"]), published, f"[bold]{title}[/bold]\n{snippet}",
                      str(hit["sources"]))  # fmt: skip
    out.print(table)
    more = "exactly" if result.exact_total else "about"
    err.print(f"Page {result.page}: {len(hits)} of {more} {result.total} stories ({result.mode}).")


@app.command()
def related(
    article_id: Annotated[int, typer.Argument(help="Article id (see 'assay articles list').")],
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="How many to show.")] = 5,
    fmt: FormatOpt = Format.table,
) -> None:
    """ "Read more": stories related to one article (never its own copies), with reasons.

    Example: assay related 12 --k 5
    """
    from assay.store.related import related as find_related

    rows = find_related(open_store(), article_id, k=k)
    if fmt is Format.json:
        emit_json(rows)
        return
    if not rows:
        err.print(f"No related articles for {article_id}.")
        return
    table = Table("id", "published", "score", "title", "shared")
    for row in rows:
        table.add_row(
            str(row["id"]),
            (row.get("published") or "")[:10],
            f"{row['score']:.3f}",
            _esc(row["title"]),
            _esc(", ".join(row["reasons"])),
        )
    out.print(table)


def _stored_embedder(store: Any) -> Any:
    """The embedder whose vectors the store holds (fast preferred), or None to search text only."""
    from assay.store.vectors import stored_models

    try:
        from assay.enrich.embed import FAST_NAME, FULL_NAME, load_embedder
    except ImportError:
        return None
    with store.reading() as conn:
        models = stored_models(conn)
    kinds: tuple[tuple[str, Literal["fast", "full"]], ...] = (
        (FAST_NAME, "fast"),
        (FULL_NAME, "full"),
    )
    for name, kind in kinds:
        if name in models:
            try:
                return load_embedder(state.settings, kind)
            except AssayError as exc:
                err.print(f"Searching text only: {exc}")
                return None
    return None


def _esc(text: str | None) -> str:
    return (text or "").replace("[", "\\[")


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
        raise InputError(f"Unknown sector '{sector}'. Choose one of: {', '.join(SECTORS)}.")
    rows = open_store().list_articles(
        limit=limit, sector=sector, since=_parse_date(since, "--since")
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
        table.add_row(str(row["id"]), pub_s, row.get("language") or "", sectors, _esc(row["title"]))
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
    out.print(f"[bold]{_esc(art['title'])}[/bold]")
    out.print(f"{art.get('url') or art.get('source')}  ·  {art.get('published') or 'undated'}")
    sectors = ", ".join(f"{s['slug']} ({s['score']:.2f})" for s in art.get("sectors", []))
    out.print(f"Sectors: {sectors or '-'}")
    if art.get("summary"):
        out.print(f"\n{_esc(art['summary'])}\n")
    if art.get("entities"):
        table = Table("type", "entity", "key", "mentions", title="Entities")
        for ent in art["entities"]:
            table.add_row(ent["type"], _esc(ent["name"]), ent["key"], str(len(ent["mentions"])))
        out.print(table)
    if art.get("facts"):
        table = Table("type", "fields", "sentence", title="Facts", show_lines=True)
        for fact in art["facts"]:
            table.add_row(fact["type"], _esc(_fact_line(fact["fields"])), _esc(fact["sentence"]))
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
        raise InputError(
            f"Unknown fact type '{fact_type}'. Choose one of: {', '.join(FACT_TYPES)}."
        )
    rows = open_store().query_facts(
        fact_type,
        entity_key=entity,
        since=_parse_date(since, "--since"),
        until=_parse_date(until, "--until"),
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
            _esc(_fact_line(row["fields"])),
            _esc(row["sentence"]),
        )
    out.print(table)


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
        table.add_row(row["name"], _esc(str(row["value"])), row["origin"], row["help"] or "")
    out.print(table)


# --------------------------------------------------------------------------- feeds


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
    feed = open_store().add_feed(url, kind="sitemap" if sitemap else "feed")
    err.print(f"Feed {feed['id']}: {url}")


@feeds_app.command("list")
def feeds_list(fmt: FormatOpt = Format.table) -> None:
    """List feeds with their state: last poll, next poll, last error."""
    rows = open_store().list_feeds()
    if fmt is Format.json:
        emit_json(rows)
        return
    table = Table("id", "kind", "url", "entries", "last polled", "next poll", "last error")
    for row in rows:
        table.add_row(
            str(row["id"]),
            row["kind"],
            _esc(row["url"]),
            str(row.get("entries_seen", 0)),
            str(row.get("last_polled_at") or "never")[:19],
            str(row.get("next_poll_at") or "now")[:19],
            _esc(row.get("last_error") or ""),
        )
    out.print(table)


@feeds_app.command("remove")
def feeds_remove(feed: Annotated[str, typer.Argument(help="Feed id or URL.")]) -> None:
    """Stop polling a feed (its articles stay)."""
    open_store().remove_feed(int(feed) if feed.isdigit() else feed)
    err.print(f"Removed feed {feed}.")


@feeds_app.command("poll")
def feeds_poll(
    all_feeds: Annotated[
        bool, typer.Option("--all", help="Poll every feed now, not only those due.")
    ] = False,
    no_enrich: Annotated[bool, typer.Option("--no-enrich", help="Skip enrichment.")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Poll due feeds concurrently and ingest entries not seen before.

    Example: assay feeds poll --all
    """
    from assay.polling import poll_feeds

    settings = state.settings
    store = open_store()
    with (
        enrichment(settings.enrich and not no_enrich) as enricher,
        progress_bar("Polling") as advance,
    ):
        report = poll_feeds(store, settings, enricher, due_only=not all_feeds, on_article=advance)
    if fmt is Format.json:
        emit_json(report.to_dict())
    else:
        out.print(report.summary())
    for line in report.errors():
        err.print(f"[red]Feed error[/red] {line}")


@embed_app.callback()
def embed(
    ctx: typer.Context,
    full: Annotated[
        bool, typer.Option("--full", help="Use the full MiniLM transformer (slow, needs torch).")
    ] = False,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Articles per batch.")] = 256,
) -> None:
    """Embed every stored article that has no vector yet; prints how many were embedded.

    Example: assay embed        (fast static model; build it once with `assay embed build-model`)
    """
    if ctx.invoked_subcommand is not None:
        return
    from assay.enrich.embed import load_embedder
    from assay.pipeline import embed_backlog

    settings = state.settings
    store = open_store()
    with err.status("Loading the embedding model..."):
        embedder = load_embedder(settings, "full" if full else "fast")
    total = store.count_without_embedding(embedder.name)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task(f"Embedding ({embedder.name})", total=total)
        done = embed_backlog(store, embedder, batch, on_batch=lambda n: progress.advance(task, n))
    out.print(f"Embedded {done} article(s) with {embedder.name}.")


@embed_app.command("build-model")
def embed_build_model(
    target: Annotated[
        Path | None, typer.Option("--to", help="Folder to write (default: the model_dir setting).")
    ] = None,
) -> None:
    """Distil the fast static embedding model from the installed MiniLM (about a minute).

    Example: assay embed build-model
    """
    from assay.enrich.embed import FAST_NAME, build_fast_model, fast_model_path

    path = target or fast_model_path(state.settings)
    with err.status(f"Building {FAST_NAME}..."):
        build_fast_model(path)
    out.print(f"Built {FAST_NAME} in {path}")


# --------------------------------------------------------------------------- entry point


def cli() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    cli()
