"""The gold set is well-formed and the scorer counts exactly what it should."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from assay.models import ENTITY_TYPES, FACT_TYPES, SECTORS
from evaluation.score import (
    FACT_ROLES,
    OPTIONAL_ROLES,
    PRF,
    aggregate,
    entity_matches,
    format_errors,
    load_gold,
    normalise_name,
    score,
    score_item,
)

ROOT = Path(__file__).resolve().parents[1]
GOLD = load_gold()


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [str(i["id"]) for i in items]


# --- the gold set ----------------------------------------------------------------------


def test_gold_ids_are_unique_and_splits_valid() -> None:
    ids = _ids(GOLD)
    assert len(ids) == len(set(ids))
    assert {i["split"] for i in GOLD} == {"dev", "test"}


def test_gold_has_at_least_240_items_split_about_40_60() -> None:
    assert len(GOLD) >= 240
    dev = sum(1 for i in GOLD if i["split"] == "dev")
    assert 0.35 <= dev / len(GOLD) <= 0.45


def test_gold_sector_slugs_are_known_and_each_has_20_positives() -> None:
    counts = Counter(s for i in GOLD for s in i["sectors"])
    assert set(counts) <= set(SECTORS)
    assert {slug: counts[slug] for slug in SECTORS if counts[slug] < 20} == {}


def test_gold_entities_are_typed_keyed_and_in_the_text() -> None:
    for item in GOLD:
        for ent in item["entities"]:
            assert ent["type"] in ENTITY_TYPES, item["id"]
            assert ent["name"] in item["text"], (item["id"], ent["name"])
            key = ent["key"]
            if ent["type"] == "COUNTRY":
                assert re.fullmatch(r"country:[A-Z]{3}", key), (item["id"], key)
            elif ent["type"] == "COMMODITY":
                assert re.fullmatch(r"commodity:[a-z0-9]+(-[a-z0-9]+)*", key), (item["id"], key)
        keys = [e["key"] for e in item["entities"] if e["key"]]
        assert len(keys) == len(set(keys)), f"{item['id']} lists an entity twice"


def test_gold_entities_are_mentioned_outside_other_entity_names() -> None:
    # "LNG" inside "Plaquemines LNG" is part of the project's name, not a commodity mention.
    for item in GOLD:
        text = item["text"]
        spans = [
            (m.start(), m.end(), e["name"])
            for e in item["entities"]
            for m in re.finditer(re.escape(e["name"]), text)
        ]
        for ent in item["entities"]:
            own = [s for s in spans if s[2] == ent["name"]]
            free = [
                s
                for s in own
                if not any(
                    o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0] for o in spans
                )
            ]
            assert free, (item["id"], ent["name"])


def test_gold_entity_type_counts_meet_minimums() -> None:
    counts = Counter(e["type"] for i in GOLD for e in i["entities"])
    minimum = {"COUNTRY": 40, "ORG": 40, "COMMODITY": 40, "PERSON": 25, "PROJECT": 25}
    minimum["LOCATION"] = 25
    assert {t: counts[t] for t, n in minimum.items() if counts[t] < n} == {}


def test_gold_fact_roles_are_present_and_name_entities_of_the_item() -> None:
    for item in GOLD:
        names = {e["name"] for e in item["entities"]}
        for fact in item["facts"]:
            assert fact["type"] in FACT_TYPES, item["id"]
            for role in FACT_ROLES[fact["type"]]:
                assert isinstance(fact.get(role), list), (item["id"], role)
                if (fact["type"], role) not in OPTIONAL_ROLES:
                    assert fact[role], (item["id"], role)
                for name in fact[role]:
                    assert name in item["text"], (item["id"], name)
                    assert name in names, (item["id"], name)


def test_gold_fact_type_counts_and_negatives_meet_minimums() -> None:
    counts = Counter(f["type"] for i in GOLD for f in i["facts"])
    assert {t: counts[t] for t in FACT_TYPES if counts[t] < 20} == {}
    negatives = [i for i in GOLD if not i["facts"]]
    assert len(negatives) >= 40
    assert sum(1 for i in negatives if not i["sectors"]) >= 15  # out-of-domain texts


def test_load_gold_names_file_and_line_of_bad_json(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text('{"id": "x"}\n{oops\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"^bad.jsonl:2: not valid JSON"):
        load_gold(tmp_path)


# --- scoring ---------------------------------------------------------------------------

ITEM: dict[str, Any] = {
    "id": "t1",
    "split": "dev",
    "text": "The U.S. and Japan signed a rare earths deal with Lynas.",
    "sectors": ["rare-earths-commodities", "business-politics"],
    "entities": [
        {"type": "COUNTRY", "name": "U.S.", "key": "country:USA"},
        {"type": "COUNTRY", "name": "Japan", "key": "country:JPN"},
        {"type": "ORG", "name": "Lynas", "key": None},
        {"type": "COMMODITY", "name": "rare earths", "key": "commodity:rare-earths"},
    ],
    "facts": [
        {"type": "agreement", "parties": ["U.S.", "Japan"], "action": "signed"},
        {"type": "investment", "investor": ["Japan"], "target": ["Lynas"], "action": "invested"},
    ],
}


def _pred(**overrides: Any) -> dict[str, Any]:
    pred: dict[str, Any] = {
        "sectors": ["rare-earths-commodities", "business-politics"],
        "entities": [
            {"type": "COUNTRY", "name": "United States", "key": "country:USA", "mentions": []},
            {"type": "COUNTRY", "name": "Japan", "key": "country:JPN", "mentions": ["Japan"]},
            {"type": "ORG", "name": "Lynas Rare Earths", "key": "org:lynas", "mentions": ["Lynas"]},
            {"type": "COMMODITY", "name": "Rare earths", "key": "commodity:ree", "mentions": []},
        ],
        "facts": [
            {
                "type": "agreement",
                "parties": [
                    {"name": "United States", "key": "country:USA"},
                    {"name": "Japan", "key": "country:JPN"},
                ],
                "action": "signed",
            },
            {
                "type": "investment",
                "investor": {"name": "Japan", "key": "country:JPN"},
                "target": [{"name": "Lynas Rare Earths", "key": "org:lynas"}],
                "action": "acquired",
            },
        ],
    }
    pred.update(overrides)
    return pred


def test_normalise_name_drops_case_punctuation_and_leading_the() -> None:
    assert normalise_name("The U.S.") == "us"
    assert normalise_name("  Ma'aden ") == "maaden"
    assert normalise_name("Theta Gold") == "theta gold"


def test_perfect_prediction_scores_one_everywhere() -> None:
    report = score([ITEM], [_pred()])
    assert report.sector_micro == PRF(tp=2, fp=0, fn=0)
    assert report.entity_micro == PRF(tp=4, fp=0, fn=0)
    assert report.fact_overall == PRF(tp=2, fp=0, fn=0)
    assert (report.sector_micro.f1, report.entity_micro.f1, report.fact_overall.f1) == (1, 1, 1)
    # one of two matched facts has the gold action
    assert (report.action_correct, report.action_total) == (1, 2)


def test_key_match_and_name_or_mention_match_both_count() -> None:
    result = score_item(ITEM, _pred())
    pairs = {g["name"]: p["name"] for g, p in result.entity_tp}
    assert pairs == {
        "U.S.": "United States",  # by key
        "Japan": "Japan",
        "Lynas": "Lynas Rare Earths",  # by mention text, gold key is null
        "rare earths": "Rare earths",  # keys differ, names agree after normalising
    }


def test_a_project_matches_with_or_without_its_generic_noun() -> None:
    gold = {"type": "PROJECT", "name": "Morenci mine", "key": None}

    def pred(name: str, *mentions: str, kind: str = "PROJECT") -> dict:
        return {"type": kind, "name": name, "key": None, "mentions": list(mentions)}

    assert entity_matches(gold, pred("Morenci", "Morenci"))  # "the Morenci, Ariz., mine"
    assert entity_matches({**gold, "name": "Oseberg field"}, pred("X", "Oseberg fields"))
    assert entity_matches({**gold, "name": "Gorgon"}, pred("Gorgon LNG", "Gorgon project"))
    assert not entity_matches(gold, pred("Morenci", "Morenci", kind="LOCATION"))
    assert not entity_matches(gold, pred("Bingham", "Bingham mine"))
    # the noun alone is a name, and other types keep their words: "Texas" is not "Texas plant"
    assert not entity_matches({**gold, "name": "mine"}, pred("Morenci", "Morenci"))
    assert not entity_matches(
        {**gold, "type": "ORG", "name": "Dome Mines"}, pred("Dome", "Dome", kind="ORG")
    )


def test_wrong_type_with_same_name_does_not_match() -> None:
    ents = [{"type": "ORG", "name": "Japan", "key": "country:JPN", "mentions": []}]
    report = score([ITEM], [_pred(entities=ents, facts=[])])
    assert report.entities["COUNTRY"] == PRF(tp=0, fp=0, fn=2)
    assert report.entities["ORG"] == PRF(tp=0, fp=1, fn=1)


def test_half_right_prediction_gives_half_scores() -> None:
    pred = _pred(
        sectors=["rare-earths-commodities", "oil-gas"],
        entities=_pred()["entities"][:2] + [{"type": "PERSON", "name": "X", "key": None}] * 2,
        facts=[*_pred()["facts"][:1], {"type": "sanction", "actor": [], "target": []}],
    )
    report = score([ITEM], [pred])
    assert report.sector_micro == PRF(tp=1, fp=1, fn=1)
    assert report.sectors["oil-gas"] == PRF(tp=0, fp=1, fn=0)
    assert report.entity_micro == PRF(tp=2, fp=2, fn=2)
    assert report.fact_overall == PRF(tp=1, fp=1, fn=1)
    assert (report.sector_micro.f1, report.entity_micro.f1, report.fact_overall.f1) == (
        0.5,
        0.5,
        0.5,
    )


def test_empty_prediction_scores_zero_recall_and_no_false_positives() -> None:
    report = score([ITEM], [{"sectors": [], "entities": [], "facts": []}])
    assert report.sector_micro == PRF(tp=0, fp=0, fn=2)
    assert report.entity_micro == PRF(tp=0, fp=0, fn=4)
    assert report.fact_overall == PRF(tp=0, fp=0, fn=2)
    assert report.fact_overall.f1 == 0.0


def test_duplicate_predictions_count_once_and_extras_are_false_positives() -> None:
    pred = _pred()
    pred["sectors"] = pred["sectors"] * 2
    pred["entities"] = pred["entities"] + [pred["entities"][1]]
    pred["facts"] = pred["facts"] + [pred["facts"][0]]
    report = score([ITEM], [pred])
    assert report.sector_micro == PRF(tp=2, fp=0, fn=0)  # a repeated slug is one label
    assert report.entities["COUNTRY"] == PRF(tp=2, fp=1, fn=0)
    assert report.facts["agreement"] == PRF(tp=1, fp=1, fn=0)


def test_fact_with_a_wrong_party_does_not_match() -> None:
    pred = _pred()
    pred["facts"][0]["parties"][1] = {"name": "China", "key": "country:CHN"}
    report = score([ITEM], [pred])
    assert report.facts["agreement"] == PRF(tp=0, fp=1, fn=1)
    assert report.facts["investment"] == PRF(tp=1, fp=0, fn=0)


def test_trade_measure_with_empty_gold_target_accepts_any_target() -> None:
    item = {
        "id": "t2",
        "split": "test",
        "text": "China imposed export controls on gallium.",
        "sectors": [],
        "entities": [{"type": "COUNTRY", "name": "China", "key": "country:CHN"}],
        "facts": [{"type": "trade_measure", "actor": ["China"], "target": []}],
    }
    fact = {"type": "trade_measure", "actor": {"name": "PRC", "key": "country:CHN"}}
    fact["target"] = {"name": "United States", "key": "country:USA"}
    report = score([item], [{"sectors": [], "entities": [], "facts": [fact]}])
    assert report.facts["trade_measure"] == PRF(tp=1, fp=0, fn=0)


def test_split_filter_keeps_only_that_split() -> None:
    other = dict(ITEM, id="t3", split="test")
    empty = {"sectors": [], "entities": [], "facts": []}
    assert score([ITEM, other], [_pred(), empty], split="dev").sector_micro == PRF(2, 0, 0)
    assert score([ITEM, other], [_pred(), empty], split="test").sector_micro == PRF(0, 0, 2)
    assert score([ITEM, other], [_pred(), empty]).items == 2


def test_format_errors_lists_false_positives_and_negatives() -> None:
    pred = _pred(sectors=["oil-gas"], facts=[])
    text = format_errors(score_item(ITEM, pred))
    assert text.splitlines()[:4] == [
        "t1",
        "  sector FP oil-gas",
        "  sector FN business-politics",
        "  sector FN rare-earths-commodities",
    ]
    assert "  fact FN agreement parties=['U.S.', 'Japan'] action=signed" in text
    assert format_errors(score_item(ITEM, _pred())) == ""


def test_cli_reports_bad_gold_directory_on_one_line(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "evaluation", "--gold", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert run.stderr == f"Error: no *.jsonl gold files in {tmp_path}.\n"


def test_gold_lines_are_json_objects_with_exactly_the_documented_fields() -> None:
    allowed = {"id", "split", "text", "sectors", "entities", "facts", "note"}
    for path in sorted((ROOT / "evaluation" / "gold").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert set(record) <= allowed and allowed - {"note"} <= set(record), record["id"]


# --- python -m evaluation ---------------------------------------------------------------


def _echo_gold(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A perfect predictor: gold reshaped the way prediction_from_article shapes Articles."""
    preds = []
    for item in items:
        ents = [dict(e, mentions=[e["name"]]) for e in item["entities"]]
        facts = [
            {
                **f,
                **{r: [{"name": n, "key": None} for n in f[r]] for r in FACT_ROLES[f["type"]]},
            }
            for f in item["facts"]
        ]
        preds.append({"sectors": list(item["sectors"]), "entities": ents, "facts": facts})
    return preds


def test_main_json_scores_a_perfect_predictor_one_on_the_dev_split(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from evaluation.__main__ import main

    args = ["--set", "regression", "--split", "dev", "--format", "json"]
    assert main(args, load=lambda: _echo_gold) == 0
    out = json.loads(capsys.readouterr().out)["regression"]
    dev = sum(1 for i in GOLD if i["split"] == "dev")
    assert out["items"] == dev
    [report] = out["reports"]
    assert (report["split"], report["items"]) == ("dev", dev)
    assert report["sector_micro"]["f1"] == 1.0
    assert report["entity_micro"]["f1"] == 1.0
    assert report["fact_overall"]["f1"] == 1.0
    assert report["action_accuracy"] == 1.0


def test_main_table_prints_timing_and_all_three_splits(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from evaluation.__main__ import main

    args = ["--set", "regression", "--errors"]
    assert main(args, load=lambda: lambda items: [{} for _ in items]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"== regression set: enriched {len(GOLD)} items in ")
    assert [line for line in out.splitlines() if line.startswith("split: ")] == [
        f"split: all ({len(GOLD)} items)",
        f"split: dev ({sum(1 for i in GOLD if i['split'] == 'dev')} items)",
        f"split: test ({sum(1 for i in GOLD if i['split'] == 'test')} items)",
    ]
    assert "-- errors per item" in out
    assert f"  sector FN {sorted(GOLD[0]['sectors'])[0]}" in out


def test_main_reports_a_missing_enricher_module_on_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from evaluation.__main__ import main

    def load() -> Any:
        raise ModuleNotFoundError("No module named 'assay.enrich.summarize'")

    assert main(["--set", "regression"], load=load) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "Error: cannot import the enrichers (No module named 'assay.enrich.summarize'). "
        "Make sure assay/enrich/ is complete.\n"
    )


# --- the real-text set ------------------------------------------------------------------


def test_sectors_depth_item_scores_sectors_only() -> None:
    item = {**ITEM, "depth": "sectors", "entities": [], "facts": []}
    pred = {"sectors": ITEM["sectors"], "entities": [{"type": "ORG", "name": "Extra"}]}
    report = aggregate([score_item(item, pred)])
    assert (report.items, report.full_items) == (1, 0)
    assert report.sector_micro.f1 == 1.0
    assert report.entity_micro.fp == 0


def test_main_says_in_one_line_when_the_corpus_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from evaluation.__main__ import main

    monkeypatch.setenv("ASSAY_CORPUS_DIR", str(tmp_path))
    assert main(["--split", "dev"], load=lambda: _echo_gold) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        f"real-text set skipped: corpus missing ({tmp_path / 'reuters21578.jsonl.gz'} not found;"
    )
    assert "== regression set: enriched" in out
    zyte = tmp_path / "article_extraction_benchmark.jsonl.gz"
    assert out.rstrip().endswith(
        f"furniture lines skipped: corpus missing ({zyte} not found; set ASSAY_CORPUS_DIR)"
    )
    assert main(["--set", "real"], load=lambda: _echo_gold) == 1


def test_real_set_scores_a_perfect_predictor_one_and_counts_full_documents(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from evaluation.__main__ import main
    from evaluation.real.corpus import corpus_dir
    from evaluation.real.gold import load_annotations

    if not (corpus_dir() / "reuters21578.jsonl.gz").is_file():
        pytest.skip("../shared/corpus is not here")
    args = ["--set", "real", "--split", "dev", "--format", "json"]
    assert main(args, load=lambda: _echo_gold) == 0
    [report] = json.loads(capsys.readouterr().out)["real-text"]["reports"]
    dev = [i for i in load_annotations() if i["split"] == "dev"]
    assert report["items"] == len(dev)
    assert report["full_items"] == sum(i["depth"] == "full" for i in dev) < len(dev)
    assert report["sector_micro"]["f1"] == report["entity_micro"]["f1"] == 1.0
    assert report["fact_overall"]["f1"] == 1.0


def test_title_apart_gives_the_predictor_each_text_without_its_headline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from evaluation.__main__ import main
    from evaluation.real.corpus import corpus_dir

    if not (corpus_dir() / "reuters21578.jsonl.gz").is_file():
        pytest.skip("../shared/corpus is not here")
    seen: dict[bool, list[dict[str, Any]]] = {}

    def load(apart: bool) -> Any:
        def predict(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
            seen[apart] = items
            return _echo_gold(items)

        return predict

    for apart in (False, True):
        args = ["--set", "real", "--batch", "9", "--format", "json"]
        assert main(args + ["--title-apart"] * apart, load=lambda a=apart: load(a)) == 0
        capsys.readouterr()
    whole, apart_items = seen[False], seen[True]
    assert [i["title"] for i in whole] == [i["title"] for i in apart_items]
    for w, a in zip(whole, apart_items, strict=True):
        assert w["text"] == f"{w['title']}\n\n{a['text']}"
        assert not a["text"].startswith(w["title"])


def test_real_set_scores_one_annotation_batch_alone_in_one_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from evaluation.__main__ import main
    from evaluation.real.corpus import corpus_dir
    from evaluation.real.gold import load_annotations

    if not (corpus_dir() / "reuters21578.jsonl.gz").is_file():
        pytest.skip("../shared/corpus is not here")
    args = ["--set", "real", "--batch", "9", "--batch", "10", "--format", "json"]
    assert main(args, load=lambda: _echo_gold) == 0
    [report] = json.loads(capsys.readouterr().out)["real-text"]["reports"]
    top_up = [i for i in load_annotations() if i["batch"] in (9, 10)]
    assert report["split"] == "all"
    assert report["items"] == len(top_up) == 60
    assert report["entity_micro"]["f1"] == 1.0
