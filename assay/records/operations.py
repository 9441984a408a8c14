"""Running the pipeline and service: feeds, failures, API keys and the service status."""

from __future__ import annotations

# typing_extensions: pydantic (the API's OpenAPI document) needs it for TypedDicts on 3.11.
from typing_extensions import TypedDict


class FeedRecord(TypedDict):
    """A registered feed or sitemap with its polling state."""

    id: int
    url: str
    kind: str
    title: str | None
    etag: str | None
    last_modified: str | None
    added_at: str
    last_polled_at: str | None
    last_ok_at: str | None
    next_poll_at: str | None
    last_error: str | None
    error_count: int
    entries_seen: int
    active: bool
    lease_owner: str | None  # the worker polling it now
    lease_expires_at: str | None  # when that worker's claim lapses
    existing: bool


class FailureRecord(TypedDict):
    """An input that failed at some stage, kept so a run can report and retry it."""

    id: int
    target: str
    stage: str
    reason: str
    transient: bool
    at: str


class ApiKeyRecord(TypedDict):
    """A REST API key without its secret: the public prefix, role and lifetime."""

    id: int
    prefix: str
    role: str
    name: str | None
    created_at: str
    last_used_at: str | None
    revoked_at: str | None


class ServiceStatus(TypedDict):
    """What `assay run` last did, and what waits: for /api/v1/health."""

    last_poll: str | None
    last_digest_run: str | None
    last_alert_run: str | None
    heartbeat: str | None
    backlog: dict[str, int]
