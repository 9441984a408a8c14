"""One rule per fact type: read a `Sentence`, return its fields and confidence or None.

Roles come from entity slots by position relative to the trigger and by the cue word
before each mention ("on X", "against X", "from X", "with X"). Each rule returns None
when a required role is missing, so a fact is only stored when it names who did what.
"""

from __future__ import annotations

import re
from typing import Any

from assay.enrich.facts import lexicon as lx
from assay.enrich.facts.context import Sentence, Slot, is_demonym, phrase_after

Result = tuple[dict[str, Any], float]

_TARGET_CUES = {"on", "against", "from", "to", "toward", "towards", "targeting", "into"}
_LOCATION_CUES = {"in", "at", "near", "across"}


def _first(patterns: list[tuple[str, re.Pattern[str]]], text: str, default: str) -> str:
    for label, pattern in patterns:
        if pattern.search(text):
            return label
    return default


def _confidence(s: Sentence, base: float, slots: list[Slot]) -> float:
    conf = base
    if lx.HEDGED.search(s.lower):
        conf -= 0.25
    if any(slot.key is None for slot in slots):
        conf -= 0.1  # a name the linker did not know: right words, maybe wrong thing
    return round(max(0.05, min(1.0, conf)), 2)


def _commodity(s: Sentence, after: int = 0) -> dict[str, Any] | None:
    commodities = s.of_type("COMMODITY")
    later = [c for c in commodities if c.start >= after]
    picks = later or commodities
    return picks[0].ref() if picks else None


def _negated(s: Sentence) -> bool:
    return bool(lx.NEGATED.search(s.lower))


def _subject(s: Sentence, anchor: int) -> Slot | None:
    """The acting entity before the trigger: the first actor not introduced by a target cue."""
    for slot in s.actors():
        if slot.start >= anchor:
            break
        if slot.cue not in _TARGET_CUES and slot.cue not in _LOCATION_CUES:
            return slot
    return None


_SIGNED = lx.words("signed", "signs", "inked", "inks", "sealed", "struck", "clinched", "agreed")


def agreement(s: Sentence) -> Result | None:
    """Two or more parties signed, announced, planned or ended a deal."""
    ended = lx.ENDED.search(s.lower)
    if _negated(s) and not ended:
        return None
    parties = [p for p in s.actors() if p.cue not in _LOCATION_CUES or p.type == "ORG"]
    if len(parties) < 2:
        parties = s.actors()
    if len(parties) < 2:
        return None
    if ended:
        action = "ended"
    elif lx.PLANNED.search(s.lower):
        action = "planned"
    elif _SIGNED.search(s.lower):
        action = "signed"
    elif lx.ANNOUNCED.search(s.lower):
        action = "announced"
    else:
        action = "signed"
    kind = _first(lx.AGREEMENT_KINDS, s.lower, "other")
    locations = [x for x in s.of_type("LOCATION", "PROJECT")]
    locations += [x for x in s.of_type("COUNTRY") if x.cue in _LOCATION_CUES]
    locations.sort(key=lambda x: x.start)
    fields = {
        "parties": [p.ref() for p in parties],
        "kind": kind,
        "commodity": _commodity(s),
        "location": locations[0].ref() if locations else None,
        "action": action,
    }
    return fields, _confidence(s, 0.8 if len(parties) <= 3 else 0.6, parties)


def trade_measure(s: Sentence) -> Result | None:
    """A government imposes (or lifts, raises...) tariffs, export controls, bans or quotas."""
    if _negated(s):
        return None
    anchor = s.first_anchor("trade_measure")
    measure = _first(lx.TRADE_MEASURES, s.lower, "tariff")
    actors = s.actors()
    actor = _subject(s, anchor)
    if actor is None:
        by = [a for a in actors if a.cue == "by"]
        actor = by[0] if by else None
    targets = [
        a
        for a in actors
        if a is not actor and (a.cue in _TARGET_CUES or (a.start > anchor and a.possessive))
    ]
    # A demonym after the trigger names the target country: "tariffs on Chinese steel".
    targets += [
        c
        for c in s.of_type("COUNTRY")
        if c.start > anchor
        and c.descriptor is False
        and c is not actor
        and c not in targets
        and is_demonym(c)
    ]
    if actor is None:
        return None
    targets.sort(key=lambda t: t.start)
    goods = _commodity(s, after=anchor)
    if goods is None:
        cue = re.compile(r"\b(?:on|of|against)\s+(?:imports\s+of\s+|exports\s+of\s+)?")
        for m in cue.finditer(s.lower, anchor):
            phrase = phrase_after(s.text, m.end())
            target_names = {t.text.lower() for t in targets} | {actor.text.lower()}
            if (
                phrase
                and phrase.lower() not in target_names
                and not s.overlaps_quantity(m.end(), m.end() + 1)
            ):
                goods = {"name": phrase, "key": None}
                break
    if goods is None and not targets:
        return None
    if lx.IN_FORCE.search(s.lower):
        action = "imposed"
    elif lx.TRADE_ACTIONS[0][1].search(s.lower) or lx.PLANNED.search(s.lower):
        action = "threatened"
    else:
        action = _first(lx.TRADE_ACTIONS[1:], s.lower, "imposed")
    percents = s.percents()
    fields = {
        "actor": actor.ref(),
        "target": targets[0].ref() if targets else None,
        "measure": measure,
        "goods": goods,
        "rate_percent": percents[0][2] if percents and measure == "tariff" else None,
        "action": action,
    }
    return fields, _confidence(s, 0.8, [actor, *targets[:1]])


def sanction(s: Sentence) -> Result | None:
    """A government imposes, extends or lifts sanctions on a country, firm or person."""
    if _negated(s):
        return None
    action = _first(lx.SANCTION_ACTIONS, s.lower, "imposed")
    if action == "imposed" and not lx.SANCTION_ACTS.search(s.lower):
        return None  # "under sanctions", "sanctions-hit": a state, not an act
    anchor = s.first_anchor("sanction")
    actor = _subject(s, anchor)
    candidates = [a for a in s.actors() if a is not actor]
    candidates += [p for p in s.of_type("PERSON") if p.start > anchor]
    on = [c for c in candidates if c.cue in {"on", "against", "sanctioned", "blacklisted"}]
    after = [c for c in candidates if c.start > anchor]
    before = [c for c in candidates if actor is None or c.start > actor.start]
    ranked = on or after or before
    target = ranked[0] if ranked else None
    if actor is None:
        by = [a for a in candidates if a.cue == "by" and a is not target]
        actor = by[0] if by else None
    if actor is None or target is None:
        return None
    fields = {"actor": actor.ref(), "target": target.ref(), "action": action}
    return fields, _confidence(s, 0.8, [actor, target])


_PLANT_PRODUCT = re.compile(
    r"\b([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:plant|factory|refinery|smelter|gigafactory|"
    r"facility|fab|mill|terminal)\b"
)
_NOT_PRODUCT = {
    "a",
    "an",
    "the",
    "new",
    "its",
    "their",
    "his",
    "her",
    "first",
    "largest",
    "biggest",
    "gwh",
    "gw",
    "mw",
    "tpa",
    "mtpa",
    "ktpa",
    "tonne",
    "ton",
    "giant",
    "huge",
    "planned",
    "proposed",
    "own",
    "second",
    "this",
    "that",
    "of",
    "and",
    "to",
    "build",
    "year",
}


def capacity(s: Sentence) -> Result | None:
    """Who has (or plans, builds, expands, closes) how much capacity for what."""
    if _negated(s):
        return None
    amounts = [(st, en, a) for st, en, a in s.amounts() if a.unit in lx.CAPACITY_UNITS]
    if not amounts:
        return None
    _, end, amount = amounts[0]
    actors = [a for a in s.actors() if a.cue not in _LOCATION_CUES]
    if not actors:
        # "The plant has a capacity of ..., Tesla said": the speaker owns the plant.
        actors = [a for a in s.of_type("ORG") if a.reporter][:1]
    if not actors:
        return None
    product = _commodity(s)
    if product is None:
        m = re.match(r"\s+(?:a\s+year\s+|per\s+year\s+)?of\s+", s.text[end:])
        phrase = phrase_after(s.text, end + m.end()) if m else None
        if phrase is None:
            noun = _PLANT_PRODUCT.search(s.text)
            phrase = noun.group(1) if noun else None
            if phrase:
                kept = [w for w in phrase.split() if w.lower() not in _NOT_PRODUCT]
                phrase = " ".join(kept) or None
        product = {"name": phrase, "key": None} if phrase else None
    status = _first(lx.CAPACITY_STATUS, s.lower, "operational")
    fields = {
        "actors": [a.ref() for a in actors],
        "product": product,
        "amount": amount.as_dict(),
        "status": status,
    }
    return fields, _confidence(s, 0.75, actors)


def investment(s: Sentence) -> Result | None:
    """Who put (or pledged) money into whom or what, and how much."""
    if _negated(s):
        return None
    anchor = s.first_anchor("investment")
    actors = s.actors()
    investor = _subject(s, anchor)
    target: Slot | None = None
    funder = [a for a in actors if a.cue == "from" and a.start > anchor]
    if funder and lx.FUNDING_NOUNS.search(s.lower):
        # "Iluka secured a loan from Australia": the lender is after "from".
        target, investor = investor, funder[0]
    else:
        after = [
            a
            for a in s.of_type("ORG", "COUNTRY", "PROJECT")
            if a.start > anchor and a is not investor and not a.descriptor and not a.reporter
        ]
        target = after[0] if after else None
    if investor is None or target is None or (investor.key and investor.key == target.key):
        return None
    money = s.money()
    if lx.PLANNED.search(s.lower) and not re.search(r"\bacquired|\bbought|\binvested", s.lower):
        action = "pledged"
    else:
        action = _first(lx.INVESTMENT_ACTIONS, s.lower, "invested")
    fields: dict[str, Any] = {
        "investor": investor.ref(),
        "target": target.ref(),
        "amount": money[0][2].as_dict() if money else None,
        "action": action,
    }
    purpose = _purpose(s)
    if purpose:
        fields["purpose"] = purpose
    percents = s.percents()
    if percents and re.search(r"\bstakes?\b", s.lower):
        fields["stake_percent"] = percents[0][2]
    return fields, _confidence(s, 0.8, [investor, target])


_PURPOSE = re.compile(
    r"\bto\s+(?:build|develop|fund|finance|construct|expand|set\s+up)\s+(?:a|an|the|its)?\s*"
    r"(?P<what>[\w-]+(?:\s+[\w-]+){0,3}?)\s+(?:at|in|near)\s+(?P<where>[A-Z][\w-]+)"
)


def _purpose(s: Sentence) -> str | None:
    """ "to build a rare-earths refinery at Eneabba" -> "Eneabba refinery"."""
    projects = s.of_type("PROJECT")
    if projects:
        return projects[0].name
    m = _PURPOSE.search(s.text)
    if not m:
        return None
    return f"{m.group('where')} {m.group('what').split()[-1]}"


def production(s: Sentence) -> Result | None:
    """How much of a commodity a country or firm produces, holds, trades or depends on."""
    if _negated(s):
        return None
    measure = _first(lx.PRODUCTION_MEASURES, s.lower, "production")
    anchor = s.first_anchor("production")
    actors = s.actors()
    actor = _subject(s, anchor) or (actors[0] if actors else None)
    if actor is None:
        return None
    value: dict[str, Any] | None = None
    percents = s.percents()
    amounts = s.amounts()
    if measure in ("share", "dependence") and percents:
        value = {"value": percents[0][2], "unit": "%"}
    elif amounts:
        value = amounts[0][2].as_dict()
    elif percents and measure != "production":
        value = {"value": percents[0][2], "unit": "%"}
    if value is None:
        return None
    commodity = _commodity(s)
    if commodity is None:
        for _, end, _ in amounts[:1]:
            m = re.match(r"\s+of\s+", s.text[end:])
            phrase = phrase_after(s.text, end + m.end()) if m else None
            commodity = {"name": phrase, "key": None} if phrase else None
    if commodity is None:
        return None
    year = lx.YEAR.search(s.text)
    fields = {
        "actor": actor.ref(),
        "commodity": commodity,
        "measure": measure,
        "value": value,
        "year": int(year.group()) if year else None,
    }
    return fields, _confidence(s, 0.75, [actor])


RULES = {
    "agreement": agreement,
    "trade_measure": trade_measure,
    "sanction": sanction,
    "capacity": capacity,
    "investment": investment,
    "production": production,
}
