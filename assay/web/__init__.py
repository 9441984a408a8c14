"""The web layer: REST API under /api/v1 and server-rendered pages. Build it with `create_app`.

Imported by nothing but the CLI (`assay serve`); it reads through `assay.search` and the store.
"""

from assay.web.app import create_app

__all__ = ["create_app"]
