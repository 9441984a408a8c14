"""What assay.deliver stores and reads: subscribers with their preferences, consents and
digests, and alerts with their fact patterns and matches.
"""

from __future__ import annotations

# typing_extensions: pydantic (the API's OpenAPI document) needs it for TypedDicts on 3.11.
from typing_extensions import TypedDict


class Preferences(TypedDict):
    """What a subscriber's digest holds and when it comes.

    A story matches when it is in one of `sectors`, names one of `entities` or states a
    fact of one of `fact_types`; with all three empty, every story does.
    """

    sectors: list[str]
    entities: list[str]
    fact_types: list[str]
    hour: int
    timezone: str
    format: str


class SubscriberRecord(TypedDict):
    """A digest subscriber: status pending (not confirmed yet), active, unsubscribed or
    bounced (a permanent delivery failure)."""

    id: int
    email: str
    uid: str
    status: str
    created_at: str
    confirmed_at: str | None
    unsubscribed_at: str | None
    bounced_at: str | None
    bounce_reason: str | None
    preferences: Preferences


class ConsentRecord(TypedDict):
    """One consent event: requested, confirmed, imported (by an operator) or withdrawn."""

    event: str
    at: str
    policy_version: str
    source: str
    ip: str | None
    user_agent: str | None


class DeliveryRecord(TypedDict):
    """One subscriber's digest of one local day and what became of it."""

    id: int
    subscriber_id: int
    day: str
    status: str
    attempts: int
    created_at: str
    sent_at: str | None
    next_attempt_at: str | None
    last_error: str | None
    message_id: str | None
    stories: int


class FactPattern(TypedDict):
    """Facts an alert watches for: of `type` (None: any), with one of `entities` taking
    part, goods naming one of `goods` (keys or words), with one of `actions`."""

    type: str | None
    entities: list[str]
    goods: list[str]
    actions: list[str]


class AlertRecord(TypedDict):
    """A saved search (`query`) or fact pattern (`pattern`) that notifies on new matches."""

    id: int
    name: str
    kind: str
    query: str | None
    pattern: FactPattern | None
    channel: str
    target: str
    active: bool
    created_at: str
    created_by: str | None
    last_fired_at: str | None
    matches: int


class AlertMatchRecord(TypedDict):
    """A story or fact that matched an alert, with the article that carried it."""

    id: int
    alert_id: int
    article_id: int
    fact_id: int | None
    matched_at: str
    title: str
    url: str | None
    published: str | None
    summary: str
    sentence: str | None
