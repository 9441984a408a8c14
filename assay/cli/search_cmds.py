"""Finding articles: hybrid search and related stories."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import typer
from rich.table import Table

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
from assay.errors import AssayError


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
        title = esc(hit["title_highlight"]).replace("«", "[bold yellow]").replace("»", "[/]")
        snippet = esc(hit["snippet"]).replace("«", "[bold yellow]").replace("»", "[/]")
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
            esc(row["title"]),
            esc(", ".join(row["reasons"])),
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
