"""Which trigger sentences are worth the dependency parse: a small learned gate.

Most sentences that hold a trigger word state no fact ("the deal was seen as positive",
a results table with "output" in it), yet each costs a parse. The gate scores a trigger
sentence from what is known before the parse (its trigger words and fact types, the
entities and numbers NER found in it, negation and intent words, its place in the text
and its length) with a logistic regression, and the extractor parses, and reads facts
from, only the sentences scoring at or above the shipped threshold.

The weights (`assay/data/fact_gate.json`) are trained on the real-text gold set's dev
documents and the regression set's dev items by `python -m evaluation.real.fact_gate`,
which also reports the cross-validated recall of the gold-fact sentences and the share
of parses saved at the threshold. Applying the gate is numpy only.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy
from spacy.tokens import Doc

from assay.enrich.entities.spans import mostly_upper
from assay.enrich.facts.context import Sentence
from assay.errors import ModelMissing

MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "fact_gate.json"

FACT_TYPES = ("agreement", "trade_measure", "sanction", "capacity", "investment", "production")
SLOT_TYPES = ("ORG", "COUNTRY", "PERSON", "PROJECT", "COMMODITY", "LOCATION")
NER_LABELS = ("MONEY", "PERCENT", "QUANTITY", "CARDINAL", "DATE", "ORG", "GPE", "PERSON")

_CUE_NAMES = ("negation", "intent", "reported", "done", "referring", "units")
# One alternation with a named group per cue: a single regex pass per sentence.
_CUES = re.compile(
    r"\b(?:(?P<negation>not|no|never|n't|without|denied|denies|rejected|refused)|"
    r"(?P<intent>will|would|could|may|might|plans?|planned|planning|considering|consider|"
    r"proposed?|seeks?|talks|expects?|expected|hopes?|wants?|urged?|should)|"
    r"(?P<reported>said|says|told|according)|"
    r"(?P<done>signed|agreed|imposed|announced|approved|completed|acquired|bought|sold|"
    r"awarded|won|raised|cut|reached|set)|"
    r"(?P<referring>it|its|they|their|company|group|firm|government|administration)|"
    r"(?P<units>pct|percent|mln|bln|billion|million|tonnes?|tons?|bpd|barrels?|dlrs|"
    r"ounces?|mw|gw|capacity|stake|shares?))\b"
)
_TOKEN_ATTRS: list[int | str] = ["ENT_IOB", "ENT_TYPE", "LIKE_NUM"]


@dataclass(frozen=True)
class Candidate:
    """A trigger sentence as the gate sees it: the sentence and its tokens in the Doc."""

    sentence: Sentence
    first_i: int  # first and last token of the sentence in the Doc
    last_i: int
    index: int  # the sentence's place in the text: 0 is the headline


def feature_names(triggers: Sequence[str]) -> list[str]:
    """The feature vector's layout, given the trigger words that have their own weight."""
    names = ["bias"]
    names += [f"type:{t}" for t in FACT_TYPES]
    names += ["types"]
    names += [f"slots:{t}" for t in SLOT_TYPES]
    names += ["keys", "no_names"]
    names += [f"ner:{label}" for label in NER_LABELS]
    names += ["numbers"]
    names += [f"cue:{c}" for c in _CUE_NAMES]
    names += ["headline", "lead", "position", "length", "short", "upper", "quote", "triggers"]
    names += ["actor_before", "actor_after", "actor_near", "trigger_place"]
    names += [f"trigger:{t}" for t in triggers]
    return names


def token_table(doc: Doc) -> numpy.ndarray:
    """Per token of the Doc: starts an entity (0/1), the entity's index in NER_LABELS (-1 for
    none or another label), is number-like (0/1). One array read for the whole Doc."""
    raw = doc.to_array(_TOKEN_ATTRS)
    table = numpy.zeros((len(raw), 3), dtype=numpy.int64)
    table[:, 0] = raw[:, 0] == 3  # ENT_IOB 3: the first token of an entity
    table[:, 1] = -1
    for j, label in enumerate(NER_LABELS):
        table[raw[:, 1] == doc.vocab.strings[label], 1] = j
    table[:, 2] = raw[:, 2]
    return table


def features(
    table: numpy.ndarray, candidate: Candidate, triggers: dict[str, int], size: int
) -> list[float]:
    """One candidate's features in `feature_names` order (`table`: `token_table(doc)`,
    `triggers`: trigger word -> its column)."""
    s = candidate.sentence
    x = [1.0]  # bias
    x += [float(t in s.anchors) for t in FACT_TYPES]
    x.append(float(len(s.anchors)))
    counts = Counter(slot.type for slot in s.slots)
    x += [math.log1p(counts[t]) for t in SLOT_TYPES]
    keys = {slot.key or slot.name for slot in s.slots}
    x += [math.log1p(len(keys)), float(not keys)]
    rows = table[candidate.first_i : candidate.last_i + 1]
    begins = rows[rows[:, 0] == 1, 1]
    x += [
        math.log1p(int(n)) for n in numpy.bincount(begins[begins >= 0], minlength=len(NER_LABELS))
    ]
    x.append(math.log1p(int(rows[:, 2].sum())))
    found = {m.lastgroup for m in _CUES.finditer(s.lower)}
    x += [float(cue in found) for cue in _CUE_NAMES]
    n_tokens = candidate.last_i - candidate.first_i + 1
    words = trigger_words(s)
    x += [
        float(candidate.index == 0),  # headline
        float(candidate.index == 1),  # lead
        math.log1p(candidate.index),
        math.log1p(n_tokens),
        float(n_tokens < 8),
        float(mostly_upper(s.text)),
        float('"' in s.text or "“" in s.text),
        math.log1p(len(words)),
    ]
    # Where the parties sit around the first trigger: "X signed with Y" has both sides.
    first = min(a for offsets in s.anchors.values() for a in offsets) if s.anchors else 0
    actors = [slot for slot in s.slots if slot.type in ("ORG", "COUNTRY", "PERSON", "PROJECT")]
    gaps = [min(abs(slot.start - first), abs(slot.end - first)) for slot in actors]
    x += [
        float(any(slot.end <= first for slot in actors)),
        float(any(slot.start > first for slot in actors)),
        math.log1p(min(gaps)) if gaps else 6.0,
        first / max(1, len(s.text)),
    ]
    x += [0.0] * (size - len(x))  # the trigger words' columns
    for word in words:
        j = triggers.get(word)
        if j is not None:
            x[j] = 1.0
    return x


def trigger_words(sentence: Sentence) -> set[str]:
    """The trigger words (or phrases) of a sentence, lower-cased."""
    return {
        sentence.lower[a : sentence.ends.get(a, a)]
        for offsets in sentence.anchors.values()
        for a in offsets
    }


class SentenceGate:
    """The shipped logistic regression: `keep(doc, candidates)` -> one bool per candidate."""

    def __init__(self, triggers: Sequence[str], weights: Sequence[float], threshold: float):
        self.names = feature_names(triggers)
        if len(weights) != len(self.names):
            raise ModelMissing(
                f"{MODEL_PATH} has {len(weights)} weights for {len(self.names)} features; "
                "retrain it with 'python -m evaluation.real.fact_gate --write'."
            )
        base = len(self.names) - len(triggers)
        self.triggers = {t: base + i for i, t in enumerate(triggers)}
        self.weights = numpy.asarray(weights, dtype=numpy.float64)
        self.threshold = threshold

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> SentenceGate:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise ModelMissing(
                f"The fact gate {path} is missing or unreadable; restore it from the repository "
                "or retrain it with 'python -m evaluation.real.fact_gate --write'."
            ) from None
        return cls(data["triggers"], data["weights"], float(data["threshold"]))

    def matrix(self, doc: Doc, candidates: Sequence[Candidate]) -> numpy.ndarray:
        size = len(self.names)
        table = token_table(doc)
        rows = [features(table, c, self.triggers, size) for c in candidates]
        return numpy.asarray(rows, dtype=numpy.float64).reshape(len(rows), size)

    def scores(self, doc: Doc, candidates: Sequence[Candidate]) -> numpy.ndarray:
        """The probability that each candidate states a fact."""
        z = self.matrix(doc, candidates) @ self.weights
        return 1.0 / (1.0 + numpy.exp(-z))

    def keep(self, doc: Doc, candidates: Sequence[Candidate]) -> list[bool]:
        if not candidates:
            return []
        return [bool(p >= self.threshold) for p in self.scores(doc, candidates)]


@cache
def shipped_gate() -> SentenceGate:
    """The gate in `assay/data/fact_gate.json`, loaded once per process."""
    return SentenceGate.load()
