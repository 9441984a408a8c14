"""The parser pipeline's attribute rules by lookup give what spaCy's AttributeRuler gives."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from assay.enrich.attribute_rules import FastAttributeRuler
from assay.enrich.nlp import MODEL, load_parser

# Shapes the model's rules single out: auxiliaries, "there is", "gonna", "let's", "ain't",
# "y'all", pronoun case, subordinating "that", wire tables with runs of spaces.
SENTENCES = [
    "The company said it had agreed to sell two refineries to Shell.",
    "There is no deal, and there were never any talks, the minister said.",
    "We're gonna sign it and let's see if they ain't happy, y'all.",
    "I told you it was sanctioned by the U.S. Treasury, but it wasn't.",
    "Did they have to build the plant? He does, she did, and I have.",
    "Shr 1.20 dlrs vs 1.10 dlrs\n    Net 5.0 mln vs 4.0 mln\n\n    Revs 20 mln",
    "That which the board approved was the plan that China backed.",
    "ZTE was hit with a ban on exports, which Washington lifted in July.",
    "  Exports rose 3.5 pct  to 15.8 mln bpd , officials   said .",
]


def _attributes(doc: Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_lookup_rules_give_the_attribute_rulers_output() -> None:
    nlp = spacy.load(MODEL, exclude=["ner", "senter", "lemmatizer"])
    ruler = nlp.get_pipe("attribute_ruler")
    fast = FastAttributeRuler(ruler)  # type: ignore[arg-type]
    with nlp.select_pipes(disable=["attribute_ruler"]):
        parsed = [(nlp(text), nlp(text)) for text in SENTENCES * 2]  # the second pass: cached
    for by_matcher, by_lookup in parsed:
        assert _attributes(fast(by_lookup)) == _attributes(ruler(by_matcher))


def test_parser_pipeline_applies_the_rules_by_lookup() -> None:
    parser = load_parser()
    assert "fast_attribute_ruler" in parser.pipe_names
    assert "attribute_ruler" not in parser.pipe_names
    doc = parser("There is a plan that it had agreed to.")
    pos = {t.text: t.pos_ for t in doc}
    assert (pos["is"], pos["had"], pos["agreed"]) == ("VERB", "AUX", "VERB")
