"""The real-text gold set as scorer items: documents.jsonl joined with the annotations.

Each item has the shape of a regression-set item (`id`, `split`, `text`, `sectors`,
`entities`, `facts`) plus `depth` ("full" or "sectors"). The text is read from the corpus
files (`corpus.py`), never stored here. A "sectors"-depth document counts only for sectors.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evaluation.real.corpus import corpus_dir, document_text, load_document

HERE = Path(__file__).parent
DOCUMENTS = HERE / "documents.jsonl"
ANNOTATIONS = HERE / "annotations"


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_annotations() -> list[dict[str, Any]]:
    """Annotated documents (no text): documents.jsonl rows that have an annotation line."""
    notes: dict[tuple[str, str], dict[str, Any]] = {}
    for path in sorted(ANNOTATIONS.glob("batch-*.jsonl")):
        for row in _jsonl(path):
            notes[(row["corpus"], str(row["id"]))] = row
    items = []
    for doc in _jsonl(DOCUMENTS):
        note = notes.get((doc["corpus"], str(doc["id"])))
        if note is None:
            continue
        full = doc["depth"] == "full"
        items.append({
            "id": f"{doc['corpus']}:{doc['id']}",
            "corpus": doc["corpus"],
            "doc_id": str(doc["id"]),
            "split": doc["split"],
            "depth": doc["depth"],
            "batch": int(doc["batch"]),
            "sectors": list(note.get("sectors") or ()),
            "entities": list(note.get("entities") or ()) if full else [],
            "facts": list(note.get("facts") or ()) if full else [],
        })  # fmt: skip
    return items


def load_real_gold() -> list[dict[str, Any]]:
    """Annotated documents with their text; FileNotFoundError when the corpus is missing."""
    for name in ("reuters21578.jsonl.gz", "allsides_news_2015_2020.jsonl.gz"):
        if not (corpus_dir() / name).is_file():
            raise FileNotFoundError(f"{corpus_dir() / name} not found")
    items = load_annotations()
    for item in items:
        doc = load_document(item["corpus"], item["doc_id"])
        item["title"] = doc["title"]
        item["text"] = document_text(doc)
    return items
