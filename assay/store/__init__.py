"""The store: the only code that writes SQL. Use `Store.open(settings)`."""

from assay.store.articles import SaveResult
from assay.store.db import Store
from assay.store.feeds import FeedRow
from assay.store.urls import canonical_url

__all__ = ["FeedRow", "SaveResult", "Store", "canonical_url"]
