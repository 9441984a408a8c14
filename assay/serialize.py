"""The one serializer: typed records, dataclasses and articles to JSON-ready values.

The CLI's `--format json`, the REST API and the digests all go through `to_jsonable`, so a
record has one JSON shape everywhere (`docs/records.schema.json`, `docs/analyze.schema.json`).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from assay.models import Article


def to_jsonable(value: Any) -> Any:
    """`value` with dataclasses, datetimes, paths, enums, sets and tuples made JSON-ready."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return to_jsonable(value.value)
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Article):
        return article_record(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        to_dict = getattr(value, "to_dict", None)
        if callable(to_dict):
            return to_jsonable(to_dict())
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [to_jsonable(v) for v in items]
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(value: Any, *, indent: int | None = None) -> str:
    """JSON text of `value` (UTF-8 kept as is, not \\u-escaped)."""
    return json.dumps(to_jsonable(value), indent=indent, ensure_ascii=False)


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
