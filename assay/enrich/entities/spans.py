"""Candidate spans, the per-doc token view, and the checks shared by every pass."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import ENT_IOB, ENT_TYPE, ORTH, SENT_START, SPACY
from spacy.tokens import Doc, Span

from assay.enrich.entities.lexicon import (
    AMBIGUOUS_COMMODITY,
    BODY_HEADS,
    BUSINESS_HEADS,
    COMPANY_SUFFIX,
    CONNECTORS,
    CONTEXT_WORDS,
    DESCRIPTORS,
    GENERIC_WORDS,
    MONEY_WORDS,
    NAME_PARTICLES,
    NAME_STOP,
    ORG_JUNK,
    PERSON_TITLES,
    PLACE_HEADS,
    ROLE_PRIORITY,
    ROLE_WORDS,
    SKIP_AFTER,
    SKIP_BEFORE,
    TITLE_WORDS,
    UNIT_WORDS,
)
from assay.enrich.kb import KBEntry, slugify


@dataclass
class Cand:
    """A resolved or candidate span: token range plus what it links to."""

    start: int  # token index
    end: int
    key: str
    type: str
    name: str
    source: str
    attrs: dict[str, Any] = field(default_factory=dict)
    chars: tuple[int, int] | None = None  # a part of one token: "Japan" in "U.S.-Japan"


@dataclass
class TokenView:
    """Per-doc token texts, read once: Token objects are costly to create in a loop."""

    doc: Doc
    text: list[str]
    lower: list[str]
    sent_start: list[bool]
    ents: list[tuple[int, int, str]]
    raw: str

    @classmethod
    def of(cls, doc: Doc) -> TokenView:
        arr = doc.to_array([ORTH, SENT_START, ENT_IOB, ENT_TYPE, SPACY]).tolist()
        strings = doc.vocab.strings
        text = [strings[row[0]] for row in arr]
        # Doc.text builds a Token per word in Python; this join is the same string, faster
        raw = "".join([t + " " if row[4] else t for t, row in zip(text, arr, strict=True)])
        ents: list[tuple[int, int, str]] = []
        for i, (_, _, iob, etype, _) in enumerate(arr):
            if iob == 3:  # B
                ents.append((i, i + 1, strings[etype]))
            elif iob == 1 and ents and ents[-1][1] == i:  # I
                ents[-1] = (ents[-1][0], i + 1, ents[-1][2])
        sent = [row[1] == 1 for row in arr]
        if sent:
            sent[0] = True
        return cls(doc, text, [t.lower() for t in text], sent, ents, raw)


def is_exact_alias(alias: str) -> bool:
    """Acronyms, symbols and formulas match case-sensitively ('US' is not 'us')."""
    if any(ch.isdigit() for ch in alias):
        return True
    for word in alias.replace("-", " ").split():
        letters = [ch for ch in word if ch.isalpha()]
        if len(letters) >= 2 and not any(ch.islower() for ch in letters):
            return True  # an all-caps word: US, REE, JBIC, U.S.
        if any(ch.isupper() for ch in letters[1:]) and any(ch.islower() for ch in letters):
            return True  # mixed case: DoD, KfW, NdFeB
    return False


def case_ok(mask: str, words: list[str]) -> bool:
    """Capitalised aliases need capitalised text: 'China' but not 'china', 'Turkey' not 'turkey'."""
    return all(m == "0" or w[:1].isupper() for m, w in zip(mask, words, strict=False))


def commodity_ok(v: TokenView, start: int, end: int, mask: str, shouting: bool) -> bool:
    text, lower = v.text, v.lower
    prev = lower[start - 1] if start > 0 else ""
    if prev in SKIP_BEFORE.get(lower[end - 1], ()):
        return False
    after = lower[end + 1] if end + 1 < len(lower) and lower[end] == "-" else ""
    after = after or (lower[end] if end < len(lower) else "")
    if after in SKIP_AFTER.get(lower[end - 1], ()):
        return False
    if not shouting and text[start][:1].isupper() and not v.sent_start[start] and "1" not in mask:
        # part of a proper name: "Gold Fields", "Cobalt Blue", "Mercury Energy"
        nxt = text[end] if end < len(text) else ""
        if (start > 0 and is_title(text[start - 1])) or is_title(nxt):
            return False
    if lower[start] == "carbon":  # emissions talk, not the element: "low-carbon", "carbon tax"
        return end < len(lower) and lower[end] in ("fibre", "fiber", "black", "anode", "steel")
    if end - start == 1 and lower[start] in AMBIGUOUS_COMMODITY:
        window = lower[max(0, start - 3) : end + 3]
        return any(w in CONTEXT_WORDS or w in ("zinc", "copper") for w in window)
    return True


def kb_attrs(entry: KBEntry) -> dict[str, Any]:
    a = entry.attrs
    if entry.type == "COUNTRY":
        return {"iso3": a["iso3"]}
    if entry.type == "COMMODITY":
        out: dict[str, Any] = {"groups": list(a.get("groups", []))}
        if "symbol" in a:
            out["symbol"] = a["symbol"]
        return out
    if entry.type == "ORG":
        return {k: a[k] for k in ("country", "kind", "aliases") if k in a}
    if entry.type == "PROJECT":
        return {k: a[k] for k in ("kind", "country") if a.get(k)}
    return {"country": a["country"]} if a.get("country") else {}


def kb_cand(start: int, end: int, entry: KBEntry, source: str = "kb") -> Cand:
    return Cand(start, end, entry.key, entry.type, entry.name, source, kb_attrs(entry))


# The sizes share indexes are named by after their publisher: "S&P 500", "FTSE 100".
_INDEX_SIZES = frozenset({"30", "100", "200", "225", "250", "400", "500", "600", "1000", "2000"})


def names_an_index(v: TokenView, start: int, end: int) -> bool:
    """The name at tokens `start`..`end` is a share index's: "Standard and Poor's 500", "the
    Dow Jones Industrial Average", "the Nasdaq Composite", "The Dow fell 300 points"."""
    if end < len(v.text) and v.text[end] in ("'s", "’s"):
        end += 1  # "Standard and Poor" + "'s 500"
    after = v.lower[end] if end < len(v.text) else ""
    if end < len(v.text) and (v.text[end] in _INDEX_SIZES or after in _INDEX_WORDS):
        return True
    # only an index moves by points: "The Dow fell Wednesday by as much as 300 points"
    led = start == 0 or v.lower[start - 1] == "the" or "\n" in v.text[start - 1]
    moved = after in _MOVES and "points" in v.lower[end + 1 : end + 9]
    return end - start == 1 and led and moved


def drop_indices(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """A one-word name the story uses for a share index ("The Dow fell", "the Nasdaq
    Composite") is the index wherever the story writes it alone (GUIDELINES: not an entity);
    "Treasury yields", "U.S. Treasury bonds" are government debt, not the department."""
    indices = {w for i, w in enumerate(v.text) if w[:1].isupper() and names_an_index(v, i, i + 1)}
    return [
        c
        for c in chosen
        if not (c.type == "ORG" and c.end - c.start == 1 and v.text[c.start] in indices)
        and not (c.type == "ORG" and _debt(v, c))
    ]


# What "Treasury" names when it is the government's debt, not its department.
_DEBT = frozenset({
    "bond", "bonds", "bill", "bills", "note", "notes", "yield", "yields", "securities",
    "futures", "market", "markets", "prices", "debt", "issues", "auction", "auctions",
})  # fmt: skip


def _debt(v: TokenView, c: Cand) -> bool:
    after = v.lower[c.end] if c.end < len(v.lower) else ""
    return v.lower[c.end - 1] == "treasury" and after in _DEBT


_INDEX_WORDS = frozenset({"jones", "composite", "industrial", "industrials", "average", "index"})
# What an index does: "the Dow fell 300 points".
_MOVES = frozenset({
    "rose", "fell", "jumped", "plunged", "plummeted", "slid", "gained", "lost", "dropped",
    "climbed", "surged", "tumbled", "closed", "ended", "opened", "rallied", "sank", "soared",
    "added", "shed", "rebounded", "finished", "falls", "rises", "jumps", "plunges", "slides",
    "gains", "drops", "climbs", "surges", "tumbles", "sinks", "soars", "rallies",
})  # fmt: skip


def firm_name(text: str) -> str:
    """A firm's name without its legal form: "Harlowe Components Inc" -> "Harlowe Components"."""
    return COMPANY_SUFFIX.sub("", text).strip() or text


def org_cand(start: int, end: int, name: str, source: str, entry: KBEntry | None = None) -> Cand:
    """An organisation: the KB's entry when one is given, else a new key from the name."""
    if entry is not None:
        return kb_cand(start, end, entry)
    return Cand(start, end, f"org:{slugify(name)}", "ORG", name, source)


def resolve_overlaps(cands: list[Cand]) -> list[Cand]:
    """Non-overlapping choice: longest span first, then KB over patterns over NER."""
    order = sorted(cands, key=lambda c: (-(c.end - c.start), ROLE_PRIORITY[c.source], c.start))
    taken: set[int] = set()
    chosen = []
    for c in order:
        if any(i in taken for i in range(c.start, c.end)):
            continue
        taken.update(range(c.start, c.end))
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")


def mostly_upper(text: str) -> bool:
    """Headline-style text in capitals, where case tells nothing about names."""
    head = text[:2000]
    upper = len(_UPPER.findall(head))
    return upper > 0.6 * (upper + len(_LOWER.findall(head)))


def is_title(word: str) -> bool:
    return word[:1].isupper() and any(ch.isalpha() for ch in word)


def nested_commodities(cands: list[Cand], chosen: list[Cand]) -> list[Cand]:
    """Commodities named inside a project name ('Kamoa-Kakula copper mine') still count."""
    projects = [c for c in chosen if c.type == "PROJECT"]
    if not projects:
        return []
    return [
        c
        for c in cands
        if c.type == "COMMODITY"
        and c.source == "kb"
        and any(p.start < c.start and c.end <= p.end for p in projects)
    ]


_AGENCIES = frozenset({"reuters", "reuter"})
_TOLD = frozenset({"told", "tell", "tells", "telling"})


def bracketed_ticker(text: list[str], i: int) -> bool:
    """The word at `i` is a wire ticker in angle brackets: "Texaco Inc <TX>"."""
    return (
        0 < i < len(text) - 1
        and text[i - 1] == "<"
        and text[i + 1] == ">"
        and bool(_TICKER.match(text[i]))
    )


def trim_span(v: TokenView, start: int, end: int) -> Span | None:
    """Drop a leading 'the', a trailing possessive, 'and' or punctuation, anything from '(',
    a wire ticker before the name; nothing of a ticker alone ("Texaco Inc's <TX>")."""
    text = v.text
    inner = [i for i in range(start, end) if text[i] not in ("<", ">")]
    if len(inner) == 1 and bracketed_ticker(text, inner[0]):
        return None
    if end - start > 1 and v.lower[start] in _AGENCIES and start and v.lower[start - 1] in _TOLD:
        end = start + 1  # "told Reuters Taiwan would cut tariffs": the agency, then the subject
    for i in range(start, end - 1):
        if text[i] == ">" and bracketed_ticker(text, i - 1):
            start = i + 1  # "<FPC> First Boston Corp": a wire ticker is no part of the name
    for i in range(start, end):
        if text[i] in ("(", ",", ";") or "\n\n" in text[i]:
            end = i
            break
        if i > start and text[i - 1].lower() in FORM_WITH_PERIOD and is_title(text[i]):
            end = i  # "Santos Ltd. KPC will pay": the period after the legal form ends one
            break
    for i in range(start, end - 1):
        if v.lower[i] in DESCRIPTORS and is_title(text[i + 1]):
            start = i + 1  # "U.S. Firm <Ardmore Tool Co>": the wire capitalises what it is
    while start < end and (v.lower[start] in ("the", "a", "an") or not has_word(text[start])):
        start += 1
    if start < end < len(text) and v.lower[end - 1] == "local" and text[end].isdigit():
        end += 1  # "United Auto Workers Local 1416": a union local's number is its name
    while end > start and (
        v.lower[end - 1] in ("'s", "’s", "'", "and", "&", "of", "the")
        or not has_word(text[end - 1])
        or (end - start > 1 and MODEL_CODE.match(text[end - 1]) is not None)
    ):
        end -= 1  # ... and a trailing model code: "U.S. Air Force B-1" (bombers)
    return v.doc[start:end] if start < end else None


# A wire ticker inside angle brackets: "<FPC>", "<DBCG.F>".
_TICKER = re.compile(r"^[A-Z][A-Z0-9.]{0,9}$")

# Legal forms written with a period, after which a capitalised word starts a sentence.
FORM_WITH_PERIOD = frozenset({"ltd.", "corp.", "inc.", "plc.", "bhd.", "co.ltd."})


# Aircraft, missile and product designators: "B-1", "F-35", "MQ-9", "A380"
MODEL_CODE = re.compile(r"^[A-Z]{1,3}-?\d{1,4}[A-Z]?$")


def line_wrap(token: str) -> bool:
    """A single hard line break (not a paragraph break): wire copy wraps names over lines."""
    return bool(token) and token.isspace() and token.count("\n") == 1


def has_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def is_junk(lower: list[str]) -> bool:
    """Money words anywhere, a generic noun or units alone: 'Finance', 'MW', '30 GWh'."""
    words = [w for w in lower if has_word(w)]
    if len(words) == 1 and words[0] in GENERIC_WORDS:
        return True
    if words and all(w in UNIT_WORDS or w[:1].isdigit() for w in words):
        return True
    return not words or any(w in MONEY_WORDS for w in words) or " ".join(words) in ORG_JUNK


def org_ok(v: TokenView, span: Span) -> bool:
    words = v.text[span.start : span.end]
    lower = v.lower[span.start : span.end]
    if not is_title(words[0]) or len(words) > 7 or is_junk(lower):
        return False
    if len(words) == 1 and (len(words[0]) < 2 or v.sent_start[span.start]):
        return False  # a capitalised first word is as likely a verb or noun as a name
    # every word capitalised apart from connectors: "Bank of Japan", not "U.S. banks"
    return all(
        is_title(w) or w in CONNECTORS or not has_word(w) or w[:1].isdigit() or _elided(w)
        for w in words
    )


def _elided(word: str) -> bool:
    """French elided particles inside names: "d'Electro", "l'Etang"."""
    return word[:2].lower() in ("d'", "l'") and word[2:3].isupper()


def place_ok(v: TokenView, span: Span) -> bool:
    words = v.text[span.start : span.end]
    if not is_title(words[0]) or is_junk(v.lower[span.start : span.end]):
        return False
    if len(words) == 1 and (len(words[0]) <= 3 or words[0].endswith(".")):
        return False  # "Calif", "N.Y.", "BB": abbreviations the KB cannot place
    if any(len(w) > 2 and w[:-1].isupper() and w.endswith("s") for w in words):
        return False  # "ICBMs", "SUVs": a plural acronym names things, not a place
    return not any(w[:1].isdigit() for w in words)


def merge_split_names(v: TokenView) -> list[tuple[int, int, str]]:
    """Names NER splits: 'Abdulaziz' + 'bin Salman', 'Casa' + 'dos' + 'Ventos', and a
    first name left on the line before a wrapped surname ('Clayton' + newline + 'Yeutter')."""
    out: list[tuple[int, int, str]] = []
    for ent in v.ents:
        if ent[2] == "PERSON":
            ent = (_wrapped_first_name(v, ent[0], out[-1][1] if out else 0), ent[1], ent[2])
        if out:
            prev = out[-1]
            people = ent[2] == prev[2] == "PERSON" and prev[1] == ent[0]
            joined = ent[0] == prev[1] + 1 and v.lower[prev[1]] in NAME_PARTICLES
            if (
                people
                or _one_body(v, prev, ent)
                or (joined and prev[2] in ("ORG", "PERSON", "GPE", "LOC", "FAC"))
            ):
                out[-1] = (prev[0], ent[1], prev[2])
                continue
        out.append(ent)
    return out


def _one_body(v: TokenView, prev: tuple[int, int, str], ent: tuple[int, int, str]) -> bool:
    """ "Palm Oil Registration" + "and" + "Licensing Authority": NER splits a body named for
    two tasks. The second part is one word and a body's head word; the first is two words or
    more, none of them a head word or an acronym ("the Department of Homeland Security and
    State Department" are two)."""
    if prev[2] != "ORG" or ent[2] != "ORG" or ent[1] - ent[0] != 2:
        return False
    if ent[0] == prev[1] + 1 and v.lower[prev[1]] in ("and", "&"):
        last = prev[1] - 1  # "Registration" "and" "Licensing Authority"
    elif ent[0] == prev[1] and v.lower[prev[1] - 1] in ("and", "&"):
        last = prev[1] - 2  # the model kept the "and": "Registration and" "Licensing Authority"
    else:
        return False
    first = [w for w in v.text[prev[0] : last + 1] if has_word(w) and w.lower() != "the"]
    return (
        v.lower[ent[1] - 1] in BODY_HEADS
        and len(first) >= 2  # "FBI and Justice Department": two bodies
        and not any(w.lower() in BODY_HEADS | {"bank"} or w.isupper() for w in first)
    )


def _wrapped_first_name(v: TokenView, start: int, floor: int) -> int:
    """Start of a person's name whose first name ends the line before: the NER model reads
    'Clayton' + newline + 'Yeutter' as 'Yeutter' alone."""
    gap = v.text[start - 1] if start >= 2 else ""
    if start - 2 < floor or not gap.isspace() or gap.count("\n") != 1:
        return start  # a paragraph break or no line break: not a wrapped name
    word, lower = v.text[start - 2], v.lower[start - 2]
    if not is_title(word) or len(word) < 3 or not word.isalpha():
        return start
    if lower in NAME_STOP or lower in ROLE_WORDS or lower in PERSON_TITLES or lower in TITLE_WORDS:
        return start
    if f"{word} {v.text[start]}" in v.raw:
        return start  # written on one line elsewhere, where NER reads it whole (or as a firm)
    return start - 2


def trim_title_tail(v: TokenView, span: Span) -> Span | None:
    """ "Foreign Agricultural Service Administrator" -> the service: a title is no part of
    an organisation's name ("U.S. Army Sergeant Bowe Bergdahl", "Passion City Church Pastor")."""
    start, end = span.start, span.end
    for i in range(start + 1, end):
        if v.lower[i].rstrip(".") in TITLE_WORDS:
            end = i
            break
    return v.doc[start:end] if end > start else None


# Head words of a public or trade body that wire copy writes in lower case after the name:
# "the National Meat board said".
_LOWER_BODY_HEADS = frozenset({
    "board", "council", "commission", "institute", "association", "federation", "authority",
})  # fmt: skip


def with_body_word(v: TokenView, span: Span) -> Span:
    """ "the National Meat board said": the lower-case head word after a name of two
    capitalised words or more is the body's own, when the story never writes the name
    without it (not "the General Motors board" or "the American Express board ... American
    Express", a firm's board, nor one word's "the Chrysler board")."""
    end = span.end
    if (
        end >= len(v.text)
        or v.text[end] not in _LOWER_BODY_HEADS
        or end - span.start < 2
        or v.lower[end - 1] in BUSINESS_HEADS
        or v.lower[end - 1] in _LOWER_BODY_HEADS
    ):
        return span
    flat = " ".join(v.raw.split())
    name = " ".join(span.text.split())
    if flat.count(name) > flat.count(f"{name} {v.text[end]}"):
        return span
    return v.doc[span.start : end + 1]


def place_shaped(v: TokenView, start: int, end: int) -> bool:
    """A capitalised name of a place's shape: "Fort Bragg", "Kern County"."""
    words = v.lower[start:end]
    if len(words) < 2 or not all(w[:1].isupper() for w in v.text[start:end] if w.isalpha()):
        return False
    return words[0] == "fort" or words[-1] in PLACE_HEADS


def defines_acronym(v: TokenView, end: int) -> bool:
    """The span is followed by "(ACRONYM)": the name of a body, not of a law."""
    words = v.text[end : end + 3]
    return len(words) == 3 and words[0] == "(" and words[2] == ")" and words[1].isupper()
