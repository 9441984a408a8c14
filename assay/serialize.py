"""The `assay analyze` record: one JSON object per story (schema in docs/analyze.schema.json)."""

from __future__ import annotations

from typing import Any

from assay.models import Article


def article_record(article: Article) -> dict[str, Any]:
    """A JSON-ready dict of an enriched article; fact fields are flattened into each fact."""
    return {
        "source": article.source,
        "story": article.story,
        "url": article.url,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "text": article.text,
        "removed": list(article.removed),
        "sectors": [{"slug": s.slug, "score": round(s.score, 4)} for s in article.sectors],
        "entities": [
            {
                "name": e.name,
                "type": e.type,
                "key": e.key,
                "attrs": e.attrs,
                "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in e.mentions],
            }
            for e in article.entities
        ],
        "facts": [
            {
                "type": f.type,
                **f.fields,
                "sentence": f.sentence,
                "start": f.start,
                "end": f.end,
                "confidence": round(f.confidence, 3),
            }
            for f in article.facts
        ],
        "summary": article.summary,
        "keywords": list(article.keywords),
    }
