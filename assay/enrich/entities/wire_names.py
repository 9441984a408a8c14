"""Names the wire marks with angle brackets: "<Pipe Fitters' National Pension Fund>".

Reuters brackets the names of firms that have no ticker. The bracket bounds the name where
the small NER model splits it ("Pipe Fitters'" and "National Pension Fund>"). Names
that end in a legal form are left to the company rule, which reads them the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from assay.enrich.entities.companies import LEGAL_FORMS
from assay.enrich.entities.spans import Cand, TokenView, is_title, org_cand
from assay.enrich.kb import KBEntry

_LONGEST = 8  # words in a bracketed name


def bracketed_names(v: TokenView, lookup: Callable[[str], KBEntry | None]) -> list[Cand]:
    """One ORG candidate per bracketed name of two words or more without a legal form."""
    text = v.text
    out: list[Cand] = []
    for i, word in enumerate(text):
        if word != "<":
            continue
        end = next((j for j in range(i + 1, min(len(text), i + _LONGEST + 2)) if text[j] == ">"), 0)
        inner = text[i + 1 : end]
        if len(inner) < 2 or not is_title(inner[0]) or any("\n" in w or "<" in w for w in inner):
            continue
        if not any(ch.islower() for w in inner for ch in w):
            continue  # a ticker or a name in capitals
        if inner[-1] in LEGAL_FORMS:
            continue
        name = v.doc[i + 1 : end].text
        out.append(org_cand(i + 1, end, name, "pattern", lookup(name)))
    return out
