"""Embeddings and story clusters, as `Store` methods."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import Connection

from assay.errors import NotFound
from assay.records import StoryCluster
from assay.store import clusters
from assay.store import embeddings as embedq
from assay.store.core import StoreCore

if TYPE_CHECKING:
    import numpy as np

T = TypeVar("T")


class StoryVectors(StoreCore):
    """Embeddings and story clusters, as `Store` methods."""

    def save_embeddings(
        self, model: str, ids: list[int], vectors: np.ndarray, *, index: bool = True
    ) -> int:
        """Store one float32 vector per article id for `model` (replacing any); returns count.

        On PostgreSQL the first save of a model creates its HNSW index, which every later
        save then updates. A bulk load is faster with `index=False` and one
        `index_vectors()` at the end.
        """
        return self.write(
            lambda conn: embedq.save_embeddings(conn, model, ids, vectors, index=index)
        )

    def index_vectors(self) -> None:
        """Build the k-NN index of every stored model that lacks one (PostgreSQL: HNSW;
        SQLite keeps none in the database)."""
        with self.reading() as conn:
            pairs = embedq.vector_pairs(conn)
        self.write(lambda conn: self.backend.index_vectors(conn, pairs))

    def load_embeddings(self, model: str) -> tuple[np.ndarray, np.ndarray]:
        """(int64 article ids, float32 matrix) of every `model` vector, by article id."""
        with self.reading() as conn:
            return embedq.load_embeddings(conn, model)

    def embedding_models(self) -> list[str]:
        """Embedding models with stored vectors, most vectors first."""
        with self.reading() as conn:
            return embedq.stored_models(conn)

    def articles_without_embedding(
        self, model: str, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Articles (id, title, text) that have no `model` vector yet, oldest first."""
        with self.reading() as conn:
            return embedq.articles_without_embedding(conn, model, limit)

    def count_without_embedding(self, model: str) -> int:
        """How many articles have no `model` vector yet."""
        with self.reading() as conn:
            return embedq.count_without_embedding(conn, model)

    @contextmanager
    def story_index(self) -> Iterator[clusters.StoryTables]:
        """The band keys and clusters, for `assay.stories.cluster_pending`, in one transaction.

        One clustering pass at a time: on PostgreSQL a second waits on a lock, as on SQLite
        it waits for the write lock, and then sees what the first assigned.
        """
        with self.transaction() as conn:
            self.backend.lock(conn, "assay:stories")
            yield clusters.StoryTables(conn)

    def with_story_index(self, work: Callable[[clusters.StoryTables], T]) -> T:
        """Run `work` on the band keys and clusters in one write transaction, one pass at a
        time (as `story_index`); from the start again if it lost a deadlock (PostgreSQL),
        so that a clustering pass never fails because another writer crossed it."""

        def run(conn: Connection) -> T:
            self.backend.lock(conn, "assay:stories")
            return work(clusters.StoryTables(conn))

        return self.write(run)

    def cluster(self, article_id: int) -> StoryCluster:
        """The story cluster of an article: id, size, representative, members with url/source."""
        with self.reading() as conn:
            found = clusters.cluster_of(conn, article_id)
        if found is None:
            raise NotFound(f"No article with id {article_id}.")
        return cast(StoryCluster, found)

    def story(self, cluster_id: int) -> StoryCluster:
        """A story cluster with its members (copies), earliest first; NotFound if absent."""
        with self.reading() as conn:
            found = clusters.cluster_by_id(conn, cluster_id)
        if found is None:
            raise NotFound(f"No story cluster with id {cluster_id}.")
        return cast(StoryCluster, found)

    def story_sources(self, cluster_id: int) -> list[dict[str, Any]]:
        """Every source that carried one story (cluster), earliest first."""
        with self.reading() as conn:
            if clusters.cluster_by_id(conn, cluster_id) is None:
                raise NotFound(f"No story cluster with id {cluster_id}.")
            return clusters.story_sources(conn, cluster_id)

    def developing_story(self, story_id: int) -> list[dict[str, Any]]:
        """The clusters of one developing story (same event over days), oldest first."""
        with self.reading() as conn:
            ids = clusters.developing_clusters(conn, story_id)
            return [c for c in (clusters.cluster_by_id(conn, i) for i in ids) if c is not None]
