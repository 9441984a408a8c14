"""The model's attribute_ruler (tag -> POS and morphology, a few lemmas) as dictionary lookups.

spaCy's `AttributeRuler` runs a `Matcher` of its ~180 patterns over every token: on the
trigger sentences the fact extractor parses it cost about as much as the tagger and parser
together. Every pattern of `en_core_web_sm` tests one or two tokens on TAG, LOWER, DEP or
IS_SPACE, so the same rules are looked up by a token's tag and lowercase form instead, and
applied through spaCy's own setter in the ruler's order (a later pattern wins). The result
is the ruler's, attribute for attribute (tests/test_attribute_rules.py compares them).
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

# A token as the patterns see it: (TAG, LOWER, DEP, IS_SPACE).
_Key = tuple[str, str, str, bool]
_Test = Callable[[_Key], bool]
_FIELDS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_CACHE_MAX = 200_000
_FIX = ": install the pinned en_core_web_sm (make install)"
# What one token matches: rules alone, (rule, index) as a pair's first token, rules as a second.
_Rules = tuple[tuple[int, ...], tuple[tuple[int, int], ...], frozenset[int]]


class FastAttributeRuler:
    """Apply an `AttributeRuler`'s patterns without its Matcher (same output)."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.attrs = ruler.attrs  # normalised, as the ruler applies them
        self.strings = ruler.vocab.strings
        self._cache: dict[tuple[int, ...], _Rules] = {}
        self._merges: dict[tuple[int, ...], dict[int, Any]] = {}
        self.by_lower: dict[str, list[tuple[int, _Test]]] = {}
        self.by_tag: dict[str, list[tuple[int, _Test]]] = {}
        self.other: list[tuple[int, _Test]] = []
        # two-token patterns: (rule, first test, second test, index of the token set)
        self.pairs: list[tuple[int, _Test, _Test, int]] = []
        entries: list[dict[str, Any]] = list(ruler.patterns)
        for rule, entry in enumerate(entries):
            index = int(entry.get("index", 0))
            for pattern in entry["patterns"]:
                if not isinstance(pattern, list) or not 1 <= len(pattern) <= 2:
                    raise ModelError(
                        f"attribute rule {rule}: unsupported pattern {pattern!r}" + _FIX
                    )
                tests = [_compile(token) for token in pattern]
                if len(tests) == 2:
                    self.pairs.append((rule, tests[0], tests[1], index % 2))
                    continue
                if index not in (0, -1):
                    raise ModelError(f"attribute rule {rule}: index {index} of one token" + _FIX)
                spec = pattern[0]
                if isinstance(spec.get("LOWER"), str):
                    self.by_lower.setdefault(spec["LOWER"], []).append((rule, tests[0]))
                elif isinstance(spec.get("TAG"), str):
                    self.by_tag.setdefault(spec["TAG"], []).append((rule, tests[0]))
                else:
                    self.other.append((rule, tests[0]))

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        seen = [self._rules_of(tuple(row)) for row in rows]
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

    def _rules_of(self, row: tuple[int, ...]) -> _Rules:
        """The rules one token matches alone, and as the first or second of a pair."""
        rules = self._cache.get(row)
        if rules is None:
            if len(self._cache) >= _CACHE_MAX:
                self._cache.clear()  # a long-running worker's vocabulary keeps growing
            strings = self.strings
            key = (strings[row[0]], strings[row[1]], strings[row[2]], bool(row[3]))
            own: list[int] = []
            for candidates in (self.by_lower.get(key[1]), self.by_tag.get(key[0]), self.other):
                own += [rule for rule, test in candidates or () if test(key)]
            firsts = tuple((rule, index) for rule, first, _, index in self.pairs if first(key))
            seconds = frozenset(rule for rule, _, second, _ in self.pairs if second(key))
            rules = self._cache[row] = (tuple(own), firsts, seconds)
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


def _compile(spec: dict[str, Any]) -> _Test:
    """One token pattern as a test on a token's (TAG, LOWER, DEP, IS_SPACE)."""
    checks: list[Callable[[_Key], bool]] = []
    for name, value in spec.items():
        if name not in _FIELDS:
            raise ModelError(f"attribute pattern {spec!r}: unsupported attribute {name}" + _FIX)
        field = _FIELDS[name]
        checks.append(_check(field, value, spec))
    return lambda key: all(check(key) for check in checks)


def _check(field: int, value: Any, spec: dict[str, Any]) -> Callable[[_Key], bool]:
    if not isinstance(value, dict):
        return lambda key: key[field] == value
    if len(value) != 1:
        raise ModelError(f"attribute pattern {spec!r}: one operator per attribute" + _FIX)
    ((op, arg),) = value.items()
    if op == "IN":
        members = frozenset(arg)
        return lambda key: key[field] in members
    if op == "NOT_IN":
        excluded = frozenset(arg)
        return lambda key: key[field] not in excluded
    if op == "REGEX":
        search = re.compile(arg).search
        return lambda key: search(key[field]) is not None
    raise ModelError(f"attribute pattern {spec!r}: unsupported operator {op}" + _FIX)


@Language.factory("fast_attribute_ruler")
def make_fast_attribute_ruler(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The pipeline's `attribute_ruler`, applied by lookup; add it after that pipe."""
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler):
        raise ModelError("fast_attribute_ruler needs the pipeline's attribute_ruler" + _FIX)
    return FastAttributeRuler(ruler)
