"""The words a trigger sentence is parsed as: wire and headline conventions undone.

spaCy's small model was trained on running prose. Headlines break its habits: capitals on
every word ("China, U.S. Agree on Initial Trade Deal") make verbs look like names, and a
comma joins the subjects where prose says "and". Only the words handed to the parser
change; offsets, names and evidence stay those of the text.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from assay.enrich.entities.spans import is_title, mostly_upper
from assay.enrich.facts.context import Sentence

# Wire tickers "<ULG>" read as a parenthesis, which the parser knows.
_BRACKETS = {"<": "(", ">": ")"}


def _title_cased(text: str) -> bool:
    """A headline with capitals on most of its words, not on names alone."""
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    return len(words) >= 4 and sum(is_title(w) for w in words) >= 0.7 * len(words)


def parser_words(sentence: Sentence, tokens: Sequence[Token], headline: bool) -> list[str]:
    """The sentence's tokens as the parser should read them."""
    words = [_BRACKETS.get(t.text, t.text) for t in tokens]
    if mostly_upper(sentence.text):
        return [w.lower() for w in words]  # headline capitals confuse the parser
    if not (headline and _title_cased(sentence.text)):
        return words
    # A title-cased headline: names keep their capitals, other words are prose.
    named = [any(s.start <= t.idx - sentence.start < s.end for s in sentence.slots) for t in tokens]
    words = [w if named[i] or i == 0 else w.lower() for i, w in enumerate(words)]
    # "China, U.S. agree on ..." is "China & U.S. agree on ...": a comma between two
    # leading names and before a word that names nothing. "&" keeps the text's offsets.
    first = next((i for i, n in enumerate(named) if not n), len(named))
    if 0 < first < len(words) - 1 and words[first] == "," and named[first + 1]:
        after = next((i for i in range(first + 1, len(named)) if not named[i]), len(named))
        if after < len(words) and words[after].isalpha():
            words[first] = "&"
    return words
