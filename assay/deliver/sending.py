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

import contextlib
import logging
import queue
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from assay.deliver.digest import Digest, DigestBuilder, current_day
from assay.deliver.mail import Mailer
from assay.deliver.mime import Mail
from assay.deliver.render import Renderer
from assay.errors import MailError
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
    mailer: Mailer | None = None,
    *,
    now: datetime | None = None,
    should_stop: Callable[[], bool] | None = None,
    on_sent: Callable[[SubscriberRecord, date], None] | None = None,
) -> DigestReport:
    """Send every digest due at `now` (default: the current time); see the module docstring.

    With `mailer`, digests go out one after another over it; without, over
    `mail_connections` connections at once (SMTP waits for a reply to every command, so
    one connection leaves the machine idle). `should_stop` is asked before each digest (a
    service shutting down); `on_sent` is called after each digest was sent and recorded.
    """
    now = now or datetime.now(UTC)
    run = _Run(store, settings, now, Renderer(settings), on_sent)
    run.report.recovered = store.deliveries.recover(now - RECOVER_AFTER)
    store.deliveries.expire_retries((now.date() - timedelta(days=RETRY_DAYS + 1)).isoformat())
    due = due_digests(store, now)
    run.report.due = len(due)
    jobs = _compose(store, settings, run, due, should_stop)
    if mailer is not None or settings.mail_connections == 1:
        with contextlib.ExitStack() as stack:
            own = mailer or stack.enter_context(Mailer(settings))
            for digest, mail in jobs:
                if not run.deliver(own, digest, mail):
                    break
    else:
        run.in_parallel(jobs, settings.mail_connections)
    store.deliveries.set_state("digest_run", run.report.to_dict())
    return run.report


def _compose(
    store: Store,
    settings: Settings,
    run: _Run,
    due: list[tuple[SubscriberRecord, date]],
    should_stop: Callable[[], bool] | None,
) -> Iterator[tuple[Digest, Mail]]:
    """Each due digest with stories, rendered; days without any are recorded empty."""
    builder = DigestBuilder(store, settings)
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
            run.report.stopped = run.report.stopped or "asked to stop"
            return
        if run.stop.is_set():
            return
        digest = builder.compose(sub, day, sent_before.get((sub["id"], day)))
        if not digest.entries:
            store.deliveries.mark_empty(sub["id"], day.isoformat(), run.now)
            run.report.empty += 1
            continue
        yield digest, run.renderer.digest_message(digest)


@dataclass
class _Run:
    """One run's shared state; `deliver` may be called from several sender threads."""

    store: Store
    settings: Settings
    now: datetime
    renderer: Renderer
    on_sent: Callable[[SubscriberRecord, date], None] | None
    report: DigestReport = field(default_factory=DigestReport)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def deliver(self, mailer: Mailer, digest: Digest, mail: Mail) -> bool:
        """Claim, send and record one digest; False when the run must stop."""
        store, report, now = self.store, self.report, self.now
        sub, day = digest.subscriber, digest.day.isoformat()
        claimed = store.deliveries.claim(sub["id"], day, digest.items(), now)
        if claimed is None:
            return True  # another sender has it, or it was sent meanwhile
        delivery_id, attempt = claimed
        try:
            mailer.send(mail)
        except MailError as exc:
            return self._failed(exc, sub, delivery_id, attempt)
        store.deliveries.mark_sent(delivery_id, str(mail["Message-ID"]), datetime.now(UTC))
        with self.lock:
            report.sent += 1
        log.info(
            "digest sent",
            extra={"subscriber": sub["id"], "day": day, "stories": len(digest.entries)},
        )
        if self.on_sent is not None:
            self.on_sent(sub, digest.day)
        return True

    def _failed(
        self, exc: MailError, sub: SubscriberRecord, delivery_id: int, attempt: int
    ) -> bool:
        store, report, settings = self.store, self.report, self.settings
        if exc.scope == "server":
            # Nothing left: the digest stays due (at once, at the next run).
            store.deliveries.mark_retry(delivery_id, str(exc), self.now)
            with self.lock:
                report.retrying += 1
                report.errors.append(str(exc))
                report.stopped = str(exc)
            log.warning("digest run stopped: %s", exc)
            self.stop.set()
            return False
        if exc.permanent:
            store.deliveries.mark_failed(delivery_id, str(exc))
            store.subscribers.mark_bounced(sub["id"], str(exc))
            log.warning("digest to subscriber %s bounced: %s", sub["id"], exc)
        elif attempt >= settings.mail_max_attempts:
            store.deliveries.mark_failed(delivery_id, f"gave up after {attempt} attempts: {exc}")
        else:
            delay = settings.mail_retry_base * 2 ** (attempt - 1)
            store.deliveries.mark_retry(delivery_id, str(exc), self.now + timedelta(seconds=delay))
        with self.lock:
            if exc.permanent:
                report.failed += 1
                report.bounced += 1
            elif attempt >= settings.mail_max_attempts:
                report.failed += 1
            else:
                report.retrying += 1
            report.errors.append(str(exc))
        return True

    def in_parallel(self, jobs: Iterator[tuple[Digest, Mail]], connections: int) -> None:
        """Send over `connections` SMTP connections, one sender thread each; this thread
        composes. The queue is short: a digest is claimed only just before it is sent."""
        work: queue.Queue[tuple[Digest, Mail] | None] = queue.Queue(maxsize=connections)
        crashed: list[BaseException] = []

        def sender() -> None:
            with Mailer(self.settings) as mailer:
                while (job := work.get()) is not None:
                    if self.stop.is_set():
                        continue  # drain: nothing more is claimed
                    try:
                        if not self.deliver(mailer, *job):
                            self.stop.set()
                    except BaseException as exc:  # re-raised in the calling thread below
                        crashed.append(exc)
                        self.stop.set()

        threads = [threading.Thread(target=sender, daemon=True) for _ in range(connections)]
        for thread in threads:
            thread.start()
        try:
            for job in jobs:
                if self.stop.is_set():
                    break
                work.put(job)
        finally:
            for _ in threads:
                work.put(None)
            for thread in threads:
                thread.join()
        if crashed:
            raise crashed[0]


def preview_digest(store: Store, settings: Settings, email: str, day: date | None = None) -> Digest:
    """The digest `email` would get for local `day` (default: their current day), leaving
    out what they were sent before that day; nothing is sent or recorded."""
    sub = store.subscribers.get(email)
    prefs = sub["preferences"]
    day = day or current_day(prefs, datetime.now(UTC))
    sent = store.deliveries.sent_stories([sub["id"]], day.isoformat()).get(sub["id"])
    return DigestBuilder(store, settings).compose(sub, day, sent)
