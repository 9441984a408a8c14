"""Trade measures read by word order, for text without a parse, and the action words the
parsed reading shares."""

from __future__ import annotations

import re

from spacy.tokens import Token

from assay.enrich.facts import lexicon as lx
from assay.enrich.facts.context import Sentence, is_demonym, phrase_after
from assay.enrich.facts.goods import BARE_GOODS
from assay.enrich.facts.heads import lemma
from assay.enrich.facts.roles import (
    LOCATION_CUES,
    TARGET_CUES,
    Result,
    agent_by,
    capital,
    confidence,
    coordinated,
    leader,
    negated,
    ref,
    subject,
)

# Trade stopped or curbed is a measure in effect, not a suspended one.
_HALTS = lx.words(*lx.with_owners(
    [*lx.HALTED_TRADE, "curbed exports", "curbs exports", "curb exports"]
))  # fmt: skip


def trade_kind(s: Sentence) -> str | None:
    """The measure the sentence names: a tariff, a quota, an export control, an import ban."""
    measure = lx.first_label(lx.TRADE_MEASURES, s.lower, "")
    if measure:
        return measure
    if re.search(r"\bban(?:s|ned|ning)?\b", s.lower):
        if lx.BAN_EXPORTS.search(s.lower):
            return "export-control"
        if lx.BAN_IMPORTS.search(s.lower):
            return "import-ban"
        return None  # "banned smoking": not trade
    return None


def trade_action(s: Sentence, verb: Token | None = None) -> str:
    if lx.IN_FORCE.search(s.lower) or _HALTS.search(s.lower):
        return "imposed"
    # the measure's own verb before the sentence's other words: "tariffs would be delayed,
    # while other products were removed" delays the tariffs
    own = ""
    if verb is not None:
        own = lx.first_label(lx.TRADE_ACTIONS, verb.lower_, "")
        # "it was slashing tariffs", not "a plan would require raising duties"
        going = any(c.dep_ == "aux" and lemma(c) == "be" for c in verb.children)
        own = own or (lx.OWN_TRADE_ACTIONS.get(verb.lower_, "") if going else "")
    explicit = own or lx.first_label(lx.TRADE_ACTIONS, s.lower, "")
    if explicit:
        return explicit
    planned = lx.TRADE_PLANNED.search(s.lower) or lx.MAY.search(s.text)
    return "threatened" if planned else "imposed"


def surface(s: Sentence) -> Result | None:
    """Word-order reading, for text without a parse."""
    if negated(s, "trade_measure"):
        return None
    if lx.TRADE_AGREEMENT.search(s.lower) and lx.AGREEMENT_ACTS.search(s.lower):
        return None  # tariff cuts agreed in a trade deal belong to the agreement
    anchor = s.first_anchor("trade_measure")
    if lx.EVADE.search(s.lower[:anchor]):
        return None
    measure = trade_kind(s)
    if measure is None:
        return None
    actor = subject(s, anchor) or capital(s, anchor) or leader(s, anchor) or agent_by(s)
    if actor is None:
        return None
    targets = [
        a
        for a in s.actors()
        if a is not actor
        and a.start > actor.start
        and (a.cue in TARGET_CUES or a.cue == "including" or (a.start > anchor and a.possessive))
    ]
    # A country named inside the goods after the trigger is the target: "tariffs on Chinese
    # steel", "on all US goods".
    targets += [
        c
        for c in s.of_type("COUNTRY")
        if c.start > anchor
        and c is not actor
        and c not in targets
        and c.cue not in LOCATION_CUES
        and (is_demonym(c) or re.match(r"\s+[a-z]", s.text[c.end :]))
    ]
    targets.sort(key=lambda t: t.start)
    # Goods follow the trigger ("controls on gallium") or sit right before it ("nickel ore
    # export ban"); a commodity elsewhere is context ("Antimony prices rose since ...").
    goods_slots = [c for c in s.of_type("COMMODITY") if c.start >= anchor or anchor - c.end < 25]
    goods = goods_slots[0].ref() if goods_slots else None
    if goods is None:
        names = {t.text.lower() for t in targets} | {actor.text.lower()}
        cue = re.compile(r"\b(?:on|of|against)\s+(?:imports\s+of\s+|exports\s+of\s+)?")
        for m in cue.finditer(s.lower, anchor):
            phrase = phrase_after(s.text, m.end())
            if phrase and phrase.lower() not in names and phrase.lower() not in BARE_GOODS:
                goods = {"name": phrase, "key": None}
                break
    if goods is None and not targets:
        return None
    percents = s.percents()
    fields = {
        "actor": actor.ref(),
        "target": ref(coordinated(s, targets[0], s.actors())) if targets else None,
        "measure": measure,
        "goods": goods,
        "rate_percent": percents[0][2] if percents and measure == "tariff" else None,
        "action": trade_action(s),
    }
    return fields, confidence(s, 0.8, [actor, *targets[:1]])
