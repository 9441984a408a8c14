"""A firm named once is named wherever its name recurs.

The small NER model tags a name by its context, so the same word can be a firm in one
sentence and nothing in the next ("Healthvest, a Maryland real estate investment trust,
said ..." untagged; "a 9.8 pct stake in Healthvest" tagged). Every other occurrence of an
organisation's name, written the same way or in the capitals of a headline, becomes a
mention of it, unless another entity covers it already. A name the model calls a firm in
one sentence and a person in another is one entity first (`one_type_per_name`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from assay.enrich.entities.companies import LEGAL_FORMS
from assay.enrich.entities.lexicon import BODY_TAILS, GENERIC_WORDS, NAME_STOP, ORG_HEADS
from assay.enrich.entities.spans import Cand, TokenView, is_title


def repeated_names(
    v: TokenView, chosen: list[Cand], headlines: list[tuple[int, int]]
) -> list[Cand]:
    """`chosen` plus a mention at each further occurrence of an organisation's name."""
    taken = {i for c in chosen for i in range(c.start, c.end)}
    lowered = {w for w in v.text if w.islower()}
    in_headline = {i for a, b in headlines for i in range(a, b)}
    forms: dict[tuple[str, ...], Cand] = {}
    for c in chosen:
        if c.type != "ORG" or c.chars is not None:
            continue
        span = _without_form(v.text[c.start : c.end])  # "Healthvest Inc" recurs as "Healthvest"
        if not all(is_title(w) or not w.isalpha() for w in span):
            continue
        if len(span) == 1 and not _distinct(span[0], lowered):
            continue
        if len(span) == 1 and span[0].isupper() and c.source not in ("kb", "acronym"):
            continue  # "FPSO": the small model's guess at a capitalised term
        forms.setdefault(tuple(span), c)
    # where each word stands, so that a name is looked for only where its first word is
    at: dict[str, list[int]] = {}
    for i, w in enumerate(v.text):
        at.setdefault(w, []).append(i)
    added: list[Cand] = []
    for words, c in forms.items():
        n = len(words)
        upper = tuple(w.upper() for w in words)
        starts = at.get(words[0], []) + [i for i in at.get(upper[0], []) if i in in_headline]
        for i in sorted(set(starts)):
            if any(j in taken for j in range(i, i + n)):
                continue
            found = tuple(v.text[i : i + n])
            if found != words and not (found == upper and i in in_headline):
                continue
            after = v.text[i + n] if i + n < len(v.text) else ""
            if found == words and is_title(after) and after.isalpha():
                continue  # "Healthvest Realty": part of a longer name
            if n == 1 and after.isalpha() and after.islower():
                continue  # "Sami reindeer herding": a word used of a thing, not the firm
            added.append(replace(c, start=i, end=i + n, chars=None))
            taken.update(range(i, i + n))
    added += _headline_first_words(v, forms, taken, in_headline, lowered)
    return chosen + added if added else chosen


_JOINERS = {"/", "-", "&", "+"}


def _headline_first_words(
    v: TokenView,
    forms: dict[tuple[str, ...], Cand],
    taken: set[int],
    in_headline: set[int],
    lowered: set[str],
) -> list[Cand]:
    """ "HARLOWE TRUST COMPLETES KESTREN PURCHASE" over "Kestren Cement": a headline shortens
    a firm the body names to its first word, when that word is the first of no other firm
    and no ordinary word of the text."""
    firsts: dict[str, list[Cand]] = {}
    for words, c in forms.items():
        if len(words) > 1 and words[0].isalpha() and _distinct(words[0], lowered):
            firsts.setdefault(words[0].upper(), []).append(c)
    out: list[Cand] = []
    for i in sorted(in_headline - taken):
        found = firsts.get(v.text[i])
        if not found or len({c.key for c in found}) > 1 or not v.text[i].isupper():
            continue
        if {v.text[i - 1] if i else "", v.text[i + 1] if i + 1 < len(v.text) else ""} & _JOINERS:
            continue  # "GULF/WESTERN": part of a name written with another word
        out.append(replace(found[0], start=i, end=i + 1, chars=None))
        taken.add(i)
    return out


def _distinct(word: str, lowered: set[str]) -> bool:
    """A one-word name that cannot be an ordinary word of this text."""
    low = word.lower()
    return (
        len(word) >= 4
        and low not in lowered
        and low not in NAME_STOP
        and low not in GENERIC_WORDS
        and word.isalpha()
    )


def headline_firm_prefixes(
    v: TokenView, chosen: list[Cand], headlines: list[tuple[int, int]]
) -> list[Cand]:
    """ "AMERICAN PRECISION <APR>" over "American Precision Industries Inc said": a country
    word opening a headline's run of words that begins a firm the body names is the firm's
    name, not the country."""
    in_headline = {i for a, b in headlines for i in range(a, b)}
    if not in_headline:
        return chosen
    firms = [
        c
        for c in chosen
        if c.type == "ORG"
        and c.chars is None
        and c.start not in in_headline
        and c.end - c.start > 1
    ]
    out: list[Cand] = []
    for c in chosen:
        if c.type == "COUNTRY" and c.chars is None and c.start in in_headline:
            firm, n = _opened_firm(v, c, firms, in_headline)
            if firm is not None:
                out.append(replace(firm, start=c.start, end=c.start + n))
                continue
        out.append(c)
    return out


def _opened_firm(
    v: TokenView, c: Cand, firms: list[Cand], in_headline: set[int]
) -> tuple[Cand | None, int]:
    """The body's firm whose first words the headline writes from `c` on, and how many."""
    for firm in firms:
        words = v.lower[firm.start : firm.end]
        n = 0
        while n < len(words) and c.start + n in in_headline and v.lower[c.start + n] == words[n]:
            n += 1
        if n > c.end - c.start and n >= 2:
            # whether the body says it of the country does not depend on the firm
            return (None, 0) if _said_of_the_country(v, c, in_headline) else (firm, n)
    return None, 0


def _said_of_the_country(v: TokenView, c: Cand, in_headline: set[int]) -> bool:
    """The body writes the country word before the headline's next word in lower case:
    "AUSTRALIAN WHEAT AREA TO FALL" over "Australian wheat plantings" is the country's
    wheat, though the Australian Wheat Board is named too."""
    k = c.end - c.start
    head = v.lower[c.start : c.end]
    nxt = v.lower[c.end] if c.end < len(v.lower) else ""
    return any(
        v.lower[i : i + k] == head and v.text[i + k] == nxt
        for i in range(len(v.text) - k)
        if i not in in_headline
    )


def one_type_per_name(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """A name the model tags as a firm in one sentence and as a person in another ("Lummock
    Crest said it ...", "a contract with Lummock Crest") names one thing. It is the person
    whose full name ends with it ("Pena Nieto" of "Enrique Pena Nieto"); else it takes the
    type that the KB, a legal form or a title gave it; else the type of most of its
    mentions: on a tie, a firm when a word of the name says so ("Holdings"), else the first
    mention's."""
    groups: dict[str, list[Cand]] = {}
    full_names: dict[str, Cand] = {}
    for c in chosen:
        plain = _plain(v, c)
        if c.type == "PERSON" and " " in c.name:
            full_names.setdefault(c.name.lower().split(" ", 1)[1], c)
        # a mention of another name ("Ford" of "Christine Ford" or of the KB's "Ford Motor")
        # is that entity's already
        if c.type in ("ORG", "PERSON") and c.chars is None and plain == c.name.lower():
            groups.setdefault(plain, []).append(c)
    for plain, cands in groups.items():
        types = {c.type for c in cands}
        if len(types) < 2:
            continue
        fixed = {c.type for c in cands if c.source != "ner"}
        person = full_names.get(plain)
        if person is not None and person.name.lower() != plain:
            model = person  # the names after the given name: "Pena Nieto", "Trump"
        elif len(fixed) > 1:
            continue
        else:
            count = Counter(c.type for c in cands)
            firm = any(w in ORG_HEADS or w in BODY_TAILS for w in plain.split())
            winner = (
                min(fixed)
                if fixed
                else max(types, key=lambda t: (count[t], t == "ORG" and firm, t == cands[0].type))
            )
            # the mention that fixed the type names the entity: "Lummock Crest Inc"
            model = min(cands, key=lambda c: (c.type != winner, c.source == "ner"))
        for c in cands:
            if c.key != model.key:
                c.type, c.key, c.name = model.type, model.key, model.name
                c.attrs = dict(model.attrs)
    return chosen


def _plain(v: TokenView, c: Cand) -> str:
    """A mention's words in lower case, without a legal form: "lummock crest"."""
    return " ".join(w.lower() for w in _without_form(v.text[c.start : c.end]) if not w.isspace())


def _without_form(words: list[str]) -> list[str]:
    """A name's words without the legal forms that end it ("Healthvest Inc")."""
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words = words[:-1]
    return words
