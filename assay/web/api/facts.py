"""Facts: filtered listing, and the same filters exported as CSV or JSON (streamed)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response, StreamingResponse

from assay.models import FACT_TYPES
from assay.records import FactRecord
from assay.serialize import to_jsonable
from assay.store import Store
from assay.web.api.responses import Limit, Offset, Page, page_response
from assay.web.deps import AnalystAccess, ReadAccess, StoreDep

router = APIRouter(tags=["facts"])
# Rows read per query while exporting, and the most one export holds.
EXPORT_BATCH = 500
EXPORT_MAX = 100_000
CSV_COLUMNS = (
    "id",
    "published",
    "type",
    "action",
    "arguments",
    "fields",
    "sentence",
    "confidence",
    "article_id",
    "article_title",
    "url",
    "start",
    "end",
)
FactType = Literal["agreement", "trade_measure", "sanction", "capacity", "investment", "production"]
assert set(FactType.__args__) == set(FACT_TYPES)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class FactFilters:
    """The filters of a facts query (query parameters)."""

    type: FactType | None = None
    party: str | None = None
    commodity: str | None = None
    country: str | None = None
    since: date | None = None
    until: date | None = None

    def query(
        self, store: Store, limit: int, offset: int, order: str = "-published"
    ) -> list[FactRecord]:
        return store.query_facts(
            self.type,
            entity_key=self.party,
            goods=self.commodity,
            since=self.since,
            until=self.until,
            limit=limit,
            offset=offset,
            country=self.country,
            order=order,
        )


def fact_filters(
    type: Annotated[FactType | None, Query(description="Fact type.")] = None,
    party: Annotated[
        str | None,
        Query(max_length=200, description="Entity key taking part, e.g. org:jbic."),
    ] = None,
    commodity: Annotated[
        str | None,
        Query(max_length=200, description="Goods, commodity or product named, e.g. nickel."),
    ] = None,
    country: Annotated[
        str | None,
        Query(max_length=16, description="Country taking part: ISO 3166 alpha-3, e.g. IDN."),
    ] = None,
    since: Annotated[date | None, Query(description="Published on or after.")] = None,
    until: Annotated[date | None, Query(description="Published before.")] = None,
) -> FactFilters:
    return FactFilters(type, party, commodity, country, since, until)


Filters = Annotated[FactFilters, Depends(fact_filters)]


@router.get("/facts", response_model=Page[FactRecord], summary="Facts, newest first")
def list_facts(
    store: StoreDep,
    _: ReadAccess,
    filters: Filters,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    """Typed facts with provenance (sentence, offsets, article), filtered by type, a party,
    a commodity, a country and a date range."""
    return page_response(filters.query(store, limit + 1, offset), limit, offset)


@router.get(
    "/facts/export",
    summary="Export facts as CSV or JSON (analysts)",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "Every matching fact (at most 100,000), streamed.",
            "content": {"text/csv": {}, "application/json": {}},
        }
    },
)
def export_facts(
    store: StoreDep,
    _: AnalystAccess,
    filters: Filters,
    format: Annotated[Literal["csv", "json"], Query(description="csv or json.")] = "csv",
) -> StreamingResponse:
    """The facts the same filters list, all of them, as a download. Needs an analyst key."""
    rows = all_facts(store, filters)
    if format == "json":
        return StreamingResponse(
            _json_chunks(rows),
            media_type="application/json",
            headers={"Content-Disposition": 'attachment; filename="facts.json"'},
        )
    return StreamingResponse(
        csv_chunks(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="facts.csv"'},
    )


def all_facts(
    store: Store, filters: FactFilters, order: str = "-published"
) -> Iterator[FactRecord]:
    """Every matching fact (at most EXPORT_MAX), batch by batch. The first batch is read
    now, so that bad filters fail before the response starts (later, only the stream
    could break)."""
    batch = filters.query(store, EXPORT_BATCH, 0, order)

    def rest(batch: list[FactRecord]) -> Iterator[FactRecord]:
        offset = 0
        while True:
            yield from batch
            offset += len(batch)
            if len(batch) < EXPORT_BATCH or offset >= EXPORT_MAX:
                return
            batch = filters.query(store, min(EXPORT_BATCH, EXPORT_MAX - offset), offset, order)

    return rest(batch)


def _json_chunks(rows: Iterator[FactRecord]) -> Iterator[str]:
    yield "["
    for n, row in enumerate(rows):
        yield ("," if n else "") + json.dumps(to_jsonable(row), ensure_ascii=False)
    yield "]\n"


def csv_cell(value: Any) -> str:
    """Text for a CSV cell; a leading = + - @ is quoted so spreadsheets do not run it."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def csv_row(fact: FactRecord) -> list[str]:
    """One fact as CSV cells, in CSV_COLUMNS order."""
    arguments = "; ".join(
        f"{a['role']}={a['name']}" + (f" ({a['key']})" if a["key"] else "")
        for a in fact["arguments"]
    )
    values: dict[str, Any] = {
        **fact,
        "arguments": arguments,
        "fields": json.dumps(fact["fields"], ensure_ascii=False, sort_keys=True),
    }
    return [csv_cell(values[c]) for c in CSV_COLUMNS]


def csv_chunks(rows: Iterator[FactRecord]) -> Iterator[str]:
    """The rows as CSV text with a header, streamed in chunks of 100 rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for n, row in enumerate(rows, start=1):
        writer.writerow(csv_row(row))
        if n % 100 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
