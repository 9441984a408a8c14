"""A `since:` filter on SQLite stops its full-text walk at the first block of ids that
holds an article published since then (revision 0011), and finds every match all the
same, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from alembic import command
from sqlalchemy import update

import assay.store.backends.sqlite as sqlite_backend
from assay.search import search
from assay.settings import Settings
from assay.store import Store
from assay.store.bulk import bulk_load
from assay.store.date_blocks import DATE_BLOCK
from assay.store.migrate import alembic_config
from assay.store.schema import articles

pytestmark = pytest.mark.usefixtures("backend")


def row(i: int, year: int) -> dict[str, Any]:
    when = datetime(year, 3, 1, tzinfo=UTC)
    return {
        "id": i,
        "url": f"https://blocks.example/{i}",
        "content_hash": f"{i:064x}",
        "source": f"blocks:{i}",
        "story_index": 0,
        "title": f"Zinc note {i}",
        "text": f"Zinc smelter {i} restarted.",
        "published": when,
        "authors": [],
        "language": "en",
        "removed": [],
        "summary": "",
        "keywords": [],
        "ingested_at": when,
        "updated_at": when,
    }


def found(store: Store, query: str) -> set[int]:
    return {h.id for h in search(store, query, limit=50).hits}


def blocks(store: Store) -> dict[int, str]:
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT block, newest FROM article_date_blocks").all()
    return {int(block): str(newest)[:4] for block, newest in rows}


def load(store: Store) -> None:
    """Block 0: three notes of 2019. Block 2: three of 2024 and one backfilled from 2018."""
    new = [2 * DATE_BLOCK + n for n in range(4)]
    with bulk_load(store) as loading:
        loading.rows(
            articles,
            [row(i, 2019) for i in (1, 2, 3)]
            + [row(i, 2024) for i in new[:3]]
            + [row(new[3], 2018)],
        )


def test_a_since_filter_finds_every_article_published_since_whatever_its_id(
    store: Store, backend: str
) -> None:
    load(store)
    new = [2 * DATE_BLOCK + n for n in range(3)]
    if backend == "sqlite":
        assert blocks(store) == {0: "2019", 2: "2024"}
    else:  # the bulk load built again the index the migrations build (revision 0010)
        with store.engine.connect() as conn:
            gin = "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_articles_fts'"
            keys = "(fts, string_to_array(sectors, ' '::text), (ARRAY[(id / 4096)]))"
            assert conn.exec_driver_sql(gin).scalar_one().endswith(f"USING gin {keys}")
    assert found(store, "zinc since:2023-01-01") == set(new)
    assert found(store, "zinc since:2018-06-01") == {1, 2, 3, *new}
    assert found(store, "zinc since:2025-01-01") == set()
    # An old article dated again moves its block's date (the update trigger): found.
    with store.transaction() as conn:
        conn.execute(
            update(articles).where(articles.c.id == 2).values(published=datetime(2025, 1, 9))
        )
    if backend == "sqlite":
        assert blocks(store) == {0: "2025", 2: "2024"}
    assert found(store, "zinc since:2023-01-01") == {2, *new}
    assert found(store, "zinc since:2025-01-01") == {2}


def test_the_count_past_the_ranked_matches_stops_at_the_first_dated_block(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(store)
    # Two ranked, then a window of two older matches counted: only one older match can
    # have been published since 2023, so the count is exact (without the bound, the
    # window would read a 2019 note too and report "at least").
    monkeypatch.setattr(sqlite_backend, "RANK_LIMIT", 2)
    monkeypatch.setattr(sqlite_backend, "COUNT_LIMIT", 4)
    page = search(store, "zinc since:2023-01-01")
    assert (page.total, page.total_at_least) == (3, False)


def test_upgrading_from_0010_fills_the_blocks_of_the_stored_articles(
    settings: Settings, backend: str
) -> None:
    def tables(conn: Any) -> list[str]:
        if backend == "sqlite":
            return conn.exec_driver_sql("SELECT name FROM sqlite_master").scalars().all()
        return conn.exec_driver_sql("SELECT tablename FROM pg_tables").scalars().all()

    with Store.open(settings) as store:
        load(store)
        with store.engine.connect() as conn:
            conn.execution_options(assay_write=True)
            with conn.begin():
                command.downgrade(alembic_config(conn), "0010_fts_id_blocks")
            assert "article_date_blocks" not in tables(conn)
    with Store.open(settings) as store:  # opening upgrades to HEAD
        if backend == "sqlite":
            assert blocks(store) == {0: "2019", 2: "2024"}
        else:  # PostgreSQL's full-text index holds the blocks (revision 0010)
            with store.engine.connect() as conn:
                assert "article_date_blocks" not in tables(conn)
        assert found(store, "zinc since:2023-01-01") == {2 * DATE_BLOCK + n for n in range(3)}
