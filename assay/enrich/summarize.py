"""Extractive summaries and keywords from the shared spaCy Doc (tokens, NER, sentences).

summarize: the lead sentence plus the one or two most central others (overlap with the title
and with the document's frequent words, named-entity density, earliness), in document order.
keywords: entity names weighted by type, then salient terms by in-document frequency.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import cast

from spacy.attrs import ENT_IOB, IDX, LENGTH, SENT_START
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from assay.enrich.nlp import doc_text
from assay.models import Entity

MAX_SUMMARY_CHARS = 400
MIN_SENTENCE_WORDS = 6
MAX_SENTENCE_CHARS = 600  # longer "sentences" are usually run-together tables or lists
MAX_KEYWORDS = 10
MIN_KEYWORDS = 5

# Page furniture that extraction may leave behind; never worth quoting in a summary.
_FURNITURE = re.compile(
    r"\b(read more|read also|sign up|subscribe|newsletter|cookies?|copyright|all rights reserved"
    r"|click here|advertisement|follow us|share this|reporting by|editing by|related:"
    r"|log in|terms of use|privacy policy)\b|©",
    re.IGNORECASE,
)
_WS = re.compile(r"\s+")
_WORD = re.compile(r"[A-Za-z]+")
# A blank line or a newline plus indent ends a paragraph; a bare newline may be a hard wrap.
_PARAGRAPH = re.compile(r"\n\s*\n|\n[ \t]+")
_ENDS = frozenset({".", "!", "?", '"', "”", ":"})
_CACHE_KEY = "assay.summarize.tokens"
_POSSESSIVE = re.compile(r"['’]s$")

# Words too common in news to be keywords, beyond spaCy's English stop words.
NEWS_STOP = frozenset(
    """said says say told added according year years percent pct mln billion million thousand
    week weeks month months day days time today yesterday new last next first second third
    would could also company companies people group report reported statement including per
    cent reuter reuters inc ltd corp plc news like just expected expects set make made end
    early late since ago""".split()  # noqa: SIM905 - a word list reads better as prose
)
TYPE_WEIGHT = {
    "COMMODITY": 3.0,
    "ORG": 2.5,
    "COUNTRY": 2.0,
    "PROJECT": 2.0,
    "LOCATION": 1.5,
    "PERSON": 1.5,
}
# spaCy NER labels used when no linked entities are given.
NER_WEIGHT = {"ORG": 2.5, "GPE": 2.0, "NORP": 1.0, "LOC": 1.5, "FAC": 1.5, "PRODUCT": 1.5}


def _clean(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _is_content(word: str) -> bool:
    return word.isalpha() and len(word) > 2 and word not in STOP_WORDS and word not in NEWS_STOP


@dataclass
class _Sentence:
    pos: int
    text: str
    words: list[str]  # lower-cased content words
    ents: int
    tokens: int


@dataclass
class _Tokens:
    """Per-token arrays read once with Doc.to_array: far cheaper than a Token object per word."""

    text: str
    words: list[str]
    offsets: list[int]
    sent_start: list[bool]
    ent_start: list[bool]


def _tokens(doc: Doc) -> _Tokens:
    cached = doc.user_data.get(_CACHE_KEY)
    if cached is None:
        text = doc_text(doc)
        rows = doc.to_array([IDX, LENGTH, SENT_START, ENT_IOB]).tolist()
        cached = _Tokens(
            text,
            [text[i : i + n] for i, n, _, _ in rows],
            [i for i, _, _, _ in rows],
            [k == 0 or s == 1 for k, (_, _, s, _) in enumerate(rows)],
            [iob == 3 for _, _, _, iob in rows],  # IOB code 3 is "B", an entity's first token
        )
        doc.user_data[_CACHE_KEY] = cached  # per-Doc, shared by summarize and keywords
    return cast(_Tokens, cached)


def _sentences(doc: Doc) -> list[_Sentence]:
    """Usable sentences; the senter's spans are also cut at line breaks (paragraphs, lists)."""
    tok = _tokens(doc)
    texts = tok.words
    bounds: list[tuple[int, int]] = []
    start = 0
    for i, word in enumerate(texts):
        if i > start and tok.sent_start[i]:
            bounds.append((start, i))
            start = i
        if _PARAGRAPH.search(word) or ("\n" in word and i and texts[i - 1] in _ENDS):
            if i > start:
                bounds.append((start, i))
            start = i + 1
    if start < len(texts):
        bounds.append((start, len(texts)))
    out: list[_Sentence] = []
    for start, end in bounds:
        text = _clean(tok.text[tok.offsets[start] : tok.offsets[end - 1] + len(texts[end - 1])])
        lowered = [w.lower() for w in texts[start:end]]
        alpha = sum(1 for w in lowered if w.isalpha())
        if (
            alpha < MIN_SENTENCE_WORDS
            or len(text) > MAX_SENTENCE_CHARS
            or _FURNITURE.search(text)
            or not any(c.islower() for c in text)  # all-caps lines are headlines or captions
            or not (text[0].isupper() or text[0].isdigit() or text[0] in "\"“'‘")  # fragments
        ):
            continue
        ents = sum(tok.ent_start[start:end])
        words = [w for w in lowered if _is_content(w)]
        out.append(_Sentence(len(out), text, words, ents, end - start))
    return out


def summarize(doc: Doc, title: str = "", max_sentences: int = 3) -> str:
    """2-3 sentences: the lead plus the most central others, in document order."""
    sents = _sentences(doc)
    if sents and title and sents[0].text.lower().startswith(_clean(title).lower()):
        sents = sents[1:]  # the text repeats its headline
    if not sents:
        return _clean(doc.text)[:MAX_SUMMARY_CHARS]
    lead, rest = sents[0], sents[1:]
    freq = Counter(w for s in sents for w in s.words)
    title_words = {w for w in (t.lower() for t in _WORD.findall(title)) if _is_content(w)}
    lead_words = set(lead.words)
    seen = {lead.text.lower()}
    scored: list[tuple[float, _Sentence]] = []
    for sent in rest:
        if sent.text.lower() in seen or not sent.words:
            continue
        seen.add(sent.text.lower())
        uniq = set(sent.words)
        central = sum(math.log1p(freq[w]) for w in uniq) / math.sqrt(len(sent.words))
        title_overlap = len(uniq & title_words)
        ents = sent.ents / max(sent.tokens, 1)
        redundant = len(uniq & lead_words) / len(uniq)  # repeats of the lead add little
        early = 1.0 / (1.0 + 0.15 * sent.pos)
        score = central + 1.5 * title_overlap + 4.0 * ents + 1.5 * early - 1.5 * redundant
        scored.append((score, sent))
    scored.sort(key=lambda x: (-x[0], x[1].pos))
    chosen = [lead]
    length = len(lead.text)
    for rank, (_, sent) in enumerate(scored):
        if len(chosen) >= max_sentences:
            break
        if length + len(sent.text) + 1 <= MAX_SUMMARY_CHARS:
            chosen.append(sent)
            length += len(sent.text) + 1
        elif len(chosen) == 1 and rank >= 3:
            # Nothing short enough among the best few: a second sentence matters more.
            chosen.append(scored[0][1])
            break
    if len(chosen) == 1 and scored:
        chosen.append(scored[0][1])
    chosen.sort(key=lambda s: s.pos)
    return " ".join(s.text for s in chosen)


def keywords(doc: Doc, entities: Sequence[Entity] = ()) -> list[str]:
    """5-10 unique keywords: weighted entity names first, then salient in-document terms."""
    scores: dict[str, float] = {}
    names: dict[str, str] = {}

    def add(name: str, score: float) -> None:
        name = _POSSESSIVE.sub("", _clean(name))
        key = name.lower()
        if len(key) < 2 or key in STOP_WORDS or key in NEWS_STOP:
            return
        names.setdefault(key, name)
        scores[key] = max(scores.get(key, 0.0), score)

    if entities:
        for ent in entities:
            weight = TYPE_WEIGHT.get(ent.type, 1.0)
            add(ent.name, weight * (1.0 + math.log(max(len(ent.mentions), 1))))
    else:
        counts = Counter((e.text, e.label_) for e in doc.ents if e.label_ in NER_WEIGHT)
        for (text, label), n in counts.items():
            text = text.removeprefix("the ").removeprefix("The ")
            add(text, NER_WEIGHT[label] * (1 + math.log(n)))
    picked = sorted(scores, key=lambda k: (-scores[k], k))[: MAX_KEYWORDS - 2]

    # Terms: runs of content words give unigrams and bigrams, scored by in-document frequency.
    grams: list[str] = []
    run: list[str] = []
    for word in [*_tokens(doc).words, "."]:
        low = word.lower()
        if _is_content(low):
            run.append(low)
            continue
        grams += run
        grams += [f"{a} {b}" for a, b in pairwise(run)]
        run = []
    terms = Counter(grams)
    for term, n in sorted(terms.items(), key=lambda x: (-x[1] * (1 + x[0].count(" ")), x[0])):
        if len(picked) >= MAX_KEYWORDS or (n < 2 and len(picked) >= MIN_KEYWORDS):
            break
        if any(term in p or p in term for p in picked):
            continue
        picked.append(term)
        names.setdefault(term, term)
    return [names[k] for k in picked]
