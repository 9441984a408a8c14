"""Stories, trends and facets for the pages and digests, as `Store` methods."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from assay.records import (
    ActiveEntity,
    ArticleRow,
    DayCount,
    Facets,
    StoryRow,
)
from assay.store import insights, rising, trends
from assay.store import story_details as detailq
from assay.store.core import StoreCore


class InsightReads(StoreCore):
    """Stories, trends and facets for the pages and digests, as `Store` methods."""

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
