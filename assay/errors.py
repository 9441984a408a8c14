"""Errors users see. Messages name the input and the fix; cli.py prints them on one line."""


class AssayError(Exception):
    """Base class: anything a user can cause and fix."""


class ConfigError(AssayError):
    """A setting has a value of the wrong type or shape."""


class InputError(AssayError):
    """A file, URL or argument that cannot be read as an article."""


class FetchError(AssayError):
    """A URL could not be fetched (network, HTTP status, size, timeout).

    `transient` says whether retrying later may succeed (timeouts, 5xx) or not (404, refused).
    """

    def __init__(self, message: str, *, transient: bool = False, status: int | None = None) -> None:
        super().__init__(message)
        self.transient = transient
        self.status = status


class BlockedTarget(FetchError):
    """The URL resolves to a private, loopback or link-local address and that is not allowed."""


class RobotsDisallowed(FetchError):
    """robots.txt forbids fetching this URL for our user agent."""


class FeedNotFound(FetchError):
    """The URL did not return an RSS/Atom feed or a sitemap."""


class ExtractionError(AssayError):
    """A page held no article text that could be extracted."""


class StoreError(AssayError):
    """The database cannot be opened, migrated or written."""


class NotFound(AssayError):
    """A requested article, feed or entity does not exist in the store."""


class UnknownEnricher(InputError):
    """An enricher name that is not in the registry (e.g. `reenrich --only`)."""
