"""Company names by their legal form, headline noise, and the wire sign-off.

- "Midlantic Corp said", "<GNB Inc> of Minnesota": a capitalised run ending in a legal form
  is a company even where the small NER model sees nothing; the mention keeps the form
  ("Nucell Inc"), the entity name drops it.
- A headline in capitals or Title Case ("YEUTTER DOUBTS JAPAN CAN AVOID U.S. SANCTIONS",
  "Trump Authorizes Sanctions Against Turkey") gives the NER model nothing to go on: its
  guesses there are kept only when the body names the same thing.
- "Reuter" closing a wire story is a sign-off, not a mention of the agency.
- "US Chamber of Commerce", "U.N. Security Council": an abbreviated country or body before
  an institution is part of its name.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assay.enrich.entities.lexicon import (
    COMPANY_SUFFIX,
    DESCRIPTORS,
    MONTH_ABBREVIATIONS,
    NAME_STOP,
    PARTNERSHIP_TAILS,
)
from assay.enrich.entities.partners import partners_start, partnership_candidates
from assay.enrich.entities.spans import Cand, TokenView, firm_name, is_title, line_wrap, org_cand
from assay.enrich.kb import BUSINESS_KINDS, KBEntry, slugify

# Legal forms that end a company name (tokens as spaCy splits them).
LEGAL_FORMS = {
    "Inc", "Inc.", "Corp", "Corp.", "Co", "Co.", "Ltd", "Ltd.", "Plc", "PLC", "plc", "LLC",
    "L.P.", "LP", "AG", "SA", "S.A.", "NV", "N.V.", "SpA", "S.p.A.", "AB", "ASA", "Pty",
    "GmbH", "Bhd", "Berhad", "Tbk", "Corporation", "Incorporated", "Limited", "A/S", "Oy",
    "KK", "K.K.", "NL", "BV", "B.V.", "Oyj", "SAB", "Sdn", "KGaA", "SAS", "S.A.S.", "SARL",
    "Sarl", "Ltda", "Ltda.", "LLP", "L.L.C.", "PJSC", "OJSC", "SRL", "S.r.l.", "Srl", "Kft",
    "VOF", "CV", "C.V.", "S.A", "C.A.", "C.A",
}  # fmt: skip
# Legal forms that may follow a comma inside the name ("Acme Systems, Inc").
# ("Petroleos de Venezuela, S.A.", "Norsk Hydro, A/S").
_AFTER_COMMA = {
    "Inc", "Inc.", "Ltd", "Ltd.", "LLC", "Corp", "Corp.", "L.P.", "LP", "Plc", "PLC", "S.A.",
    "SA", "N.V.", "NV", "AG", "S.p.A.", "SpA", "A/S", "ASA", "B.V.", "BV", "GmbH", "Ltda",
    "Ltda.", "Limited", "Incorporated", "S.A", "C.A.", "C.A",
}  # fmt: skip
# Words that may sit inside a company name between capitalised words.
_INNER = {"and", "&", "de", "del", "du", "des", "la", "le", "et", "-", "/"}
_NOT_NAME = NAME_STOP | {"inc", "corp", "co", "ltd", "said", "says", "unit", "subsidiary"}
_HEADLINE_WORDS = 30


def company_candidates(
    v: TokenView,
    is_place: Callable[[str], bool] = lambda _: False,
    known: Callable[[str], bool] | None = None,
) -> list[Cand]:
    """'Midlantic Corp', 'Warburg, Pincus Capital Co L.P.': capitalised words + legal form;
    and partnerships an apposition names ("Pike, Reedham and Cawley, a brokerage"), whose
    partners are no name `known` to the KB."""
    out: list[Cand] = []
    text, n = v.text, len(v.text)
    # where NER ends a body of two words or more
    org_ends = {end for start, end, label in v.ents if label == "ORG" and end - start >= 2}
    i = 0
    while i < n:
        if not _form_len(text, i) or i == 0:
            i += 1
            continue
        end = i + _form_len(text, i)
        while end < n and _form_len(text, end):  # "Co Ltd", "Co L.P."
            end += _form_len(text, end)
        j = end
        while j < n and j - end < 2 and text[j] in _HOLDING_WORDS:
            j += 1
        if j > end and j < n and _form_len(text, j):
            end = j + _form_len(text, j)  # "Western Mining Corp Holdings Ltd": one firm
        if text[end - 1] in _OF_FORMS and (place_end := _place_after_of(v, end, is_place)):
            end = place_end  # "Public Service Co of New Mexico": the place is in the name
        start = i
        if i > 1 and text[i - 1] == "," and text[i] in _AFTER_COMMA and _name_word(text[i - 2]):
            start = i - 1  # "Time Energy Systems, Inc": the comma belongs to the name
        start = _qualifier_start(text, start)  # "Industrial Equity (Pacific) Ltd"
        anchor = start
        while start > 0 and anchor - start < 6:
            w = text[start - 1]
            if w in ("and", "&") and start - 1 in org_ends and i - start >= 2:
                break  # "The United Auto Workers and American Motors Corp": two bodies
            if _form_len(text, start - 1) or (start >= 3 and _form_len(text, start - 3) == 3):
                break  # "CalMat Co. Elders IXL (Australia) Ltd": the form ends another name
            wrapped = line_wrap(w)  # a name wrapped over two lines
            inner = (w in _INNER or wrapped) and start - 1 > 0 and _name_word(text[start - 2])
            if v.lower[start - 1] in DESCRIPTORS and start < i:
                break  # "U.S. Firm <Ardmore Tool Co>": what the firm is, not its name
            if w == "n" and start > 2 and text[start - 2] == "'" and _name_word(text[start - 3]):
                start -= 2  # "Shop 'n Save Stores Inc": the tokenizer's "'" and "n"
            elif (_name_word(w) and w.lower() not in _NOT_NAME) or inner:
                start -= 1
            else:
                break
        while start < i and (text[start] in _INNER or not _name_word(text[start])):
            start += 1
        if start < i:
            start = partners_start(v, start, end, is_place)  # "Kidder, Peabody and Co"
        if start < i:
            words = " ".join(v.doc[start:end].text.split())  # as written: "Allied-Signal Inc"
            name = COMPANY_SUFFIX.sub("", words).strip().rstrip(",").strip() or words
            if text[end - 1] in _TYPED_LOW:
                name = name.rsplit(" ", 1)[0]
            name = re.sub(r"\s+(?:and|&|of|de)$", "", name) or words  # "Mitsui and Co Ltd"
            out.append(org_cand(start, end, name, "pattern"))
        i = end
    return out + partnership_candidates(v, known or is_place)


def _qualifier_start(text: list[str], i: int) -> int:
    """Where a bracketed qualifier before the legal form at `i` starts ("Industrial Equity
    (Pacific) Ltd", "Elders IXL (Australia) Ltd"), when a name word precedes it; else `i`."""
    if i < 4 or text[i - 1] != ")":
        return i
    for j in range(i - 2, max(0, i - 5), -1):
        if text[j] == "(":
            inside = text[j + 1 : i - 1]
            if inside and all(_name_word(w) for w in inside) and _name_word(text[j - 1]):
                return j
            return i
    return i


# Legal forms wire copy sometimes types in lower case after a name.
_TYPED_LOW = {"inc", "inc.", "co", "co.", "corp", "corp.", "ltd", "ltd."}
_OF_FORMS = {"Co", "Co.", "Corp", "Corp.", "Corporation", "Company"}
# Words between two legal forms of one name: "Corp Holdings Ltd", "Co Group Plc".
_HOLDING_WORDS = {"Holdings", "Holding", "Group", "International", "Industries", "Investments"}


# Words that end a bank holding company's name as a legal form would ("Norstar Bancorp"),
# though the name keeps them.
_BANK_FORMS = {"Bancorp", "Bancorporation", "Bancshares", "Bankshares", "Bancorp."}


def _form_len(text: list[str], i: int) -> int:
    """Tokens of the legal form starting at `i` ("A/S" is three), 0 when there is none."""
    if text[i] in LEGAL_FORMS or text[i] in _BANK_FORMS:
        return 1
    if text[i] in ("and", "&") and text[i + 1 : i + 2] and text[i + 1] in PARTNERSHIP_TAILS:
        return 2 if i > 0 and _name_word(text[i - 1]) else 0  # "Don Bybee and Associates"
    if (
        text[i] in _TYPED_LOW
        and i > 0
        and _name_word(text[i - 1])
        and text[i + 1 : i + 2] not in (["-"], ["–"])
    ):
        return 1  # "Reynolds Metals co said", "Salomon Brothers inc"; not "co-founder"
    if text[i] in ("NA", "N.A.") and i > 0 and text[i - 1] in ("Bank", "Trust"):
        return 1  # "Wells Fargo Bank NA": a U.S. national bank's form, not "not available"
    return 3 if text[i : i + 3] == ["A", "/", "S"] else 0


def _place_after_of(v: TokenView, i: int, is_place: Callable[[str], bool]) -> int:
    """End of 'of <Place>' at token `i` (a place of up to three words), or 0."""
    if i + 1 >= len(v.text) or v.text[i] != "of":
        return 0
    for end in range(min(len(v.text), i + 4), i + 1, -1):
        words = v.text[i + 1 : end]
        if all(is_title(w) for w in words) and is_place(" ".join(words)):
            return end
    return 0


_NOT_OWNER = {"north", "south", "east", "west", "inc", "corp", "ltd"} | MONTH_ABBREVIATIONS
FACILITY_WORDS = {
    "refinery", "refineries", "plant", "plants", "mine", "mines", "smelter", "mill", "field",
    "fields", "unit", "units", "subsidiary", "factory", "terminal", "pipeline",
}  # fmt: skip


def owner_candidates(v: TokenView) -> list[Cand]:
    """ "Garrone's refinery at San Quirico": a capitalised name owning a facility is a firm."""
    out: list[Cand] = []
    text = v.text
    for i in range(1, len(text) - 1):
        if text[i] not in ("'s", "’s") or v.lower[i + 1] not in FACILITY_WORDS:
            continue
        start = i
        while start > 0 and i - start < 3 and _name_word(text[start - 1]):
            start -= 1
        if start == i or (
            v.sent_start[start] and i - start == 1 and text[start].lower() in _NOT_NAME
        ):
            continue
        name = " ".join(text[start:i])
        out.append(org_cand(start, i, name, "pattern"))
    return out


def owners_units(
    v: TokenView, chosen: list[Cand], lookup: Callable[[str], KBEntry | None]
) -> list[Cand]:
    """ "Comalco's Commonwealth Aluminium Corp": a firm's unit named after its owner is two
    organisations, when the owner is known, has a legal form or the story names it on its
    own as well."""
    out: list[Cand] = []
    for c in chosen:
        words = v.text[c.start : c.end]
        k = next(
            (k for k in range(1, len(words) - 1) if words[k] in ("'s", "’s")),
            0,
        )
        if c.type != "ORG" or not k or not is_title(words[k + 1]):
            out.append(c)
            continue
        if all(w in LEGAL_FORMS for w in words[k + 1 :]):
            out.append(c)  # "McDonald's Corp", "Standard and Poor's Corp": the firm's own name
            continue
        head = words[:k]
        owner = lookup(" ".join(head))
        elsewhere = any(
            v.text[i : i + k] == head and v.text[i + k : i + k + 1] != [words[k]]
            for i in range(len(v.text) - k + 1)
            if i != c.start
        )
        formed = head[-1].rstrip(".") in LEGAL_FORMS  # "Harlowe Inc's Harlowe Components Inc unit"
        if (owner is None or owner.type not in ("ORG", "COUNTRY")) and not elsewhere and not formed:
            out.append(c)
            continue
        out.append(org_cand(c.start, c.start + k, firm_name(" ".join(head)), c.source, owner))
        name = firm_name(" ".join(words[k + 1 :]))
        out.append(org_cand(c.start + k + 1, c.end, name, c.source, lookup(name)))
    return out


def split_slashed(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """ "the ISAB/Garrone refinery": two owners written as one name."""
    out: list[Cand] = []
    for c in chosen:
        words = v.text[c.start : c.end]
        if c.type == "ORG" and len(words) == 3 and words[1] == "/" and c.source != "kb":
            left, right = (c.start, c.start + 1), (c.start + 2, c.end)
            pair = (words[0], words[2])
            if all(w.lower().rstrip(".") in MONTH_ABBREVIATIONS for w in pair):
                continue  # "the Nov/Feb total": a period
            if all(len(w) >= 3 and is_title(w) and w.lower() not in _NOT_OWNER for w in pair):
                for a, b in (left, right):
                    name = " ".join(v.text[a:b])
                    out.append(org_cand(a, b, name, c.source))
                continue
        out.append(c)
    return out


def _name_word(word: str) -> bool:
    return is_title(word) or (word[:2].lower() in ("d'", "l'") and word[2:3].isupper())


def capitalised_lines(v: TokenView) -> list[tuple[int, int]]:
    """Token ranges of short lines written in capitals or Title Case: the headline, and in
    web copies the related-story links and widgets ("RELATED: Turkey Launches Ground ...").

    A line qualifies when it has at least four words (or is the first line), no closing
    full stop, and most words capitalised.
    """
    out: list[tuple[int, int]] = []
    start = 0
    n = len(v.text)
    for i in range(n + 1):
        if i < n and "\n\n" not in v.text[i]:
            continue  # whole paragraphs only: wire copy hard-wraps lines inside sentences
        if start == 0 and i >= n:
            break  # one paragraph only: no headline to tell apart
        if i > start and _capitalised(v.text[start:i], first=start == 0):
            out.append((start, i))
        start = i + 1
    return out


def _capitalised(tokens: list[str], first: bool) -> bool:
    words = [w for w in tokens if any(ch.isalpha() for ch in w)]
    if not words or len(tokens) > _HEADLINE_WORDS or tokens[-1] in (".", "?", "!"):
        return False
    if len(words) < 4 and not first:
        return False
    upper = sum(1 for w in words if w.isupper())
    title = sum(1 for w in words if w[:1].isupper())
    return upper >= 0.6 * len(words) or (len(words) >= 4 and title >= 0.7 * len(words))


def drop_headline_guesses(
    v: TokenView, cands: list[Cand], lines: list[tuple[int, int]]
) -> list[Cand]:
    """Guesses inside a capitalised line survive only if the rest of the text has them."""
    if not lines:
        return cands

    def inside(c: Cand) -> bool:
        return any(a <= c.start < b for a, b in lines)

    body = {c.name.lower() for c in cands if not inside(c)}
    body |= {" ".join(v.lower[c.start : c.end]) for c in cands if not inside(c)}
    body_keys = {c.key for c in cands if not inside(c)}
    kept = []
    for c in cands:
        if inside(c) and (c.source in ("ner", "pattern") or c.type == "ORG"):
            # "OFFER", "WESTERN SAVINGS", "INDIAN OIL FIRM": a name only if the body has it
            phrase = " ".join(v.lower[c.start : c.end])
            if phrase not in body and c.key not in body_keys:
                continue
        kept.append(c)
    return kept


def drop_sign_off(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """The wire service's closing 'Reuter' is furniture."""
    last = len(v.text) - 1
    # trailing space and dots: a truncated copy ends "REUTER..."
    while last > 0 and (not v.text[last].strip() or set(v.text[last]) <= {".", "…"}):
        last -= 1
    if last <= 0 or v.lower[last] != "reuter":
        return chosen
    return [c for c in chosen if not (c.start == last and c.end == last + 1)]


# An abbreviated country or body written before an institution's name: "U.S. Treasury",
# "U.N. Security Council", "US Chamber of Commerce".
_ABBREVIATION = re.compile(r"^(?:[A-Z]\.){2,3}$|^[A-Z]{2,3}$")


def prefixed_institutions(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """'US' + 'Chamber of Commerce' -> ORG 'US Chamber of Commerce', as a reader cites it.

    Only institutions take the prefix: a company name does not ("US Vodafone" is Vodafone),
    and an ORG the KB knows keeps its key and canonical name, gaining the longer mention.
    """
    by_end = {c.end: c for c in chosen if c.chars is None}
    absorbed: set[int] = set()
    for c in chosen:
        if c.type != "ORG" or c.chars is not None or c.start == 0:
            continue
        if c.attrs.get("kind") in BUSINESS_KINDS or c.source == "company":
            continue
        prefix = by_end.get(c.start)
        if (
            prefix is None
            or prefix.type not in ("COUNTRY", "ORG")
            or prefix.end - prefix.start != 1
            or not _ABBREVIATION.match(v.text[prefix.start])
            or not v.doc[prefix.start].whitespace_
            or "\n" in v.doc[prefix.start].whitespace_
        ):
            continue
        absorbed.add(id(prefix))
        c.start = prefix.start
        if c.source != "kb":
            c.name = " ".join(v.doc[c.start : c.end].text.split())
            c.key = f"org:{slugify(c.name)}"
    return [c for c in chosen if id(c) not in absorbed]


_FIRMS = BUSINESS_KINDS - {"state-firm"}


def story_namesakes(
    v: TokenView, chosen: list[Cand], lookup: Callable[[str], KBEntry | None]
) -> list[Cand]:
    """ "Northern Star" in a story about "Northern Star Holdings Ltd" is that firm, not the
    KB's namesake (Northern Star Resources): a known name of two or more words that the
    story writes in full as another firm, one the KB does not know, is the story's firm."""
    longs = [
        c
        for c in chosen
        if c.type == "ORG" and c.source in ("ner", "pattern") and c.end - c.start >= 3
    ]
    for c in chosen:
        n = c.end - c.start
        if c.type != "ORG" or c.source != "kb" or c.attrs.get("kind") not in _FIRMS:
            continue  # "White House Economic Policy Council" is a body of the White House
        words = v.lower[c.start : c.end]
        for long in longs:
            long_words = v.lower[long.start : long.end]
            if long.key == c.key or long_words[:n] != words or len(long_words) <= n:
                continue
            if n == 1 and (long_words[1] != "of" or long.start > c.start):
                # one word only as the short form of a national unit written out before it:
                # "Alcoa of Australia Ltd ... Alcoa spent", not "Exxon" beside "Exxon Chemical"
                continue
            if v.text[long.start + n] in LEGAL_FORMS or lookup(long.name) is not None:
                continue  # "Rio Tinto Ltd", or a long name the KB knows: its firm
            c.key, c.name, c.attrs, c.source = long.key, long.name, long.attrs, long.source
            break
    return chosen
