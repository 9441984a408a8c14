"""Stories: near-duplicate clusters (MinHash) and developing stories, with no SQL.

`cluster_pending(store, params)` runs the rules over a store's `StoryIndex`; the store
keeps only the statements (`assay/store/clusters.py`).
"""

from assay.stories.clusters import (
    ClusterReport,
    DedupeParams,
    StoryBackend,
    StoryIndex,
    assign_pending,
    cluster_pending,
)

__all__ = [
    "ClusterReport",
    "DedupeParams",
    "StoryBackend",
    "StoryIndex",
    "assign_pending",
    "cluster_pending",
]
