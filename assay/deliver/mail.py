"""SMTP: one connection reused for many messages; plain, STARTTLS or implicit TLS, with
login when a username is set. Failures become MailError with a scope (see errors.py):

- a 5xx reply to a recipient or to the message: permanent, stop mailing that address;
- a 4xx reply: temporary, retry later;
- no connection, TLS or login failure, sender refused: the server's problem, nothing sent.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl
from email.utils import parseaddr
from types import TracebackType

from assay.deliver.mime import Mail
from assay.errors import MailError
from assay.settings import Settings

# Replies to MAIL, RCPT or DATA that mean "this command is wrong", not "this mailbox is":
# our message or the server is at fault, so no address is marked bounced.
PROTOCOL_ERRORS = frozenset({500, 501, 502, 503, 504})


def tls_context(settings: Settings) -> ssl.SSLContext:
    """Verified TLS; `smtp_ca_file` adds CA certificates (e.g. a private mail relay's)."""
    cafile = str(settings.smtp_ca_file) if settings.smtp_ca_file else None
    return ssl.create_default_context(cafile=cafile)


class Mailer:
    """Sends messages through the SMTP server in `settings`; connects on first use.

    with Mailer(settings) as mailer:
        mailer.send(message)
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None
        self.sent = 0

    def __enter__(self) -> Mailer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def server(self) -> str:
        s = self.settings
        return f"{s.smtp_host}:{s.smtp_port} ({s.smtp_security})"

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            smtp: smtplib.SMTP
            if s.smtp_security == "tls":
                smtp = smtplib.SMTP_SSL(
                    s.smtp_host, s.smtp_port, timeout=s.smtp_timeout, context=tls_context(s)
                )
            else:
                smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout)
            try:
                smtp.ehlo()
                if s.smtp_security == "starttls":
                    smtp.starttls(context=tls_context(s))
                    smtp.ehlo()
                if s.smtp_username:
                    smtp.login(s.smtp_username, s.smtp_password or "")
            except BaseException:
                smtp.close()
                raise
        except smtplib.SMTPAuthenticationError as exc:
            raise MailError(
                f"The SMTP server {self.server} refused the login of '{s.smtp_username}' "
                f"({exc.smtp_code}); check ASSAY_SMTP_USERNAME and ASSAY_SMTP_PASSWORD."
            ) from None
        except smtplib.SMTPNotSupportedError as exc:
            raise MailError(
                f"The SMTP server {self.server} does not support what assay asked ({exc}); "
                "check ASSAY_SMTP_SECURITY."
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise MailError(
                f"Cannot reach the SMTP server {self.server}: {_reason(exc)}; check "
                "ASSAY_SMTP_HOST, ASSAY_SMTP_PORT and ASSAY_SMTP_SECURITY."
            ) from None
        return smtp

    def send(self, message: Mail) -> None:
        """Send one message to its To address; MailError if it was not accepted."""
        recipient = parseaddr(str(message["To"]))[1]
        sender = parseaddr(self.settings.mail_from)[1]
        raw = message.as_bytes()
        for _attempt in range(2):
            reused = self._smtp is not None
            if self._smtp is None:
                self._smtp = self._connect()
            try:
                self._smtp.sendmail(sender, [recipient], raw)
                break
            except smtplib.SMTPServerDisconnected:
                self._drop()
                if not reused:
                    raise MailError(
                        f"The SMTP server {self.server} closed the connection while sending "
                        f"to {recipient}.",
                        scope="recipient",
                    ) from None
                # An idle connection the server timed out: the loop connects again once.
            except smtplib.SMTPException as exc:
                self._fail(exc, recipient)
            except OSError as exc:
                self._drop()
                raise MailError(
                    f"Lost the SMTP server {self.server} while sending to {recipient}: "
                    f"{_reason(exc)}.",
                    scope="recipient",
                ) from None
        self.sent += 1

    def _fail(self, exc: smtplib.SMTPException, recipient: str) -> None:
        """Turn an SMTP error into MailError; the connection stays usable after a reply."""
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            code, reply = next(iter(exc.recipients.values()), (450, b""))
            self._reset()
            if code in PROTOCOL_ERRORS:
                raise MailError(
                    f"The SMTP server {self.server} rejected assay's command: {code} "
                    f"{_text(reply)}",
                    code=code,
                ) from None
            raise MailError(
                f"{recipient} was refused: {code} {_text(reply)}",
                scope="recipient",
                permanent=code >= 500,
                code=code,
            ) from None
        if isinstance(exc, smtplib.SMTPSenderRefused):
            self._reset()
            raise MailError(
                f"The SMTP server {self.server} refused the sender {exc.sender}: "
                f"{exc.smtp_code} {_text(exc.smtp_error)}; check ASSAY_MAIL_FROM.",
                code=exc.smtp_code,
            ) from None
        if isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code in PROTOCOL_ERRORS:
            self._reset()
            raise MailError(
                f"The SMTP server {self.server} rejected assay's command: {exc.smtp_code} "
                f"{_text(exc.smtp_error)}",
                code=exc.smtp_code,
            ) from None
        if isinstance(exc, smtplib.SMTPResponseException):
            self._reset()
            code = exc.smtp_code
            raise MailError(
                f"The message to {recipient} was refused: {code} {_text(exc.smtp_error)}",
                scope="recipient",
                permanent=code >= 500,
                code=code,
            ) from None
        self._drop()
        raise MailError(f"Sending to {recipient} failed: {exc}.", scope="recipient") from None

    def _reset(self) -> None:
        # After a refusal the transaction must be reset before the next message.
        if self._smtp is None:
            return
        try:
            self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            with contextlib.suppress(OSError):
                smtp.close()

    def close(self) -> None:
        """Say QUIT and close the connection, if one is open."""
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def _text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())


def _reason(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return "timed out"
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed ({exc.reason or exc})"
    return str(exc) or type(exc).__name__
