"""The SQL behind story clusters: band keys, candidates, cluster rows and their reads.

The rules that decide which article joins which cluster, and which clusters form one
developing story, live in `assay.stories`; they call `StoryTables`, which runs every
statement on the caller's connection (one transaction per clustering pass).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from assay.store.convert import iso, now_utc, to_utc
from assay.store.schema import (
    articles,
    fact_arguments,
    facts,
    minhash_bands,
    story_clusters,
)

_CHUNK = 500  # stays under SQLite's bound-parameter limit


class StoryTables:
    """Reads and writes for one clustering pass, on `conn` (the caller owns the transaction).

    Rows are plain tuples so that `assay.stories` can describe them in its protocol
    without importing the store.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # ------------------------------------------------------------ near-duplicates

    def pending(self, limit: int | None = None) -> list[tuple[int, str, int | None]]:
        """(id, text, cluster_id) of articles without a signature, oldest id first."""
        query = (
            select(articles.c.id, articles.c.text, articles.c.cluster_id)
            .where(articles.c.minhash.is_(None))
            .order_by(articles.c.id)
        )
        if limit is not None:
            query = query.limit(limit)
        return [(r.id, r.text, r.cluster_id) for r in self.conn.execute(query)]

    def forget_bands(self, ids: Sequence[int]) -> None:
        """Delete the band keys of these articles (their text changed since)."""
        for start in range(0, len(ids), _CHUNK):
            chunk = list(ids[start : start + _CHUNK])
            self.conn.execute(delete(minhash_bands).where(minhash_bands.c.article_id.in_(chunk)))

    def add_bands(self, rows: Sequence[tuple[int, int, int]]) -> None:
        """Store (article_id, band, hash) rows of the LSH index."""
        if rows:
            self.conn.execute(
                insert(minhash_bands),
                [{"article_id": a, "band": b, "hash": h} for a, b, h in rows],
            )

    def minhash_rows(self, after_id: int, limit: int) -> list[tuple[int, bytes]]:
        """(id, signature) of clustered articles with ids above `after_id`, by id."""
        query = (
            select(articles.c.id, articles.c.minhash)
            .where(articles.c.minhash.is_not(None))
            .where(articles.c.id > after_id)
            .order_by(articles.c.id)
            .limit(limit)
        )
        return [(int(r.id), bytes(r.minhash)) for r in self.conn.execute(query)]

    def clear_bands(self) -> None:
        """Delete every band key (before they are rebuilt at another threshold)."""
        self.conn.execute(delete(minhash_bands))

    def candidates(self, keys: Sequence[tuple[int, int]]) -> set[int]:
        """Ids of stored articles sharing any (band, hash) key."""
        params = {f"b{i}": b for i, (b, _) in enumerate(keys)}
        params.update({f"h{i}": h for i, (_, h) in enumerate(keys)})
        return {int(i) for i in self.conn.execute(_candidates_query(len(keys)), params).scalars()}

    def signatures(self, ids: Iterable[int]) -> list[tuple[int, bytes, int]]:
        """(id, minhash bytes, cluster_id) of those articles that are clustered."""
        query = select(articles.c.id, articles.c.minhash, articles.c.cluster_id).where(
            articles.c.id.in_(sorted(ids))
            & articles.c.cluster_id.is_not(None)
            & articles.c.minhash.is_not(None)
        )
        return [(r.id, r.minhash, r.cluster_id) for r in self.conn.execute(query)]

    def text(self, article_id: int) -> str | None:
        query = select(articles.c.text).where(articles.c.id == article_id)
        return self.conn.execute(query).scalar()

    def cluster_size(self, cluster_id: int) -> int:
        query = select(func.count()).where(articles.c.cluster_id == cluster_id)
        return int(self.conn.execute(query).scalar_one())

    def keep(self, article_id: int, minhash: bytes) -> None:
        """Store the article's signature; it stays in its cluster."""
        self.conn.execute(
            update(articles).where(articles.c.id == article_id).values(minhash=minhash)
        )

    def move(self, article_id: int, minhash: bytes, old: int | None, target: int | None) -> int:
        """Store the signature and put the article in `target` (None: a new cluster); its id.

        Both clusters are recounted and their representatives re-picked.
        """
        fresh = target is None
        if target is None:
            now = now_utc()
            pk = self.conn.execute(
                insert(story_clusters).values(
                    representative_id=article_id, created_at=now, updated_at=now, size=1
                )
            ).inserted_primary_key
            assert pk is not None
            target = int(pk[0])
        self.conn.execute(
            update(articles)
            .where(articles.c.id == article_id)
            .values(minhash=minhash, cluster_id=target)
        )
        if old is not None:
            refresh_cluster(self.conn, old)
        if not fresh:
            refresh_cluster(self.conn, target)
        return target

    # --------------------------------------------------------- developing stories

    def event_arguments(
        self, ids: Sequence[int], roles: Sequence[str]
    ) -> list[tuple[int, int, str, int]]:
        """(fact_id, article_id, fact type, entity_id) of these articles' linked arguments in
        `roles`."""
        query = (
            select(facts.c.id, facts.c.article_id, facts.c.type, fact_arguments.c.entity_id)
            .join(fact_arguments, fact_arguments.c.fact_id == facts.c.id)
            .where(facts.c.article_id.in_(list(ids)))
            .where(fact_arguments.c.role.in_(list(roles)))
            .where(fact_arguments.c.entity_id.is_not(None))
        )
        return [(r.id, r.article_id, r.type, r.entity_id) for r in self.conn.execute(query)]

    def when(self, article_id: int) -> datetime:
        """When the article appeared: its publication date, else when it was ingested (UTC)."""
        row = self.conn.execute(
            select(articles.c.published, articles.c.ingested_at).where(articles.c.id == article_id)
        ).one()
        when = to_utc(row.published or row.ingested_at)
        assert when is not None
        return when

    def events_near(
        self,
        type_: str,
        entity_ids: Iterable[int],
        roles: Sequence[str],
        other_than: int,
        start: datetime,
        end: datetime,
    ) -> list[tuple[int, int, int, datetime]]:
        """(fact_id, entity_id, cluster_id, when) of `type_` facts in other clusters naming any
        of `entity_ids` in `roles`, published in [start, end] or undated."""
        query = (
            select(
                facts.c.id,
                fact_arguments.c.entity_id,
                articles.c.cluster_id,
                articles.c.published,
                articles.c.ingested_at,
            )
            .join(fact_arguments, fact_arguments.c.fact_id == facts.c.id)
            .join(articles, articles.c.id == facts.c.article_id)
            .where(facts.c.type == type_)
            .where(fact_arguments.c.role.in_(list(roles)))
            .where(fact_arguments.c.entity_id.in_(list(entity_ids)))
            .where(articles.c.cluster_id.is_not(None))
            .where(articles.c.cluster_id != other_than)
            # facts.published is indexed; undated articles are dated by ingested_at.
            .where(facts.c.published.between(start, end) | facts.c.published.is_(None))
        )
        out = []
        for row in self.conn.execute(query):
            stamp = to_utc(row.published or row.ingested_at)
            assert stamp is not None
            out.append((row.id, row.entity_id, row.cluster_id, stamp))
        return out

    def developing_ids(self, cluster_ids: Iterable[int]) -> dict[int, int | None]:
        """Cluster id -> its developing_story_id (None if it has none)."""
        query = select(story_clusters.c.id, story_clusters.c.developing_story_id).where(
            story_clusters.c.id.in_(list(cluster_ids))
        )
        return {r.id: r.developing_story_id for r in self.conn.execute(query)}

    def set_developing(self, linked: Iterable[int], story_id: int) -> None:
        """Put these clusters, and every cluster of their stories, in story `story_id`."""
        ids = list(linked)
        self.conn.execute(
            update(story_clusters)
            .where(story_clusters.c.id.in_(ids) | story_clusters.c.developing_story_id.in_(ids))
            .values(developing_story_id=story_id)
        )


@functools.lru_cache(maxsize=8)
def _candidates_query(n_bands: int) -> Select[Any]:
    """Articles sharing any band key. OR of (band, hash) pairs, not a row-value IN: SQLite
    answers the OR with one index search per band, but scans the table for the IN."""
    band, hash_ = minhash_bands.c.band, minhash_bands.c.hash
    terms = [and_(band == bindparam(f"b{i}"), hash_ == bindparam(f"h{i}")) for i in range(n_bands)]
    return select(minhash_bands.c.article_id).where(or_(*terms)).distinct()


def refresh_cluster(conn: Connection, cluster_id: int) -> None:
    """Recount a cluster and re-pick its representative; delete it if it has no members.

    The representative is the earliest published member (undated last), then the longest,
    then the oldest id.
    """
    size = conn.execute(
        select(func.count()).where(articles.c.cluster_id == cluster_id)
    ).scalar_one()
    if not size:
        conn.execute(delete(story_clusters).where(story_clusters.c.id == cluster_id))
        return
    rep = conn.execute(
        select(articles.c.id)
        .where(articles.c.cluster_id == cluster_id)
        .order_by(
            articles.c.published.is_(None),
            articles.c.published,
            func.length(articles.c.text).desc(),
            articles.c.id,
        )
        .limit(1)
    ).scalar_one()
    conn.execute(
        update(story_clusters)
        .where(story_clusters.c.id == cluster_id)
        .values(representative_id=rep, size=size, updated_at=now_utc())
    )


# -------------------------------------------------------------------------------- reads


def _member_rows(conn: Connection, cluster_id: int) -> list[dict[str, Any]]:
    query = (
        select(
            articles.c.id,
            articles.c.url,
            articles.c.source,
            articles.c.site_name,
            articles.c.title,
            articles.c.published,
        )
        .where(articles.c.cluster_id == cluster_id)
        .order_by(articles.c.published.is_(None), articles.c.published, articles.c.id)
    )
    return [{**dict(r._mapping), "published": iso(r.published)} for r in conn.execute(query).all()]


def cluster_of(conn: Connection, article_id: int) -> dict[str, Any] | None:
    """The cluster holding `article_id` with its members; None if the article is absent."""
    row = conn.execute(select(articles.c.cluster_id).where(articles.c.id == article_id)).first()
    if row is None:
        return None
    if row.cluster_id is None:
        return {"id": None, "size": 1, "representative_id": article_id,
                "developing_story_id": None, "members": []}  # fmt: skip
    return cluster_by_id(conn, row.cluster_id)


def cluster_by_id(conn: Connection, cluster_id: int) -> dict[str, Any] | None:
    """A cluster row with its members (url, source, site, title, published), oldest first."""
    row = conn.execute(select(story_clusters).where(story_clusters.c.id == cluster_id)).first()
    if row is None:
        return None
    return {
        "id": row.id,
        "size": row.size,
        "representative_id": row.representative_id,
        "developing_story_id": row.developing_story_id,
        "members": _member_rows(conn, cluster_id),
    }


def story_sources(conn: Connection, cluster_id: int) -> list[dict[str, Any]]:
    """Who carried the story: one row per member with source, site, url and date."""
    return [
        {k: m[k] for k in ("id", "source", "site_name", "url", "published")}
        for m in _member_rows(conn, cluster_id)
    ]


def developing_clusters(conn: Connection, story_id: int) -> list[int]:
    """Ids of the clusters in one developing story, oldest first."""
    query = (
        select(story_clusters.c.id)
        .where(story_clusters.c.developing_story_id == story_id)
        .order_by(story_clusters.c.id)
    )
    return [int(i) for i in conn.execute(query).scalars()]
