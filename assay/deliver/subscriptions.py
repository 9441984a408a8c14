"""Subscribing with double opt-in, confirming, preferences and unsubscribing.

`subscribe` records the request and its consent (time, policy version, source, IP for the
web form) and mails a confirmation link signed for `confirm_link_hours`; only the click
makes the subscriber active. At most MAX_REQUESTS confirmation e-mails go to one address
a day, so the form cannot be used to flood someone's inbox.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from assay.deliver.links import Links
from assay.deliver.mail import Mailer
from assay.deliver.render import Renderer
from assay.errors import UsageError
from assay.models import FACT_TYPES, SECTORS
from assay.records import Preferences, SubscriberRecord
from assay.settings import Settings
from assay.store import Store

MAX_REQUESTS = 3
FORMATS = ("html", "text")
# Deliberately plain: one @, a dot in the domain, no spaces or control characters.
EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f<>\"',;]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
ENTITY_KEY = re.compile(r"^[a-z]+:[^\s]{1,120}$")


def check_email(email: str) -> str:
    """The address, trimmed and lower-cased; UsageError if it does not look like one."""
    address = email.strip().lower()
    if len(address) > 254 or not EMAIL.match(address):
        raise UsageError(f"'{email.strip()[:80]}' is not an e-mail address like name@example.org.")
    return address


def preferences(
    settings: Settings,
    *,
    sectors: Iterable[str] = (),
    entities: Iterable[str] = (),
    fact_types: Iterable[str] = (),
    hour: int | None = None,
    timezone: str | None = None,
    format: str = "html",
) -> Preferences:
    """Checked preferences (UsageError naming a bad value); defaults from settings."""
    sector_list = list(dict.fromkeys(s.strip() for s in sectors if s.strip()))
    for slug in sector_list:
        if slug not in SECTORS:
            raise UsageError(f"Unknown sector '{slug}'. Choose one of: {', '.join(SECTORS)}.")
    entity_list = list(dict.fromkeys(e.strip() for e in entities if e.strip()))
    for key in entity_list:
        if not ENTITY_KEY.match(key):
            raise UsageError(f"'{key}' is not an entity key like country:IDN or org:jbic.")
    type_list = list(dict.fromkeys(t.strip() for t in fact_types if t.strip()))
    for kind in type_list:
        if kind not in FACT_TYPES:
            raise UsageError(f"Unknown fact type '{kind}'. Choose one of: {', '.join(FACT_TYPES)}.")
    hour = settings.digest_hour if hour is None else hour
    if not 0 <= hour <= 23:
        raise UsageError(f"Delivery hour {hour} is not an hour from 0 to 23.")
    zone = (timezone or settings.digest_timezone).strip()
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"Unknown time zone '{zone}'; use a name like Europe/Berlin or UTC."
        ) from None
    if format not in FORMATS:
        raise UsageError(f"Unknown format '{format}'; choose html or text.")
    return {
        "sectors": sector_list,
        "entities": entity_list,
        "fact_types": type_list,
        "hour": hour,
        "timezone": zone,
        "format": format,
    }


def subscribe(
    store: Store,
    settings: Settings,
    mailer: Mailer,
    email: str,
    prefs: Preferences,
    *,
    source: str,
    ip: str | None = None,
    user_agent: str | None = None,
    confirmed: bool = False,
) -> tuple[SubscriberRecord, bool]:
    """Record a subscription request and mail its confirmation link; returns the subscriber
    and whether a confirmation e-mail went out. `confirmed` imports an address whose owner
    consented elsewhere (operators only: `assay subscribers add --confirmed`)."""
    address = check_email(email)
    links = Links(settings)
    if not confirmed:
        links.secret  # noqa: B018 - fail before storing anything when links cannot be signed
    record, needs = store.subscribers.request(
        address,
        prefs,
        policy=settings.policy_version,
        source=source,
        ip=ip,
        user_agent=user_agent,
        confirmed=confirmed,
    )
    if not needs:
        return record, False
    since = datetime.now(UTC) - timedelta(days=1)
    if store.subscribers.requests_since(record["id"], since) > MAX_REQUESTS:
        return record, False
    mailer.send(Renderer(settings, links).confirm_message(record))
    return record, True


def confirm(
    store: Store,
    settings: Settings,
    token: str,
    *,
    ip: str | None = None,
    user_agent: str | None = None,
) -> SubscriberRecord:
    """Confirm the subscription a (signed, unexpired) confirmation token names."""
    uid = Links(settings).verify(token, "confirm")
    return store.subscribers.confirm(
        uid, policy=settings.policy_version, ip=ip, user_agent=user_agent
    )


def unsubscribe(
    store: Store, settings: Settings, token: str, *, source: str, ip: str | None = None
) -> SubscriberRecord:
    """Unsubscribe whoever the token names (it never expires)."""
    uid = Links(settings).verify(token, "unsubscribe")
    return store.subscribers.unsubscribe(uid, policy=settings.policy_version, source=source, ip=ip)


def manage_uid(settings: Settings, token: str) -> str:
    """The subscriber a preferences token names (InvalidLink if altered or expired)."""
    return Links(settings).verify(token, "manage")
