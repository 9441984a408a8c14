""" "Read more": articles related to one article, each with the reasons it was chosen.

Candidates come from three places: the article's nearest embedding neighbours, a BM25
"more like this" query of its most frequent content words, and articles sharing its
rarest entities. Each candidate is scored by

    W_VECTOR * cosine of embeddings
  + W_TEXT   * BM25 of the more-like-this query, relative to the article's own score
  + W_ENTITY * cosine of IDF-weighted entity sets (rare shared entities count most)
  + W_FACT   * share of the article's fact parties that also take part in its facts
  + W_RECENT * exp(-days apart / RECENCY_DAYS)

The article itself and every member of its story cluster (syndicated copies) are never
returned, and at most one article per cluster is.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import Connection, DateTime, text

from assay.errors import NotFound
from assay.store.convert import iso, to_utc
from assay.store.fts import TEXT_WEIGHT, TITLE_WEIGHT
from assay.store.vectors import stored_models

if TYPE_CHECKING:
    from assay.store.db import Store
    from assay.store.search import QueryEmbedder

W_VECTOR, W_TEXT, W_ENTITY, W_FACT, W_RECENT = 0.35, 0.35, 0.2, 0.05, 0.05
RECENCY_DAYS = 30.0
VECTOR_CANDIDATES = 100
TEXT_CANDIDATES = 100
ENTITY_CANDIDATES = 300  # per query entity, rarest entities first
QUERY_ENTITIES = 8
MLT_TERMS = 25
MAX_REASONS = 5

# Words too common in news to say what a story is about.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers him his how i if in into is it its
    itself just last like made make many may me might more most much must my new no nor not
    now of off on once one only or other our out over own per said same says she should since
    so some such than that the their them then there these they this those through to too
    two under until up upon us very was we were what when where which while who whom why will
    with would year years you your reuter reuters mln billion million pct percent dlrs dlr
    cts told week weeks month months today yesterday monday tuesday wednesday thursday friday
    saturday sunday january february march april june july august september october
    november december jan feb mar apr jun jul aug sep sept oct nov dec inc corp co ltd""".split()  # noqa: SIM905 (a word list reads better as text)
)
_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]", re.UNICODE)


@dataclass
class _Source:
    id: int
    cluster_id: int | None
    published: datetime | None
    title: str
    text: str


def related(
    store: Store, article_id: int, k: int = 5, embedder: QueryEmbedder | None = None
) -> list[dict[str, Any]]:
    """Up to `k` related articles, best first: id, title, url, published, score, reasons.

    Uses stored embeddings of `embedder.name` (or of the model with most stored vectors when
    no embedder is given); `embedder` also embeds the article if it has no vector yet.
    NotFound if the article does not exist.
    """
    model = embedder.name if embedder is not None else None
    with store.reading() as conn:
        source = _source(conn, article_id)
        if model is None:
            models = stored_models(conn)
            model = models[0] if models else None
    index = store.vector_index(model) if model is not None else None
    with store.reading() as conn:
        return _related(conn, source, k, index, embedder)


def _source(conn: Connection, article_id: int) -> _Source:
    row = conn.execute(
        text("SELECT id, cluster_id, published, title, text FROM articles WHERE id = :id").columns(
            published=DateTime(timezone=True)
        ),
        {"id": article_id},
    ).first()
    if row is None:
        raise NotFound(f"No article with id {article_id}; see 'assay articles list'.")
    return _Source(row.id, row.cluster_id, to_utc(row.published), row.title, row.text)


def _related(
    conn: Connection,
    source: _Source,
    k: int,
    index: Any,
    embedder: QueryEmbedder | None,
) -> list[dict[str, Any]]:
    excluded = {source.id}
    if source.cluster_id is not None:
        rows = conn.execute(
            text("SELECT id FROM articles WHERE cluster_id = :c"), {"c": source.cluster_id}
        )
        excluded.update(r[0] for r in rows)

    cosine: dict[int, float] = {}
    if index is not None:
        qvec = index.vector(source.id)
        if qvec is None and embedder is not None:
            qvec = embedder.encode([f"{source.title}\n{source.text}"])[0]
        if qvec is not None and float(np.linalg.norm(qvec)) > 0:
            for aid, score in index.search(qvec, VECTOR_CANDIDATES + len(excluded)):
                if aid not in excluded:
                    cosine[aid] = max(0.0, score)

    lexical = _more_like_this(conn, source, excluded)

    total = int(conn.execute(text("SELECT count(*) FROM articles")).scalar_one())
    mine = _entities_of(conn, [source.id]).get(source.id, {})
    df = _doc_freq(conn, list(mine))
    idf = {e: math.log(1.0 + total / max(1, n)) for e, n in df.items()}
    by_entity = _entity_candidates(conn, sorted(mine, key=lambda e: -idf[e]), excluded)

    candidates = (set(cosine) | set(lexical) | by_entity) - excluded
    if not candidates:
        return []
    ids = sorted(candidates)
    theirs = _entities_of(conn, ids)
    all_entities = {e for ents in theirs.values() for e in ents}
    df.update(_doc_freq(conn, sorted(all_entities - set(df))))
    idf.update({e: math.log(1.0 + total / max(1, n)) for e, n in df.items() if e not in idf})
    my_norm = math.sqrt(sum(idf[e] ** 2 for e in mine))
    my_parties = _fact_parties(conn, [source.id]).get(source.id, set())
    parties = _fact_parties(conn, ids) if my_parties else {}
    meta = _meta(conn, ids)

    scored: list[tuple[float, int, list[str]]] = []
    for aid in ids:
        ents = theirs.get(aid, {})
        shared = set(ents) & set(mine)
        their_norm = math.sqrt(sum(idf[e] ** 2 for e in ents))
        overlap = (
            sum(idf[e] ** 2 for e in shared) / (my_norm * their_norm)
            if shared and my_norm and their_norm
            else 0.0
        )
        fact = len(my_parties & parties.get(aid, set())) / len(my_parties) if my_parties else 0.0
        recent = _recency(source.published, meta[aid]["published"])
        score = (
            W_VECTOR * cosine.get(aid, 0.0)
            + W_TEXT * lexical.get(aid, 0.0)
            + W_ENTITY * overlap
            + W_FACT * fact
            + W_RECENT * recent
        )
        reasons = [mine[e] for e in sorted(shared, key=lambda e: (-idf[e], mine[e]))]
        scored.append((score, aid, reasons[:MAX_REASONS]))
    scored.sort(key=lambda s: (-s[0], s[1]))

    out: list[dict[str, Any]] = []
    seen_clusters: set[int] = set()
    for score, aid, reasons in scored:
        cid = meta[aid]["cluster_id"]
        if cid is not None:
            if cid in seen_clusters:
                continue
            seen_clusters.add(cid)
        out.append({"id": aid, **meta[aid], "score": round(score, 6), "reasons": reasons})
        if len(out) == k:
            break
    for item in out:
        item["published"] = iso(item["published"])
    return out


def content_terms(title: str, body: str, limit: int = MLT_TERMS) -> list[str]:
    """The article's most frequent content words (title words count three times)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for weight, part in ((3, title), (1, body)):
        for m in _WORD.finditer(part):
            word = m.group(0).lower().strip("'-")
            if len(word) < 3 or word in STOPWORDS:
                continue
            counts[word] += weight
            first.setdefault(word, len(first))
    ranked = sorted(counts, key=lambda w: (-counts[w], first[w]))
    return ranked[:limit]


def _more_like_this(conn: Connection, source: _Source, excluded: set[int]) -> dict[int, float]:
    """BM25 of an OR query of the article's content words, divided by the article's own."""
    terms = content_terms(source.title, source.text)
    if not terms:
        return {}
    match = " OR ".join('"' + t.replace('"', "") + '"' for t in terms)
    sql = f"""
        SELECT rowid, -bm25(articles_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT}) AS score
        FROM articles_fts WHERE articles_fts MATCH :m
        ORDER BY bm25(articles_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT}) LIMIT :n
    """
    rows = conn.execute(text(sql), {"m": match, "n": TEXT_CANDIDATES + len(excluded)}).all()
    scores = {int(r[0]): float(r[1]) for r in rows}
    own = scores.get(source.id)
    if own is None:
        # The article's own score bounds everyone else's; compute it if it fell outside.
        own_sql = sql.replace("LIMIT :n", "").replace(
            "WHERE articles_fts MATCH :m", "WHERE articles_fts MATCH :m AND rowid = :id"
        )
        value = conn.execute(text(own_sql), {"m": match, "id": source.id}).scalar()
        own = float(value) if value is not None else max(scores.values(), default=1.0)
    own = max(own, max(scores.values(), default=own), 1e-9)
    return {aid: min(1.0, s / own) for aid, s in scores.items() if aid not in excluded}


def _in_list(ids: list[int]) -> str:
    # Integers from our own queries: inlined rather than hundreds of bound parameters.
    return ",".join(str(int(i)) for i in ids) or "NULL"


def _entities_of(conn: Connection, ids: list[int]) -> dict[int, dict[int, str]]:
    """entity id -> name, per article."""
    out: dict[int, dict[int, str]] = defaultdict(dict)
    if not ids:
        return out
    sql = f"""
        SELECT DISTINCT m.article_id, e.id, e.name FROM mentions m
        JOIN entities e ON e.id = m.entity_id WHERE m.article_id IN ({_in_list(ids)})
    """
    for aid, eid, name in conn.execute(text(sql)):
        out[aid][eid] = name
    return out


def _doc_freq(conn: Connection, entity_ids: list[int]) -> dict[int, int]:
    """How many articles mention each entity."""
    if not entity_ids:
        return {}
    sql = f"""
        SELECT entity_id, count(DISTINCT article_id) FROM mentions
        WHERE entity_id IN ({_in_list(entity_ids)}) GROUP BY entity_id
    """
    return {int(e): int(n) for e, n in conn.execute(text(sql))}


def _entity_candidates(conn: Connection, rarest_first: list[int], excluded: set[int]) -> set[int]:
    """Articles mentioning the article's rarest entities, newest first per entity."""
    found: set[int] = set()
    for eid in rarest_first[:QUERY_ENTITIES]:
        sql = f"""
            SELECT DISTINCT m.article_id FROM mentions m
            WHERE m.entity_id = :e AND m.article_id NOT IN ({_in_list(sorted(excluded))})
            ORDER BY m.article_id DESC LIMIT :n
        """
        found.update(r[0] for r in conn.execute(text(sql), {"e": eid, "n": ENTITY_CANDIDATES}))
    return found


def _fact_parties(conn: Connection, ids: list[int]) -> dict[int, set[int]]:
    """Entity ids taking part in each article's facts."""
    out: dict[int, set[int]] = defaultdict(set)
    if not ids:
        return out
    sql = f"""
        SELECT f.article_id, fa.entity_id FROM facts f
        JOIN fact_arguments fa ON fa.fact_id = f.id
        WHERE f.article_id IN ({_in_list(ids)}) AND fa.entity_id IS NOT NULL
    """
    for aid, eid in conn.execute(text(sql)):
        out[aid].add(eid)
    return out


def _meta(conn: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    sql = f"""
        SELECT id, title, url, published, language, cluster_id FROM articles
        WHERE id IN ({_in_list(ids)})
    """
    stmt = text(sql).columns(published=DateTime(timezone=True))
    return {
        r.id: {
            "title": r.title,
            "url": r.url,
            "published": to_utc(r.published),
            "language": r.language,
            "cluster_id": r.cluster_id,
        }
        for r in conn.execute(stmt)
    }


def _recency(a: datetime | None, b: datetime | None) -> float:
    if a is None or b is None:
        return 0.0
    days = abs((a - b).total_seconds()) / 86_400
    return math.exp(-days / RECENCY_DAYS)
