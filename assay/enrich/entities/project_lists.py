"""Facilities named in a list before one plural kind word: "the Valhall and Ula fields",
"the Armstrong, Mitchell and Keystone plants": each name is a project."""

from __future__ import annotations

from assay.enrich.entities.lexicon import NAME_STOP
from assay.enrich.entities.spans import Cand, TokenView, is_title
from assay.enrich.kb import slugify

_LONGEST = 3  # words in one listed name


def follows_a_list(v: TokenView, start: int) -> bool:
    """The name at `start` ends a list: "Valhall and Ula", "Brackwater, Farrow, and Halden"."""
    before = start - 3 if start >= 3 and v.text[start - 2] == "," else start - 2
    return before >= 0 and v.lower[start - 1] == "and" and is_title(v.text[before])


def listed_before(v: TokenView, start: int, covered: dict[int, Cand], kind: str) -> list[Cand]:
    """The names listed before the facility name that begins at `start` (which
    `follows_a_list`), nearest first; a known place, firm or project ends the list."""
    out: list[Cand] = []
    j = start - 1  # the list's "and", then each comma before it
    while True:
        j -= 1
        if v.lower[j] == ",":  # "A, B, and C"
            j -= 1
        first = _name_start(v.text, j)
        if first is None or any(i in covered for i in range(first, j + 1)):
            break
        name = " ".join(v.doc[first : j + 1].text.split())
        out.append(Cand(first, j + 1, f"project:{slugify(name)}", "PROJECT", name, "pattern",
                        {"kind": kind}))  # fmt: skip
        j = first - 1
        if j < 1 or v.text[j] != ",":
            break
    return out


def _name_start(text: list[str], last: int) -> int | None:
    """The first token of a name of title words ending at `last` ("North Rankin"); an
    owner's possessive ends it ("Westar Timber's Skeena and Celgar mills")."""
    i = last
    while i >= 0 and last - i < _LONGEST:
        word = text[i]
        if not is_title(word) or word.lower() in NAME_STOP:
            break
        i -= 1
    first = i + 1
    return first if first <= last else None
