"""What the delivery endpoints share: the app's store, settings and rate limiter (from
`app.state`, as `create_app` sets them), page rendering, and API key checks (the web
layer's rules, repeated here because `assay.web` is not imported)."""

from __future__ import annotations

import hmac
import re
from typing import Annotated, Any
from zoneinfo import available_timezones

from fastapi import Request, Security
from fastapi.responses import HTMLResponse
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from assay.deliver.render import Renderer
from assay.errors import Forbidden, Unauthorized
from assay.models import FACT_TYPES, SECTORS
from assay.records import Preferences
from assay.settings import Settings
from assay.store import Store


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    """The API's one error shape (the app's error handler writes it)."""

    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorBody, "description": "The request cannot be served as sent."},
    "5XX": {"model": ErrorBody, "description": "The server or its store failed."},
}
ROLE_RANK = {"reader": 1, "analyst": 2, "admin": 3}
_header_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="An assay API key.")
_bearer = HTTPBearer(auto_error=False, description="An assay API key as a bearer token.")


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def rate_limit(request: Request, bucket: str = "write") -> None:
    """One token from the app's rate limiter (create_app's), per client address."""
    limiter = getattr(request.app.state, "limiter", None)
    if limiter is not None:
        limiter.check(bucket, f"ip:{client_ip(request) or 'unknown'}")


def renderer_of(request: Request) -> Renderer:
    state = request.app.state
    found: Renderer | None = getattr(state, "deliver_renderer", None)
    if found is None:
        found = state.deliver_renderer = Renderer(settings_of(request))
    return found


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = renderer_of(request).render(f"pages/{template}", **context)
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def message_page(
    request: Request, title: str, message: str, status: int = 200, **link: str
) -> HTMLResponse:
    return page(
        request,
        "message.html",
        status,
        title=title,
        message=message,
        link=link.get("href"),
        link_text=link.get("text", ""),
    )


def form_context(settings: Settings, values: Preferences) -> dict[str, Any]:
    return {
        "values": values,
        "zones": sorted(available_timezones()),
        "sectors": SECTORS,
        "fact_types": FACT_TYPES,
        "policy": settings.policy_version,
    }


def split_keys(text: str) -> list[str]:
    return [p for p in re.split(r"[\s,;]+", text) if p]


def caller_role(request: Request, key: str | None) -> str | None:
    """The role of the API key presented, None without one; Unauthorized for a bad one."""
    if key is None:
        return None
    settings = settings_of(request)
    if settings.api_key and hmac.compare_digest(key.encode(), settings.api_key.encode()):
        return "admin"
    record = store_of(request).verify_key(key)
    if record is None or record["revoked_at"] is not None:
        raise Unauthorized("The API key is not valid; create one with `assay keys create`.")
    return str(record["role"])


def presented_key(
    x_api_key: Annotated[str | None, Security(_header_key)] = None,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> str | None:
    if x_api_key:
        return x_api_key
    return bearer.credentials if bearer is not None and bearer.credentials else None


def require(request: Request, key: str | None, role: str | None) -> None:
    """Reading (role None) is open unless `api_read_requires_key`; other roles need a key."""
    caller = caller_role(request, key)
    if role is None:
        if caller is None and settings_of(request).api_read_requires_key:
            raise Unauthorized("Reading needs an API key: send it as 'X-API-Key: <key>'.")
        return
    if caller is None:
        raise Unauthorized(
            f"This needs an API key with the {role} role: send it as "
            "'Authorization: Bearer <key>' or 'X-API-Key: <key>'."
        )
    if ROLE_RANK[caller] < ROLE_RANK[role]:
        raise Forbidden(f"This needs the {role} role; the key is a {caller}.")


# The API key a request carries (header or bearer token), or None.
PresentedKey = Annotated[str | None, Security(presented_key)]
