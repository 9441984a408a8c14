"""Agreements: two or more parties signed, announced, planned or ended a deal."""

from __future__ import annotations

import re

from assay.enrich.facts import lexicon as lx
from assay.enrich.facts.context import Sentence
from assay.enrich.facts.roles import LOCATION_CUES, Result, commodity, confidence, negated

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
    if negated(s, "agreement") and not ended:
        return None
    parties = [p for p in s.actors() if p.cue not in LOCATION_CUES or p.type == "ORG"]
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
    kind = lx.first_label(lx.AGREEMENT_KINDS, s.lower, "other")
    locations = s.of_type("LOCATION", "PROJECT")
    locations += [x for x in s.of_type("COUNTRY") if x.cue in LOCATION_CUES]
    locations.sort(key=lambda x: x.start)
    fields = {
        "parties": [p.ref() for p in parties],
        "kind": kind,
        "commodity": commodity(s),
        "location": locations[0].ref() if locations else None,
        "action": action,
    }
    return fields, confidence(s, 0.8 if len(parties) <= 3 else 0.6, parties)
