"""`Store`: the one object the rest of assay uses to read and write the database."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import DBAPIError

from assay.errors import NoDatabase, NotFound, StoreBusy, StoreError
from assay.models import Article
from assay.records import (
    ActiveEntity,
    ApiKeyRecord,
    ArticleDetail,
    ArticleRow,
    DayCount,
    EntityProfile,
    EntitySummary,
    Facets,
    FactRecord,
    FailureRecord,
    Partner,
    ServiceStatus,
    StoreStats,
    StoryCluster,
    StoryRow,
)
from assay.settings import Settings
from assay.store import articles as writes
from assay.store import clusters, insights, queries, rising, trends
from assay.store import embeddings as embedq
from assay.store import enrichment as enrichq
from assay.store import entities as entityq
from assay.store import feeds as feedq
from assay.store import keys as keyq
from assay.store import story_details as detailq
from assay.store.alerts import Alerts
from assay.store.articles import SaveResult
from assay.store.convert import now_utc
from assay.store.deliveries import Deliveries
from assay.store.engine import create_store_engine, quick_check, sqlite_path
from assay.store.feeds import FeedRow
from assay.store.migrate import upgrade
from assay.store.schema import articles as articles_table
from assay.store.schema import failures, feed_entries
from assay.store.search_sql import SqliteSearch
from assay.store.subscribers import Subscribers

if TYPE_CHECKING:
    import numpy as np

# With quick_check "auto", readers check files up to this size at open (about 0.3 s on a
# laptop); larger stores are checked by writers, and reads report damage when they meet it.
READ_CHECK_MAX_BYTES = 64_000_000


class Store:
    """Articles, enrichment, feeds and failures in one SQL database (SQLite by default).

    Open with `Store.open(settings)`, which migrates the schema to the newest revision.
    Every method runs in its own transaction; `save_articles` writes a whole batch in one.
    """

    def __init__(self, engine: Engine, location: str) -> None:
        self.engine = engine
        self.location = location
        self.path: Path | None = sqlite_path(engine.url.render_as_string(hide_password=False))
        # What assay.deliver reads and writes, grouped by table family.
        self.subscribers = Subscribers(self)
        self.deliveries = Deliveries(self)
        self.alerts = Alerts(self)

    @classmethod
    def open(cls, settings: Settings, *, create: bool = True, write: bool = True) -> Store:
        """Open (and migrate if needed) the store at `settings.url`.

        With `create=False` a SQLite file that does not exist is refused (NoDatabase)
        instead of made. The file is checked with `PRAGMA quick_check` as
        `settings.quick_check` says; "auto" checks it for writers (`write`) always and for
        readers when it is small.
        """
        path = sqlite_path(settings.url)
        check = False
        if path is not None and path.exists():
            mode = settings.quick_check
            size = path.stat().st_size
            check = mode == "always" or (mode == "auto" and (write or size <= READ_CHECK_MAX_BYTES))
        return cls.open_url(settings.url, create=create, check=check)

    @classmethod
    def open_url(cls, url: str, *, create: bool = True, check: bool = False) -> Store:
        """Open the store at a SQLAlchemy URL, e.g. `sqlite:////data/assay.db`; `check`
        runs `PRAGMA quick_check` first (StoreError naming the damage if it fails)."""
        path = sqlite_path(url)
        location = str(path) if path is not None else _redact(url)
        if path is not None and not create and not path.exists():
            raise NoDatabase(f"No database at {path}. Run 'assay init' first.")
        engine = create_store_engine(url)
        try:
            if check and path is not None:
                problems = quick_check(engine)
                if problems:
                    raise StoreError(damaged_message(location, "; ".join(problems[:2])))
            upgrade(engine, location)
        except DBAPIError as exc:
            engine.dispose()
            raise _store_error(exc, location) from None
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
            raise _store_error(exc, self.location) from None

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction (SQLite: BEGIN IMMEDIATE), committed on success, else rolled back."""
        try:
            with self.engine.connect() as conn:
                conn.execution_options(assay_write=True)
                with conn.begin():
                    yield conn
        except DBAPIError as exc:
            raise _store_error(exc, self.location) from None

    # ------------------------------------------------------------------ writes

    def save_article(self, article: Article, enriched_with: str | None = None) -> SaveResult:
        """Save one article with its enrichment; dedupes by canonical URL or content hash."""
        return self.save_articles([article], enriched_with)[0]

    def save_articles(
        self, batch: Sequence[Article], enriched_with: str | None = None
    ) -> list[SaveResult]:
        """Save a batch in one transaction: all of it is stored, or (on StoreError) none."""
        with self.transaction() as conn:
            return writes.save_batch(conn, batch, enriched_with)

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

    def recent_lines(
        self, feed_id: int | None = None, url_prefix: str | None = None, limit: int = 20
    ) -> list[list[str]]:
        """Per recent article of one feed (or of one site: URLs starting with `url_prefix`,
        ending in "/"), its title, text and removed lines: what extraction compares a new page of
        that source with."""
        with self.reading() as conn:
            return queries.recent_lines(conn, feed_id, url_prefix, limit)

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
        with self.transaction() as conn:
            enrichq.replace_enrichment(conn, items)

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
        with self.transaction() as conn:
            return feedq.add_feed(conn, url, kind)

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
        with self.transaction() as conn:
            return writes.record_entry(conn, feed_id, entry_id, article_id)

    # ---------------------------------------------------------------- API keys

    def create_key(self, role: str, name: str | None = None) -> tuple[ApiKeyRecord, str]:
        """A new API key of `role` (reader, analyst, admin): its record and the key, which
        is stored only as a hash, so show it now."""
        with self.transaction() as conn:
            return keyq.create_key(conn, role, name)

    def list_keys(self) -> list[ApiKeyRecord]:
        with self.reading() as conn:
            return keyq.list_keys(conn)

    def revoke_key(self, id_or_prefix: int | str) -> ApiKeyRecord:
        """Revoke a key by id or prefix; NotFound if there is none."""
        with self.transaction() as conn:
            return keyq.revoke_key(conn, id_or_prefix)

    def verify_key(self, key: str) -> ApiKeyRecord | None:
        """The record of `key` if one is stored with this secret (revoked ones too: check
        `revoked_at`); None otherwise. Notes the use now and then."""
        with self.reading() as conn:
            found = keyq.find_key(conn, key)
        if found is None:
            return None
        record, stale = found
        if stale and record["revoked_at"] is None:
            with self.transaction() as conn:
                keyq.touch_key(conn, record["id"])
        return record

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

    def count_articles(
        self,
        sector: str | None = None,
        since: datetime | date | None = None,
        language: str | None = None,
    ) -> int:
        """How many articles `list_articles` with the same filters lists in all."""
        with self.reading() as conn:
            return queries.count_articles(conn, sector, since, language)

    @contextmanager
    def search_backend(self) -> Iterator[SqliteSearch]:
        """A read session for `assay.search` (full text, filters, snippets, embeddings).

        The search package compiles queries and ranks; this session only runs SQL.
        """
        with self.reading() as conn:
            if conn.dialect.name != "sqlite":
                raise StoreError(
                    f"Search is implemented for SQLite only, not {conn.dialect.name}; "
                    "use a SQLite store (--db) for search."
                )
            yield SqliteSearch(conn)

    def query_facts(
        self,
        type: str | None = None,
        entity_key: str | Sequence[str] | None = None,
        goods: str | None = None,
        since: datetime | date | None = None,
        until: datetime | date | None = None,
        limit: int = 100,
        offset: int = 0,
        country: str | None = None,
        order: str = "-published",
    ) -> list[FactRecord]:
        """Facts newest first by type, taking-part entity key(s) (all of them must take part),
        country, goods and [since, until); `order` sorts otherwise ("type", "-confidence"...).

        Example: store.query_facts("agreement", entity_key=["country:IDN", "org:jbic"])
        """
        with self.reading() as conn:
            return queries.query_facts(
                conn, type, entity_key, goods, since, until, limit, offset, country, order
            )

    def entity(self, key: str) -> EntityProfile:
        """An entity with its mention, article and fact counts; NotFound if unknown."""
        with self.reading() as conn:
            return queries.entity(conn, key)

    def sector_counts(self) -> dict[str, int]:
        """Articles per sector slug, all nine included (zero counts too)."""
        with self.reading() as conn:
            return queries.sector_counts(conn)

    def match_entities(
        self, text: str | None = None, type: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[EntitySummary]:
        """Stored entities whose name or key contains `text`, most mentioned first."""
        with self.reading() as conn:
            return entityq.match_entities(conn, text, type, limit, offset)

    def entity_counts(self, keys: Sequence[str]) -> dict[str, EntitySummary]:
        """The stored entities among `keys`, by key, with article, mention and fact counts."""
        with self.reading() as conn:
            return entityq.entity_counts(conn, keys)

    def stored_keys(self, keys: Sequence[str]) -> dict[str, str]:
        """Stored keys that equal one of `keys` ignoring case: {lower-cased: stored key}."""
        with self.reading() as conn:
            return entityq.keys_like(conn, keys)

    def keys_with_prefix(self, prefix: str) -> list[str]:
        """Stored entity keys that start with `prefix`, e.g. "org:"."""
        with self.reading() as conn:
            return entityq.keys_with_prefix(conn, prefix)

    def partners(self, key: str, limit: int = 25) -> list[Partner]:
        """Who shares agreements, trade measures, sanctions or investments with an entity."""
        with self.reading() as conn:
            return entityq.partners(conn, key, limit)

    def stats(self) -> StoreStats:
        """Counts: articles, by language, by sector, entities and facts by type, feeds..."""
        with self.reading() as conn:
            return queries.stats(conn, self._size())

    # ------------------------------------------------ stories, trends and partners

    def story_candidates(
        self, start: datetime, end: datetime, sector: str | None = None, limit: int = 500
    ) -> list[StoryRow]:
        """Stories published in [start, end), one per cluster, with what importance needs.

        Rank them with `assay.search.importance.rank_stories`.
        """
        with self.reading() as conn:
            return insights.story_candidates(conn, start, end, sector, limit)

    def latest_stories(
        self, sector: str | None = None, limit: int = 20, offset: int = 0
    ) -> list[StoryRow]:
        """The newest stories, copies of one story collapsed, optionally of one sector."""
        with self.reading() as conn:
            return insights.latest_stories(conn, sector, limit, offset)

    def newest_day(self, before: datetime | None = None) -> str | None:
        """YYYY-MM-DD of the newest article published before `before` (default: any)."""
        with self.reading() as conn:
            return insights.newest_day(conn, before)

    def oldest_day(self, after: datetime) -> str | None:
        """YYYY-MM-DD of the oldest article published on or after `after`."""
        with self.reading() as conn:
            return insights.oldest_day(conn, after)

    def story_details(
        self, ids: Sequence[int], facts_per_story: int = 3
    ) -> dict[int, detailq.StoryDetail]:
        """Entity keys, fact types, best facts and developing story of each article id."""
        with self.reading() as conn:
            return detailq.story_details(conn, ids, facts_per_story)

    def entity_articles(self, key: str, limit: int = 30) -> list[ArticleRow]:
        """The newest articles mentioning an entity."""
        with self.reading() as conn:
            return detailq.entity_articles(conn, key, limit)

    def service_status(self) -> ServiceStatus:
        """For /api/v1/health: last poll, digest and alert runs, and the backlog."""
        return self.deliveries.service_status()

    def entity_per_day(
        self, key: str, since: date | None = None, until: date | None = None
    ) -> list[DayCount]:
        """Articles mentioning an entity per day in [since, until); NotFound if unknown."""
        with self.reading() as conn:
            return trends.entity_per_day(conn, key, since, until)

    def sector_per_day(
        self, sector: str, since: date | None = None, until: date | None = None
    ) -> list[DayCount]:
        """Articles of a sector per day in [since, until)."""
        with self.reading() as conn:
            return trends.sector_per_day(conn, sector, since, until)

    def facts_per_day(
        self, fact_type: str, since: date | None = None, until: date | None = None
    ) -> list[DayCount]:
        """Facts of one type per day in [since, until)."""
        with self.reading() as conn:
            return trends.facts_per_day(conn, fact_type, since, until)

    def active_entities(
        self,
        sector: str | None = None,
        since: date | datetime | None = None,
        until: date | datetime | None = None,
        types: Sequence[str] = (),
        limit: int = 10,
    ) -> list[ActiveEntity]:
        """Entities mentioned in most articles (of a sector, in [since, until)), of `types`."""
        with self.reading() as conn:
            return trends.active_entities(conn, sector, since, until, types, limit)

    def mention_windows(
        self, baseline_start: datetime, recent_start: datetime, end: datetime, min_recent: int = 1
    ) -> list[dict[str, Any]]:
        """Per entity: articles mentioning it in [recent_start, end) (`recent`, at least
        `min_recent`) and in [baseline_start, recent_start) (`baseline`)."""
        with self.reading() as conn:
            return rising.mention_windows(conn, baseline_start, recent_start, end, min_recent)

    def facets(self, ids: Sequence[int], total: int | None = None) -> Facets:
        """Sector, country, entity and fact-type counts over the articles `ids`."""
        with self.reading() as conn:
            return trends.facets(conn, ids, total)

    # ------------------------------------------------- embeddings and story clusters

    def save_embeddings(self, model: str, ids: list[int], vectors: np.ndarray) -> int:
        """Store one float32 vector per article id for `model` (replacing any); returns count."""
        with self.transaction() as conn:
            return embedq.save_embeddings(conn, model, ids, vectors)

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
        """The band keys and clusters, for `assay.stories.cluster_pending`, in one transaction."""
        with self.transaction() as conn:
            yield clusters.StoryTables(conn)

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

    def _size(self) -> int | None:
        if self.path is None:
            return None
        return sum(
            p.stat().st_size
            for p in (self.path, self.path.with_name(self.path.name + "-wal"))
            if p.exists()
        )


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def damaged_message(location: str, detail: str) -> str:
    return (
        f"'{location}' is damaged ({detail}). Restore it from a backup, or save what is "
        f"readable with: sqlite3 '{location}' .recover | sqlite3 recovered.db"
    )


def _store_error(exc: DBAPIError, location: str) -> StoreError:
    """A one-line StoreError for a driver error, naming the database and the fix."""
    orig = exc.orig
    reason = str(orig).strip() or type(orig).__name__
    # SQLite's primary result code (the low byte of the extended one); None for other drivers.
    code = getattr(orig, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == sqlite3.SQLITE_CORRUPT:
        return StoreError(damaged_message(location, reason))
    if primary == sqlite3.SQLITE_NOTADB:
        return StoreError(f"'{location}' is not an assay database (file is not a database).")
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreBusy(
            f"'{location}' is busy: another process held the write lock too long; try again."
        )
    if primary == sqlite3.SQLITE_CANTOPEN:
        return StoreError(f"Cannot open '{location}' ({reason}); check the path and permissions.")
    return StoreError(f"Database error on '{location}': {reason}.")
