"""Production: how much of a commodity a country or firm produces, holds, trades or depends on."""

from __future__ import annotations

import re
from typing import Any

from assay.enrich.facts import lexicon as lx
from assay.enrich.facts.context import Sentence, phrase_after
from assay.enrich.facts.roles import Result, commodity, confidence, negated, subject

_SHARE = re.compile(r"\s*(?:of\s+(?:the\s+)?(?:global|world|world's|worldwide)|share)")


def production(s: Sentence) -> list[Result]:
    """How much of a commodity a country or firm produces, holds, trades or depends on.

    A sentence may give a volume and a share of world supply: one fact for each.
    """
    if negated(s, "production"):
        return []
    # The share of world supply is its own fact; the other measure says what the volume is.
    measure = lx.first_label(lx.PRODUCTION_MEASURES[:2] + lx.PRODUCTION_MEASURES[3:], s.lower, "")
    anchor = s.first_anchor("production")
    actors = s.actors()
    actor = subject(s, anchor, nearest=False) or (actors[0] if actors else None)
    if actor is None:
        return []
    found = commodity(s)
    amounts = s.amounts()
    if found is None:
        for _, end, _ in amounts[:1]:
            m = re.match(r"\s+of\s+", s.text[end:])
            phrase = phrase_after(s.text, end + m.end()) if m else None
            found = {"name": phrase, "key": None} if phrase else None
    if found is None:
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
    conf = confidence(s, 0.75, [actor])
    return [
        (
            {
                "actor": actor.ref(),
                "commodity": found,
                "measure": m,
                "value": value,
                "year": int(year.group()) if year else None,
            },
            conf,
        )
        for m, value in values
    ]
