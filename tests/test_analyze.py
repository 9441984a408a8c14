"""`assay analyze` and enrichment at ingest: schema, offsets, edge inputs, stored facts."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from assay.cli import app

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "analyze.schema.json").read_text(encoding="utf-8"))
SAMPLES = ROOT / "samples"

EU_STORY = (
    "EU slaps duties on Chinese electric vehicles\n\n"
    "The EU imposed provisional duties of up to 38% on electric vehicles imported from China "
    "on Thursday, escalating a trade dispute with Beijing. Chinese carmakers including BYD "
    "said they would challenge the tariffs at the World Trade Organization."
)


@pytest.fixture
def runner(isolated_env: None) -> CliRunner:
    return CliRunner()


def analyze(runner: CliRunner, *args: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["analyze", *args])
    assert result.exit_code == 0, result.output
    records: list[dict[str, Any]] = json.loads(result.stdout)
    return records


def test_records_validate_against_the_published_schema(runner: CliRunner) -> None:
    files = [*sorted((SAMPLES / "html").glob("*.html"))[:6], SAMPLES / "articles.jsonl"]
    records = analyze(runner, *map(str, files))
    assert len(records) >= 12
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for record in records:
        errors = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
        assert errors == [], f"{record['source']}: {errors[0].message} at {list(errors[0].path)}"


def test_every_offset_points_at_its_text(runner: CliRunner) -> None:
    records = analyze(runner, str(SAMPLES / "html"), str(SAMPLES / "email"))
    mentions = facts = 0
    for record in records:
        text = record["text"]
        for entity in record["entities"]:
            for m in entity["mentions"]:
                assert text[m["start"] : m["end"]] == m["text"]
                mentions += 1
        for fact in record["facts"]:
            assert text[fact["start"] : fact["end"]] == fact["sentence"]
            assert "\n\n" not in fact["sentence"].strip(), "a fact spans two paragraphs"
            facts += 1
    assert mentions > 500 and facts > 40


def test_eu_tariff_sentence_is_a_trade_measure(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "eu.txt"
    path.write_text(EU_STORY, encoding="utf-8")
    (record,) = analyze(runner, str(path))
    measures = [f for f in record["facts"] if f["type"] == "trade_measure"]
    assert measures, record["facts"]
    fact = measures[0]
    assert fact["actor"]["key"] == "org:eu"
    assert fact["target"]["key"] == "country:CHN"
    assert (fact["measure"], fact["action"], fact["rate_percent"]) == ("tariff", "imposed", 38)
    assert "electric vehicle" in fact["goods"]["name"]
    assert {s["slug"] for s in record["sectors"]} & {"ev-battery", "sanctions-regulation"}


def test_jsonl_format_prints_one_record_per_line(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "eu.txt"
    path.write_text(EU_STORY, encoding="utf-8")
    result = runner.invoke(app, ["analyze", "--format", "jsonl", str(path), str(path)])
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2 and all(json.loads(line)["story"] == 0 for line in lines)


def test_newsletter_yields_one_record_per_story(runner: CliRunner) -> None:
    (eml,) = sorted((SAMPLES / "email").glob("*.eml"))
    records = analyze(runner, str(eml))
    assert len(records) == 3
    assert [r["story"] for r in records] == [0, 1, 2]
    assert all(r["source"] == str(eml) for r in records)


@pytest.mark.slow
def test_a_one_megabyte_article_is_analyzed(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Five times the default cap on article text (200,000 characters): raised for this test.
    monkeypatch.setenv("ASSAY_MAX_TEXT_CHARS", "2000000")
    # Over spaCy's default max_length, in many 20,000-character parts joined into one Doc.
    # Each paragraph carries a long filing reference: a megabyte of text in ~20,000 tokens,
    # so the tagger's time (about a minute for 200,000 words of prose) does not dominate.
    paragraph = (
        "Indonesia's nickel output rose again as new smelters in Central Sulawesi started "
        "production, and the government said it would keep its ban on ore exports."
    )
    blocks = [
        f"{paragraph}\nFiling reference {hashlib.sha256(str(i).encode()).hexdigest() * 48}"
        for i in range(325)
    ]
    path = tmp_path / "big.txt"
    path.write_text("Nickel boom\n\n" + "\n\n".join(blocks), encoding="utf-8")
    assert path.stat().st_size > 1_000_000
    (record,) = analyze(runner, str(path))
    assert len(record["text"]) > 1_000_000
    keys = {e["key"] for e in record["entities"]}
    assert {"country:IDN", "commodity:nickel"} <= keys
    text = record["text"]  # offsets still point into the original text after the join
    mentions = [m for e in record["entities"] for m in e["mentions"]]
    assert len(mentions) > 325 and all(text[m["start"] : m["end"]] == m["text"] for m in mentions)
    assert all(text[f["start"] : f["end"]] == f["sentence"] for f in record["facts"])


def test_empty_article_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 3  # nothing done: the only input failed
    assert f"No article text found in {path}" in result.stderr
    assert json.loads(result.stdout) == []


def test_non_english_text_reports_language_and_no_sectors_or_facts(runner: CliRunner) -> None:
    (french,) = [p for p in (SAMPLES / "html").glob("fr-*.html")]
    (record,) = analyze(runner, str(french))
    assert record["language"] == "fr"
    assert record["sectors"] == [] and record["facts"] == []
    assert record["text"]


def test_ingested_facts_answer_entity_and_date_queries(runner: CliRunner, tmp_path: Path) -> None:
    db = str(tmp_path / "assay.db")
    result = runner.invoke(app, ["--db", db, "ingest", str(SAMPLES / "html")])
    assert result.exit_code == 0, result.output
    out = runner.invoke(
        app, ["--db", db, "facts", "--type", "trade_measure", "--since", "2026-01-01", "-f", "json"]
    )
    rows = json.loads(out.stdout)
    assert rows and all(r["type"] == "trade_measure" for r in rows)
    assert all(r["published"] >= "2026-01-01" for r in rows)
    idn = runner.invoke(app, ["--db", db, "facts", "--entity", "country:IDN", "-f", "json"])
    idn_rows = json.loads(idn.stdout)
    assert idn_rows
    for row in idn_rows:
        assert "country:IDN" in json.dumps(row["fields"])
