"""The Typer app, its global options and the helpers every command uses.

Listing commands take `--format table|json|jsonl|csv` and print data on stdout; progress
bars and messages go to stderr, so output can be piped into other tools. `-q` silences
messages (errors still print), `-v` lists every failure.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.text import Text
from typer.core import TyperGroup, TyperOption

from assay.cli.output import ListFormat, SafeConsole, plain
from assay.cli.output import emit_json as emit_json
from assay.errors import AssayError, UsageError
from assay.settings import Settings, load_settings

out = SafeConsole()
err = SafeConsole(stderr=True)


def _plain_flags(params: list[Any]) -> None:
    # Typer shows a "<bool>" type beside flags that take no value; an empty metavar hides it.
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""


class AssayGroup(TyperGroup):
    """Turns AssayError into one 'Error: ...' line on stderr and its exit code (unless --debug)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except AssayError as exc:
            if state.debug:
                raise
            err.print(f"Error: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err.print("Interrupted; everything saved before this point is kept.")
            raise typer.Exit(130) from None
        finally:
            state.close_stores()

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        _plain_flags(params)
        return params

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _plain_flags(command.get_params(ctx))
        return command


class DefaultGroup(AssayGroup):
    """A group whose first command runs when the arguments name no other command:
    `assay entities opec` is `assay entities search opec`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        names = list(self.commands)
        help_names = set(ctx.help_option_names)
        if names and not (args and (args[0] in self.commands or args[0] in help_names)):
            args = [names[0], *args]
        return list(super().parse_args(ctx, args))


app = typer.Typer(
    cls=AssayGroup,
    help="assay: structured intelligence from industry news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
feeds_app = typer.Typer(
    cls=AssayGroup, help="Manage and poll RSS/Atom feeds and news sitemaps.", no_args_is_help=True
)
articles_app = typer.Typer(
    cls=AssayGroup, help="List and show stored articles.", no_args_is_help=True
)
app.add_typer(feeds_app, name="feeds")
app.add_typer(articles_app, name="articles")
embed_app = typer.Typer(
    cls=AssayGroup,
    help="Compute article embeddings (for semantic search and related stories).",
    invoke_without_command=True,
)
app.add_typer(embed_app, name="embed")


class Format(StrEnum):
    """Output of commands that print one report or record: a table or text, or JSON."""

    table = "table"
    json = "json"


class AnalyzeFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
ListFormatOpt = Annotated[
    ListFormat,
    typer.Option("--format", "-f", help="table, or json (one array), jsonl or csv for programs."),
]


class State:
    """Global options, turned into Settings once at the edge."""

    def __init__(self) -> None:
        self.overrides: dict[str, Any] = {}
        self.debug = False
        self.verbosity = 0  # -1 quiet, 0 normal, 1 verbose
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

    @property
    def quiet(self) -> bool:
        return self.verbosity < 0


state = State()


def _show_version(value: bool) -> None:
    if value:
        import assay

        out.print(f"assay {assay.__version__}")
        raise typer.Exit(0)


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
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only data and errors: no progress.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every failure, not a summary.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """assay turns news into sectors, linked entities and typed facts you can query.

    Exit codes: 0 done, 1 some inputs failed, 2 usage error, 3 nothing done.
    """
    if quiet and verbose:
        raise UsageError("--quiet and --verbose contradict each other; pass one.")
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
    state.verbosity = -1 if quiet else 1 if verbose else 0
    state._settings = None


def open_store(*, create: bool = False, write: bool = False) -> Any:
    """The store of `--db`, closed when the command ends. Only commands that store things
    (`create`) make a new SQLite file; the others refuse a path where there is no database."""
    from assay.store import Store

    store = Store.open(state.settings, create=create, write=write)
    state.stores.append(store)
    return store


def note(message: str | Text) -> None:
    """A message for people on stderr (not with -q)."""
    if not state.quiet:
        err.print(message)


@contextmanager
def progress_bar(description: str, total: int | None = None) -> Iterator[Callable[..., None]]:
    """A Rich progress bar on stderr (hidden when not a terminal, and with -q); yields
    `advance(n=1)`."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=state.quiet or not err.is_terminal,
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

    with err.status("Loading models...") if not state.quiet else _nothing():
        executor = make_executor(state.settings, registry)
    try:
        yield executor
    finally:
        executor.close()


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def ingest_hooks() -> Any:
    """The after-save hooks of an ingest: cluster, embed, then record alert matches (they
    are sent by `assay alerts send` or `assay run`)."""
    from assay.deliver.alerts import AlertMatcher
    from assay.pipeline import default_hooks

    hooks = default_hooks(state.settings)
    hooks.add(AlertMatcher())
    return hooks


def parse_date(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} is '{value}'; expected a date like 2024-01-31.") from None


def esc(text: str | None, style: str = "") -> Text:
    """Text from an article, a feed or a failure, shown exactly as it is (never as markup,
    control characters replaced)."""
    return plain(text, style)
