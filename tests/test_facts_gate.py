"""The learned gate that decides which trigger sentences the fact extractor parses."""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest

from assay.enrich.entities import EntityLinker
from assay.enrich.facts import FactExtractor
from assay.enrich.facts.gate import MODEL_PATH, SentenceGate, feature_names, shipped_gate
from assay.enrich.nlp import load_nlp
from assay.errors import ModelMissing
from evaluation.real.fact_gate import choose_threshold, fit, predict

# A results story: trigger words ("output", "sold") in sentences that state no fact.
RESULTS = (
    "Ostmark Metals Ltd reported a loss for 1986.\n\n"
    "Ostmark Metals said output was sold at lower prices.\n\n"
    "The company said it sold its smelting unit to Borun Resources Inc."
)


def test_the_shipped_gate_names_one_weight_per_feature() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    gate = shipped_gate()
    assert data["features"] == feature_names(data["triggers"]) == gate.names
    assert len(gate.weights) == len(gate.names)
    assert 0.0 < gate.threshold < 1.0
    assert data["cross_validated"]["recall"] >= 0.9  # what the threshold was chosen for


def test_a_gate_that_keeps_nothing_leaves_no_fact_and_the_ungated_extractor_reads_all() -> None:
    nlp = load_nlp()
    doc = nlp(RESULTS)
    entities = EntityLinker(nlp).link(doc)
    ungated = FactExtractor(gate=False)
    assert [f.type for f in ungated.extract(doc, entities)] == ["investment"]
    assert len(ungated.candidates(doc, entities)) >= 1
    closed = FactExtractor()
    gate = shipped_gate()
    closed._gate = SentenceGate([], [-50.0] + [0.0] * (len(feature_names([])) - 1), 0.5)
    assert closed.extract(doc, entities) == []
    assert any(gate.keep(doc, ungated.candidates(doc, entities)))  # the shipped gate keeps one


def test_the_shipped_gate_parses_a_deal_and_skips_trigger_words_in_passing() -> None:
    nlp = load_nlp()
    linker = EntityLinker(nlp)
    extractor = FactExtractor(gate=False)
    gate = shipped_gate()
    text = (
        "KELDA FOODS SEES HIGHER SALES\n\n"
        "Lynas Rare Earths signed a supply agreement with Japan's Sojitz on Monday.\n\n"
        "Because of these acquisitions, it said, second quarter revenue will be well above "
        "last year's 41.3 mln dlrs.\n\n"
        "It said the delay is due to accounting reviews, including valuations, in connection "
        "with the acquisitions."
    )
    doc = nlp(text)
    candidates = extractor.candidates(doc, linker.link(doc))
    kept = gate.keep(doc, candidates)
    assert [c.index for c in candidates] == [1, 2, 3]
    assert kept == [True, False, False]


def test_an_unreadable_gate_file_names_the_fix(tmp_path: Path) -> None:
    broken = tmp_path / "fact_gate.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelMissing, match="retrain it with"):
        SentenceGate.load(broken)
    with pytest.raises(ModelMissing, match="weights for"):
        SentenceGate(["signed"], [0.0], 0.5)


def test_training_separates_a_learnable_signal_and_the_threshold_keeps_the_recall() -> None:
    rng = numpy.random.default_rng(0)
    x = numpy.column_stack([numpy.ones(400), rng.normal(size=400)])
    y = (x[:, 1] + rng.normal(scale=0.5, size=400) > 0.5).astype(float)
    w = fit(x, y)
    assert w[1] > 1.0
    scores = predict(x, w)
    threshold = choose_threshold(scores, y, 0.95)
    assert (scores[y == 1] >= threshold).mean() >= 0.95
