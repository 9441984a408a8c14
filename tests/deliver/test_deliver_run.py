"""`assay run` as a real process against a local feed server and a local SMTP server:
it ingests new entries, fires an alert, sends due digests, serves the web app and stops
cleanly on SIGTERM; killed with SIGKILL mid-poll and restarted, it loses and duplicates
nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import SECRET
from mailserver import MailServer

from assay.deliver.alerts import add_alert
from assay.deliver.subscriptions import preferences
from assay.settings import Settings
from assay.store import Store

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
# Published three hours before today's midnight (UTC): inside the digest due at 00:00.
PUBLISHED = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(
    hours=3
)
TOPICS = {
    1: (
        "Nickel smelter output rises in Sulawesi",
        "Nickel smelters in Sulawesi raised output by a fifth in February as new furnaces "
        "came online near Morowali. Local officials expect exports of matte to follow.",
    ),
    2: (
        "China widens gallium export controls",
        "China widened export controls on gallium and germanium on Monday, requiring licences "
        "for refined metal and wafers. Chip makers in Taiwan warned of delays.",
    ),
    3: (
        "Copper miners expand in Chile",
        "Two copper miners in Chile approved expansions worth four billion dollars at their "
        "desert pits. Water from new desalination plants will supply both sites.",
    ),
    4: (
        "Lithium prices steady in Australia",
        "Spodumene prices held steady in Western Australia as Chinese converters restocked "
        "slowly. Several small miners have paused shipments until contracts improve.",
    ),
    5: (
        "Gallium buyers scramble after new curbs",
        "Gallium buyers in Japan and Korea scrambled for material from Kazakhstan and Canada "
        "after the latest curbs. Spot quotes in Rotterdam doubled within a week.",
    ),
}


class Feeds(ThreadingHTTPServer):
    """An RSS feed of the entries in `entries` and an article page for each."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FeedHandler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.entries: list[int] = []
        self.slow: dict[int, float] = {}
        self.slow_started = threading.Event()


class FeedHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        server: Feeds = self.server  # type: ignore[assignment]
        if self.path == "/feed.xml":
            items = "".join(
                f"<item><title>{TOPICS[n][0]}</title><link>{server.base}/news/{n}.html</link>"
                f"<guid>{server.base}/news/{n}.html</guid>"
                f"<pubDate>{format_datetime(PUBLISHED)}</pubDate></item>"
                for n in server.entries
            )
            body = (
                '<?xml version="1.0"?><rss version="2.0"><channel><title>Metals wire</title>'
                f"<link>{server.base}/</link><description>news</description>{items}"
                "</channel></rss>"
            ).encode()
            self._send(body, "application/rss+xml")
        elif self.path.startswith("/news/"):
            n = int(self.path.split("/")[-1].split(".")[0])
            if n in server.slow:
                server.slow_started.set()
                time.sleep(server.slow[n])
            title, text = TOPICS[n]
            body = (
                f"<html><head><title>{title}</title><meta property='article:published_time' "
                f"content='{PUBLISHED.isoformat()}'></head><body><article><h1>{title}</h1>"
                f"<p>{text}</p></article></body></html>"
            ).encode()
            self._send(body, "text/html; charset=utf-8")
        else:
            self.send_error(404)

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def feeds() -> Iterator[Feeds]:
    server = Feeds()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


class Running:
    """`assay run` in a subprocess, its stderr (JSON lines) collected by a thread."""

    def __init__(self, db: Path, mailserver: MailServer) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASSAY_")}
        env.update(
            ASSAY_CONFIG=str(db.parent / "absent.toml"),
            ASSAY_DB=str(db),
            ASSAY_ALLOW_PRIVATE="true",
            ASSAY_RESPECT_ROBOTS="false",
            ASSAY_FEED_INTERVAL="1",
            ASSAY_EMBED_AT_INGEST="false",
            ASSAY_SMTP_HOST="127.0.0.1",
            ASSAY_SMTP_PORT=str(mailserver.port),
            ASSAY_SECRET_KEY=SECRET,
            ASSAY_PUBLIC_URL="http://assay.test",
            PYTHONPATH=str(ROOT),
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "assay.cli",
                "run",
                "--port",
                "0",
                "--no-enrich",
                "--interval",
                "0.3",
                "--log-format",
                "json",
            ],
            cwd=db.parent,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.lines if line.startswith("{")]

    def port(self) -> int:
        wait_for(lambda: any("port" in r for r in self.records()), self, "the server to start")
        return int(next(r["port"] for r in self.records() if "port" in r))

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> int:
        self.process.send_signal(sig)
        code = self.process.wait(timeout)
        self.reader.join(5)
        if self.process.stderr is not None:
            self.process.stderr.close()
        return code


def wait_for(check: Callable[[], bool], running: Running, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if running.process.poll() is not None:
            pytest.fail(
                f"assay run exited ({running.process.returncode}) waiting for {what}:\n"
                + "\n".join(running.lines[-30:])
            )
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}:\n" + "\n".join(running.lines[-30:]))
        time.sleep(0.2)


def prepare(settings: Settings, feeds: Feeds) -> None:
    with Store.open(settings) as store:
        store.add_feed(f"{feeds.base}/feed.xml")
        store.subscribers.request(
            "reader@example.org",
            preferences(settings, hour=0, timezone="UTC"),
            policy="1",
            source="cli",
            confirmed=True,
        )
        add_alert(store, settings, name="gallium", query="gallium", email="desk@example.org")


def count(settings: Settings, sql: str) -> int:
    import sqlite3

    with sqlite3.connect(settings.db) as conn:
        return int(conn.execute(sql).fetchone()[0])


def test_run_ingests_alerts_sends_digests_serves_and_stops_on_sigterm(
    dsettings: Settings, feeds: Feeds, mailserver: MailServer
) -> None:
    feeds.entries = [1, 2, 3]
    prepare(dsettings, feeds)
    running = Running(dsettings.db, mailserver)
    try:
        port = running.port()
        inbox = mailserver.inbox
        wait_for(lambda: len(inbox.to("reader@example.org")) == 1, running, "the digest")
        wait_for(lambda: len(inbox.to("desk@example.org")) == 1, running, "the alert")
        digest = inbox.to("reader@example.org")[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
        for n in (1, 2, 3):
            assert TOPICS[n][0] in digest
        alert = inbox.to("desk@example.org")[0]
        assert alert["Subject"] == "assay alert 'gallium': 1 new match"
        base = f"http://127.0.0.1:{port}"
        health = httpx.get(f"{base}/api/v1/health", timeout=10)
        assert health.status_code == 200 and health.json()["articles"] == 3
        assert httpx.get(f"{base}/subscribe", timeout=10).status_code == 200
        assert httpx.get(f"{base}/atom/entities/none:x.xml", timeout=10).status_code == 404
        with Store.open(dsettings) as store:
            status = store.service_status()
        assert status["last_poll"] and status["last_digest_run"] and status["heartbeat"]
        assert status["backlog"]["digests_due"] == 0
    finally:
        code = running.stop(signal.SIGTERM)
    assert code == 0, "\n".join(running.lines[-20:])
    records = running.records()
    assert len(records) == len(running.lines)  # every log line is one JSON object
    assert records[-1]["msg"] == "assay run stopped"
    assert any(r["msg"].startswith("stopping: SIGTERM") for r in records)
    assert {"ts", "level", "logger", "msg"} <= set(records[0])


def test_sigkill_mid_poll_then_restart_loses_and_duplicates_nothing(
    dsettings: Settings, feeds: Feeds, mailserver: MailServer
) -> None:
    feeds.entries = [1, 2, 3]
    prepare(dsettings, feeds)
    inbox = mailserver.inbox
    first = Running(dsettings.db, mailserver)
    try:
        wait_for(lambda: len(inbox.to("desk@example.org")) == 1, first, "the first alert")
        wait_for(lambda: len(inbox.to("reader@example.org")) == 1, first, "the digest")
        # New entries; the second one's page hangs, so the kill lands mid-poll.
        feeds.slow[5] = 30.0
        feeds.entries = [1, 2, 3, 4, 5]
        wait_for(feeds.slow_started.is_set, first, "the slow page")
    finally:
        first.stop(signal.SIGKILL)
    assert count(dsettings, "SELECT count(*) FROM articles") == 3  # the batch was rolled back
    feeds.slow.clear()
    second = Running(dsettings.db, mailserver)
    try:
        wait_for(
            lambda: count(dsettings, "SELECT count(*) FROM articles") == 5, second, "entries 4, 5"
        )
        wait_for(lambda: len(inbox.to("desk@example.org")) == 2, second, "the second alert")
        time.sleep(2)  # a few more rounds: nothing else may be sent
    finally:
        assert second.stop(signal.SIGTERM) == 0
    assert count(dsettings, "SELECT count(DISTINCT url) FROM articles") == 5
    assert count(dsettings, "SELECT count(*) FROM feed_entries") == 5
    assert len(inbox.to("reader@example.org")) == 1  # one digest a day, whatever happened
    assert count(dsettings, "SELECT count(*) FROM deliveries WHERE status = 'sent'") == 1
    alerts = inbox.to("desk@example.org")
    assert [a["Subject"] for a in alerts] == ["assay alert 'gallium': 1 new match"] * 2
    texts = [a.get_body(("plain",)).get_content() for a in alerts]  # type: ignore[union-attr]
    assert TOPICS[2][0] in texts[0] and TOPICS[5][0] in texts[1]
    assert count(dsettings, "SELECT count(*) FROM alert_matches") == 2
