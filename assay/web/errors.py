"""One error body for the whole API, from one place: `{"error": {"code", "message"}}`.

AssayError subclasses answer with their `http_status` and a code made from the class name
(`NotFound` -> `not_found`); framework errors (unknown route, wrong method, invalid
parameters) get the same shape; anything else is a bug, logged with its traceback and
answered with a plain 500 body: never a stack trace. Page routes may answer with an HTML
error page instead (`app.state.error_page(request, status, code, message)`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from assay.errors import AssayError, RateLimited

log = logging.getLogger("assay.web")

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}
API_PREFIX = "/api/"


def error_body(code: str, message: str) -> dict[str, Any]:
    """The API's one error shape."""
    return {"error": {"code": code, "message": message}}


def error_code(exc: AssayError) -> str:
    """`NotFound` -> `not_found`, `StoreBusy` -> `store_busy`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(exc).__name__).lower()


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """JSON for the API (and when no page renderer is installed), else the HTML error page."""
    render = getattr(request.app.state, "error_page", None)
    if render is not None and not request.url.path.startswith(API_PREFIX):
        response: Response = render(request, status, code, message)
        if headers:
            response.headers.update(headers)
        return response
    return JSONResponse(error_body(code, message), status_code=status, headers=dict(headers or {}))


async def _assay_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AssayError)
    headers = None
    if isinstance(exc, RateLimited):
        headers = {"Retry-After": str(max(1, round(exc.retry_after)))}
    elif exc.http_status == 401:
        headers = {"WWW-Authenticate": "Bearer"}
    if exc.http_status >= 500:
        log.warning("%s %s: %s", request.method, request.url.path, exc)
    return error_response(request, exc.http_status, error_code(exc), str(exc), headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    if exc.status_code == 404 and message == "Not Found":
        message = f"No such page: {request.url.path}"
    return error_response(request, exc.status_code, code, message, exc.headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return error_response(request, 422, "invalid_request", validation_message(exc))


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("Unhandled error on %s %s", request.method, request.url.path)
    return error_response(
        request, 500, "internal_error", "Internal error; the server log has the details."
    )


def validation_message(exc: RequestValidationError) -> str:
    """One line naming the first bad parameter: "query parameter 'limit': ..."."""
    errors = exc.errors()
    if not errors:
        return "Invalid request."
    first = errors[0]
    loc = [str(p) for p in first.get("loc", ())]
    where = f"{loc[0]} parameter '{'.'.join(loc[1:])}'" if len(loc) > 1 else "request"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"Invalid {where}: {first.get('msg', 'invalid value')}{more}."


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through the one body."""
    app.add_exception_handler(AssayError, _assay_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)
