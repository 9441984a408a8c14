"""Finding articles: hybrid search and related stories."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from assay.cli.app import (
    ListFormatOpt,
    app,
    err,
    esc,
    note,
    open_store,
    out,
    state,
)
from assay.cli.output import ListFormat, emit_listing, safe_text
from assay.errors import AssayError, QueryError

if TYPE_CHECKING:
    from assay.search.vectors import IndexCache
    from assay.store import Store


class SortBy(StrEnum):
    relevance = "relevance"
    date = "date"


@app.command()
def search(
    query: Annotated[
        str,
        typer.Argument(
            help='Words, "phrases", -excluded, a b OR c d, (groups), prefix*, and operators: '
            "sector:SLUG, entity:TYPE:ID, country:ISO3, type:FACT, since:DATE, until:DATE, "
            "lang:xx."
        ),
    ],
    limit: Annotated[int, typer.Option(min=1, max=500, help="Results per page.")] = 20,
    page: Annotated[int, typer.Option(min=1, help="Page number.")] = 1,
    sort: Annotated[
        SortBy, typer.Option("--sort", help="relevance (fused rank) or date (newest first).")
    ] = SortBy.relevance,
    no_vector: Annotated[
        bool, typer.Option("--no-vector", help="Full text only; skip the embedding side.")
    ] = False,
    fmt: ListFormatOpt = ListFormat.table,
) -> None:
    """Hybrid search (BM25 + embeddings), best first, one hit per story, with snippets.

    Example: assay search '"rare earth" refinery -coal country:USA since:2025-01-01'
    """
    from assay.search import search as run_search
    from assay.search.engine import MAX_RESULTS

    if (page - 1) * limit + limit > MAX_RESULTS:
        raise QueryError(
            f"--page {page} is past the last page ({MAX_RESULTS // limit} at --limit {limit}); "
            "narrow the query with more words or filters."
        )
    store = open_store()
    embedder = None if no_vector else _stored_embedder(store)
    result = run_search(
        store,
        query,
        embedder=embedder,
        indexes=_index_cache(store) if embedder is not None else None,
        limit=limit,
        offset=(page - 1) * limit,
        sort="date" if sort is SortBy.date else "relevance",
    )
    hits = result.hits
    if not hits and fmt is ListFormat.table:
        note(f"No articles match {query!r}.")
        return
    emit_listing(hits, fmt, hit_table, out)
    more = "exactly" if result.exact_total else "at least" if result.total_at_least else "about"
    note(f"Page {result.page}: {len(hits)} of {more} {result.total} stories ({result.mode}).")


def hit_table(hits: list[Any]) -> Table:
    table = Table("id", "published", "title / snippet", "sources", show_lines=True)
    for hit in hits:
        cell = highlighted(hit.title, hit.title_spans, style="bold")
        cell.append("\n")
        cell.append_text(highlighted(hit.snippet, hit.snippet_spans))
        published = hit.published.date().isoformat() if hit.published else ""
        table.add_row(str(hit.id), published, cell, str(hit.sources))
    return table


def highlighted(text: str, spans: Sequence[tuple[int, int]], style: str = "") -> Text:
    """`text` as it is, with the words at `spans` in bold yellow (no markup is parsed)."""
    rendered = Text(safe_text(text), style=style)  # one character for one: spans still fit
    for start, end in spans:
        rendered.stylize("bold yellow", start, end)
    return rendered


@app.command()
def related(
    article_id: Annotated[int, typer.Argument(help="Article id (see 'assay articles list').")],
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="How many to show.")] = 5,
    fmt: ListFormatOpt = ListFormat.table,
) -> None:
    """ "Read more": stories related to one article (never its own copies), with reasons.

    Example: assay related 12 --k 5
    """
    from assay.search import related as find_related

    store = open_store()
    rows = find_related(store, article_id, k=k, indexes=_index_cache(store))
    if not rows and fmt is ListFormat.table:
        note(f"No related articles for {article_id}.")
        return
    emit_listing(rows, fmt, related_table, out)


def related_table(rows: list[Any]) -> Table:
    table = Table("id", "published", "score", "title", "shared")
    for row in rows:
        table.add_row(
            str(row.id),
            row.published.date().isoformat() if row.published else "",
            f"{row.score:.3f}",
            esc(row.title),
            esc(", ".join(row.reasons)),
        )
    return table


def _stored_embedder(store: Any) -> Any:
    """The embedder whose vectors the store holds (fast preferred), or None to search text only."""
    try:
        from assay.enrich.embed import stored_embedder
    except ImportError:
        return None
    try:
        return stored_embedder(state.settings, store.embedding_models())
    except AssayError as exc:
        err.print(f"Searching text only: {exc}")
        return None


def _index_cache(store: Store) -> IndexCache:
    """Vector indexes for one command; large ones are read from the files beside the
    database (`assay embed reindex` rebuilds them)."""
    from assay.search.vectors import IndexCache

    return IndexCache(store.path)
