"""assay: structured intelligence from industry news.

The public API: the data passed between stages, settings, and the error users see.
Stages live in `assay.sources`, `assay.extract`, `assay.enrich` and `assay.store`.
"""

from assay.errors import AssayError
from assay.models import Article, Entity, Fact, Mention, Page, SectorScore
from assay.settings import Settings, load_settings

__version__ = "0.1.0"

__all__ = [
    "Article",
    "AssayError",
    "Entity",
    "Fact",
    "Mention",
    "Page",
    "SectorScore",
    "Settings",
    "__version__",
    "load_settings",
]
