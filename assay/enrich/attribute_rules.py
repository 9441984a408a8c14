"""The model's attribute_ruler (tag -> POS and morphology, a few lemmas) as dictionary lookups.

spaCy's `AttributeRuler` runs a `Matcher` of its ~180 patterns over every token: on the
trigger sentences the fact extractor parses it cost about as much as the tagger and parser
together. Every pattern of `en_core_web_sm` tests one or two tokens on TAG, LOWER, DEP or
IS_SPACE, so each token's matches are found from four cached bitmasks (one per attribute
value: the patterns that value allows) and applied through spaCy's own setter in the
ruler's order (a later pattern wins). The output is the ruler's, attribute for attribute
(tests/test_attribute_rules.py compares them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

from assay.errors import ModelError

_FIELDS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_CACHE_MAX = 200_000  # values per attribute; a long-running worker's vocabulary keeps growing
_FIX = ": install the pinned en_core_web_sm (make install)"
# What one token matches: rules alone, (rule, index) as a pair's first token, rules as a second.
_Rules = tuple[tuple[int, ...], tuple[tuple[int, int], ...], frozenset[int]]
_Check = Callable[[Any], bool]


class FastAttributeRuler:
    """Apply an `AttributeRuler`'s patterns without its Matcher (same output)."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.attrs = ruler.attrs  # normalised, as the ruler applies them
        self.strings = ruler.vocab.strings
        # One unit per token pattern, one bit each: ("own", rule, 0) for a one-token
        # pattern, ("first", rule, index) and ("second", rule, 0) for the two of a pair.
        self.units: list[tuple[str, int, int]] = []
        self.free = [0, 0, 0, 0]  # per attribute: units that do not test it
        self.exact: list[dict[str, int]] = [{}, {}, {}, {}]  # units that test equality
        self.checks: list[list[tuple[int, _Check]]] = [[], [], [], []]  # IN, NOT_IN, REGEX
        self._masks: list[dict[int, int]] = [{}, {}, {}, {}]
        self._decoded: dict[int, _Rules] = {}
        self._merges: dict[tuple[int, ...], dict[int, Any]] = {}
        entries: list[dict[str, Any]] = list(ruler.patterns)
        for rule, entry in enumerate(entries):
            index = int(entry.get("index", 0))
            for pattern in entry["patterns"]:
                if not isinstance(pattern, list) or not 1 <= len(pattern) <= 2:
                    raise ModelError(f"attribute rule {rule}: unsupported pattern" + _FIX)
                if len(pattern) == 1 and index not in (0, -1):
                    raise ModelError(f"attribute rule {rule}: index {index} of one token" + _FIX)
                if len(pattern) == 1:
                    self._add(("own", rule, 0), pattern[0])
                else:
                    self._add(("first", rule, index % 2), pattern[0])
                    self._add(("second", rule, 0), pattern[1])

    def _add(self, unit: tuple[str, int, int], spec: dict[str, Any]) -> None:
        bit = 1 << len(self.units)
        self.units.append(unit)
        for name in spec:
            if name not in _FIELDS:
                raise ModelError(f"attribute pattern {spec!r}: unsupported {name}" + _FIX)
        for field, name in enumerate(_FIELDS):
            if name not in spec:
                self.free[field] |= bit
            elif isinstance(spec[name], str):
                self.exact[field][spec[name]] = self.exact[field].get(spec[name], 0) | bit
            else:
                self.checks[field].append((bit, _check(spec[name], spec)))

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        tags, lowers, deps, spaces = self._masks
        decoded = self._decoded
        seen: list[_Rules] = []
        for tag, lower, dep, space in rows:
            mask = (
                (tags.get(tag) or self._mask(0, tag))
                & (lowers.get(lower) or self._mask(1, lower))
                & (deps.get(dep) or self._mask(2, dep))
                & (spaces.get(space) or self._mask(3, space))
            )
            seen.append(decoded.get(mask) or self._decode(mask))
        found: list[list[int]] = [list(own) for own, _, _ in seen]
        # every match is found on the tokens as tagged, before any rule is applied
        for i in range(len(seen) - 1):
            firsts = seen[i][1]
            if firsts:
                seconds = seen[i + 1][2]
                for rule, index in firsts:
                    if rule in seconds:
                        found[i + index].append(rule)
        for i, hits in enumerate(found):
            if hits:
                set_token_attrs(doc[i], self._merged(tuple(sorted(hits))))
        return doc

    def _mask(self, field: int, value: int) -> int:
        """The units that attribute `field` with value `value` (a string's hash) allows."""
        masks = self._masks[field]
        if len(masks) >= _CACHE_MAX:
            masks.clear()
        text: Any = bool(value) if field == 3 else self.strings[value]
        mask = self.free[field] | self.exact[field].get(text, 0)
        for bit, check in self.checks[field]:
            if check(text):
                mask |= bit
        masks[value] = mask | (1 << len(self.units))  # a set top bit: never 0, so `or` caches
        return masks[value]

    def _decode(self, mask: int) -> _Rules:
        own: list[int] = []
        firsts: list[tuple[int, int]] = []
        seconds: set[int] = set()
        for u, (kind, rule, index) in enumerate(self.units):
            if mask >> u & 1:
                if kind == "own":
                    own.append(rule)
                elif kind == "first":
                    firsts.append((rule, index))
                else:
                    seconds.add(rule)
        rules = self._decoded[mask] = (tuple(own), tuple(firsts), frozenset(seconds))
        return rules

    def _merged(self, hits: tuple[int, ...]) -> dict[int, Any]:
        """The attributes the rules `hits` set, a later rule overriding an earlier one."""
        merged = self._merges.get(hits)
        if merged is None:
            merged = {}
            for rule in hits:
                merged.update(self.attrs[rule])
            self._merges[hits] = merged
        return merged


def _check(value: Any, spec: dict[str, Any]) -> _Check:
    """A test of one attribute's value, from a pattern's operator (IN, NOT_IN, REGEX, ==)."""
    if not isinstance(value, dict):
        return lambda v: bool(v == value)
    if len(value) != 1:
        raise ModelError(f"attribute pattern {spec!r}: one operator per attribute" + _FIX)
    ((op, arg),) = value.items()
    if op == "IN":
        members = frozenset(arg)
        return lambda v: v in members
    if op == "NOT_IN":
        excluded = frozenset(arg)
        return lambda v: v not in excluded
    if op == "REGEX":
        search = re.compile(arg).search
        return lambda v: search(v) is not None
    raise ModelError(f"attribute pattern {spec!r}: unsupported operator {op}" + _FIX)


@Language.factory("fast_attribute_ruler")
def make_fast_attribute_ruler(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The pipeline's `attribute_ruler`, applied by lookup; add it after that pipe."""
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler):
        raise ModelError("fast_attribute_ruler needs the pipeline's attribute_ruler" + _FIX)
    return FastAttributeRuler(ruler)
