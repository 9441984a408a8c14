"""One rule per fact type: read a `Sentence`, return its fields and confidence.

Each module here holds one type's rule and the cue words only it reads; who acts and who
is hit is resolved by the shared helpers in `assay.enrich.facts.roles`. A rule returns
nothing when a required role is missing, so a fact is only stored when it names who did
what.
"""

from __future__ import annotations

from collections.abc import Callable

from assay.enrich.facts.context import Sentence
from assay.enrich.facts.roles import Result
from assay.enrich.facts.rules.agreement import agreement
from assay.enrich.facts.rules.capacity import capacity
from assay.enrich.facts.rules.investment import investment
from assay.enrich.facts.rules.production import production
from assay.enrich.facts.rules.sanction import sanction
from assay.enrich.facts.rules.trade_measure import trade_measure

__all__ = ["RULES", "Rule"]

# A rule gives every fact of its type that a sentence states (most give at most one).
Rule = Callable[[Sentence], list[Result]]


def _one(rule: Callable[[Sentence], Result | None]) -> Rule:
    def run(s: Sentence) -> list[Result]:
        result = rule(s)
        return [result] if result is not None else []

    run.__doc__ = rule.__doc__
    return run


RULES: dict[str, Rule] = {
    "agreement": agreement,
    "trade_measure": trade_measure,
    "sanction": sanction,
    "capacity": capacity,
    "investment": _one(investment),
    "production": production,
}
