"""The words a trigger sentence is parsed as: wire and headline conventions undone.

spaCy's small model was trained on running prose. Headlines break its habits: capitals on
every word ("China, U.S. Agree on Initial Trade Deal") make verbs look like names, a line in
capitals makes names look like nouns, and a comma joins the subjects where prose says
"and". The wire's angle brackets and tickers ("<Union Faith Ltd>", "INTERCO <ISS>") read as
asides. Only the words handed to the parser change; offsets, names and evidence stay those
of the text.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from assay.enrich.entities.spans import bracketed_ticker, is_title, mostly_upper
from assay.enrich.facts.context import Sentence, Slot


def _title_cased(text: str) -> bool:
    """A headline with capitals on most of its words, not on names alone."""
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    return len(words) >= 4 and sum(is_title(w) for w in words) >= 0.7 * len(words)


def _blank_brackets(tokens: Sequence[Token], words: list[str]) -> None:
    """The wire's angle brackets become blanks of their length, and so does a ticker after a
    name: "INTERCO <ISS> COMPLETES LANE<LANE> ACQUISITION" parses as "Interco completes Lane
    acquisition", "under which <Union Faith Ltd> would buy" keeps its subject. Read as
    parentheses, they made "completes" a noun and the bracketed firm an aside."""
    texts = [t.text for t in tokens]
    for i, tok in enumerate(tokens):
        if tok.text != "<":
            continue
        end = next((j for j in range(i + 1, min(len(tokens), i + 12)) if tokens[j].text == ">"), 0)
        if not end:
            continue
        after_name = i > 0 and any(ch.isalpha() for ch in tokens[i - 1].text)
        ticker = after_name and bracketed_ticker(texts, i + 1)
        for k in range(i, end + 1) if ticker else (i, end):
            words[k] = " " * len(tokens[k].text)


def _slot_at(sentence: Sentence, tok: Token) -> Slot | None:
    """The name a token of the sentence is part of, if any."""
    at = tok.idx - sentence.start
    return next((s for s in sentence.slots if s.start <= at < s.end), None)


def _upper_words(sentence: Sentence, tokens: Sequence[Token], words: list[str]) -> list[str]:
    """An all-capitals line as prose: its names written as the entity is ("KELVARO COMPLETES
    DORNLAKE ACQUISITION" -> "Kelvaro completes Dornlake acquisition"), other words lower.
    Lower-cased names read as nouns or verbs."""
    out: list[str] = []
    for tok, word in zip(tokens, words, strict=True):
        slot = _slot_at(sentence, tok)
        if slot is None:
            out.append(word.lower())
        elif not word.isalpha():
            out.append(word)  # "U.S.", "AT&T"
        else:
            cased = {w.lower(): w for w in slot.name.split()}
            out.append(cased.get(word.lower(), word.capitalize()))
    return out


def parser_words(sentence: Sentence, tokens: Sequence[Token], headline: bool) -> list[str]:
    """The sentence's tokens as the parser should read them."""
    words = [t.text for t in tokens]
    _blank_brackets(tokens, words)
    if mostly_upper(sentence.text):
        return _upper_words(sentence, tokens, words)  # headline capitals confuse the parser
    if not (headline and _title_cased(sentence.text)):
        return words
    # A title-cased headline: names keep their capitals, other words are prose.
    named = [_slot_at(sentence, t) is not None for t in tokens]
    words = [w if named[i] or i == 0 else w.lower() for i, w in enumerate(words)]
    # "China, U.S. agree on ..." is "China & U.S. agree on ...": a comma between two
    # leading names and before a word that names nothing. "&" keeps the text's offsets.
    first = next((i for i, n in enumerate(named) if not n), len(named))
    if 0 < first < len(words) - 1 and words[first] == "," and named[first + 1]:
        after = next((i for i in range(first + 1, len(named)) if not named[i]), len(named))
        if after < len(words) and words[after].isalpha():
            words[first] = "&"
    return words
