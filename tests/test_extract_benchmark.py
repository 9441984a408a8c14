"""The extraction benchmark's scorer and runner, on pages written for the test."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from benchmarks.extraction import CORPUS_FILE, corpus_dir, load_pages, overlap, run, score

PAGES = Path(__file__).parent / "extract_pages"


def test_overlap_counts_lower_cased_word_tokens() -> None:
    # true: {gallium: 2, prices: 1, rose: 1}; pred: {gallium: 1, prices: 1, fell: 1}
    tp, fp, fn = overlap("Gallium prices rose, gallium!", "gallium PRICES fell")
    assert (tp, fp, fn) == (2 / 5, 1 / 5, 2 / 5)
    assert overlap("", "") == (0.0, 0.0, 0.0)


def test_score_averages_precision_and_recall_over_pages() -> None:
    result = score([(0.5, 0.5, 0.0), (0.5, 0.0, 0.5)])
    assert result == {"precision": 0.75, "recall": 0.75, "f1": 0.75}


def test_corpus_dir_can_be_overridden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSAY_CORPUS_DIR", str(tmp_path))
    assert corpus_dir() == tmp_path
    with pytest.raises(SystemExit, match="Set ASSAY_CORPUS_DIR"):
        load_pages()


def test_run_scores_both_extractors_on_the_same_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: None
) -> None:
    truth = (
        "Indonesia and Japan signed a memorandum of understanding on Tuesday to build a "
        "high-pressure acid leach plant in Central Sulawesi."
    )
    row = {
        "id": "nickel",
        "url": "https://metals-ledger.example/nickel",
        "html": (PAGES / "nickel_boilerplate.html").read_text(encoding="utf-8"),
        "ground_truth_text": truth,
    }
    with gzip.open(tmp_path / CORPUS_FILE, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(row) + "\n")
    monkeypatch.setenv("ASSAY_CORPUS_DIR", str(tmp_path))
    results = run()
    assert results["pages"] == 1
    for name in ("trafilatura", "assay"):
        assert results[name]["recall"] == 1.0
        assert 0.1 < results[name]["precision"] < 0.5  # the truth is one sentence of six
        assert results[name]["empty"] == 0
        assert results[name]["pages_per_s"] > 0
    # Our furniture filter drops the "Read also" teaser that trafilatura keeps.
    assert results["assay"]["precision"] > results["trafilatura"]["precision"]
