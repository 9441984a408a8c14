"""Sanctions: a government imposes, extends or lifts sanctions on a country, firm or person."""

from __future__ import annotations

from assay.enrich.facts import lexicon as lx
from assay.enrich.facts.context import Sentence
from assay.enrich.facts.roles import (
    Result,
    agent_by,
    capital,
    confidence,
    coordinated,
    negated,
    partners,
    ref,
    subject,
)

_SANCTION_VERB = lx.words(
    "added", "adds", "designated", "designates", "blacklisted", "blacklists", "sanctioned",
    "sanctions", "imposed", "imposes", "placed", "put", "targeted", "froze", "slapped",
    "removed", "removes", "delisted", "lifted", "eased",
)  # fmt: skip
_UNDERGOES = lx.words("was hit", "were hit", "hit with", "faces", "face", "facing", "under")


def sanction(s: Sentence) -> Result | None:
    """A government imposes, extends or lifts sanctions on a country, firm or person."""
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
