"""REST API keys: created once and shown once, stored as a SHA-256 hash with a public prefix.

A key reads `assay_<prefix>_<secret>`. The prefix (8 hex digits) finds the row; the hash of
the whole key must match. Roles rank reader < analyst < admin.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta
from typing import cast

from sqlalchemy import Connection, RowMapping, insert, select, update

from assay.errors import NotFound, UsageError
from assay.records import ApiKeyRecord
from assay.store.convert import iso, now_utc
from assay.store.schema import api_keys

ROLES = ("reader", "analyst", "admin")
KEY_PREFIX = "assay"
# A key's last use is written at most this often: a write per request would cost more
# than the request.
TOUCH_EVERY = timedelta(minutes=10)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def key_prefix(key: str) -> str | None:
    """The public prefix of a well-formed key, else None."""
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or len(parts[1]) != 8 or not parts[2]:
        return None
    return parts[1]


def _record(row: RowMapping) -> ApiKeyRecord:
    return cast(
        ApiKeyRecord,
        {
            "id": row["id"],
            "prefix": row["prefix"],
            "role": row["role"],
            "name": row["name"],
            "created_at": iso(row["created_at"]),
            "last_used_at": iso(row["last_used_at"]),
            "revoked_at": iso(row["revoked_at"]),
        },
    )


def create_key(conn: Connection, role: str, name: str | None = None) -> tuple[ApiKeyRecord, str]:
    """A new key of `role`: its record and the key itself (never stored, shown once)."""
    if role not in ROLES:
        raise UsageError(f"Unknown role '{role}'. Choose one of: {', '.join(ROLES)}.")
    while True:
        prefix = secrets.token_hex(4)
        taken = conn.execute(select(api_keys.c.id).where(api_keys.c.prefix == prefix)).first()
        if taken is None:
            break
    key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(24)}"
    values = {"prefix": prefix, "hash": hash_key(key), "role": role, "name": name}
    pk = conn.execute(insert(api_keys).values(**values, created_at=now_utc())).inserted_primary_key
    assert pk is not None
    row = conn.execute(select(api_keys).where(api_keys.c.id == pk[0])).mappings().one()
    return _record(row), key


def list_keys(conn: Connection) -> list[ApiKeyRecord]:
    """Every key, revoked ones included, oldest first."""
    rows = conn.execute(select(api_keys).order_by(api_keys.c.id)).mappings()
    return [_record(r) for r in rows]


def revoke_key(conn: Connection, id_or_prefix: int | str) -> ApiKeyRecord:
    """Revoke a key by id or prefix (idempotent); NotFound if there is none."""
    column = api_keys.c.id if isinstance(id_or_prefix, int) else api_keys.c.prefix
    row = conn.execute(select(api_keys).where(column == id_or_prefix)).mappings().first()
    if row is None:
        raise NotFound(f"No API key '{id_or_prefix}'; `assay keys list` shows them.")
    if row["revoked_at"] is None:
        conn.execute(
            update(api_keys).where(api_keys.c.id == row["id"]).values(revoked_at=now_utc())
        )
        row = conn.execute(select(api_keys).where(api_keys.c.id == row["id"])).mappings().one()
    return _record(row)


def find_key(conn: Connection, key: str) -> tuple[ApiKeyRecord, bool] | None:
    """The record of a valid key (right secret; revoked or not) and whether its last use is
    stale enough to write; None when no stored key matches."""
    prefix = key_prefix(key)
    if prefix is None:
        return None
    row = conn.execute(select(api_keys).where(api_keys.c.prefix == prefix)).mappings().first()
    if row is None or not hmac.compare_digest(row["hash"], hash_key(key)):
        return None
    last: datetime | None = row["last_used_at"]
    stale = last is None or now_utc() - _aware(last) > TOUCH_EVERY
    return _record(row), stale


def touch_key(conn: Connection, key_id: int) -> None:
    conn.execute(update(api_keys).where(api_keys.c.id == key_id).values(last_used_at=now_utc()))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
