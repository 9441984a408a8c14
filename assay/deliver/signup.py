"""The subscription pages: sign up (double opt-in), confirm, preferences, unsubscribe
(RFC 8058 one-click and the page's button)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from assay.deliver.links import Links
from assay.deliver.mail import Mailer
from assay.deliver.requests import (
    client_ip,
    form_context,
    message_page,
    page,
    rate_limit,
    settings_of,
    split_keys,
    store_of,
)
from assay.deliver.subscriptions import (
    confirm,
    manage_uid,
    preferences,
    subscribe,
    unsubscribe,
)
from assay.errors import MailError, UsageError
from assay.records import Preferences
from assay.settings import Settings

log = logging.getLogger("assay.deliver")
pages = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class PreferenceForm:
    """The preference fields the subscribe and preferences forms share, as posted."""

    sectors: list[str]
    entities: str
    fact_types: list[str]
    hour: int | None
    timezone: str
    format: str

    def checked(self, settings: Settings) -> Preferences:
        """The checked preferences (UsageError naming a bad value)."""
        return preferences(
            settings,
            sectors=self.sectors,
            entities=split_keys(self.entities),
            fact_types=self.fact_types,
            hour=self.hour,
            timezone=self.timezone or None,
            format=self.format,
        )


def preference_form(
    sectors: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
    entities: Annotated[str, Form(max_length=4000)] = "",
    fact_types: Annotated[list[str], Form()] = [],  # noqa: B006
    hour: Annotated[int | None, Form(ge=0, le=23)] = None,
    timezone: Annotated[str, Form(max_length=64)] = "",
    format: Annotated[str, Form()] = "html",
) -> PreferenceForm:
    return PreferenceForm(sectors, entities, fact_types, hour, timezone, format)


PreferenceFields = Annotated[PreferenceForm, Depends(preference_form)]

# ------------------------------------------------------------------- subscribing


@pages.get("/subscribe", response_class=HTMLResponse)
def subscribe_form(request: Request) -> HTMLResponse:
    settings = settings_of(request)
    return page(
        request,
        "subscribe.html",
        title="Subscribe to the daily digest",
        email="",
        error=None,
        **form_context(settings, preferences(settings)),
    )


@pages.post("/subscribe", response_class=HTMLResponse)
def subscribe_post(
    request: Request,
    form: PreferenceFields,
    email: Annotated[str, Form(max_length=320)] = "",
    consent: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """Record the request with its consent and mail the confirmation link."""
    rate_limit(request)
    settings = settings_of(request)
    try:
        if consent != "yes":
            raise UsageError("Tick the consent box to subscribe.")
        prefs = form.checked(settings)
        with Mailer(settings) as mailer:
            subscribe(
                store_of(request),
                settings,
                mailer,
                email,
                prefs,
                source="web",
                ip=client_ip(request),
                user_agent=request.headers.get("user-agent"),
            )
    except MailError as exc:
        # The visitor cannot fix the mail server; the log names it for the operator.
        log.warning("confirmation e-mail not sent: %s", exc)
        return message_page(
            request,
            "Please try again later",
            "The confirmation e-mail could not be sent just now. Nothing else was done; "
            "please try again in a while.",
            503,
        )
    except UsageError as exc:
        values = preferences(settings)
        return page(
            request,
            "subscribe.html",
            400,
            title="Subscribe to the daily digest",
            email=email,
            error=str(exc),
            **form_context(settings, values),
        )
    # The same answer whether the address was new, pending or subscribed already.
    return message_page(
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
    settings = settings_of(request)
    subscriber = confirm(
        store_of(request),
        settings,
        token,
        ip=client_ip(request),
        user_agent=request.headers.get("user-agent"),
    )
    prefs = subscriber["preferences"]
    return message_page(
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
    settings = settings_of(request)
    subscriber = store_of(request).subscribers.by_uid(manage_uid(settings, token))
    return _preferencespage(request, subscriber, token)


def _preferencespage(
    request: Request,
    subscriber: Any,
    token: str,
    *,
    saved: bool = False,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    settings = settings_of(request)
    return page(
        request,
        "preferences.html",
        status,
        title="Your digest",
        subscriber=subscriber,
        token=token,
        unsubscribe_token=Links(settings).token("unsubscribe", subscriber["uid"]),
        saved=saved,
        error=error,
        **form_context(settings, subscriber["preferences"]),
    )


@pages.post("/preferences", response_class=HTMLResponse)
def preferences_post(
    request: Request,
    form: PreferenceFields,
    token: Annotated[str, Form(max_length=200)] = "",
) -> HTMLResponse:
    settings = settings_of(request)
    store = store_of(request)
    uid = manage_uid(settings, token)
    subscriber = store.subscribers.by_uid(uid)
    try:
        prefs = form.checked(settings)
    except UsageError as exc:
        return _preferencespage(request, subscriber, token, error=str(exc), status=400)
    subscriber = store.subscribers.set_preferences(uid, prefs)
    return _preferencespage(request, subscriber, token, saved=True)


# ------------------------------------------------------------------ unsubscribing


@pages.get("/unsubscribe", response_class=HTMLResponse)
def unsubscribe_get(
    request: Request, token: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    """Ask first: mail scanners follow links, and a GET must not unsubscribe anyone."""
    settings = settings_of(request)
    uid = Links(settings).verify(token, "unsubscribe")
    subscriber = store_of(request).subscribers.by_uid(uid)
    return page(
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
    settings = settings_of(request)
    from starlette.concurrency import run_in_threadpool

    subscriber = await run_in_threadpool(
        unsubscribe,
        store_of(request),
        settings,
        token,
        source="mail" if one_click else "web",
        ip=client_ip(request),
    )
    if one_click:
        return Response("Unsubscribed.\n", media_type="text/plain")
    return message_page(
        request,
        "Unsubscribed",
        f"{subscriber['email']} will receive no more digests. Changed your mind? Subscribe again.",
        href="/subscribe",
        text="Subscribe again",
    )
