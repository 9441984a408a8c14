"""The sector model: one calibrated logistic regression per sector, predicted with numpy.

Everything ships in one `.npz` of plain arrays (no pickle): the vocabulary, the linear
weights over vocabulary and taxonomy features, the intercepts, and Platt calibration
parameters fitted on out-of-fold decisions. `python -m assay.enrich.sectors.train` writes
it; predicting needs only numpy.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from assay.enrich.sectors.features import (
    DATA_DIR,
    SLUGS,
    Taxonomy,
    Vector,
    entity_hints,
    extra_features,
    ngrams,
    prepare,
)
from assay.errors import ModelError
from assay.models import Entity, SectorScore

MODEL_PATH = DATA_DIR / "model.npz"
_REBUILD = "Rebuild it with `python -m assay.enrich.sectors.train`."


@dataclass
class SectorClassifier:
    """Calibrated one-vs-rest logistic regression over n-grams, taxonomy hits and entities."""

    vocab: dict[str, int]
    coef: npt.NDArray[np.float32]  # (len(vocab) + N_EXTRA, len(SLUGS))
    intercept: Vector
    platt_a: Vector
    platt_b: Vector
    taxonomy: Taxonomy

    @classmethod
    def load(cls, path: Path | None = None) -> SectorClassifier:
        """Load the shipped model (cached per path); raise ModelError if it is missing."""
        return _load(path or MODEL_PATH)

    def decision(self, title: str, text: str, entities: Sequence[Entity] = ()) -> Vector:
        """Raw per-sector decision values (before calibration), in SLUGS order."""
        title_tokens, body_tokens = prepare(title, text)
        grams = ngrams(title_tokens + body_tokens)
        idx: list[int] = []
        val: list[float] = []
        for gram, count in grams.items():
            col = self.vocab.get(gram)
            if col is not None:
                idx.append(col)
                val.append(1.0 + math.log(count))
        out = self.intercept.copy()
        if idx:
            v = np.asarray(val)
            v /= np.linalg.norm(v)
            out += v @ self.coef[idx]
        extra = extra_features(self.taxonomy, title_tokens, body_tokens, entity_hints(entities))
        out += extra @ self.coef[len(self.vocab) :]
        return out

    def probabilities(self, title: str, text: str, entities: Sequence[Entity] = ()) -> Vector:
        """Calibrated per-sector probabilities in SLUGS order, unrounded."""
        z = self.platt_a * self.decision(title, text, entities) + self.platt_b
        probs: Vector = 1.0 / (1.0 + np.exp(-z))
        return probs

    def predict(self, title: str, text: str, entities: Sequence[Entity] = ()) -> list[SectorScore]:
        """All nine sectors with calibrated probabilities in [0, 1], best first."""
        probs = self.probabilities(title, text, entities)
        scores = [
            SectorScore(slug, round(float(p), 4)) for slug, p in zip(SLUGS, probs, strict=True)
        ]
        # Ties keep the fixed SLUGS order so output is deterministic.
        return sorted(scores, key=lambda s: -s.score)

    def save(self, path: Path, meta: dict[str, Any]) -> None:
        """Write the model as plain arrays (loadable with allow_pickle=False)."""
        words = sorted(self.vocab, key=self.vocab.__getitem__)
        meta = {**meta, "taxonomy_sha": self.taxonomy.digest, "sectors": list(SLUGS)}
        with path.open("wb") as fh:
            np.savez_compressed(
                fh,
                vocab=np.array(words, dtype=str),
                coef=self.coef.astype(np.float32),
                intercept=self.intercept,
                platt_a=self.platt_a,
                platt_b=self.platt_b,
                meta=np.array(json.dumps(meta, sort_keys=True)),
            )


@cache  # one model per process: loading costs ~50 ms
def _load(path: Path) -> SectorClassifier:
    taxonomy = Taxonomy.load()
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
    except (OSError, ValueError) as exc:
        raise ModelError(f"Cannot read sector model {path}: {exc}. {_REBUILD}") from None
    meta = json.loads(str(arrays["meta"]))
    if meta.get("taxonomy_sha") != taxonomy.digest or meta.get("sectors") != list(SLUGS):
        raise ModelError(
            f"Sector model {path} was trained on a different taxonomy or sector list. {_REBUILD}"
        )
    vocab = {str(w): i for i, w in enumerate(arrays["vocab"])}
    return SectorClassifier(
        vocab=vocab,
        coef=arrays["coef"].astype(np.float32),
        intercept=arrays["intercept"].astype(np.float64),
        platt_a=arrays["platt_a"].astype(np.float64),
        platt_b=arrays["platt_b"].astype(np.float64),
        taxonomy=taxonomy,
    )
