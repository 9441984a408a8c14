"""SMTP transports (plain with login, STARTTLS, implicit TLS), the digest as a reader sees it
in headless Chromium, its plain-text part, and `assay digest preview|send`."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import deliver_settings
from deliver_fixtures import add_subscriber, at
from mailserver import MailServer, start_mailserver
from typer.testing import CliRunner

from assay.cli import app as cli
from assay.deliver.mail import Mailer
from assay.deliver.render import Renderer
from assay.deliver.sending import preview_digest, send_due_digests
from assay.errors import MailError
from assay.settings import Settings
from assay.store import Store

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost (openssl)."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def server_tls(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(certificate[0]), str(certificate[1]))
    return context


def one_message(settings: Settings, server: MailServer) -> None:
    renderer = Renderer(settings)
    message = renderer._message("reader@example.org", "Test", "Hello.", None)
    with Mailer(settings) as mailer:
        mailer.send(message)
        mailer.send(message)  # the same connection, twice
    assert [m["Subject"] for m in server.inbox.messages] == ["Test", "Test"]


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_mail_goes_over_tls_with_a_login(
    tmp_path: Path, isolated_env: None, certificate: tuple[Path, Path], security: str
) -> None:
    server = start_mailserver(
        tls=server_tls(certificate), implicit_tls=security == "tls", login=("assay", "s3cret")
    )
    try:
        settings = deliver_settings(
            tmp_path,
            server.port,
            smtp_security=security,
            smtp_ca_file=certificate[0],
            smtp_username="assay",
            smtp_password="s3cret",
        )
        one_message(settings, server)
        assert server.inbox.logins == [("assay", "s3cret")]
        wrong = settings.model_copy(update={"smtp_password": "nope"})
        with pytest.raises(MailError, match="refused the login of 'assay'"):
            one_message(wrong, server)
        untrusted = settings.model_copy(update={"smtp_ca_file": None})
        with pytest.raises(MailError, match="TLS failed"):
            one_message(untrusted, server)
    finally:
        server.stop()


def test_plain_smtp_with_a_login(tmp_path: Path, isolated_env: None) -> None:
    server = start_mailserver(login=("assay", "pw"))
    try:
        settings = deliver_settings(
            tmp_path, server.port, smtp_username="assay", smtp_password="pw"
        )
        one_message(settings, server)
        assert server.inbox.logins == [("assay", "pw")]
    finally:
        server.stop()


def test_a_connection_the_server_closed_while_idle_is_opened_again(
    tmp_path: Path, isolated_env: None
) -> None:
    server = start_mailserver(idle_timeout=0.5)
    try:
        settings = deliver_settings(tmp_path, server.port)
        message = Renderer(settings)._message("reader@example.org", "Test", "Hello.", None)
        with Mailer(settings) as mailer:
            mailer.send(message)
            time.sleep(1.5)  # the server drops the idle connection
            mailer.send(message)
            assert mailer.sent == 2
        assert [m["Subject"] for m in server.inbox.messages] == ["Test", "Test"]
    finally:
        server.stop()


@pytest.fixture
def sent_digest(dstore: Store, dsettings: Settings, mailserver: MailServer) -> Iterator[str]:
    add_subscriber(dstore, dsettings, "reader@example.org", hour=23)
    with Mailer(dsettings) as mailer:
        send_due_digests(dstore, dsettings, mailer, now=at(10, 23))
    [message] = mailserver.inbox.messages
    html = message.get_body(("html",))
    assert html is not None
    yield html.get_content()


def test_the_plain_text_part_reads_well(sent_digest: str, mailserver: MailServer) -> None:
    text = mailserver.inbox.messages[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    lines = text.splitlines()
    assert lines[0] == "assay · your daily digest · Tuesday 10 March 2026"
    assert [line for line in lines if len(line) > 72 and "http" not in line] == []  # wrapped
    assert "   2 sources · metal-daily.example · Tuesday 10 March 2026" in lines
    assert "== EVs & Battery Technology ==" in lines
    assert "1. Indonesia and Japan sign nickel supply deal" in lines
    assert "   - Indonesia and Japan signed supply agreement on nickel" in lines
    assert any(
        line.startswith("Unsubscribe: http://assay.test/unsubscribe?token=") for line in lines
    )
    assert "<" not in text.replace("<http", "")  # no markup in the text part


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_the_html_digest_renders_in_chromium(sent_digest: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "digest.html"
    page_file.write_text(sent_digest, encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--headless", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 720, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_file.as_uri())
            assert page.title() == "assay digest, Tuesday 10 March 2026"
            headings = page.locator("a[href^='http://assay.test/articles/']").all_inner_texts()
            assert "Indonesia and Japan sign nickel supply deal" in headings
            # Inline CSS took effect: the card is centred and no wider than 640 px.
            box = page.locator("table").first.bounding_box()
            assert box is not None and box["width"] <= 641 and box["x"] > 20
            assert page.locator("a[href*='/unsubscribe?token=']").count() == 1
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "digest.png"), full_page=True)
            phone = browser.new_page(viewport={"width": 375, "height": 800})
            phone.goto(page_file.as_uri())
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 375  # no sideways scrolling on a phone
            phone.screenshot(path=str(ARTIFACTS / "digest-phone.png"), full_page=True)
            assert errors == []
        finally:
            browser.close()
    assert (ARTIFACTS / "digest.png").stat().st_size > 10_000


def test_digest_preview_writes_a_file_and_prints_its_path(
    dstore: Store, dsettings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_subscriber(dstore, dsettings, "reader@example.org", sectors=["ev-battery"], hour=23)
    monkeypatch.setenv("ASSAY_SECRET_KEY", dsettings.secret_key or "")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    db = ["--db", str(dsettings.db)]
    result = runner.invoke(
        cli,
        [*db, "digest", "preview", "--subscriber", "reader@example.org", "--date", "2026-03-10"],
    )
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path == tmp_path / "digest-2026-03-10-1.html"
    assert "Indonesia and Japan sign nickel supply deal" in path.read_text(encoding="utf-8")
    text = runner.invoke(
        cli,
        [
            *db,
            "digest",
            "preview",
            "--subscriber",
            "reader@example.org",
            "--date",
            "2026-03-10",
            "--text",
            "--out",
            "d.txt",
        ],
    )
    assert text.exit_code == 0 and Path(text.stdout.strip()).read_text().startswith("assay · your")
    bad = runner.invoke(cli, [*db, "digest", "preview", "--subscriber", "x@example.org"])
    assert bad.exit_code == 1 and "No subscriber x@example.org" in bad.output
    # Previewing sends and records nothing.
    assert dstore.deliveries.counts() == {}
    assert preview_digest(dstore, dsettings, "reader@example.org", date(2026, 3, 10)).entries


def test_digest_send_reports_what_it_did(
    dstore: Store, dsettings: Settings, mailserver: MailServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_subscriber(dstore, dsettings, "reader@example.org", hour=0)
    for key, value in {
        "ASSAY_SMTP_HOST": "127.0.0.1",
        "ASSAY_SMTP_PORT": str(mailserver.port),
        "ASSAY_SECRET_KEY": dsettings.secret_key or "",
    }.items():
        monkeypatch.setenv(key, value)
    result = CliRunner().invoke(cli, ["--db", str(dsettings.db), "digest", "send"])
    assert result.exit_code == 0, result.output
    # Today's window holds none of the March stories: the day is recorded as empty.
    assert result.stdout.startswith("Digests: 1 due, 0 sent, 1 with no stories")
    again = CliRunner().invoke(cli, ["--db", str(dsettings.db), "digest", "send"])
    assert again.stdout.startswith("Digests: 0 due")
