"""What search and related return: plain dataclasses of JSON-ready values and datetimes.

`to_dict()` gives the JSON shape `--format json` prints (datetimes as ISO 8601 text,
spans as [start, end] pairs); any serializer that turns datetimes into ISO text and
tuples into lists gives the same.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

from assay.serialize import to_jsonable

Span = tuple[int, int]
FoundBy = Literal["text", "vector", "both", "filter"]
Mode = Literal["text", "hybrid", "filter"]
Sort = Literal["relevance", "date"]


@dataclass(frozen=True)
class SearchHit:
    """One story in a result page. Spans are [start, end) offsets of highlighted words.

    `snippet` is a passage around the matched words (its spans mark them), or the summary
    or the opening of the text when no word matched the body. `sources` counts the
    articles of the story cluster this hit stands for.
    """

    id: int
    title: str
    title_spans: tuple[Span, ...]
    snippet: str
    snippet_spans: tuple[Span, ...]
    url: str | None
    source: str
    published: datetime | None
    language: str | None
    site_name: str | None
    score: float
    found_by: FoundBy
    cluster_id: int | None
    sources: int

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_jsonable(asdict(self))
        return out


@dataclass(frozen=True)
class SearchPage:
    """One page of results. `total` estimates how many stories match (exact when small;
    a lower bound when `total_at_least`: the count stopped before the last match)."""

    query: str
    hits: list[SearchHit]
    total: int
    limit: int
    offset: int
    mode: Mode
    exact_total: bool = True
    total_at_least: bool = False
    vector_model: str | None = None
    sort: Sort = "relevance"
    filters: dict[str, Any] = field(default_factory=dict)

    @property
    def page(self) -> int:
        return self.offset // self.limit + 1 if self.limit else 1

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.hits) < self.total

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "mode": self.mode,
            "sort": self.sort,
            "page": self.page,
            "limit": self.limit,
            "offset": self.offset,
            "total": self.total,
            "exact_total": self.exact_total,
            "total_at_least": self.total_at_least,
            "has_more": self.has_more,
            "vector_model": self.vector_model,
            "filters": self.filters,
            "hits": [h.to_dict() for h in self.hits],
        }


@dataclass(frozen=True)
class RelatedHit:
    """A "read more" story: its score and the shared entities that explain it."""

    id: int
    title: str
    url: str | None
    published: datetime | None
    language: str | None
    cluster_id: int | None
    score: float
    reasons: list[str]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_jsonable(asdict(self))
        return out
