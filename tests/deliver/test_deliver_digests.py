"""Digests over a real SMTP server: the right stories per subscriber and time zone, each
(subscriber, day) sent once across crashes and re-runs, retries after 4xx, bounces on 5xx."""

from __future__ import annotations

from datetime import date, timedelta
from email.message import EmailMessage

import pytest
from deliver_fixtures import add_subscriber, at
from mailserver import MailServer

from assay.deliver.digest import current_day, send_time
from assay.deliver.mail import Mailer
from assay.deliver.sending import due_digests, preview_digest, send_due_digests
from assay.settings import Settings
from assay.store import Store


def parts(message: EmailMessage) -> tuple[str, str | None]:
    """The text and HTML bodies of a received message."""
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None
    return text.get_content(), html.get_content() if html is not None else None


def send(store: Store, settings: Settings, now, **kwargs):  # type: ignore[no-untyped-def]
    with Mailer(settings) as mailer:
        return send_due_digests(store, settings, mailer, now=now, **kwargs)


def test_send_time_follows_the_subscribers_zone_and_hour() -> None:
    prefs = {
        "sectors": [],
        "entities": [],
        "fact_types": [],
        "hour": 7,
        "timezone": "Asia/Tokyo",
        "format": "html",
    }
    assert send_time(prefs, date(2026, 3, 11)) == at(10, 22)  # 07:00 JST is 22:00 UTC before
    assert current_day(prefs, at(10, 21)) == date(2026, 3, 10)  # 06:00 in Tokyo: not yet
    assert current_day(prefs, at(10, 22)) == date(2026, 3, 11)


def test_two_subscribers_get_their_own_stories_at_their_own_hour(
    dstore: Store, dsettings: Settings, mailserver: MailServer
) -> None:
    tokyo = add_subscriber(
        dstore, dsettings, "ev@example.org", sectors=["ev-battery"], hour=7, timezone="Asia/Tokyo"
    )
    add_subscriber(
        dstore,
        dsettings,
        "gallium@example.org",
        confirmed_at=at(10, 10),
        entities=["commodity:gallium"],
        hour=20,
        timezone="America/New_York",
        format="text",
    )
    # 23:00 UTC: 08:00 on the 11th in Tokyo (due); 19:00 on the 10th in New York (not yet).
    report = send(dstore, dsettings, at(10, 23))
    assert (report.due, report.sent) == (1, 1)
    [message] = mailserver.inbox.messages
    assert message["To"] == "ev@example.org"
    text, html = parts(message)
    assert html is not None and "Indonesia and Japan sign nickel supply deal" in html
    # One entry per story however many sites printed it, with its source count.
    assert text.count("Indonesia and Japan sign nickel supply deal") == 1
    assert "2 sources" in text
    assert "JBIC invests $1.2 billion in Indonesia nickel plant" in text
    for absent in ("gallium", "Brent crude", "graphite shortfall"):  # other sector; too old
        assert absent not in text
    assert "EVs & Battery Technology" in text
    assert "http://assay.test/articles/" in text
    assert "JBIC invested USD 1.2 billion in Indonesia" in text  # a key fact
    assert message["Subject"] == "assay digest, Wednesday 11 March 2026: 2 stories"
    assert dstore.deliveries.for_subscriber(tokyo["id"])[0]["day"] == "2026-03-11"

    # 00:30 UTC on the 11th: 20:30 on the 10th in New York. Text only, gallium only.
    report = send(dstore, dsettings, at(11, 0) + timedelta(minutes=30))
    assert (report.due, report.sent) == (1, 1)
    second = mailserver.inbox.messages[1]
    assert second["To"] == "gallium@example.org"
    assert not second.is_multipart()
    text, html = parts(second)
    assert html is None
    assert "China tightens gallium export controls" in text
    assert "China imposed export control on gallium (target: United States)" in text
    assert "nickel" not in text
    assert "Sanctions & Regulation" in text


def test_every_digest_carries_one_click_unsubscribe(
    dstore: Store, dsettings: Settings, mailserver: MailServer
) -> None:
    add_subscriber(dstore, dsettings, "a@example.org", hour=23)
    send(dstore, dsettings, at(10, 23))
    [message] = mailserver.inbox.messages
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = str(message["List-Unsubscribe"])
    assert link.startswith("<http://assay.test/unsubscribe?token=") and link.endswith(">")
    text, html = parts(message)
    assert link[1:-1] in text and "/preferences?token=" in text
    assert html is not None and "/preferences?token=" in html
    assert message["Message-ID"].startswith("<digest.2026-03-10.")
    assert message["Message-ID"].endswith("@assay.test>")


def test_a_crash_between_two_sends_then_a_rerun_sends_each_digest_once(
    dstore: Store, dsettings: Settings, mailserver: MailServer
) -> None:
    emails = [f"reader{i}@example.org" for i in range(4)]
    for email in emails:
        add_subscriber(dstore, dsettings, email, hour=23)

    def crash(subscriber, day):  # type: ignore[no-untyped-def]
        if len(mailserver.inbox.messages) == 2:
            raise KeyboardInterrupt("killed between two sends")

    with pytest.raises(KeyboardInterrupt):
        send(dstore, dsettings, at(10, 23), on_sent=crash)
    assert len(mailserver.inbox.messages) == 2
    report = send(dstore, dsettings, at(10, 23) + timedelta(minutes=5))
    assert (report.due, report.sent) == (2, 2)
    assert sorted(str(m["To"]) for m in mailserver.inbox.messages) == emails
    # A re-run sends nothing.
    again = send(dstore, dsettings, at(10, 23) + timedelta(minutes=10))
    assert (again.due, again.sent) == (0, 0)
    assert len(mailserver.inbox.messages) == 4


def test_parallel_connections_send_each_digest_once(
    dstore: Store, dsettings: Settings, mailserver: MailServer
) -> None:
    emails = [f"reader{i}@example.org" for i in range(9)]
    for email in emails:
        add_subscriber(dstore, dsettings, email, hour=23)
    mailserver.inbox.refuse_rcpt["reader4@example.org"] = "550 5.1.1 No such user"
    settings = dsettings.model_copy(update={"mail_connections": 3})
    report = send_due_digests(dstore, settings, now=at(10, 23))
    assert (report.due, report.sent, report.bounced) == (9, 8, 1)
    assert sorted(str(m["To"]) for m in mailserver.inbox.messages) == [
        e for e in emails if e != "reader4@example.org"
    ]
    assert send_due_digests(dstore, settings, now=at(10, 23) + timedelta(minutes=1)).due == 0


def test_a_crash_in_one_sender_stops_the_others_and_a_rerun_finishes(
    dstore: Store, dsettings: Settings, mailserver: MailServer
) -> None:
    emails = [f"reader{i}@example.org" for i in range(8)]
    for email in emails:
        add_subscriber(dstore, dsettings, email, hour=23)
    settings = dsettings.model_copy(update={"mail_connections": 2})

    def crash(subscriber, day):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt("killed")

    with pytest.raises(KeyboardInterrupt):
        send_due_digests(dstore, settings, now=at(10, 23), on_sent=crash)
    first = len(mailserver.inbox.messages)
    assert 1 <= first <= 3  # what was in flight on the two connections, no more
    report = send_due_digests(dstore, settings, now=at(10, 23) + timedelta(minutes=1))
    assert report.sent == 8 - first
    assert sorted(str(m["To"]) for m in mailserver.inbox.messages) == emails


def test_a_claim_left_by_a_dead_process_is_never_sent_again(
    dstore: Store, dsettings: Settings, mailserver: MailServer
) -> None:
    sub = add_subscriber(dstore, dsettings, "a@example.org", hour=23)
    claimed = dstore.deliveries.claim(sub["id"], "2026-03-10", [], at(10, 23))
    assert claimed is not None
    # The process that claimed it died mid-send: whether the message left is unknown.
    soon = send(dstore, dsettings, at(10, 23) + timedelta(minutes=1))
    later = send(dstore, dsettings, at(10, 23) + timedelta(minutes=20))
    assert (soon.sent, later.sent, later.recovered) == (0, 0, 1)
    assert mailserver.inbox.messages == []
    assert dstore.deliveries.for_subscriber(sub["id"])[0]["status"] == "unknown"
    assert dstore.service_status()["backlog"]["digests_in_doubt"] == 1


def test_a_server_that_refuses_then_accepts_gets_the_digest_once(
    dstore: Store, dsettings: Settings, mailserver: MailServer
) -> None:
    sub = add_subscriber(dstore, dsettings, "a@example.org", hour=23)
    mailserver.inbox.refuse_data.append("451 4.3.0 Try again later")
    first = send(dstore, dsettings, at(10, 23))
    assert (first.sent, first.retrying) == (0, 1)
    [record] = dstore.deliveries.for_subscriber(sub["id"])
    assert (record["status"], record["attempts"]) == ("retry", 1)
    assert "451" in (record["last_error"] or "")
    # Not before the backoff has passed (mail_retry_base, 300 s).
    early = send(dstore, dsettings, at(10, 23) + timedelta(seconds=100))
    assert (early.due, early.sent) == (0, 0)
    second = send(dstore, dsettings, at(10, 23) + timedelta(seconds=301))
    assert second.sent == 1
    assert len(mailserver.inbox.messages) == 1
    [record] = dstore.deliveries.for_subscriber(sub["id"])
    assert (record["status"], record["attempts"]) == ("sent", 2)


def test_a_permanent_refusal_stops_mail_to_that_address(
    dstore: Store, dsettings: Settings, mailserver: MailServer
) -> None:
    gone = add_subscriber(dstore, dsettings, "gone@example.org", hour=23)
    add_subscriber(dstore, dsettings, "here@example.org", hour=23)
    mailserver.inbox.refuse_rcpt["gone@example.org"] = "550 5.1.1 No such user"
    report = send(dstore, dsettings, at(10, 23))
    assert (report.sent, report.failed, report.bounced) == (1, 1, 1)
    bounced = dstore.subscribers.get("gone@example.org")
    assert bounced["status"] == "bounced" and "550" in (bounced["bounce_reason"] or "")
    assert dstore.subscribers.is_suppressed("GONE@example.org")
    assert dstore.deliveries.for_subscriber(gone["id"])[0]["status"] == "failed"
    # The next day: only the address that works is due.
    assert [s["email"] for s, _ in due_digests(dstore, at(11, 23))] == ["here@example.org"]


def test_a_protocol_error_stops_the_run_and_bounces_nobody(
    dstore: Store, dsettings: Settings, mailserver: MailServer
) -> None:
    add_subscriber(dstore, dsettings, "a@example.org", hour=23)
    add_subscriber(dstore, dsettings, "b@example.org", hour=23)
    mailserver.inbox.refuse_data.append("500 Line too long")
    report = send(dstore, dsettings, at(10, 23))
    assert (report.sent, report.bounced) == (0, 0)
    assert report.stopped is not None and "rejected assay's command: 500" in report.stopped
    assert {s["status"] for s in dstore.subscribers.all()} == {"active"}
    assert send(dstore, dsettings, at(10, 23) + timedelta(minutes=1)).sent == 2


def test_a_server_that_cannot_be_reached_leaves_digests_due(
    dstore: Store, dsettings: Settings, mailserver: MailServer
) -> None:
    add_subscriber(dstore, dsettings, "a@example.org", hour=23)
    mailserver.stop()
    report = send(dstore, dsettings, at(10, 23))
    assert report.sent == 0 and report.stopped is not None
    assert "Cannot reach the SMTP server 127.0.0.1" in report.stopped
    assert len(due_digests(dstore, at(10, 23))) == 1


def test_a_day_without_matching_stories_sends_nothing(
    dstore: Store, dsettings: Settings, mailserver: MailServer
) -> None:
    add_subscriber(dstore, dsettings, "a@example.org", sectors=["aerospace-defense"], hour=23)
    report = send(dstore, dsettings, at(10, 23))
    assert (report.due, report.empty, report.sent) == (1, 1, 0)
    assert mailserver.inbox.messages == []
    assert send(dstore, dsettings, at(10, 23) + timedelta(hours=1)).due == 0


def test_stories_sent_before_are_left_out_of_the_next_digest(
    dstore: Store, dsettings: Settings, mailserver: MailServer
) -> None:
    add_subscriber(dstore, dsettings, "a@example.org", sectors=["ev-battery"], hour=16)
    # The 10th at 16:00 UTC: the nickel deal (09:00) is in; the JBIC story (14:00) too.
    send(dstore, dsettings, at(10, 16))
    first, _ = parts(mailserver.inbox.messages[0])
    assert "nickel supply deal" in first and "JBIC invests" in first
    # The 11th at 16:00 looks back 36 hours, to the 10th at 04:00: both again, but sent.
    report = send(dstore, dsettings, at(11, 16))
    assert (report.due, report.empty) == (1, 1)
    preview = preview_digest(dstore, dsettings, "a@example.org", date(2026, 3, 11))
    assert preview.entries == []


def test_nothing_followed_means_the_top_stories_of_every_sector(
    dstore: Store, dsettings: Settings
) -> None:
    add_subscriber(dstore, dsettings, "all@example.org", hour=23)
    digest = preview_digest(dstore, dsettings, "all@example.org", date(2026, 3, 10))
    titles = [e.story["title"] for e in digest.entries]
    assert len(titles) == 4  # nickel deal (once), JBIC, gallium, Brent
    assert titles[0] == "Indonesia and Japan sign nickel supply deal"  # two sources, a fact
    assert digest.sections[0][0] == "ev-battery"
