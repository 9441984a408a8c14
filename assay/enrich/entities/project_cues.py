"""Names NER took for a company or a person that the words around them call a facility:
"a drilling platform, called Platform Gail", "Kittiwake - the only field in the cluster"."""

from __future__ import annotations

from assay.enrich.entities.lexicon import DETERMINERS, PROJECT_KINDS
from assay.enrich.entities.projects import facility_key
from assay.enrich.entities.spans import Cand, TokenView
from assay.enrich.kb import slugify

_CALLED = {"called", "named", "dubbed"}


def called_facilities(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """ "a drilling platform, called Platform Gail", "a new mine named Tyranite": the name a
    facility is given is a project, whatever NER took it for."""
    for c in chosen:
        if c.source != "ner" or c.type not in ("ORG", "PERSON") or c.start < 2:
            continue
        if v.lower[c.start - 1] not in _CALLED:
            continue
        before = [w for w in v.lower[max(0, c.start - 4) : c.start - 1] if w not in (",", "\n")]
        kind = next((PROJECT_KINDS[w] for w in reversed(before) if w in PROJECT_KINDS), None)
        if kind is not None:
            c.type, c.key = "PROJECT", facility_key(f"project:{slugify(c.name)}", kind)
            c.attrs = {"kind": kind}
    return chosen


# What may stand between a name and the facility an apposition calls it: "Kittiwake, the only
# oil field", "Hog Ranch - a small gold mine".
_APPOSITION = frozenset({",", "-", "--", "—", "–"})
# After the kind word, an apposition ends or goes on to say where or whose the facility is.
_AFTER_KIND = frozenset({
    ",", ".", ";", "-", "--", "—", "–", ")", "in", "at", "near", "off", "of", "on", "that",
    "which", "owned", "operated", "run", "where", "\n",
})  # fmt: skip


def described_facilities(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """ "Kittiwake - the only field in the Gannet cluster", "Hog Ranch, a gold mine in
    Nevada": a name an apposition calls a facility is a project, whatever NER took it for."""
    for c in chosen:
        if c.source != "ner" or c.type not in ("ORG", "PERSON"):
            continue
        kind = _apposed_kind(v, c.end)
        if kind is not None:
            c.type, c.key = "PROJECT", facility_key(f"project:{slugify(c.name)}", kind)
            c.attrs = {"kind": kind}
    return chosen


def _apposed_kind(v: TokenView, end: int) -> str | None:
    """The facility kind of an apposition right after a name: ", the only field in"."""
    n = len(v.lower)
    if end + 2 >= n or v.lower[end] not in _APPOSITION or v.lower[end + 1] not in DETERMINERS:
        return None
    for i in range(end + 2, min(end + 6, n)):
        word = v.lower[i]
        if word in PROJECT_KINDS:
            after = v.lower[i + 1] if i + 1 < n else "."
            return PROJECT_KINDS[word] if after in _AFTER_KIND else None
        if not (word.isalpha() and v.text[i].islower()):
            return None  # a name or a figure: "the Shell-Esso Gannet cluster"
    return None
