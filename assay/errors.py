"""Errors users see. Messages name the input and the fix; the CLI prints them on one line.

Library code raises only these subclasses, never `AssayError` itself. Each class says how
the CLI exits (`exit_code`: 2 for a command line that cannot work as typed, 1 otherwise)
and which HTTP status an API answers with (`http_status`).
"""

from __future__ import annotations


class AssayError(Exception):
    """Base class: anything a user can cause and fix. Raise a subclass."""

    exit_code: int = 1
    http_status: int = 500


class ConfigError(AssayError):
    """A setting has a value of the wrong type or shape."""


class InputError(AssayError):
    """A file, URL or argument that cannot be read as an article."""

    http_status = 400


class UsageError(InputError):
    """An argument or option has a value the command cannot use (unknown sector, bad date)."""

    exit_code = 2


class QueryError(UsageError):
    """A search query that cannot be run: a bad operator value, nothing to look for, too
    many terms, or a page too far."""


class FetchError(AssayError):
    """A URL could not be fetched (network, HTTP status, size, timeout).

    `transient` says whether retrying later may succeed (timeouts, 5xx) or not (404, refused).
    """

    http_status = 502

    def __init__(self, message: str, *, transient: bool = False, status: int | None = None) -> None:
        super().__init__(message)
        self.transient = transient
        self.status = status


class BlockedTarget(FetchError):
    """The URL resolves to a private, loopback or link-local address and that is not allowed."""

    http_status = 400


class RobotsDisallowed(FetchError):
    """robots.txt forbids fetching this URL for our user agent."""


class FeedNotFound(FetchError):
    """The URL did not return an RSS/Atom feed or a sitemap."""

    http_status = 400


class ExtractionError(AssayError):
    """A page held no article text that could be extracted."""

    http_status = 422


class StoreError(AssayError):
    """The database cannot be opened, migrated or written."""


class StoreBusy(StoreError):
    """Another process held the database's write lock too long; retrying later may work."""

    http_status = 503


class NotFound(AssayError):
    """A requested article, feed or entity does not exist in the store."""

    http_status = 404


class ModelMissing(AssayError):
    """A model assay needs is not installed or not built (spaCy pipeline, embedder)."""

    http_status = 503


class EmbedderMissing(ModelMissing):
    """A model needed for embeddings is not built or not installed."""


class ClusterUnavailable(AssayError):
    """The Dask scheduler given with --scheduler could not be reached."""

    http_status = 503


class ModelError(AssayError):
    """The shipped sector model or taxonomy cannot be read or does not match."""


class DataError(AssayError):
    """A data file shipped in assay/data is malformed (a packaging or editing mistake)."""


class UnknownEnricher(UsageError):
    """An enricher name (as in `--only facts`) that no registered enricher has."""
