"""The Typer app, its global options and the helpers every command uses.

Listing commands take `--format json` and then print JSON on stdout; progress bars and
messages go to stderr, so output can be piped into other tools.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.text import Text
from typer.core import TyperGroup

from assay.errors import AssayError, UsageError
from assay.settings import Settings, load_settings


class AssayGroup(TyperGroup):
    """Turns AssayError into one 'Error: ...' line on stderr and its exit code (unless --debug)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except AssayError as exc:
            if state.debug:
                raise
            err.print(f"Error: {exc}", markup=False, highlight=False)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err.print("Interrupted; everything saved before this point is kept.")
            raise typer.Exit(130) from None
        finally:
            state.close_stores()


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
        self.stores: list[Any] = []  # opened by this command, closed when it ends

    def close_stores(self) -> None:
        while self.stores:
            self.stores.pop().close()

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(**self.overrides)
        return self._settings


state = State()


@app.callback()
def main(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="SQLite database file (default: user data dir), or a database URL such as "
            "postgresql://user@host/assay.",
        ),
    ] = None,
    allow_private: Annotated[
        bool | None,
        typer.Option("--allow-private", help="Allow fetching private/loopback addresses."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """assay turns news into sectors, linked entities and typed facts you can query."""
    # The PostgreSQL driver logs warnings that repeat an error assay reports on one line.
    driver_log = logging.getLogger("psycopg")
    if not driver_log.handlers:
        driver_log.addHandler(logging.NullHandler())
    # A URL selects any store; a path is a SQLite file and overrides ASSAY_DATABASE_URL.
    is_url = db is not None and "://" in db
    state.overrides = {
        "db": Path(db) if db is not None and not is_url else None,
        "database_url": db if is_url else ("" if db is not None else None),
        "allow_private": allow_private or None,
    }
    state.debug = debug
    state._settings = None


def open_store() -> Any:
    """The store of `--db` / settings, closed when the command ends."""
    from assay.store import Store

    store = Store.open(state.settings)
    state.stores.append(store)
    return store


def emit_json(data: Any) -> None:
    """Print `data` as indented JSON through the one serializer (`assay.serialize`)."""
    from assay.serialize import dumps

    sys.stdout.write(dumps(data, indent=2) + "\n")


def json_default(value: Any) -> Any:
    """`json.dumps(default=...)` hook: the serializer's conversion of one value."""
    from assay.serialize import to_jsonable

    return to_jsonable(value)


@contextmanager
def progress_bar(description: str, total: int | None = None) -> Iterator[Any]:
    """A Rich progress bar on stderr (hidden when not a terminal); yields `advance(n=1)`."""
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
        yield lambda n=1: progress.advance(task, n)


@contextmanager
def enrichment(wanted: bool, registry: Any = None) -> Iterator[Any]:
    """The enrichment executor (models loaded once) if `wanted`, else None; its worker
    processes stop on exit."""
    if not wanted:
        yield None
        return
    from assay.pipeline.executors import make_executor

    with err.status("Loading models..."):
        executor = make_executor(state.settings, registry)
    try:
        yield executor
    finally:
        executor.close()


def parse_date(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} is '{value}'; expected a date like 2024-01-31.") from None


def esc(text: str | None, style: str = "") -> Text:
    """Text from an article, a feed or a failure, shown exactly as it is (never as markup)."""
    return Text(text or "", style=style)
