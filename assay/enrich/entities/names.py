"""Reshape NER spans before linking: split coordinated names, join place-prefixed companies.

The small NER model reads "JBIC and Export Finance Australia" as one ORG and "Shandong Yulong
Petrochemical" as a place plus an ORG. Both are fixed on the span list, before any KB lookup,
so the usual candidate rules then apply to each corrected span.
"""

from __future__ import annotations

from collections.abc import Callable

from assay.enrich.entities.companies import LEGAL_FORMS
from assay.enrich.entities.lexicon import ORG_HEADS
from assay.enrich.entities.spans import Cand, TokenView, is_title, org_cand

NerSpan = tuple[int, int, str]
# A place right after one of these is where something is, not the start of a company name.
PLACE_PREPOSITIONS = {
    "in", "at", "from", "to", "across", "into", "near", "outside", "inside", "within",
    "throughout", "around", "of", "and", "or",
}  # fmt: skip
COMPANY_ENDINGS = ORG_HEADS | {
    "co", "co.", "ltd.", "inc.", "corp.", "sa", "ag", "nv", "se", "spa", "asa", "pty", "tbk",
    "llc", "company", "petrochemical", "petrochemicals", "refining",
}  # fmt: skip


def reshape_ner_spans(
    v: TokenView, spans: list[NerSpan], known: Callable[[str], bool]
) -> list[NerSpan]:
    """Split 'X and Y' ORG spans naming two organisations; join 'Place' + 'Company' spans.

    `known(text)` says whether the knowledge base knows a name.
    """
    out: list[NerSpan] = []
    for span in spans:
        prev = out[-1] if out else None
        if prev is not None and _of_place(v, prev, span):
            out[-1] = (prev[0], span[1], "ORG")
            continue
        if span[2] == "ORG":
            if prev is not None and _place_prefix(v, prev, span, known):
                out[-1] = (prev[0], span[1], "ORG")
                continue
            out.extend(_split_coordinated(v, span, known))
        else:
            out.append(span)
    return out


def _text(v: TokenView, start: int, end: int) -> str:
    return " ".join(v.text[start:end])


def _split_coordinated(v: TokenView, span: NerSpan, known: Callable[[str], bool]) -> list[NerSpan]:
    """'JBIC and Export Finance Australia' -> two ORG spans, when the parts are two names.

    Split when the right part is a known name, when the left part is a known name without
    'of'/'for' ('Department of Energy and Climate Change' is one body), or when both parts
    end like company names ('Foo Mining and Bar Resources').
    """
    start, end, label = span
    joins = [i for i in range(start + 1, end - 1) if v.lower[i] in ("and", "&")]
    if not joins or known(_text(v, start, end)):
        return [span]
    for i in joins:
        if not (is_title(v.text[start]) and is_title(v.text[i + 1])):
            continue
        left, right = _text(v, start, i), _text(v, i + 1, end)
        left_inner = set(v.lower[start:i]) & {"of", "for", "and", "&"}
        if v.lower[i] == "&":
            split = known(left) and known(right)  # "Mitsui & Co", "Johnson & Johnson"
        else:
            split = (
                known(right)
                or (known(left) and not left_inner)
                or (
                    not left_inner
                    and v.lower[i - 1] in COMPANY_ENDINGS
                    and v.lower[end - 1] in COMPANY_ENDINGS
                )
            )
        if split:
            return [(start, i, label), *_split_coordinated(v, (i + 1, end, label), known)]
    return [span]


_FIRM_SUFFIXES = frozenset(form.lower() for form in LEGAL_FORMS)


def _of_place(v: TokenView, org: NerSpan, nxt: NerSpan) -> bool:
    """ "Alcoa of Australia", "Ogden Martin System of Berks Inc": a company named for the
    place it works in, which NER cuts at "of" ('Alcoa of' + 'Australia') or before it."""
    if org[2] != "ORG" or nxt[2] not in ("ORG", "GPE", "LOC"):
        return False
    if not all(is_title(w) for w in v.text[nxt[0] : nxt[1]]):
        return False
    if not any(w[:1].isupper() and not w.isupper() for w in v.text[org[0] : org[1]]):
        return False  # a shouting headline: "CONFIRMS OWNERSHIP OF USAIR"
    if org[1] == nxt[0]:
        # not "Swiss Reinsurance Co of Zurich": a named firm's seat follows its suffix
        before = v.lower[org[1] - 2] if org[1] - org[0] > 1 else ""
        return v.lower[org[1] - 1] == "of" and before not in _FIRM_SUFFIXES | {"", ">"}
    return (
        nxt[0] == org[1] + 1
        and v.lower[org[1]] == "of"
        and v.lower[nxt[1] - 1] in _FIRM_SUFFIXES
        and nxt[1] - nxt[0] > 1
    )


def _place_prefix(v: TokenView, place: NerSpan, org: NerSpan, known: Callable[[str], bool]) -> bool:
    """'Shandong' (GPE) + 'Yulong Petrochemical' (ORG) name one company.

    Not when the ORG alone is a known company ('China' + 'CATL' stays two entities) or
    the place follows a preposition ('in Chile Foo Mining said').
    """
    if place[2] not in ("GPE", "LOC") or place[1] != org[0]:
        return False
    if place[0] > 0 and v.lower[place[0] - 1] in PLACE_PREPOSITIONS:
        return False
    if not all(is_title(w) for w in v.text[place[0] : org[1]]):
        return False
    return not known(_text(v, org[0], org[1]))


def drop_common_nouns(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """A capitalised word NER took for an organisation ('the Tribunal', 'the Order', 'Phase
    One') that the same story also writes in lower case is a common noun given a capital for
    emphasis or by a title-case headline, not a name. Known names and acronyms stay."""
    kept = []
    starts: dict[str, list[int]] | None = None
    for c in chosen:
        words = v.text[c.start : c.end]
        if (
            c.type == "ORG"
            and c.source == "ner"
            and all(w.isalpha() and w[:1].isupper() and not w.isupper() for w in words)
        ):
            if starts is None:
                starts = _lower_starts(v)
            lowered = [w.lower() for w in words]
            n = len(lowered)
            if any(v.text[i : i + n] == lowered for i in starts.get(lowered[0], ())):
                continue
        kept.append(c)
    return kept


def _lower_starts(v: TokenView) -> dict[str, list[int]]:
    """Where each word the text writes in lower case stands (one pass, not one per length)."""
    starts: dict[str, list[int]] = {}
    for i, t in enumerate(v.text):
        if t.islower() and t.isalpha():
            starts.setdefault(t, []).append(i)
    return starts


# A country's armed service named on its own: "the Army said", "the Air Force".
ARMED_SERVICES = (("army",), ("navy",), ("air", "force"), ("marine", "corps"), ("coast", "guard"))


def armed_services(v: TokenView, cands: list[Cand]) -> list[Cand]:
    """'the Army', 'the Navy', 'the Air Force': an organisation NER reads as a common word.

    Only after "the" and capitalised; a longer name ("U.S. Army", "Salvation Army") found
    elsewhere wins the overlap.
    """
    taken = {i for c in cands for i in range(c.start, c.end)}
    out = []
    for i in range(1, len(v.text)):
        if v.lower[i - 1] != "the":
            continue
        for words in ARMED_SERVICES:
            end = i + len(words)
            if (
                tuple(v.lower[i:end]) == words
                and all(t[:1].isupper() for t in v.text[i:end])
                and not taken & set(range(i, end))
            ):
                name = " ".join(v.text[i:end])
                out.append(Cand(i, end, f"org:{'-'.join(words)}", "ORG", name, "pattern"))
    return out


# Words that name a vessel before its name: "the aircraft carrier Kitty Hawk", "USS Abraham
# Lincoln", "the tanker Gas King". A ship is none of the entity types.
SHIP_PREFIXES = frozenset({"uss", "hms"})
VESSEL_WORDS = SHIP_PREFIXES | {
    "tanker", "ship", "vessel", "frigate", "destroyer", "submarine", "freighter",
    "cruiser", "warship", "trawler", "ferry", "mv", "supertanker", "icebreaker",
}  # fmt: skip


def drop_ships(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """Names after a vessel word ("the tanker Gas King") or opened by a ship prefix ("USS
    Abraham Lincoln Carrier Strike Group") are ships, and so are their other mentions."""
    keys: set[str] = set()
    names: set[str] = set()
    for i in range(len(v.lower)):
        if not _vessel_word(v, i):
            continue
        j = i + 1  # the capitalised words after the vessel word: the ship's name
        while j < len(v.text) and j - i <= 3 and v.text[j][:1].isupper() and v.text[j].isalpha():
            j += 1
        # "USS Abraham Lincoln Carrier Strike Group": any leading part may be the name
        names.update(" ".join(v.text[i + 1 : k]).lower() for k in range(i + 2, j + 1))
    for c in chosen:
        if c.type not in ("PERSON", "ORG") or c.source == "kb":
            continue
        if (c.start > 0 and _vessel_word(v, c.start - 1)) or v.lower[c.start] in SHIP_PREFIXES:
            keys.add(c.key)
    return [
        c
        for c in chosen
        if c.key not in keys
        and not (c.type in ("PERSON", "ORG") and c.source != "kb" and c.name.lower() in names)
    ]


def _vessel_word(v: TokenView, i: int) -> bool:
    """A vessel word at token i; "carrier" only as "aircraft carrier" (an airline or a
    telephone company is a carrier too)."""
    low = v.lower[i]
    return low in VESSEL_WORDS or (low == "carrier" and i > 0 and v.lower[i - 1] == "aircraft")


# Words that end no organisation's name: a span NER cut short ("Office of the", "House of").
_OPEN_ENDS = frozenset({"of", "for", "the", "and", "to", "in", "on", "at", "with", "by", "&"})
# Words that start a clause, not a name: "Concerning Dome Petroleum", "Either Pres".
_CLAUSE_STARTS = frozenset(
    {"concerning", "regarding", "including", "either", "neither", "following", "despite",
     "according", "unlike", "like", "among", "amid", "per", "via"}
)  # fmt: skip


def drop_truncated(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """NER's organisations that end on an open word are cut short and go; one that starts
    with a clause word keeps the rest of its name when that is two words or more."""
    out = []
    for c in chosen:
        if c.type != "ORG" or c.source not in ("ner", "pattern") or c.end - c.start < 2:
            out.append(c)
            continue
        words = v.text[c.start : c.end]
        if words[-1].lower() in _OPEN_ENDS and c.source == "ner":
            continue
        if words[0].lower() in _CLAUSE_STARTS:
            if len(words) < 3:
                continue
            first, _, name = c.name.partition(" ")
            if first != words[0] or not name:
                name = " ".join(v.text[c.start + 1 : c.end])
            c = org_cand(c.start + 1, c.end, name, c.source)
        out.append(c)
    return out
