"""After-save hooks and executors: listeners see committed batches; a pool enriches like here."""

from __future__ import annotations

from pathlib import Path

import pytest

from assay.enrich import default_registry
from assay.models import Article
from assay.pipeline import Hooks, SavedBatch, default_hooks, ingest
from assay.pipeline.executors import EnricherFactory, InProcess, ProcessPool, make_executor
from assay.settings import Settings
from assay.store import Store

STORIES = {
    "nickel.txt": "Nickel deal\n\nIndonesia and Japan signed a nickel supply agreement on "
    "Tuesday covering battery materials from Sulawesi smelters for ten years.\n",
    "copper.txt": "Copper output\n\nChile's state copper company reported a fall in quarterly "
    "output as ore grades at its oldest mines kept declining.\n",
}


def write_stories(folder: Path) -> Path:
    folder.mkdir()
    for name, text in STORIES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_listener_sees_each_committed_batch_from_another_connection(
    settings: Settings, tmp_path: Path
) -> None:
    folder = write_stories(tmp_path / "in")
    settings = settings.model_copy(update={"embed_at_ingest": False})
    seen: list[tuple[list[int], list[str]]] = []

    def listener(saved: SavedBatch) -> None:
        with Store.open(settings) as other:  # committed: another connection reads the rows
            titles = [other.get_article(i)["title"] for i in saved.ids]
        seen.append((saved.ids, titles))

    hooks = default_hooks(settings)
    hooks.add(listener)
    with Store.open(settings) as store:
        first = ingest([str(folder)], store, settings, hooks=hooks)
        again = ingest([str(folder)], store, settings, hooks=hooks)
    assert (first.new, again.unchanged) == (2, 2)
    assert seen == [(first.article_ids, ["Copper output", "Nickel deal"]), ([], [])]


def test_without_the_clustering_hook_articles_stay_unclustered(
    settings: Settings, tmp_path: Path
) -> None:
    folder = write_stories(tmp_path / "in")
    with Store.open(settings) as store:
        report = ingest([str(folder)], store, settings, hooks=Hooks())
        assert store.cluster(report.article_ids[0])["id"] is None
        ingest([str(folder)], store, settings)  # default hooks cluster what was left
        assert store.cluster(report.article_ids[0])["size"] == 1


def test_default_hooks_embed_only_when_enabled(settings: Settings) -> None:
    on = default_hooks(settings.model_copy(update={"embed_at_ingest": True}))
    off = default_hooks(settings.model_copy(update={"embed_at_ingest": False}))
    assert [type(h).__name__ for h in on.listeners] == ["ClusterStories", "EmbedAtIngest"]
    assert [type(h).__name__ for h in off.listeners] == ["ClusterStories"]


def test_make_executor_runs_in_process_for_one_worker(settings: Settings) -> None:
    executor = make_executor(settings.model_copy(update={"enrich_workers": 1}))
    try:
        assert isinstance(executor, InProcess)
        assert executor.registry.stamp() == default_registry().stamp()
    finally:
        executor.close()


@pytest.mark.slow
def test_process_pool_enriches_batches_like_this_process(settings: Settings) -> None:
    articles = [
        Article(source=name, title=text.split("\n")[0], text=text.split("\n\n")[1])
        for name, text in STORIES.items()
    ] * 2
    factory = EnricherFactory(settings, default_registry())
    here = [a.to_dict() for a in InProcess(factory).enrich([*map(_copy, articles)])]
    pool = ProcessPool(factory, workers=2, min_batch=2, chunk=3)  # more chunks than workers
    try:
        pool.start()  # both workers load their models up front
        there = [a.to_dict() for a in pool.enrich([*map(_copy, articles)])]
        facts_only = [a.to_dict() for a in pool.enrich([*map(_copy, articles)], only=["facts"])]
    finally:
        pool.close()
    assert there == here
    assert [a["facts"] for a in facts_only] == [a["facts"] for a in here]
    assert all(a["sectors"] == [] and a["summary"] == "" for a in facts_only)
    assert any(a["facts"] for a in here)


def _copy(article: Article) -> Article:
    return Article(source=article.source, title=article.title, text=article.text)
