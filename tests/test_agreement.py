"""The second-annotator check: its samples and how a second annotation is scored."""

from __future__ import annotations

import json

from evaluation.real import agreement, select
from evaluation.score import score_item


def test_parts_are_fixed_dev_documents_of_their_batches() -> None:
    parts = agreement.parts()
    again = agreement.parts()
    assert [p[1] for p in parts] == [p[1] for p in again]
    assert [name for name, _ in parts] == ["1-5"] * 4 + ["26-29"] * 2
    for name, docs in parts:
        batches = agreement.SAMPLES[name][0]
        assert len(docs) == agreement.PER_PART
        assert all(d["split"] == "dev" and d["depth"] == "full" for d in docs)
        assert all(d["batch"] in batches for d in docs)
    ids = [(d["corpus"], d["id"]) for _, docs in parts for d in docs]
    assert len(set(ids)) == len(ids)


def test_the_gold_scored_as_a_second_annotation_agrees_fully() -> None:
    gold = agreement._gold_rows(select.FULL_BATCHES)
    for row in agreement.parts()[0][1]:
        first = dict(gold[(row["corpus"], row["id"])])
        result = score_item(first, agreement.as_prediction(json.loads(json.dumps(first))))
        assert not result.entity_fn and not result.entity_fp
        assert not result.fact_fn and not result.fact_fp


def test_a_role_written_another_way_meets_the_gold_by_its_key() -> None:
    first = {
        "sectors": ["sanctions-regulation"],
        "entities": [
            {"type": "COUNTRY", "name": "U.S.", "key": "country:USA"},
            {"type": "COUNTRY", "name": "Iran", "key": "country:IRN"},
        ],
        "facts": [{"type": "sanction", "actor": ["U.S."], "target": ["Iran"]}],
    }
    second = {
        "sectors": ["sanctions-regulation"],
        "entities": [
            {"type": "COUNTRY", "name": "United States", "key": "country:USA"},
            {"type": "COUNTRY", "name": "Iran", "key": "country:IRN"},
        ],
        "facts": [{"type": "sanction", "actor": ["United States"], "target": ["Iran"]}],
    }
    result = score_item(first, agreement.as_prediction(second))
    assert not result.fact_fn and not result.fact_fp
    wrong = dict(second, facts=[{"type": "sanction", "actor": ["Iran"], "target": ["Iran"]}])
    assert score_item(first, agreement.as_prediction(wrong)).fact_fn
