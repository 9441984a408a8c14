"""Double opt-in end to end (form, e-mail, link), consent records, preferences, one-click
unsubscribe (RFC 8058), signed links, and the subscriber data commands."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from deliver_fixtures import add_subscriber, at
from fastapi.testclient import TestClient
from mailserver import MailServer
from typer.testing import CliRunner

from assay.cli import app as cli
from assay.deliver.http import router
from assay.deliver.links import sign, verify
from assay.deliver.mail import Mailer
from assay.deliver.sending import send_due_digests
from assay.errors import InvalidLink
from assay.settings import Settings
from assay.store import Store
from assay.web import create_app

FORM = {
    "email": "Jane.Doe@Example.org",
    "consent": "yes",
    "sectors": ["ev-battery", "mining-metals"],
    "entities": "country:IDN, commodity:nickel",
    "fact_types": ["agreement"],
    "hour": "8",
    "timezone": "Asia/Tokyo",
    "format": "html",
}


@pytest.fixture
def client(dsettings: Settings, dstore: Store) -> Iterator[TestClient]:
    with TestClient(create_app(dsettings, routers=[router])) as c:
        yield c


def link_in(text: str, path: str) -> str:
    found = re.search(rf"http://assay\.test{re.escape(path)}\?token=[\w.-]+", text)
    assert found, text
    parts = urlsplit(found.group(0))
    return f"{parts.path}?{parts.query}"


def test_double_opt_in_from_the_web_form_to_the_link_in_the_mail(
    client: TestClient, dstore: Store, mailserver: MailServer
) -> None:
    page = client.get("/subscribe")
    assert page.status_code == 200 and 'name="consent"' in page.text
    done = client.post("/subscribe", data=FORM, headers={"User-Agent": "test-browser"})
    assert done.status_code == 200 and "Check your inbox" in done.text
    pending = dstore.subscribers.get("jane.doe@example.org")
    assert pending["status"] == "pending"
    assert pending["preferences"] == {
        "sectors": ["ev-battery", "mining-metals"],
        "entities": ["country:IDN", "commodity:nickel"],
        "fact_types": ["agreement"],
        "hour": 8,
        "timezone": "Asia/Tokyo",
        "format": "html",
    }
    [mail] = mailserver.inbox.messages
    assert mail["To"] == "jane.doe@example.org"
    assert mail["Subject"] == "Confirm your assay digest subscription"
    text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    confirm = client.get(link_in(text, "/subscribe/confirm"))
    assert confirm.status_code == 200 and "Subscribed" in confirm.text
    active = dstore.subscribers.get("jane.doe@example.org")
    assert active["status"] == "active" and active["confirmed_at"] is not None
    consents = dstore.subscribers.export("jane.doe@example.org")["consents"]
    assert [(c["event"], c["source"], c["policy_version"]) for c in consents] == [
        ("requested", "web", "1"),
        ("confirmed", "web", "1"),
    ]
    assert consents[0]["ip"] == "testclient" and consents[0]["user_agent"] == "test-browser"
    # The link works once more (idempotent) and nothing else was sent.
    assert client.get(link_in(text, "/subscribe/confirm")).status_code == 200
    assert len(mailserver.inbox.messages) == 1


def test_the_form_needs_consent_and_a_real_address(
    client: TestClient, dstore: Store, mailserver: MailServer
) -> None:
    no_consent = client.post("/subscribe", data={**FORM, "consent": ""})
    assert no_consent.status_code == 400 and "Tick the consent box" in no_consent.text
    bad = client.post("/subscribe", data={**FORM, "email": "jane at example"})
    assert bad.status_code == 400 and "is not an e-mail address" in bad.text
    bad_zone = client.post("/subscribe", data={**FORM, "timezone": "Mars/Olympus"})
    assert "Unknown time zone &#39;Mars/Olympus&#39;" in bad_zone.text
    assert dstore.subscribers.all() == [] and mailserver.inbox.messages == []


def test_a_mail_server_that_is_down_gets_an_apology_not_its_address(
    client: TestClient, mailserver: MailServer
) -> None:
    mailserver.stop()
    page = client.post("/subscribe", data=FORM)
    assert page.status_code == 503 and "try again" in page.text
    assert "127.0.0.1" not in page.text and "SMTP" not in page.text


def test_one_address_gets_at_most_three_confirmations_a_day(
    client: TestClient, mailserver: MailServer
) -> None:
    for _ in range(5):
        assert client.post("/subscribe", data=FORM).status_code == 200
    assert len(mailserver.inbox.messages) == 3


def test_altered_expired_and_misused_links_are_refused(
    client: TestClient, dsettings: Settings
) -> None:
    secret = dsettings.secret_key.encode()  # type: ignore[union-attr]
    token = sign(secret, "confirm", "abc123", datetime.now(UTC) + timedelta(hours=1))
    assert verify(secret, token, "confirm") == "abc123"
    with pytest.raises(InvalidLink, match="not valid"):
        verify(secret, token.replace("abc123", "abc124"), "confirm")
    with pytest.raises(InvalidLink, match="not valid"):
        verify(secret, token, "unsubscribe")  # signed for another purpose
    old = sign(secret, "confirm", "abc123", datetime.now(UTC) - timedelta(seconds=1))
    with pytest.raises(InvalidLink, match="expired"):
        verify(secret, old, "confirm")
    page = client.get(f"/subscribe/confirm?token={old}")
    assert page.status_code == 400 and "expired" in page.text
    assert client.get("/subscribe/confirm?token=x").status_code == 400


def test_one_click_unsubscribe_honours_the_headers_of_a_digest(
    client: TestClient, dstore: Store, dsettings: Settings, mailserver: MailServer
) -> None:
    add_subscriber(dstore, dsettings, "a@example.org", hour=23)
    with Mailer(dsettings) as mailer:
        send_due_digests(dstore, dsettings, mailer, now=at(10, 23))
    [digest] = mailserver.inbox.messages
    url = urlsplit(str(digest["List-Unsubscribe"]).strip("<>"))
    target = f"{url.path}?{url.query}"
    # A GET (a link scanner) only asks.
    asked = client.get(target)
    assert asked.status_code == 200 and "Stop the assay digest" in asked.text
    assert dstore.subscribers.get("a@example.org")["status"] == "active"
    # The mail client's one-click POST, as RFC 8058 describes it.
    done = client.post(
        target,
        content=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert done.status_code == 200
    gone = dstore.subscribers.get("a@example.org")
    assert gone["status"] == "unsubscribed"
    consents = dstore.subscribers.export("a@example.org")["consents"]
    assert (consents[-1]["event"], consents[-1]["source"]) == ("withdrawn", "mail")
    with Mailer(dsettings) as mailer:
        report = send_due_digests(dstore, dsettings, mailer, now=at(11, 23))
    assert report.due == 0 and len(mailserver.inbox.messages) == 1


def test_the_preferences_page_changes_what_comes_and_when(
    client: TestClient, dstore: Store, dsettings: Settings
) -> None:
    from assay.deliver.links import Links

    sub = add_subscriber(dstore, dsettings, "a@example.org", sectors=["oil-gas"])
    token = Links(dsettings).token("manage", sub["uid"])
    page = client.get(f"/preferences?token={token}")
    assert page.status_code == 200 and 'value="oil-gas" checked' in page.text
    saved = client.post(
        "/preferences",
        data={
            "token": token,
            "sectors": ["ev-battery"],
            "hour": "6",
            "timezone": "Europe/Berlin",
            "format": "text",
            "entities": "org:jbic",
        },
    )
    assert saved.status_code == 200 and "Saved" in saved.text
    prefs = dstore.subscribers.get("a@example.org")["preferences"]
    assert (
        prefs["sectors"],
        prefs["entities"],
        prefs["hour"],
        prefs["timezone"],
        prefs["format"],
    ) == (["ev-battery"], ["org:jbic"], 6, "Europe/Berlin", "text")
    refused = client.post(
        "/preferences", data={"token": token, "sectors": ["tulips"], "timezone": "Europe/Berlin"}
    )
    assert refused.status_code == 400 and "Unknown sector &#39;tulips&#39;" in refused.text
    assert dstore.subscribers.get("a@example.org")["preferences"]["sectors"] == ["ev-battery"]
    button = client.post(
        "/unsubscribe", data={"token": Links(dsettings).token("unsubscribe", sub["uid"])}
    )
    assert button.status_code == 200 and "Unsubscribed" in button.text


def test_cli_add_sends_a_confirmation_and_data_commands_export_and_erase(
    dsettings: Settings, dstore: Store, mailserver: MailServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {
        "ASSAY_SMTP_HOST": "127.0.0.1",
        "ASSAY_SMTP_PORT": str(mailserver.port),
        "ASSAY_SECRET_KEY": dsettings.secret_key or "",
        "ASSAY_PUBLIC_URL": "http://assay.test",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    runner = CliRunner()
    db = ["--db", str(dsettings.db)]
    added = runner.invoke(cli, [*db, "subscribers", "add", "b@example.org", "--sector", "oil-gas"])
    assert added.exit_code == 0, added.output
    assert "pending: a confirmation link was sent" in added.output
    assert mailserver.inbox.messages[0]["To"] == "b@example.org"
    imported = runner.invoke(cli, [*db, "subscribers", "add", "c@example.org", "--confirmed"])
    assert imported.exit_code == 0 and "is active" in imported.output
    assert len(mailserver.inbox.messages) == 1
    bad = runner.invoke(cli, [*db, "subscribers", "add", "c@example.org", "--sector", "crypto"])
    assert bad.exit_code == 2 and "Unknown sector 'crypto'" in bad.output

    listed = runner.invoke(cli, [*db, "subscribers", "list", "--format", "json"])
    assert [(r["email"], r["status"]) for r in json.loads(listed.stdout)] == [
        ("b@example.org", "pending"),
        ("c@example.org", "active"),
    ]
    exported = json.loads(
        runner.invoke(cli, [*db, "subscribers", "export", "c@example.org"]).stdout
    )
    assert exported["subscriber"]["email"] == "c@example.org"
    assert exported["consents"][0]["event"] == "imported"

    deleted = runner.invoke(cli, [*db, "subscribers", "delete", "c@example.org"])
    assert deleted.exit_code == 0 and "suppression list" in deleted.output
    with Store.open(dsettings) as store:
        assert [s["email"] for s in store.subscribers.all()] == ["b@example.org"]
        assert store.subscribers.is_suppressed("c@example.org")
        assert "c@example.org" not in json.dumps(store.subscribers.export("b@example.org"))
    again = runner.invoke(cli, [*db, "subscribers", "add", "c@example.org", "--confirmed"])
    assert again.exit_code == 2
    assert "on the suppression list (deleted)" in again.output
    missing = runner.invoke(cli, [*db, "subscribers", "export", "c@example.org"])
    assert missing.exit_code == 1 and "No subscriber c@example.org" in missing.output


def test_signing_needs_a_secret_key(tmp_path, isolated_env, mailserver: MailServer) -> None:  # type: ignore[no-untyped-def]
    from conftest import deliver_settings

    from assay.deliver.subscriptions import preferences, subscribe
    from assay.errors import ConfigError

    settings = deliver_settings(tmp_path, mailserver.port, secret_key=None)
    with (
        Store.open(settings) as store,
        Mailer(settings) as mailer,
        pytest.raises(ConfigError, match="ASSAY_SECRET_KEY is not set"),
    ):
        subscribe(store, settings, mailer, "a@example.org", preferences(settings), source="cli")
    with Store.open(settings) as store:
        assert store.subscribers.all() == []
