"""Re-enrichment: stale enricher versions are re-run once, by batch, and only what is stale."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assay.cli import app
from assay.enrich import Registry, default_registry
from assay.errors import ConfigError, UnknownEnricher
from assay.pipeline import ingest, plan_reenrich, reenrich
from assay.pipeline.executors import EnricherFactory, InProcess, make_executor
from assay.settings import Settings
from assay.store import Store

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CURRENT = default_registry().stamp()
# Versions are read from the registry, so a release that bumps an enricher changes no test.
FACTS = default_registry().get("facts").version
SECTORS = default_registry().get("sectors").version
SUMMARY = default_registry().get("summary").version


def bumped_registry(*names: str) -> Registry:
    """The default registry with each enricher in `names` one version ahead."""
    registry = default_registry()
    for name in names:
        registry = registry.with_version(name, registry.get(name).version + 1)
    return registry


def stamps(db: Path) -> dict[str | None, int]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select enriched_with, count(*) from articles group by 1").fetchall()
    return dict(rows)


def table_counts(db: Path) -> tuple[int, int, int, int]:
    with sqlite3.connect(db) as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(f"select count(*) from {t}").fetchone()[0]
            for t in ("facts", "fact_arguments", "mentions", "article_sectors")
        )


@pytest.fixture(scope="module")
def enriched_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample articles ingested and enriched once; tests copy the file."""
    folder = tmp_path_factory.mktemp("enriched")
    settings = Settings(db=folder / "assay.db", embed_at_ingest=False, enrich_workers=1)
    executor = make_executor(settings)
    with Store.open(settings) as store:
        report = ingest([str(SAMPLES / "html"), str(SAMPLES / "text")], store, settings, executor)
    executor.close()
    assert report.failed == 0 and report.new >= 10
    return settings.db


@pytest.fixture
def settings(tmp_path: Path, isolated_env: None, enriched_db: Path) -> Settings:
    shutil.copyfile(enriched_db, tmp_path / "assay.db")
    return Settings(db=tmp_path / "assay.db", embed_at_ingest=False, enrich_workers=1)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with Store.open(settings) as opened:
        yield opened


def executor_for(settings: Settings, registry: Registry) -> InProcess:
    return InProcess(EnricherFactory(settings, registry))


def test_store_enriched_with_current_versions_has_nothing_stale(store: Store) -> None:
    assert set(store.stamp_counts()) == {CURRENT}
    assert plan_reenrich(store, default_registry()).total == 0


def test_bumped_fact_version_reenriches_every_article_once(
    store: Store, settings: Settings
) -> None:
    total = store.stamp_counts()[CURRENT]
    before = table_counts(settings.db)
    bumped = bumped_registry("facts")
    plan = plan_reenrich(store, bumped)
    assert (plan.total, plan.stale) == (total, {CURRENT: ["facts"]})

    report = reenrich(store, executor_for(settings, bumped), plan)

    assert (report.articles, report.by_enricher) == (total, {"facts": total})
    assert stamps(settings.db) == {bumped.stamp(): total}
    assert table_counts(settings.db) == before  # the same extractor finds the same facts
    again = plan_reenrich(store, bumped)
    assert again.total == 0
    assert reenrich(store, executor_for(settings, bumped), again).articles == 0


def test_only_reruns_the_named_enricher_and_leaves_others_stale(
    store: Store, settings: Settings
) -> None:
    total = store.stamp_counts()[CURRENT]
    bumped = bumped_registry("facts", "sectors")
    executor = executor_for(settings, bumped)
    plan = plan_reenrich(store, bumped, only=["sectors"])
    assert plan.stale == {CURRENT: ["sectors"]}
    report = reenrich(store, executor, plan)
    assert report.by_enricher == {"sectors": total}
    sectors_done = bumped_registry("sectors").stamp()
    assert stamps(settings.db) == {sectors_done: total}
    rest = plan_reenrich(store, bumped)
    assert rest.stale == {sectors_done: ["facts"]}
    assert reenrich(store, executor, rest).by_enricher == {"facts": total}
    assert plan_reenrich(store, bumped).total == 0


def test_limit_and_since_select_the_oldest_stale_articles_first(
    store: Store, settings: Settings
) -> None:
    bumped = bumped_registry("summary")
    total = store.stamp_counts()[CURRENT]
    first = reenrich(store, executor_for(settings, bumped), plan_reenrich(store, bumped, limit=2))
    assert first.articles == 2
    with sqlite3.connect(settings.db) as conn:
        redone = [
            r[0]
            for r in conn.execute(
                "select id from articles where enriched_with like ?", (f"%summary.v{SUMMARY + 1}%",)
            )
        ]
    assert redone == [1, 2]
    assert plan_reenrich(store, bumped).total == total - 2
    assert plan_reenrich(store, bumped, since=date(2999, 1, 1)).total == 0


def test_articles_saved_without_enrichment_are_not_stale(
    tmp_path: Path, isolated_env: None
) -> None:
    settings = Settings(db=tmp_path / "plain.db", embed_at_ingest=False)
    with Store.open(settings) as store:
        assert ingest([str(SAMPLES / "text")], store, settings).new == 3
        assert store.stamp_counts() == {None: 3}
        assert plan_reenrich(store, bumped_registry("facts")).total == 0


def test_registry_names_what_is_stale_and_what_each_enricher_needs() -> None:
    registry = default_registry()
    assert registry.stamp() == CURRENT
    assert registry.stale(CURRENT) == []
    assert registry.stale(None) == []
    entities_and_facts = ",".join(CURRENT.split(",")[:2])  # stored before sectors existed
    assert registry.stale(entities_and_facts) == ["sectors", "summary"]
    bumped = bumped_registry("facts")
    assert bumped.stale(CURRENT) == ["facts"]
    assert bumped.stale(CURRENT, only=["sectors"]) == []
    assert bumped.restamp(CURRENT, ["facts"]) == CURRENT.replace(
        f"facts.v{FACTS}", f"facts.v{FACTS + 1}"
    )
    assert [s.name for s in registry.needed(["facts"])] == ["entities", "facts"]
    assert [s.name for s in registry.needed(["summary"])] == ["entities", "summary"]
    with pytest.raises(
        UnknownEnricher,
        match=r"^Unknown enricher 'topics'\. Choose one of: entities, facts, sectors, summary\.$",
    ):
        registry.with_version("topics", 2)


def test_registry_refuses_an_enricher_listed_before_what_it_requires() -> None:
    entities, facts = default_registry().get("entities"), default_registry().get("facts")
    with pytest.raises(
        ConfigError,
        match=r"^Enricher 'facts' requires 'entities', which no earlier enricher assigns",
    ):
        Registry([facts, entities])


# ------------------------------------------------------------------------------ the command


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("select count(*) from articles").fetchone()[0])


def make_stale(db: Path) -> int:
    """Stamp every article as enriched by the facts version before the current one."""
    old = CURRENT.replace(f"facts.v{FACTS}", f"facts.v{FACTS - 1}")
    with sqlite3.connect(db) as conn:
        return conn.execute("update articles set enriched_with = ?", (old,)).rowcount


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> CliRunner:
    monkeypatch.setenv("ASSAY_ENRICH_WORKERS", "1")
    monkeypatch.setenv("ASSAY_EMBED_AT_INGEST", "false")
    return CliRunner()


def test_reenrich_command_reruns_stale_facts_then_finds_nothing(
    runner: CliRunner, settings: Settings
) -> None:
    stale = make_stale(settings.db)
    db = str(settings.db)
    first = runner.invoke(app, ["--db", db, "reenrich", "--only", "facts", "--limit", "3"])
    assert first.exit_code == 0, first.output
    assert first.stdout == "Re-enriched 3 article(s): facts 3.\n"
    rest = runner.invoke(app, ["--db", db, "reenrich", "--format", "json"])
    assert rest.exit_code == 0, rest.output
    assert rest.stdout.replace(" ", "").replace("\n", "") == (
        f'{{"articles":{stale - 3},"by_enricher":{{"facts":{stale - 3}}}}}'
    )
    again = runner.invoke(app, ["--db", db, "reenrich"])
    assert again.exit_code == 0, again.output
    assert again.stdout == (
        f"Nothing to re-enrich: stored articles are up to date ({CURRENT.replace(',', ', ')}).\n"
    )
    assert stamps(settings.db) == {CURRENT: stale}


def test_reenrich_command_rejects_an_unknown_enricher(
    runner: CliRunner, settings: Settings
) -> None:
    result = runner.invoke(app, ["--db", str(settings.db), "reenrich", "--only", "topics"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: Unknown enricher 'topics'. Choose one of: entities, facts, sectors, summary.\n"
    )


@pytest.mark.slow
def test_killed_reenrich_keeps_finished_batches_and_rerun_finishes(
    settings: Settings, tmp_path: Path
) -> None:
    # Two to three batches of short articles: the samples' rows cut short, copied under new ids.
    with sqlite3.connect(settings.db) as conn:
        conn.execute("update articles set text = substr(text, 1, 400)")
        cols = "source, story_index, title, text, published, authors, site_name, language, " \
            "removed, summary, keywords, enriched_with, ingested_at, updated_at"  # fmt: skip
        for n in range(150 // count(conn)):
            conn.execute(
                f"insert into articles (url, content_hash, {cols}) "
                f"select url || '?copy={n}', content_hash || '{n}', {cols} from articles "
                "where url not like '%?copy=%'"
            )
    total = make_stale(settings.db)
    assert total > 2 * 64
    env = {
        **os.environ,
        "ASSAY_CONFIG": str(tmp_path / "none.toml"),
        "ASSAY_ENRICH_WORKERS": "1",
    }
    args = [sys.executable, "-m", "assay.cli", "--db", str(settings.db), "reenrich"]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while stamps(settings.db).get(CURRENT, 0) < 64 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = stamps(settings.db).get(CURRENT, 0)
    assert 64 <= done < total, "the run was not killed between batches"
    assert done % 64 == 0  # whole batches only

    rest = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    assert rest.returncode == 0, rest.stderr
    assert rest.stdout == f"Re-enriched {total - done} article(s): facts {total - done}.\n"
    assert stamps(settings.db) == {CURRENT: total}
