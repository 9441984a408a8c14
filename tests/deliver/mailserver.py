"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives and can refuse.

server = start_mailserver()
...assay sends to server.port...
server.inbox.messages      # email.message.EmailMessage objects, in arrival order
server.inbox.refuse_data   # replies to give instead of accepting the next messages
server.inbox.refuse_rcpt   # address -> reply for RCPT TO
server.stop()
"""

from __future__ import annotations

import socket
import ssl
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Inbox:
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    refuse_data: list[str] = field(default_factory=list)
    refuse_rcpt: dict[str, str] = field(default_factory=dict)
    logins: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        reply = self.refuse_rcpt.get(address.lower())
        if reply is not None:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            if self.refuse_data:
                return self.refuse_data.pop(0)
            message = message_from_bytes(envelope.content, policy=policy.default)
            assert isinstance(message, EmailMessage)
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if str(m["To"]).lower() == address.lower()]


class MailServer:
    def __init__(self, controller: Controller, inbox: Inbox, port: int) -> None:
        self.controller = controller
        self.inbox = inbox
        self.port = port
        self.stopped = False

    def stop(self) -> None:
        if not self.stopped:
            self.stopped = True
            self.controller.stop()


def start_mailserver(
    *,
    tls: ssl.SSLContext | None = None,
    implicit_tls: bool = False,
    login: tuple[str, str] | None = None,
    idle_timeout: float | None = None,
) -> MailServer:
    """Start a server on a free port: plain, with STARTTLS (`tls`), or implicit TLS.
    `idle_timeout` closes connections idle that many seconds, as busy relays do."""
    inbox = Inbox()
    port = free_port()
    kwargs: dict[str, Any] = {}
    if idle_timeout is not None:
        kwargs["timeout"] = idle_timeout
    if login is not None:

        def authenticator(
            server: Any, session: Any, envelope: Any, mechanism: str, data: Any
        ) -> AuthResult:
            ok = (
                isinstance(data, LoginPassword)
                and (data.login.decode(), data.password.decode()) == login
            )
            if ok:
                inbox.logins.append(login)
            return AuthResult(success=ok, handled=False)

        # With implicit TLS aiosmtpd cannot tell the session is encrypted: do not ask.
        kwargs.update(
            authenticator=authenticator, auth_require_tls=tls is not None and not implicit_tls
        )
    if tls is not None and not implicit_tls:
        kwargs.update(tls_context=tls, require_starttls=True)
    if implicit_tls:
        assert tls is not None
        kwargs.update(ssl_context=tls)
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, server_hostname="localhost", **kwargs
    )
    controller.start()
    return MailServer(controller, inbox, port)
