"""Sanctions: a government imposes, extends or lifts sanctions on a country, firm or person."""

from __future__ import annotations

import re

from assay.enrich.facts import lexicon as lx
from assay.enrich.facts.context import Sentence, Slot
from assay.enrich.facts.heads import find_subject, lemma, stated_as_act
from assay.enrich.facts.mood import local_mood, mood
from assay.enrich.facts.roles import (
    Result,
    agent_by,
    capital,
    confidence,
    coordinated,
    fallen_on,
    first,
    frames,
    lead_parties,
    negated,
    new_actors,
    partners,
    ref,
    remember,
    remembered,
    same_state,
    state_of_person,
    states,
    subject,
    without,
)
from assay.enrich.facts.rules.sanction_parties import (
    ACT_VERBS,
    EXTENDED,
    IMPOSED,
    LIFTED,
    TARGET_TYPES,
    answered,
    approved,
    backed,
    boycotted_event,
    defiers,
    hit_by,
    is_owned,
    under,
    violated,
)
from assay.enrich.facts.syntax import Frame

_SANCTION_VERB = lx.words(
    "added", "adds", "designated", "designates", "blacklisted", "blacklists", "sanctioned",
    "sanctions", "imposed", "imposes", "placed", "put", "targeted", "froze", "slapped",
    "removed", "removes", "delisted", "lifted", "eased",
)  # fmt: skip
_UNDERGOES = lx.words("was hit", "were hit", "hit with", "faces", "face", "facing", "under")


def sanction(s: Sentence) -> list[Result]:
    """A government imposes, extends or lifts sanctions on a country, firm or person."""
    if s.syntax is not None:
        return _parsed(s)
    found = _surface(s)
    return [found] if found is not None else []


# "the easing of sanctions", "the imposition of sanctions": the noun over the trigger acts.
_ACT_NOUNS = {
    "lifting": "lifted", "easing": "lifted", "removal": "lifted", "relief": "lifted",
    "extension": "extended", "renewal": "extended", "imposition": "imposed",
    "reimposition": "imposed",
    # "prompting another round of UN sanctions": a new round is imposed
    "round": "imposed", "wave": "imposed",
}  # fmt: skip


# "exemptions from U.S. sanctions on Iran": an exemption presumes the sanctions in place.
_EXEMPTIONS = {"exemption", "exemptions", "waiver", "waivers", "carve-out", "carve-outs"}


_PROVOKING = frozenset({"prompt", "trigger", "provoke", "draw", "spark", "invite", "earn"})


def _provoked(frame: Frame) -> bool:
    """The sanctions are what the clause's subject provoked: "drew U.N. sanctions"."""
    verb = frame.verb
    if verb is None or lemma(verb) not in _PROVOKING:
        return False
    head = frame.trigger
    while head.dep_ in ("pobj", "prep") and head.head != head and head.head != verb:
        head = head.head  # "prompting another round of UN sanctions"
    return head.dep_ == "dobj" and head.head == verb


def _act_noun(frame: Frame) -> str | None:
    """The action a noun over the trigger names: "the easing of sanctions" -> lifted."""
    prep = frame.trigger.head
    if frame.trigger.dep_ != "pobj" or prep.head == prep:
        return None
    if _exempted(frame):
        return "imposed"
    return _ACT_NOUNS.get(prep.head.lower_) if prep.lower_ == "of" else None


def _exempted(frame: Frame) -> bool:
    """The sanctions are what an exemption or a waiver is "from"."""
    prep = frame.trigger.head
    if frame.trigger.dep_ != "pobj" or prep.lower_ != "from":
        return False
    # "sought exemptions from ...": the parse may hang "from" on the verb
    nouns = [prep.head, *(c for c in prep.head.children if c.dep_ == "dobj")]
    return any(n.lower_ in _EXEMPTIONS for n in nouns)


def _action(frame: Frame) -> str:
    act = _act_noun(frame)
    if act is not None:
        return act
    lemmas = {lemma(frame.trigger)}
    if frame.verb is not None:
        lemmas.add(lemma(frame.verb))
    lemmas |= {lemma(c) for c in frame.trigger.children if c.dep_ in ("acl", "amod")}
    if lemmas & LIFTED or frame.trigger.lower_ in ("lifting", "easing", "removal"):
        return "lifted"
    if lemmas & EXTENDED:
        return "extended"
    return "imposed"


def _acts(frame: Frame) -> bool:
    """The sentence states the sanctions as imposed or in place, not merely named."""
    # "U.N. sanctions that were agreed on Saturday": a relative clause states them too
    acts = stated_as_act(frame.trigger, ACT_VERBS, modifiers=("acl", "relcl"))
    if acts or _act_noun(frame) is not None:
        return True
    # "reimposed sanctions": a participle tagged as an adjective, which has no verb lemma
    return any(
        c.dep_ == "amod" and c.lower_.endswith("ed") and c.lower_[:-1] in ACT_VERBS
        for c in frame.trigger.children
    )


def _targeted(s: Sentence, frame: Frame) -> list[Slot]:
    """ "sanctions including those targeting Iran's oil sector": what a participle under the
    sanctions names as their target; "U.S. sanctions levied against Russia", "sanctions that
    European countries slapped on Iran's oil industry": whom the imposing clause names."""
    syntax = s.syntax
    assert syntax is not None
    out: list[Slot] = []
    for t in frame.trigger.subtree:
        if t.dep_ == "acl" and lemma(t) in ("target", "hit", "aim"):
            for o in t.children:
                if o.dep_ == "dobj":
                    out += syntax.names_under(o)
                elif o.dep_ == "prep":
                    out += syntax.prep_names(o, "at")
        elif t.dep_ in ("acl", "relcl") and t.head == frame.trigger and lemma(t) in IMPOSED:
            for o in t.children:
                if o.dep_ == "prep" and o.lower_ in ("on", "against", "in"):
                    objects = [p for p in o.children if p.dep_ == "pobj"]
                    out += [n for p in objects for n in syntax.names_under(p)]
    return out


def _clause_subject(s: Sentence, frame: Frame) -> list[Slot]:
    """ "Trump withdrew from the deal and reimposed sanctions", parsed with "sanctions" as
    the second conjunct of "withdrew": the first clause's subject acts in both."""
    trig = frame.trigger
    if frame.verb is not None or trig.dep_ != "conj" or trig.head.pos_ != "VERB":
        return []
    subject = find_subject(trig.head)
    return s.syntax.names_under(subject) if subject is not None and s.syntax else []


_PUT = IMPOSED | {"put", "place"}


def _imposer_above(s: Sentence, frame: Frame) -> list[Slot]:
    """ "Trump has put what aides describe as the toughest sanctions ever on
    North Korea": the sanctions sit in a clause under the verb that imposes them, whose
    subject acts."""
    syntax = s.syntax
    if (frame.verb is not None and lemma(frame.verb) in _PUT) or syntax is None:
        return []
    tok = frame.trigger
    for _ in range(4):
        if tok.head == tok:
            return []
        tok = tok.head
        if tok.pos_ == "VERB" and lemma(tok) in _PUT:
            subject = find_subject(tok)
            return syntax.names_under(subject) if subject is not None else []
    return []


def _parsed(s: Sentence) -> list[Result]:
    out: list[Result] = []
    for frame in frames(s, "sanction"):
        if approved(frame.trigger):
            continue  # "a state-sanctioned ideology": allowed, not punished
        if boycotted_event(frame.trigger):
            continue  # "boycott Washington peace efforts": staying away, not a sanction
        state = mood(frame.trigger, frame.verb)
        imposed = [c for c in frame.trigger.children if c.dep_ == "acl" and c.tag_ == "VBN"]
        if imposed and lemma(imposed[0]) in IMPOSED:
            # "hopes to lift sanctions imposed against Japan": the imposition is stated
            state = local_mood(imposed[0])
        # "hoped the United States could lift trade sanctions against Japan": lifting is
        # only hoped for, but the sanctions it would lift are in place (a background fact)
        in_place = (
            state in ("unreal", "future")
            and frame.trigger.pos_ != "VERB"
            and frame.verb is not None
            and lemma(frame.verb) in LIFTED
        )
        if in_place:
            # only as the sentence itself states it: who would lift them, on whom they are
            if not frame.prep("on", "against") or not states(s, frame.agent):
                continue
            state = "fact"
        exempted = _exempted(frame)
        owned = is_owned(s, frame)
        defied = defiers(s, frame) or violated(s, frame)
        if (exempted or owned or defied) and state != "fact":
            # whoever seeks an exemption or defies them, the sanctions stand; "a deal could
            # see the lifting of U.S. sanctions": the lifting is not stated, the sanctions are
            state, in_place = "fact", True
        suffered = hit_by(s, frame) + under(s, frame) + defied
        if state in ("negated", "unreal", "threat") or not (_acts(frame) or suffered or owned):
            continue
        if (
            state == "future"
            and frame.trigger.pos_ != "VERB"
            and frame.verb is not None
            and (lemma(frame.verb) not in ("impose", "slap", "extend", "lift", "ease"))
        ):
            continue  # "sanctions would hurt": a hypothetical
        # "hit by sanctions from the United States": the sanctions' source imposes them
        agent = without(frame.agent, suffered)  # "Iran remains under U.N. sanctions"
        # "North Korea conducted a test, prompting another round of UN sanctions": what
        # provokes the sanctions is their target
        provoker = agent if _provoked(frame) else []
        agent = without(agent, provoker)
        backers = states(s, frame.agent) if backed(s, frame) else []
        if exempted or owned or backers:
            agent = []  # "Turkey won a waiver from U.S. sanctions": Turkey is exempted
        named = first(
            agent,
            frame.modifiers,
            states(s, frame.prep("from")),
            _clause_subject(s, frame),
            _imposer_above(s, frame),
        )
        actors = states(s, named) or states(s, frame.speaker)
        if named and not actors:
            continue  # "Haley announced the sanctions": a person we cannot place
        pool: list[Slot] = frame.prep("on", "against", "targeting")
        pool += frame.patient + suffered + provoker
        pool += _targeted(s, frame)
        if not pool:
            # "sanctions in the form of 100 pct tariffs on Japanese TVs": the instrument's
            pool = fallen_on(s, frame, TARGET_TYPES)
        if not pool:
            pool = frame.prep("for", "over") or answered(s, frame)
        if not pool and exempted:
            continue  # an exemption from sanctions on someone the sentence does not name
        pool = without(pool, actors + backers)
        targets = [state_of_person(s, t) for t in pool if t.type in TARGET_TYPES]
        if not actors and not out and _act_noun(frame) is not None:
            # "the lifting of sanctions" with nobody named: only an actor of this sentence
            # ("imposed penalties on Iran, resulting in ... the easing of sanctions") may be
            # the lifter; an unnamed one elsewhere is nobody (GUIDELINES)
            continue
        # "The sanctions take effect": the sanctions named before, or in the headline.
        if not actors:
            actors = remembered(s, "sanction", "actor")
        if not targets:
            targets = remembered(s, "sanction", "target")
        if not actors:
            # a leader in the headline acts for his state: "REAGAN SANCTIONS SOUTH AFRICA"
            actors = states(s, lead_parties(s, ("PERSON", "COUNTRY", "ORG"), targets))[:1]
        if not targets:
            found = lead_parties(s, TARGET_TYPES, actors + backers)[:1]
            targets = [state_of_person(s, t) for t in found]
        action = "imposed" if in_place else _action(frame)
        # one act per actor and sentence: later triggers restate it, unless they undo it
        # ("imposed penalties on Iran, resulting in ... the easing of sanctions")
        same = [r for r in out if r[0]["action"] == action]
        if not actors or not targets or not new_actors(same, "actor", actors, frame):
            continue
        remember(s, "sanction", actor=actors, target=targets)
        fields = {"actor": ref(actors), "target": ref(targets), "action": action}
        out.append((fields, confidence(s, 0.8 if state == "fact" else 0.6, [*actors, *targets])))
        for also in states(s, _also_acting(s, frame.trigger.idx)):
            # "leveled sanctions against North Korea, as has the U.N. Security Council"
            if not any(same_state(s, also, a) for a in [*actors, *targets]):
                out.append(({**fields, "actor": ref([also])}, confidence(s, 0.6, [also])))
    return out


_AS_HAS = re.compile(r"\bas\s+(?:has|have|had|did|does|do)\s+(?:the\s+)?$", re.I)


def _also_acting(s: Sentence, after: int) -> list[Slot]:
    """Names a trailing "as has X" gives the same act to: "..., as has the EU"."""
    return [
        x
        for x in s.of_type("COUNTRY", "ORG")
        if x.start > after and _AS_HAS.search(s.text[max(0, x.start - 20) : x.start])
    ]


def _surface(s: Sentence) -> Result | None:
    """Word-order reading, for text without a parse."""
    if negated(s, "sanction"):
        return None
    action = lx.first_label(lx.SANCTION_ACTIONS, s.lower, "imposed")
    if action == "imposed" and not lx.SANCTION_ACTS.search(s.lower):
        return None  # "under sanctions", "sanctions-hit": a state, not an act
    anchor = s.first_anchor("sanction")
    lead = s.lower[max(0, anchor - 50) : anchor]
    if lx.TRADE_PLANNED.search(lead) or lx.TRADE_ACTIONS[0][1].search(lead):
        return None  # sanctions considered or threatened are not yet sanctions
    verb = _SANCTION_VERB.search(s.lower)
    if verb and verb.start() < anchor:
        anchor = verb.start()  # "X added Y to the Entity List": X acts, Y is hit
    actor = subject(s, anchor) or capital(s, anchor) or agent_by(s)
    if actor is None:
        return None
    pool = [a for a in s.actors() if a is not actor and a.start > actor.start]
    pool += [p for p in s.of_type("PERSON", "PROJECT") if p.start > anchor]
    pool.sort(key=lambda x: x.start)
    if not pool and _UNDERGOES.search(s.lower):
        # "Sovcomflot was hit with US sanctions": the one hit comes first.
        pool = [a for a in s.actors() if a.end <= actor.start]
    cued = [c for c in pool if c.cue in {"on", "against", "sanctioned", "blacklisted", "added"}]
    after = [c for c in pool if c.start > anchor]
    ranked = cued or after or pool
    if not ranked:
        return None
    targets = coordinated(s, ranked[0], pool)
    fields = {"actor": ref(partners(s, actor)), "target": ref(targets), "action": action}
    return fields, confidence(s, 0.8, [actor, *targets])
