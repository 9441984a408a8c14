"""Safety for every response and form: security headers, CSRF tokens, rate limits.

- `SecurityHeaders` adds a CSP without inline scripts, nosniff, a referrer policy and
  frame denial to every response, and sets the CSRF cookie a page asked for.
- CSRF: double-submit. A page calls `csrf_token(request)` and puts the token in a hidden
  `csrf_token` field; the cookie of the same value goes out with the response. A form
  route depends on `verify_csrf`, which compares the field (or an `X-CSRF-Token` header)
  with the cookie. Another site can make a browser send the cookie but cannot read it.
- Rate limits: an in-memory token bucket per client (API key prefix, else IP address)
  and bucket name, refilled at `rate` requests per minute, holding up to a third of it.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assay.errors import Forbidden, RateLimited
from assay.settings import Settings

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
CSRF_COOKIE = "assay_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_STATE_KEY = "assay_csrf_new"
# Buckets kept before the fullest (idle) ones are dropped: bounds memory under many clients.
MAX_BUCKETS = 10_000


class SecurityHeaders:
    """ASGI middleware: security headers on every HTTP response, plus a new CSRF cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    h for h in message.get("headers", []) if h[0].lower() not in _HEADER_NAMES
                ]
                headers.extend(HEADERS)
                token = scope.get("state", {}).get(_STATE_KEY)
                if token:
                    cookie = f"{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
                    headers.append((b"set-cookie", cookie.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


_HEADER_NAMES = {name for name, _ in HEADERS}


def csrf_token(request: Request) -> str:
    """The CSRF token to put in a form's hidden `csrf_token` field (issuing one if needed)."""
    token = request.cookies.get(CSRF_COOKIE)
    if token and _well_formed(token):
        return token
    issued: str | None = getattr(request.state, _STATE_KEY, None)
    if issued is None:
        issued = secrets.token_urlsafe(32)
        setattr(request.state, _STATE_KEY, issued)
    return issued


async def verify_csrf(request: Request) -> None:
    """Dependency for form routes: the submitted token must equal the cookie (else 403)."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else ""
    if not cookie or not sent or not hmac.compare_digest(cookie.encode(), sent.encode()):
        raise Forbidden("The form's CSRF token is missing or stale; reload the page and retry.")


def _well_formed(token: str) -> bool:
    return 20 <= len(token) <= 64 and all(c.isalnum() or c in "-_" for c in token)


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    """Token buckets per (name, client). `check` raises RateLimited when one is empty."""

    def __init__(self, settings: Settings) -> None:
        self.rates = {"search": settings.rate_limit_search, "write": settings.rate_limit_write}
        self._buckets: dict[tuple[str, str], _Bucket] = {}
        self._lock = threading.Lock()

    def check(self, name: str, client: str, now: float | None = None) -> None:
        """Take one token from `client`'s `name` bucket, or raise RateLimited."""
        per_minute = self.rates.get(name, 0.0)
        if per_minute <= 0:
            return
        capacity = max(1.0, per_minute / 3)
        refill = per_minute / 60.0
        now = time.monotonic() if now is None else now
        with self._lock:
            bucket = self._buckets.get((name, client))
            if bucket is None:
                if len(self._buckets) >= MAX_BUCKETS:
                    self._prune(now)
                bucket = self._buckets[(name, client)] = _Bucket(capacity, now)
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.at) * refill)
            bucket.at = now
            if bucket.tokens < 1.0:
                wait = (1.0 - bucket.tokens) / refill
                raise RateLimited(
                    f"Too many {name} requests: the limit is {per_minute:g} a minute; "
                    f"retry in {wait:.0f} s.",
                    retry_after=wait,
                )
            bucket.tokens -= 1.0

    def _prune(self, now: float) -> None:
        # Drop the buckets idle longest: they are (nearly) full again anyway.
        by_age = sorted(self._buckets, key=lambda k: self._buckets[k].at)
        for key in by_age[: len(by_age) // 2]:
            del self._buckets[key]
