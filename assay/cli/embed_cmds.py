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
