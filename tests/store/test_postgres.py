"""What only PostgreSQL has: the pgvector extension, tsvector and HNSW indexes, its URLs
and connection errors. Runs against the session's PostgreSQL server."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from alembic import command
from databases import PgDatabases
from embedder import HashEmbedder
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from assay.cli import app
from assay.errors import StoreError
from assay.models import Article
from assay.search import search
from assay.store import Store
from assay.store.backends.postgres import vector_index_name
from assay.store.migrate import alembic_config


def shown(url: str) -> str:
    """A URL as assay's messages show it (no driver, no password)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=True)


@pytest.fixture
def pg_url(pg_databases: PgDatabases) -> Iterator[str]:
    """A fresh, empty database (not migrated)."""
    url = pg_databases.create()
    yield url
    pg_databases.drop(url)


def test_init_creates_pgvector_and_accepts_a_plain_postgresql_url(
    pg_url: str, isolated_env: None
) -> None:
    plain = make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["--db", plain, "init"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Database ready at {shown(pg_url)}\n"
    result = CliRunner().invoke(app, ["--db", plain, "stats", "-f", "json"])
    assert json.loads(result.stdout)["articles"] == 0


def test_init_without_the_right_to_create_pgvector_says_what_to_run(
    pg_databases: PgDatabases, pg_url: str, isolated_env: None
) -> None:
    name = make_url(pg_url).database
    pg_databases.execute(
        "DO $$ BEGIN CREATE ROLE assay_plain LOGIN; "
        "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
    )
    pg_databases.execute(f"ALTER DATABASE {name} OWNER TO assay_plain")
    plain = make_url(pg_url).set(username="assay_plain", password=None)
    url = plain.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["--db", url, "init"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: '{shown(url)}' needs the pgvector extension and this user may not create it; "
        f"ask a superuser to run `CREATE EXTENSION vector;` in database '{name}', then run "
        "`assay init` again.\n"
    )
    pg_databases.execute("CREATE EXTENSION vector", name)  # what the superuser runs
    result = CliRunner().invoke(app, ["--db", url, "init"])
    assert result.exit_code == 0, result.output


def test_a_missing_database_and_a_dead_server_are_one_line_errors(
    pg_url: str, tmp_path: Path
) -> None:
    missing = make_url(pg_url).set(database="assay_no_such_db").render_as_string(False)
    with pytest.raises(StoreError) as info:
        Store.open_url(missing)
    assert str(info.value) == (
        f"Database 'assay_no_such_db' does not exist on '{shown(missing)}'; create it "
        "(createdb assay_no_such_db), then run `assay init`."
    )
    dead = make_url(pg_url).set(query={"host": str(tmp_path)}).render_as_string(False)
    with pytest.raises(StoreError) as info:
        Store.open_url(dead)
    message = str(info.value)
    assert message.startswith(f"Cannot connect to '{shown(dead)}' (")
    assert message.endswith("); check the URL and that the server is running.")
    assert "\n" not in message


def test_database_url_setting_is_used_and_a_db_path_overrides_it(
    pg_url: str, tmp_path: Path, isolated_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSAY_DATABASE_URL", pg_url)
    result = CliRunner().invoke(app, ["init"])
    assert result.stderr == f"Database ready at {shown(pg_url)}\n"
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "local.db"), "init"])
    assert result.stderr == f"Database ready at {tmp_path / 'local.db'}\n"


def test_the_tsvector_column_follows_every_title_and_text_change(pg_url: str) -> None:
    with Store.open_url(pg_url) as store:
        saved = store.save_article(
            Article(source="a", url="https://a.example/1", title="Gallium curbs", text="Old text.")
        )
        store.save_article(
            Article(
                source="a", url="https://a.example/1", title="Gallium curbs", text="Germanium too."
            )
        )
        with store.reading() as conn:
            stale = conn.execute(
                text(
                    "SELECT count(*) FROM articles WHERE fts IS DISTINCT FROM "
                    "setweight(to_tsvector('english', title), 'A') || "
                    "setweight(to_tsvector('english', text), 'B')"
                )
            ).scalar_one()
            lexemes = conn.execute(
                text("SELECT fts::text FROM articles WHERE id = :i"), {"i": saved.id}
            ).scalar_one()
        assert stale == 0
        assert "'germanium':3B" in lexemes and "old" not in lexemes


def test_a_tsvector_is_kept_in_its_row_and_revision_0012_moves_the_stored_ones(
    pg_url: str,
) -> None:
    # 150 distinct words ten times: the text compresses to ~1.6 kB while its tsvector
    # (~4 kB, 1,500 positions) does not compress. Out of line, both go to TOAST; in the
    # row (storage MAIN), only the compressed text does.
    words = " ".join(f"{a}{b}ite" for a in "bcdfghjklmnpqrs" for b in "aeiouyAEIO")
    stories = [
        Article(source="a", url=f"https://a.example/{i}", title="Long", text=f"{i} {words * 10}")
        for i in range(40)
    ]
    toast = "SELECT pg_relation_size(reltoastrelid) FROM pg_class WHERE relname = 'articles'"
    storage = (
        "SELECT attstorage FROM pg_attribute "
        "WHERE attrelid = 'articles'::regclass AND attname = 'fts'"
    )
    with Store.open_url(pg_url) as store:
        with store.engine.connect() as conn:
            conn.execution_options(assay_write=True)
            with conn.begin():
                command.downgrade(alembic_config(conn), "0011_date_blocks")
            assert conn.execute(text(storage)).scalar_one() == "x"
        for story in stories[:20]:
            store.save_article(story)
        with store.reading() as conn:
            out_of_line = conn.execute(text(toast)).scalar_one()
    with Store.open_url(pg_url) as store:  # opening upgrades to HEAD
        with store.reading() as conn:
            assert conn.execute(text(storage)).scalar_one() == "m"
            rewritten = conn.execute(text(toast)).scalar_one()
        for story in stories[20:]:
            store.save_article(story)
        with store.reading() as conn:
            twice = conn.execute(text(toast)).scalar_one()
        assert rewritten < out_of_line / 2  # the stored tsvectors moved into their rows
        assert twice < out_of_line  # twice the articles, and new ones keep theirs in the row
        assert search(store, '"faite feite"').total == 40


def test_saved_vectors_get_an_hnsw_index_that_search_uses(pg_url: str) -> None:
    embedder = HashEmbedder()
    texts = [f"Story {i} about nickel cobalt copper item{i} region{i % 7}" for i in range(300)]
    with Store.open_url(pg_url) as store:
        saved = store.save_articles(
            [
                Article(source=f"s{i}", url=f"https://v.example/{i}", text=t)
                for i, t in enumerate(texts)
            ]
        )
        ids = [r.id for r in saved]
        store.save_embeddings(embedder.name, ids, embedder.encode(texts))
        name = vector_index_name(embedder.name, embedder.dim)
        with store.reading() as conn:
            definition = conn.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = :n"), {"n": name}
            ).scalar_one()
        assert "USING hnsw (((vector)::vector(64)) vector_cosine_ops)" in definition
        assert "WHERE ((model = 'test-hash.v1'::text) AND (dim = 64))" in definition
        query = embedder.encode(["nickel cobalt item42 region0"])[0]
        with store.search_backend() as backend:
            index = backend.vector_index(embedder.name)
            assert index is not None and len(index) == 300
            backend.conn.execute(text("SET LOCAL enable_seqscan = off"))
            backend.conn.execute(text("SET LOCAL enable_sort = off"))  # as search() sets
            plan = " ".join(
                r[0]
                for r in backend.conn.execute(
                    text(
                        "EXPLAIN SELECT article_id FROM embeddings WHERE model = 'test-hash.v1' "
                        "AND dim = 64 ORDER BY vector::vector(64) <=> CAST(:q AS vector(64)) "
                        "LIMIT 10"
                    ),
                    {"q": "[" + ",".join(str(float(x)) for x in query) + "]"},
                )
            )
            assert f"Index Scan using {name}" in plan
            found = index.search(query, 10)
            allowed = index.search(query, 5, allowed_ids=set(ids[:50]))
            stored = index.vector(ids[42])
        matrix = embedder.encode(texts)
        exact = np.argsort(-(matrix @ query), kind="stable")[:10]
        assert [aid for aid, _ in found][:3] == [ids[i] for i in exact[:3]]
        assert all(abs(s - float(matrix[ids.index(a)] @ query)) < 1e-5 for a, s in found)
        assert {aid for aid, _ in allowed} <= set(ids[:50]) and len(allowed) == 5
        assert stored is not None and np.array_equal(stored, matrix[42])


def test_a_bulk_load_builds_the_vector_index_once_at_the_end(pg_url: str) -> None:
    embedder = HashEmbedder()
    texts = [f"Copper note {i}" for i in range(20)]
    name = vector_index_name(embedder.name, embedder.dim)
    exists = text("SELECT count(*) FROM pg_indexes WHERE indexname = :n")
    with Store.open_url(pg_url) as store:
        saved = store.save_articles(
            [Article(source="s", url=f"https://b.example/{i}", text=t) for i, t in enumerate(texts)]
        )
        ids = [r.id for r in saved]
        for half in (slice(0, 10), slice(10, 20)):
            store.save_embeddings(
                embedder.name, ids[half], embedder.encode(texts[half]), index=False
            )
        with store.reading() as conn:
            assert conn.execute(exists, {"n": name}).scalar_one() == 0
        store.index_vectors()
        store.index_vectors()  # a second call finds it built
        with store.reading() as conn:
            assert conn.execute(exists, {"n": name}).scalar_one() == 1


def test_a_query_matching_many_articles_ranks_the_newest_and_counts_up_to_a_limit(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assay.store.backends.pg_search as pg_search
    from assay.search import search

    monkeypatch.setattr(pg_search, "RANK_LIMIT", 3)
    monkeypatch.setattr(pg_search, "COUNT_LIMIT", 5)
    with Store.open_url(pg_url) as store:
        saved = store.save_articles(
            [
                Article(
                    source="s",
                    url=f"https://m.example/{i}",
                    title="Copper copper copper" if i == 0 else f"Note {i}",
                    text=f"Copper output item {i}." + (" Nickel too." if i == 7 else ""),
                )
                for i in range(8)
            ]
        )
        ids = [r.id for r in saved]
        page = search(store, "copper")
        # The oldest article matches best but is past the newest three. The first pass
        # stops at the count limit; a window of the newest ids then holds all eight.
        assert sorted(h.id for h in page.hits) == ids[5:]
        assert (page.total, page.exact_total, page.total_at_least) == (8, False, False)
        # Few matches: all ranked, the count exact.
        assert [h.id for h in search(store, "copper nickel").hits] == [ids[7]]
        assert [h.id for h in search(store, '"output item 4"').hits] == [ids[4]]


def zinc_notes(store: Store) -> list[int]:
    """Thirty notes on zinc, oldest first: the oldest matches best, and only the three
    oldest hold the phrase "zinc smelter"."""
    saved = store.save_articles(
        [
            Article(
                source="s",
                url=f"https://z.example/{i}",
                title="Zinc zinc zinc" if i == 0 else f"Note {i}",
                text=(f"Zinc smelter output {i}." if i < 3 else f"Zinc output of the smelter, {i}.")
                + (" Cadmium." if i % 10 == 9 else ""),
            )
            for i in range(30)
        ]
    )
    with store.transaction() as conn:
        conn.execute(text("ANALYZE articles"))  # the planner's estimate sizes the window
    return [r.id for r in saved]


def test_a_word_in_most_articles_is_ranked_in_a_window_of_the_newest_and_counted_at_least(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assay.store.backends.pg_search as pg_search
    from assay.search import search

    monkeypatch.setattr(pg_search, "RANK_LIMIT", 3)
    monkeypatch.setattr(pg_search, "FIRST_PASS", 20)
    with Store.open_url(pg_url) as store:
        ids = zinc_notes(store)
        page = search(store, "zinc")
        # Expected in every row: a window of the newest five ids is read, and counted
        # (at its rate, all 30 would be more than a first pass reads).
        assert sorted(h.id for h in page.hits) == ids[-3:]
        assert (page.total, page.exact_total, page.total_at_least) == (5, False, True)
        assert page.to_dict()["total_at_least"] is True
        # With a first pass of 40, the 30 the window's rate projects are few enough to
        # be counted whole: the same window, and an exact total.
        monkeypatch.setattr(pg_search, "FIRST_PASS", 40)
        page = search(store, "zinc")
        assert sorted(h.id for h in page.hits) == ids[-3:]
        assert (page.total, page.exact_total, page.total_at_least) == (30, False, False)
        monkeypatch.setattr(pg_search, "FIRST_PASS", 20)
        # The planner takes the phrase for both words (every row); the window widens until
        # it holds the three oldest, the only matches: counted exactly.
        page = search(store, '"zinc smelter"')
        assert (sorted(h.id for h in page.hits), page.total) == (ids[:3], 3)
        assert (page.exact_total, page.total_at_least) == (True, False)
        # Expected in few rows: one pass over all of them.
        page = search(store, "cadmium")
        assert (sorted(h.id for h in page.hits), page.total) == ([ids[9], ids[19], ids[29]], 3)


def test_a_window_of_the_newest_ids_reads_every_block_it_spans_and_no_older_one(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assay.store.backends.pg_search as pg_search
    from assay.search import search
    from assay.store.fts import PG_ID_BLOCK

    monkeypatch.setattr(pg_search, "RANK_LIMIT", 5)
    monkeypatch.setattr(pg_search, "FIRST_PASS", 4)

    def notes(start: int, count: int, title: str) -> list[int]:
        saved = store.save_articles(
            [
                Article(source="s", url=f"https://b.example/{i}", title=title, text=f"Zinc {i}.")
                for i in range(start, start + count)
            ]
        )
        return [r.id for r in saved]

    windows: list[str] = []

    with Store.open_url(pg_url) as store:

        @event.listens_for(store.engine, "before_cursor_execute")
        def seen(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
            if "&& ARRAY[" in statement:
                windows.append(statement)

        # The best matches are the oldest, in block 0.
        old = notes(0, 40, "Zinc zinc zinc")
        with store.transaction() as conn:
            seq = "pg_get_serial_sequence('articles', 'id')"
            conn.execute(text(f"SELECT setval({seq}, {2 * PG_ID_BLOCK - 3})"))
        new = notes(40, 6, "Note")  # two ids in block 1, four in block 2
        assert [i // PG_ID_BLOCK for i in new] == [1, 1, 2, 2, 2, 2]
        with store.transaction() as conn:
            conn.execute(text("ANALYZE articles"))
        page = search(store, "zinc")
        # The window (~1,300 ids, sized for 7.5 of 46 matches in 8,195 ids) starts in
        # block 1: the newest five span blocks 1 and 2, and it holds six.
        assert sorted(h.id for h in page.hits) == new[1:]
        assert not {h.id for h in page.hits} & set(old)  # (they would rank first)
        assert (page.total, page.total_at_least) == (6, True)
        # It named blocks 1 and 2, in the index's own expression: the GIN index's block
        # key answers that condition (on so few rows the planner reads by id instead).
        assert len(windows) == 1
        named = re.search(r"ARRAY\[a\.id / \d+\] && ARRAY\[[\d,]+\]", windows[0])
        assert named is not None and named.group().endswith("ARRAY[1,2]")
        with store.engine.connect() as conn:
            conn.exec_driver_sql("SET enable_seqscan = off")
            words = "a.fts @@ to_tsquery('english', 'zinc')"
            query = f"EXPLAIN SELECT 1 FROM articles a WHERE {words} AND {named.group()}"
            plan = "\n".join(conn.exec_driver_sql(query).scalars())
        assert "(ARRAY[(id / 4096)] && '{1,2}'::integer[]))" in plan.split("Index Cond")[1]

        # Ten wanted: the first window (~2,700 ids) holds six, and the next (~4,000 ids
        # below it) is expected to hold ~9 matches, fewer than its blocks would cost (one
        # per 300 ids): it reads the word's whole posting list and tests the ids instead.
        monkeypatch.setattr(pg_search, "RANK_LIMIT", 10)
        windows.clear()
        ranges: list[tuple[int, int, bool]] = []

        @event.listens_for(store.engine, "before_cursor_execute")
        def ranged(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
            if "a.id + 0 >" in statement:
                floor, upper = parameters["floor"], parameters["upper"]
                ranges.append((floor, upper, "&& ARRAY[" in statement))

        page = search(store, "zinc")
        assert sorted(h.id for h in page.hits) == sorted(old[-4:] + new)
        assert (page.total, page.total_at_least) == (46, False)
        assert [named for _, _, named in ranges] == [True, False, False]
        assert ranges[0][1] == new[-1] and ranges[1][0] > 0 and ranges[2][0] == 0
        second, third = ranges[1][:2], ranges[2][:2]
        assert second == (ranges[1][0], ranges[0][0]) and third == (0, ranges[1][0])


@pytest.mark.parametrize(
    "query", ["zinc", "smelter output", '"zinc smelter"', '"zinc smelter" output', "company"]
)
def test_a_snippet_read_from_a_prefix_of_the_text_is_that_of_the_whole_text(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    import assay.store.backends.pg_snippets as pg_snippets
    from assay.search import search

    filler = "Prices held steady in quiet trade on the exchange. " * 6
    texts = [
        f"{filler}Zinc smelter output rose. {filler}",  # first match past a short prefix
        f"Zinc output rose. {filler}The zinc smelter restarted. {filler}",  # phrase later
        f"{filler[:-20]}Zinc smelter output rose sharply in March. {filler}",  # at the cut
        f"Zinc <NWS> smelter output, said the company. {filler}zinc smelter {filler}",
        f"Zincite and smelterships {filler}: zinc smelter output. {filler}",  # false starts
        f"{filler}{filler}",  # the title alone matches
    ]
    with Store.open_url(pg_url) as store:
        store.save_articles(
            [
                Article(
                    source="s", url=f"https://p.example/{i}", title="Zinc smelter output", text=body
                )
                for i, body in enumerate(texts)
            ]
        )

        def snippets() -> list[tuple[int, str, tuple[tuple[int, int], ...]]]:
            hits = search(store, query).hits
            return sorted((h.id, h.snippet, h.snippet_spans) for h in hits)

        whole = snippets()
        assert whole
        # Prefixes that cut every text, near the first matches of several.
        for least, after in ((300, 0), (100, 40), (20, 120)):
            monkeypatch.setattr(pg_snippets, "HEADLINE_MIN_CHARS", least)
            monkeypatch.setattr(pg_snippets, "HEADLINE_AFTER_CHARS", after)
            assert snippets() == whole


def test_a_write_that_loses_a_deadlock_runs_again_and_both_writers_succeed(pg_url: str) -> None:
    import threading

    with Store.open_url(pg_url) as first, Store.open_url(pg_url) as second:
        one = first.add_feed("https://a.example/rss")["id"]
        two = first.add_feed("https://b.example/rss")["id"]
        meet = threading.Barrier(2)
        attempts = {"a": 0, "b": 0}

        def work(name: str, order: tuple[int, int]) -> Any:
            def run(conn: Any) -> str:
                attempts[name] += 1
                for n, feed_id in enumerate(order):
                    conn.execute(
                        text("UPDATE feeds SET title = :t WHERE id = :i"), {"t": name, "i": feed_id}
                    )
                    if n == 0 and attempts[name] == 1:
                        meet.wait(timeout=10)  # each holds one row, then wants the other's
                return name

            return run

        results: dict[str, str] = {}
        threads = [
            threading.Thread(target=lambda: results.update(a=first.write(work("a", (one, two))))),
            threading.Thread(target=lambda: results.update(b=second.write(work("b", (two, one))))),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert results == {"a": "a", "b": "b"}
    assert sorted(attempts.values()) == [1, 2]  # PostgreSQL broke the deadlock; one ran again
