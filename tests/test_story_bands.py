"""Band keys rebuilt at a new dedupe threshold: copies are found again, stories kept."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_stories import DAY, WIRE, article, changed, cluster_id, save_and_cluster

from assay.settings import Settings
from assay.store import Store
from assay.stories import DedupeParams, cluster_pending
from assay.stories.bands import rebuild_band_keys
from assay.stories.minhash import lsh_params


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with Store.open(settings) as opened:
        yield opened


def bands_per_article(db: Path) -> set[int]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT count(*) FROM minhash_bands GROUP BY article_id").fetchall()
    return {n for (n,) in rows}


def test_rebuilt_band_keys_follow_the_new_threshold_and_find_copies(
    store: Store, settings: Settings
) -> None:
    first, second = save_and_cluster(
        store,
        article("https://wire.example/a", WIRE),
        article("https://paper.example/b", changed(WIRE, every=25)),
    )
    story = cluster_id(store, first)
    assert bands_per_article(settings.db) == {lsh_params(0.3)[0]}

    assert rebuild_band_keys(store, 0.5) == (2, lsh_params(0.5)[0])

    assert bands_per_article(settings.db) == {lsh_params(0.5)[0]}
    assert cluster_id(store, second) == story  # existing stories are kept
    (third,) = [
        r.id
        for r in store.save_articles(
            [article("https://other.example/c", changed(WIRE, every=30, start=5), DAY)]
        )
    ]
    cluster_pending(store, DedupeParams(threshold=0.5))
    assert cluster_id(store, third) == story


def test_rebuild_bands_command_uses_the_threshold_setting(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from assay.cli import app

    save_and_cluster(store, article("https://wire.example/a", WIRE))
    monkeypatch.setenv("ASSAY_DEDUPE_THRESHOLD", "0.6")
    result = CliRunner().invoke(app, ["--db", str(settings.db), "rebuild-bands"])
    assert result.exit_code == 0, result.output
    bands = lsh_params(0.6)[0]
    assert result.stdout.strip() == f"Rebuilt the band keys of 1 article(s): {bands} bands at 0.6."
    assert bands_per_article(settings.db) == {bands}
