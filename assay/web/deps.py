"""Dependencies routes share: the store, settings, search services, access and rate limits.

They are `async`: each sync dependency would cost a hop to the thread pool per request,
which under load costs more than the work itself.

    @router.get("/things")
    def things(store: StoreDep, access: ReadAccess) -> Response: ...

Keys come as `Authorization: Bearer <key>` or `X-API-Key: <key>`. Reading is open unless
`api_read_requires_key`; a key that is presented must be valid either way. Roles rank
reader < analyst < admin; `ASSAY_API_KEY`, when set, is an admin key.
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from assay.errors import AssayError, Forbidden, Unauthorized
from assay.search import IndexCache
from assay.settings import Settings
from assay.store import Store

ROLE_RANK = {"reader": 1, "analyst": 2, "admin": 3}
_header_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="An assay API key.")
_bearer = HTTPBearer(auto_error=False, description="An assay API key as a bearer token.")


async def get_store(request: Request) -> Store:
    """The app's one Store."""
    store: Store = request.app.state.store
    return store


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


@dataclass
class Services:
    """What search needs besides the store, loaded once per app on first use."""

    indexes: IndexCache = field(default_factory=IndexCache)
    embedder: Any = None
    embedder_error: str | None = None
    _loaded: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def query_embedder(self, store: Store, settings: Settings) -> Any:
        """The embedder of the store's vectors, or None (search then uses text only)."""
        if self._loaded:
            return self.embedder
        with self._lock:
            if not self._loaded:
                try:
                    from assay.enrich.embed import stored_embedder

                    self.embedder = stored_embedder(settings, store.embedding_models())
                except (ImportError, AssayError) as exc:
                    self.embedder, self.embedder_error = None, str(exc)
                self._loaded = True
        return self.embedder


async def get_services(request: Request) -> Services:
    state = request.app.state
    if state.services is None:
        # Large vector indexes live in files beside a SQLite database, shared with the CLI
        # (`assay embed reindex`): loaded from there, not rebuilt at each start.
        state.services = Services(indexes=IndexCache(state.store.path))
    services: Services = state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


@dataclass(frozen=True)
class Access:
    """Who is calling: the role of the key presented (None: no key) and its prefix."""

    role: str | None = None
    key_id: str | None = None

    def has(self, role: str) -> bool:
        return self.role is not None and ROLE_RANK[self.role] >= ROLE_RANK[role]


async def presented_key(
    x_api_key: Annotated[str | None, Security(_header_key)] = None,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> str | None:
    """The API key a request carries, if any."""
    if x_api_key:
        return x_api_key
    if bearer is not None and bearer.credentials:
        return bearer.credentials
    return None


async def get_access(
    request: Request, key: Annotated[str | None, Depends(presented_key)]
) -> Access:
    """The caller's access; Unauthorized for a key that is unknown or revoked."""
    if key is None:
        return Access()
    settings: Settings = request.app.state.settings
    if settings.api_key and hmac.compare_digest(key.encode(), settings.api_key.encode()):
        return Access("admin", "env")
    # One indexed lookup (and now and then a write): off the event loop.
    store: Store = request.app.state.store
    record = await run_in_threadpool(store.verify_key, key)
    if record is None:
        raise Unauthorized("The API key is not valid; create one with `assay keys create`.")
    if record["revoked_at"] is not None:
        raise Unauthorized(
            f"The API key {record['prefix']} was revoked; ask an admin for a new one."
        )
    return Access(record["role"], record["prefix"])


async def read_access(request: Request, access: Annotated[Access, Depends(get_access)]) -> Access:
    """Reading: open, unless `api_read_requires_key` (then any valid key)."""
    if access.role is None and request.app.state.settings.api_read_requires_key:
        raise Unauthorized(
            "Reading this API needs a key: send it as 'Authorization: Bearer <key>' "
            "or 'X-API-Key: <key>'."
        )
    return access


def require_role(role: str) -> Callable[..., Awaitable[Access]]:
    """A dependency admitting keys of `role` or higher."""

    async def check(access: Annotated[Access, Depends(get_access)]) -> Access:
        if access.role is None:
            raise Unauthorized(
                f"This needs an API key with the {role} role: send it as "
                "'Authorization: Bearer <key>' or 'X-API-Key: <key>'."
            )
        if not access.has(role):
            raise Forbidden(
                f"This needs the {role} role; the key {access.key_id} is a {access.role}."
            )
        return access

    check.__name__ = f"require_{role}"
    return check


ReadAccess = Annotated[Access, Depends(read_access)]
AnalystAccess = Annotated[Access, Depends(require_role("analyst"))]
AdminAccess = Annotated[Access, Depends(require_role("admin"))]


def client_id(request: Request, access: Access) -> str:
    """Who a rate limit counts against: the key, else the client address."""
    if access.key_id is not None:
        return f"key:{access.key_id}"
    return f"ip:{request.client.host if request.client else 'unknown'}"


def rate_limited(name: str) -> Callable[..., Awaitable[None]]:
    """A dependency taking one token from the caller's `name` bucket (search, write)."""

    async def check(request: Request, access: Annotated[Access, Depends(get_access)]) -> None:
        request.app.state.limiter.check(name, client_id(request, access))

    check.__name__ = f"limit_{name}"
    return check


SearchLimit = Depends(rate_limited("search"))
WriteLimit = Depends(rate_limited("write"))
