"""Feeds: anyone who may read lists them; admins add, remove and poll."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypedDict

from assay.records import FeedRecord
from assay.web.api.responses import json_response
from assay.web.deps import AdminAccess, ReadAccess, SettingsDep, StoreDep, WriteLimit

router = APIRouter(prefix="/feeds", tags=["feeds"])


class NewFeed(BaseModel):
    """A feed or news sitemap to register."""

    model_config = ConfigDict(extra="forbid")
    url: str = Field(min_length=8, max_length=2000, description="RSS/Atom or sitemap URL.")
    kind: Literal["feed", "sitemap"] = "feed"


class PollRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    all: bool = Field(False, description="Poll every feed now, not only those due.")
    enrich: bool = Field(True, description="Enrich new articles (when the settings allow).")


class FeedOutcomeRecord(TypedDict):
    feed_id: int
    url: str
    status: str
    new_entries: int
    error: str | None


class PollResponse(TypedDict):
    feeds: list[FeedOutcomeRecord]
    articles: dict[str, Any]


@router.get("", response_model=list[FeedRecord], summary="Registered feeds")
def list_feeds(store: StoreDep, _: ReadAccess) -> Response:
    """Each feed with its polling state: last poll, next poll, last error."""
    return json_response(store.list_feeds())


@router.post(
    "",
    response_model=FeedRecord,
    status_code=201,
    dependencies=[WriteLimit],
    summary="Register a feed (admins)",
    responses={200: {"description": "Already registered: that feed.", "model": FeedRecord}},
)
def add_feed(feed: NewFeed, store: StoreDep, _: AdminAccess) -> Response:
    """201 with the new feed; 200 with the existing one when the URL is registered."""
    from assay.sources.guard import check_url

    check_url(feed.url, allow_private=True)  # syntax only; the address is checked when polled
    row = store.add_feed(feed.url, kind=feed.kind)
    return json_response(row, status_code=200 if row["existing"] else 201)


@router.delete(
    "/{feed_id}",
    response_model=FeedRecord,
    dependencies=[WriteLimit],
    summary="Remove a feed (admins)",
)
def remove_feed(
    feed_id: Annotated[int, Path(ge=1, le=2**62)], store: StoreDep, _: AdminAccess
) -> Response:
    """Stop polling a feed; its articles stay."""
    return json_response(store.remove_feed(feed_id))


@router.post(
    "/poll", response_model=PollResponse, dependencies=[WriteLimit], summary="Poll feeds (admins)"
)
async def poll(
    store: StoreDep, settings: SettingsDep, _: AdminAccess, request: PollRequest | None = None
) -> Response:
    """Poll due feeds (or all) and ingest entries not seen before; answers when done."""
    wanted = request or PollRequest(all=False, enrich=True)
    report = await run_in_threadpool(_poll, store, settings, wanted)
    return json_response(report)


def _poll(store: Any, settings: Any, wanted: PollRequest) -> dict[str, Any]:
    from assay.pipeline import poll_feeds
    from assay.pipeline.executors import make_executor

    executor = make_executor(settings) if settings.enrich and wanted.enrich else None
    try:
        report = poll_feeds(store, settings, executor, due_only=not wanted.all)
    finally:
        if executor is not None:
            executor.close()
    result: dict[str, Any] = report.to_dict()
    return result
