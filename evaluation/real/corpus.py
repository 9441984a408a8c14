"""Load documents of the real-text gold set from the gzip JSON Lines corpora.

The corpus folder defaults to `../shared/corpus` next to the repository root and can be moved
with the environment variable `ASSAY_CORPUS_DIR`. Files are read once per process.

    python evaluation/real/corpus.py reuters21578 2815     # print one document as evaluated
    python evaluation/real/corpus.py --batch 3             # every document of batch 3, in order
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPORA: dict[str, str] = {
    "reuters21578": "reuters21578.jsonl.gz",
    "allsides_news_2015_2020": "allsides_news_2015_2020.jsonl.gz",
}


def corpus_dir() -> Path:
    """The folder holding the corpus files: $ASSAY_CORPUS_DIR or ../shared/corpus."""
    env = os.environ.get("ASSAY_CORPUS_DIR")
    return Path(env) if env else (REPO_ROOT.parent / "shared" / "corpus").resolve()


def iter_records(corpus: str) -> list[dict[str, Any]]:
    """Every record of one corpus, in file order (ids turned into strings)."""
    return list(_records(corpus))


@cache
def _records(corpus: str) -> tuple[dict[str, Any], ...]:
    if corpus not in CORPORA:
        raise ValueError(f"unknown corpus {corpus!r}; expected one of {sorted(CORPORA)}")
    path = corpus_dir() / CORPORA[corpus]
    if not path.is_file():
        raise FileNotFoundError(f"corpus file not found: {path} (set ASSAY_CORPUS_DIR)")
    out: list[dict[str, Any]] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                rec["id"] = str(rec["id"])
                out.append(rec)
    return tuple(out)


@cache
def _index(corpus: str) -> dict[str, dict[str, Any]]:
    return {rec["id"]: rec for rec in _records(corpus)}


def load_document(corpus: str, doc_id: str | int) -> dict[str, str]:
    """The `title` and `text` of one document; KeyError when the id is not in the corpus."""
    rec = _index(corpus).get(str(doc_id))
    if rec is None:
        raise KeyError(f"{corpus}:{doc_id} not found")
    return {"title": rec.get("title") or "", "text": rec.get("text") or ""}


def document_text(rec: dict[str, Any]) -> str:
    """The document as evaluated: title, a blank line, then the text."""
    return f"{rec.get('title') or ''}\n\n{rec.get('text') or ''}"


def reserved_ids() -> set[tuple[str, str]]:
    """(corpus, id) pairs listed in reserved-ids.txt; these must never be used."""
    path = corpus_dir() / "reserved-ids.txt"
    out: set[tuple[str, str]] = set()
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                corpus, _, doc_id = line.strip().partition("\t")
                out.add((corpus.strip(), doc_id.strip()))
    return out


def _print_batch(batch: int) -> None:
    documents = Path(__file__).with_name("documents.jsonl")
    with documents.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    for row in rows:
        if int(row["batch"]) == batch:
            print(f"===== {row['corpus']} {row['id']} split={row['split']} depth={row['depth']}")
            print(document_text(load_document(row["corpus"], row["id"])))
            print()


def main(argv: list[str]) -> int:
    """Print one document (`CORPUS ID`) or a whole batch (`--batch N`) as evaluated."""
    if len(argv) == 2 and argv[0] == "--batch":
        _print_batch(int(argv[1]))
    elif len(argv) == 2:
        print(document_text(load_document(argv[0], argv[1])))
    else:
        print("usage: corpus.py CORPUS ID | corpus.py --batch N", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
