"""`assay analyze` on page copies written for the project (tests/pages/copies/).

Each copy is a page as a reader copies it: a site's name and navigation, the main story
under its headline, promotional blocks, a "read more" block of teasers, script-injected
notices; or text arriving as JSON Lines or e-mail with share bars, captions and related
links. `expected.json` lists, per file, every record in order (title and sentences that
must be in its text), the furniture lines that must be in no record's text and must be
reported in `removed`, and names (sections, sites, photographers) that must not become
entities. A JSON Lines record (`"verbatim": true`) is stored whole, furniture included
(issue 9): there its furniture lines must stay in the text but yield no sentence, entity or
fact.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assay.cli import app

COPIES = Path(__file__).parent / "pages" / "copies"
EXPECTED: dict[str, dict[str, Any]] = json.loads(
    (COPIES / "expected.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """Every copy analysed in one run (one enricher load), records grouped by file."""
    with pytest.MonkeyPatch.context() as mp:
        # As the isolated_env fixture: no ASSAY_* variables and no ./assay.toml.
        for key in [k for k in os.environ if k.startswith("ASSAY_")]:
            mp.delenv(key)
        mp.setenv("ASSAY_CONFIG", str(tmp_path_factory.mktemp("copies") / "none.toml"))
        result = CliRunner().invoke(app, ["analyze", *(str(COPIES / name) for name in EXPECTED)])
    assert result.exit_code == 0, result.output
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in json.loads(result.stdout):
        # JSON Lines records are sourced as "<path>:<line>".
        grouped[Path(record["source"].rsplit(":", 1)[0]).name].append(record)
    return grouped


def test_at_least_twelve_copies_are_checked() -> None:
    assert len(EXPECTED) >= 12
    assert sorted(EXPECTED) == sorted(p.name for p in COPIES.iterdir() if p.name != "expected.json")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_copy_yields_main_story_and_one_record_per_teaser(
    name: str, records: dict[str, list[dict[str, Any]]]
) -> None:
    expected = EXPECTED[name]
    got = records[name]
    assert [r["title"] for r in got] == [r["title"] for r in expected["records"]]
    for record, want in zip(got, expected["records"], strict=True):
        for sentence in want["present"]:
            assert sentence in record["text"], f"{name} story {record['story']}: {sentence!r}"


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if not e.get("verbatim")))
def test_copy_furniture_is_removed_and_reported(
    name: str, records: dict[str, list[dict[str, Any]]]
) -> None:
    got = records[name]
    removed = [line for r in got for line in r["removed"]]
    for line in EXPECTED[name]["furniture"]:
        for record in got:
            assert line not in record["text"], f"{name} story {record['story']}: {line!r}"
        assert any(line in r for r in removed), f"{name}: {line!r} not reported"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_copy_sections_and_credits_are_no_entities(
    name: str, records: dict[str, list[dict[str, Any]]]
) -> None:
    names = {e["name"] for r in records[name] for e in r["entities"]}
    assert not names & set(EXPECTED[name]["not_entities"])


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e.get("verbatim")))
def test_verbatim_copy_keeps_furniture_out_of_enrichment(
    name: str, records: dict[str, list[dict[str, Any]]]
) -> None:
    for record in records[name]:
        text = record["text"]
        furniture = set(EXPECTED[name]["furniture"])
        spans, start = [], 0
        for line in text.split("\n"):
            if line.strip() in furniture:
                spans.append((start, start + len(line)))
            start += len(line) + 1
        assert spans, f"{name} story {record['story']}: no furniture line kept in the text"
        evidence = [(m["start"], m["end"]) for e in record["entities"] for m in e["mentions"]]
        evidence += [(f["start"], f["end"]) for f in record["facts"]]
        for start, end in evidence:
            assert not any(s < end and start < e for s, e in spans), text[start:end]
        assert not any(line in record["summary"] for line in EXPECTED[name]["furniture"])
