"""`Store`: the one object the rest of assay uses to read and write the database."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import DBAPIError

from assay.errors import NotFound, StoreError
from assay.models import Article
from assay.records import (
    ArticleDetail,
    ArticleRow,
    EntityProfile,
    FactRecord,
    FailureRecord,
    StoreStats,
)
from assay.settings import Settings
from assay.store import articles as writes
from assay.store import clusters, queries
from assay.store import embeddings as embedq
from assay.store import enrichment as enrichq
from assay.store import feeds as feedq
from assay.store.articles import SaveResult
from assay.store.backends import Backend, backend_of, first_line
from assay.store.convert import now_utc, to_utc
from assay.store.engine import create_store_engine, normalize_url, sqlite_path
from assay.store.feeds import FeedRow
from assay.store.migrate import upgrade
from assay.store.schema import articles as articles_table
from assay.store.schema import failures, feed_entries
from assay.store.search_sql import SearchSession

if TYPE_CHECKING:
    import numpy as np

T = TypeVar("T")
# A write that lost a deadlock or serialisation race (PostgreSQL) runs again this often.
WRITE_ATTEMPTS = 5


class Store:
    """Articles, enrichment, feeds and failures in one SQL database: SQLite by default,
    PostgreSQL (with pgvector) when several workers or users share one store.

    Open with `Store.open(settings)`, which migrates the schema to the newest revision.
    Every method runs in its own transaction; `save_articles` writes a whole batch in one.
    Writes are safe from many processes at once: saves are upserts on unique keys, and a
    write that loses a deadlock on PostgreSQL runs again.
    """

    def __init__(self, engine: Engine, location: str) -> None:
        self.engine = engine
        self.location = location
        self.backend = backend_of(engine)
        self.path: Path | None = sqlite_path(engine.url.render_as_string(hide_password=False))

    @classmethod
    def open(cls, settings: Settings) -> Store:
        """Open (creating and migrating if needed) the store at `settings.url`."""
        return cls.open_url(settings.url)

    @classmethod
    def open_url(cls, url: str) -> Store:
        """Open the store at a SQLAlchemy URL, e.g. `sqlite:////data/assay.db` or
        `postgresql://user@host/assay` (a plain path means a SQLite file)."""
        full = normalize_url(url).render_as_string(hide_password=False)
        path = sqlite_path(full)
        location = str(path) if path is not None else _redact(full)
        engine = create_store_engine(full)
        try:
            upgrade(engine, location)
        except DBAPIError as exc:
            engine.dispose()
            raise _store_error(exc, location, backend_of(engine)) from None
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, location)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads; database errors become StoreError."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except DBAPIError as exc:
            raise _store_error(exc, self.location, self.backend) from None

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction (SQLite: BEGIN IMMEDIATE), committed on success, else rolled back."""
        try:
            with self.engine.connect() as conn:
                conn.execution_options(assay_write=True)
                with conn.begin():
                    yield conn
        except DBAPIError as exc:
            raise _store_error(exc, self.location, self.backend) from None

    def write(self, work: Callable[[Connection], T]) -> T:
        """Run `work(conn)` in a write transaction; again, from the start, if it lost a race
        to another writer (PostgreSQL: a deadlock, or a key taken since a look-up)."""
        for attempt in range(WRITE_ATTEMPTS):
            try:
                with self.engine.connect() as conn:
                    conn.execution_options(assay_write=True)
                    with conn.begin():
                        return work(conn)
            except DBAPIError as exc:
                if not self.backend.retryable(exc) or attempt + 1 == WRITE_ATTEMPTS:
                    raise _store_error(exc, self.location, self.backend) from None
            # Back off a little, at random, so the writers that collided do not again.
            time.sleep(random.uniform(0.01, 0.05) * 2**attempt)
        raise AssertionError("unreachable")

    # ------------------------------------------------------------------ writes

    def save_article(self, article: Article, enriched_with: str | None = None) -> SaveResult:
        """Save one article with its enrichment; dedupes by canonical URL or content hash."""
        return self.save_articles([article], enriched_with)[0]

    def save_articles(
        self, batch: Sequence[Article], enriched_with: str | None = None
    ) -> list[SaveResult]:
        """Save a batch in one transaction: all of it is stored, or (on StoreError) none."""
        return self.write(lambda conn: writes.save_batch(conn, batch, enriched_with))

    def enriched_hashes(self, hashes: Sequence[str]) -> set[str]:
        """Which of these content hashes are stored with enrichment already.

        A re-ingest skips enriching them: the save would report them unchanged anyway.
        """
        if not hashes:
            return set()
        query = select(articles_table.c.content_hash).where(
            articles_table.c.content_hash.in_(list(hashes)),
            articles_table.c.enriched_with.is_not(None),
        )
        with self.reading() as conn:
            return set(conn.execute(query).scalars())

    def stamp_counts(self, since: datetime | date | None = None) -> dict[str | None, int]:
        """Articles per enricher stamp ("entities.v1,facts.v1,..."; None: never enriched),
        counting those published (undated: ingested) on or after `since`."""
        with self.reading() as conn:
            return enrichq.stamp_counts(conn, since)

    def articles_with_stamps(
        self,
        stamps: Collection[str],
        since: datetime | date | None = None,
        after_id: int = 0,
        limit: int = 64,
    ) -> list[tuple[Article, int, str]]:
        """(article, id, stamp) of up to `limit` articles with one of `stamps`, by id above
        `after_id`: what a re-enrichment reads (title, text, language, published)."""
        with self.reading() as conn:
            return enrichq.articles_with_stamps(conn, stamps, since, after_id, limit)

    def replace_enrichment(
        self, items: Sequence[tuple[int, Article, Collection[str], str]]
    ) -> None:
        """Replace some labels of stored articles in one transaction: for each (id, article,
        fields, stamp), the stored sectors/entities/facts/summary/keywords named in `fields`
        become the article's, and the article's enricher stamp becomes `stamp`."""
        self.write(lambda conn: enrichq.replace_enrichment(conn, items))

    def delete_article(self, article_id: int) -> None:
        """Delete an article and everything derived from it (NotFound if there is none)."""
        with self.transaction() as conn:
            if not writes.delete_article(conn, article_id):
                raise NotFound(f"No article with id {article_id}.")

    def record_failure(self, target: str, stage: str, reason: str, transient: bool = False) -> int:
        """Log that `target` failed at `stage` (fetch, extract, enrich, store); returns its id."""
        with self.transaction() as conn:
            pk = conn.execute(
                insert(failures).values(
                    target=target, stage=stage, reason=reason, transient=transient, at=now_utc()
                )
            ).inserted_primary_key
        assert pk is not None
        return int(pk[0])

    def failures(self, limit: int = 100) -> list[FailureRecord]:
        """The most recent failures, newest first."""
        query = select(failures).order_by(failures.c.id.desc()).limit(limit)
        with self.reading() as conn:
            return [cast(FailureRecord, queries.plain(r)) for r in conn.execute(query).mappings()]

    # ------------------------------------------------------------------- feeds

    def add_feed(self, url: str, kind: str = "feed") -> FeedRow:
        """Register a feed; a URL already registered returns that row with `existing` True."""
        return self.write(lambda conn: feedq.add_feed(conn, url, kind))

    def list_feeds(self) -> list[FeedRow]:
        with self.reading() as conn:
            return feedq.list_feeds(conn)

    def get_feed(self, id_or_url: int | str) -> FeedRow:
        with self.reading() as conn:
            return feedq.feed_row(feedq.find_feed(conn, id_or_url))

    def remove_feed(self, id_or_url: int | str) -> FeedRow:
        """Delete a feed by id or URL (NotFound if unknown); its articles stay."""
        with self.transaction() as conn:
            return feedq.remove_feed(conn, id_or_url)

    def due_feeds(self, now: datetime | None = None) -> list[FeedRow]:
        """Active feeds due for a poll at `now` (default: the current time)."""
        with self.reading() as conn:
            return feedq.due_feeds(conn, now or now_utc())

    def update_feed(self, feed_id: int, **state: Any) -> FeedRow:
        """Set polling state: etag, last_modified, last_polled_at, last_ok_at, next_poll_at,
        last_error, error_count, title, active."""
        with self.transaction() as conn:
            return feedq.update_feed(conn, feed_id, state)

    def claim_feeds(
        self,
        worker: str,
        lease_seconds: float,
        *,
        due_only: bool = True,
        limit: int | None = None,
        now: datetime | None = None,
    ) -> list[FeedRow]:
        """Lease feeds to `worker` for `lease_seconds`: active feeds (due ones only, unless
        `due_only` is False) that no live lease holds, most overdue first.

        Two workers never get the same feed: PostgreSQL skips rows another claim has locked
        (FOR UPDATE SKIP LOCKED), SQLite runs claims one at a time. A lease left by a worker
        that died expires, and the feed can then be claimed again.
        """
        at = to_utc(now) or now_utc()
        until = at + timedelta(seconds=lease_seconds)
        return self.write(lambda conn: feedq.claim_feeds(conn, worker, at, until, due_only, limit))

    def renew_leases(self, worker: str, lease_seconds: float, now: datetime | None = None) -> int:
        """Extend every lease `worker` holds by `lease_seconds` from now; returns how many."""
        until = (to_utc(now) or now_utc()) + timedelta(seconds=lease_seconds)
        return self.write(lambda conn: feedq.renew_leases(conn, worker, until))

    def release_feed(self, feed_id: int, worker: str, **state: Any) -> bool:
        """Set a polled feed's state (as `update_feed`) and end `worker`'s lease on it.

        False, and nothing written, when the lease expired and another worker holds it now.
        """
        return self.write(lambda conn: feedq.release_feed(conn, feed_id, worker, state))

    def release_leases(self, worker: str) -> int:
        """End every lease `worker` holds (a worker stopping early); returns how many."""
        return self.write(lambda conn: feedq.release_leases(conn, worker))

    def entry_seen(self, feed_id: int, entry_id: str) -> bool:
        """True if this feed already logged this entry."""
        query = select(feed_entries.c.feed_id).where(
            (feed_entries.c.feed_id == feed_id) & (feed_entries.c.entry_id == entry_id)
        )
        with self.reading() as conn:
            return conn.execute(query).first() is not None

    def entry_seen_anywhere(self, entry_id_or_link: str) -> bool:
        """True if any feed logged this entry id or link, or its URL is stored as an article."""
        with self.reading() as conn:
            return feedq.entry_seen_anywhere(conn, entry_id_or_link)

    def record_entry(self, feed_id: int, entry_id: str, article_id: int | None = None) -> bool:
        """Log a feed entry (idempotent); True if the feed had not seen it before."""
        return self.write(lambda conn: writes.record_entry(conn, feed_id, entry_id, article_id))

    # ------------------------------------------------------------------- reads

    def get_article(self, article_id: int) -> ArticleDetail:
        """One article with sectors, entities (+mentions) and facts; NotFound if absent."""
        with self.reading() as conn:
            return queries.get_article(conn, article_id)

    def list_articles(
        self,
        limit: int = 20,
        offset: int = 0,
        sector: str | None = None,
        since: datetime | date | None = None,
        language: str | None = None,
    ) -> list[ArticleRow]:
        """Articles newest first, optionally only one sector, language, or since a date."""
        with self.reading() as conn:
            return queries.list_articles(conn, limit, offset, sector, since, language)

    @contextmanager
    def search_backend(self) -> Iterator[SearchSession]:
        """A read session for `assay.search` (full text, filters, snippets, embeddings).

        The search package compiles queries and ranks; this session only runs SQL.
        """
        with self.reading() as conn:
            yield self.backend.search(conn)

    def query_facts(
        self,
        type: str | None = None,
        entity_key: str | None = None,
        goods: str | None = None,
        since: datetime | date | None = None,
        until: datetime | date | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[FactRecord]:
        """Facts newest first by type, taking-part entity key, goods and [since, until).

        Example: store.query_facts("agreement", entity_key="country:IDN")
        """
        with self.reading() as conn:
            return queries.query_facts(conn, type, entity_key, goods, since, until, limit, offset)

    def entity(self, key: str) -> EntityProfile:
        """An entity with its mention, article and fact counts; NotFound if unknown."""
        with self.reading() as conn:
            return queries.entity(conn, key)

    def stats(self) -> StoreStats:
        """Counts: articles, by language, by sector, entities and facts by type, feeds..."""
        with self.reading() as conn:
            return queries.stats(conn, self.backend.size(conn, self.path))

    # ------------------------------------------------- embeddings and story clusters

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

    def cluster(self, article_id: int) -> dict[str, Any]:
        """The story cluster of an article: id, size, representative, members with url/source."""
        with self.reading() as conn:
            found = clusters.cluster_of(conn, article_id)
        if found is None:
            raise NotFound(f"No article with id {article_id}.")
        return found

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


def _redact(url: str) -> str:
    """The URL as messages show it: no password, no driver name."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql")
    return parsed.render_as_string(hide_password=True)


def _store_error(exc: DBAPIError, location: str, backend: Backend) -> StoreError:
    """A one-line StoreError for a driver error, naming the database and the fix."""
    known = backend.error(exc, location)
    if known is not None:
        return known
    return StoreError(f"Database error on '{location}': {first_line(exc)}.")
