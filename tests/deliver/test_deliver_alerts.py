"""Alerts: fact patterns and saved searches matched after each save, notified once per
match, by e-mail or by a signed webhook that is retried after a failure."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from deliver_fixtures import CONTROL, URANIUM, article, at
from fastapi.testclient import TestClient
from mailserver import MailServer
from typer.testing import CliRunner

from assay.cli import app as cli
from assay.deliver.alerts import AlertMatcher, add_alert, dispatch_alerts, fact_pattern
from assay.deliver.http import router
from assay.deliver.mail import Mailer
from assay.deliver.webhooks import webhook_secret
from assay.errors import QueryError, UsageError
from assay.pipeline import IngestReport, default_hooks
from assay.pipeline.commit import commit_batch
from assay.settings import Settings
from assay.store import Store
from assay.web import create_app


class Hook(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        server: HookServer = self.server  # type: ignore[assignment]
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with server.lock:
            status = server.statuses.pop(0) if server.statuses else 200
            server.received.append((status, dict(self.headers), body))
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


class HookServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Hook)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/hooks/assay"
        self.statuses: list[int] = []
        self.received: list[tuple[int, dict[str, str], bytes]] = []
        self.lock = threading.Lock()


@pytest.fixture
def hooks_server() -> Iterator[HookServer]:
    server = HookServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def save(store: Store, settings: Settings, *articles: Any) -> IngestReport:
    """Save a batch the way ingestion does: commit, then the after-save hooks."""
    hooks = default_hooks(settings.model_copy(update={"embed_at_ingest": False}))
    hooks.add(AlertMatcher())
    report = IngestReport()
    commit_batch(store, list(articles), "test.v1", hooks, report)
    return report


def gallium(n: int, site: str = "metal-daily.example") -> Any:
    return article(
        n,
        "Beijing widens gallium export controls",
        "China imposed export controls on gallium exports to the United States on Friday. "
        "The commerce ministry listed refined metal and wafers.",
        at(12, 8),
        ["country:CHN", "country:USA", "commodity:gallium"],
        ["sanctions-regulation"],
        [CONTROL],
        site=site,
    )


def dispatch(store: Store, settings: Settings, now: datetime | None = None):  # type: ignore[no-untyped-def]
    with Mailer(settings) as mailer:
        return dispatch_alerts(store, settings, mailer, now=now)


def test_a_webhook_alert_is_signed_sent_once_and_retried_after_a_500(
    dstore: Store, dsettings: Settings, hooks_server: HookServer
) -> None:
    alert = add_alert(
        dstore,
        dsettings,
        name="Ga/Ge curbs",
        pattern=fact_pattern(type="trade_measure", goods=["gallium", "germanium"]),
        webhook=hooks_server.url,
    )
    save(dstore, dsettings, gallium(20))
    hooks_server.statuses = [500]
    now = datetime.now(UTC)
    first = dispatch(dstore, dsettings, now)
    assert (first.notifications, first.sent, first.retrying) == (1, 0, 1)
    # Not again before the backoff (webhook_retry_base, 30 s), then once more: 200.
    assert dispatch(dstore, dsettings, now + timedelta(seconds=10)).notifications == 0
    second = dispatch(dstore, dsettings, now + timedelta(seconds=31))
    assert second.sent == 1
    assert [status for status, _, _ in hooks_server.received] == [500, 200]
    # Valid signature over "<timestamp>.<body>", the same delivery id on the retry.
    secret = webhook_secret(dsettings, alert["id"]).encode()
    for _, headers, body in hooks_server.received:
        stamp = headers["X-Assay-Timestamp"]
        expected = (
            "sha256=" + hmac.new(secret, f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
        )
        assert hmac.compare_digest(headers["X-Assay-Signature"], expected)
        assert abs(int(stamp) - now.timestamp()) < 120
        assert headers["Content-Type"] == "application/json"
    assert len({h["X-Assay-Delivery"] for _, h, _ in hooks_server.received}) == 1
    payload = json.loads(hooks_server.received[-1][2])
    assert payload["event"] == "alert.matched" and payload["alert"]["name"] == "Ga/Ge curbs"
    [match] = payload["matches"]
    assert match["title"] == "Beijing widens gallium export controls"
    assert match["link"].startswith("http://assay.test/articles/")
    assert match["sentence"].startswith("China imposed export controls on gallium")
    # Sent once: nothing more to send; a copy of the story on another site and a re-save
    # of the same article match nothing new.
    assert dispatch(dstore, dsettings, now + timedelta(hours=1)).notifications == 0
    save(dstore, dsettings, gallium(21, site="wire-copy.example"))
    assert dispatch(dstore, dsettings, now + timedelta(hours=2)).notifications == 0
    assert len(hooks_server.received) == 2
    attempts = dstore.alerts.attempts()
    assert [a["status_code"] for a in attempts] == [500, 200]
    assert dstore.alerts.all()[0]["last_fired_at"] is not None


def test_a_webhook_to_a_private_address_needs_allow_private(
    dstore: Store, dsettings: Settings, hooks_server: HookServer
) -> None:
    strict = dsettings.model_copy(update={"allow_private": False, "webhook_max_attempts": 1})
    add_alert(
        dstore,
        strict,
        name="any gallium",
        pattern=fact_pattern(goods=["commodity:gallium"]),
        webhook=hooks_server.url,
    )
    save(dstore, strict, gallium(20))
    report = dispatch(dstore, strict)
    assert (report.sent, report.failed) == (0, 1)
    assert "non-public address 127.0.0.1" in report.errors[0]
    assert hooks_server.received == []


def test_fact_patterns_match_parties_goods_types_and_actions(
    dstore: Store, dsettings: Settings
) -> None:
    namibia = add_alert(
        dstore,
        dsettings,
        name="Namibia deals",
        pattern=fact_pattern(type="agreement", entities=["country:NAM"]),
        email="desk@example.org",
    )
    lifted = add_alert(
        dstore,
        dsettings,
        name="lifted curbs",
        pattern=fact_pattern(type="trade_measure", actions=["lifted"]),
        email="desk@example.org",
    )
    uranium = article(
        30,
        "Namibia signs uranium offtake with China",
        "Namibia and China signed a uranium offtake agreement on Monday. "
        "The mine near Swakopmund ships from next year.",
        at(12, 9),
        ["country:NAM", "country:CHN", "commodity:uranium"],
        ["mining-metals"],
        [URANIUM],
    )
    save(dstore, dsettings, uranium, gallium(31))
    assert [m["title"] for m in dstore.alerts.matches(namibia["id"])] == [
        "Namibia signs uranium offtake with China"
    ]
    assert dstore.alerts.matches(lifted["id"]) == []


def test_a_saved_search_alert_mails_each_new_story_once(
    dstore: Store, dsettings: Settings, mailserver: MailServer
) -> None:
    alert = add_alert(
        dstore,
        dsettings,
        name="China controls",
        query='"export controls" country:CHN -germanium',
        email="desk@example.org",
    )
    # Articles stored before the alert existed never fire it.
    save(dstore, dsettings, gallium(40), gallium(41, site="copy.example"))
    report = dispatch(dstore, dsettings)
    assert report.sent == 1
    [mail] = mailserver.inbox.messages
    assert mail["To"] == "desk@example.org"
    assert mail["Subject"] == "assay alert 'China controls': 1 new match"
    text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Beijing widens gallium export controls" in text
    assert f"http://assay.test/atom/alerts/{alert['id']}.xml" in text
    assert dispatch(dstore, dsettings).notifications == 0
    assert len(dstore.alerts.matches(alert["id"])) == 1


def test_alert_definitions_are_checked(dstore: Store, dsettings: Settings) -> None:
    with pytest.raises(QueryError):
        add_alert(dstore, dsettings, name="x", query="-only", email="a@example.org")
    with pytest.raises(UsageError, match="Unknown fact type 'treaty'"):
        fact_pattern(type="treaty")
    with pytest.raises(UsageError, match="would match every fact"):
        fact_pattern()
    with pytest.raises(UsageError, match="either an e-mail address or a webhook"):
        add_alert(dstore, dsettings, name="x", query="gallium")
    with pytest.raises(UsageError, match="is not an e-mail address"):
        add_alert(dstore, dsettings, name="x", query="gallium", email="nobody")


def test_alerts_cli_adds_lists_and_removes(
    dsettings: Settings, dstore: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSAY_SECRET_KEY", dsettings.secret_key or "")
    runner = CliRunner()
    db = ["--db", str(dsettings.db)]
    added = runner.invoke(
        cli,
        [
            *db,
            "alerts",
            "add",
            "Ga",
            "--type",
            "trade_measure",
            "--goods",
            "gallium",
            "--webhook",
            "https://hooks.example/assay",
        ],
    )
    assert added.exit_code == 0, added.output
    assert "Alert 1 'Ga' notifies https://hooks.example/assay" in added.output
    assert webhook_secret(dsettings, 1) in added.stdout
    listed = json.loads(runner.invoke(cli, [*db, "alerts", "list", "--format", "json"]).stdout)
    assert [(a["id"], a["kind"], a["pattern"]["goods"]) for a in listed] == [
        (1, "facts", ["gallium"])
    ]
    assert "webhook" in runner.invoke(cli, [*db, "alerts", "list"]).output
    removed = runner.invoke(cli, [*db, "alerts", "remove", "1"])
    assert removed.exit_code == 0 and "Removed alert 1" in removed.output
    missing = runner.invoke(cli, [*db, "alerts", "remove", "1"])
    assert missing.exit_code == 1 and "No alert 1" in missing.output


def test_alerts_api_needs_an_analyst_key(dstore: Store, dsettings: Settings) -> None:
    _, analyst = dstore.create_key("analyst")
    _, reader = dstore.create_key("reader")
    with TestClient(create_app(dsettings, routers=[router])) as client:
        body = {
            "name": "Namibia",
            "type": "agreement",
            "entities": ["country:NAM"],
            "email": "desk@example.org",
        }
        assert client.post("/api/v1/alerts", json=body).status_code == 401
        refused = client.post("/api/v1/alerts", json=body, headers={"X-API-Key": reader})
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "forbidden"
        made = client.post("/api/v1/alerts", json=body, headers={"X-API-Key": analyst})
        assert made.status_code == 201, made.text
        alert = made.json()
        assert alert["kind"] == "facts" and alert["pattern"]["entities"] == ["country:NAM"]
        assert alert["feed"].endswith(f"/atom/alerts/{alert['id']}.xml")
        auth = {"Authorization": f"Bearer {analyst}"}
        assert [a["name"] for a in client.get("/api/v1/alerts", headers=auth).json()] == ["Namibia"]
        bad = client.post("/api/v1/alerts", json={**body, "type": "treaty"}, headers=auth)
        assert bad.status_code == 400 and "Unknown fact type" in bad.json()["error"]["message"]
        assert client.get(f"/api/v1/alerts/{alert['id']}/matches", headers=auth).json() == []
        assert client.delete(f"/api/v1/alerts/{alert['id']}", headers=auth).status_code == 200
        assert client.get(f"/api/v1/alerts/{alert['id']}", headers=auth).status_code == 404
        assert "/api/v1/alerts" in client.get("/api/v1/openapi.json").json()["paths"]


def test_a_non_ascii_alert_name_makes_a_well_formed_subject(
    dstore: Store, dsettings: Settings, mailserver: MailServer
) -> None:
    add_alert(
        dstore,
        dsettings,
        name="Gallium – Beijing’s curbs",
        query="gallium",
        email="desk@example.org",
    )
    save(dstore, dsettings, gallium(60))
    assert dispatch(dstore, dsettings).sent == 1
    [mail] = mailserver.inbox.messages
    assert mail["Subject"] == "assay alert 'Gallium – Beijing’s curbs': 1 new match"
