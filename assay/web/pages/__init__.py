"""Server-rendered pages: insights, articles, entities, sectors, search, facts, about.

`router` holds every page route; `error_page` renders errors of page routes as HTML
(create_app installs both). Templates are in `assay/web/templates/`, autoescaped.
"""

from fastapi import APIRouter

from assay.web.pages import about, articles, entities, facts, home, search, sectors
from assay.web.pages.render import error_page

router = APIRouter(include_in_schema=False)
for _module in (home, articles, entities, sectors, search, facts, about):
    router.include_router(_module.router)

__all__ = ["error_page", "router"]
