"""Command-line targets to pages: files, directories, '-' for stdin, and URLs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from assay.errors import AssayError, InputError
from assay.models import Page
from assay.settings import Settings

# (target, stage, error): "fetch" for URLs, "read" for files.
OnTargetError = Callable[[str, str, Exception], None]


def is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def iter_target_pages(
    targets: Iterable[str], settings: Settings, on_error: OnTargetError
) -> Iterator[Page]:
    """Pages from files, directories, stdin and URLs, within the caps (`sources.caps`);
    errors go to `on_error`, never raise."""
    from assay.sources.caps import cap_page
    from assay.sources.files import iter_pages
    from assay.sources.http import RobotsCache, fetch_page, make_client

    client = None
    robots = None
    try:
        for target in targets:
            if is_url(target):
                if client is None:
                    client = make_client(settings)
                    robots = RobotsCache(client, settings)
                try:
                    page = fetch_page(client, target, settings, robots)
                except AssayError as exc:
                    on_error(target, "fetch", exc)
                    continue
                yield cap_page(page, settings)
                continue
            try:
                for page in iter_pages(
                    target, settings, on_error=lambda t, e: on_error(t, "read", e)
                ):
                    yield cap_page(page, settings)
            except InputError as exc:
                on_error(target, "read", exc)
    finally:
        if client is not None:
            client.close()
