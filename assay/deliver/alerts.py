"""Alerts: saved searches and fact patterns that notify by e-mail or webhook on new matches.

    add_alert(store, settings, name="Ga/Ge curbs", pattern=fact_pattern(
        type="trade_measure", goods=["gallium", "germanium"]), email="desk@example.org")

Matching runs as an after-save hook of the pipeline (`AlertMatcher`): each committed
batch is tested against every active alert, and each match is stored once per alert
(a story for a search, a stated fact for a pattern, however many copies of it arrive).
`dispatch_alerts` gathers new matches into one notification per alert and sends it; a
failed webhook is retried with doubling delays up to `webhook_max_attempts`.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from assay.deliver.links import Links
from assay.deliver.mail import Mailer
from assay.deliver.render import Renderer
from assay.deliver.subscriptions import ENTITY_KEY, check_email
from assay.deliver.webhooks import post, webhook_secret
from assay.errors import AssayError, MailError, NotFound, QueryError, UsageError
from assay.models import FACT_TYPES
from assay.records import AlertMatchRecord, AlertRecord, FactPattern
from assay.search.matching import matching_ids
from assay.search.syntax import parse_query
from assay.settings import Settings
from assay.sources.guard import check_url
from assay.store import Store
from assay.store.story_details import StoryDetail

if TYPE_CHECKING:
    from assay.pipeline.hooks import SavedBatch

log = logging.getLogger("assay.deliver")
RECOVER_AFTER = timedelta(minutes=10)
# The actions facts are stored with (see the fact types in DESIGN.md).
ACTIONS = (
    "signed",
    "announced",
    "planned",
    "ended",
    "imposed",
    "raised",
    "lowered",
    "suspended",
    "lifted",
    "threatened",
    "extended",
    "invested",
    "acquired",
    "pledged",
)


def fact_pattern(
    *,
    type: str | None = None,
    entities: Iterable[str] = (),
    goods: Iterable[str] = (),
    actions: Iterable[str] = (),
) -> FactPattern:
    """A checked fact pattern; UsageError names a bad value. Goods are entity keys
    (commodity:gallium) or words found in the goods, commodity or product of a fact."""
    if type is not None and type not in FACT_TYPES:
        raise UsageError(f"Unknown fact type '{type}'. Choose one of: {', '.join(FACT_TYPES)}.")
    entity_list = list(dict.fromkeys(e.strip() for e in entities if e.strip()))
    for key in entity_list:
        if not ENTITY_KEY.match(key):
            raise UsageError(f"'{key}' is not an entity key like country:NAM or org:jbic.")
    goods_list = list(dict.fromkeys(g.strip() for g in goods if g.strip()))
    action_list = list(dict.fromkeys(a.strip().lower() for a in actions if a.strip()))
    for action in action_list:
        if action not in ACTIONS:
            raise UsageError(f"Unknown action '{action}'. Choose one of: {', '.join(ACTIONS)}.")
    if type is None and not (entity_list or goods_list or action_list):
        raise UsageError(
            "A fact pattern needs a type, an entity, goods or an action; it would match every fact."
        )
    return {"type": type, "entities": entity_list, "goods": goods_list, "actions": action_list}


def add_alert(
    store: Store,
    settings: Settings,
    *,
    name: str,
    query: str | None = None,
    pattern: FactPattern | None = None,
    email: str | None = None,
    webhook: str | None = None,
    created_by: str | None = None,
) -> AlertRecord:
    """Store an alert: a search `query` or a fact `pattern`, notifying `email` or `webhook`."""
    clean = " ".join(name.split())
    if not clean or len(clean) > 120:
        raise UsageError("An alert needs a name of 1 to 120 characters.")
    if (query is None) == (pattern is None):
        raise UsageError("An alert is either a search (--search) or a fact pattern (--type...).")
    if query is not None:
        parse_query(query)  # QueryError now rather than at every batch
    if (email is None) == (webhook is None):
        raise UsageError("An alert notifies either an e-mail address or a webhook URL.")
    if webhook is not None:
        check_url(webhook, allow_private=True)  # the address is checked when posting
        webhook_secret(settings, 0)  # webhooks are signed: the secret must be set
        channel, target = "webhook", webhook
    else:
        channel, target = "email", check_email(email or "")
    return store.alerts.add(
        clean, query=query, pattern=pattern, channel=channel, target=target, created_by=created_by
    )


def story_key(article_id: int, detail: StoryDetail) -> str:
    cluster = detail.cluster_id
    return f"story:{cluster}" if cluster is not None else f"article:{article_id}"


def fact_key(row: dict[str, Any], detail: StoryDetail) -> str:
    """One key per fact stated by a story: copies stating the same fact share it."""
    fields = json.dumps(row["fields"], sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(f"{row['type']}|{fields}".encode()).hexdigest()[:20]
    return f"fact:{story_key(row['article_id'], detail)}:{digest}"


def match_alerts(store: Store, ids: Iterable[int]) -> dict[int, int]:
    """Test articles against every active alert; new matches per alert id."""
    ids = sorted(set(ids))
    alerts = store.alerts.all(active_only=True)
    if not ids or not alerts:
        return {}
    details = store.story_details(ids, facts_per_story=0)
    new: dict[int, int] = {}
    for alert in alerts:
        try:
            if alert["query"] is not None:
                hits = matching_ids(store, alert["query"], ids)
                found = [(story_key(a, details[a]), a, None) for a in sorted(hits)]
            else:
                assert alert["pattern"] is not None
                rows = store.alerts.match_facts(ids, alert["pattern"])
                found = [
                    (fact_key(r, details[r["article_id"]]), r["article_id"], r["id"]) for r in rows
                ]
        except QueryError as exc:
            log.warning("alert %s skipped: %s", alert["id"], exc)
            continue
        if found:
            new[alert["id"]] = store.alerts.record_matches(alert["id"], found)
    return new


class AlertMatcher:
    """After-save hook: record the alerts each committed batch matches (sending is
    `dispatch_alerts`' job, so a slow webhook never holds up ingestion)."""

    def __call__(self, saved: SavedBatch) -> None:
        matched = match_alerts(saved.store, saved.ids)
        if any(matched.values()):
            log.info("alert matches", extra={"matches": matched})


@dataclass
class AlertReport:
    """What one run of `dispatch_alerts` did."""

    notifications: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Alerts: {self.notifications} notification(s), {self.sent} sent, "
            f"{self.retrying} to retry, {self.failed} failed."
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def webhook_payload(
    alert: AlertRecord, matches: list[AlertMatchRecord], notification_id: int, links: Links
) -> dict[str, Any]:
    """The JSON a webhook receives."""
    return {
        "event": "alert.matched",
        "delivery": notification_id,
        "sent_at": datetime.now(UTC).isoformat(),
        "alert": {k: alert[k] for k in ("id", "name", "kind", "query", "pattern")},
        "matches": [
            {
                "article_id": m["article_id"],
                "title": m["title"],
                "url": m["url"],
                "link": links.article(m["article_id"]),
                "published": m["published"],
                "fact_id": m["fact_id"],
                "sentence": m["sentence"],
                "matched_at": m["matched_at"],
            }
            for m in matches
        ],
    }


def dispatch_alerts(
    store: Store,
    settings: Settings,
    mailer: Mailer,
    *,
    now: datetime | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> AlertReport:
    """Send the notifications due at `now` (new matches, and retries whose time came)."""
    from assay.sources.http import make_client

    now = now or datetime.now(UTC)
    report = AlertReport()
    store.alerts.recover(now - RECOVER_AFTER)
    store.alerts.gather()
    due = store.alerts.due(now)
    report.notifications = len(due)
    links = Links(settings)
    renderer = Renderer(settings, links)
    with make_client(settings) as client:
        for item in due:
            if should_stop is not None and should_stop():
                break
            if not store.alerts.claim(item["id"], now):
                continue
            attempt = int(item["attempts"]) + 1
            try:
                alert = store.alerts.get(item["alert_id"])
            except NotFound:
                continue  # removed meanwhile (its notifications went with it)
            matches = store.alerts.notification_matches(item["id"])
            error, permanent = _send(
                store, settings, client, mailer, renderer, links, alert, matches, item["id"]
            )
            if error is None:
                store.alerts.finish(item["id"], "sent")
                report.sent += 1
            elif permanent or attempt >= _max_attempts(settings, alert):
                store.alerts.finish(item["id"], "failed", error=error)
                report.failed += 1
                report.errors.append(f"alert {alert['id']}: {error}")
            else:
                delay = _retry_base(settings, alert) * 2 ** (attempt - 1)
                store.alerts.finish(
                    item["id"], "retry", error=error, next_attempt_at=now + timedelta(seconds=delay)
                )
                report.retrying += 1
                report.errors.append(f"alert {alert['id']}: {error}")
    store.deliveries.set_state("alert_run", report.to_dict())
    return report


def _send(
    store: Store,
    settings: Settings,
    client: Any,
    mailer: Mailer,
    renderer: Renderer,
    links: Links,
    alert: AlertRecord,
    matches: list[AlertMatchRecord],
    notification_id: int,
) -> tuple[str | None, bool]:
    """Send one notification: (error or None, whether the error is permanent)."""
    if alert["channel"] == "webhook":
        payload = webhook_payload(alert, matches, notification_id, links)
        try:
            secret = webhook_secret(settings, alert["id"])
        except AssayError as exc:
            return str(exc), False
        attempt = post(
            client, settings, alert["target"], payload, secret=secret, delivery=notification_id
        )
        store.alerts.record_attempt(notification_id, attempt.status, attempt.error, attempt.ms)
        return attempt.error, False
    try:
        mailer.send(renderer.alert_message(alert, matches, notification_id))
    except MailError as exc:
        return str(exc), exc.permanent
    return None, False


def _max_attempts(settings: Settings, alert: AlertRecord) -> int:
    return (
        settings.webhook_max_attempts
        if alert["channel"] == "webhook"
        else settings.mail_max_attempts
    )


def _retry_base(settings: Settings, alert: AlertRecord) -> float:
    return (
        settings.webhook_retry_base if alert["channel"] == "webhook" else settings.mail_retry_base
    )
