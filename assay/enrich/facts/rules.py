"""One rule per fact type: read a `Sentence`, return its fields and confidence.

Roles come from entity slots by position relative to the trigger and by the cue word
before each mention ("on X", "against X", "from X", "with X"). A rule returns nothing
when a required role is missing, so a fact is only stored when it names who did what.
"""

from __future__ import annotations

import re
from typing import Any

from assay.enrich.facts import lexicon as lx
from assay.enrich.facts.context import Sentence, Slot, is_demonym, phrase_after

Result = tuple[dict[str, Any], float]

_TARGET_CUES = {
    "on", "against", "from", "to", "toward", "towards", "targeting", "into", "told", "by",
}  # fmt: skip
_LOCATION_CUES = {"in", "at", "near", "across", "off"}
_RATE_YEAR = re.compile(r"\b(?:a|per|each)\s+year\b|\bannual(?:ly)?\b|\bper\s+annum\b|\byearly\b")
_RATE_MONTH = re.compile(r"\b(?:a|per|each)\s+month\b|\bmonthly\b")


def _first(patterns: list[tuple[str, re.Pattern[str]]], text: str, default: str) -> str:
    for label, pattern in patterns:
        if pattern.search(text):
            return label
    return default


def _confidence(s: Sentence, base: float, slots: list[Slot]) -> float:
    conf = base
    if lx.HEDGED.search(s.lower) or lx.MAY.search(s.text):
        conf -= 0.25
    if any(slot.key is None for slot in slots):
        conf -= 0.1  # a name the linker did not know: right words, maybe wrong thing
    return round(max(0.05, min(1.0, conf)), 2)


def _commodity(s: Sentence, after: int = 0) -> dict[str, Any] | None:
    commodities = s.of_type("COMMODITY")
    picks = [c for c in commodities if c.start >= after] or commodities
    return picks[0].ref() if picks else None


def _negated(s: Sentence, fact_type: str) -> bool:
    """A negation or denial in the clause around the trigger (not anywhere in the sentence)."""
    anchor = s.first_anchor(fact_type)
    window = s.lower[max(0, anchor - 60) : anchor + 50]
    return bool(lx.NEGATED.search(window))


def _ref(slots: list[Slot]) -> dict[str, Any] | list[dict[str, Any]]:
    """One {name, key}, or a list of them for coordinated names ("Rosneft and Lukoil")."""
    return slots[0].ref() if len(slots) == 1 else [s.ref() for s in slots]


def _coordinated(s: Sentence, first: Slot, pool: list[Slot]) -> list[Slot]:
    """`first` plus the names joined to it by commas or "and": "on Rosneft and Lukoil"."""
    out = [first]
    for slot in sorted(pool, key=lambda x: x.start):
        if slot.start <= out[-1].start or slot in out:
            continue
        gap = s.text[out[-1].end : slot.start]
        if re.fullmatch(r"(?:'s)?\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)", gap):
            out.append(slot)
        else:
            break
    return out


def _subject(s: Sentence, anchor: int, nearest: bool = True) -> Slot | None:
    """The acting entity for a trigger at `anchor`.

    A name right before the trigger noun acts ("US sanctions on", "China's export
    controls"); otherwise the nearest (or first) name before the trigger that is not
    introduced by a target or place cue ("X said Y would impose": Y).
    """
    before = [
        a
        for a in s.actors()
        if a.end <= anchor and a.cue not in _TARGET_CUES and a.cue not in _LOCATION_CUES
    ]
    if not before:
        return None
    last = before[-1]
    if re.fullmatch(r"(?:'s|’s)?\s*(?:[a-z-]+\s+)?", s.text[last.end : anchor]):
        return last
    return before[-1] if nearest else before[0]


def _capital(s: Sentence, anchor: int) -> Slot | None:
    """A place standing for its government as the subject: "Beijing announced ..."."""
    places = [p for p in s.of_type("LOCATION") if p.end <= anchor and not p.cue]
    return places[0] if places else None


def _actor_before_noun(s: Sentence, noun: re.Pattern[str]) -> Slot | None:
    """ "World Bank funding", "JBIC's loan": the name written right before a noun."""
    for slot in s.actors():
        m = re.match(r"(?:'s|’s)?\s+", s.lower[slot.end :])
        if m and noun.match(s.lower, slot.end + m.end()):
            return slot
    return None


# --------------------------------------------------------------------------- agreement

_SIGNED = lx.words(
    "signed", "signs", "inked", "inks", "sealed", "struck", "clinched", "agreed", "reached",
    "concluded", "formed", "won", "awarded", "secured", "placed", "entered into", "finalised",
    "finalized", "partnered", "teamed up", "cooperate",
)  # fmt: skip


_ANY_DEAL = re.compile(
    r"\b(?:any|a future|a possible|a potential)\s+(?:[\w-]+\s+){0,2}(?:deal|agreement|pact)\b"
)


def agreement(s: Sentence) -> Result | None:
    """Two or more parties signed, announced, planned or ended a deal."""
    if not lx.AGREEMENT_ACTS.search(s.lower) or not lx.AGREEMENT_NOUNS.search(s.lower):
        return None  # "covered by the trade pact": a deal mentioned, not made
    if _ANY_DEAL.search(s.lower):
        return None  # "sign off on any Iran deal": a hypothetical deal
    ended = lx.ENDED.search(s.lower)
    if _negated(s, "agreement") and not ended:
        return None
    parties = [p for p in s.actors() if p.cue not in _LOCATION_CUES or p.type == "ORG"]
    if len(parties) < 2:
        parties = s.actors()
    if len(parties) < 2:
        return None
    if ended:
        action = "ended"
    elif lx.AGREEMENT_PLANNED.search(s.lower):
        action = "planned"
    elif _SIGNED.search(s.lower):
        action = "signed"
    elif lx.ANNOUNCED.search(s.lower):
        action = "announced"
    else:
        action = "signed"
    kind = _first(lx.AGREEMENT_KINDS, s.lower, "other")
    locations = s.of_type("LOCATION", "PROJECT")
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


# ----------------------------------------------------------------------- trade measure


_HALT_EXPORTS = lx.words(
    "halted exports", "halts exports", "halt exports", "stopped exports", "stops exports",
    "suspended exports", "suspends exports", "curbed exports", "curbs exports", "curb exports",
)  # fmt: skip


def _trade_kind(s: Sentence) -> str | None:
    measure = _first(lx.TRADE_MEASURES, s.lower, "")
    if measure:
        return measure
    if _HALT_EXPORTS.search(s.lower):
        return "export-control"  # "China halted exports of magnets": a ban in effect
    if re.search(r"\bban(?:s|ned|ning)?\b", s.lower):
        if lx.BAN_EXPORTS.search(s.lower):
            return "export-control"
        if lx.BAN_IMPORTS.search(s.lower):
            return "import-ban"
        return None  # "banned smoking": not trade
    return None


def _trade_action(s: Sentence) -> str:
    if lx.IN_FORCE.search(s.lower) or _HALT_EXPORTS.search(s.lower):
        return "imposed"
    explicit = _first(lx.TRADE_ACTIONS, s.lower, "")
    if explicit:
        return explicit
    planned = lx.TRADE_PLANNED.search(s.lower) or lx.MAY.search(s.text)
    return "threatened" if planned else "imposed"


_BARE_GOODS = {"imports", "exports", "goods", "products", "shipments", "countries"}


def _leader(s: Sentence, anchor: int) -> Slot | None:
    """A head of government as the subject when no state is named: "Trump imposed ..."."""
    people = [p for p in s.of_type("PERSON") if p.end <= anchor and not p.cue]
    return people[0] if people else None


def trade_measure(s: Sentence) -> Result | None:
    """A government imposes (or lifts, raises...) tariffs, export controls, bans or quotas."""
    if _negated(s, "trade_measure"):
        return None
    if lx.TRADE_AGREEMENT.search(s.lower) and lx.AGREEMENT_ACTS.search(s.lower):
        return None  # tariff cuts agreed in a trade deal belong to the agreement
    anchor = s.first_anchor("trade_measure")
    if lx.EVADE.search(s.lower[:anchor]):
        return None
    measure = _trade_kind(s)
    if measure is None:
        return None
    actor = _subject(s, anchor) or _capital(s, anchor) or _leader(s, anchor)
    if actor is None:
        by = [a for a in s.actors() if a.cue == "by"]
        actor = by[0] if by else None
    if actor is None:
        return None
    targets = [
        a
        for a in s.actors()
        if a is not actor
        and a.start > actor.start
        and (a.cue in _TARGET_CUES or a.cue == "including" or (a.start > anchor and a.possessive))
    ]
    # A country named inside the goods after the trigger is the target: "tariffs on Chinese
    # steel", "on all US goods".
    targets += [
        c
        for c in s.of_type("COUNTRY")
        if c.start > anchor
        and c is not actor
        and c not in targets
        and c.cue not in _LOCATION_CUES
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
            if phrase and phrase.lower() not in names and phrase.lower() not in _BARE_GOODS:
                goods = {"name": phrase, "key": None}
                break
    if goods is None and not targets:
        return None
    percents = s.percents()
    fields = {
        "actor": actor.ref(),
        "target": _ref(_coordinated(s, targets[0], s.actors())) if targets else None,
        "measure": measure,
        "goods": goods,
        "rate_percent": percents[0][2] if percents and measure == "tariff" else None,
        "action": _trade_action(s),
    }
    return fields, _confidence(s, 0.8, [actor, *targets[:1]])


# ---------------------------------------------------------------------------- sanction


_SANCTION_VERB = lx.words(
    "added", "adds", "designated", "designates", "blacklisted", "blacklists", "sanctioned",
    "sanctions", "imposed", "imposes", "placed", "put", "targeted", "froze", "slapped",
    "removed", "removes", "delisted", "lifted", "eased",
)  # fmt: skip
_UNDERGOES = lx.words("was hit", "were hit", "hit with", "faces", "face", "facing", "under")


def sanction(s: Sentence) -> Result | None:
    """A government imposes, extends or lifts sanctions on a country, firm or person."""
    if _negated(s, "sanction"):
        return None
    action = _first(lx.SANCTION_ACTIONS, s.lower, "imposed")
    if action == "imposed" and not lx.SANCTION_ACTS.search(s.lower):
        return None  # "under sanctions", "sanctions-hit": a state, not an act
    anchor = s.first_anchor("sanction")
    lead = s.lower[max(0, anchor - 50) : anchor]
    if lx.TRADE_PLANNED.search(lead) or lx.TRADE_ACTIONS[0][1].search(lead):
        return None  # sanctions considered or threatened are not yet sanctions
    verb = _SANCTION_VERB.search(s.lower)
    if verb and verb.start() < anchor:
        anchor = verb.start()  # "X added Y to the Entity List": X acts, Y is hit
    actor = _subject(s, anchor) or _capital(s, anchor)
    if actor is None:
        by = [a for a in s.actors() if a.cue == "by"]
        actor = by[0] if by else None
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
    targets = _coordinated(s, ranked[0], pool)
    fields = {"actor": _ref(_partners(s, actor)), "target": _ref(targets), "action": action}
    return fields, _confidence(s, 0.8, [actor, *targets])


# ---------------------------------------------------------------------------- capacity

_PLANT_PRODUCT = re.compile(
    r"\b([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:plant|factory|refinery|smelter|gigafactory|"
    r"facility|fab|megafab|mill|terminal)\b"
)
_NOT_PRODUCT = {
    "a", "an", "the", "new", "its", "their", "his", "her", "first", "largest", "biggest",
    "gwh", "gw", "mw", "tpa", "mtpa", "ktpa", "tonne", "ton", "giant", "huge", "planned",
    "proposed", "own", "second", "third", "this", "that", "of", "and", "to", "build", "year",
    "advanced", "processing", "production", "manufacturing", "pilot", "commercial",
}  # fmt: skip


_DEAL_CLOSED = re.compile(
    r"\b(?:sale|deal|transaction|acquisition|merger|offer|purchase)\b.{0,100}\b(?:closed|close)\b"
)
_PROJECT = lx.words("project", "projects", "complex", "expansion")
_BUILD = lx.words("build", "construct", "set up", "establish", "develop", "open")


def _capacity_amount(s: Sentence) -> tuple[int, dict[str, Any]] | None:
    """The capacity figure, with "annual"/"monthly" written apart from the unit applied."""
    for _, end, amount in s.amounts():
        unit = amount.unit
        if unit in ("t", "units", "m3", "oz") and _RATE_YEAR.search(s.lower):
            unit += "/yr"
        elif unit == "wafers" and _RATE_MONTH.search(s.lower):
            unit = "wafers/month"
        if unit in lx.CAPACITY_UNITS:
            return end, {"value": amount.value, "unit": unit}
    return None


def capacity(s: Sentence) -> Result | None:
    """Who has (or plans, builds, expands, closes) how much capacity for what."""
    status = _first(lx.CAPACITY_STATUS, s.lower, "")
    if status == "closed" and _DEAL_CLOSED.search(s.lower):
        status = ""  # "the sale of the mine was closed": a deal completed, not a plant shut
    if status != "closed" and _negated(s, "capacity"):
        return None
    found = _capacity_amount(s)
    if not lx.CAPACITY_NOUNS.search(s.lower) and not (found and _PROJECT.search(s.lower)):
        return None  # "an order for 1 GW of turbines": equipment, not a plant
    if found is None and (
        status in ("", "expanded") or (status == "planned" and not _BUILD.search(s.lower))
    ):
        return None  # without a figure, only building, opening or closing is news
    # The owner named before its plant is an actor here: "QatarEnergy's North Field East".
    actors = [a for a in s.actors(descriptors=True) if a.cue not in _LOCATION_CUES]
    if not actors:
        # "The plant has a capacity of ..., Tesla said": the speaker owns the plant.
        actors = [a for a in s.of_type("ORG") if a.reporter][:1]
    if not actors:
        return None
    product = _commodity(s)
    if product is None:
        phrase = None
        if found:
            m = re.match(r"\s+(?:a\s+year\s+|per\s+year\s+)?of\s+", s.text[found[0] :])
            phrase = phrase_after(s.text, found[0] + m.end()) if m else None
        if phrase is None:
            noun = _PLANT_PRODUCT.search(s.text)
            words = (
                [w for w in noun.group(1).split() if w.lower() not in _NOT_PRODUCT] if noun else []
            )
            phrase = " ".join(words) or None
        product = {"name": phrase, "key": None} if phrase else None
    fields = {
        "actors": [a.ref() for a in actors],
        "product": product,
        "amount": found[1] if found else None,
        "status": status or "operational",
    }
    return fields, _confidence(s, 0.75 if found else 0.6, actors)


# -------------------------------------------------------------------------- investment

_INVEST_VERBS = lx.words(
    "invest", "invests", "invested", "investing", "co-invest", "acquire", "acquires",
    "acquired", "acquiring", "acquisition", "bought", "buys", "buy", "buying", "take over",
    "takes over", "took over", "takeover", "stake in", "stakes in", "stake of", "interest in",
    "lend", "lends", "lent", "loan", "loans", "purchase", "purchased",
)  # fmt: skip
_FROM_FUNDER = re.compile(
    r"\b(?:secured|received|receive|receives|won|obtained|raised|got|gets|win|injection|"
    r"loan|loans|funding|financing|investment|grant|grants|backing)\b"
)
# With a sum of money, these say the money went from someone to someone.
_MONEY_MOVES = lx.words(
    "invest", "invests", "invested", "investment", "loan", "loans", "lend", "lends", "lent",
    "funding", "financing", "finance", "financed", "funded", "fund", "grant", "grants",
    "injected", "injection", "pledged", "pledge", "pledges", "committed", "commits",
    "secured", "received", "raised", "provide", "provided", "provides", "awarded",
    "backing", "backed", "co-invest", "sold", "sell", "sells",
)  # fmt: skip
_IT = re.compile(r"\w*\s+(?:it|them)\b")
_SOLD = lx.words("sell", "sells", "sold", "selling", "divest", "divests", "divested", "offload")


def _partners(s: Sentence, subject: Slot) -> list[Slot]:
    """The subject and the names joined to it before it: "Sojitz and JOGMEC invested"."""
    out = [subject]
    for slot in reversed([a for a in s.actors() if a.end <= subject.start]):
        gap = s.text[slot.end : out[0].start]
        if not re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)", gap):
            break
        out.insert(0, slot)
    return out


_PASSIVE = re.compile(
    r"\b(?:acquired|bought|taken over|purchased|financed|funded|backed)\s+by\s+(?:the\s+)?"
)
_GOVERNMENT_AFTER = re.compile(r"^\s+(?:government|govt|state|authorities|administration)\b")


def _investable(s: Sentence, slot: Slot) -> bool:
    """Demonyms qualify goods ("Russian crude"), except "the Australian government" and
    "invest in Brazilian mining", where the country is where the money goes."""
    if not is_demonym(slot) or slot.cue in ("in", "into"):
        return True
    return bool(_GOVERNMENT_AFTER.match(s.lower[slot.end :]))


def investment(s: Sentence) -> Result | None:
    """Who put (or pledged) money into whom or what, and how much."""
    if _negated(s, "investment"):
        return None
    money = s.money()
    if not _INVEST_VERBS.search(s.lower) and not (money and _MONEY_MOVES.search(s.lower)):
        return None  # "an investment fund", "$91 billion in spending cuts": no deal here
    anchor = s.first_anchor("investment")
    actors = [a for a in s.actors() if _investable(s, a)]
    investor = _subject(s, anchor)
    if investor is not None and not _investable(s, investor):
        investor = None
    target: Slot | None = None
    funder = [a for a in actors if a.cue == "from" and a.start > anchor]
    named = _actor_before_noun(s, lx.FUNDING_NOUNS)
    passive = _PASSIVE.search(s.lower)
    by = [a for a in actors if a.cue == "by" and passive and a.start >= passive.end() - 1]
    sold = _SOLD.search(s.lower)
    buyer = [a for a in actors if a.cue == "to" and sold and a.start > sold.end()]
    if sold and investor is not None:
        # "Vale sold a stake to Manara": the buyer invests in the seller.
        if not buyer:
            return None
        target, investor = investor, buyer[0]
    elif by and investor is not None:
        # "Goodyear was acquired by Loral": the buyer follows "by".
        target, investor = investor, by[0]
    elif funder and _FROM_FUNDER.search(s.lower):
        # "Iluka secured a loan from Australia": the money comes from after "from".
        target, investor = investor, funder[0]
    elif named and investor is not None and named is not investor:
        # "... with World Bank funding of $497 million": the named funder pays the subject.
        target, investor = investor, named
    else:
        after = [
            a
            for a in s.of_type("ORG", "COUNTRY", "PROJECT")
            if a.start > anchor
            and a is not investor
            and not a.descriptor
            and not a.reporter
            and _investable(s, a)
        ]
        # "a loan for a mine in Mozambique owned by Syrah": a firm or project before a place.
        firms = [a for a in after if a.type != "COUNTRY" or a.cue not in _LOCATION_CUES]
        ranked = firms or after
        target = ranked[0] if ranked else None
        if target is None and investor is not None and _IT.match(s.lower, anchor):
            # "Lynas said JBIC would lend it $300m": "it" is the speaker before.
            earlier = [a for a in actors if a.end <= investor.start]
            target = earlier[0] if earlier else None
    if investor is None or target is None or (investor.key and investor.key == target.key):
        return None
    if re.search(
        r"\b(?:pledged?|pledges|committed|commits?|promised|promises|vowed)\b", s.lower
    ) or (
        lx.PLANNED.search(s.lower) and not re.search(r"\b(?:acquired|bought|invested)\b", s.lower)
    ):
        action = "pledged"
    else:
        action = _first(lx.INVESTMENT_ACTIONS, s.lower, "invested")
    fields: dict[str, Any] = {
        "investor": _ref(_partners(s, investor)),
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
    r"(?P<what>(?:[\w-]+\s+){0,3}?(?:refinery|plant|mine|smelter|factory|gigafactory|facility|"
    r"project|hub|fab|mill|terminal|port|railway|line))\s+(?:at|in|near)\s+(?P<where>[A-Z][\w-]+)"
)


def _purpose(s: Sentence) -> str | None:
    """ "to build a rare-earths refinery at Eneabba" -> "Eneabba refinery"."""
    m = _PURPOSE.search(s.text)
    if m:
        return f"{m.group('where')} {m.group('what').split()[-1]}"
    projects = s.of_type("PROJECT")
    return projects[0].name if projects else None


# -------------------------------------------------------------------------- production

_SHARE = re.compile(r"\s*(?:of\s+(?:the\s+)?(?:global|world|world's|worldwide)|share)")


def production(s: Sentence) -> list[Result]:
    """How much of a commodity a country or firm produces, holds, trades or depends on.

    A sentence may give a volume and a share of world supply: one fact for each.
    """
    if _negated(s, "production"):
        return []
    # The share of world supply is its own fact; the other measure says what the volume is.
    measure = _first(lx.PRODUCTION_MEASURES[:2] + lx.PRODUCTION_MEASURES[3:], s.lower, "")
    anchor = s.first_anchor("production")
    actors = s.actors()
    actor = _subject(s, anchor, nearest=False) or (actors[0] if actors else None)
    if actor is None:
        return []
    commodity = _commodity(s)
    amounts = s.amounts()
    if commodity is None:
        for _, end, _ in amounts[:1]:
            m = re.match(r"\s+of\s+", s.text[end:])
            phrase = phrase_after(s.text, end + m.end()) if m else None
            commodity = {"name": phrase, "key": None} if phrase else None
    if commodity is None:
        return []
    percents = s.percents()
    share = [p for p in percents if _SHARE.match(s.lower, p[1])]
    values: list[tuple[str, dict[str, Any]]] = []
    if amounts:
        values.append((measure or "production", amounts[0][2].as_dict()))
    elif percents and measure and not share:
        values.append((measure, {"value": percents[0][2], "unit": "%"}))
    if share:
        values.append(("share", {"value": share[0][2], "unit": "%"}))
    elif percents and not amounts and not measure and lx.PRODUCTION_MEASURES[2][1].search(s.lower):
        values.append(("share", {"value": percents[0][2], "unit": "%"}))
    year = lx.YEAR.search(s.text)
    conf = _confidence(s, 0.75, [actor])
    return [
        (
            {
                "actor": actor.ref(),
                "commodity": commodity,
                "measure": m,
                "value": value,
                "year": int(year.group()) if year else None,
            },
            conf,
        )
        for m, value in values
    ]


def _one(rule: Any) -> Any:
    def run(s: Sentence) -> list[Result]:
        result = rule(s)
        return [result] if result is not None else []

    run.__doc__ = rule.__doc__
    return run


RULES = {
    "agreement": _one(agreement),
    "trade_measure": _one(trade_measure),
    "sanction": _one(sanction),
    "capacity": _one(capacity),
    "investment": _one(investment),
    "production": production,
}
