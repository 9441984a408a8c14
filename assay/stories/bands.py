"""Rebuilding the near-duplicate band keys after `dedupe_threshold` changes.

The LSH band layout (how many bands of how many rows) follows from the threshold, so keys
written at one threshold find nothing at another. The stored signatures do not depend on
it: the keys are recomputed from them, without re-reading any text, and existing story
clusters are kept as they are (only new articles are matched against the new keys).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from assay.stories.minhash import band_keys, hashvalues, lsh_params

# Signatures read and keys written per round trip.
CHUNK = 5_000


class BandTables(Protocol):
    """What a rebuild needs of the store (`assay.store.clusters.StoryTables` fits)."""

    def minhash_rows(self, after_id: int, limit: int) -> list[tuple[int, bytes]]: ...
    def clear_bands(self) -> None: ...
    def add_bands(self, rows: Sequence[tuple[int, int, int]]) -> None: ...


class BandBackend(Protocol):
    """A store that opens its story tables in one write transaction."""

    def story_index(self) -> AbstractContextManager[BandTables]: ...


def rebuild_band_keys(
    backend: BandBackend, threshold: float, on_chunk: Callable[[int], None] | None = None
) -> tuple[int, int]:
    """Replace every band key with keys at `threshold`, in one transaction;
    returns (articles, bands per article)."""
    bands, _ = lsh_params(threshold)
    done = 0
    with backend.story_index() as tables:
        tables.clear_bands()
        after = 0
        while rows := tables.minhash_rows(after, CHUNK):
            keys = [
                (article_id, band, key)
                for article_id, signature in rows
                for band, key in band_keys(hashvalues(signature), threshold)
            ]
            tables.add_bands(keys)
            after = rows[-1][0]
            done += len(rows)
            if on_chunk:
                on_chunk(len(rows))
    return done, bands
