"""Project names the KB lacks: "Kamoa-Kakula copper mine", "Nolans rare earths project"."""

from __future__ import annotations

from assay.enrich.entities.companies import LEGAL_FORMS
from assay.enrich.entities.lexicon import (
    CALENDAR_WORDS,
    CIVIC_WORDS,
    DETERMINERS,
    HYPHENATED_KIND_HALVES,
    KIND_MODIFIERS,
    NAME_STOP,
    PERSON_TITLES,
    PLACE_GENERICS,
    PROCESS_WORDS,
    PROJECT_KINDS,
    ROLE_HEADS,
    ROLE_NOUNS,
    SERVICE_STATIONS,
    TITLE_WORDS,
    UNIT_WORDS,
)
from assay.enrich.entities.project_lists import follows_a_list, listed_before
from assay.enrich.entities.spans import Cand, TokenView, is_title, kb_cand, line_wrap
from assay.enrich.kb import KBEntry, slugify

# Words that open an oil well's name ("the Hibernia P-15 well", "its Mawson One well").
_WELL_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "'s", "’s", "first", "second"})
_POLITICAL = frozenset({
    "party", "democratic", "republican", "gop", "labour", "labor", "conservative", "liberal",
    "campaign", "democrats", "republicans",
})  # fmt: skip
# What may follow a facility named "X complex" ("the Kashagan complex was shut").
_AFTER_FACILITY = frozenset({
    "is", "was", "were", "has", "had", "have", "will", "would", "can", "could", "in", "at",
    "on", "near", "of", "and", "or", "which", "that", "to", "for", "with", "by", "from",
    "said", "says", "since", "after", "before", "where", "when", "are", "be", "being",
})  # fmt: skip


def _after_modifier(v: TokenView, end: int) -> int:
    """Where the name ends before the kind modifier that ends at `end`, if there is one:
    "Komati power station", "the Drax coal-fired power station", "the Mahaweli hydro-electric
    project"."""
    if end > 0 and v.lower[end - 1] in KIND_MODIFIERS:
        return end - 1
    if end >= 3 and v.text[end - 2] == "-" and v.lower[end - 1] in HYPHENATED_KIND_HALVES:
        return end - 3
    return end


def _modifies_next(v: TokenView, i: int) -> bool:
    """The next word is a lower-case word no facility name is followed by: an adjective's
    noun ("complex rules")."""
    word = v.text[i]
    return word.isalpha() and word.islower() and word not in _AFTER_FACILITY


# Lower-case words inside a name: "Lac des Iles", "Cerro de Pasco", "Mina del Rey".
_PARTICLES = frozenset({"de", "des", "du", "del", "della", "da", "do", "dos", "das", "di", "sur"})
# Facilities that share a field's or mine's name but are other things: "the Ekofisk pipeline".
SEPARATE_KINDS = frozenset({"pipeline", "terminal"})


def project_candidates(v: TokenView, cands: list[Cand]) -> list[Cand]:
    """'Kamoa-Kakula copper mine', 'Foo Bar rare earths project' when the KB lacks them."""
    covered: dict[int, Cand] = {}
    ner_tokens: dict[int, str] = {}
    for e_start, e_end, label in v.ents:
        for i in range(e_start, e_end):
            ner_tokens[i] = label
    for c in cands:
        if c.source == "kb":
            for i in range(c.start, c.end):
                covered[i] = c
    out: list[Cand] = []
    doc, text = v.doc, v.text
    for k, low in enumerate(v.lower):
        kind = PROJECT_KINDS.get(low)
        if kind is None and low in ("property", "claims") and _mining_property(v, covered, k):
            kind = "deposit"  # a mining property: "its R.M. Nicel platinum property"
        if kind is None:
            continue
        capital = text[k] != low
        if capital and (
            text[k] != low.capitalize() or v.sent_start[k] or k == 0 or not is_title(text[k - 1])
        ):
            continue  # "Nurukawa Mine" names a mine; "Mine workers" at a sentence start does not
        if capital and low == "block" and not (k + 1 < len(text) and text[k + 1].isdigit()):
            continue  # "Eugene Island Block 371", but not "Sharon Block"
        if capital and low == "mines":
            continue  # "Dome Mines", "Western Mines": a company's name, not a mine's
        after = v.lower[k + 1] if k + 1 < len(text) else ""
        if (
            after in ROLE_NOUNS
            or after in DETERMINERS
            or (capital and k + 1 < len(text) and is_title(text[k + 1]))
        ):
            continue  # "a FBI field office", "the CBO project that", "President Dam Teutong"
        if low == "station" and k > 0 and v.lower[k - 1] in SERVICE_STATIONS:
            continue  # "a gas station", "its Los Angeles television station KHJ"
        plural = low.endswith("s")
        end_name = k
        if end_name > 0 and line_wrap(text[end_name - 1]):
            end_name -= 1  # a hard line wrap between name and kind: "the Ula\nfield"
        end_name = _after_modifier(v, end_name)  # "Komati power station", "Drax coal-fired"
        # "the automaker's Pontiac, Mich., truck plant": the mention ends at the town, and
        # the state stays a place
        placed_by = _placed(text, covered, end_name)
        end_name = placed_by or end_name
        # commodity words may sit between name and kind: "Nolans rare earths project"
        while (
            end_name > 0
            and k - end_name < 5
            and (
                (
                    end_name - 1 in covered
                    and covered[end_name - 1].type == "COMMODITY"
                    # "Copper Mountain mine" and "Papua LNG project" keep their word; after a
                    # kind modifier an acronym goes: "the Prelude floating LNG facility"
                    and (
                        not is_title(text[end_name - 1])
                        or (
                            text[end_name - 1].isupper()
                            and end_name >= 2
                            and v.lower[end_name - 2] in KIND_MODIFIERS
                        )
                    )
                )
                or (text[end_name - 1] in ("/", "and", ",") and _commodity(covered, end_name - 2))
            )
        ):
            end_name -= 1  # "Poona copper/gold project", "Kashagan oil and gas field"
        if end_name < k:
            end_name = _after_modifier(v, end_name)  # "Hibernia offshore oil field"
        if not placed_by:  # a place before the commodity: "Murdochville, Quebec copper mine"
            placed_by = _placed(text, covered, end_name)
            end_name = placed_by or end_name
        # "the Olkiluoto 3 reactor": the unit's number is read with the name, after it
        numbered = int(
            end_name >= 2 and _unit_number(text[end_name - 1]) and is_title(text[end_name - 2])
        )
        end_name -= numbered
        start = end_name
        while start > 0 and end_name - start < 5:
            t = text[start - 1]
            if line_wrap(t) and start >= 2 and is_title(text[start - 2]) and start < end_name:
                start -= 1  # "Coronation\nHill"
            elif (
                t in ("'s", "’s")
                and start >= 2
                and is_title(text[start - 2])
                and start < end_name
                and start - 2 not in covered
                and not _long_owner(text, start - 2)
                and (
                    ner_tokens.get(start - 2) not in ("ORG", "GPE", "NORP")
                    or any(a <= start - 2 and start < b for a, b, _ in v.ents)
                )
            ):
                start -= 1  # "Voisey's Bay", not "BP's Lavera" or "Shell Francaise's Berre"
            elif (
                (
                    (t == "-" or t in _PARTICLES)
                    and start >= 2
                    and is_title(text[start - 2])
                    and start < end_name
                )
                or (
                    (is_title(t) or t[:2].lower() in ("l'", "d'"))
                    and (t.lower() not in NAME_STOP or _numbered(text, start - 1))
                    and t.lower() not in UNIT_WORDS
                    and t.lower() not in CALENDAR_WORDS  # "February factory production"
                    and not t[:1].isdigit()
                )
            ):
                start -= 1
            else:
                break
        while start < end_name and line_wrap(text[start]):
            start += 1
        region = covered.get(start)
        if (
            region is not None
            and region.type == "LOCATION"
            and region.end - region.start >= 2
            and region.end < end_name
            and is_title(text[region.end])
        ):
            start = region.end  # "Norway's North Sea Veslefrikk oil field": where, then which
        if start == end_name or _described_not_named(covered, start, end_name, text):
            continue  # no name, or a known entity: "Chinese plant", "BHP project"
        if placed_by and start > 0 and v.lower[start - 1] in ("a", "an"):
            continue  # "a Bingham, Utah, mine" says where a mine is; "its Baytown, Texas refinery"
        if low == "well" and (start == 0 or v.lower[start - 1] not in _WELL_DETERMINERS):
            continue  # "wish President Trump well": the adverb; "the Hibernia well" names one
        if low in ("platform", "field") and any(
            v.lower[i] in _POLITICAL or ner_tokens.get(i) == "NORP" for i in range(start, end_name)
        ):
            continue  # "the Republican Party platform", "the Democratic field": no rig or field
        if low == "complex" and k + 1 < len(text) and _modifies_next(v, k + 1):
            continue  # "the Affordable Care Act complex rules": the adjective
        if text[start] == "-" or any(t in LEGAL_FORMS for t in text[start:end_name]):
            continue  # "a Noranda Inc copper mine": the owner's name, not the mine's
        if (
            kind in ("plant", "terminal")
            and any(ner_tokens.get(i) == "GPE" for i in range(start, end_name))
            and not _named_by_place(v, start, low)
        ):
            continue  # "a Chicago plant" says where a plant is
        titled = start > 0 and v.lower[start - 1] in ROLE_HEADS | PERSON_TITLES | TITLE_WORDS
        if (capital and titled) or (
            low == "well" and any(ner_tokens.get(i) == "NORP" for i in range(start, end_name))
        ):
            continue  # "science chief Chris Field", "got to know the Kurds well": no facility
        if v.sent_start[start] and not any(i in ner_tokens for i in range(start, end_name)):
            continue  # "Combined output", "Demand field": capitalised only by position
        end_name += numbered
        names = doc[start:end_name]
        name = " ".join(names.text.split())
        if name.upper() in PROCESS_WORDS or any(w in CIVIC_WORDS for w in v.lower[start:end_name]):
            continue
        end = placed_by or k + 1
        # "Sedren Mine" and "the Sedren copper mine": one; "the Ekofisk pipeline": not the field
        key = facility_key(f"project:{slugify(name)}", kind)
        if capital and end < len(text) and text[end].isdigit():
            end += 1  # "Eugene Island Block 371"
            key = f"project:{slugify(doc[start:end].text)}"
        if capital:
            name = " ".join(doc[start:end].text.split())
        # "the Valhall and Ula fields", not "its Gulf Coast plants and Baytown projects"
        listed = follows_a_list(v, start)
        if plural and not listed and low != "mines":
            continue  # "Mediterranean refineries"; but "the Sullivan mines" is one mine
        out.append(Cand(start, end, key, "PROJECT", name, "pattern", {"kind": kind}))
        if plural and listed:
            out += listed_before(v, start, covered, kind)
    return _short_forms(out, [c for c in cands if c.type == "PROJECT"])


def _placed(text: list[str], covered: dict[int, Cand], end_name: int) -> int:
    """The end of a facility's name followed by its place: "Baytown, Texas refinery",
    "Pontiac, Mich., truck plant" give the token after "Baytown" or "Pontiac"; else 0."""
    end = end_name - 1 if end_name >= 1 and text[end_name - 1] == "," else end_name
    place = covered.get(end - 1)
    if place is None or place.type != "LOCATION" or place.end != end:
        return 0
    if place.start >= 2 and text[place.start - 1] == "," and is_title(text[place.start - 2]):
        return place.start - 1
    return 0


def _long_owner(text: list[str], last: int) -> bool:
    """ "Shell Francaise's": a name of two title words before a possessive is an owner's
    (where NER did not tag it), not the first word of a facility's name ("Voisey's Bay")."""
    return last >= 1 and is_title(text[last - 1]) and text[last - 1].lower() not in NAME_STOP


def facility_key(key: str, kind: str) -> str:
    """The key of a facility of `kind` named `key`: a pipeline or terminal is its own."""
    return f"{key}-{kind}" if kind in SEPARATE_KINDS else key


def kb_project_mention(v: TokenView, start: int, end: int, entry: KBEntry) -> Cand:
    """A known project's mention. It takes a kind word that follows ("Stibnite project",
    "Fordow enrichment facility"); a pipeline or terminal named after a known field is
    another facility."""
    if (
        end + 1 < len(v.lower)
        and v.lower[end] in KIND_MODIFIERS
        and v.lower[end + 1] in PROJECT_KINDS
        and not v.lower[end + 1].endswith("s")
    ):
        end += 1  # the modifier, then the kind word below
    if end < len(v.lower) and v.lower[end] in PROJECT_KINDS:
        end += 1
        kind = PROJECT_KINDS[v.lower[end - 1]]
        if entry.attrs.get("kind") != kind and kind in SEPARATE_KINDS:
            name = " ".join(v.doc[start:end].text.split())  # "the Ekofisk pipeline"
            return Cand(
                start, end, facility_key(entry.key, kind), "PROJECT", name, "kb", {"kind": kind}
            )
    return kb_cand(start, end, entry)


def bare_project_names(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """'Ekofisk' after 'the Ekofisk field': the bare name is the project, whatever NER said.

    Only NER's own guesses (ORG, PERSON) are retyped: a known place or company keeps its type.
    """
    bare = {
        _bare(c).lower(): c
        for c in chosen
        if c.type == "PROJECT" and c.attrs.get("kind") not in SEPARATE_KINDS
    }
    if not bare:
        return chosen
    for c in chosen:
        if c.source != "ner" or c.type not in ("ORG", "PERSON"):
            continue
        project = bare.get(" ".join(c.name.split()).lower())
        if project is not None:
            c.key, c.type, c.name = project.key, "PROJECT", project.name
            c.attrs = dict(project.attrs)
    return chosen


def _short_forms(found: list[Cand], known: list[Cand]) -> list[Cand]:
    """'the Shelf project' after 'the North-West Shelf project' is that project."""
    for c in found:
        for other in (*known, *found):
            if other is not c and other.key != c.key and _ends_with(_bare(other), _bare(c)):
                c.key, c.name = other.key, other.name
                break
    return found


def _bare(c: Cand) -> str:
    """The name without its kind word: 'Shelf' of 'Shelf project'."""
    words = c.name.split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in PROJECT_KINDS else c.name


def _ends_with(name: str, short: str) -> bool:
    return len(name) > len(short) and (name.endswith(" " + short) or name.endswith("-" + short))


def _described_not_named(covered: dict[int, Cand], start: int, end: int, text: list[str]) -> bool:
    """'BHP project', 'Chinese plant', 'Pilbara project': the name is a known other entity.

    A place plus a commodity ('Papua LNG project', 'Arctic LNG 2') is a project name.
    """
    known = [covered.get(i) for i in range(start, end)]
    if known[0] is not None and known[0].type in ("ORG", "COUNTRY", "PROJECT"):
        # "Turkey Point nuclear plant", "Jordan Valley": a country's name in a place's name
        second = text[start + 1].lower() if end - start == 2 and known[1] is None else ""
        return not (known[0].type == "COUNTRY" and second in PLACE_GENERICS)
    types = {k.type for k in known if k is not None}
    if None not in known and types <= {"LOCATION", "COUNTRY"}:
        return True
    return bool(types) and types <= {"COMMODITY"} and None not in known


_MINING_WORDS = frozenset({"mine", "mines", "mining", "exploration", "drilling", "ore", "deposit"})


def _mining_property(v: TokenView, covered: dict[int, Cand], k: int) -> bool:
    """ "its R.M. Nicel platinum property", or "the Ortiz property" in a sentence about
    mines and exploration: a mining property, not real estate."""
    if _commodity(covered, k - 1):
        return True
    start = k - 1
    while start > 0 and v.sent_start[start] is False:
        start -= 1
    return any(w in _MINING_WORDS for w in v.lower[max(start, k - 40) : k + 15])


def _commodity(covered: dict[int, Cand], i: int) -> bool:
    return i in covered and covered[i].type == "COMMODITY"


def _unit_number(token: str) -> bool:
    """A unit's number written after a plant's name: "3", "II"."""
    return (token.isdigit() and len(token) <= 2) or token in ("II", "III", "IV")


def _numbered(text: list[str], i: int) -> bool:
    """ "Mawson One well": a capitalised number word inside a name."""
    return text[i] in ("One", "Two", "Three") and i > 0 and is_title(text[i - 1])


def _named_by_place(v: TokenView, start: int, kind_word: str) -> bool:
    """A facility its owner's possessive or "the" names ("its Ridgeton plant", "GM's Pontiac
    plant", "the Toledo plant"): the place is the facility's name (guidelines). "The Chicago
    soybean complex" is a market."""
    prev = v.lower[start - 1] if start > 0 else ""
    return prev in ("its", "their", "'s", "’s") or (prev == "the" and kind_word != "complex")
