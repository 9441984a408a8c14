"""Firms named after their partners: "Kidder, Peabody and Co", "Pike, Reedham and Cawley".

The small NER model cuts such names at their commas and takes the surnames for places or
people ("Reedham" GPE, "Peabody" ORG). Two shapes are read as one firm:

- a legal form after the last partner ("Dillon, Read and Co Inc"), where the comma before
  the name would otherwise end it: `partners_start` moves the start back over the partners;
- no legal form, but an apposition that says what the name is ("Pike, Reedham and Cawley,
  a New York brokerage partnership"): `partnership_candidates`. Later mentions of the same
  words, and of the first two partners alone ("Pike Reedham said"), are the same firm.

A list of known places, countries or months ("France, Italy and Canada") is never a firm.
"""

from __future__ import annotations

from collections.abc import Callable

from assay.enrich.entities.lexicon import (
    BODY_TAILS,
    CALENDAR_WORDS,
    FIRM_KINDS,
    NAME_STOP,
    ORG_HEADS,
)
from assay.enrich.entities.spans import Cand, TokenView, is_title, org_cand

# Words that open a sentence before a comma ("Meanwhile, Acme and Co said"): no partner.
_OPENERS = frozenset({
    "however", "meanwhile", "separately", "also", "still", "yet", "instead", "moreover",
    "furthermore", "nevertheless", "today", "yesterday", "earlier", "later", "now", "then",
    "thus", "finally", "additionally", "overall", "so", "indeed", "elsewhere", "initially",
    "currently", "previously", "accordingly", "consequently", "similarly", "besides",
})  # fmt: skip
# A partner is a surname: a word that names a kind of firm ends a name of its own ("Chemical
# Bank, Morgan Guaranty Trust Co" are two banks).
_NOT_PARTNER = (
    NAME_STOP
    | CALENDAR_WORDS
    | _OPENERS
    | ORG_HEADS
    | BODY_TAILS
    | {"inc", "corp", "co", "ltd", "said", "trust", "securities", "fund", "international"}
)
_OPENING_MARKS = frozenset({'"', "“", "(", ":", "-", "--"})


def _partner(word: str, other: Callable[[str], bool]) -> bool:
    """A partner's surname: a capitalised word that is no date, sentence opener or `other`
    name (a place)."""
    return is_title(word) and word.lower() not in _NOT_PARTNER and not other(word)


def _opens(v: TokenView, i: int) -> bool:
    """Token `i` starts a clause: the text's or a sentence's start, a line, or a quote."""
    if i == 0 or v.sent_start[i]:
        return True
    before = v.text[i - 1]
    return (before.isspace() and "\n" in before) or before in _OPENING_MARKS


def partners_start(v: TokenView, start: int, end: int, is_place: Callable[[str], bool]) -> int:
    """Where a firm's name that starts at `start` really starts, given the partners that may
    stand before it, each followed by a comma: "Kidder, Peabody and Co", "led by Warburg,
    Pincus Capital Co", "Merrill Lynch, Pierce, Fenner and Smith Inc". `start` when none do.

    The partners are read only where a lower-case word or a clause's start precedes them, so
    "In London, Acme Plc" keeps "Acme Plc". At a clause's start the name must be a
    partnership ("X, Y and Co"): "Crowley, Acme Plc said" is a place and a firm.
    """
    text = v.text
    partnership = any(w in ("and", "&") for w in text[start:end])
    best, s = start, start
    while s >= 2 and text[s - 1] == "," and _partner(text[s - 2], is_place):
        s -= 2
        if s >= 1 and _partner(text[s - 1], is_place):
            s -= 1  # a partner of two words: "Merrill Lynch"
        before = text[s - 1] if s > 0 else ""
        if (before.isalpha() and before.islower()) or (partnership and _opens(v, s)):
            best = s
    return best


def partnership_candidates(v: TokenView, known: Callable[[str], bool]) -> list[Cand]:
    """ "Pike, Reedham and Cawley, a New York brokerage": one firm, and its later mentions.
    No partner may be a name `known` otherwise ("Lynas, Iluka and Arafura, the group")."""
    text, n = v.text, len(v.text)
    found: list[tuple[int, int, list[str]]] = []
    for i in range(n - 4):
        if text[i + 1] != "," or not _partner(text[i], known):
            continue
        if i > 0 and (text[i - 1] == "," or _partner(text[i - 1], known)):
            continue  # not the first partner
        parts, j = [text[i]], i + 2
        while j + 1 < n and _partner(text[j], known) and text[j + 1] == ",":
            parts.append(text[j])  # "Aske, Bury, Coyle and Dunn"
            j += 2
        if j < n and _partner(text[j], known):
            parts.append(text[j])  # "Aske, Bury and Coyle" has no comma before "and"
            j += 1
        if j + 1 >= n or text[j] not in ("and", "&") or not _partner(text[j + 1], known):
            continue
        parts.append(text[j + 1])
        end = j + 2
        if text[j - 1] == "," or len(parts) > 4 or not _called_firm(v, end):
            continue  # "Exxon, Mobil, and Chevron": a list has the serial comma, a firm not
        found.append((i, end, parts))
    out: list[Cand] = []
    for i, end, parts in found:
        name = " ".join(v.doc[i:end].text.split())
        out.append(org_cand(i, end, name, "pattern"))
        key = out[-1].key
        out += [Cand(s, e, key, "ORG", name, "pattern") for s, e in _mentions(v, parts, i, end)]
    return out


def _called_firm(v: TokenView, end: int) -> bool:
    """ "..., a New York brokerage partnership," follows the name at `end`."""
    text = v.text
    if end + 1 >= len(text) or text[end] != "," or v.lower[end + 1] not in ("a", "an", "the"):
        return False
    for k in range(end + 2, min(len(text), end + 8)):
        if v.lower[k] in FIRM_KINDS:
            return True
        if text[k] == "," or v.sent_start[k]:
            return False
    return False


def _mentions(v: TokenView, parts: list[str], first: int, end: int) -> list[tuple[int, int]]:
    """Other mentions of the firm: the same words again, or the first two partners alone."""
    text, name = v.text, v.text[first:end]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(text) - 1:
        if i != first and text[i : i + len(name)] == name:
            out.append((i, i + len(name)))
        elif i != first and text[i] == parts[0] and text[i + 1] == parts[1]:
            out.append((i, i + 2))  # "Pike Reedham said"
        else:
            i += 1
            continue
        i = out[-1][1]
    return out
