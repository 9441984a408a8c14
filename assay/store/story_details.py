"""What digests, alerts and Atom feeds need about stories beyond `insights.story_candidates`:
the entity keys and fact types a story's article carries (to match preferences), its key
facts, its developing story (novelty), and an entity's latest articles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Connection, select

from assay.records import ArticleRow, FactRecord
from assay.store.queries import _FACT_COLUMNS, _facts, _newest_first, plain, sectors_of
from assay.store.queries import _LIST_COLUMNS as LIST_COLUMNS
from assay.store.schema import articles, entities, facts, mentions, story_clusters


@dataclass
class StoryDetail:
    """One article's linked entity keys, fact types, best facts, cluster and developing
    story."""

    entities: set[str] = field(default_factory=set)
    fact_types: set[str] = field(default_factory=set)
    facts: list[FactRecord] = field(default_factory=list)
    cluster_id: int | None = None
    developing_story_id: int | None = None


def story_details(
    conn: Connection, ids: Sequence[int], facts_per_story: int = 3
) -> dict[int, StoryDetail]:
    """Details of each article id; its `facts_per_story` most confident facts."""
    out: dict[int, StoryDetail] = defaultdict(StoryDetail)
    if not ids:
        return out
    id_list = list(ids)
    keys = (
        select(mentions.c.article_id, entities.c.key)
        .join(entities, entities.c.id == mentions.c.entity_id)
        .where(mentions.c.article_id.in_(id_list))
        .distinct()
    )
    for aid, key in conn.execute(keys):
        out[int(aid)].entities.add(str(key))
    query = select(*_FACT_COLUMNS).where(facts.c.article_id.in_(id_list))
    query = query.order_by(facts.c.article_id, facts.c.confidence.desc(), facts.c.id)
    for fact in _facts(conn, query):
        detail = out[fact["article_id"]]
        detail.fact_types.add(fact["type"])
        if len(detail.facts) < facts_per_story:
            detail.facts.append(fact)
    developing = (
        select(articles.c.id, articles.c.cluster_id, story_clusters.c.developing_story_id)
        .outerjoin(story_clusters, story_clusters.c.id == articles.c.cluster_id)
        .where(articles.c.id.in_(id_list))
    )
    for aid, cluster_id, story_id in conn.execute(developing):
        detail = out[int(aid)]
        detail.cluster_id = int(cluster_id) if cluster_id is not None else None
        detail.developing_story_id = int(story_id) if story_id is not None else None
    return out


def entity_articles(conn: Connection, key: str, limit: int = 30) -> list[ArticleRow]:
    """The newest articles mentioning the entity `key` (undated last)."""
    mentioning = (
        select(mentions.c.article_id)
        .join(entities, entities.c.id == mentions.c.entity_id)
        .where(entities.c.key == key)
    )
    query = select(*LIST_COLUMNS).where(articles.c.id.in_(mentioning))
    query = _newest_first(query, articles.c.published, conn).limit(limit)
    rows = [plain(r) for r in conn.execute(query).mappings()]
    by_id = sectors_of(conn, [r["id"] for r in rows])
    for r in rows:
        r["sectors"] = by_id.get(r["id"], [])
    return cast(list[ArticleRow], rows)
