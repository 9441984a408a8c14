"""Named treaties whose parties every reader knows: NAFTA, the USMCA, KORUS, the Iran
nuclear deal.

A story names such a deal without its parties ("Trump may quit NAFTA", "the Iran deal");
GUIDELINES count it as an agreement in force, between the member states the story itself
names. One fact per treaty and document, from the first sentence that names it; none when
the story already tells of a deal among two of its members, which is then the news (the
U.S.-Mexico deal that replaced NAFTA).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from assay.models import Entity, Fact


class _Treaty(NamedTuple):
    pattern: re.Pattern[str]
    members: tuple[str, ...]  # ISO3 codes
    kind: str
    needs: str | None  # the member a story must name: the Iran deal is Iran's
    hoped_for: bool  # may be written of before it exists ("if an Iran deal is reached")


_TREATIES = (
    _Treaty(
        re.compile(
            r"\b(?:NAFTA|Nafta|North American Free Trade Agreement|USMCA|CUSMA|"
            r"United States-Mexico-Canada Agreement)\b"
        ),
        ("USA", "CAN", "MEX"),
        "trade",
        None,
        False,
    ),
    _Treaty(
        re.compile(r"\b(?:KORUS|U\.S\.-Korea Free Trade Agreement)\b"),
        ("USA", "KOR"),
        "trade",
        None,
        False,
    ),
    # by name, or described: only "the Iran deal" or "Obama's Iran deal" is the one made in
    # 2015; "any Iran deal", "an Iran deal" are hoped for
    _Treaty(
        re.compile(
            r"\b(?:JCPOA|Joint Comprehensive Plan of Action)\b"
            r"|(?:\b[Tt]he|'s|’s)\s+(?:(?!an?\b|any\b)[\w-]+\s+){0,3}?(?:Iran(?:ian)?\s+"
            r"(?:nuclear\s+)?(?:deal|agreement|accord)|nuclear\s+(?:deal|agreement|accord)\s+with"
            r"\s+Iran)\b"
            # "world powers reach historic deal with Iran": reached, in a story on its nuclear
            # programme (`_IRAN_NUCLEAR`)
            r"|(?P<reached>\b(?:reach(?:ed|es)?|struck|strikes?|clinch(?:ed|es)?|seal(?:ed|s)?|"
            r"sign(?:ed|s)?)\s+(?:an?\s+|the\s+|its\s+)?(?:[\w-]+\s+){0,2}?"
            r"(?:deal|agreement|accord)\s+with\s+(?:Iran|Tehran)\b)"
        ),
        ("IRN", "USA", "GBR", "FRA", "DEU", "RUS", "CHN"),
        "other",
        "IRN",
        True,
    ),
)
# A deal "reached with Iran" is the nuclear deal only in a story on its nuclear programme.
_IRAN_NUCLEAR = re.compile(r"\bnuclear\b", re.I)
_HOPED = re.compile(r"\b(?:if|whether|any|would|could|might)\b", re.I)
_CONFIDENCE = 0.6


def treaty_facts(
    text: str,
    sentences: Callable[[], Sequence[tuple[int, int]]],
    entities: Sequence[Entity],
    facts: Sequence[Fact],
) -> list[Fact]:
    """`facts` with an agreement for each named treaty of `text` whose members the story
    names, and the story's deals that are the treaty given all of its members (once).

    `sentences()` gives the (start, end) offsets of the document's sentences; it is called
    only for a document that names a treaty.
    """
    states = {e.key.split(":", 1)[1]: e for e in entities if e.type == "COUNTRY"}
    told = [
        {p.get("key") for p in f.fields.get("parties") or ()}
        for f in facts
        if f.type == "agreement"
    ]
    out: list[Fact] = []
    spans: Sequence[tuple[int, int]] = ()
    for treaty in _TREATIES:
        named = [states[m] for m in treaty.members if m in states]
        if len(named) < 2 or (treaty.needs is not None and treaty.needs not in states):
            continue
        keys = {e.key for e in named}
        found = [
            m.start()
            for m in treaty.pattern.finditer(text)
            if m.lastgroup != "reached" or _IRAN_NUCLEAR.search(text)
        ]
        spans = spans or (sentences() if found else ())
        bounds = [
            (start, end)
            for at in found
            for start, end in spans
            if start <= at < end and not (treaty.hoped_for and _HOPED.search(text[start:end]))
        ]
        if not bounds:
            continue
        completed = _complete(treaty, named, facts)
        if completed:
            # the deals the story tells of are the treaty, now with all its members: once
            facts = [f for f in facts if all(f is not c for c in completed[1:])]
            continue
        if any(len(keys & parties) >= 2 for parties in told):
            continue  # the story's own deal among these states is the news
        start, end = bounds[0]
        fields = {
            "parties": [{"name": e.name, "key": e.key} for e in named],
            "kind": treaty.kind,
            "commodity": None,
            "location": None,
            "action": "signed",
        }
        out.append(Fact("agreement", fields, text[start:end], start, end, _CONFIDENCE))
    return [*facts, *out]


def _complete(treaty: _Treaty, named: list[Entity], facts: Sequence[Fact]) -> list[Fact]:
    """Give a deal among a treaty's members that is the treaty every member the story names,
    in place; those deals. Only for a treaty that is one member's (the Iran deal):
    a deal of Iran's with its members, in a story that names the Iran deal, is that deal
    ("the U.S. reneging on its agreements" with Iran)."""
    if treaty.needs is None:
        return []  # NAFTA's members make other deals: "the U.S.-Mexico deal that replaced NAFTA"
    members = {e.key for e in named}
    needed = f"country:{treaty.needs}"
    done: list[Fact] = []
    for fact in facts:
        if fact.type != "agreement":
            continue
        parties = fact.fields.get("parties") or []
        keys = {p.get("key") for p in parties}
        if len(keys) < 2 or not keys <= members or needed not in keys:
            continue  # a deal of two other members ("Britain and France") is their own
        fact.fields["parties"] = parties + [
            {"name": e.name, "key": e.key} for e in named if e.key not in keys
        ]
        done.append(fact)
    return done
