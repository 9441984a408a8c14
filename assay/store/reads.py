"""What `Store` reads: articles, facts, entities, counts, and search sessions."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime

from assay.records import (
    ArticleDetail,
    ArticleRow,
    EntityProfile,
    EntitySummary,
    FactRecord,
    Partner,
    StoreStats,
)
from assay.store import entities as entityq
from assay.store import queries
from assay.store.core import StoreCore
from assay.store.search_sql import SearchSession


class Reads(StoreCore):
    """What `Store` reads: articles, facts, entities, counts, and search sessions."""

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
    def search_backend(self) -> Iterator[SearchSession]:
        """A read session for `assay.search` (full text, filters, snippets, embeddings).

        The search package compiles queries and ranks; this session only runs SQL.
        """
        with self.reading() as conn:
            yield self.backend.search(conn)

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
            return queries.stats(conn, self.backend.size(conn, self.path))
