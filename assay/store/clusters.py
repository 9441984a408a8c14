"""Story clusters: near-duplicate articles share a cluster, related events a developing story.

Every article gets a cluster. `assign_pending` takes the articles that have no signature
yet (new, or text changed since), computes their MinHash, stores its LSH band keys in
`minhash_bands`, and looks candidates up by index; a candidate whose estimated Jaccard
reaches `jaccard` puts the article in its cluster, otherwise the article starts one.
An unchanged article keeps its signature and cluster, so re-ingesting is a no-op.

Developing stories: a new cluster whose article states a fact of the same type as an
article published within `days`, with at least two (or all, if fewer) of the same
party/actor/target/investor entities, shares that cluster's `developing_story_id`: the
id of the first cluster of the event.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
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

from assay.enrich import dedupe
from assay.store.convert import iso, now_utc, to_utc
from assay.store.schema import (
    articles,
    fact_arguments,
    facts,
    minhash_bands,
    story_clusters,
)

EVENT_ROLES = ("party", "actor", "target", "investor")
_CHUNK = 500  # stays under SQLite's bound-parameter limit


@dataclass(frozen=True)
class DedupeParams:
    """Thresholds from settings: LSH `threshold`, confirming `jaccard`, developing `days`."""

    threshold: float = 0.3
    jaccard: float = 0.4
    days: int = 14


@dataclass
class ClusterReport:
    """Counts from one `assign_pending` pass."""

    clustered: int = 0
    joined: int = 0  # articles that joined an existing cluster as near-copies
    developing: int = 0  # new clusters linked to an earlier event


def assign_pending(
    conn: Connection, params: DedupeParams, limit: int | None = None
) -> ClusterReport:
    """Cluster every article without a signature, oldest id first, on `conn`."""
    report = ClusterReport()
    query = (
        select(articles.c.id, articles.c.text, articles.c.cluster_id)
        .where(articles.c.minhash.is_(None))
        .order_by(articles.c.id)
    )
    if limit is not None:
        query = query.limit(limit)
    rows = conn.execute(query).all()
    for start in range(0, len(rows), _CHUNK):
        _assign_chunk(conn, rows[start : start + _CHUNK], params, report)
    return report


@dataclass
class _Chunk:
    """Articles of this chunk already assigned; their band keys are written at the end."""

    keys: dict[tuple[int, int], list[int]]
    values: dict[int, Any]
    texts: dict[int, str]
    cluster: dict[int, int]
    bands: list[dict[str, int]]


def _assign_chunk(
    conn: Connection, rows: Sequence[Any], params: DedupeParams, report: ClusterReport
) -> None:
    ids = [r.id for r in rows]
    # Text changed since the last signature: the old band keys no longer describe it.
    conn.execute(delete(minhash_bands).where(minhash_bands.c.article_id.in_(ids)))
    events = _event_keys(conn, ids)
    sigs = dedupe.signatures([r.text for r in rows])
    chunk = _Chunk({}, {}, {}, {}, [])
    for row, sig in zip(rows, sigs, strict=True):
        values = sig.hashvalues
        keys = dedupe.band_keys(values, params.threshold)
        target = _best_match(conn, row.id, row.text, values, keys, params.jaccard, chunk)
        cluster_id = _place(conn, row.id, row.cluster_id, target, dedupe.to_bytes(sig))
        report.clustered += 1
        if target is not None and target != row.cluster_id:
            report.joined += 1
        new_cluster = cluster_id != row.cluster_id and target is None
        if new_cluster and row.id in events:
            story = link_developing(conn, row.id, cluster_id, params.days, events[row.id])
            report.developing += story is not None
        for key in keys:
            chunk.keys.setdefault(key, []).append(row.id)
        chunk.values[row.id], chunk.texts[row.id], chunk.cluster[row.id] = (
            values,
            row.text,
            cluster_id,
        )
        chunk.bands.extend({"band": b, "hash": h, "article_id": row.id} for b, h in keys)
    if chunk.bands:
        conn.execute(insert(minhash_bands), chunk.bands)


def _place(
    conn: Connection, article_id: int, old: int | None, target: int | None, minhash: bytes
) -> int:
    """Store the signature and move the article into `target` (or a new cluster); its id."""
    stay = (target is not None and target == old) or (
        target is None and old is not None and _cluster_size(conn, old) <= 1
    )
    if stay:  # still a copy of the same story, or alone and still unlike anything else
        assert old is not None
        conn.execute(update(articles).where(articles.c.id == article_id).values(minhash=minhash))
        return old
    if target is None:
        now = now_utc()
        pk = conn.execute(
            insert(story_clusters).values(
                representative_id=article_id, created_at=now, updated_at=now, size=1
            )
        ).inserted_primary_key
        assert pk is not None
        target = int(pk[0])
        fresh = True
    else:
        fresh = False
    conn.execute(
        update(articles)
        .where(articles.c.id == article_id)
        .values(minhash=minhash, cluster_id=target)
    )
    if old is not None:
        refresh_cluster(conn, old)
    if not fresh:
        refresh_cluster(conn, target)
    return target


@functools.lru_cache(maxsize=8)
def _candidates_query(n_bands: int) -> Select[Any]:
    """Articles sharing any band key. OR of (band, hash) pairs, not a row-value IN: SQLite
    answers the OR with one index search per band, but scans the table for the IN."""
    band, hash_ = minhash_bands.c.band, minhash_bands.c.hash
    terms = [and_(band == bindparam(f"b{i}"), hash_ == bindparam(f"h{i}")) for i in range(n_bands)]
    return select(minhash_bands.c.article_id).where(or_(*terms)).distinct()


def _best_match(
    conn: Connection,
    article_id: int,
    text: str,
    values: Any,
    keys: list[tuple[int, int]],
    jaccard: float,
    chunk: _Chunk,
) -> int | None:
    """The cluster of the most similar confirmed candidate, or None."""
    params = {f"b{i}": b for i, (b, _) in enumerate(keys)}
    params.update({f"h{i}": h for i, (_, h) in enumerate(keys)})
    found = conn.execute(_candidates_query(len(keys)), params).scalars()
    stored = {int(i) for i in found}
    stored.discard(article_id)
    scored = []
    if stored:
        query = select(articles.c.id, articles.c.minhash, articles.c.cluster_id).where(
            articles.c.id.in_(sorted(stored)) & articles.c.cluster_id.is_not(None)
        )
        for row in conn.execute(query):
            score = dedupe.estimated_jaccard(values, dedupe.hashvalues(row.minhash))
            if score >= jaccard:
                scored.append((-score, row.id, row.cluster_id))
    for other in {i for key in keys for i in chunk.keys.get(key, ())}:
        score = dedupe.estimated_jaccard(values, chunk.values[other])
        if score >= jaccard:
            scored.append((-score, other, chunk.cluster[other]))
    # Best first; ties go to the older article, so the result does not depend on row order.
    for _score, other_id, cluster_id in sorted(scored):
        other_text = (
            chunk.texts.get(other_id)
            or conn.execute(select(articles.c.text).where(articles.c.id == other_id)).scalar()
        )
        if other_text is not None and dedupe.word_ratio(text, other_text) >= dedupe.WORD_RATIO:
            return int(cluster_id)
    return None


def _cluster_size(conn: Connection, cluster_id: int) -> int:
    query = select(func.count()).where(articles.c.cluster_id == cluster_id)
    return int(conn.execute(query).scalar_one())


def _rank(row: Any) -> tuple[bool, datetime, int, int]:
    # Representative: the earliest published (undated last), then the longest, then oldest id.
    published = to_utc(row.published) or datetime.max.replace(tzinfo=None)
    return (row.published is None, published.replace(tzinfo=None), -row.length, row.id)


def refresh_cluster(conn: Connection, cluster_id: int) -> None:
    """Recount a cluster and re-pick its representative; delete it if it has no members."""
    query = select(
        articles.c.id, articles.c.published, func.length(articles.c.text).label("length")
    ).where(articles.c.cluster_id == cluster_id)
    members = conn.execute(query).all()
    if not members:
        conn.execute(delete(story_clusters).where(story_clusters.c.id == cluster_id))
        return
    rep = min(members, key=_rank)
    conn.execute(
        update(story_clusters)
        .where(story_clusters.c.id == cluster_id)
        .values(representative_id=rep.id, size=len(members), updated_at=now_utc())
    )


# --------------------------------------------------------------------- developing stories


def _event_keys(conn: Connection, ids: list[int]) -> dict[int, dict[str, list[frozenset[int]]]]:
    """Article id -> fact type -> entity-id sets of each fact's parties/actors/targets."""
    query = (
        select(facts.c.id, facts.c.article_id, facts.c.type, fact_arguments.c.entity_id)
        .join(fact_arguments, fact_arguments.c.fact_id == facts.c.id)
        .where(facts.c.article_id.in_(ids))
        .where(fact_arguments.c.role.in_(EVENT_ROLES))
        .where(fact_arguments.c.entity_id.is_not(None))
    )
    by_fact: dict[int, tuple[int, str, set[int]]] = {}
    for row in conn.execute(query):
        by_fact.setdefault(row.id, (row.article_id, row.type, set()))[2].add(row.entity_id)
    out: dict[int, dict[str, list[frozenset[int]]]] = {}
    for article_id, type_, entity_ids in by_fact.values():
        out.setdefault(article_id, {}).setdefault(type_, []).append(frozenset(entity_ids))
    return out


def _when(conn: Connection, article_id: int) -> datetime:
    row = conn.execute(
        select(articles.c.published, articles.c.ingested_at).where(articles.c.id == article_id)
    ).one()
    when = to_utc(row.published or row.ingested_at)
    assert when is not None
    return when


def link_developing(
    conn: Connection,
    article_id: int,
    cluster_id: int,
    days: int,
    events: dict[str, list[frozenset[int]]],
) -> int | None:
    """Give `cluster_id` the developing story of related events (`events`: the article's
    fact type -> entity-id sets); returns the story id, or None if nothing is related."""
    when = _when(conn, article_id)
    window = timedelta(days=days)
    found: set[int] = set()
    for type_, key_sets in events.items():
        wanted = set().union(*key_sets)
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
            .where(fact_arguments.c.role.in_(EVENT_ROLES))
            .where(fact_arguments.c.entity_id.in_(wanted))
            .where(articles.c.cluster_id.is_not(None))
            .where(articles.c.cluster_id != cluster_id)
            # facts.published is indexed; undated articles are checked on ingested_at below.
            .where(
                facts.c.published.between(when - window, when + window)
                | facts.c.published.is_(None)
            )
        )
        other: dict[int, tuple[int, datetime, set[int]]] = {}
        for row in conn.execute(query):
            stamp = to_utc(row.published or row.ingested_at)
            assert stamp is not None
            other.setdefault(row.id, (row.cluster_id, stamp, set()))[2].add(row.entity_id)
        for other_cluster, stamp, ids in other.values():
            if abs(stamp - when) > window:
                continue
            if any(len(ids & keys) >= min(2, len(keys)) for keys in key_sets):
                found.add(other_cluster)
    if not found:
        return None
    rows = conn.execute(
        select(story_clusters.c.id, story_clusters.c.developing_story_id).where(
            story_clusters.c.id.in_(found)
        )
    ).all()
    story = min(r.developing_story_id or r.id for r in rows)
    story = min(story, cluster_id)
    linked = {cluster_id, *found, *(r.developing_story_id for r in rows if r.developing_story_id)}
    conn.execute(
        update(story_clusters)
        .where(story_clusters.c.id.in_(linked) | story_clusters.c.developing_story_id.in_(linked))
        .values(developing_story_id=story)
    )
    return int(story)


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
