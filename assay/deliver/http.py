"""The delivery endpoints, as one APIRouter the CLI hands to `create_app(routers=[...])`:

    GET  /subscribe                    the sign-up form
    POST /subscribe                    record the request, mail the confirmation link
    GET  /subscribe/confirm?token=     the link in that e-mail: confirms
    GET  /preferences?token=           change sectors, entities, fact types, hour, format
    POST /preferences
    GET  /unsubscribe?token=           asks; never unsubscribes on a GET (link scanners)
    POST /unsubscribe?token=           RFC 8058 one-click (List-Unsubscribe=One-Click) and
                                       the page's button
    GET  /atom/sectors/{slug}.xml, /atom/entities/{key}.xml, /atom/alerts/{id}.xml
    GET, POST /api/v1/alerts; GET, DELETE /api/v1/alerts/{id}; GET /api/v1/alerts/{id}/matches

It uses what `create_app` puts on `app.state` (store, settings, the rate limiter) and never
imports `assay.web`. Errors are AssayError subclasses; the app's handler answers them.
"""

from __future__ import annotations

import hmac
import re
from typing import Annotated, Any
from zoneinfo import available_timezones

from fastapi import APIRouter, Form, Query, Request, Security
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from assay.deliver import atom
from assay.deliver.alerts import add_alert, fact_pattern
from assay.deliver.links import Links
from assay.deliver.mail import Mailer
from assay.deliver.render import Renderer
from assay.deliver.subscriptions import (
    confirm,
    manage_uid,
    preferences,
    subscribe,
    unsubscribe,
)
from assay.deliver.webhooks import webhook_secret
from assay.errors import Forbidden, Unauthorized, UsageError
from assay.models import FACT_TYPES, SECTORS
from assay.records import Preferences
from assay.serialize import to_jsonable
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
router = APIRouter()
pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1/alerts", tags=["alerts"], responses=ERRORS)
ROLE_RANK = {"reader": 1, "analyst": 2, "admin": 3}
_header_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="An assay API key.")
_bearer = HTTPBearer(auto_error=False, description="An assay API key as a bearer token.")


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def _limit(request: Request, bucket: str = "write") -> None:
    """One token from the app's rate limiter (create_app's), per client address."""
    limiter = getattr(request.app.state, "limiter", None)
    if limiter is not None:
        limiter.check(bucket, f"ip:{_client_ip(request) or 'unknown'}")


def _renderer(request: Request) -> Renderer:
    state = request.app.state
    found: Renderer | None = getattr(state, "deliver_renderer", None)
    if found is None:
        found = state.deliver_renderer = Renderer(_settings(request))
    return found


def _page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = _renderer(request).render(f"pages/{template}", **context)
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def _message(
    request: Request, title: str, message: str, status: int = 200, **link: str
) -> HTMLResponse:
    return _page(
        request,
        "message.html",
        status,
        title=title,
        message=message,
        link=link.get("href"),
        link_text=link.get("text", ""),
    )


def _form_context(settings: Settings, values: Preferences) -> dict[str, Any]:
    return {
        "values": values,
        "zones": sorted(available_timezones()),
        "sectors": SECTORS,
        "fact_types": FACT_TYPES,
        "policy": settings.policy_version,
    }


def _split(text: str) -> list[str]:
    return [p for p in re.split(r"[\s,;]+", text) if p]


# ------------------------------------------------------------------- subscribing


@pages.get("/subscribe", response_class=HTMLResponse)
def subscribe_form(request: Request) -> HTMLResponse:
    settings = _settings(request)
    return _page(
        request,
        "subscribe.html",
        title="Subscribe to the daily digest",
        email="",
        error=None,
        **_form_context(settings, preferences(settings)),
    )


@pages.post("/subscribe", response_class=HTMLResponse)
def subscribe_post(
    request: Request,
    email: Annotated[str, Form(max_length=320)] = "",
    consent: Annotated[str, Form()] = "",
    sectors: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
    entities: Annotated[str, Form(max_length=4000)] = "",
    fact_types: Annotated[list[str], Form()] = [],  # noqa: B006
    hour: Annotated[int | None, Form(ge=0, le=23)] = None,
    timezone: Annotated[str, Form(max_length=64)] = "",
    format: Annotated[str, Form()] = "html",
) -> HTMLResponse:
    """Record the request with its consent and mail the confirmation link."""
    _limit(request)
    settings = _settings(request)
    try:
        if consent != "yes":
            raise UsageError("Tick the consent box to subscribe.")
        prefs = preferences(
            settings,
            sectors=sectors,
            entities=_split(entities),
            fact_types=fact_types,
            hour=hour,
            timezone=timezone or None,
            format=format,
        )
        with Mailer(settings) as mailer:
            subscribe(
                _store(request),
                settings,
                mailer,
                email,
                prefs,
                source="web",
                ip=_client_ip(request),
                user_agent=request.headers.get("user-agent"),
            )
    except UsageError as exc:
        values = preferences(settings)
        return _page(
            request,
            "subscribe.html",
            400,
            title="Subscribe to the daily digest",
            email=email,
            error=str(exc),
            **_form_context(settings, values),
        )
    # The same answer whether the address was new, pending or subscribed already.
    return _message(
        request,
        "Check your inbox",
        f"If {email.strip()} can receive e-mail, a confirmation link is on its way. Open it "
        "to start your digest; nothing else is sent until you do.",
    )


@pages.get("/subscribe/confirm", response_class=HTMLResponse)
def confirm_get(
    request: Request, token: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    """The link in the confirmation e-mail."""
    settings = _settings(request)
    subscriber = confirm(
        _store(request),
        settings,
        token,
        ip=_client_ip(request),
        user_agent=request.headers.get("user-agent"),
    )
    prefs = subscriber["preferences"]
    return _message(
        request,
        "Subscribed",
        f"{subscriber['email']} will receive the assay digest daily at "
        f"{prefs['hour']:02d}:00 ({prefs['timezone']}).",
        href=Links(settings).manage(subscriber["uid"]),
        text="Change preferences",
    )


# ------------------------------------------------------------------ preferences


@pages.get("/preferences", response_class=HTMLResponse)
def preferences_get(
    request: Request, token: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    settings = _settings(request)
    subscriber = _store(request).subscribers.by_uid(manage_uid(settings, token))
    return _preferences_page(request, subscriber, token)


def _preferences_page(
    request: Request,
    subscriber: Any,
    token: str,
    *,
    saved: bool = False,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    settings = _settings(request)
    return _page(
        request,
        "preferences.html",
        status,
        title="Your digest",
        subscriber=subscriber,
        token=token,
        unsubscribe_token=Links(settings).token("unsubscribe", subscriber["uid"]),
        saved=saved,
        error=error,
        **_form_context(settings, subscriber["preferences"]),
    )


@pages.post("/preferences", response_class=HTMLResponse)
def preferences_post(
    request: Request,
    token: Annotated[str, Form(max_length=200)] = "",
    sectors: Annotated[list[str], Form()] = [],  # noqa: B006
    entities: Annotated[str, Form(max_length=4000)] = "",
    fact_types: Annotated[list[str], Form()] = [],  # noqa: B006
    hour: Annotated[int | None, Form(ge=0, le=23)] = None,
    timezone: Annotated[str, Form(max_length=64)] = "",
    format: Annotated[str, Form()] = "html",
) -> HTMLResponse:
    settings = _settings(request)
    store = _store(request)
    uid = manage_uid(settings, token)
    subscriber = store.subscribers.by_uid(uid)
    try:
        prefs = preferences(
            settings,
            sectors=sectors,
            entities=_split(entities),
            fact_types=fact_types,
            hour=hour,
            timezone=timezone or None,
            format=format,
        )
    except UsageError as exc:
        return _preferences_page(request, subscriber, token, error=str(exc), status=400)
    subscriber = store.subscribers.set_preferences(uid, prefs)
    return _preferences_page(request, subscriber, token, saved=True)


# ------------------------------------------------------------------ unsubscribing


@pages.get("/unsubscribe", response_class=HTMLResponse)
def unsubscribe_get(
    request: Request, token: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    """Ask first: mail scanners follow links, and a GET must not unsubscribe anyone."""
    settings = _settings(request)
    uid = Links(settings).verify(token, "unsubscribe")
    subscriber = _store(request).subscribers.by_uid(uid)
    return _page(
        request, "unsubscribe.html", title="Unsubscribe", subscriber=subscriber, token=token
    )


@pages.post("/unsubscribe", response_class=HTMLResponse)
async def unsubscribe_post(
    request: Request, token: Annotated[str | None, Query(max_length=200)] = None
) -> Response:
    """RFC 8058 one-click (the token in the URL, `List-Unsubscribe=One-Click` in the body)
    and the page's button (the token in the form)."""
    form = await request.form()
    sent = form.get("token")
    token = token or (sent if isinstance(sent, str) else "")
    one_click = form.get("List-Unsubscribe") == "One-Click"
    settings = _settings(request)
    from starlette.concurrency import run_in_threadpool

    subscriber = await run_in_threadpool(
        unsubscribe,
        _store(request),
        settings,
        token,
        source="mail" if one_click else "web",
        ip=_client_ip(request),
    )
    if one_click:
        return Response("Unsubscribed.\n", media_type="text/plain")
    return _message(
        request,
        "Unsubscribed",
        f"{subscriber['email']} will receive no more digests. Changed your mind? Subscribe again.",
        href="/subscribe",
        text="Subscribe again",
    )


# ------------------------------------------------------------------------- Atom


def _caller_role(request: Request, key: str | None) -> str | None:
    """The role of the API key presented, None without one; Unauthorized for a bad one."""
    if key is None:
        return None
    settings = _settings(request)
    if settings.api_key and hmac.compare_digest(key.encode(), settings.api_key.encode()):
        return "admin"
    record = _store(request).verify_key(key)
    if record is None or record["revoked_at"] is not None:
        raise Unauthorized("The API key is not valid; create one with `assay keys create`.")
    return str(record["role"])


def _presented(
    x_api_key: Annotated[str | None, Security(_header_key)] = None,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> str | None:
    if x_api_key:
        return x_api_key
    return bearer.credentials if bearer is not None and bearer.credentials else None


def _require(request: Request, key: str | None, role: str | None) -> None:
    """Reading (role None) is open unless `api_read_requires_key`; other roles need a key."""
    caller = _caller_role(request, key)
    if role is None:
        if caller is None and _settings(request).api_read_requires_key:
            raise Unauthorized("Reading needs an API key: send it as 'X-API-Key: <key>'.")
        return
    if caller is None:
        raise Unauthorized(
            f"This needs an API key with the {role} role: send it as "
            "'Authorization: Bearer <key>' or 'X-API-Key: <key>'."
        )
    if ROLE_RANK[caller] < ROLE_RANK[role]:
        raise Forbidden(f"This needs the {role} role; the key is a {caller}.")


def _atom(body: bytes) -> Response:
    return Response(
        body,
        media_type=f"{atom.MEDIA_TYPE}; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300"},
    )


@pages.get("/atom/sectors/{slug}.xml")
def atom_sector(
    request: Request, slug: str, key: Annotated[str | None, Security(_presented)] = None
) -> Response:
    _require(request, key, None)
    return _atom(atom.sector_feed(_store(request), Links(_settings(request)), slug))


@pages.get("/atom/entities/{entity_key}.xml")
def atom_entity(
    request: Request, entity_key: str, key: Annotated[str | None, Security(_presented)] = None
) -> Response:
    _require(request, key, None)
    return _atom(atom.entity_feed(_store(request), Links(_settings(request)), entity_key))


@pages.get("/atom/alerts/{alert_id}.xml")
def atom_alert(
    request: Request, alert_id: int, key: Annotated[str | None, Security(_presented)] = None
) -> Response:
    _require(request, key, None)
    return _atom(atom.alert_feed(_store(request), Links(_settings(request)), alert_id))


# ------------------------------------------------------------------------ alerts


class AlertIn(BaseModel):
    """A new alert: `search`, or a fact pattern (`type`, `entities`, `goods`, `actions`),
    notifying `email` or `webhook`."""

    name: str = Field(min_length=1, max_length=120)
    search: str | None = Field(None, max_length=500, description="A search query.")
    type: str | None = Field(None, description="Fact type of a pattern.")
    entities: list[str] = Field(default_factory=list, max_length=20)
    goods: list[str] = Field(default_factory=list, max_length=20)
    actions: list[str] = Field(default_factory=list, max_length=10)
    email: str | None = Field(None, max_length=320)
    webhook: str | None = Field(None, max_length=2000)


@api.get("", summary="List alerts")
def alerts_list(request: Request, key: Annotated[str | None, Security(_presented)] = None) -> Any:
    _require(request, key, "analyst")
    return JSONResponse(to_jsonable(_store(request).alerts.all()))


@api.post("", status_code=201, summary="Add an alert")
def alerts_add(
    request: Request, body: AlertIn, key: Annotated[str | None, Security(_presented)] = None
) -> Any:
    """A saved search or fact pattern; a webhook alert's answer carries its signing secret."""
    _require(request, key, "analyst")
    _limit(request)
    settings = _settings(request)
    pattern = None
    if body.search is None:
        pattern = fact_pattern(
            type=body.type, entities=body.entities, goods=body.goods, actions=body.actions
        )
    record = add_alert(
        _store(request),
        settings,
        name=body.name,
        query=body.search,
        pattern=pattern,
        email=body.email,
        webhook=body.webhook,
        created_by="api",
    )
    out: dict[str, Any] = dict(to_jsonable(record))
    if record["channel"] == "webhook":
        out["webhook_secret"] = webhook_secret(settings, record["id"])
    out["feed"] = Links(settings).atom_alert(record["id"])
    return JSONResponse(out, status_code=201)


@api.get("/{alert_id}", summary="One alert")
def alerts_get(
    request: Request, alert_id: int, key: Annotated[str | None, Security(_presented)] = None
) -> Any:
    _require(request, key, "analyst")
    return JSONResponse(to_jsonable(_store(request).alerts.get(alert_id)))


@api.get("/{alert_id}/matches", summary="An alert's matches, newest first")
def alerts_matches(
    request: Request,
    alert_id: int,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    key: Annotated[str | None, Security(_presented)] = None,
) -> Any:
    _require(request, key, "analyst")
    store = _store(request)
    store.alerts.get(alert_id)
    return JSONResponse(to_jsonable(store.alerts.matches(alert_id, limit)))


@api.delete("/{alert_id}", summary="Remove an alert")
def alerts_remove(
    request: Request, alert_id: int, key: Annotated[str | None, Security(_presented)] = None
) -> Any:
    _require(request, key, "analyst")
    _limit(request)
    return JSONResponse(to_jsonable(_store(request).alerts.remove(alert_id)))


router.include_router(pages)
router.include_router(api)
