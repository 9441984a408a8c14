"""Response shapes the API documents besides the store records of `assay.records`.

They describe JSON the routes build with `assay.serialize.to_jsonable` from search
results (`assay.search.results`); the OpenAPI document is generated from them.
"""

from __future__ import annotations

from typing import Any, Literal

from typing_extensions import TypedDict

from assay.records import Facets


class ErrorDetail(TypedDict):
    code: str
    message: str


class ErrorBody(TypedDict):
    """The one error shape: a code (`not_found`, `unauthorized`, ...) and a one-line message."""

    error: ErrorDetail


class RelatedRecord(TypedDict):
    """A "read more" story with its score and the shared entities explaining it."""

    id: int
    title: str
    url: str | None
    published: str | None
    language: str | None
    cluster_id: int | None
    score: float
    reasons: list[str]


class SearchHitRecord(TypedDict):
    """One story of a result page; spans are [start, end) offsets of highlighted words."""

    id: int
    title: str
    title_spans: list[list[int]]
    snippet: str
    snippet_spans: list[list[int]]
    url: str | None
    source: str
    published: str | None
    language: str | None
    site_name: str | None
    score: float
    found_by: Literal["text", "vector", "both", "filter"]
    cluster_id: int | None
    sources: int


class SearchPageRecord(TypedDict):
    """A page of search results; `total` is exact when `exact_total`, else an estimate,
    and a lower bound when `total_at_least` (the count stopped early)."""

    query: str
    mode: Literal["text", "hybrid", "filter"]
    sort: Literal["relevance", "date"]
    page: int
    limit: int
    offset: int
    total: int
    exact_total: bool
    total_at_least: bool
    has_more: bool
    next_offset: int | None
    vector_model: str | None
    filters: dict[str, Any]
    hits: list[SearchHitRecord]
    facets: Facets | None


class RisingRecord(TypedDict):
    """An entity mentioned far more in the recent window than its baseline rate predicts."""

    key: str
    name: str
    type: str
    recent: int
    baseline: int
    expected: float
    ratio: float
    score: float


class RisingResponse(TypedDict):
    """Rising entities and the parameters they were found with."""

    as_of: str
    recent_start: str
    baseline_start: str
    parameters: dict[str, float]
    items: list[RisingRecord]
