"""Train and evaluate the sector model; writes assay/data/sectors/model.npz.

Usage:
    .venv/bin/python scripts/train_sectors.py --corpus /work/shared/corpus
    .venv/bin/python scripts/train_sectors.py --no-corpus --evaluate

Deterministic: the same data gives a byte-identical model file.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

# Run from a checkout without installing: the repo root holds the assay package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sklearn.model_selection import KFold

from assay.enrich.classify import MODEL_PATH
from assay.enrich.train_sectors import (
    ALLSIDES_CAP,
    REUTERS_CAP,
    TRAIN_PATH,
    corpus_examples,
    f1_scores,
    fit,
    load_examples,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="shared corpus dir (Reuters, AllSides)")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--evaluate", action="store_true", help="report CV and held-out F1")
    args = parser.parse_args()

    own = load_examples(TRAIN_PATH)
    extra = corpus_examples(args.corpus) if args.corpus else []
    print(f"{len(own)} own examples, {len(extra)} corpus examples")
    if args.evaluate:
        # 5-fold CV over our own texts; corpus documents are always on the training side.
        micro = []
        for k, (tr, te) in enumerate(KFold(5, shuffle=True, random_state=1).split(own)):
            model = fit([own[i] for i in tr] + extra)
            scores = f1_scores(model, [own[i] for i in te])
            micro.append(scores["micro"])
            print(f"fold {k}: micro-F1 {scores['micro']:.3f}")
        print(f"cross-validated micro-F1 {sum(micro) / len(micro):.3f}")
        held = own[::5]
        rest = [e for i, e in enumerate(own) if i % 5]
        scores = f1_scores(fit(rest + extra), held)
        print("held-out (every 5th own example) F1:", json.dumps(scores))
    start = time.perf_counter()
    model = fit(own + extra)
    meta = {
        "train": TRAIN_PATH.name,
        "own_examples": len(own),
        "corpus_examples": len(extra),
        "corpus": "reuters21578+allsides" if args.corpus else None,
        "caps": [REUTERS_CAP, ALLSIDES_CAP],
    }
    model.save(args.out, meta)
    size = args.out.stat().st_size
    took = time.perf_counter() - start
    print(f"wrote {args.out} ({size / 1024:.0f} KB, vocab {len(model.vocab)}) in {took:.1f}s")


if __name__ == "__main__":
    main()
