"""What every table module builds on: the one shared `MetaData`, the `Vector` column type and
the columns of a message that is claimed, sent and retried.

Alembic (`migrations/env.py`) compares the database against this `metadata`, so every
table is defined on it, whichever module holds the table.
"""

from __future__ import annotations

import functools
import struct
from typing import Any

from sqlalchemy import Column, DateTime, Integer, LargeBinary, MetaData, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine, UserDefinedType

metadata = MetaData()


def send_state_columns() -> list[Column[Any]]:
    """The columns of a message that is claimed, sent and retried (an alert notification,
    a digest delivery): fresh objects for each table, in this order."""
    return [
        Column("status", String(16), nullable=False),
        Column("attempts", Integer, nullable=False, default=0),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("claimed_at", DateTime(timezone=True)),
        Column("sent_at", DateTime(timezone=True)),
        Column("next_attempt_at", DateTime(timezone=True)),
        Column("last_error", Text),
    ]


class PgVector(UserDefinedType[str]):
    """pgvector's `vector` type, unsized: each model's HNSW index casts to its dimension."""

    cache_ok = True

    def get_col_spec(self, **_kw: Any) -> str:
        return "vector"


class Vector(TypeDecorator[bytes]):
    """An embedding as float32 little-endian bytes in Python, whatever the database holds.

    SQLite stores the bytes (a BLOB); PostgreSQL a pgvector `vector`, so that it can index
    and rank by cosine distance itself. Values cross as text ('[0.5,-1]'): exact both ways,
    since each float32 is written as the shortest decimal that reads back as itself.
    """

    impl = LargeBinary
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(PgVector())
        return dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value: bytes | None, dialect: Dialect) -> Any:
        if value is None or dialect.name != "postgresql":
            return value
        return vector_text(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> bytes | None:
        if value is None or dialect.name != "postgresql":
            return value  # type: ignore[no-any-return]
        return vector_bytes(value)


def vector_text(value: bytes) -> str:
    """float32 little-endian bytes as pgvector text: '[0.5,-1]'."""
    dim = len(value) // 4
    return _vector_format(dim) % struct.unpack(f"<{dim}f", value)


@functools.cache
def _vector_format(dim: int) -> str:
    # Nine significant digits give the float32 back exactly; one format per row is ~3x
    # faster than repr per number (bulk loads format a million rows).
    return "[" + ",".join(["%.9g"] * dim) + "]"


def vector_bytes(value: str) -> bytes:
    """pgvector text ('[0.5,-1]') as float32 little-endian bytes."""
    inner = value.strip()[1:-1]
    floats = [float(x) for x in inner.split(",")] if inner else []
    return struct.pack(f"<{len(floats)}f", *floats)
