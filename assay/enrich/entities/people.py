"""People: names next to roles, surnames that attach to full names, and their roles."""

from __future__ import annotations

import re

from spacy.tokens import Span

from assay.enrich.entities.lexicon import (
    BUSINESS_HEADS,
    FIRM_PART_WORDS,
    NAME_STOP,
    PERSON_TITLES,
    ROLE_HEADS,
    ROLE_NOUNS,
    ROLE_WORDS,
)
from assay.enrich.entities.spans import Cand, TokenView, is_junk, is_title, org_cand
from assay.enrich.kb import slugify
from assay.enrich.leaders import LEADERS


def attach_people(
    v: TokenView, chosen: list[Cand], known: frozenset[str] = frozenset()
) -> list[Cand]:
    """Attach surname-only mentions to the full name; fill in roles. A "person" described as
    a firm's unit ("Aker Verdal, a unit of Aker Norcem") is that firm.

    `known` holds single names that are people wherever they appear ("Trump").
    """
    chosen = _named_units(v, chosen)
    surnames: dict[str, Cand] = {}
    # The first word of a full name: a given name ("Justin" after "Justin Trudeau") or a
    # family name written first ("Wang" after "Wang Shouwen"). NER often calls such a lone
    # word an ORG; it is the person, though no other word is taken for them on that ground.
    first_words: dict[str, list[Cand]] = {}
    for c in chosen:
        if c.type == "PERSON" and c.end - c.start >= 2:
            surnames.setdefault(v.text[family_name_at(v, c.start, c.end)], c)
            first_words.setdefault(v.text[c.start], []).append(c)
    org_names = {c.name for c in chosen if c.type == "ORG"}
    # "Deere and Co said ... John Deere diesel engines ... Deere said": a firm named for a
    # family, written in full before the person, keeps its lone name
    for word, full in list(surnames.items()):
        if any(
            c.type == "ORG" and c.source == "pattern" and c.name == word and c.start < full.start
            for c in chosen
        ):
            del surnames[word]
    result: list[Cand] = []
    for c in chosen:
        word = v.text[c.start]
        if c.end - c.start == 1 and c.source != "kb" and word in surnames:
            full = surnames[word]
            if full is not c:
                c = Cand(c.start, c.end, full.key, "PERSON", full.name, "ner", full.attrs)
        elif (
            c.end - c.start == 1
            and c.type == "PERSON"
            and c.source != "kb"
            and (word not in known or _family_name_first(word))
            and len({f.key for f in first_words.get(word, ())}) == 1
            and _plain_name(v, first_words[word][0])
            and first_words[word][0].name not in org_names  # "Wright Engineers", a firm too
        ):
            # "Xi" after "Xi Jinping", "Kim" after "Kim Jong Un" (and no other Kim): the
            # family name written first, which the story then uses alone
            full = first_words[word][0]
            c = Cand(c.start, c.end, full.key, "PERSON", full.name, "ner", full.attrs)
        elif c.end - c.start == 1 and c.type == "ORG" and c.source == "ner":
            named = first_words[word][0] if word in first_words else None
            if named is not None:
                c = Cand(c.start, c.end, named.key, "PERSON", named.name, "ner", named.attrs)
        result.append(c)
    if surnames:
        taken = {i for c in result for i in range(c.start, c.end)}
        for i, t_text in enumerate(v.text):
            match = surnames.get(t_text)
            if match is not None and i not in taken:
                result.append(Cand(i, i + 1, match.key, "PERSON", match.name, "ner"))
    result.sort(key=lambda c: c.start)
    ents_at = {c.end: c for c in result}
    full_keys = {c.key for c in surnames.values()}
    kept = []
    for c in result:
        if c.type == "PERSON" and not c.attrs.get("role"):
            role = _role_before(v, c, ents_at) or _role_after(v, c, result)
            if role:
                c.attrs.update(role)
        if (
            c.type == "PERSON"
            and c.end - c.start == 1
            and c.key not in full_keys
            and not c.attrs.get("role")
            and not (c.start > 0 and v.lower[c.start - 1].rstrip(".") in PERSON_TITLES)
            and v.text[c.start] not in known
        ):
            continue  # a lone capitalised word NER calls a person is usually something else
        kept.append(c)
    return kept


def role_people(v: TokenView, cands: list[Cand]) -> list[Cand]:
    """Names next to a role that the small NER model missed or mislabelled.

    'chief executive Jane Doe' and 'Jane Doe, chief executive of ...' make a PERSON of two or
    three capitalised words, unless the KB knows them.
    """
    text, n = v.text, len(v.text)
    known = {i for c in cands if c.source == "kb" for i in range(c.start, c.end)}
    people = {(c.start, c.end) for c in cands if c.type == "PERSON"}
    # Full names NER already read: a role's neighbours may add a title or a weekday to them
    # ("Secretary of State George Shultz, Defence Secretary ...", "Chief Justice John
    # Roberts", "Chairman Bob Goodlatte Tuesday"), or a given name NER left out ("Chairwoman
    # Debbie Wasserman Schultz")
    named = [(c.start, c.end) for c in cands if c.type == "PERSON" and c.end - c.start >= 2]
    out: list[Cand] = []
    for i, low in enumerate(v.lower):
        if low not in ROLE_HEADS:
            continue
        spans = []
        # role then name: "chief executive Jane Doe"
        j = i + 1
        while j < n and j - i <= 3 and v.lower[j] in ROLE_WORDS and v.lower[j] != "and":
            j += 1
        spans.append((j, _name_end(text, j)))
        # name then role: "Jane Doe, chief executive"
        k = i
        while k > 0 and i - k < 4 and v.lower[k - 1] in ROLE_WORDS:
            k -= 1
        if k >= 1 and v.lower[k - 1] in ("the", "a"):
            k -= 1
        if k >= 3 and text[k - 1] == ",":
            end = k - 1
            start = end
            while start > 0 and end - start < 3 and is_title(text[start - 1]):
                start -= 1
            if _name_end(text, start) == end:
                spans.append((start, end))
        for start, end in spans:
            if end - start >= 2:
                end = without_tooltip(v.doc[start:end]).end
            if end - start < 2 or (start, end) in people:
                continue
            if any(a < end and start < b for a, b in named) and not _adds_given_name(
                v, start, end, named
            ):
                continue
            if any(t in known for t in range(start, end)):
                continue
            if any(text[t].isupper() or v.lower[t] in PERSON_TITLES for t in range(start, end)):
                continue
            name = " ".join(text[start:end])
            out.append(Cand(start, end, f"person:{slugify(name)}", "PERSON", name, "pattern"))
            people.add((start, end))
    return out


def _adds_given_name(v: TokenView, start: int, end: int, named: list[tuple[int, int]]) -> bool:
    """The role's name holds a name NER read, plus only words before it that are no title
    or description ("Debbie" of "Chairwoman Debbie Wasserman Schultz"; not "State" of
    "Secretary of State George Shultz")."""
    inner = next(((a, b) for a, b in named if start <= a and b <= end), None)
    if inner is None or inner[1] != end:
        return False
    extra = range(start, inner[0])
    return bool(extra) and not any(
        v.lower[i].rstrip(".") in _NOT_GIVEN
        or v.doc[i].is_sent_start  # "But Hannes Androsch, chairman of ...", "Yesterday ..."
        for i in extra
    )


# Where a leader's family name comes first: "Xi" of "Xi Jinping", "Kim" of "Kim Jong Un".
_FAMILY_FIRST = frozenset({"CHN", "PRK", "KOR", "TWN", "VNM"})


def _family_name_first(word: str) -> bool:
    """A leader known by a family name written first; "Trump" is not the first word of a
    "Trump Gowdy" the model joins, but the surname of the Donald Trump the story names."""
    return LEADERS.get(word.lower()) in _FAMILY_FIRST


def _plain_name(v: TokenView, c: Cand) -> bool:
    """Every word of the name a name's word, none a firm's or a place's ("Wright Engineers",
    "Ferozepur District" are no one's full name)."""
    return not any(w in BUSINESS_HEADS or w in _PLACE_WORDS for w in v.lower[c.start : c.end])


_PLACE_WORDS = frozenset({"district", "county", "province", "region", "state", "city"})


def family_name_at(v: TokenView, start: int, end: int) -> int:
    """Token index of the family name of the person named by tokens start..end.

    The last word, except in a name whose given name is hyphenated with a lower-case second
    part ("Moon Jae-in", "Park Geun-hye"): such names put the family name first, and the
    story's later "Moon" means the same person.
    """
    if end - start >= 4 and v.text[start + 2] == "-" and given_name_tail(v.text[start + 3]):
        return start
    return end - 1


def given_name_tail(word: str) -> bool:
    """The lower-case second part of a hyphenated given name: "in" of "Jae-in", "hye" of
    "Geun-hye" (never "ing" of "Gorbachev-ing": that follows a lone family name)."""
    return word.isalpha() and word.islower() and len(word) <= 4


def strip_titles(span: Span) -> Span | None:
    start = span.start
    doc = span.doc
    if (
        len(span) >= 3
        and start >= 2
        and doc[start - 1].lower_ == "of"
        and doc[start - 2].lower_ in ROLE_HEADS
    ):
        start += 1  # "Secretary of State George Shultz": the office ends the title
    while start < span.end - 1 and doc[start].lower_.rstrip(".") in _BEFORE_NAMES:
        start += 1
    return doc[start : span.end]


# What a person is, capitalised at the start of a sentence or of a title, which the NER model
# reads into the name: "Farmer Blake Erwin", "As Conservative Max Boot explained", "Crown
# Prince Mohammed bin Salman", "Chief Justice John Roberts".
_DESCRIBED = frozenset({
    "farmer", "conservative", "liberal", "activist", "columnist", "commentator", "historian",
    "author", "writer", "lawyer", "attorney", "economist", "analyst", "rancher", "veteran",
    "crown", "shah", "emir", "justice", "officer", "democrat", "republican", "billionaire",
    "investor", "entrepreneur", "tycoon", "congressman", "congresswoman", "lawmaker",
})  # fmt: skip
_BEFORE_NAMES = PERSON_TITLES | _DESCRIBED
# Words before a name the model read that are no given name: titles, descriptions, "But".
_NOT_GIVEN = ROLE_WORDS | _BEFORE_NAMES | NAME_STOP | ROLE_NOUNS


def without_tooltip(span: Span) -> Span:
    """A name a site's link repeats in full after it, as scraped text keeps it: "Rod
    Rosenstein Rod RosensteinDemocrats", "Wilbur Ross Wilbur Louis Ross", "Jeff Sessions
    Jefferson Beauregard Sessions", "Trump Donald John TrumpGOP": the name written first."""
    words = [t.text for t in span]
    if not all(w.isalpha() or w.endswith(".") for w in words[:2]):
        return span  # "Chi-Chi": one name
    first = words[0]
    for k in range(2, len(words)):
        rest = words[k]
        tail = rest[len(first) :]
        if len(first) >= 3 and rest.startswith(first) and (tail.islower() or (not tail and k == 2)):
            return span.doc[span.start : span.start + k]  # "Jefferson" after "Jeff Sessions"
    after = span.doc[span.end].text if span.end < len(span.doc) else ""
    if len(words) >= 2 and any(
        w.startswith(words[0]) and w != words[0] and not w[len(words[0]) :].islower()
        for w in [*words[2:], after]
    ):
        return span.doc[span.start : span.start + 1]  # "Trump", then "Donald John TrumpGOP"
    return span


def person_ok(v: TokenView, span: Span) -> bool:
    words = v.text[span.start : span.end]
    if is_junk(v.lower[span.start : span.end]) or len(words) > 5:
        return False
    if v.lower[span.start] in NAME_STOP or v.lower[span.start] in ("neither", "either", "nor"):
        return False  # "Neither Castro", "On Friday": a capitalised function word
    particles = ("-", "'", "de", "van", "von", "bin", "al", "da")
    if not all(
        is_title(w)
        or w in particles
        or w.isspace()
        or (i >= 3 and words[i - 1] == "-" and given_name_tail(w))
        for i, w in enumerate(words)
    ):
        return False  # "Geun-hye", "Jae-in" after a family name; never "Gorbachev-ing"
    inner = range(1, len(words) - 1)
    if any(
        w[:1].isdigit() or (len(w) > 1 and w.isupper() and not (i in inner and _initials(w)))
        for i, w in enumerate(words)
    ):
        return False  # "U.S. Dlrs", "AVG": table or headline debris; "Donald J. Trump" holds
    return not (len(words) == 1 and v.sent_start[span.start])


_MIDDLE_INITIALS = re.compile(r" (?:[A-Z]\.){1,2}(?= )")


def person_key(name: str) -> str:
    """Key of a person: middle initials left out, so 'Donald J. Trump' is 'Donald Trump'."""
    return "person:" + slugify(_MIDDLE_INITIALS.sub("", name))


def _initials(word: str) -> bool:
    """A middle initial or two: 'J.', 'H.W.'."""
    return re.fullmatch(r"(?:[A-Z]\.){1,2}", word) is not None


def _role_words(words: list[str]) -> str | None:
    if not words or not any(w.lower() in ROLE_HEADS for w in words):
        return None
    return " ".join(w if w.isupper() else w.lower() for w in words)


def _role_before(v: TokenView, person: Cand, ents_at: dict[int, Cand]) -> dict[str, str]:
    """'Indonesia's investment minister Bahlil Lahadalia' -> role, country."""
    i = person.start - 1
    words: list[str] = []
    while i >= 0 and len(words) < 6 and v.lower[i] in ROLE_WORDS:
        words.insert(0, v.text[i])
        i -= 1
    while words and words[0].lower() == "and":
        words.pop(0)
    role = _role_words(words)
    if role is None:
        return {}
    out = {"role": role}
    if i >= 1 and v.text[i] in ("'s", "’s") and i in ents_at:
        out.update(_owner_attrs(ents_at[i]))
    elif i + 1 in ents_at:
        out.update(_owner_attrs(ents_at[i + 1]))
    return out


def _role_after(v: TokenView, person: Cand, chosen: list[Cand]) -> dict[str, str]:
    """'Jane Doe, chief executive of Lynas, said' -> role, org."""
    i, n = person.end, len(v.text)
    if i >= n or v.text[i] != ",":
        return {}
    by_start = {c.start: c for c in chosen}
    i += 1
    owner: Cand | None = None
    if i in by_start and by_start[i].type in ("COUNTRY", "ORG"):
        owner = by_start[i]
        i = owner.end
        if i < n and v.text[i] in ("'s", "’s"):
            i += 1
        else:
            return {}
    elif i < n and v.lower[i] in ("the", "a"):
        i += 1
    words: list[str] = []
    while i < n and len(words) < 6 and v.lower[i] in ROLE_WORDS:
        words.append(v.text[i])
        i += 1
    role = _role_words(words)
    if role is None:
        return {}
    out = {"role": role}
    if owner is None and i + 1 < n and v.lower[i] in ("of", "at") and i + 1 in by_start:
        owner = by_start[i + 1]
    if owner is not None:
        out.update(_owner_attrs(owner))
    return out


def _name_end(text: list[str], start: int) -> int:
    """End of a run of two or three capitalised words starting at `start`."""
    end = start
    while end < len(text) and end - start < 3 and is_title(text[end]) and text[end].isalpha():
        end += 1
    return end


def _owner_attrs(owner: Cand) -> dict[str, str]:
    if owner.type == "COUNTRY":
        return {"country": owner.key.split(":", 1)[1]}
    if owner.type == "ORG":
        return {"org": owner.key}
    return {}


def _named_units(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """ "Aker Verdal, a unit of Aker Norcem A/S": a name described as a firm's unit is a
    firm, whatever NER called it."""
    out: list[Cand] = []
    for c in chosen:
        after = v.lower[c.end : c.end + 5]
        unit = (
            len(after) == 5
            and after[0] == ","
            and after[1] in ("a", "the", "an")
            and (after[2] in FIRM_PART_WORDS or after[3] in FIRM_PART_WORDS)
        )
        if unit and c.type == "PERSON" and c.source == "ner" and not c.attrs.get("role"):
            name = " ".join(v.text[c.start : c.end])
            c = org_cand(c.start, c.end, name, c.source)
        out.append(c)
    return out
