"""Signed links in e-mails and the public URLs they point at.

A token reads `<uid>.<expires>.<signature>`: the subscriber's random uid (never the
address), a Unix expiry time (0: never) and an HMAC-SHA256 over purpose, uid and expiry
with `ASSAY_SECRET_KEY`. The purpose (confirm, manage, unsubscribe) is not in the token,
so a token for one purpose is refused for another. Unsubscribe tokens never expire (an
old digest's link must still work); deleting a subscriber makes every token of theirs
useless, since its uid is gone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlencode

from assay.errors import ConfigError, InvalidLink
from assay.settings import Settings

PURPOSES = ("confirm", "manage", "unsubscribe")
MIN_SECRET_CHARS = 16


def secret_key(settings: Settings) -> bytes:
    """The signing secret; ConfigError when it is missing or too short to be safe."""
    secret = settings.secret_key or ""
    if len(secret) < MIN_SECRET_CHARS:
        raise ConfigError(
            f"ASSAY_SECRET_KEY is {'too short' if secret else 'not set'}; set it in the "
            f"environment to a random string of at least {MIN_SECRET_CHARS} characters, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(32))'."
        )
    return secret.encode()


def _mac(secret: bytes, purpose: str, uid: str, expires: int) -> str:
    message = f"assay-link-v1|{purpose}|{uid}|{expires}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign(secret: bytes, purpose: str, uid: str, expires: datetime | None) -> str:
    """A token for `purpose` on subscriber `uid`, valid until `expires` (None: always)."""
    assert purpose in PURPOSES, purpose
    stamp = int(expires.timestamp()) if expires is not None else 0
    return f"{uid}.{stamp}.{_mac(secret, purpose, uid, stamp)}"


def verify(secret: bytes, token: str, purpose: str, now: datetime | None = None) -> str:
    """The uid a token was signed for; InvalidLink if it was altered, is for another
    purpose, or has expired."""
    parts = token.strip().split(".")
    if len(parts) != 3 or not parts[1].isdigit() or not parts[0].isalnum():
        raise InvalidLink("This link is incomplete; copy the whole link from the e-mail.")
    uid, stamp, mac = parts[0], int(parts[1]), parts[2]
    if not hmac.compare_digest(mac.encode(), _mac(secret, purpose, uid, stamp).encode()):
        raise InvalidLink("This link is not valid; use the link from the latest e-mail.")
    if stamp and (now or datetime.now(UTC)).timestamp() > stamp:
        what = "confirmation" if purpose == "confirm" else "preferences"
        raise InvalidLink(f"This {what} link has expired; subscribe again to get a new one.")
    return uid


class Links:
    """The public URLs of one deployment (`ASSAY_PUBLIC_URL`), signed where they must be."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.base = settings.public_url.rstrip("/")
        self._secret: bytes | None = None

    @property
    def secret(self) -> bytes:
        if self._secret is None:
            self._secret = secret_key(self.settings)
        return self._secret

    def url(self, path: str, **params: str) -> str:
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.base}{path}{query}"

    def token(self, purpose: str, uid: str, now: datetime | None = None) -> str:
        now = now or datetime.now(UTC)
        if purpose == "confirm":
            expires: datetime | None = now + timedelta(hours=self.settings.confirm_link_hours)
        elif purpose == "manage":
            expires = now + timedelta(days=self.settings.manage_link_days)
        else:
            expires = None
        return sign(self.secret, purpose, uid, expires)

    def confirm(self, uid: str, now: datetime | None = None) -> str:
        return self.url("/subscribe/confirm", token=self.token("confirm", uid, now))

    def manage(self, uid: str, now: datetime | None = None) -> str:
        return self.url("/preferences", token=self.token("manage", uid, now))

    def unsubscribe(self, uid: str) -> str:
        return self.url("/unsubscribe", token=self.token("unsubscribe", uid))

    def article(self, article_id: int) -> str:
        return self.url(f"/articles/{article_id}")

    def subscribe(self) -> str:
        return self.url("/subscribe")

    def atom_sector(self, slug: str) -> str:
        return self.url(f"/atom/sectors/{quote(slug)}.xml")

    def atom_entity(self, key: str) -> str:
        return self.url(f"/atom/entities/{quote(key, safe=':')}.xml")

    def atom_alert(self, alert_id: int) -> str:
        return self.url(f"/atom/alerts/{alert_id}.xml")

    def verify(self, token: str, purpose: str) -> str:
        return verify(self.secret, token, purpose)
