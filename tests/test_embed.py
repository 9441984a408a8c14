"""Embeddings: loading, the fast-model error, storage round trip, backlog and ingest hook."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from assay.cli import app
from assay.enrich import embed
from assay.enrich.embed import FAST_NAME, load_embedder
from assay.errors import EmbedderMissing, StoreError
from assay.models import Article
from assay.pipeline import embed_backlog, ingest
from assay.settings import Settings
from assay.store import Store

DIM = 16


def write_tiny_static_model(model_dir: Path) -> Path:
    """A real model2vec folder in the fast model's place: MiniLM's tokenizer, seeded vectors.

    Distilling the real one takes a minute; the loading and encoding code is the same.
    """
    from model2vec import StaticModel
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(embed.minilm_path() / "tokenizer.json"))
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((tokenizer.get_vocab_size(), DIM)).astype(np.float32)
    model = StaticModel(vectors=vectors, tokenizer=tokenizer, normalize=True)
    target = model_dir / FAST_NAME
    model.save_pretrained(target)
    return target


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("models")
    write_tiny_static_model(folder)
    return folder


@pytest.fixture
def fast_settings(settings: Settings, model_dir: Path) -> Settings:
    return settings.model_copy(update={"model_dir": model_dir})


@pytest.fixture
def missing_settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(update={"model_dir": tmp_path / "no-models"})


def test_missing_fast_model_error_names_the_build_command(
    missing_settings: Settings, tmp_path: Path
) -> None:
    with pytest.raises(EmbedderMissing) as info:
        load_embedder(missing_settings, "fast")
    assert str(info.value) == (
        f"The fast embedding model is not built at {tmp_path / 'no-models' / FAST_NAME}; "
        "run `assay embed build-model`."
    )


def test_cli_embed_without_fast_model_prints_one_error_line(tmp_path: Path) -> None:
    env = {"ASSAY_MODEL_DIR": str(tmp_path / "none"), "ASSAY_CONFIG": str(tmp_path / "x.toml")}
    db = str(tmp_path / "a.db")
    assert CliRunner().invoke(app, ["--db", db, "init"], env=env).exit_code == 0
    result = CliRunner().invoke(app, ["--db", db, "embed"], env=env)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: The fast embedding model is not built at {tmp_path / 'none' / FAST_NAME}; "
        "run `assay embed build-model`."
    ]


def test_static_embedder_gives_unit_float32_rows(fast_settings: Settings) -> None:
    embedder = load_embedder(fast_settings, "fast")
    assert (embedder.name, embedder.dim) == (FAST_NAME, DIM)
    texts = ["nickel supply deal", "nickel supply agreement", "football results", ""]
    vectors = embedder.encode(texts)
    assert vectors.dtype == np.float32
    assert vectors.shape == (4, DIM)
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-6)
    assert not vectors[3].any()  # nothing to embed: a zero row, not NaN
    sims = vectors[:3] @ vectors[0]
    assert sims[1] > sims[2]


def test_vectors_round_trip_as_float32(settings: Settings) -> None:
    with Store.open(settings) as store:
        ids = [r.id for r in store.save_articles([article(i) for i in range(3)])]
        vectors = np.array([[0.1, -2.5, 3e-7], [1, 0, 0], [0, 0.5, 0.25]], dtype=np.float64)
        assert store.save_embeddings("m.v1", ids, vectors) == 3
        got_ids, matrix = store.load_embeddings("m.v1")
        assert got_ids.tolist() == ids
        assert matrix.dtype == np.float32
        assert np.array_equal(matrix, vectors.astype(np.float32))
        store.save_embeddings("m.v1", [ids[1]], np.array([[9, 9, 9]]))  # replaces one row
        assert store.load_embeddings("m.v1")[1][1].tolist() == [9.0, 9.0, 9.0]
        assert store.load_embeddings("other")[0].size == 0


def test_save_embeddings_rejects_a_row_count_mismatch(settings: Settings) -> None:
    with Store.open(settings) as store, pytest.raises(StoreError) as info:
        store.save_embeddings("m.v1", [1, 2], np.zeros((3, 4)))
    assert str(info.value) == (
        "Cannot save m.v1 embeddings: 2 id(s) but vectors of shape (3, 4); pass one row per id."
    )


def article(i: int) -> Article:
    return Article(
        source=f"s{i}", url=f"https://news.example/{i}", title=f"Story {i}", text=TEXTS[i]
    )


TEXTS = [
    "Indonesia and Japan signed a nickel supply agreement for battery makers.",
    "Chile's copper output fell after a landslide halted work at a large pit.",
    "The European Union extended sanctions on Russian aluminium for six months.",
    "A new gallium refinery in Kazakhstan started production this spring.",
]


def test_embed_backlog_embeds_exactly_the_unembedded_articles(
    fast_settings: Settings,
) -> None:
    embedder = load_embedder(fast_settings, "fast")
    with Store.open(fast_settings) as store:
        ids = [r.id for r in store.save_articles([article(i) for i in range(4)])]
        marker = np.full((1, DIM), 0.5, dtype=np.float32)
        store.save_embeddings(FAST_NAME, [ids[2]], marker)
        assert [r["id"] for r in store.articles_without_embedding(FAST_NAME)] == [
            ids[0],
            ids[1],
            ids[3],
        ]
        batches: list[int] = []
        assert embed_backlog(store, embedder, batch_size=2, on_batch=batches.append) == 3
        assert batches == [2, 1]
        got_ids, matrix = store.load_embeddings(FAST_NAME)
        assert got_ids.tolist() == ids
        assert np.array_equal(matrix[2], marker[0])  # already embedded: left alone
        expected = embedder.encode([embed.embedding_text(f"Story {i}", TEXTS[i]) for i in (0, 1)])
        assert np.allclose(matrix[:2], expected, atol=1e-6)
        assert store.articles_without_embedding(FAST_NAME) == []
        assert embed_backlog(store, embedder) == 0


def test_cli_embed_prints_the_count(
    fast_settings: Settings, model_dir: Path, tmp_path: Path
) -> None:
    with Store.open(fast_settings) as store:
        store.save_articles([article(i) for i in range(2)])
    env = {"ASSAY_MODEL_DIR": str(model_dir), "ASSAY_CONFIG": str(tmp_path / "x.toml")}
    args = ["--db", str(fast_settings.db), "embed", "--batch", "1"]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Embedded 2 article(s) with {FAST_NAME}.\n"
    again = CliRunner().invoke(app, args, env=env)
    assert again.stdout == f"Embedded 0 article(s) with {FAST_NAME}.\n"


def write_inputs(folder: Path) -> Path:
    folder.mkdir()
    for i, text in enumerate(TEXTS[:2]):
        (folder / f"{i}.txt").write_text(f"Story {i}\n\n{text} " * 3 + "\n")
    return folder


def test_ingest_embeds_new_articles_with_the_fast_model(
    fast_settings: Settings, tmp_path: Path
) -> None:
    with Store.open(fast_settings) as store:
        report = ingest([str(write_inputs(tmp_path / "in"))], store, fast_settings)
        assert (report.new, report.warnings) == (2, [])
        got_ids, matrix = store.load_embeddings(FAST_NAME)
        assert sorted(got_ids.tolist()) == sorted(report.article_ids)
        assert matrix.shape == (2, DIM)


def test_ingest_without_fast_model_warns_once_and_stores_articles(
    missing_settings: Settings, tmp_path: Path
) -> None:
    with Store.open(missing_settings) as store:
        report = ingest([str(write_inputs(tmp_path / "in"))], store, missing_settings)
        assert report.new == 2
        assert report.warnings == [
            "Embeddings skipped: The fast embedding model is not built at "
            f"{tmp_path / 'no-models' / FAST_NAME}; run `assay embed build-model`."
        ]
        assert store.load_embeddings(FAST_NAME)[0].size == 0


def test_distillation_steps_are_deterministic() -> None:
    rng = np.random.default_rng(0)
    data = rng.standard_normal((200, 12)) * np.arange(12, 0, -1)
    first, second = embed._pca(data, 4), embed._pca(data.copy(), 4)
    assert np.array_equal(first, second)
    variances = first.var(axis=0)
    assert list(variances) == sorted(variances, reverse=True)
    weights = embed._sif_weights(5)
    assert list(weights) == sorted(weights)  # rarer (later) tokens weigh more
    assert 0 < weights[0] < weights[-1] < 1
