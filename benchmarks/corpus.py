"""Where the shared public corpus lives, and readers for it (never copied into the repo)."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def corpus_dir() -> Path:
    """$ASSAY_CORPUS_DIR, else ../shared/corpus beside the repository."""
    env = os.environ.get("ASSAY_CORPUS_DIR")
    return Path(env) if env else REPO.parent / "shared" / "corpus"


def read_jsonl(name: str, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Rows of one corpus file, e.g. 'reuters21578.jsonl.gz'."""
    path = corpus_dir() / name
    if not path.is_file():
        raise SystemExit(f"Corpus file not found: {path}. Set ASSAY_CORPUS_DIR.")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                return
            yield json.loads(line)
