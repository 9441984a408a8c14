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

The routes are in `signup.py` (pages) and `endpoints.py` (Atom, alerts API); `requests.py`
holds what they share. They use what `create_app` puts on `app.state` (store, settings,
the rate limiter) and never import `assay.web`. Errors are AssayError subclasses; the
app's handler answers them.
"""

from fastapi import APIRouter

from assay.deliver.endpoints import api, feeds
from assay.deliver.signup import pages

router = APIRouter()
router.include_router(pages)
router.include_router(feeds)
router.include_router(api)

__all__ = ["router"]
