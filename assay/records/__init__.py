"""Typed shapes of what the store and search return, as JSON-ready TypedDicts.

Every reader (CLI `--format json`, the REST API, digests) gets these same shapes and turns
them into JSON with `assay.serialize.to_jsonable`; `docs/records.schema.json` describes them
and a test checks real store output against it. Datetimes are ISO 8601 text.

They are defined by subject in `articles.py` (articles, facts, stories), `entities.py`,
`counts.py` (stats, per-day counts, facets), `operations.py` (feeds, failures, API keys,
service status) and `delivery.py` (subscribers, digests, alerts); import them from here.
"""

from assay.records.articles import (
    ArticleDetail,
    ArticleEntity,
    ArticleLink,
    ArticleRow,
    FactArgument,
    FactRecord,
    MentionRecord,
    SectorTag,
    StoryCluster,
    StoryMember,
    StoryRow,
)
from assay.records.counts import DayCount, FacetCount, Facets, StoreStats
from assay.records.delivery import (
    AlertMatchRecord,
    AlertRecord,
    ConsentRecord,
    DeliveryRecord,
    FactPattern,
    Preferences,
    SubscriberRecord,
)
from assay.records.entities import (
    ActiveEntity,
    EntityDetail,
    EntityMatch,
    EntityProfile,
    EntitySummary,
    Partner,
)
from assay.records.operations import ApiKeyRecord, FailureRecord, FeedRecord, ServiceStatus

__all__ = [
    "ActiveEntity",
    "AlertMatchRecord",
    "AlertRecord",
    "ApiKeyRecord",
    "ArticleDetail",
    "ArticleEntity",
    "ArticleLink",
    "ArticleRow",
    "ConsentRecord",
    "DayCount",
    "DeliveryRecord",
    "EntityDetail",
    "EntityMatch",
    "EntityProfile",
    "EntitySummary",
    "FacetCount",
    "Facets",
    "FactArgument",
    "FactPattern",
    "FactRecord",
    "FailureRecord",
    "FeedRecord",
    "MentionRecord",
    "Partner",
    "Preferences",
    "SectorTag",
    "ServiceStatus",
    "StoreStats",
    "StoryCluster",
    "StoryMember",
    "StoryRow",
    "SubscriberRecord",
]
