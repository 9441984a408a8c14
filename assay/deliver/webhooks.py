"""Webhook POSTs: a JSON body signed with HMAC-SHA256, the timestamp inside the signature.

A receiver checks a delivery like this (reject it if the timestamp is old, say 5 minutes):

    expected = "sha256=" + hmac.new(secret, f"{timestamp}.".encode() + body, "sha256").hexdigest()
    hmac.compare_digest(expected, request.headers["X-Assay-Signature"])

`X-Assay-Delivery` stays the same when a failed delivery is retried, so a receiver that
saw it already can drop the repeat. Each alert has its own secret, derived from
`ASSAY_SECRET_KEY` and the alert id (`assay alerts add` prints it).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any

import httpx

from assay.deliver.links import secret_key
from assay.errors import FetchError, InputError
from assay.settings import Settings
from assay.sources.guard import check_url

SIGNATURE_HEADER = "X-Assay-Signature"
TIMESTAMP_HEADER = "X-Assay-Timestamp"
DELIVERY_HEADER = "X-Assay-Delivery"
EVENT = "alert.matched"


def webhook_secret(settings: Settings, alert_id: int) -> str:
    """The signing secret of one alert's webhook."""
    message = f"assay-webhook|{alert_id}".encode()
    return hmac.new(secret_key(settings), message, hashlib.sha256).hexdigest()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """`sha256=<hex>` over "<timestamp>.<body>"."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


@dataclass(frozen=True)
class Attempt:
    """One POST: the HTTP status (None when there was no answer) and what went wrong."""

    status: int | None
    error: str | None
    ms: int

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def post(
    client: httpx.Client,
    settings: Settings,
    url: str,
    payload: dict[str, Any],
    *,
    secret: str,
    delivery: int,
) -> Attempt:
    """POST `payload` as signed JSON to `url` (private addresses only if allowed)."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    stamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "X-Assay-Event": EVENT,
        DELIVERY_HEADER: str(delivery),
        TIMESTAMP_HEADER: str(stamp),
        SIGNATURE_HEADER: signature(secret, stamp, body),
    }
    started = time.monotonic()
    try:
        check_url(url, allow_private=settings.allow_private)
        response = client.post(url, content=body, headers=headers, timeout=settings.webhook_timeout)
        response.close()
    except (FetchError, InputError) as exc:
        return Attempt(None, str(exc), _ms(started))
    except httpx.HTTPError as exc:
        return Attempt(
            None, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__, _ms(started)
        )
    error = None if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"
    return Attempt(response.status_code, error, _ms(started))


def _ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
