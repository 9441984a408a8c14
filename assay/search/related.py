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
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from assay.errors import NotFound
from assay.search.backend import Neighbours, RelatedBackend, SearchSource
from assay.search.compile import compiler_for
from assay.search.results import RelatedHit
from assay.search.syntax import Filters, Term
from assay.search.vectors import IndexCache, QueryEmbedder

W_VECTOR, W_TEXT, W_ENTITY, W_FACT, W_RECENT = 0.35, 0.35, 0.2, 0.05, 0.05
RECENCY_DAYS = 30.0
VECTOR_CANDIDATES = 100
TEXT_CANDIDATES = 100
ENTITY_CANDIDATES = 300  # per query entity, rarest entities first
QUERY_ENTITIES = 8
MLT_TERMS = 10
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
    source: SearchSource,
    article_id: int,
    k: int = 5,
    embedder: QueryEmbedder | None = None,
    indexes: IndexCache | None = None,
) -> list[RelatedHit]:
    """Up to `k` related articles, best first, each with a score and reasons.

    Uses stored embeddings of `embedder.name` (or of the model with most stored vectors when
    no embedder is given); `embedder` also embeds the article if it has no vector yet.
    `indexes` keeps loaded vector indexes between calls. NotFound if the article does not
    exist.
    """
    with source.search_backend() as backend:
        found = backend.article_text(article_id)
        if found is None:
            raise NotFound(f"No article with id {article_id}; see 'assay articles list'.")
        article = _Source(article_id, *found)
        model = embedder.name if embedder is not None else None
        if model is None:
            models = backend.embedding_models()
            model = models[0] if models else None
        index: Neighbours | None = None
        if model is not None:
            index = backend.vector_index(model)
            if index is None:
                index = (indexes or IndexCache()).get(backend, model)
        return _related(backend, article, k, index, embedder)


def _related(
    backend: RelatedBackend,
    source: _Source,
    k: int,
    index: Neighbours | None,
    embedder: QueryEmbedder | None,
) -> list[RelatedHit]:
    excluded = {source.id}
    if source.cluster_id is not None:
        excluded |= backend.cluster_members(source.cluster_id)

    cosine: dict[int, float] = {}
    if index is not None:
        qvec = index.vector(source.id)
        if qvec is None and embedder is not None:
            qvec = embedder.encode([f"{source.title}\n{source.text}"])[0]
        if qvec is not None and float(np.linalg.norm(qvec)) > 0:
            for aid, score in index.search(qvec, VECTOR_CANDIDATES + len(excluded)):
                if aid not in excluded:
                    cosine[aid] = max(0.0, score)

    lexical = _more_like_this(backend, source, excluded)

    total = backend.article_count()
    mine = backend.entities_of([source.id]).get(source.id, {})
    df = backend.doc_freqs(list(mine))
    idf = {e: math.log(1.0 + total / max(1, n)) for e, n in df.items()}
    by_entity: set[int] = set()
    for eid in sorted(mine, key=lambda e: -idf[e])[:QUERY_ENTITIES]:
        by_entity.update(backend.mentioning(eid, excluded, ENTITY_CANDIDATES))

    candidates = (set(cosine) | set(lexical) | by_entity) - excluded
    if not candidates:
        return []
    ids = sorted(candidates)
    theirs = backend.entities_of(ids)
    all_entities = {e for ents in theirs.values() for e in ents}
    df.update(backend.doc_freqs(sorted(all_entities - set(df))))
    idf.update({e: math.log(1.0 + total / max(1, n)) for e, n in df.items() if e not in idf})
    my_norm = math.sqrt(sum(idf[e] ** 2 for e in mine))
    my_parties = backend.fact_parties([source.id]).get(source.id, set())
    parties = backend.fact_parties(ids) if my_parties else {}
    meta = backend.article_meta(ids)

    scored: list[tuple[float, int, list[str]]] = []
    for aid in ids:
        if aid not in meta:
            continue
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

    out: list[RelatedHit] = []
    seen_clusters: set[int] = set()
    for score, aid, reasons in scored:
        m = meta[aid]
        cid = m["cluster_id"]
        if cid is not None:
            if cid in seen_clusters:
                continue
            seen_clusters.add(cid)
        out.append(
            RelatedHit(
                id=aid,
                title=m["title"],
                url=m["url"],
                published=m["published"],
                language=m["language"],
                cluster_id=cid,
                score=round(score, 6),
                reasons=reasons,
            )
        )
        if len(out) == k:
            break
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


def _more_like_this(
    backend: RelatedBackend, source: _Source, excluded: set[int]
) -> dict[int, float]:
    """Full-text score of an OR query of the article's content words, over the article's own."""
    terms = content_terms(source.title, source.text)
    if not terms:
        return {}
    match = compiler_for(backend.dialect).any_of([Term(t) for t in terms])
    assert match is not None
    found, _ = backend.text_candidates(
        match, Filters(), TEXT_CANDIDATES + len(excluded), counted=False
    )
    scores = dict(found)
    own = scores.get(source.id)
    if own is None:
        # The article's own score bounds everyone else's; compute it if it fell outside.
        value = backend.score_of(match, source.id)
        own = value if value is not None else max(scores.values(), default=1.0)
    own = max(own, max(scores.values(), default=own), 1e-9)
    return {aid: min(1.0, s / own) for aid, s in scores.items() if aid not in excluded}


def _recency(a: datetime | None, b: datetime | None) -> float:
    if a is None or b is None:
        return 0.0
    days = abs((a - b).total_seconds()) / 86_400
    return math.exp(-days / RECENCY_DAYS)
