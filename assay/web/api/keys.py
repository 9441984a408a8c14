"""API keys, managed by admins (or with `assay keys` on the server)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypedDict

from assay.records import ApiKeyRecord
from assay.web.api.responses import json_response
from assay.web.deps import AdminAccess, StoreDep, WriteLimit

router = APIRouter(prefix="/keys", tags=["keys"])


class NewKey(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["reader", "analyst", "admin"]
    name: str | None = Field(None, max_length=200, description="Who or what the key is for.")


class CreatedKey(TypedDict):
    """The new key, shown this once (only its hash is stored), and its record."""

    key: str
    record: ApiKeyRecord


@router.get("", response_model=list[ApiKeyRecord], summary="Every key (admins)")
def list_keys(store: StoreDep, _: AdminAccess) -> Response:
    return json_response(store.list_keys())


@router.post(
    "", response_model=CreatedKey, status_code=201, dependencies=[WriteLimit], summary="New key"
)
def create_key(new: NewKey, store: StoreDep, _: AdminAccess) -> Response:
    """A new key of the role; the response is the only place the key appears."""
    record, key = store.create_key(new.role, new.name)
    return json_response({"key": key, "record": record}, status_code=201)


@router.delete(
    "/{prefix}", response_model=ApiKeyRecord, dependencies=[WriteLimit], summary="Revoke a key"
)
def revoke_key(
    prefix: Annotated[str, Path(min_length=8, max_length=8, pattern="^[0-9a-f]{8}$")],
    store: StoreDep,
    _: AdminAccess,
) -> Response:
    """Revoke a key by its prefix (the 8 hex digits after `assay_`); requests with it fail."""
    return json_response(store.revoke_key(prefix))
