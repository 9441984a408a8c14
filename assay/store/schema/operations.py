"""Running the service: what `assay run` last did (`service_state`) and REST API keys."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Integer, String, Table, Text

from assay.store.schema.base import metadata

# What `assay run` last did (last poll, last digest run, backlog), for /api/v1/health.
service_state = Table(
    "service_state",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", JSON, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

# REST API keys (revision 0003): only a SHA-256 of each key is kept; `prefix` is the public
# part of the key that finds its row, so checking a key is one indexed lookup.
api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("prefix", String(16), nullable=False, unique=True),
    Column("hash", String(64), nullable=False),
    Column("role", String(16), nullable=False),  # reader | analyst | admin
    Column("name", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
)
