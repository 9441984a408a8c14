"""Capacity: who has (or plans, builds, expands, closes) how much capacity for what."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Token

from assay.enrich.facts import lexicon as lx
from assay.enrich.facts.context import Sentence, Slot, phrase_after
from assay.enrich.facts.heads import lemma
from assay.enrich.facts.mood import mood
from assay.enrich.facts.roles import (
    LOCATION_CUES,
    Result,
    commodity,
    confidence,
    frames,
    lead_parties,
    negated,
    refs,
    remember,
    remembered,
)
from assay.enrich.facts.rules.capacity_figures import (
    capacity_amount,
    capacity_amounts,
    is_output,
    is_traded,
    kind_of_figure,
)
from assay.enrich.facts.rules.capacity_owners import (
    bare_capacity,
    main_subject,
    plant_before,
    plant_owners,
    run_by_unnamed,
    speaker_owner,
)
from assay.enrich.facts.rules.capacity_product import (
    NOT_PRODUCT,
    PLANT_PRODUCT,
    product_phrase,
)
from assay.enrich.facts.syntax import Frame

_DEAL_CLOSED = re.compile(
    r"\b(?:sale|deal|transaction|acquisition|merger|offer|purchase)\b.{0,100}\b(?:closed|close)\b"
)
_PROJECT = lx.words("project", "projects", "complex", "expansion")
_BUILD = lx.words("build", "construct", "set up", "establish", "develop", "open")


# A stoppage that ends: maintenance, strikes, repairs. Not a closure, though a capacity stated
# alongside still counts.
_TEMPORARY = re.compile(
    r"\b(?:maintenance|overhaul|repairs?|strike|striking|turnaround|temporar\w*|restart\w*|"
    r"resum\w*|for (?:two|three|four|five|six|\d+) (?:days|weeks|months)|until|outage|"
    r"flood\w*|accident|fire)\b"
)
_BUILT = {"build", "construct", "erect", "develop", "begin", "start"}
_OPENED = {"open", "commission", "inaugurate", "start", "launch", "complete"}
_CLOSED = {"close", "shut", "idle", "mothball", "scrap", "decommission", "abandon", "cease"}
_EXPANDED = {"expand", "boost", "raise", "increase", "double", "add", "upgrade", "lift"}


def capacity(s: Sentence) -> list[Result]:
    """Who has (or plans, builds, expands, closes) how much capacity for what."""
    if s.syntax is not None:
        parsed = _parsed(s)
        if parsed:
            return parsed
        readable = [f for f in _frames(s) if mood(f.trigger, f.verb) == "fact"]
        if not readable:
            return []  # "will not be closing", "might build": the parse says no
        if any(run_by_unnamed(f) and not plant_owners(s, f) for f in readable):
            return []  # the plant is someone else's, whom the sentence does not name
    found = _surface(s)
    if found is None:
        return []
    if s.syntax is not None:
        amount = found[0]["amount"]
        if amount is None:
            return []  # without a figure, only a parsed build, opening or closure counts
        if amount is not None and all(is_output(s, a) for a, _, _ in capacity_amounts(s)):
            return []  # "pumped 168,023 bpd in September": output, not capacity
        slots = [x for x in s.slots if x.ref() in found[0]["actors"]]
        remember(s, "capacity", actors=slots)
    return [found]


def _frames(s: Sentence) -> list[Frame]:
    """The capacity frames, less a pipeline that names no pipeline ("pipeline problems");
    "a pipeline linkup" is one."""
    return [
        f
        for f in frames(s, "capacity")
        if not (
            f.trigger.lower_.startswith("pipeline")
            and f.trigger.dep_ == "compound"
            and lemma(f.trigger.head) not in _LINES
        )
    ]


_LINES = frozenset({"linkup", "link", "spur", "extension", "connection", "loop", "system"})


def _acts_on_other(head: Token) -> bool:
    """The word a facility's preposition hangs on is, or takes as object, something other
    than the plant, its works or what is done to it ("supplies")."""
    if head.pos_ == "NOUN":
        return lemma(head) not in _HAPPENS
    objects = [c for c in head.children if c.dep_ == "dobj"] if head.pos_ == "VERB" else []
    return any(lemma(o) not in _HAPPENS and not lx.CAPACITY_NOUNS.search(o.lower_) for o in objects)


def _status(s: Sentence, frame: Frame, state: str) -> str:
    lemmas = {lemma(frame.trigger)}
    planned = state == "future"
    trig = frame.trigger
    # "shut off supplies from the mine": the verb acts on the supplies
    aside = trig.dep_ == "pobj" and trig.head.head == frame.verb and _acts_on_other(trig.head.head)
    if frame.verb is not None and not aside:
        lemmas.add(lemma(frame.verb))
        lemmas |= {lemma(c) for c in frame.verb.children if c.dep_ in ("xcomp", "prt")}
        if frame.verb.dep_ == "xcomp" and lemma(frame.verb.head) in ("plan", "propose"):
            planned = True  # "plans to expand its gigafactory"
    lemmas |= {lemma(c) for c in frame.trigger.children if c.dep_ in ("acl", "relcl")}
    tok = frame.trigger
    for _ in range(3):  # "is building a ... processing plant": the verbs above the plant
        if tok.head == tok:
            break
        below, tok = tok, tok.head
        # "shut off ore supplies from Brandt's mine": the supplies stop, not the mine, whether
        # "from" hangs on the supplies or on the verb
        if below.dep_ == "prep" and _acts_on_other(tok):
            break
        if tok.pos_ == "VERB":
            lemmas.add(lemma(tok))
    if lemmas & _CLOSED and not _TEMPORARY.search(s.lower):
        return "closed"
    if "construction" in s.lower and lemmas & {"begin", "start", "be", "under"}:
        return "under-construction"
    if planned or lemmas & {"plan", "propose"}:
        return "planned"
    if lemmas & _EXPANDED:
        return "expanded"
    if lemmas & {"begin", "start", "commence"} and _runs(frame):
        return "operational"  # "began production at its Nurukawa mine": it runs
    if lemmas & _BUILT and not _made_there(frame):
        return "under-construction"
    if lemmas & _OPENED:
        return "operational"
    return ""


_RUNNING = {"production", "operation", "output", "mining", "shipment", "commercial"}
_PLACE_PREPS = {"at", "in", "inside", "near", "from", "outside"}
# Works built at a site that are no plant themselves (plants are the capacity nouns).
_WORKS = {"platform", "pipeline", "well", "line", "unit", "train"}
# What is done to a plant itself: "began construction of its mine".
_HAPPENS = _RUNNING | _WORKS | {
    "construction", "expansion", "closure", "shutdown", "opening", "reopening", "development",
    "building", "work", "commissioning", "startup", "start", "completion", "capacity",
    "installation",
}  # fmt: skip


def _made_there(frame: Frame) -> bool:
    """What is built is built at the plant, not a plant or works: "cars built at two
    plants", "a worker builds a car at Ford's plant" (but "installed a platform in the
    field", "a pipeline constructed from the gas field" build works)."""
    trig = frame.trigger
    if trig.dep_ != "pobj" or trig.head.lower_ not in _PLACE_PREPS:
        return False
    head = trig.head.head
    if head.pos_ in ("NOUN", "PROPN"):  # "the installation of a platform in the field"
        made: list[Token] = [head]
        made += [g for c in head.children if c.lower_ == "of" for g in c.children]
    else:
        made = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
        made += [head.head] if head.dep_ == "acl" else []
    return bool(made) and not any(
        lemma(t) in _WORKS or lx.CAPACITY_NOUNS.search(t.lower_) for t in made
    )


def _runs(frame: Frame) -> bool:
    """The verb starts production or operations rather than building work."""
    tok = frame.trigger
    for _ in range(3):  # "began production at its mine": the noun above the plant
        if lemma(tok) in _RUNNING:
            return True
        if tok.pos_ == "VERB" or tok.head == tok:
            break
        tok = tok.head
    verb = frame.verb or (tok if tok.pos_ == "VERB" else None)
    return verb is not None and any(
        c.dep_ == "dobj" and lemma(c) in _RUNNING for c in verb.children
    )


_UNIT_TRIGGERS = {"tpa", "mtpa", "ktpa", "gwh", "gw", "mw"}


def _parsed(s: Sentence) -> list[Result]:
    facility = [
        f for f in _frames(s) if f.trigger.pos_ != "VERB" and f.trigger.lower_ not in _UNIT_TRIGGERS
    ]
    if not facility:
        return []
    for frame in facility:  # "National Aluminium Co, which owns the plant": its owner
        owners = plant_owners(s, frame)
        if owners and not bare_capacity(frame):
            remember(s, "capacity", actors=owners)
    out: list[Result] = []
    figures = [(a, b, amount, kind_of_figure(s, a, b)) for a, b, amount in capacity_amounts(s)]
    if any(kind == "capacity" for *_, kind in figures):
        # "throughput is 140,000 bpd, although capacity is 200,000 bpd": the capacity only
        figures = [f for f in figures if f[3] == "capacity"]
    for start, end, amount, kind in figures:
        if (not kind and is_output(s, start)) or (kind == "planned" and is_traded(s, start)):
            continue  # "pumped 168,023 bpd in September": output, not capacity
        near = sorted(
            facility,
            key=lambda f: (f.trigger.idx > start + 40, abs(f.trigger.idx - start)),
        )
        frame = near[0]
        state = mood(frame.trigger, frame.verb)
        if state in ("negated", "unreal"):
            continue
        named = plant_before(s, frame, facility) or plant_owners(s, frame)
        if not named and run_by_unnamed(frame):
            continue  # "a pipeline ... run by a consortium of other oil companies"
        owners = named or main_subject(s)
        owners = owners or remembered(s, "capacity", "actors") or speaker_owner(s, frame)
        if bare_capacity(frame) and not named:
            # "Total capacity is 181,900 bpd": the plant just named, owned by its last owner
            owners = remembered(s, "capacity", "actors") or owners
        owners = owners or lead_parties(s, ("ORG",), [])[:1]
        if not owners:
            continue
        status = _status(s, frame, state)
        if status == "closed" and _TEMPORARY.search(s.lower):
            status = "operational"  # shut for maintenance: the stated capacity stands
        if kind == "planned" and status in ("", "operational"):
            status = "planned"
        remember(s, "capacity", actors=owners)
        out.append(_fields(s, owners, amount, end, status or "operational", 0.75))
    if out:
        return out
    for frame in facility:
        state = mood(frame.trigger, frame.verb)
        if state in ("negated", "unreal"):
            continue
        status = _status(s, frame, state)
        if status not in ("closed", "under-construction", "planned", "operational"):
            continue
        verbs = {lemma(v) for v in _conjoined(frame.verb)}
        if status in ("planned", "operational") and not verbs & (_BUILT | _OPENED):
            continue
        owners = plant_owners(s, frame) or main_subject(s)
        if not owners:
            continue
        remember(s, "capacity", actors=owners)
        return [_fields(s, owners, None, None, status, 0.6)]
    return []


def _conjoined(verb: Token | None) -> list[Token]:
    """The verb and those it shares its object with: "will construct, own and operate
    steel service centers" builds them."""
    if verb is None:
        return []
    out = [verb]
    while out[-1].dep_ == "conj" and out[-1].head not in out:
        out.append(out[-1].head)
    return out


def _fields(
    s: Sentence,
    owners: list[Slot],
    amount: dict[str, Any] | None,
    end: int | None,
    status: str,
    base: float,
) -> Result:
    product = commodity(s) or product_phrase(s, end)
    if product is None and amount is not None and str(amount["unit"]).startswith("bbl"):
        product = dict(lx.CRUDE_OIL)  # a refinery's barrels a day: crude refining
    fields = {
        "actors": refs(owners),
        "product": product,
        "amount": amount,
        "status": status,
    }
    return fields, confidence(s, base, owners)


def _surface(s: Sentence) -> Result | None:
    """Word-order reading, for text without a parse."""
    status = lx.first_label(lx.CAPACITY_STATUS, s.lower, "")
    if status == "closed" and _DEAL_CLOSED.search(s.lower):
        status = ""  # "the sale of the mine was closed": a deal completed, not a plant shut
    if status != "closed" and negated(s, "capacity"):
        return None
    found = capacity_amount(s)
    if not lx.CAPACITY_NOUNS.search(s.lower) and not (found and _PROJECT.search(s.lower)):
        return None  # "an order for 1 GW of turbines": equipment, not a plant
    if found is None and (
        status in ("", "expanded") or (status == "planned" and not _BUILD.search(s.lower))
    ):
        return None  # without a figure, only building, opening or closing is news
    # The owner named before its plant is an actor here: "QatarEnergy's North Field East".
    actors = [a for a in s.actors(descriptors=True) if a.cue not in LOCATION_CUES]
    if s.syntax is not None:
        # With a parse, only owners count: the facility's possessor, the verb's subject.
        owners: list[Slot] = []
        for frame in frames(s, "capacity"):
            owners += [o for o in plant_owners(s, frame) if o not in owners]
        actors = owners or main_subject(s) or remembered(s, "capacity", "actors")
        if not actors:
            return None
    if not actors:
        # "The plant has a capacity of ..., Tesla said": the speaker owns the plant.
        actors = [a for a in s.of_type("ORG") if a.reporter][:1]
    if not actors:
        return None
    product = commodity(s)
    if product is None:
        phrase = None
        if found:
            m = re.match(r"\s+(?:a\s+year\s+|per\s+year\s+)?of\s+", s.text[found[0] :])
            phrase = phrase_after(s.text, found[0] + m.end()) if m else None
        if phrase is None:
            noun = PLANT_PRODUCT.search(s.text)
            words = (
                [w for w in noun.group(1).split() if w.lower() not in NOT_PRODUCT] if noun else []
            )
            phrase = " ".join(words) or None
        product = {"name": phrase, "key": None} if phrase else None
    fields = {
        "actors": refs(actors),
        "product": product,
        "amount": found[1] if found else None,
        "status": status or "operational",
    }
    return fields, confidence(s, 0.75 if found else 0.6, actors)
