"""GET /docs: API documentation rendered in the browser from /api/v1/openapi.json.

FastAPI's default docs load Swagger UI from a CDN; assay works offline, so a small page of
its own (HTML here, script and style in `docs_assets/`) lists every operation with its
parameters, responses and schemas. No inline script: the CSP allows 'self' only.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

ASSETS = Path(__file__).with_name("docs_assets")
ASSET_TYPES = {"docs.js": "text/javascript", "docs.css": "text/css"}

router = APIRouter(include_in_schema=False)

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>assay API</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/api/v1/docs/docs.css">
<script src="/api/v1/docs/docs.js" defer></script>
</head>
<body>
<header><h1>assay REST API</h1>
<p>OpenAPI document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
Send keys as <code>Authorization: Bearer &lt;key&gt;</code> or <code>X-API-Key</code>.</p>
</header>
<main id="docs" data-spec="/api/v1/openapi.json"><p>Loading the OpenAPI document…</p></main>
<noscript><p>This page needs JavaScript; the raw document is at
<a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p></noscript>
</body>
</html>
"""


@router.get("/docs", response_class=HTMLResponse)
def docs_page() -> HTMLResponse:
    return HTMLResponse(PAGE)


@router.get("/docs/{name}")
def docs_asset(name: str) -> FileResponse:
    if name not in ASSET_TYPES:
        raise HTTPException(404)
    return FileResponse(ASSETS / name, media_type=ASSET_TYPES[name])
