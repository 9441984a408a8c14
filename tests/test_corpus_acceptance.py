"""Issue 9 acceptance: real dumps in, right data out.

The first 2,000 Reuters-21578 records and the first 300 AllSides records of the shared
corpus (reserved ids skipped) are written as JSON Lines into tmp_path and ingested without
enrichment. Every supplied title and every character of every body must be stored, after
the documented whitespace normalisation (texts compared word by word: runs of spaces,
tabs and line breaks are one separator), and no record may become more than one story.

Records whose bodies are identical but for case and spacing are one article by design
(ingesting the same text twice never creates a second copy): the stored copy carries the
first such record's title.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assay.cli import app
from assay.models import normalise_text
from benchmarks.corpus import corpus_dir

SETS = (("reuters21578", 2000), ("allsides_news_2015_2020", 300))
CORPUS = corpus_dir()  # read before `isolated_env` clears ASSAY_CORPUS_DIR


def reserved(folder: Path) -> set[tuple[str, str]]:
    lines = (folder / "reserved-ids.txt").read_text(encoding="utf-8").splitlines()
    return {tuple(line.split("\t")[:2]) for line in lines if line and not line.startswith("#")}  # type: ignore[misc]


def corpus_records(folder: Path) -> list[dict[str, Any]]:
    skip = reserved(folder)
    out: list[dict[str, Any]] = []
    for name, count in SETS:
        with gzip.open(folder / f"{name}.jsonl.gz", "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                if n >= count:
                    break
                record = json.loads(line)
                if (name, str(record["id"])) not in skip:
                    out.append(record)
    return out


@pytest.mark.slow
def test_reuters_and_allsides_keep_every_title_and_every_body_character(
    tmp_path: Path, isolated_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = CORPUS
    if not (folder / "reuters21578.jsonl.gz").is_file():
        pytest.skip(f"the shared corpus is not at {folder}; set ASSAY_CORPUS_DIR")
    records = corpus_records(folder)
    assert len(records) > 2200
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "corpus.db"
    monkeypatch.setenv("ASSAY_EMBED_AT_INGEST", "false")
    result = CliRunner().invoke(app, ["--db", str(db), "ingest", "--no-enrich", str(dump)])
    assert result.exit_code == 0, result.output

    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT text, title, story_index FROM articles").fetchall()
    conn.close()
    assert all(story == 0 for _, _, story in rows)  # no record split into fake stories
    stored = {normalise_text(text): (text, title) for text, title, _ in rows}
    first: dict[str, dict[str, Any]] = {}
    for record in records:
        first.setdefault(normalise_text(record["text"]), record)
    # One stored article per distinct body (the store's identity: case and spacing aside).
    assert len(rows) == len(stored) == len(first)
    lost = [
        record["id"]
        for key, record in first.items()
        if key not in stored or stored[key][0].split() != record["text"].split()
    ]
    assert lost == []
    retitled = [
        (record["title"], stored[key][1])
        for key, record in first.items()
        if record["title"].strip() and stored[key][1].split() != record["title"].split()
    ]
    assert retitled == []
