"""Multi-label sector classification with calibrated scores (numpy at prediction time).

`features.py` turns a title, text and linked entities into features, `model.py` holds the
shipped model and predicts, and `train.py` (scikit-learn and scipy, the `train` extra)
rebuilds it: `python -m assay.enrich.sectors.train`.

Example:
    >>> SectorClassifier.load().predict("Copper miner lifts output", text, entities)
"""

from __future__ import annotations

from assay.enrich.sectors.model import MODEL_PATH, SectorClassifier

__all__ = ["MODEL_PATH", "SectorClassifier"]
