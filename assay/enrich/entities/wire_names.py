"""Names the wire marks with angle brackets: "<Pipe Fitters' National Pension Fund>", and
the names its tickers follow: "Total Petroleum NA <TPN>".

Reuters brackets the names of firms that have no ticker. The bracket bounds the name where
the small NER model splits it ("Pipe Fitters'" and "National Pension Fund>"). Names
that end in a legal form are left to the company rule, which reads them the same way. A
ticker in brackets follows a listed firm's name, which the model misses when the name has no
legal form it knows ("Total Petroleum NA <TPN> shut down ...").
"""

from __future__ import annotations

from collections.abc import Callable

from assay.enrich.entities.companies import LEGAL_FORMS
from assay.enrich.entities.spans import (
    FORM_WITH_PERIOD,
    Cand,
    TokenView,
    bracketed_ticker,
    is_title,
    line_wrap,
    org_cand,
)
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
        if inner[-1] in LEGAL_FORMS and not any(w in ("'s", "’s") for w in inner):
            continue  # the company rule reads it, but not across a possessive ("Scott's")
        # named without its legal form, as the company rule names firms
        last = end - 1 if inner[-1] in LEGAL_FORMS else end
        name = v.doc[i + 1 : last].text
        out.append(org_cand(i + 1, end, name, "pattern", lookup(name)))
    return out


_INNER = frozenset({"&", "of", "de", "du", "van", "von"})
_LEADING = frozenset({"the", "a", "an"})
# A legal form with its period ends the name before it ("First Boston Corp. Rollins ...").
_ENDS_NAME = FORM_WITH_PERIOD | {"co."}
_LONGEST_BEFORE = 8  # tokens of a name before its ticker, line wraps included


def ticker_names(v: TokenView, lookup: Callable[[str], KBEntry | None]) -> list[Cand]:
    """One ORG candidate per run of two or more capitalised words right before a ticker, on a
    line of prose only (a headline in capitals, "TOTAL PETROLEUM <TPN> SHUTS", names nothing
    by case) and without a legal form (the company rule reads "Texaco Inc <TX>")."""
    text = v.text
    out: list[Cand] = []
    for i in range(1, len(text) - 2):
        if text[i] != "<" or not bracketed_ticker(text, i + 1):
            continue
        start = i
        while start > 0 and i - start < _LONGEST_BEFORE:
            word = text[start - 1]
            if line_wrap(word) and start > 1 and start < i:
                start -= 1  # the wire's line wrap inside a name: "Home Federal Bank of\nFlorida"
                continue
            if not (is_title(word) or (word in _INNER and start < i)) or "-" in word:
                break
            if word in LEGAL_FORMS or word.lower() in _ENDS_NAME:
                break  # the name before ends there: "First Boston Corp. Rollins Environmental"
            start -= 1
        while start < i and (
            text[start] in _INNER or text[start].lower() in _LEADING or line_wrap(text[start])
        ):
            start += 1
        words = [w for w in text[start:i] if not line_wrap(w)]
        if len(words) < 2 or not _in_prose(v, i):
            continue
        last = words[-1]
        if not last[:1].isupper() or last in LEGAL_FORMS or last.lower() in _ENDS_NAME:
            continue  # a legal form: the company rule reads the name, and where it begins
        name = " ".join(v.doc[start:i].text.split())
        out.append(org_cand(start, i, name, "pattern", lookup(name)))
    return out


def _in_prose(v: TokenView, i: int) -> bool:
    """The ticker's line has words in lower case: the body ("ESSO SAF <ESSF.PA>, the French
    subsidiary of ..."), not a headline in capitals."""
    text = v.text
    start = i
    while start > 0 and "\n" not in text[start - 1]:
        start -= 1
    end = i
    while end < len(text) and "\n" not in text[end]:
        end += 1
    return any(ch.islower() for w in text[start:end] for ch in w)
