"""Training the furniture classifier: visible lines, labels, the held-out split, the export."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from assay.extract.furniture import FurnitureModel
from assay.extract.furniture_train import (
    CORPUS_FILE,
    FURNITURE,
    STORY,
    UNSURE,
    LabelledPage,
    export,
    fit,
    held_out,
    label_lines,
    read_pages,
    recurring_lines,
)
from assay.extract.line_features import FEATURE_NAMES
from assay.extract.visible import page_titles, visible_lines
from benchmarks import furniture as bench

BODY = [
    "QatarEnergy has signed a 27-year agreement to supply up to 2 million tonnes a year of "
    "liquefied natural gas to Uniper, the German utility said on Monday.",
    "Deliveries will start in 2027 from the North Field East expansion and will be shipped to "
    "the Brunsbuttel terminal on Germany's North Sea coast.",
    "Key figures",
    "Shares in Uniper rose 2.8% in Frankfurt after the announcement was made public.",
]


def page_html(nav: str = "Energy Wire") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    return (
        "<html><head><title>Qatar signs LNG deal with Uniper | Energy Wire</title>"
        "<script>var x = 'Hidden script text';</script></head><body>"
        f"<nav><a>{nav}</a> <a>Markets</a><div>Menu</div></nav>"
        "<h1>Qatar signs LNG deal with Uniper</h1>"
        f"<article>{paragraphs}<div hidden>Hidden notice</div>"
        "<div style='display: none'>Also hidden</div></article>"
        "<footer>Sign up for our newsletter<br>© 2026 Energy Wire</footer></body></html>"
    )


def test_visible_lines_split_blocks_join_inline_and_drop_hidden_text() -> None:
    lines = visible_lines(page_html())
    assert lines == [
        "Energy Wire Markets",
        "Menu",
        "Qatar signs LNG deal with Uniper",
        *BODY,
        "Sign up for our newsletter",
        "© 2026 Energy Wire",
    ]
    assert page_titles(page_html()) == [
        "Qatar signs LNG deal with Uniper | Energy Wire",
        "Qatar signs LNG deal with Uniper",
    ]
    assert visible_lines("") == []


def test_lines_are_labelled_against_the_gold_body() -> None:
    html = page_html()
    lines = visible_lines(html)
    gold = "\n".join(BODY)
    labels = label_lines(lines, gold, page_titles(html))
    assert dict(zip(lines, labels, strict=True)) == {
        "Energy Wire Markets": FURNITURE,
        "Menu": FURNITURE,
        "Qatar signs LNG deal with Uniper": STORY,  # the headline, which a reader keeps
        **dict.fromkeys(BODY, STORY),  # "Key figures" too: short, in the gold, inside its span
        "Sign up for our newsletter": FURNITURE,
        "© 2026 Energy Wire": FURNITURE,
    }
    half = "QatarEnergy has signed a 27-year agreement with buyers elsewhere on other terms"
    assert label_lines([half, BODY[1]], gold) == [UNSURE, STORY]


def test_held_out_split_is_fixed_and_about_thirty_percent() -> None:
    hosts = [f"site{i}.example" for i in range(400)]
    share = sum(map(held_out, hosts)) / len(hosts)
    assert 0.22 < share < 0.38
    assert [held_out(h) for h in hosts[:20]] == [held_out(h) for h in hosts[:20]]


def test_export_walks_the_trees_as_scikit_learn_does(tmp_path: Path) -> None:
    from sklearn.ensemble import GradientBoostingClassifier

    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, len(FEATURE_NAMES)))
    y = (x[:, 0] + x[:, 3] * x[:, 5] > 0.2).astype(int)
    clf = GradientBoostingClassifier(n_estimators=30, max_depth=3, random_state=0).fit(x, y)
    model = export(clf, 0.7, {"test": True})
    assert np.allclose(model.probabilities(x), clf.predict_proba(x)[:, 1])
    model.save(tmp_path / "m.npz")
    loaded = FurnitureModel.load(tmp_path / "m.npz")
    assert loaded.cut == 0.7
    assert np.allclose(loaded.probabilities(x), clf.predict_proba(x)[:, 1])


def test_model_with_other_features_is_refused(tmp_path: Path) -> None:
    from assay.errors import ModelError

    path = tmp_path / "bad.npz"
    np.savez(path, meta=np.array(json.dumps({"features": ["length"]})))
    with pytest.raises(ModelError, match="trained on other line features"):
        FurnitureModel.load(path)


def synthetic_pages(n: int) -> list[LabelledPage]:
    pages = []
    for i in range(n):
        lines = [f"Site {i}", "Home", "Menu", "Subscribe", *BODY, f"© 2026 Site {i}", "Privacy"]
        labels = [FURNITURE] * 4 + [STORY] * len(BODY) + [FURNITURE] * 2
        pages.append(
            LabelledPage(str(i), f"https://s{i % 5}.example/{i}", f"s{i % 5}", lines, labels)
        )
    return pages


def test_fit_picks_a_cut_and_exports_a_working_model() -> None:
    model, cv = fit(synthetic_pages(10), folds=2)
    assert cv["precision"] == 1.0 and cv["recall"] == 1.0
    probs = model.probabilities(np.zeros((1, len(FEATURE_NAMES))))
    assert probs.shape == (1,)
    # Pages 0 and 5 share a host: their menus recur, their own site names do not.
    recurring = recurring_lines(synthetic_pages(6))
    assert recurring["0"] >= {"home", "menu", "privacy"}
    assert "site 0" not in recurring["0"]


def write_zyte_corpus(folder: Path) -> None:
    """Two held-out pages and one training page in the Zyte benchmark's shape."""
    hosts = [h for h in (f"site{i}.example" for i in range(40)) if held_out(h)][:2]
    kept = [h for h in (f"site{i}.example" for i in range(40)) if not held_out(h)][:1]
    with gzip.open(folder / CORPUS_FILE, "wt", encoding="utf-8") as fh:
        for n, host in enumerate(hosts + kept):
            row = {
                "id": str(n),
                "url": f"https://www.{host}/a",
                "html": page_html(nav=host),
                "ground_truth_text": "\n".join(BODY),
            }
            fh.write(json.dumps(row) + "\n")


def test_benchmark_scores_the_held_out_pages_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_zyte_corpus(tmp_path)
    assert len(read_pages(tmp_path / CORPUS_FILE)) == 3
    monkeypatch.setenv("ASSAY_CORPUS_DIR", str(tmp_path))
    result = bench.run()
    assert result["pages"] == 2
    assert result["precision"] == 1.0
    assert result["recall"] >= 0.8
    assert result["lines_per_s"] > 0


def test_evaluation_prints_furniture_precision_and_recall_on_held_out_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from evaluation.__main__ import main

    write_zyte_corpus(tmp_path)  # no Reuters here: the real-text tables are skipped
    monkeypatch.setenv("ASSAY_CORPUS_DIR", str(tmp_path))
    assert main(["--split", "dev"], load=lambda: lambda items: [{} for _ in items]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2].startswith("== furniture lines: held-out Zyte pages (2 pages, ")
    assert out[-1].startswith("precision 1.000  recall ")
