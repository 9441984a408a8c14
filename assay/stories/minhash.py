"""Near-duplicate signatures: MinHash over word 5-shingles and its LSH band keys.

Syndicated wire copies differ by a few words (a dateline, a credit line, an edit). With
128 permutations, LSH banding at threshold 0.3 (37 bands of 3) finds copies with 3-5% of
words changed even in 60-word stories, whose Jaccard can fall to ~0.5 (at 0.5, 25 bands of
5 missed 14% of them on Reuters); candidates are then confirmed on the estimated Jaccard
and on the word-sequence ratio. The store keeps each article's `LeanMinHash` bytes and
band keys, so the index survives across runs (see `assay/stories/clusters.py`).

datasketch is imported where it is used: it pulls in scipy, which costs a second at startup.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import LeanMinHash

NUM_PERM = 128
SHINGLE = 5
SEED = 1
# A copy keeps its words in order with scattered edits (ratio ~0.95 at 5% edits); two short
# stories sharing a long footer match only on the footer, so their ratio stays low even
# when the footer lifts their shingle Jaccard over the threshold.
WORD_RATIO = 0.8

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """Lower-cased word tokens; punctuation and spacing differences do not count."""
    return _WORD.findall(text.lower())


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Word k-shingles of `text` as UTF-8 bytes; a text shorter than k words is one shingle."""
    toks = words(text)
    if len(toks) <= k:
        return {" ".join(toks).encode("utf-8")} if toks else set()
    return {" ".join(toks[i : i + k]).encode("utf-8") for i in range(len(toks) - k + 1)}


def signatures(texts: Sequence[str]) -> list[LeanMinHash]:
    """One LeanMinHash per text (128 permutations, seed 1), computed in bulk."""
    from datasketch import LeanMinHash, MinHash

    hashes = MinHash.bulk([shingles(t) for t in texts], num_perm=NUM_PERM, seed=SEED)
    return [LeanMinHash(m) for m in hashes]


def to_bytes(sig: LeanMinHash) -> bytes:
    """The serialised form stored in `articles.minhash`."""
    buf = bytearray(sig.bytesize())
    sig.serialize(buf)
    return bytes(buf)


def from_bytes(data: bytes) -> LeanMinHash:
    """The signature stored by `to_bytes`."""
    from datasketch import LeanMinHash

    return LeanMinHash.deserialize(data)


def hashvalues(data: bytes) -> np.ndarray:
    """The permutation minima of a stored signature, without building a LeanMinHash."""
    return np.asarray(from_bytes(data).hashvalues)


def word_ratio(a: str, b: str) -> float:
    """difflib's similarity of the two word sequences: 2 * matched words / all words."""
    return difflib.SequenceMatcher(None, words(a), words(b), autojunk=False).ratio()


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Share of equal minima: an unbiased estimate of the shingle-set Jaccard similarity."""
    return float(np.count_nonzero(a == b)) / len(a)


@functools.lru_cache(maxsize=16)
def lsh_params(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows per band) minimising false positives + negatives at `threshold`."""
    from datasketch.lsh import _optimal_param

    bands, rows = _optimal_param(threshold, num_perm, 0.5, 0.5)
    return int(bands), int(rows)


def band_keys(values: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """(band, signed 64-bit hash) for each LSH band of a signature's minima."""
    bands, rows = lsh_params(threshold, len(values))
    raw = np.ascontiguousarray(values, dtype=np.uint32)
    keys = []
    for band in range(bands):
        chunk = raw[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "little", signed=True)))
    return keys
