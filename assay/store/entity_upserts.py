"""Entities by stable key: one row per key however many articles and writers name it.

A key is inserted with INSERT ... ON CONFLICT DO NOTHING, so that concurrent writers get
one row; names and attributes merge (the longest name wins, non-empty attributes are
united) in the row itself on PostgreSQL, where writers run at the same time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, select, text, update

from assay.store.backends import backend_of
from assay.store.schema import entities

_CHUNK = 500  # stays under SQLite's bound-parameter limit
_ENTITIES_BY_KEY = select(entities.c.id, entities.c.key, entities.c.name, entities.c.attrs).where(
    entities.c.key.in_(bindparam("keys", expanding=True))
)
_UPDATE_ENTITY = update(entities).where(entities.c.id == bindparam("eid"))
# PostgreSQL merges in the row itself, so that two writers' merges both survive: the longer
# name wins, attributes are united (json has no operators; jsonb does).
_MERGE_ENTITY_PG = text(
    """
    UPDATE entities SET
        name = CASE WHEN length(btrim(:name)) > length(btrim(name)) THEN :name ELSE name END,
        attrs = (attrs::jsonb || CAST(:attrs AS jsonb))::json
    WHERE id = :eid RETURNING name, attrs::text
    """
)


@dataclass
class _Known:
    id: int
    name: str
    attrs: dict[str, Any]


# Entities already read or written in this transaction, by key.
EntityCache = dict[str, _Known]


def _informative(old: str, new: str) -> str:
    """The longer name wins ("Japan Bank for International Cooperation" over "JBIC")."""
    return new if len(new.strip()) > len(old.strip()) else old


def _merge_attrs(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    merged = dict(old)
    merged.update({k: v for k, v in new.items() if v not in (None, "", [], {})})
    return merged


def merge_spec(
    old: tuple[str, str, dict[str, Any]] | None, name: str, type_: str, attrs: dict[str, Any]
) -> tuple[str, str, dict[str, Any]]:
    if old is None:
        return name, type_, dict(attrs)
    return _informative(old[0], name), old[1], _merge_attrs(old[2], attrs)


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def resolve_entities(
    conn: Connection, specs: dict[str, tuple[str, str, dict[str, Any]]], cache: EntityCache
) -> dict[str, int]:
    """Upsert entities by key (longest name kept, attrs merged); returns key -> id.

    Keys go in sorted order, so that two writers lock the same rows in the same order.
    """
    backend = backend_of(conn)
    missing = sorted(k for k in specs if k not in cache)
    for chunk in _chunks(missing):
        _read_entities(conn, chunk, cache)
    new: list[dict[str, Any]] = [
        {"key": key, "type": specs[key][1], "name": specs[key][0], "attrs": specs[key][2]}
        for key in missing
        if key not in cache
    ]
    if new:
        insert_new = (
            backend.insert(entities)
            .on_conflict_do_nothing(index_elements=[entities.c.key])
            .returning(entities.c.id, entities.c.key)
        )
        by_key = {spec["key"]: spec for spec in new}
        for row in conn.execute(insert_new, new):
            spec = by_key[row.key]
            cache[row.key] = _Known(row.id, spec["name"], dict(spec["attrs"]))
        # Keys a concurrent writer inserted first: their rows are visible now.
        _read_entities(conn, [k for k in by_key if k not in cache], cache)
    ids: dict[str, int] = {}
    for key in sorted(specs):
        name, _type, attrs = specs[key]
        known = cache[key]
        new_name = _informative(known.name, name)
        new_attrs = _merge_attrs(known.attrs, attrs)
        if new_name != known.name or new_attrs != known.attrs:
            if backend.name == "postgresql":
                given = {k: v for k, v in attrs.items() if v not in (None, "", [], {})}
                row = conn.execute(
                    _MERGE_ENTITY_PG,
                    {"eid": known.id, "name": name, "attrs": json.dumps(given, default=str)},
                ).one()
                known.name, known.attrs = row[0], json.loads(row[1])
            else:  # writers are serialised: merge here
                conn.execute(
                    _UPDATE_ENTITY, {"eid": known.id, "name": new_name, "attrs": new_attrs}
                )
                known.name, known.attrs = new_name, new_attrs
        ids[key] = known.id
    return ids


def _read_entities(conn: Connection, keys: list[str], cache: EntityCache) -> None:
    if keys:
        for row in conn.execute(_ENTITIES_BY_KEY, {"keys": keys}):
            cache[row.key] = _Known(row.id, row.name, dict(row.attrs or {}))
