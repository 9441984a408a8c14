"""Copy a whole store to another database (`assay migrate --from ... --to ...`).

Tables go over in foreign-key order, in batches that each commit on their own, so that an
interrupted copy resumes where it stopped: a table with an integer id continues after
the largest id the target holds, writing upserts (a batch copied twice is copied once);
the tables keyed by an article, feed, digest or subscriber (sector scores, feed entries,
vectors, band keys, digest items, preferences) replace the rows of each range of keys they
copy; the small tables keyed by a name (sectors, suppressions, service state) are upserted
whole. The row counts of every table are
compared at the end. The source is brought to the current schema first; nothing else in
it changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import Column, Connection, DateTime, Table, delete, func, select

from assay.errors import StoreError
from assay.store.backends import backend_of
from assay.store.convert import to_utc
from assay.store.db import Store
from assay.store.schema import articles, metadata

# Tables without an integer id are copied by ranges of this column.
RANGE_KEYS = {
    "article_sectors": "article_id",
    "delivery_items": "delivery_id",
    "subscriber_preferences": "subscriber_id",
    "feed_entries": "feed_id",
    "embeddings": "article_id",
    "minhash_bands": "article_id",
}
BATCH = 1000

Progress = Callable[[str, int, int], None]
"""on_progress(table, rows copied so far, rows in the source table)."""


@dataclass
class TransferReport:
    """Rows in the source, and rows the target held before and after, per table."""

    tables: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    @property
    def copied(self) -> int:
        return sum(after - before for _, before, after in self.tables.values())


def copy_store(
    source: Store, target: Store, batch: int = BATCH, on_progress: Progress | None = None
) -> TransferReport:
    """Copy every row of `source` into `target` (both open, at the current schema).

    Raises StoreError if `target` holds other articles than the source's, or if a table's
    count differs once done.
    """
    if batch < 1:
        raise StoreError(f"Batch size is {batch}; use 1 or more rows per batch.")
    _check_target(source, target)
    report = TransferReport()
    for table in metadata.sorted_tables:
        total = _count(source, table)
        before = _count(target, table)
        done = 0
        try:
            for rows in _batches(source, target, table, batch):
                done += rows
                if on_progress is not None:
                    on_progress(table.name, done, total)
        except StoreError as exc:
            raise StoreError(
                f"Copying table '{table.name}' stopped after {done:,} row(s): {exc} The rows "
                "before are kept; run the same command again to resume."
            ) from None
        if on_progress is not None and not done:
            on_progress(table.name, 0, total)
        target.write(partial(target.backend.after_copy, table=table))
        report.tables[table.name] = (total, before, _count(target, table))
    target.index_vectors()  # after the rows: building once beats updating per row
    differ = [(n, s, a) for n, (s, _, a) in report.tables.items() if s != a]
    if differ:
        name, in_source, in_target = differ[0]
        raise StoreError(
            f"After copying, table '{name}' has {in_target:,} row(s) in '{target.location}' "
            f"but {in_source:,} in '{source.location}'; stop every writer and run the "
            "same command again."
        )
    return report


def _check_target(source: Store, target: Store) -> None:
    """Refuse a target whose articles are not a copy of the source's (ids would collide)."""
    with target.reading() as conn:
        last = conn.execute(
            select(articles.c.id, articles.c.content_hash).order_by(articles.c.id.desc()).limit(1)
        ).first()
    if last is None:
        return
    with source.reading() as conn:
        same = conn.execute(
            select(articles.c.content_hash).where(articles.c.id == last.id)
        ).scalar()
    if same != last.content_hash:
        raise StoreError(
            f"'{target.location}' already holds other articles; copy into an empty database "
            "(or the one an interrupted copy of this source was writing)."
        )


def _count(store: Store, table: Table) -> int:
    with store.reading() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _batches(source: Store, target: Store, table: Table, batch: int) -> Iterator[int]:
    """Copy `table` batch by batch; yields the rows of each."""
    pk = list(table.primary_key.columns)
    if len(pk) == 1 and pk[0].name == "id":
        yield from _by_id(source, target, table, pk[0], batch)
    elif table.name in RANGE_KEYS:
        yield from _by_range(source, target, table, table.c[RANGE_KEYS[table.name]], batch)
    else:  # a small table keyed by name (sectors): upsert it whole
        with source.reading() as conn:
            rows = [_plain(table, r) for r in conn.execute(select(table)).mappings()]
        if rows:
            target.write(lambda conn: _upsert(conn, table, pk, rows))
        yield len(rows)


def _by_id(
    source: Store, target: Store, table: Table, key: Column[Any], batch: int
) -> Iterator[int]:
    with target.reading() as conn:
        last = conn.execute(select(func.coalesce(func.max(key), 0))).scalar_one()
    if last:
        yield _count(target, table)  # resumed: these were copied before
    while True:
        with source.reading() as conn:
            query = select(table).where(key > last).order_by(key).limit(batch)
            rows = [_plain(table, r) for r in conn.execute(query).mappings()]
        if not rows:
            return
        target.write(partial(_upsert, table=table, keys=[key], rows=rows))
        last = rows[-1][key.name]
        yield len(rows)


def _by_range(
    source: Store, target: Store, table: Table, key: Column[Any], batch: int
) -> Iterator[int]:
    with target.reading() as conn:
        last = conn.execute(select(func.coalesce(func.max(key), 0))).scalar_one()
    if last:
        # Resumed: ranges commit whole, so every key up to `last` is complete.
        with target.reading() as conn:
            yield int(
                conn.execute(
                    select(func.count()).select_from(table).where(key <= last)
                ).scalar_one()
            )
    while True:
        with source.reading() as conn:
            # The key of the batch-th row ends this range; every row of it comes along.
            upper = conn.execute(
                select(key).where(key > last).order_by(key).offset(batch - 1).limit(1)
            ).scalar()
            if upper is None:
                upper = conn.execute(select(func.max(key)).where(key > last)).scalar()
            if upper is None:
                return
            query = select(table).where((key > last) & (key <= upper))
            rows = [_plain(table, r) for r in conn.execute(query).mappings()]

        def replace(conn: Connection, lo: Any = last, hi: Any = upper, rows: Any = rows) -> None:
            conn.execute(delete(table).where((key > lo) & (key <= hi)))
            conn.execute(table.insert(), rows)

        target.write(replace)
        last = upper
        yield len(rows)


def _upsert(conn: Connection, table: Table, keys: list[Column[Any]], rows: list[Any]) -> None:
    stmt = backend_of(conn).insert(table)
    others = {c.name: stmt.excluded[c.name] for c in table.columns if c not in keys}
    conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=others), rows)


def _plain(table: Table, row: Any) -> dict[str, Any]:
    """A row as insert values; SQLite's naive datetimes become aware UTC ones."""
    out = dict(row)
    for column in table.columns:
        value = out.get(column.name)
        if isinstance(column.type, DateTime) and isinstance(value, datetime):
            out[column.name] = to_utc(value)
    return out
