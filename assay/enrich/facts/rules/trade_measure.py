"""Trade measures: a government imposes, raises, lifts... tariffs, export controls, bans, quotas."""

from __future__ import annotations

import re

from spacy.tokens import Token

from assay.enrich.facts import lexicon as lx
from assay.enrich.facts.context import Sentence, Slot
from assay.enrich.facts.goods import goods_of, lead_goods, rated_goods
from assay.enrich.facts.heads import lemma, stated_as_act
from assay.enrich.facts.mood import local_mood, mood
from assay.enrich.facts.own_state import organ_state
from assay.enrich.facts.roles import (
    Result,
    confidence,
    coordinated,
    fallen_on,
    first,
    frames,
    lead_parties,
    new_actors,
    ref,
    remember,
    remembered,
    same_state,
    states,
    without,
    without_states,
)
from assay.enrich.facts.rules.measure_parties import (
    goods_origin,
    origins_apart,
    other_state,
    quota_bodies,
    reactors,
    retaliatory,
)
from assay.enrich.facts.rules.measure_state import (
    ending_clause,
    imposing_clauses,
    output_quota,
    owned_measure,
    rate_near,
    said_to_exist,
    undone,
    vowed,
    warned_by_firm,
)
from assay.enrich.facts.rules.retaliation import is_retaliation, retaliation
from assay.enrich.facts.rules.trade_surface import surface, trade_action, trade_kind
from assay.enrich.facts.syntax import Frame


def _action_of(s: Sentence, frame: Frame, state: str, ended: Token | None) -> str:
    """The act done to the measure: threatened when the sentence threatens it; what its own
    clause did to it ("quotas, suspended a year ago"); what the measure itself does
    ("tariffs have cut exports") says nothing of it, so it is in place."""
    if state == "threat":
        return "threatened"
    if ended is not None and state == "fact":
        return lx.first_label(lx.TRADE_ACTIONS, ended.lower_, "suspended")
    trig = frame.trigger
    # "tariffs have cut exports", "the 25% tariffs will remain as is": in place, whatever
    # the tense
    if trig.dep_ == "nsubj" and trig.head.pos_ == "VERB" and not _acts_on_itself(trig.head):
        return "imposed"
    hiked = _nominal_act(trig)
    verb = frame.verb if frame.verb is not None and frame.verb != trig else None
    if verb is not None and lx.first_label(lx.TRADE_ACTIONS, verb.lower_, "") == "suspended":
        return "suspended"  # "postponed the planned tariff increase": the rise is put off
    if hiked is not None:
        return hiked  # "a tariff hike"
    if trig.dep_ == "pobj" and trig.head.lower_ in ("in", "of", "on"):
        done = lx.NOMINAL_TRADE_ACTIONS.get(lemma(trig.head.head))  # "the increase in duties"
        if done is not None:
            return done
    action = trade_action(s, frame.verb)
    # a hedge elsewhere in the sentence ("the step could signal a trade war") does not
    # make a measure the parse states as done a threat
    return "imposed" if action == "threatened" and state == "fact" else action


_ALLOTTED = re.compile(r"\s+[\d][\d,.]*(?:\s+(?:tonnes|bags|barrels|units))?\s*(?:,|and\b|\.|$)")


def allotted(s: Sentence, trig: Token) -> list[Slot]:
    """The states a quota list allots figures to after the quota: "Malaysia has been
    allocated an export quota of 28,526 tonnes, Indonesia 24,516, Thailand 19,000"."""
    return [
        x
        for x in s.slots
        if x.type == "COUNTRY" and x.start > trig.idx and _ALLOTTED.match(s.text, x.end)
    ]


def _acts_on_itself(verb: Token) -> bool:
    """ "the duties take effect", "tariffs rose": verbs whose subject the change is."""
    return lemma(verb) in ("take", "rise", "fall", "expire", "apply", "end")


_ACT_VERBS = {
    "impose", "slap", "levy", "set", "introduce", "announce", "adopt", "apply", "put", "place",
    "order", "approve", "decide", "enforce", "maintain", "keep", "retain", "extend", "raise",
    "increase", "hike", "double", "lift", "remove", "scrap", "drop", "end", "cut", "lower",
    "reduce", "ease", "relax", "slash", "halve", "suspend", "waive", "take", "remain",
    "reinstate", "restore", "tighten", "expand", "broaden", "widen", "ban", "bar", "halt",
    "stop", "restrict", "curb", "limit", "prohibit", "block", "exclude", "fix", "allocate",
    "cap", "re-raise", "reraise", "agree", "vote", "pass", "hit", "face", "threaten", "warn",
    "retaliate", "roll", "go", "come", "establish", "authorize", "authorise", "unveil", "add",
    "reimpose", "delay", "postpone", "stay", "proceed", "implement", "enact", "finalize",
    "finalise", "reverse", "rescind", "revoke", "repeal", "overturn",
}  # fmt: skip


def trade_measure(s: Sentence) -> list[Result]:
    """A government imposes (or lifts, raises...) tariffs, export controls, bans or quotas."""
    if s.syntax is not None:
        return _parsed(s)
    found = surface(s)
    return [found] if found is not None else []


def _kind_near(s: Sentence, frame: Frame) -> str | None:
    """The measure named by the trigger and the words around it."""
    syntax = s.syntax
    assert syntax is not None
    trig = frame.trigger
    lo = min([trig.i] + [c.i for c in trig.subtree if abs(c.i - trig.i) <= 6])
    hi = max([trig.i] + [c.i for c in trig.subtree if abs(c.i - trig.i) <= 6])
    if frame.verb is not None:
        lo, hi = min(lo, frame.verb.i), max(hi, frame.verb.i)
        for c in frame.verb.children:
            if c.dep_ in ("nsubjpass", "dobj", "nsubj") and abs(c.i - frame.verb.i) <= 6:
                lo, hi = min(lo, c.left_edge.i), max(hi, c.right_edge.i)
    piece = syntax.doc[max(0, lo) : hi + 1].text.lower()
    measure = lx.first_label(lx.TRADE_MEASURES, piece, "")
    if measure:
        return measure
    if re.search(r"\bban(?:s|ned|ning)?\b", piece):
        if lx.BAN_EXPORTS.search(piece):
            return "export-control"
        if lx.BAN_IMPORTS.search(piece):
            return "import-ban"
    return None


def _acts(frame: Frame) -> bool:
    """The measure is stated as imposed, changed or in place, not merely named."""
    # "the new tax levied": an adjectival participle states it too; "an earlier U.S. tariff
    # hike": the noun the measure names is the act
    trig = frame.trigger
    if _nominal_act(trig) is not None:
        # a state's own: not "concerns for a deal are tariff removal", a demand
        done = bool(frame.agent) and frame.verb is not None and lemma(frame.verb) != "be"
        return done or bool(frame.modifiers) or any(c.dep_ == "poss" for c in trig.head.children)
    if trig.head.lower_ == "with" and lemma(trig.head.head) in _ANSWERING:
        return True  # "China responded with retaliatory tariffs": its answer is an act
    return stated_as_act(trig, _ACT_VERBS, modifiers=("acl", "amod"), hops=4)


_ANSWERING = frozenset({"respond", "counter", "reply", "answer", "react", "hit"})

# "rolled back if a trade deal was reached": no deal is made, the measure stands
_DEAL_IF = re.compile(
    r"\b(?:if|unless|until)\s+(?:a|the|any)\s+(?:\w+\s+){0,2}(?:deal|agreement)\b"
)


_SANCTION_NOUNS = frozenset({"sanction", "sanctions", "penalty", "penalties", "retaliation"})


def _sanction_over(trig: Token) -> Token | None:
    """The verb that imposes sanctions whose instrument the measure is: "imposed sanctions in
    the form of 100 pct tariffs on Japanese TVs" (the guidelines write both facts)."""
    tok = trig
    for _ in range(5):
        if tok.head == tok or tok.head.pos_ in ("VERB", "AUX"):
            return None
        tok = tok.head
        if tok.pos_ == "NOUN" and tok.lower_ in _SANCTION_NOUNS:
            verb = tok.head if tok.dep_ in ("dobj", "nsubjpass") else None
            act = verb is not None and stated_as_act(tok, _ACT_VERBS, hops=1)
            return verb if act else None
    return None


# "import tariffs on 900 items": a country's own tariffs over a counted range of goods
_SCOPE = re.compile(
    r"\b(?:import\s+)?(?:tariffs?|duties|levies)(?:\s+(?:cuts?|reductions?|increases?|hikes?))?"
    r"(?:\s+(?:were|was|have\s+been|had\s+been)\s+(?:cut|lowered|reduced|raised|increased))?"
    r"\s+on\s+(?:some\s+|about\s+)?[\d,]+\s+(?:foreign\s+|imported\s+)?"
    r"(?:products|items|goods|categories|imports)\b"
)


def _scoped(s: Sentence, frame: Frame) -> bool:
    """A country's cut or rise of its import tariffs over a counted range of goods, with no
    one goods or target named: "Taiwan will cut import tariffs on 900 items", "a sweeping
    tariff cut on some 1,700 foreign products", "tariffs were cut on some 1,700 products"."""
    at = frame.trigger.idx  # the range is the trigger's own, not another clause's
    return frame.trigger.pos_ == "NOUN" and any(
        m.start() <= at < m.end() for m in _SCOPE.finditer(s.lower)
    )


def _parsed(s: Sentence) -> list[Result]:
    syntax = s.syntax
    assert syntax is not None
    if (
        lx.TRADE_AGREEMENT.search(s.lower)
        and lx.AGREEMENT_ACTS.search(s.lower)
        and not _DEAL_IF.search(s.lower)
    ):
        return []  # tariff cuts agreed in a trade deal belong to the agreement
    out: list[Result] = []
    bodies = quota_bodies(s)
    if bodies and "quota" in s.lower:
        remember(s, "quota_body", actor=bodies)  # the story's quotas are that body's
    every = frames(s, "trade_measure")
    # a retaliation is read once the sentence's own measures are known, below
    answers = [f for f in every if is_retaliation(f)]
    stated = [f for f in every if f not in answers]
    for frame in stated:
        state = mood(frame.trigger, frame.verb, unreal=_NOT_MEASURE)
        # "lift the duties it imposed on Japanese goods", "the tariffs on Chinese imports,
        # which Trump imposed last year": the imposition is stated in a clause
        imposed = imposing_clauses(frame.trigger)
        if imposed:
            state = local_mood(imposed[0])
        ended = ending_clause(frame.trigger) if not imposed else None
        if ended is not None:
            state = local_mood(ended)
        if state == "threat" and warned_by_firm(s, frame.trigger):
            state = "fact"
        if vowed(frame):
            state = "threat"
        sanctioning = _sanction_over(frame.trigger)
        # "tariffs on $370 billion of Chinese imports would be rolled back": only their end
        # is hoped for; the measure itself is in place (a background fact)
        standing = (
            state in ("unreal", "future")
            and undone(frame)
            and bool(fallen_on(s, frame, ("COUNTRY", "ORG")))
        )
        existing = said_to_exist(frame.trigger)
        # the verb over an owned measure says what it does, not whom it hits: "Japan's
        # tariff on cheese angered France", "Trump's fury is directed at the EU's tariff"
        acts = _acts(frame)
        owned = not acts and owned_measure(frame.trigger)
        if standing or existing or owned:
            state = "fact"
        if state in ("negated", "unreal") or not (
            acts or imposed or ended is not None or sanctioning or standing or existing or owned
        ):
            continue
        if lx.EVADE.search(s.lower[: frame.trigger.idx]):
            continue
        head = frame.trigger.head
        if frame.trigger.dep_ in ("compound", "amod") and lemma(head) in _INSTRUMENTS:
            continue  # "U.S. countervailing duty law", "a tariff bill": the law, not a measure
        measure = _kind_near(s, frame)
        if measure is None or (measure == "quota" and output_quota(frame)):
            continue  # "production quotas", "OPEC produced below its quota": no trade
        # "the steel and aluminum tariffs": goods before the measure name no one who acts
        owners = [m for m in frame.modifiers if m.type != "COMMODITY"]
        imposer = syntax.subject_names(sanctioning) if sanctioning is not None else []
        reacting = reactors(s, frame)  # "China retaliated against U.S. tariffs": its target
        # a measure in place is its owner's, whatever the clause's subject does
        held = owners if existing or owned else []
        # the clause that suspended the measure names no one: the subject over it wants it
        # back, but the measure is the body's ("Brazil wants the quotas which were suspended")
        named = first(held, [] if reacting or ended is not None else frame.agent, owners, imposer)
        actors = states(s, named) or states(s, frame.speaker)
        if named and not actors and not states(s, frame.modifiers):
            continue  # a company raising prices, a lobby asking for a duty
        # the body that reacts speaks for its state: "the Chinese Commerce Ministry said it
        # would retaliate against U.S. tariffs" puts them on China
        reacting = [organ_state(r) or r for r in states(s, reacting)]
        actors = actors or states(s, frame.modifiers)
        actors = without_states(s, actors, reacting)
        pool = reacting + frame.prep("on", "against", "to", "from", "targeting")
        pool += frame.patient if not owned else []
        # "a ban on exports of gallium to the United States", "duties on vehicles imported
        # from China", "halted exports of magnets to the United States"
        heads = frame.objects.get("on", []) + frame.objects.get("against", [])
        heads += frame.objects.get("obj", []) if frame.trigger.pos_ == "VERB" else []
        pool += [n for o in heads for n in syntax.names_in(o) if n.type in ("COUNTRY", "ORG")]
        # a region listed with countries is a target too: "from Europe, Canada and Japan"
        regions = any(t.type == "COUNTRY" for t in pool)
        kinds = (
            ("COUNTRY", "ORG", "PERSON", "LOCATION") if regions else ("COUNTRY", "ORG", "PERSON")
        )
        targets = without_states(s, [t for t in without(pool, actors) if t.type in kinds], actors)
        origins = goods_origin(s, frame)
        targets = targets or without_states(s, origins, actors)
        # the goods' origin is the whole target: the other state the sentence names acts
        from_origin = bool(targets) and all(
            any(same_state(s, t, o) for o in origins) for t in targets
        )
        body = not actors and not named and measure == "quota"
        if body:
            # "Export quotas were suspended": a commodity body's, when the story names one
            actors = bodies or remembered(s, "quota_body", "actor")
            body = bool(actors)
        if not actors:
            # "a deal signed off by Trump that would halt higher tariffs": the leader the
            # sentence names acts for his state, before any earlier actor
            leaders = states(s, s.of_type("PERSON"))
            leaders = [a for a in leaders if a.type == "COUNTRY"]
            actors = without_states(s, leaders, targets)[:1]
            actors = actors or (other_state(s, targets) if from_origin else [])
            actors = actors or remembered(s, "trade_measure", "actor")
        if not actors:
            # a leader in the headline acts for his state: "Trump targets China with tariffs"
            actors = states(s, lead_parties(s, ("PERSON", "COUNTRY", "ORG"), targets))[:1]
        if not actors or not new_actors(out, "actor", actors, frame):
            continue  # one measure per actor and sentence: later triggers restate it
        goods = goods_of(s, frame)
        scoped = _scoped(s, frame)
        if not targets and not scoped and not body:  # a cut over a range of goods hits no one
            # the country the story's measures are about, when the sentence does not say
            # ("China threatened to retaliate with tariffs of an equal amount")
            # "retaliatory duties": on the side whose measure they answer
            answered = remembered(s, "trade_measure", "actor") if retaliatory(frame) else []
            targets = (
                without_states(s, answered, actors)
                or remembered(s, "trade_measure", "target")
                or remembered(s, "sanction", "target")
            )
            targets = targets or lead_parties(s, ("COUNTRY",), actors)[:1]
            targets = without_states(s, targets, actors)
        told = bool(imposed) or ended is not None  # the measure's own clause states it
        if goods is None and not targets and not told and not scoped and not body:
            continue
        # "the 85 cts per bushel duty approved by the tribunal": the goods the headline names
        goods = goods or lead_goods(s)
        if goods is None and not targets and not scoped:
            continue
        if targets:
            # "hit Mexico, along with Canada, the European Union and other nations"
            pool = [a for a in without(s.actors(), actors) if not _subject(s, a)]
            joined = coordinated(s, targets[0], pool)
            targets = joined + [t for t in targets[1:] if t not in joined]
            if measure == "quota":
                targets += [t for t in allotted(s, frame.trigger) if t not in targets]
        # a commodity body's quotas allot shares to its members: no target for the next
        # state's own curb ("Brazil and China pledged to limit their exports")
        remember(s, "trade_measure", actor=actors, target=[] if body else targets)
        fields = {
            "actor": ref(actors),
            "target": ref(targets) if targets else None,
            "measure": measure,
            "goods": goods,
            "rate_percent": rate_near(s, frame.trigger) if measure == "tariff" else None,
            "action": "imposed" if standing else _action_of(s, frame, state, ended),
        }
        conf = confidence(s, 0.8 if state == "fact" else 0.6, [*actors, *targets[:1]])
        split = rated_goods(s, frame.trigger.idx) if measure == "tariff" else []
        for rate, goods_slot, target in split:
            # "25 pct on steel and 10 pct on aluminium": one measure per goods (GUIDELINES A3)
            own = [target] if target is not None and target not in actors else targets
            out.append(
                (
                    {
                        **fields,
                        "target": ref(own) if own else None,
                        "goods": goods_slot.ref(),
                        "rate_percent": rate,
                    },
                    conf,
                )
            )
        apart = [] if split else origins_apart(s, origins, targets)
        for origin, own_goods in apart:
            goods_here = {"name": own_goods, "key": None} if own_goods else goods
            out.append(({**fields, "target": ref([origin]), "goods": goods_here}, conf))
        if not split and not apart:
            out.append((fields, conf))
    for frame in answers:
        # an unnamed retaliation in a trade story is tariffs, what such stories answer with
        found = retaliation(s, frame, stated, trade_kind(s) or "tariff")
        if found is not None and all(f[0]["actor"] != found[0]["actor"] for f in out):
            out.append(found)
    return out


def _nominal_act(trig: Token) -> str | None:
    """What the noun the measure qualifies does to it: "a tariff hike" raises it."""
    return lx.NOMINAL_TRADE_ACTIONS.get(lemma(trig.head)) if trig.dep_ == "compound" else None


def _subject(s: Sentence, slot: Slot) -> bool:
    """The name is the subject of a clause ("... and Canada said it would respond")."""
    tok = s.syntax.token_at(slot.start) if s.syntax is not None else None
    while tok is not None and tok.dep_ in ("compound", "flat") and tok.head != tok:
        tok = tok.head
    return tok is not None and tok.dep_ in ("nsubj", "nsubjpass")


_INSTRUMENTS = {
    "law", "act", "bill", "statute", "legislation", "petition", "complaint", "case", "code",
    "schedule", "rate", "revenue", "receipt", "policy", "system", "regime", "war",
}  # fmt: skip
_NOT_MEASURE = frozenset({"avoid", "evade", "circumvent", "hold", "delay", "postpone"})
