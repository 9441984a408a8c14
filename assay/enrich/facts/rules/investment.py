"""Investments: who put (or pledged) money into whom or what, and how much."""

from __future__ import annotations

import re
from typing import Any

from assay.enrich.facts import lexicon as lx
from assay.enrich.facts.context import Sentence, Slot, is_demonym
from assay.enrich.facts.roles import (
    LOCATION_CUES,
    Result,
    actor_before_noun,
    confidence,
    negated,
    partners,
    ref,
    subject,
)

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
_PASSIVE = re.compile(
    r"\b(?:acquired|bought|taken over|purchased|financed|funded|backed)\s+by\s+(?:the\s+)?"
)
_GOVERNMENT_AFTER = re.compile(r"^\s+(?:government|govt|state|authorities|administration)\b")
_PLEDGED = re.compile(r"\b(?:pledged?|pledges|committed|commits?|promised|promises|vowed)\b")
_DONE = re.compile(r"\b(?:acquired|bought|invested)\b")
_PURPOSE = re.compile(
    r"\bto\s+(?:build|develop|fund|finance|construct|expand|set\s+up)\s+(?:a|an|the|its)?\s*"
    r"(?P<what>(?:[\w-]+\s+){0,3}?(?:refinery|plant|mine|smelter|factory|gigafactory|facility|"
    r"project|hub|fab|mill|terminal|port|railway|line))\s+(?:at|in|near)\s+(?P<where>[A-Z][\w-]+)"
)


def _investable(s: Sentence, slot: Slot) -> bool:
    """Demonyms qualify goods ("Russian crude"), except "the Australian government" and
    "invest in Brazilian mining", where the country is where the money goes."""
    if not is_demonym(slot) or slot.cue in ("in", "into"):
        return True
    return bool(_GOVERNMENT_AFTER.match(s.lower[slot.end :]))


def _purpose(s: Sentence) -> str | None:
    """ "to build a rare-earths refinery at Eneabba" -> "Eneabba refinery"."""
    m = _PURPOSE.search(s.text)
    if m:
        return f"{m.group('where')} {m.group('what').split()[-1]}"
    projects = s.of_type("PROJECT")
    return projects[0].name if projects else None


def investment(s: Sentence) -> Result | None:
    """Who put (or pledged) money into whom or what, and how much."""
    if negated(s, "investment"):
        return None
    money = s.money()
    if not _INVEST_VERBS.search(s.lower) and not (money and _MONEY_MOVES.search(s.lower)):
        return None  # "an investment fund", "$91 billion in spending cuts": no deal here
    anchor = s.first_anchor("investment")
    actors = [a for a in s.actors() if _investable(s, a)]
    investor = subject(s, anchor)
    if investor is not None and not _investable(s, investor):
        investor = None
    target: Slot | None = None
    funder = [a for a in actors if a.cue == "from" and a.start > anchor]
    named = actor_before_noun(s, lx.FUNDING_NOUNS)
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
        firms = [a for a in after if a.type != "COUNTRY" or a.cue not in LOCATION_CUES]
        ranked = firms or after
        target = ranked[0] if ranked else None
        if target is None and investor is not None and _IT.match(s.lower, anchor):
            # "Lynas said JBIC would lend it $300m": "it" is the speaker before.
            earlier = [a for a in actors if a.end <= investor.start]
            target = earlier[0] if earlier else None
    if investor is None or target is None or (investor.key and investor.key == target.key):
        return None
    if _PLEDGED.search(s.lower) or (lx.PLANNED.search(s.lower) and not _DONE.search(s.lower)):
        action = "pledged"
    else:
        action = lx.first_label(lx.INVESTMENT_ACTIONS, s.lower, "invested")
    fields: dict[str, Any] = {
        "investor": ref(partners(s, investor)),
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
    return fields, confidence(s, 0.8, [investor, target])
