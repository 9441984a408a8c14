"""Store: migrations, pragmas, dedupe, enrichment round-trips, orphans and failures.

Every test runs on SQLite and on PostgreSQL, except those marked sqlite_only.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event, inspect

from assay.errors import NotFound, StoreBusy, StoreError
from assay.models import SECTORS, Article, Entity, Fact, Mention, SectorScore
from assay.search import search
from assay.settings import Settings
from assay.store import Store
from assay.store.migrate import alembic_config, head_revision
from assay.store.schema import metadata

pytestmark = pytest.mark.usefixtures("backend")

TEXT = (
    "Indonesia and Japan signed a nickel supply agreement on Monday. "
    "Japan Bank for International Cooperation (JBIC) will fund the smelter."
)


def sql(store: Store, query: str) -> list[tuple[Any, ...]]:
    """Run SQL on the store's database directly, bypassing the Store's methods."""
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(query).all()]


def tables(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def span(text: str, word: str) -> Mention:
    start = text.lower().index(word.lower())
    return Mention(start, start + len(word), word)


def nickel_article(
    url: str | None = "https://news.example/nickel", text: str = TEXT, **kw: Any
) -> Article:
    """An article as the enrichers would hand it over: sectors, entities, one agreement."""
    published = kw.pop("published", datetime(2024, 5, 6, 9, 30, tzinfo=UTC))
    party = {"name": "Indonesia", "key": "country:IDN"}
    return Article(
        source=url or "file.txt",
        url=url,
        title="Indonesia and Japan sign nickel deal",
        text=text,
        published=published,
        language="en",
        sectors=[SectorScore("mining-metals", 0.91), SectorScore("ev-battery", 0.62)],
        entities=[
            Entity("country:IDN", "Indonesia", "COUNTRY", [span(text, "Indonesia")]),
            Entity("country:JPN", "Japan", "COUNTRY", [span(text, "Japan")], {"iso2": "JP"}),
            Entity("org:jbic", "JBIC", "ORG", [span(text, "JBIC")]),
        ],
        facts=[
            Fact(
                "agreement",
                {
                    "parties": [party, {"name": "Japan", "key": "country:JPN"}],
                    "kind": "supply",
                    "commodity": {"name": "nickel", "key": "commodity:nickel"},
                    "location": None,
                    "action": "signed",
                },
                sentence=TEXT.split(". ")[0] + ".",
                start=0,
                end=63,
                confidence=0.87,
            )
        ],
        **kw,
    )


def trade_article(url: str, goods: str, published: datetime, actor: str = "country:USA") -> Article:
    text = f"{actor} puts a 100% tariff on {goods} from China, effective at once."
    return Article(
        source=url,
        url=url,
        title=f"Tariff on {goods}",
        text=text,
        published=published,
        facts=[
            Fact(
                "trade_measure",
                {
                    "actor": {"name": actor.split(":")[1], "key": actor},
                    "target": {"name": "China", "key": "country:CHN"},
                    "measure": "tariff",
                    "goods": goods,
                    "rate_percent": 100,
                    "action": "imposed",
                },
                sentence=text,
                start=0,
                end=len(text),
                confidence=0.8,
            )
        ],
    )


# ------------------------------------------------------------------------------ schema


def test_open_creates_every_table_fts_index_and_sectors(store: Store, backend: str) -> None:
    assert set(metadata.tables) | {"alembic_version"} <= tables(store)
    assert dict(sql(store, "SELECT slug, name FROM sectors")) == SECTORS
    if backend == "sqlite":
        assert "articles_fts" in tables(store)
        triggers = {r[0] for r in sql(store, "SELECT name FROM sqlite_master WHERE type='trigger'")}
        assert triggers == {
            "articles_fts_insert",
            "articles_fts_update",
            "articles_fts_delete",
            "article_date_blocks_insert",
            "article_date_blocks_update",
        }
        assert "article_date_blocks" in tables(store)
    else:
        assert sql(store, "SELECT extname FROM pg_extension WHERE extname = 'vector'") == [
            ("vector",)
        ]
        columns = "SELECT data_type FROM information_schema.columns WHERE table_name = "
        assert sql(store, columns + "'articles' AND column_name = 'fts'") == [("tsvector",)]
        assert sql(store, columns + "'embeddings' AND column_name = 'vector'") == [
            ("USER-DEFINED",)
        ]
        gin = "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_articles_fts'"
        keys = "(fts, string_to_array(sectors, ' '::text), (ARRAY[(id / 4096)]))"
        assert f"USING gin {keys}" in sql(store, gin)[0][0]


def test_migrated_database_matches_schema_py(store: Store) -> None:
    # Fails when schema/ changes without a new Alembic revision. The full-text index is
    # the backend's own (FTS5 table, tsvector column), as are pgvector's HNSW indexes.
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    own = (
        "articles_fts",
        "'fts'",
        "ix_articles_fts",
        "ix_articles_sectors",
        "ix_embeddings_hnsw",
        "article_date_blocks",
    )
    # SQLite keeps facts.action's declared VARCHAR(16): it never enforced lengths, and
    # rebuilding the table would cascade-delete the fact arguments (revision 0003).
    if store.backend.name == "sqlite":
        own = (*own, "'facts', 'action'")
    assert [d for d in diff if not any(name in str(d) for name in own)] == []


def test_reopening_is_idempotent_and_keeps_data(settings: Settings) -> None:
    first = Store.open(settings)
    saved = first.save_article(nickel_article())
    first.close()
    with Store.open(settings) as second:
        assert second.get_article(saved.id)["title"] == "Indonesia and Japan sign nickel deal"
        assert sql(second, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
        assert len(sql(second, "SELECT slug FROM sectors")) == 9


@pytest.mark.sqlite_only
def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(store: Store) -> None:
    assert sql(store, "PRAGMA journal_mode") == [("wal",)]
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


@pytest.mark.sqlite_only
def test_open_creates_missing_parent_folders(tmp_path: Path, isolated_env: None) -> None:
    store = Store.open(Settings(db=tmp_path / "a" / "b" / "assay.db"))
    assert (tmp_path / "a" / "b" / "assay.db").is_file()
    assert store.location == str(tmp_path / "a" / "b" / "assay.db")


@pytest.mark.sqlite_only
def test_file_that_is_not_sqlite_gives_one_line_store_error(
    tmp_path: Path, isolated_env: None
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"These are my notes, not a database.\n" * 200)
    with pytest.raises(StoreError) as info:
        Store.open(Settings(db=path))
    assert str(info.value) == f"'{path}' is not an assay database (file is not a database)."
    assert path.read_bytes().startswith(b"These are my notes")


@pytest.mark.sqlite_only
def test_sqlite_file_of_another_application_is_refused(tmp_path: Path, isolated_env: None) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(StoreError) as info:
        Store.open(Settings(db=path))
    assert str(info.value) == (
        f"'{path}' is not an assay database (it has tables but no assay schema version); "
        "choose another --db."
    )


# ------------------------------------------------------------------------------ dedupe


def test_saving_the_same_article_twice_is_unchanged(store: Store) -> None:
    first = store.save_article(nickel_article())
    again = store.save_article(nickel_article())
    assert (first.status, again.status, again.id) == ("new", "unchanged", first.id)
    assert sql(store, "SELECT count(*) FROM articles") == [(1,)]
    assert sql(store, "SELECT count(*) FROM mentions") == [(3,)]


def test_same_url_with_new_text_updates_article_and_search(store: Store) -> None:
    first = store.save_article(nickel_article())
    edited = TEXT.replace("Monday", "Tuesday") + " Shares of cobalt miners rose."
    result = store.save_article(nickel_article(text=edited))
    assert (result.id, result.status) == (first.id, "updated")
    assert store.get_article(first.id)["text"] == edited
    assert [h.id for h in search(store, "cobalt").hits] == [first.id]
    assert search(store, "Monday").hits == []


def test_same_text_at_another_url_is_unchanged(store: Store) -> None:
    first = store.save_article(nickel_article())
    copy = store.save_article(
        nickel_article(url="https://wire.example/copy", text="  " + TEXT.upper() + "\n")
    )
    assert (copy.id, copy.status) == (first.id, "unchanged")
    no_url = store.save_article(nickel_article(url=None))
    assert (no_url.id, no_url.status) == (first.id, "unchanged")


def test_enrichment_is_added_to_a_copy_saved_without_it(store: Store) -> None:
    bare = nickel_article()
    bare.sectors, bare.entities, bare.facts = [], [], []
    first = store.save_article(bare)
    assert store.get_article(first.id)["entities"] == []
    enriched = store.save_article(nickel_article())
    assert (enriched.id, enriched.status) == (first.id, "updated")
    art = store.get_article(first.id)
    assert (len(art["entities"]), len(art["facts"]), len(art["sectors"])) == (3, 1, 2)
    assert store.save_article(nickel_article()).status == "unchanged"
    assert sql(store, "SELECT count(*) FROM mentions") == [(3,)]


def test_tracking_parameters_and_fragments_do_not_make_a_new_article(store: Store) -> None:
    first = store.save_article(nickel_article(url="https://News.Example:443/nickel?id=7&a=1"))
    tracked = "https://news.example/nickel?utm_source=x&a=1&fbclid=abc&id=7&gclid=1#comments"
    again = store.save_article(nickel_article(url=tracked))
    assert (again.id, again.status) == (first.id, "unchanged")
    assert store.get_article(first.id)["url"] == "https://news.example/nickel?a=1&id=7"


def test_story_fragments_are_separate_articles(store: Store) -> None:
    one = store.save_article(nickel_article(url="https://news.example/letter#story-1"))
    two = store.save_article(
        Article(source="letter", url="https://news.example/letter#story-2", text="Second story.")
    )
    assert (one.status, two.status) == ("new", "new")
    assert one.id != two.id


def test_published_is_stored_in_utc(store: Store) -> None:
    plus_two = timezone(timedelta(hours=2))
    saved = store.save_article(
        nickel_article(published=datetime(2024, 5, 6, 11, 0, tzinfo=plus_two))
    )
    assert store.get_article(saved.id)["published"] == "2024-05-06T09:00:00+00:00"


# -------------------------------------------------------------------------- enrichment


def test_enrichment_round_trips_through_get_article(store: Store) -> None:
    saved = store.save_article(nickel_article())
    art = store.get_article(saved.id)
    assert art["sectors"] == [
        {"slug": "mining-metals", "name": "Mining & Metals", "score": 0.91},
        {"slug": "ev-battery", "name": "EVs & Battery Technology", "score": 0.62},
    ]
    assert [(e["key"], e["mentions"]) for e in art["entities"]] == [
        ("country:IDN", [{"start": 0, "end": 9, "text": "Indonesia"}]),
        ("country:JPN", [{"start": 14, "end": 19, "text": "Japan"}]),
        (
            "org:jbic",
            [{"start": TEXT.index("JBIC"), "end": TEXT.index("JBIC") + 4, "text": "JBIC"}],
        ),
    ]
    [fact] = art["facts"]
    assert (fact["type"], fact["action"], fact["confidence"]) == ("agreement", "signed", 0.87)
    assert fact["published"] == "2024-05-06T09:30:00+00:00"
    assert fact["fields"]["commodity"] == {"name": "nickel", "key": "commodity:nickel"}
    assert fact["arguments"] == [
        {"role": "party", "name": "Indonesia", "key": "country:IDN"},
        {"role": "party", "name": "Japan", "key": "country:JPN"},
        {"role": "commodity", "name": "nickel", "key": "commodity:nickel"},
    ]


def test_a_capacity_status_longer_than_sixteen_characters_is_kept(store: Store) -> None:
    text = "Ganfeng said its Mariana lithium plant in Argentina is under construction."
    fact = Fact(
        "capacity",
        {"actors": [{"name": "Ganfeng", "key": "org:ganfeng"}], "status": "under-construction"},
        text,
        0,
        len(text),
        0.7,
    )
    saved = store.save_article(
        Article(source="x", url="https://x.example/c", text=text, facts=[fact])
    )
    [row] = store.get_article(saved.id)["facts"]
    assert (row["action"], row["fields"]["status"]) == ("under-construction", "under-construction")


def test_fact_argument_without_entity_row_creates_the_entity(store: Store) -> None:
    store.save_article(nickel_article())
    nickel = store.entity("commodity:nickel")
    assert (nickel["name"], nickel["type"], nickel["mentions"], nickel["facts"]) == (
        "nickel",
        "COMMODITY",
        0,
        1,
    )


def test_entities_merge_across_articles_keeping_longest_name_and_all_attrs(store: Store) -> None:
    store.save_article(nickel_article())
    other_text = "Japan Bank for International Cooperation lends to Japan's smelters."
    other = Article(
        source="x",
        url="https://news.example/jbic",
        text=other_text,
        entities=[
            Entity(
                "org:jbic",
                "Japan Bank for International Cooperation",
                "ORG",
                [Mention(0, 40, other_text[:40])],
                {"acronym": "JBIC"},
            ),
            Entity("country:JPN", "Japan", "COUNTRY", [span(other_text, "Japan's")], {"iso2": ""}),
        ],
    )
    store.save_article(other)
    jbic = store.entity("org:jbic")
    assert (jbic["name"], jbic["attrs"], jbic["mentions"], jbic["articles"]) == (
        "Japan Bank for International Cooperation",
        {"acronym": "JBIC"},
        2,
        2,
    )
    assert store.entity("country:JPN")["attrs"] == {"iso2": "JP"}  # empty values never erase
    assert sql(store, "SELECT count(*) FROM entities WHERE key = 'org:jbic'") == [(1,)]


def test_update_replaces_enrichment_and_leaves_no_orphans(store: Store) -> None:
    saved = store.save_article(nickel_article())
    edited = TEXT + " Prices fell."
    smaller = nickel_article(text=edited)
    smaller.entities = smaller.entities[:1]
    smaller.sectors = [SectorScore("mining-metals", 0.7)]
    store.save_article(smaller)
    art = store.get_article(saved.id)
    assert [e["key"] for e in art["entities"]] == ["country:IDN"]
    assert [s["slug"] for s in art["sectors"]] == ["mining-metals"]
    assert sql(store, "SELECT count(*) FROM mentions") == [(1,)]
    assert sql(store, "SELECT count(*) FROM facts") == [(1,)]
    assert sql(store, "SELECT count(*) FROM fact_arguments") == [(3,)]
    assert sql(store, "SELECT count(*) FROM article_sectors") == [(1,)]


def test_delete_article_removes_everything_derived_from_it(store: Store) -> None:
    saved = store.save_article(nickel_article())
    store.delete_article(saved.id)
    for table in ("articles", "mentions", "facts", "fact_arguments", "article_sectors"):
        assert sql(store, f"SELECT count(*) FROM {table}") == [(0,)], table
    assert search(store, "nickel").hits == []
    with pytest.raises(NotFound, match=r"^No article with id 1\.$"):
        store.delete_article(saved.id)


# ------------------------------------------------------------------------------ facts


def test_query_facts_finds_agreements_involving_a_country(store: Store) -> None:
    store.save_article(nickel_article())
    store.save_article(
        trade_article("https://t.example/1", "electric vehicles", datetime(2024, 6, 1))
    )
    rows = store.query_facts("agreement", entity_key="country:IDN")
    assert [(r["type"], r["url"]) for r in rows] == [("agreement", "https://news.example/nickel")]
    assert store.query_facts("agreement", entity_key="country:USA") == []
    assert [r["type"] for r in store.query_facts(entity_key="country:JPN")] == ["agreement"]


def test_query_facts_filters_trade_measures_by_goods_and_date(store: Store) -> None:
    store.save_article(
        trade_article("https://t.example/1", "electric vehicles", datetime(2023, 3, 1))
    )
    store.save_article(
        trade_article("https://t.example/2", "Electric Vehicle batteries", datetime(2024, 2, 1))
    )
    store.save_article(trade_article("https://t.example/3", "steel", datetime(2024, 9, 1)))
    store.save_article(
        trade_article(
            "https://t.example/4", "electric vehicles", datetime(2025, 1, 1), "country:EU"
        )
    )
    rows = store.query_facts("trade_measure", goods="electric vehicles", since=date(2024, 1, 1))
    assert [r["fields"]["goods"] for r in rows] == [
        "electric vehicles",
        "Electric Vehicle batteries",
    ]
    until = store.query_facts("trade_measure", since=date(2024, 1, 1), until=date(2024, 9, 1))
    assert [r["url"] for r in until] == ["https://t.example/2"]
    assert store.query_facts("trade_measure", goods="100%_") == []  # LIKE wildcards are literal


def test_query_facts_rejects_unknown_type(store: Store) -> None:
    with pytest.raises(Exception, match=r"^Unknown fact type 'deal'\. Choose one of: agreement,"):
        store.query_facts("deal")


# ----------------------------------------------------------------------------- failures


def test_failing_batch_rolls_back_whole_batch_and_keeps_earlier_articles(
    store: Store, backend: str
) -> None:
    earlier = store.save_articles([nickel_article()])
    good = trade_article("https://t.example/ok", "steel", datetime(2024, 1, 1))
    bad = trade_article("https://t.example/bad", "copper", datetime(2024, 1, 1))
    bad.feed_id, bad.entry_id = 999, "guid-1"  # no such feed: the FOREIGN KEY check fails
    with pytest.raises(StoreError) as info:
        store.save_articles([good, bad])
    reason = {
        "sqlite": "FOREIGN KEY constraint failed",
        "postgresql": 'insert or update on table "articles" violates foreign key '
        'constraint "articles_feed_id_fkey"',
    }[backend]
    assert str(info.value) == (
        f"Cannot save article 'https://t.example/bad': {reason}. Nothing from this batch was saved."
    )
    assert sql(store, "SELECT id, url FROM articles") == [
        (earlier[0].id, "https://news.example/nickel")
    ]
    assert store.save_article(good).status == "new"  # the store is still usable


def test_unknown_sector_is_refused_with_the_article_named(store: Store) -> None:
    article = nickel_article()
    article.sectors = [SectorScore("crypto", 0.9)]
    with pytest.raises(StoreError) as info:
        store.save_article(article)
    assert str(info.value).startswith(
        "Cannot save article 'https://news.example/nickel': unknown sector 'crypto'; "
        "expected one of oil-gas,"
    )


def test_recorded_failures_are_listed_and_counted(store: Store) -> None:
    store.record_failure("https://x.example/a", "fetch", "HTTP 503", transient=True)
    [row] = store.failures()
    assert (row["target"], row["stage"], row["reason"], row["transient"]) == (
        "https://x.example/a",
        "fetch",
        "HTTP 503",
        True,
    )
    assert store.stats()["failures"] == 1


# ------------------------------------------------------------------------------ reads


def test_get_article_and_entity_not_found_messages(store: Store) -> None:
    with pytest.raises(NotFound) as info:
        store.get_article(42)
    assert str(info.value) == "No article with id 42."
    with pytest.raises(NotFound) as info:
        store.entity("org:nobody")
    assert (
        str(info.value)
        == "No entity with key 'org:nobody'. Keys look like country:IDN or org:jbic."
    )


def test_list_articles_newest_first_with_filters(store: Store) -> None:
    old = store.save_article(nickel_article(published=datetime(2023, 1, 1)))
    new = store.save_article(trade_article("https://t.example/1", "steel", datetime(2025, 1, 1)))
    undated = store.save_article(
        trade_article("https://t.example/2", "gallium", datetime(2020, 1, 1))
    )
    with store.transaction() as conn:
        conn.exec_driver_sql(f"UPDATE articles SET published = NULL WHERE id = {undated.id}")
    assert [r["id"] for r in store.list_articles()] == [new.id, old.id, undated.id]
    assert [r["id"] for r in store.list_articles(sector="mining-metals")] == [old.id]
    assert [r["id"] for r in store.list_articles(since=date(2024, 1, 1))] == [new.id]
    assert [r["id"] for r in store.list_articles(language="en")] == [old.id]
    assert [r["id"] for r in store.list_articles(limit=1, offset=1)] == [old.id]
    assert "text" not in store.list_articles()[0]


def test_stats_counts_everything(store: Store) -> None:
    store.save_article(nickel_article())
    store.save_article(trade_article("https://t.example/1", "steel", datetime(2025, 1, 1)))
    stats = store.stats()
    assert stats["articles"] == 2
    assert stats["languages"] == {"en": 1, "unknown": 1}
    assert stats["sectors"]["mining-metals"] == 1 and stats["sectors"]["oil-gas"] == 0
    assert stats["entities"] == {"COUNTRY": 4, "COMMODITY": 1, "ORG": 1}
    assert stats["facts"] == {"agreement": 1, "trade_measure": 1}
    assert (stats["feeds"], stats["failures"], stats["clusters"], stats["mentions"]) == (0, 0, 0, 3)
    assert stats["db_bytes"] > 0


@pytest.mark.sqlite_only
def test_a_folder_as_database_path_gives_store_error(tmp_path: Path, isolated_env: None) -> None:
    with pytest.raises(StoreError) as info:
        Store.open(Settings(db=tmp_path))
    assert str(info.value) == (
        f"Cannot open '{tmp_path}' (unable to open database file); check the path and permissions."
    )


def test_two_stores_on_one_database_write_concurrently(settings: Settings) -> None:
    # Separate engines stand in for separate processes. SQLite: BEGIN IMMEDIATE and
    # busy_timeout must serialise them instead of failing with "database is locked";
    # PostgreSQL: they write at once, and their entity upserts must not collide.
    stores = [Store.open(settings), Store.open(settings)]
    errors: list[BaseException] = []

    def write(store: Store, prefix: str) -> None:
        try:
            for i in range(15):
                url = f"https://{prefix}.example/{i}"
                store.save_article(trade_article(url, f"{prefix} goods {i}", datetime(2024, 1, 1)))
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=write, args=(s, p)) for s, p in zip(stores, "ab", strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert stores[0].stats()["articles"] == 30
    for s in stores:
        s.close()


@pytest.mark.sqlite_only
def test_write_lock_held_by_another_process_is_store_busy(settings: Settings) -> None:
    with Store.open(settings) as store:
        # Wait 0 ms instead of 10 s for the lock: set after the store's own pragmas.
        event.listen(store.engine, "connect", lambda c, _: c.execute("PRAGMA busy_timeout = 0"))
        store.engine.dispose()
        other = sqlite3.connect(settings.db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        try:
            with pytest.raises(StoreBusy) as info:
                store.save_article(nickel_article())
        finally:
            other.rollback()
            other.close()
        assert str(info.value) == (
            f"'{settings.db}' is busy: another process held the write lock too long; try again."
        )
        assert info.value.exit_code == 1 and info.value.http_status == 503
        assert store.save_article(nickel_article()).status == "new"  # the lock was let go


def test_every_read_is_json_serialisable(store: Store) -> None:
    saved = store.save_article(nickel_article())
    feed = store.add_feed("https://news.example/rss")
    store.update_feed(feed["id"], next_poll_at=datetime(2026, 1, 1, tzinfo=UTC))
    store.record_failure("https://x.example/", "fetch", "HTTP 404")
    reads = [
        store.get_article(saved.id),
        store.list_articles(),
        search(store, "nickel").to_dict(),
        store.query_facts(),
        store.entity("country:IDN"),
        store.stats(),
        store.list_feeds(),
        store.due_feeds(),
        store.failures(),
    ]
    assert json.loads(json.dumps(reads))[0]["id"] == saved.id


def test_migrations_downgrade_to_base_and_upgrade_again(settings: Settings) -> None:
    with Store.open(settings) as store:
        store.save_article(nickel_article())
        with store.engine.connect() as conn:
            conn.execution_options(assay_write=True)
            with conn.begin():
                command.downgrade(alembic_config(conn), "base")
        assert tables(store) == {"alembic_version"}
    with Store.open(settings) as store:
        assert store.stats()["articles"] == 0
        assert search(store, "nickel").hits == []
