"""Finding articles: hybrid search and related stories."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from rich.table import Table
from rich.text import Text

from assay.cli.app import (
    Format,
    FormatOpt,
    app,
    emit_json,
    err,
    esc,
    open_store,
    out,
    state,
)
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
    fmt: FormatOpt = Format.table,
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
    if fmt is Format.json:
        emit_json([h.to_dict() for h in hits])
        return
    if not hits:
        err.print(f"No articles match {query!r}.", markup=False, highlight=False)
        return
    table = Table("id", "published", "title / snippet", "sources", show_lines=True)
    for hit in hits:
        cell = highlighted(hit.title, hit.title_spans, style="bold")
        cell.append("\n")
        cell.append_text(highlighted(hit.snippet, hit.snippet_spans))
        published = hit.published.date().isoformat() if hit.published else ""
        table.add_row(str(hit.id), published, cell, str(hit.sources))
    out.print(table)
    more = "exactly" if result.exact_total else "about"
    err.print(f"Page {result.page}: {len(hits)} of {more} {result.total} stories ({result.mode}).")


def highlighted(text: str, spans: Sequence[tuple[int, int]], style: str = "") -> Text:
    """`text` as it is, with the words at `spans` in bold yellow (no markup is parsed)."""
    rendered = Text(text, style=style)
    for start, end in spans:
        rendered.stylize("bold yellow", start, end)
    return rendered


@app.command()
def related(
    article_id: Annotated[int, typer.Argument(help="Article id (see 'assay articles list').")],
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="How many to show.")] = 5,
    fmt: FormatOpt = Format.table,
) -> None:
    """ "Read more": stories related to one article (never its own copies), with reasons.

    Example: assay related 12 --k 5
    """
    from assay.search import related as find_related

    store = open_store()
    rows = find_related(store, article_id, k=k, indexes=_index_cache(store))
    if fmt is Format.json:
        emit_json([r.to_dict() for r in rows])
        return
    if not rows:
        err.print(f"No related articles for {article_id}.")
        return
    table = Table("id", "published", "score", "title", "shared")
    for row in rows:
        table.add_row(
            str(row.id),
            row.published.date().isoformat() if row.published else "",
            f"{row.score:.3f}",
            esc(row.title),
            esc(", ".join(row.reasons)),
        )
    out.print(table)


def _stored_embedder(store: Any) -> Any:
    """The embedder whose vectors the store holds (fast preferred), or None to search text only."""
    try:
        from assay.enrich.embed import FAST_NAME, FULL_NAME, load_embedder
    except ImportError:
        return None
    models = store.embedding_models()
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


def _index_cache(store: Store) -> IndexCache:
    """Vector indexes for one command; large ones are read from the files beside the
    database (`assay embed reindex` rebuilds them)."""
    from assay.search.vectors import IndexCache

    return IndexCache(store.path)
