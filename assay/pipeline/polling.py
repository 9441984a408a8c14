"""The feed registry's poll: fetch due feeds concurrently, ingest entries not seen before.

Feed state (validators, last error, next poll time) lives in the store; an entry already
logged by any feed, or whose URL is already stored, is never fetched again. Several
workers can poll one store: each claims the feeds it polls with a lease
(`Store.claim_feeds`), so no feed is polled twice at once, and a feed whose worker died
is taken over once its lease lapses.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from assay.errors import AssayError, FetchError
from assay.pipeline.hooks import Hooks
from assay.pipeline.ingest import Ingestor
from assay.pipeline.report import IngestReport
from assay.settings import Settings
from assay.sources.feeds import FeedState, HostBackoff, PollResult, entry_page, next_poll_delay
from assay.sources.feeds import poll_feeds as fetch_feeds
from assay.sources.http import RobotsCache, make_client
from assay.store.convert import now_utc

if TYPE_CHECKING:
    from assay.pipeline.executors import Executor
    from assay.store import Store


@dataclass
class FeedOutcome:
    feed_id: int
    url: str
    status: str  # ok | not-modified | error
    new_entries: int = 0
    error: str | None = None


@dataclass
class PollReport:
    feeds: list[FeedOutcome] = field(default_factory=list)
    ingest: IngestReport = field(default_factory=IngestReport)

    def summary(self) -> str:
        ok = sum(f.status == "ok" for f in self.feeds)
        same = sum(f.status == "not-modified" for f in self.feeds)
        bad = sum(f.status == "error" for f in self.feeds)
        r = self.ingest
        return (
            f"Polled {len(self.feeds)} feed(s): {ok} updated, {same} not modified, {bad} failed. "
            f"Articles: {r.new} new, {r.updated} updated, {r.unchanged} unchanged, "
            f"{r.failed} failed."
        )

    def errors(self) -> list[str]:
        lines = [f"{f.url}: {f.error}" for f in self.feeds if f.error]
        lines += [f"{x.target} ({x.stage}): {x.reason}" for x in self.ingest.failures]
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {"feeds": [f.__dict__ for f in self.feeds], "articles": self.ingest.to_dict()}


def worker_name() -> str:
    """This worker's name in feed leases: host, process id and a random tag."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def release_dead_local_leases(store: Store) -> list[str]:
    """End the leases of workers on this machine whose process is gone (killed, crashed):
    a restarted `assay run` takes its feeds back at once instead of after the lease.

    Only names of this host are checked, so machines polling one store need distinct host
    names; leases of other machines' workers lapse as usual. Returns the workers released.
    """
    host = socket.gethostname()
    dead = []
    for owner in store.lease_owners():
        name, _, rest = owner.partition(":")
        pid = rest.partition(":")[0]
        if name == host and pid.isdigit() and not _running(int(pid)):
            store.release_leases(owner)
            dead.append(owner)
    return dead


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def poll_feeds(
    store: Store,
    settings: Settings,
    enricher: Executor | None = None,
    *,
    due_only: bool = True,
    on_article: Callable[[], None] | None = None,
    hooks: Hooks | None = None,
    worker: str | None = None,
) -> PollReport:
    """Poll the registry's feeds (only those due, unless due_only=False) and ingest new entries.

    Only feeds this worker could lease are polled; those another worker is polling are
    left to it. Each lease ends when its feed's new state is saved.
    """
    worker = worker or worker_name()
    release_dead_local_leases(store)
    rows = store.claim_feeds(worker, settings.feed_lease_seconds, due_only=due_only)
    report = PollReport()
    if not rows:
        return report
    try:
        _poll(store, settings, enricher, on_article, hooks, worker, rows, report)
    finally:
        store.release_leases(worker)  # feeds not reached (an error, Ctrl-C) go back
    return report


def _poll(
    store: Store,
    settings: Settings,
    enricher: Executor | None,
    on_article: Callable[[], None] | None,
    hooks: Hooks | None,
    worker: str,
    rows: list[Any],
    report: PollReport,
) -> None:
    ingestor = Ingestor(store, settings, enricher, on_article, hooks)
    report.ingest = ingestor.report
    states = [
        FeedState(r["url"], etag=r["etag"], last_modified=r["last_modified"], feed_id=r["id"])
        for r in rows
    ]
    by_id = {r["id"]: r for r in rows}
    with make_client(settings) as client:
        robots = RobotsCache(client, settings)
        results = fetch_feeds(
            states, settings, client, robots=robots, backoff=HostBackoff(settings)
        )
        for result in results:
            assert result.feed_id is not None
            outcome = _ingest_result(store, settings, client, robots, ingestor, result)
            _save_state(store, settings, by_id[result.feed_id], result, outcome, worker)
            report.feeds.append(outcome)
            # Ingesting one feed can take long: the feeds still to come keep their claim.
            store.renew_leases(worker, settings.feed_lease_seconds)
    ingestor.flush()


def _ingest_result(
    store: Store,
    settings: Settings,
    client: Any,
    robots: RobotsCache,
    ingestor: Ingestor,
    result: PollResult,
) -> FeedOutcome:
    feed_id = result.feed_id
    assert feed_id is not None
    if result.error:
        return FeedOutcome(feed_id, result.url, "error", error=result.error)
    if result.not_modified:
        return FeedOutcome(feed_id, result.url, "not-modified")
    outcome = FeedOutcome(feed_id, result.url, "ok")
    ingestor.report.warnings.extend(result.notes)
    for child, exc in result.problems:
        ingestor.fail(child, "fetch", exc)
    for entry in result.entries:
        if store.entry_seen(feed_id, entry.entry_id):
            continue
        # Syndicated entries appear in several feeds: log them here, fetch them once.
        if store.entry_seen_anywhere(entry.entry_id) or (
            entry.link and store.entry_seen_anywhere(entry.link)
        ):
            store.record_entry(feed_id, entry.entry_id)
            continue
        try:
            page = entry_page(client, entry, settings, robots, feed_id=feed_id)
        except AssayError as exc:
            ingestor.fail(entry.link or entry.entry_id, "fetch", exc)
            if not (isinstance(exc, FetchError) and exc.transient):
                # A 404, a blocked or data: redirect, a binary file: retrying cannot help.
                store.record_entry(feed_id, entry.entry_id)
            continue
        if ingestor.add_page(page):
            outcome.new_entries += 1
        else:
            store.record_entry(feed_id, entry.entry_id)  # a page with no story: don't retry
    ingestor.flush()  # entries must be logged before the next feed checks for them
    return outcome


def _save_state(
    store: Store,
    settings: Settings,
    row: Mapping[str, Any],
    result: PollResult,
    outcome: FeedOutcome,
    worker: str,
) -> None:
    now = now_utc()
    state: dict[str, Any] = {"last_polled_at": now}
    if outcome.status == "error":
        errors = int(row["error_count"] or 0) + 1
        state.update(last_error=outcome.error, error_count=errors)
    else:
        errors = 0
        state.update(
            last_error=None,
            error_count=0,
            last_ok_at=now,
            etag=result.etag,
            last_modified=result.last_modified,
        )
        if result.title:
            state["title"] = result.title
    delay = next_poll_delay(errors, settings, result.retry_after)
    state["next_poll_at"] = now + timedelta(seconds=delay)
    # Written only while this worker still holds the feed; if its lease lapsed and another
    # worker took the feed over, that worker's poll is the one that counts.
    store.release_feed(row["id"], worker, **state)
