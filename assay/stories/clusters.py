"""Story clusters: near-duplicate articles share a cluster, related events a developing story.

Every article gets a cluster. `assign_pending` takes the articles that have no signature
yet (new, or text changed since), computes their MinHash, stores its LSH band keys, and
looks candidates up by key; a candidate whose estimated Jaccard reaches `jaccard` and
whose words mostly line up puts the article in its cluster, otherwise the article starts
one. An unchanged article keeps its signature and cluster, so re-ingesting is a no-op.

Developing stories: a new cluster whose article states a fact of the same type as an
article published within `days`, with at least two (or all, if fewer) of the same
party/actor/target/investor entities, shares that cluster's `developing_story_id`: the
id of the first cluster of the event.

The rules are here; every read and write goes through a `StoryIndex` (the store's
`StoryTables` today), so this module holds no SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from assay.models import PARTY_ROLES
from assay.stories import minhash

T = TypeVar("T")

EVENT_ROLES = PARTY_ROLES
CHUNK = 500  # articles whose band keys are written together


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


class StoryIndex(Protocol):
    """What clustering needs from a store, inside one transaction (see store/clusters.py)."""

    def pending(self, limit: int | None = None) -> list[tuple[int, str, int | None]]: ...
    def forget_bands(self, ids: Sequence[int]) -> None: ...
    def add_bands(self, rows: Sequence[tuple[int, int, int]]) -> None: ...
    def candidates(self, keys: Sequence[tuple[int, int]]) -> set[int]: ...
    def signatures(self, ids: Iterable[int]) -> list[tuple[int, bytes, int]]: ...
    def text(self, article_id: int) -> str | None: ...
    def cluster_size(self, cluster_id: int) -> int: ...
    def keep(self, article_id: int, minhash: bytes) -> None: ...
    def move(self, article_id: int, minhash: bytes, old: int | None, target: int | None) -> int: ...
    def event_arguments(
        self, ids: Sequence[int], roles: Sequence[str]
    ) -> list[tuple[int, int, str, int]]: ...
    def when(self, article_id: int) -> datetime: ...
    def events_near(
        self,
        type_: str,
        entity_ids: Iterable[int],
        roles: Sequence[str],
        other_than: int,
        start: datetime,
        end: datetime,
    ) -> list[tuple[int, int, int, datetime]]: ...
    def developing_ids(self, cluster_ids: Iterable[int]) -> dict[int, int | None]: ...
    def set_developing(self, linked: Iterable[int], story_id: int) -> None: ...


class StoryBackend(Protocol):
    """A store that runs work on a `StoryIndex` in one write transaction, again from the
    start if the transaction lost a race with another writer (`Store.with_story_index`)."""

    def with_story_index(self, work: Callable[[StoryIndex], T]) -> T: ...


def cluster_pending(
    backend: StoryBackend, params: DedupeParams | None = None, limit: int | None = None
) -> ClusterReport:
    """Put every article not yet clustered into its story cluster, in one transaction."""
    return backend.with_story_index(
        lambda index: assign_pending(index, params or DedupeParams(), limit)
    )


def assign_pending(
    index: StoryIndex, params: DedupeParams, limit: int | None = None
) -> ClusterReport:
    """Cluster every article without a signature, oldest id first."""
    report = ClusterReport()
    rows = index.pending(limit)
    for start in range(0, len(rows), CHUNK):
        _assign_chunk(index, rows[start : start + CHUNK], params, report)
    return report


# Event keys of an article: fact type -> the entity-id sets of each fact's parties.
Events = dict[str, list[frozenset[int]]]


@dataclass
class _Chunk:
    """Articles of this chunk already assigned; their band keys are written at the end."""

    keys: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    values: dict[int, Any] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)
    cluster: dict[int, int] = field(default_factory=dict)
    bands: list[tuple[int, int, int]] = field(default_factory=list)


def _assign_chunk(
    index: StoryIndex,
    rows: Sequence[tuple[int, str, int | None]],
    params: DedupeParams,
    report: ClusterReport,
) -> None:
    ids = [r[0] for r in rows]
    # Text changed since the last signature: the old band keys no longer describe it.
    index.forget_bands(ids)
    events = event_keys(index.event_arguments(ids, EVENT_ROLES))
    sigs = minhash.signatures([r[1] for r in rows])
    chunk = _Chunk()
    for (article_id, text, old), sig in zip(rows, sigs, strict=True):
        values = sig.hashvalues
        keys = minhash.band_keys(values, params.threshold)
        target = best_match(index, article_id, text, values, keys, params.jaccard, chunk)
        cluster_id = _place(index, article_id, old, target, minhash.to_bytes(sig))
        report.clustered += 1
        if target is not None and target != old:
            report.joined += 1
        new_cluster = cluster_id != old and target is None
        if new_cluster and article_id in events:
            story = link_developing(index, article_id, cluster_id, params.days, events[article_id])
            report.developing += story is not None
        for key in keys:
            chunk.keys.setdefault(key, []).append(article_id)
        chunk.values[article_id], chunk.texts[article_id] = values, text
        chunk.cluster[article_id] = cluster_id
        chunk.bands.extend((article_id, b, h) for b, h in keys)
    index.add_bands(chunk.bands)


def _place(
    index: StoryIndex, article_id: int, old: int | None, target: int | None, sig: bytes
) -> int:
    """Store the signature and move the article into `target` (or a new cluster); its id."""
    if target is not None and target == old:  # still a copy of the same story
        index.keep(article_id, sig)
        return old
    if target is None and old is not None and index.cluster_size(old) <= 1:
        index.keep(article_id, sig)  # alone, and still unlike anything else
        return old
    return index.move(article_id, sig, old, target)


def best_match(
    index: StoryIndex,
    article_id: int,
    text: str,
    values: Any,
    keys: list[tuple[int, int]],
    jaccard: float,
    chunk: _Chunk,
) -> int | None:
    """The cluster of the most similar confirmed candidate, or None."""
    stored = index.candidates(keys)
    stored.discard(article_id)
    scored = []
    for other_id, sig, cluster_id in index.signatures(stored) if stored else []:
        score = minhash.estimated_jaccard(values, minhash.hashvalues(sig))
        if score >= jaccard:
            scored.append((-score, other_id, cluster_id))
    for other in {i for key in keys for i in chunk.keys.get(key, ())}:
        score = minhash.estimated_jaccard(values, chunk.values[other])
        if score >= jaccard:
            scored.append((-score, other, chunk.cluster[other]))
    # Best first; ties go to the older article, so the result does not depend on row order.
    for _score, other_id, cluster_id in sorted(scored):
        other_text = chunk.texts.get(other_id) or index.text(other_id)
        if other_text is not None and minhash.word_ratio(text, other_text) >= minhash.WORD_RATIO:
            return int(cluster_id)
    return None


# --------------------------------------------------------------------- developing stories


def event_keys(arguments: Iterable[tuple[int, int, str, int]]) -> dict[int, Events]:
    """Article id -> fact type -> entity-id sets, from (fact, article, type, entity) rows."""
    by_fact: dict[int, tuple[int, str, set[int]]] = {}
    for fact_id, article_id, type_, entity_id in arguments:
        by_fact.setdefault(fact_id, (article_id, type_, set()))[2].add(entity_id)
    out: dict[int, Events] = {}
    for article_id, type_, entity_ids in by_fact.values():
        out.setdefault(article_id, {}).setdefault(type_, []).append(frozenset(entity_ids))
    return out


def same_event(theirs: set[int], ours: frozenset[int]) -> bool:
    """Two facts of one type describe one event when they share two parties (or all of ours)."""
    return len(theirs & ours) >= min(2, len(ours))


def link_developing(
    index: StoryIndex, article_id: int, cluster_id: int, days: int, events: Events
) -> int | None:
    """Give `cluster_id` the developing story of related events (`events`: the article's
    fact type -> entity-id sets); returns the story id, or None if nothing is related."""
    when = index.when(article_id)
    window = timedelta(days=days)
    found: set[int] = set()
    for type_, key_sets in events.items():
        wanted = set().union(*key_sets)
        rows = index.events_near(
            type_, wanted, EVENT_ROLES, cluster_id, when - window, when + window
        )
        other: dict[int, tuple[int, datetime, set[int]]] = {}
        for fact_id, entity_id, other_cluster, stamp in rows:
            other.setdefault(fact_id, (other_cluster, stamp, set()))[2].add(entity_id)
        for other_cluster, stamp, ids in other.values():
            if abs(stamp - when) > window:
                continue
            if any(same_event(ids, keys) for keys in key_sets):
                found.add(other_cluster)
    if not found:
        return None
    stories = index.developing_ids(found)
    story = min(min(s or c for c, s in stories.items()), cluster_id)
    linked = {cluster_id, *found, *(s for s in stories.values() if s)}
    index.set_developing(linked, story)
    return story
