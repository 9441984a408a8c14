"""Sector features: folded word n-grams, weighted taxonomy hits and entity hints.

Training and prediction compute features with these same functions:

- word unigrams and bigrams, looked up in a vocabulary learned at training time
  (1 + log tf, L2-normed over the grams found),
- taxonomy hits: per sector, the summed weights of `data/sectors/taxonomy.json` terms found in
  the title and in the body, plus their density (27 features),
- entity hints: commodity groups and ORG sector hints from the entity linker add to the body
  hits of the sector they point to, so the model works with or without entities.

Only numpy and the standard library: predicting needs neither spaCy nor scikit-learn.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from assay.errors import ModelError
from assay.models import SECTORS, Entity

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "sectors"
TAXONOMY_PATH = DATA_DIR / "taxonomy.json"
SLUGS: tuple[str, ...] = tuple(SECTORS)
MAX_TOKENS = 400  # the lead carries the topic; a cap keeps predict time flat on long articles
MAX_CHARS = 4000  # tokenise no more than this: MAX_TOKENS words fit with room to spare
N_EXTRA = 3 * len(SLUGS)

_WORD = re.compile(r"[a-z0-9]+")

# Commodity groups (entity attrs) and the sector each one is evidence for.
GROUP_SECTORS: dict[str, str] = {
    "rare-earth": "rare-earths-commodities",
    "light-ree": "rare-earths-commodities",
    "heavy-ree": "rare-earths-commodities",
    "critical-minerals": "rare-earths-commodities",
    "battery-metal": "ev-battery",
    "battery-material": "ev-battery",
    "platinum-group": "mining-metals",
    "semiconductor": "ai-semiconductors",
    "solar": "esg-renewables",
    "renewables": "esg-renewables",
}
# Materials tagged "energy" are oil-gas only when they are hydrocarbons: uranium, ammonia and
# electricity carry the same tag.
ENERGY_KEYS = frozenset({
    "crude-oil", "brent", "wti", "natural-gas", "lng", "lpg", "gasoline", "diesel", "jet-fuel",
    "fuel-oil", "naphtha",
})  # fmt: skip
ENTITY_HINT_WEIGHT = 2.0
MAX_HINTS_PER_ENTITY = 3  # many mentions of one entity should not swamp the text evidence

Vector = npt.NDArray[np.float64]


def fold(token: str) -> str:
    """Fold a simple English plural so 'batteries' and 'battery' are one feature."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokenize(text: str) -> list[str]:
    """Lower-cased, plural-folded word tokens; hyphens and punctuation split words."""
    return [fold(t) for t in _WORD.findall(text.lower())]


@dataclass(frozen=True)
class Taxonomy:
    """Weighted sector terms, matched on folded word n-grams (n <= 3)."""

    terms: dict[str, Vector]
    heads: frozenset[str]  # first words of multi-word terms: skip n-gram joins otherwise
    digest: str

    @classmethod
    def load(cls, path: Path = TAXONOMY_PATH) -> Taxonomy:
        """Read taxonomy.json; raise ModelError when it is missing or malformed."""
        try:
            raw = path.read_bytes()
            data = json.loads(raw)
            sectors = data["sectors"]
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"Cannot read sector taxonomy {path}: {exc}.") from None
        terms: dict[str, Vector] = {}
        for slug, spec in sectors.items():
            if slug not in SECTORS:
                raise ModelError(f"Unknown sector '{slug}' in {path}; use one of {list(SLUGS)}.")
            col = SLUGS.index(slug)
            for term, weight in spec["terms"].items():
                key = " ".join(tokenize(term))
                if not key:
                    continue
                vec = terms.setdefault(key, np.zeros(len(SLUGS)))
                vec[col] = max(vec[col], float(weight))
        heads = frozenset(k.split(" ", 1)[0] for k in terms if " " in k)
        return cls(terms, heads, hashlib.sha256(raw).hexdigest()[:16])

    def hits(self, tokens: Sequence[str]) -> Vector:
        """Summed term weights per sector over `tokens`."""
        total = np.zeros(len(SLUGS))
        terms, heads = self.terms, self.heads
        n = len(tokens)
        for i, tok in enumerate(tokens):
            vec = terms.get(tok)
            if vec is not None:
                total += vec
            if tok in heads:
                for j in (i + 2, i + 3):
                    if j <= n:
                        vec = terms.get(" ".join(tokens[i:j]))
                        if vec is not None:
                            total += vec
        return total


def entity_hints(entities: Iterable[Entity]) -> Vector:
    """Extra taxonomy weight per sector from commodity groups and ORG sector hints."""
    total = np.zeros(len(SLUGS))
    for ent in entities:
        slugs: set[str] = set()
        attrs = ent.attrs or {}
        if ent.type == "COMMODITY":
            for group in _as_list(attrs.get("groups")):
                if group in GROUP_SECTORS:
                    slugs.add(GROUP_SECTORS[group])
            if ent.key.split(":", 1)[-1] in ENERGY_KEYS:
                slugs.add("oil-gas")
        for hint in _as_list(attrs.get("sectors")):  # ORG sector hints from the knowledge base
            if hint in SECTORS:
                slugs.add(hint)
        count = min(max(len(ent.mentions), 1), MAX_HINTS_PER_ENTITY)
        for slug in slugs:
            total[SLUGS.index(slug)] += ENTITY_HINT_WEIGHT * count
    return total


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def ngrams(tokens: Sequence[str], stop_words: Collection[str] = ()) -> Counter[str]:
    """Unigram and bigram counts without `stop_words`, numbers and single letters.

    With a few hundred training texts, words like "in" and "for" pick up sector weights by
    chance, so training drops them. A stop word then splits bigrams ("nickel in Indonesia"
    gives no "nickel indonesia"), and no gram holding one is in the vocabulary: prediction
    finds the same grams with or without the stop list, and so needs none.
    """
    keep = [t if len(t) > 1 and t not in stop_words and not t.isdigit() else "" for t in tokens]
    grams = Counter(t for t in keep if t)
    grams.update(f"{a} {b}" for a, b in pairwise(keep) if a and b)
    return grams


def extra_features(
    taxonomy: Taxonomy, title_tokens: Sequence[str], body_tokens: Sequence[str], hints: Vector
) -> Vector:
    """The 27 dense features: log body hits, log title hits, hit density, per sector."""
    body = taxonomy.hits(body_tokens) + hints
    title = taxonomy.hits(title_tokens)
    density = np.minimum(body / (len(body_tokens) + 20.0) * 10.0, 3.0)
    return np.concatenate([np.log1p(body), np.log1p(title), density])


def prepare(title: str, text: str) -> tuple[list[str], list[str]]:
    """Title tokens and capped body tokens, as both training and prediction see them."""
    return tokenize(title), tokenize(text[:MAX_CHARS])[:MAX_TOKENS]
