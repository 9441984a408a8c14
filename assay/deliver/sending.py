"""Sending due digests, each (subscriber, day) at most once.

A digest is due when the subscriber's local delivery hour has come (`digest.current_day`),
the day is not before the one they confirmed on, and no digest of that day is recorded
(or it waits for a retry whose time has come). Each is claimed in the store before its
message goes out and marked after, so a crash between two sends loses nothing and a
re-run sends nothing twice; a claim whose process died mid-send is marked `unknown` and
not repeated (at most once). Temporary refusals (4xx) are retried with doubling delays
up to `mail_max_attempts`; a permanent one (5xx) marks the address bounced and puts it on
the suppression list. When the server itself fails (no connection, login), the run
stops and the digest in hand stays due.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from assay.deliver.digest import Digest, DigestBuilder, current_day
from assay.deliver.mail import Mailer
from assay.deliver.render import Renderer
from assay.errors import MailError, NotFound
from assay.records import SubscriberRecord
from assay.settings import Settings
from assay.store import Store

log = logging.getLogger("assay.deliver")
# A claim still `sending` after this long belongs to a process that died.
RECOVER_AFTER = timedelta(minutes=10)
# Retries of a day's digest end once the next day's digest is due.
RETRY_DAYS = 1


@dataclass
class DigestReport:
    """What one run of `send_due_digests` did."""

    due: int = 0
    sent: int = 0
    empty: int = 0
    retrying: int = 0
    failed: int = 0
    bounced: int = 0
    recovered: int = 0
    errors: list[str] = field(default_factory=list)
    stopped: str | None = None  # why the run ended early, if it did

    def summary(self) -> str:
        text = (
            f"Digests: {self.due} due, {self.sent} sent, {self.empty} with no stories, "
            f"{self.retrying} to retry, {self.failed} failed ({self.bounced} bounced)."
        )
        return text + (f" Stopped: {self.stopped}" if self.stopped else "")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def due_digests(
    store: Store, now: datetime, subscribers: list[SubscriberRecord] | None = None
) -> list[tuple[SubscriberRecord, date]]:
    """(subscriber, local day) of every digest due at `now`."""
    candidates = []
    for sub in subscribers if subscribers is not None else store.subscribers.active():
        prefs = sub["preferences"]
        day = current_day(prefs, now)
        confirmed = sub["confirmed_at"]
        if confirmed is not None:
            since = datetime.fromisoformat(confirmed).astimezone(ZoneInfo(prefs["timezone"]))
            if day < since.date():
                continue
        candidates.append((sub, day))
    states = store.deliveries.on_days({d.isoformat() for _, d in candidates})
    due = []
    for sub, day in candidates:
        state = states.get((sub["id"], day.isoformat()))
        if state is None or (
            state.status == "retry"
            and (state.next_attempt_at is None or state.next_attempt_at <= now)
        ):
            due.append((sub, day))
    return due


def send_due_digests(
    store: Store,
    settings: Settings,
    mailer: Mailer,
    *,
    now: datetime | None = None,
    should_stop: Callable[[], bool] | None = None,
    on_sent: Callable[[SubscriberRecord, date], None] | None = None,
) -> DigestReport:
    """Send every digest due at `now` (default: the current time); see the module docstring.

    `should_stop` is asked before each digest (a service shutting down); `on_sent` is
    called after each digest was sent and recorded.
    """
    now = now or datetime.now(UTC)
    report = DigestReport()
    report.recovered = store.deliveries.recover(now - RECOVER_AFTER)
    store.deliveries.expire_retries((now.date() - timedelta(days=RETRY_DAYS + 1)).isoformat())
    due = due_digests(store, now)
    report.due = len(due)
    builder = DigestBuilder(store, settings)
    renderer = Renderer(settings)
    by_day: dict[date, list[int]] = defaultdict(list)
    for sub, day in due:
        by_day[day].append(sub["id"])
    sent_before = {
        (sid, day): stories
        for day, ids in by_day.items()
        for sid, stories in store.deliveries.sent_stories(ids, day.isoformat()).items()
    }
    for sub, day in due:
        if should_stop is not None and should_stop():
            report.stopped = "asked to stop"
            break
        digest = builder.compose(sub, day, sent_before.get((sub["id"], day)))
        if not digest.entries:
            store.deliveries.mark_empty(sub["id"], day.isoformat(), now)
            report.empty += 1
            continue
        if not _deliver(store, settings, mailer, renderer, digest, now, report):
            break
        if on_sent is not None:
            on_sent(sub, day)
    store.deliveries.set_state("digest_run", report.to_dict())
    return report


def _deliver(
    store: Store,
    settings: Settings,
    mailer: Mailer,
    renderer: Renderer,
    digest: Digest,
    now: datetime,
    report: DigestReport,
) -> bool:
    """Claim, send and record one digest; False when the run must stop (server failure)."""
    sub, day = digest.subscriber, digest.day.isoformat()
    claimed = store.deliveries.claim(sub["id"], day, digest.items(), now)
    if claimed is None:
        return True  # another sender has it, or it was sent meanwhile
    delivery_id, attempt = claimed
    message = renderer.digest_message(digest)
    try:
        mailer.send(message)
    except MailError as exc:
        if exc.scope == "server":
            # Nothing left: the digest stays due (at once, at the next run).
            store.deliveries.mark_retry(delivery_id, str(exc), now)
            report.retrying += 1
            report.errors.append(str(exc))
            report.stopped = str(exc)
            log.warning("digest run stopped: %s", exc)
            return False
        if exc.permanent:
            store.deliveries.mark_failed(delivery_id, str(exc))
            store.subscribers.mark_bounced(sub["id"], str(exc))
            report.failed += 1
            report.bounced += 1
            log.warning("digest to subscriber %s bounced: %s", sub["id"], exc)
        elif attempt >= settings.mail_max_attempts:
            store.deliveries.mark_failed(delivery_id, f"gave up after {attempt} attempts: {exc}")
            report.failed += 1
        else:
            delay = settings.mail_retry_base * 2 ** (attempt - 1)
            store.deliveries.mark_retry(delivery_id, str(exc), now + timedelta(seconds=delay))
            report.retrying += 1
        report.errors.append(str(exc))
        return True
    store.deliveries.mark_sent(delivery_id, str(message["Message-ID"]), datetime.now(UTC))
    report.sent += 1
    log.info(
        "digest sent", extra={"subscriber": sub["id"], "day": day, "stories": len(digest.entries)}
    )
    return True


def preview_digest(store: Store, settings: Settings, email: str, day: date | None = None) -> Digest:
    """The digest `email` would get for local `day` (default: their current day), leaving
    out what they were sent before that day; nothing is sent or recorded."""
    sub = store.subscribers.get(email)
    prefs = sub["preferences"]
    day = day or current_day(prefs, datetime.now(UTC))
    sent = store.deliveries.sent_stories([sub["id"]], day.isoformat()).get(sub["id"])
    return DigestBuilder(store, settings).compose(sub, day, sent)


def subscriber_or_none(store: Store, email: str) -> SubscriberRecord | None:
    try:
        return store.subscribers.get(email)
    except NotFound:
        return None
