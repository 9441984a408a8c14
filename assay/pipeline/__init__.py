"""Wires the stages: sources -> extract -> enrich -> store, then the after-save hooks.

- `compute.py`: extract, enrich, embed (plain functions over pages and articles)
- `commit.py`: save a batch in one transaction, then call the hooks
- `hooks.py`: after-save listeners (story clustering and embeddings today)
- `executors.py`: where enrichment runs (in-process, or a pool of spawned processes)
- `cluster.py`: extract and enrich on a Dask cluster (`assay ingest --scheduler`)
- `ingest.py`, `polling.py`, `reenrich.py`, `embedding.py`: the runs the CLI starts

Nothing heavy is imported here: models load when an executor or embedder is built.
"""

from assay.pipeline.embedding import embed_backlog
from assay.pipeline.hooks import AfterSave, Hooks, SavedBatch, default_hooks
from assay.pipeline.ingest import BATCH, Ingestor, analyze, ingest
from assay.pipeline.inputs import count_inputs
from assay.pipeline.polling import FeedOutcome, PollReport, poll_feeds
from assay.pipeline.reenrich import ReenrichPlan, ReenrichReport, plan_reenrich, reenrich
from assay.pipeline.report import Failure, IngestReport

__all__ = [
    "BATCH",
    "AfterSave",
    "Failure",
    "FeedOutcome",
    "Hooks",
    "IngestReport",
    "Ingestor",
    "PollReport",
    "ReenrichPlan",
    "ReenrichReport",
    "SavedBatch",
    "analyze",
    "count_inputs",
    "default_hooks",
    "embed_backlog",
    "ingest",
    "plan_reenrich",
    "poll_feeds",
    "reenrich",
]
