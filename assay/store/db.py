"""`Store`: the one object the rest of assay uses to read and write the database."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import cast

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import DBAPIError

from assay.errors import NoDatabase, NotFound, StoreError
from assay.models import Article
from assay.records import ApiKeyRecord, FailureRecord, ServiceStatus
from assay.settings import Settings
from assay.store import articles as writes
from assay.store import enrichment as enrichq
from assay.store import keys as keyq
from assay.store import queries
from assay.store.alerts import Alerts
from assay.store.articles import SaveResult
from assay.store.backends import backend_of
from assay.store.backends.sqlite import damaged_message
from assay.store.convert import now_utc
from assay.store.core import StoreCore, store_error, store_location
from assay.store.deliveries import Deliveries
from assay.store.engine import create_store_engine, normalize_url, quick_check, sqlite_path
from assay.store.feed_registry import FeedRegistry
from assay.store.insight_reads import InsightReads
from assay.store.migrate import upgrade
from assay.store.reads import Reads
from assay.store.schema import articles as articles_table
from assay.store.schema import failures
from assay.store.story_vectors import StoryVectors
from assay.store.subscribers import Subscribers

# With quick_check "auto", readers check files up to this size at open (about 0.3 s on a
# laptop); larger stores are checked by writers, and reads report damage when they meet it.
READ_CHECK_MAX_BYTES = 64_000_000


class Store(FeedRegistry, Reads, InsightReads, StoryVectors, StoreCore):
    """Articles, enrichment, feeds and failures in one SQL database: SQLite by default,
    PostgreSQL (with pgvector) when several workers or users share one store.

    Open with `Store.open(settings)`, which migrates the schema to the newest revision.
    Every method runs in its own transaction; `save_articles` writes a whole batch in one.
    Writes are safe from many processes at once: saves are upserts on unique keys, and a
    write that loses a deadlock on PostgreSQL runs again.
    """

    def __init__(self, engine: Engine, location: str) -> None:
        super().__init__(engine, location)
        # What assay.deliver reads and writes, grouped by table family.
        self.subscribers = Subscribers(self)
        self.deliveries = Deliveries(self)
        self.alerts = Alerts(self)

    def service_status(self) -> ServiceStatus:
        """For /api/v1/health: last poll, digest and alert runs, and the backlog."""
        return self.deliveries.service_status()

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
        """Open the store at a SQLAlchemy URL, e.g. `sqlite:////data/assay.db` or
        `postgresql://user@host/assay` (a plain path means a SQLite file); `check` runs
        SQLite's `PRAGMA quick_check` first (StoreError naming the damage if it fails)."""
        full = normalize_url(url).render_as_string(hide_password=False)
        path = sqlite_path(full)
        location = store_location(full)
        if path is not None and not create and not path.exists():
            raise NoDatabase(f"No database at {path}. Run 'assay init' first.")
        engine = create_store_engine(full)
        try:
            if check and path is not None:
                problems = quick_check(engine)
                if problems:
                    raise StoreError(damaged_message(location, "; ".join(problems[:2])))
            upgrade(engine, location)
        except DBAPIError as exc:
            engine.dispose()
            raise store_error(exc, location, backend_of(engine)) from None
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, location)

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

    def recent_lines(
        self, feed_id: int | None = None, url_prefix: str | None = None, limit: int = 20
    ) -> list[list[str]]:
        """Per recent article of one feed (or of one site: URLs starting with `url_prefix`),
        its title, text and removed lines: what a new page of that source is compared with."""
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
        self.write(lambda conn: enrichq.replace_enrichment(conn, items))

    def delete_article(self, article_id: int) -> None:
        """Delete an article and everything derived from it (NotFound if there is none)."""
        if not self.write(lambda conn: writes.delete_article(conn, article_id)):
            raise NotFound(f"No article with id {article_id}.")

    def record_failure(self, target: str, stage: str, reason: str, transient: bool = False) -> int:
        """Log that `target` failed at `stage` (fetch, extract, enrich, store); returns its id."""
        row = insert(failures).values(
            target=target, stage=stage, reason=reason, transient=transient, at=now_utc()
        )
        pk = self.write(lambda conn: conn.execute(row).inserted_primary_key)
        assert pk is not None
        return int(pk[0])

    def failures(self, limit: int = 100) -> list[FailureRecord]:
        """The most recent failures, newest first."""
        query = select(failures).order_by(failures.c.id.desc()).limit(limit)
        with self.reading() as conn:
            return [cast(FailureRecord, queries.plain(r)) for r in conn.execute(query).mappings()]

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
