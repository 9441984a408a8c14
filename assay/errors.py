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


class UnknownEntity(UsageError):
    """An entity key or name that no stored entity and no knowledge-base entry has."""

    http_status = 404


class FetchError(AssayError):
    """A URL could not be fetched (network, HTTP status, size, timeout).

    `transient` says whether retrying later may succeed (timeouts, 5xx) or not (404, refused);
    `retry_after` is the wait in seconds a 429/503 response asked for, if it said.
    """

    http_status = 502

    def __init__(
        self,
        message: str,
        *,
        transient: bool = False,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.transient = transient
        self.status = status
        self.retry_after = retry_after


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


class NoDatabase(StoreError):
    """A command that reads found no database file where --db (or ASSAY_DB) points."""


class StoreBusy(StoreError):
    """Another process held the database's write lock too long; retrying later may work."""

    http_status = 503


class NotFound(AssayError):
    """A requested article, feed or entity does not exist in the store."""

    http_status = 404


class Unauthorized(AssayError):
    """An API request without a valid key where one is needed (missing, unknown or revoked)."""

    http_status = 401


class Forbidden(AssayError):
    """An API key whose role may not do this (a reader key on an admin route)."""

    http_status = 403


class RateLimited(AssayError):
    """Too many requests from one client or key in a short time; `retry_after` in seconds."""

    http_status = 429

    def __init__(self, message: str, *, retry_after: float = 1.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


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


class InvalidLink(InputError):
    """A subscription link (confirm, preferences, unsubscribe) that was altered or expired."""


class MailError(AssayError):
    """An e-mail could not be sent.

    `scope` says whose problem it is: "recipient" (the server refused this address or
    message: `permanent` for a 5xx reply, else retry later) or "server" (cannot connect,
    log in or use the sender address: nothing was sent, fix the settings or wait).
    """

    http_status = 502

    def __init__(
        self,
        message: str,
        *,
        scope: str = "server",
        permanent: bool = False,
        code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.scope = scope
        self.permanent = permanent
        self.code = code
