"""People in real news pages: bylines and credits dropped, split names joined, leaders found.

- Bylines, photo credits and contributor lines name the people who made the page, not the
  people in the story: "John Doe" alone on a line, "REUTERS/Jane Roe", "Contributing: X",
  "X and Y contributed to this report".
- The tokenizer splits hyphenated given names ("Park Geun-hye", "Kim Jong-un"); NER then
  stops at the hyphen. The mention takes the rest of the name back.
- "The Obama administration": the small model calls it an organisation; the leader's name is
  a person mention, the administration no entity at all.
- A lone surname the model tags as an organisation ("Trump said") is the person of that
  surname when the story names them in full.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from assay.enrich.entities.lexicon import PARTNERSHIP_TAILS
from assay.enrich.entities.people import given_name_tail, person_key
from assay.enrich.entities.spans import Cand, TokenView, firm_name, is_title, org_cand

_CONTRIBUTED = re.compile(
    r"contributed (?:reporting )?(?:to|for) (?:this|the) (?:report|story|article)", re.I
)
_CREDIT_PREFIX = re.compile(
    r"(?:contributing|reporting|writing|editing|additional reporting)(?: by)?\s*:?\s*$|"
    r"(?:^|\W)by\s*$|(?:reuters|ap|afp|getty images|photo|credit|file)\s*/\s*$",
    re.I,
)
_VIA_SLASH = re.compile(r"/\s*(?:via\s+)?$", re.I)  # "REUTERS/Jane Roe", "KCNA/via REUTERS"
_CREDIT_SUFFIX = re.compile(r"^\s*/\s*(?:reuters|ap|afp|getty|handout|file)\b", re.I)
GOVERNMENT_NOUNS = {"administration", "government", "cabinet", "regime", "white"}


def _chars(doc: Doc, c: Cand) -> tuple[int, int]:
    return doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1].text)


def _line(raw: str, start: int, end: int) -> tuple[str, str, str]:
    """(text before on the line, the line, text after on the line) around a char span."""
    ls = raw.rfind("\n", 0, start) + 1
    le = raw.find("\n", end)
    le = len(raw) if le == -1 else le
    return raw[ls:start], raw[ls:le], raw[end:le]


_DATELINE_AGENCY = re.compile(r"^\s*\($|/\s*$")
# A department named as part of its head's title: "Treasury Secretary James Baker".
CABINET_TITLES = {"secretary", "representative", "minister", "undersecretary"}


def drop_titles(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """'Treasury Secretary James Baker', 'U.S. Trade Representative Clayton Yeutter': the
    department is part of a person's title, not a mention of the department."""
    starts = {c.start: c for c in chosen}
    kept = []
    for c in chosen:
        if c.type == "ORG":
            i = c.end
            if i < len(v.lower) and v.lower[i] in CABINET_TITLES:
                nxt = starts.get(i + 1)
                if nxt is not None and nxt.type == "PERSON":
                    continue
            last = v.lower[c.end - 1]
            nxt = starts.get(c.end)
            if last in CABINET_TITLES and nxt is not None and nxt.type == "PERSON":
                continue  # "U.S. Trade Representative Clayton Yeutter"
        kept.append(c)
    return kept


def _opening_credit(raw: str, doc: Doc, c: Cand) -> bool:
    """An outlet in parentheses opening a line, after a dateline at most: "(CNN) The ...",
    "WASHINGTON (CNN) -"."""
    start, end = _chars(doc, c)
    before, _, after = _line(raw, start, end)
    head = before.rstrip()
    return (
        head.endswith("(")
        and after.startswith(")")
        and re.fullmatch(r"[A-Z][A-Z .,'-]*|", head[:-1].strip()) is not None
    )


def drop_credits(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """People named only as bylines, credits or contributors are not in the story; the
    agency in a dateline or photo credit ("TOKYO (Reuters) -", "REUTERS/Jane Roe") neither."""
    doc, raw = v.doc, v.raw
    kept = []
    for c in chosen:
        if c.type == "ORG" and c.key in ("org:reuters", "org:reuters-breakingviews", "org:ap"):
            start, end = _chars(doc, c)
            before, _, after = _line(raw, start, end)
            if (before.rstrip().endswith("(") and re.match(r"\s*(?:[\w ]*)\)\s*[-–—]", after)) or (
                after.startswith("/") or _VIA_SLASH.search(before)
            ):
                continue
        if c.type == "ORG" and c.attrs.get("kind") == "media" and _opening_credit(raw, doc, c):
            continue  # "(CNN) The Trump administration announced ..."
        if c.type == "ORG" and _CONTRIBUTED.search(_line(raw, *_chars(doc, c))[1]):
            continue  # "Associated Press writer Jane Roe contributed to this report."
        if c.type == "PERSON":
            start, end = _chars(doc, c)
            before, line, after = _line(raw, start, end)
            alone = re.fullmatch(r"[\s\-–—]*(?:by\s+)?[\s\-–—]*", before, re.I) is not None and (
                re.fullmatch(
                    r"\s*(?:(?:,|and)\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})*\s*", after
                )
                is not None
            )
            if (
                (alone and len(line.split()) <= 8)
                or _CONTRIBUTED.search(line)
                or _CREDIT_PREFIX.search(before)
                or _CREDIT_SUFFIX.match(after)
            ):
                continue
        kept.append(c)
    return kept


def join_hyphenated(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """'Park Geun' + '-' + 'hye' -> 'Park Geun-hye'."""
    text, doc = v.text, v.doc
    taken = {i for c in chosen for i in range(c.start, c.end)}
    for c in chosen:
        if c.type != "PERSON" or c.end + 1 >= len(text):
            continue
        last = doc[c.end - 1]
        if last.whitespace_ or text[c.end] != "-" or doc[c.end].whitespace_:
            continue
        nxt = c.end + 1
        if nxt in taken or not text[nxt].isalpha():
            continue
        if text[nxt].islower() and (c.end - c.start < 2 or not given_name_tail(text[nxt])):
            continue  # "Obama-era", "Gorbachev-ing": a word made from a name, not a name
        c.end = nxt + 1
        name = doc[c.start : c.end].text
        c.name = name
        c.key = "person:" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        taken.update({nxt - 1, nxt})
    return chosen


def _person_and_firm(v: TokenView, c: Cand, people: set[str]) -> bool:
    """An organisation's name that opens with the surname of a person the story names and
    "and": "Harwell and Lakeshore Financial Corp"."""
    return (
        c.type == "ORG"
        and c.chars is None
        and c.end - c.start >= 3
        and v.text[c.start] in people
        and v.lower[c.start + 1] in ("and", "&")
        and is_title(v.text[c.start + 2])
        and not _family_firm(v, c)
    )


def _family_firm(v: TokenView, c: Cand) -> bool:
    """ "Deere and Co said ... John Deere engines": a firm named for a family, written before
    any person of that name, is one firm; "Mark Zuckerberg ... Zuckerberg and Co." is not."""
    word = v.text[c.start]
    return v.lower[c.start + 2].rstrip(".") in _FAMILY_FIRM and word not in v.text[: c.start]


_FAMILY_FIRM = frozenset({"co", "company", "corp", "inc", "ltd"}) | {
    t.lower() for t in PARTNERSHIP_TAILS
}


def leaders_in_orgs(v: TokenView, chosen: list[Cand], people: set[str]) -> list[Cand]:
    """'Obama administration' (ORG) -> PERSON 'Obama'; 'Trump' (ORG) -> PERSON 'Trump'.

    `people` holds the surnames of people the document names.
    """
    out = []
    for c in chosen:
        if c.type == "ORG" and c.source == "ner":
            words = v.text[c.start : c.end]
            if len(words) >= 2 and v.lower[c.end - 1] in GOVERNMENT_NOUNS:
                name_end = c.end - 1
                if words[-2] in ("'s", "’s") and len(words) >= 3:
                    name_end -= 1  # "Trump's administration"
                    words = words[:-1]
                if all(is_title(w) for w in words[:-1]) and words[-2] in people:
                    name = " ".join(words[:-1])
                    key = "person:" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
                    out.append(Cand(c.start, name_end, key, "PERSON", name, "ner"))
                    continue
            if len(words) == 1 and words[0] in people:
                out.append(Cand(c.start, c.end, person_key(words[0]), "PERSON", words[0], "ner"))
                continue
        if _person_and_firm(v, c, people):
            # "Harwell and Lakeshore Financial Corp, a firm he runs": a person the
            # story names, and a firm
            word = v.text[c.start]
            out.append(Cand(c.start, c.start + 1, person_key(word), "PERSON", word, "ner"))
            name = firm_name(" ".join(v.text[c.start + 2 : c.end]))
            out.append(org_cand(c.start + 2, c.end, name, c.source))
            continue
        out.append(c)
    # Every other "Trump" in the story is the same person.
    taken = {i for c in out for i in range(c.start, c.end)}
    for i, word in enumerate(v.text):
        if i not in taken and word in people and word[:1].isupper() and not v.text[i].isupper():
            out.append(Cand(i, i + 1, person_key(word), "PERSON", word, "ner"))
    return sorted(out, key=lambda c: c.start)


# The fields an office is "of": "Secretary of Trade and Industry", "Minister of Mines".
_FIELDS = frozenset({
    "trade", "industry", "finance", "commerce", "agriculture", "energy", "economy", "mines",
    "oil", "petroleum", "foreign", "affairs", "defence", "defense", "state", "labour", "labor",
    "planning", "economic", "industries", "external", "treasury", "and", "the",
})  # fmt: skip
_OFFICES = frozenset({"secretary", "minister", "undersecretary", "under-secretary"})


def office_holders(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """'Secretary of Trade and Industry Jose Concepcion': NER reads the office's field and the
    holder's name as one ORG; the name after the field is a PERSON."""
    out = []
    for c in chosen:
        if (
            c.type == "ORG"
            and c.source == "ner"
            and c.start >= 2
            and v.lower[c.start - 1] == "of"
            and v.lower[c.start - 2] in _OFFICES
        ):
            k = c.start
            while k < c.end and v.lower[k] in _FIELDS:
                k += 1
            name = v.text[k : c.end]
            if k > c.start and 2 <= len(name) <= 3 and all(is_title(w) for w in name):
                text = " ".join(name)
                out.append(Cand(k, c.end, person_key(text), "PERSON", text, "ner"))
                continue
        out.append(c)
    return out


# A service branch named in its member's rank or role: "retired Army Lt. Gen. Thomas Spoehr",
# "a four-star Army general", "an Army combat veteran" (GUIDELINES list the branch as an ORG).
_BRANCHES = frozenset({"Army", "Navy"})
_RANKS = frozenset({
    "gen.", "gen", "general", "lt.", "lt", "col.", "col", "maj.", "maj", "capt.", "capt",
    "captain", "sgt.", "sgt", "adm.", "adm", "admiral", "officer", "officers", "veteran",
    "chief", "secretary", "spokesman", "spokeswoman", "combat", "reserve", "reservist",
    "private", "commander", "colonel", "major", "lieutenant", "sergeant", "seal",
})  # fmt: skip


def service_branches(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """The branch before a rank or a soldier's role is an ORG where nothing else covers it
    (the story's "U.S. Navy" when it names one); so is a parliament named as a proper noun
    ("passes the Parliament", "Iraq's Parliament voted"), which NER often leaves out."""
    taken = {i for c in chosen for i in range(c.start, c.end)}
    added: list[Cand] = []
    for i, word in enumerate(v.text):
        if i in taken:
            continue
        if word in _BRANCHES and i + 1 < len(v.text) and v.lower[i + 1] in _RANKS:
            full = [c for c in chosen if c.type == "ORG" and c.name.endswith(" " + word)]
            c = full[0] if full else Cand(i, i + 1, f"org:{word.lower()}", "ORG", word, "pattern")
            added.append(Cand(i, i + 1, c.key, "ORG", c.name, c.source, c.attrs))
        elif word == "Parliament" and not v.sent_start[i] and not _after_a_name(v, i):
            added.append(Cand(i, i + 1, "org:parliament", "ORG", word, "pattern"))
    return sorted(chosen + added, key=lambda c: c.start) if added else chosen


def _after_a_name(v: TokenView, i: int) -> bool:
    """ "the European Parliament": a title-case word before it, which is not "The", makes the
    word part of a longer name."""
    return i > 0 and is_title(v.text[i - 1]) and v.lower[i - 1] != "the"
