"""What search needs from a store: a narrow protocol any database backend can implement.

Both stores implement it structurally, without importing this package:
`Store.search_backend()` yields a session over FTS5 (SQLite) or over tsvector and
pgvector (PostgreSQL). Everything crossing it is plain data: ids, scores, backend query
text from `compile.py`, datetimes, numpy arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Protocol, TypedDict

import numpy as np

Span = tuple[int, int]  # [start, end) character offsets of a highlighted word
# Title spans, snippet text, snippet spans.
Highlight = tuple[list[Span], str, list[Span]]


class FilterValues(Protocol):
    """Search filters as plain values (`assay.search.syntax.Filters` fits)."""

    @property
    def sectors(self) -> tuple[str, ...]: ...
    @property
    def entities(self) -> tuple[str, ...]: ...
    @property
    def fact_types(self) -> tuple[str, ...]: ...
    @property
    def since(self) -> datetime | None: ...
    @property
    def until(self) -> datetime | None: ...
    @property
    def languages(self) -> tuple[str, ...]: ...
    def __bool__(self) -> bool: ...


class ArticleMeta(TypedDict):
    title: str
    url: str | None
    published: datetime | None  # aware, UTC
    language: str | None
    cluster_id: int | None


class HitRow(ArticleMeta):
    source: str
    site_name: str | None
    summary: str
    head: str  # the first characters of the text, for a snippet when no word matched
    sources: int  # articles in the story cluster (1 without one)


class Neighbours(Protocol):
    """k-nearest-neighbour search over one model's vectors (`vectors.VectorIndex` fits)."""

    dim: int

    def __len__(self) -> int: ...

    def search(
        self, query: np.ndarray, k: int, allowed_ids: set[int] | None = None
    ) -> list[tuple[int, float]]:
        """The k most similar ids with cosine scores, best first, only from `allowed_ids`."""

    def vector(self, article_id: int) -> np.ndarray | None:
        """The stored vector of one id, or None."""


class SearchBackend(Protocol):
    """One read session (a consistent snapshot) over a store's articles."""

    @property
    def dialect(self) -> str:
        """The full-text syntax to compile queries into: "sqlite" or "postgresql"."""

    def text_candidates(
        self,
        match: str,
        filters: FilterValues,
        limit: int,
        newest_first: bool = False,
        counted: bool = True,
    ) -> tuple[list[tuple[int, float]], int]:
        """Up to `limit` (id, score) matching `match` and `filters`, best (or newest) first,
        score higher is better; and how many match in all (with `counted` False, a caller
        that ignores it: a backend may then return any number there)."""

    def filter_candidates(
        self, filters: FilterValues, exclude: str | None, limit: int
    ) -> tuple[list[int], int]:
        """Up to `limit` ids passing `filters` and not matching `exclude`, newest first
        (undated last); and how many pass in all."""

    def matching(self, match: str, ids: Sequence[int]) -> set[int]:
        """Which of `ids` match the full-text expression `match`."""

    def passing(self, filters: FilterValues, ids: Sequence[int] | None = None) -> set[int]:
        """Which of `ids` (every article when None) pass `filters`."""

    def clusters_of(self, ids: Sequence[int]) -> dict[int, int | None]:
        """The story cluster of each id (None when it has none)."""

    def published_of(self, ids: Sequence[int]) -> dict[int, datetime | None]:
        """The publication time of each id."""

    def hit_rows(self, ids: Sequence[int], head_chars: int) -> dict[int, HitRow]:
        """What a search hit shows, for each id that still exists."""

    def highlights(
        self, ids: Sequence[int], match: str, snippet_tokens: int
    ) -> dict[int, Highlight]:
        """Title spans and a text snippet with spans of the words `match` found, per id it
        matches (the snippet is empty when only the title matched)."""

    def embedding_models(self) -> list[str]:
        """Embedding models with stored vectors, most vectors first."""

    def embeddings_version(self, model: str) -> tuple[int, int]:
        """A cheap value that changes whenever `model`'s stored vectors change."""

    def embeddings_snapshot(self, model: str) -> tuple[tuple[int, int], np.ndarray, np.ndarray]:
        """(version, int64 ids, float32 matrix) of every stored `model` vector."""

    def vector_index(self, model: str) -> Neighbours | None:
        """The database's own k-NN index over `model`'s vectors (pgvector's HNSW), valid
        for this session; None when search loads the vectors itself (`IndexCache`)."""


class RelatedBackend(SearchBackend, Protocol):
    """What "read more" scoring needs besides search."""

    def article_text(self, article_id: int) -> tuple[int | None, datetime | None, str, str] | None:
        """(cluster id, published, title, text) of one article; None if it does not exist."""

    def cluster_members(self, cluster_id: int) -> set[int]:
        """Every article id in a story cluster."""

    def article_count(self) -> int:
        """How many articles the store holds."""

    def entities_of(self, ids: Sequence[int]) -> dict[int, dict[int, str]]:
        """Entity id -> name of every entity each article mentions."""

    def doc_freqs(self, entity_ids: Sequence[int]) -> dict[int, int]:
        """How many articles mention each entity."""

    def mentioning(self, entity_id: int, excluded: set[int], limit: int) -> list[int]:
        """Up to `limit` articles mentioning an entity, newest id first, none of `excluded`."""

    def fact_parties(self, ids: Sequence[int]) -> dict[int, set[int]]:
        """Entity ids taking part in each article's facts."""

    def article_meta(self, ids: Sequence[int]) -> dict[int, ArticleMeta]:
        """Title, url, published, language and cluster of each id."""

    def score_of(self, match: str, article_id: int) -> float | None:
        """The full-text score of one article for `match` (None if it does not match)."""


class SearchSource(Protocol):
    """A store that can open search sessions (`assay.store.Store` fits)."""

    def search_backend(self) -> AbstractContextManager[RelatedBackend]: ...
