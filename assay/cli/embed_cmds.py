"""Embeddings: the backlog and building the fast model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assay.cli.app import (
    embed_app,
    err,
    open_store,
    out,
    progress_bar,
    state,
)
from assay.errors import UsageError


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
    store = open_store(write=True)
    with err.status("Loading the embedding model..."):
        embedder = load_embedder(settings, "full" if full else "fast")
    total = store.count_without_embedding(embedder.name)
    with progress_bar(f"Embedding ({embedder.name})", total) as advance:
        done = embed_backlog(store, embedder, batch, on_batch=advance)
    if not state.quiet:
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
    if not state.quiet:
        out.print(f"Built {FAST_NAME} in {path}")


@embed_app.command("reindex")
def embed_reindex(
    model: Annotated[
        str | None, typer.Option("--model", help="One model (default: every stored model).")
    ] = None,
) -> None:
    """Rebuild the HNSW vector index files kept beside the database, from the stored vectors.

    Search keeps them up to date by itself; rebuild after restoring a backup or if they
    were damaged. Example: assay embed reindex
    """
    from assay.search.persisted import open_index

    store = open_store()
    if store.path is None:
        raise UsageError(
            f"{store.location} keeps no index files (only SQLite stores do); nothing to rebuild."
        )
    with store.search_backend() as backend:
        models = [model] if model else backend.embedding_models()
        for name in models:
            with err.status(f"Building the {name} index..."):
                index = open_index(backend, store.path, name, rebuild=True)
            count = len(index) if index is not None else 0
            if not state.quiet:
                out.print(f"Indexed {count:,} {name} vector(s) beside {store.path}.")
