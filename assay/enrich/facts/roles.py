"""Role resolution shared by the fact rules: who acts, who is hit, and how sure we are.

Roles come from entity slots by position relative to the trigger and by the cue word
before each mention ("on X", "against X", "from X", "with X"). The checks here also
decide when a sentence states no fact at all (a denial around the trigger) and how much
a hedge or an unlinked name lowers a fact's confidence.
"""

from __future__ import annotations

import re
from typing import Any

from assay.enrich.facts import lexicon as lx
from assay.enrich.facts.context import Sentence, Slot
from assay.enrich.facts.syntax import Frame
from assay.enrich.kb import BUSINESS_KINDS

# One fact's fields and its confidence: what every rule returns.
Result = tuple[dict[str, Any], float]

TARGET_CUES = {
    "on", "against", "from", "to", "toward", "towards", "targeting", "into", "told", "by",
}  # fmt: skip
LOCATION_CUES = {"in", "at", "near", "across", "off"}


def confidence(s: Sentence, base: float, slots: list[Slot]) -> float:
    """`base`, lowered for hedged statements and for names the linker did not know."""
    conf = base
    if lx.HEDGED.search(s.lower) or lx.MAY.search(s.text):
        conf -= 0.25
    if any(slot.key is None for slot in slots):
        conf -= 0.1  # a name the linker did not know: right words, maybe wrong thing
    return round(max(0.05, min(1.0, conf)), 2)


def negated(s: Sentence, fact_type: str) -> bool:
    """A negation or denial in the clause around the trigger (not anywhere in the sentence)."""
    anchor = s.first_anchor(fact_type)
    window = s.lower[max(0, anchor - 60) : anchor + 50]
    return bool(lx.NEGATED.search(window))


def commodity(s: Sentence, after: int = 0) -> dict[str, Any] | None:
    """The first commodity named from offset `after` on (else the first one at all)."""
    commodities = s.of_type("COMMODITY")
    picks = [c for c in commodities if c.start >= after] or commodities
    return picks[0].ref() if picks else None


def refs(slots: list[Slot]) -> list[dict[str, Any]]:
    """{name, key} of each entity once ("AMERICAN ELECTRIC <AEP>" names one firm twice)."""
    unique: list[Slot] = []
    for slot in slots:
        if not any((u.key or u.name) == (slot.key or slot.name) for u in unique):
            unique.append(slot)
    return [s.ref() for s in unique]


def ref(slots: list[Slot]) -> dict[str, Any] | list[dict[str, Any]]:
    """One {name, key}, or a list of them for coordinated names ("Rosneft and Lukoil")."""
    unique = refs(slots)
    return unique[0] if len(unique) == 1 else unique


# Who may invest and what may be invested in (investment.py, lending.py), and the verbs of
# receiving money: "Oil India received a credit from ...".
INVESTOR_TYPES = ("ORG", "COUNTRY", "PERSON")
TARGET_TYPES = ("ORG", "COUNTRY", "PROJECT")
RECEIVE = frozenset({"receive", "secure", "win", "obtain", "get", "raise", "land", "attract"})


# What joins coordinated names: "Rosneft and Lukoil", "Mexico, along with Canada, the EU".
_JOINED = re.compile(
    r"(?:'s)?\s*(?:,\s*(?:and\s+|along\s+with\s+|as\s+well\s+as\s+)?(?:the\s+)?"
    r"|\s+(?:and|along\s+with|as\s+well\s+as)\s+(?:the\s+)?|\s*&\s*)"
)


def coordinated(s: Sentence, first: Slot, pool: list[Slot]) -> list[Slot]:
    """`first` plus the names joined to it by commas or "and": "on Rosneft and Lukoil"."""
    out = [first]
    for slot in sorted(pool, key=lambda x: x.start):
        if slot.start <= out[-1].start or slot in out:
            continue
        gap = s.text[out[-1].end : slot.start]
        if _JOINED.fullmatch(gap):
            out.append(slot)
        else:
            break
    return out


def partners(s: Sentence, subject: Slot) -> list[Slot]:
    """The subject and the names joined to it before it: "Sojitz and JOGMEC invested"."""
    out = [subject]
    for slot in reversed([a for a in s.actors() if a.end <= subject.start]):
        gap = s.text[slot.end : out[0].start]
        if not re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)", gap):
            break
        out.insert(0, slot)
    return out


def subject(s: Sentence, anchor: int, nearest: bool = True) -> Slot | None:
    """The acting entity for a trigger at `anchor`.

    A name right before the trigger noun acts ("US sanctions on", "China's export
    controls"); otherwise the nearest (or first) name before the trigger that is not
    introduced by a target or place cue ("X said Y would impose": Y).
    """
    before = [
        a
        for a in s.actors()
        if a.end <= anchor and a.cue not in TARGET_CUES and a.cue not in LOCATION_CUES
    ]
    if not before:
        return None
    last = before[-1]
    if re.fullmatch(r"(?:'s|’s)?\s*(?:[a-z-]+\s+)?", s.text[last.end : anchor]):
        return last
    return before[-1] if nearest else before[0]


def capital(s: Sentence, anchor: int) -> Slot | None:
    """A place standing for its government as the subject: "Beijing announced ..."."""
    places = [p for p in s.of_type("LOCATION") if p.end <= anchor and not p.cue]
    return places[0] if places else None


def leader(s: Sentence, anchor: int) -> Slot | None:
    """A head of government as the subject when no state is named: "Trump imposed ..."."""
    people = [p for p in s.of_type("PERSON") if p.end <= anchor and not p.cue]
    return people[0] if people else None


def agent_by(s: Sentence) -> Slot | None:
    """The first name introduced by "by": the actor of a passive ("imposed by the EU")."""
    by = [a for a in s.actors() if a.cue == "by"]
    return by[0] if by else None


def actor_before_noun(s: Sentence, noun: re.Pattern[str]) -> Slot | None:
    """ "World Bank funding", "JBIC's loan": the name written right before a noun."""
    for slot in s.actors():
        m = re.match(r"(?:'s|’s)?\s+", s.lower[slot.end :])
        if m and noun.match(s.lower, slot.end + m.end()):
            return slot
    return None


# -- roles from the dependency parse ------------------------------------------------------


def frames(s: Sentence, fact_type: str) -> list[Frame]:
    """One parsed frame per trigger of `fact_type`, in order; empty without a parse."""
    syntax = s.syntax
    if syntax is None:
        return []
    out = []
    anchors = s.anchors.get(fact_type, [])
    starts = set(anchors)
    for anchor in anchors:
        span = syntax.doc.char_span(anchor, s.ends.get(anchor, anchor + 1), "expand")
        if span is None or not len(span):
            continue
        root = span.root
        if root.text[:1].isupper() and root.head.pos_ == "PROPN" and root.dep_ == "compound":
            continue  # inside a name: "the U.S. Tariff Act", "Sanctions Committee"
        if root.dep_ in ("amod", "compound") and root.head.idx in starts:
            continue  # "countervailing duties": the head trigger speaks for both
        out.append(syntax.frame(root))
    return out


def states(s: Sentence, slots: list[Slot]) -> list[Slot]:
    """Actors that can act for a state: countries and public bodies; a head of state or
    government stands for the country the document names ("Reagan imposed" -> U.S.)."""
    out: list[Slot] = []
    for slot in slots:
        if slot.type in ("PERSON", "ORG") and s.state_of is not None:
            state = s.state_of(slot)
            if state is not None:
                slot = state
        known = any(o.key and o.key == slot.key for o in out)
        if authority(slot) and not slot.reporter and slot not in out and not known:
            out.append(slot)
    return out


def first(*groups: list[Slot]) -> list[Slot]:
    """The first non-empty group."""
    for group in groups:
        if group:
            return group
    return []


def without(slots: list[Slot], taken: list[Slot]) -> list[Slot]:
    """`slots` minus any entity already in `taken` (by key, else by name)."""
    idents = {t.key or t.name.lower() for t in taken}
    return [x for x in slots if (x.key or x.name.lower()) not in idents]


def state_of_person(s: Sentence, slot: Slot) -> Slot:
    """A head of state named as a target stands for the state: "sanctions on Kim"."""
    if slot.type == "PERSON" and s.state_of is not None:
        return s.state_of(slot) or slot
    return slot


def remembered(s: Sentence, fact_type: str, role: str) -> list[Slot]:
    """The `role` of the latest earlier fact of `fact_type` in the document."""
    for earlier in reversed(s.history.get(fact_type, [])):
        if earlier.get(role):
            return earlier[role]
    return []


def remember(s: Sentence, fact_type: str, **roles: list[Slot]) -> None:
    """Record a fact's roles for later sentences that refer back to it."""
    s.history.setdefault(fact_type, []).append(roles)


def same_state(s: Sentence, a: Slot, b: Slot) -> bool:
    """Whether two names stand for one state ("White House" and "United States")."""
    ka = (s.state_of(a) if s.state_of else None) or a
    kb = (s.state_of(b) if s.state_of else None) or b
    return (bool(ka.key) and ka.key == kb.key) or ka.name.lower() == kb.name.lower()


def without_states(s: Sentence, slots: list[Slot], taken: list[Slot]) -> list[Slot]:
    """`slots` minus any that stands for the same state as one of `taken`."""
    return [x for x in slots if not any(same_state(s, x, t) for t in taken)]


def fallen_on(s: Sentence, frame: Frame, types: tuple[str, ...]) -> list[Slot]:
    """Names of `types` after "on" or "against" anywhere in the measure's own phrase:
    "tariffs on $370 billion of Chinese imports", "sanctions in the form of tariffs on
    Japanese TVs"."""
    if s.syntax is None:
        return []
    return [
        n
        for word in ("on", "against")
        for n in s.syntax.prep_names(frame.trigger, word)
        if n.type in types
    ]


def lead_parties(s: Sentence, types: tuple[str, ...], taken: list[Slot]) -> list[Slot]:
    """Names of `types` in the headline and lead that are none of `taken`."""
    out: list[Slot] = []
    own = range(s.start, s.start + len(s.text))
    for slot in s.lead:
        if slot.start in own:
            continue  # the sentence itself was read already
        taken_here = any(same_state(s, slot, t) for t in taken + out)
        if slot.type in types and not slot.reporter and not taken_here and not outlet(slot):
            out.append(slot)
    return out


# News outlets, agencies, pollsters and platforms: a page's lead names them as its source,
# its photo credit or its share bar ("(CNN)", "Getty Images", "Share on Twitter"), not as a
# party to the story's events.
_OUTLET_NAME = re.compile(
    r"\b(?:News|Images|Poll|Press|Times|Post|Journal|Tribune|Herald|Gazette|Ipsos|Gallup|"
    r"YouGov|Getty|Twitter|Facebook|YouTube|Instagram|Xinhua|TASS|KCNA|Yonhap|Kyodo)\b"
)


def outlet(slot: Slot) -> bool:
    """A news outlet, photo agency, pollster or platform named as a source, not a party."""
    return slot.kind == "media" or bool(_OUTLET_NAME.search(slot.name))


# KB kinds of organisation that act for a state.
AUTHORITY_KINDS = frozenset({"agency", "ministry", "intergovernmental"})
_AUTHORITY_NAME = re.compile(
    r"\b(?:ministry|department|commission|agency|council|office|administration|government|"
    r"parliament|congress|senate|house|union|organi[sz]ation|authority|bureau|customs|court|"
    r"tribunal|board|treasury|cabinet|community|committee|secretariat|nations|fund|diet)\b",
    re.I,
)


# An industry's own body: "Canadian Forest Industry Council", "National Pork Producers
# Council"; "Ministry of International Trade and Industry" is still a ministry.
_TRADE_BODY = re.compile(
    r"\b(?:industry|industries|producers|manufacturers|growers|exporters|importers|farmers|"
    r"processors|refiners|workers|chamber|federation|lobby)\b",
    re.I,
)
_GOVERNING = re.compile(r"\b(?:ministry|department|agency|government)\b", re.I)


def authority(slot: Slot) -> bool:
    """A state or a public body that can impose a measure (A1), not a company."""
    if slot.type == "COUNTRY":
        return True
    if slot.type != "ORG" or slot.kind in BUSINESS_KINDS | {"association"}:
        return False
    if slot.kind in AUTHORITY_KINDS:
        return True
    if _TRADE_BODY.search(slot.name) and not _GOVERNING.search(slot.name):
        return False
    return bool(_AUTHORITY_NAME.search(slot.name))


# A national public body: it publishes a country's figures, it produces nothing itself.
_NATIONAL_BODY = re.compile(
    r"\b(?:ministry|department|agency|bureau|office|white\s+house|kremlin|customs|institute)\b",
    re.I,
)


def for_country(s: Sentence, actors: list[Slot]) -> list[Slot]:
    """Actors with each national body replaced by the country it speaks for: "Japan's
    Agriculture Ministry" -> Japan; the country of the headline and lead when the sentence
    names none. A body whose country the text does not give is dropped."""
    out: list[Slot] = []
    for slot in actors:
        if (
            slot.type != "ORG"
            or slot.kind in BUSINESS_KINDS | {"association", "intergovernmental"}
            or not (slot.kind in ("agency", "ministry") or _NATIONAL_BODY.search(slot.name))
        ):
            out.append(slot)
            continue
        state = s.state_of(slot) if s.state_of is not None else None
        if state is None:
            before = [
                c
                for c in s.of_type("COUNTRY")
                if c.end <= slot.start and len(s.text[c.end : slot.start].split()) <= 3
            ]
            state = before[-1] if before else None
        if state is None:
            lead = {c.key or c.name: c for c in s.lead if c.type == "COUNTRY"}
            state = next(iter(lead.values())) if len(lead) == 1 else None
        out += without([state], out) if state is not None else []
    return out


def new_actors(found: list[Result], role: str, actors: list[Slot], frame: Frame) -> bool:
    """Whether a further fact of the sentence has actors of its own, in a clause of its own:
    "Washington slapped tariffs on X, and Beijing retaliated with duties" states two; a
    relative clause ("X, which the US had blacklisted") only describes the first one's target.
    """
    if found and frame.verb is not None and frame.verb.dep_ in ("relcl", "acl"):
        return False
    keys = {a.key or a.name for a in actors}
    for fields, _ in found:
        values = fields[role] if isinstance(fields[role], list) else [fields[role]]
        if keys & {str(v.get("key") or v.get("name")) for v in values if v}:
            return False
    return True


def headline_actor(s: Sentence, named: bool = False) -> list[Slot]:
    """The one country, or else the one firm, that the headline and lead name, for a
    sentence that names nobody (or, with `named`, none that can be the actor): "PHILIPPINE
    COCONUT EXPORTS FALL" over "Coconut product exports fell to 163,924 tonnes"."""
    if not named and any(x.type in ("ORG", "COUNTRY", "PERSON") for x in s.slots):
        return []
    lead = lead_parties(s, ("ORG", "COUNTRY"), [])
    for kind in ("COUNTRY", "ORG"):
        found = [x for x in lead if x.type == kind]
        if found:
            keys = {x.key or x.name for x in found}
            return found[:1] if len(keys) == 1 else []
    return []
