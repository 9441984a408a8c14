"""One sentence seen by the fact rules: its text, entity slots, cue words and quantities."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assay.enrich.entities.lexicon import FIRM_KINDS
from assay.enrich.facts.lexicon import POSSESSIVE
from assay.enrich.quantities import Amount, Money, find_amounts, find_money, find_percents

if TYPE_CHECKING:
    from assay.enrich.facts.syntax import Syntax

ACTOR_TYPES = frozenset({"COUNTRY", "ORG"})
# Words that may sit between a cue preposition and the entity it introduces.
_FILLER = {"the", "a", "an", "its", "their", "state", "state-owned", "firm", "company", "of"}
_WORD = re.compile(r"[\w'’&.-]+")
# "Australian miner Lynas", "Japan's JOGMEC": a country word bound to the name that follows.
_DESCRIPTOR_GAP = re.compile(
    r"^(?:\s*(?:'s|’s|')?\s+(?:(?!(?:of|in|with|for|to|from|on|by|and|or|at)\b)[a-z][\w-]*,?\s+){0,4})$"
)
# "U.S. firm Ardmore Tool", "U.S. Firm <Ardmore Tool Co>" (the wire capitalises after "U.S."):
# a country written as a noun qualifies the firm a kind word names.
_KIND_OF_FIRM = re.compile(rf"^\s+(?:{'|'.join(sorted(FIRM_KINDS))})\s+<?$", re.I)
_GOVERNMENT = re.compile(r"^\s+(?:government|govt|state|authorities|administration|cabinet)\b")


# The verbs that follow a source: "..., Reuters said", "the department reported".
SAYING = r"said|says|reported|reports|told"
_DEMONYM = re.compile(r"(?:an|ese|ish|ic|i|ch|sh)$")


def is_demonym(slot: Slot) -> bool:
    """ "Chinese" for China: an adjective form, so it qualifies a noun rather than acts."""
    return not slot.text.isupper() and demonym_form(slot)


def demonym_form(slot: Slot) -> bool:
    """The country written as its adjective, in any case ("Chinese", "INDIAN"); a firm's short
    name is none ("Meridian" for Meridian Reserve)."""
    text = slot.text.lower()
    return slot.type == "COUNTRY" and text != slot.name.lower() and bool(_DEMONYM.search(text))


@dataclass
class Slot:
    """One mention of an entity inside the sentence, with the words around it."""

    start: int  # offsets relative to the sentence
    end: int
    text: str
    name: str
    key: str | None
    type: str
    kind: str = ""  # an organisation's kind from the KB: company, agency, ministry...
    cue: str = ""  # the nearest preceding word, skipping fillers ("on", "with", "from")
    possessive: bool = False
    descriptor: bool = False  # a country qualifying the next name ("Australia's Lynas")
    reporter: bool = False  # the source of the statement ("..., Reuters said")

    def ref(self) -> dict[str, Any]:
        return {"name": self.name, "key": self.key}


@dataclass
class Sentence:
    """A sentence with everything the rules read, computed once."""

    text: str
    start: int
    slots: list[Slot]
    anchors: dict[str, list[int]]  # fact type -> trigger offsets in the sentence
    ends: dict[int, int] = field(default_factory=dict)  # trigger offset -> its end offset
    syntax: Syntax | None = None  # the dependency parse, when the extractor runs one
    # The country a head of state or government stands for, when the document names it.
    state_of: Callable[[Slot], Slot | None] | None = None
    # The organisation named after a project ("Brunswick mine": "Brunswick Mining Corp").
    operator_of: Callable[[Slot], Slot | None] | None = None
    lead: list[Slot] = field(default_factory=list)  # names in the headline and lead
    # Roles of the facts found earlier in the document, by type: "the sanctions" later on
    # refers to the sanctions named before.
    history: dict[str, list[dict[str, list[Slot]]]] = field(default_factory=dict)
    lower: str = ""
    _money: list[tuple[int, int, Money]] | None = field(default=None, repr=False)
    _amounts: list[tuple[int, int, Amount]] | None = field(default=None, repr=False)
    _percents: list[tuple[int, int, float]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.lower = self.text.lower()
        # A trigger inside an organisation's name is part of the name: "National
        # Reconstruction Fund". Inside a project name it still counts: "Kemerton plant".
        orgs = [s for s in self.slots if s.type == "ORG"]
        anchors = {
            t: [o for o in offs if not any(s.start <= o < s.end for s in orgs)]
            for t, offs in self.anchors.items()
        }
        self.anchors = {t: offs for t, offs in anchors.items() if offs}
        for slot in self.slots:
            self._describe(slot)
        self._mark_descriptors()

    def _describe(self, slot: Slot) -> None:
        before = _WORD.findall(self.lower[max(0, slot.start - 60) : slot.start])
        while before and before[-1] in _FILLER:
            before.pop()
        slot.cue = before[-1] if before else ""
        after = self.text[slot.end : slot.end + 40]
        slot.possessive = bool(POSSESSIVE.match(after))
        rest = self.lower[slot.end : slot.end + 30]
        lead = self.lower[max(0, slot.start - 20) : slot.start]
        # "..., Reuters said" reports; "China said it would..." acts.
        said = re.match(rf"^\s*(?:{SAYING}|news agency)\b", rest)
        slot.reporter = bool(
            (said and re.search(r"[,\"“”]\s*(?:the\s+)?$", lead))
            or re.search(r"according to\s+(?:the\s+)?$", lead)
        )

    def _mark_descriptors(self) -> None:
        """Flag names that qualify the next name: "Australia's Lynas", "Chinese refiner X",
        "US Commerce Department", "Rosatom's trading arm Tenex"."""
        ordered = sorted(self.slots, key=lambda s: s.start)
        for i, here in enumerate(ordered):
            if here.type not in ("COUNTRY", "ORG"):
                continue
            # Commodities and places may sit inside the qualified name ("Shandong Yulong").
            nxt = next(
                (s for s in ordered[i + 1 :] if s.type not in ("COMMODITY", "LOCATION")), None
            )
            if nxt is None or nxt.type not in ("ORG", "PROJECT", "PERSON"):
                continue
            gap = self.text[here.end : nxt.start]
            if len(gap) > 40:
                continue
            for skipped in ordered[i + 1 :]:
                if skipped is nxt:
                    break
                gap = gap.replace(skipped.text, "x")
            if _GOVERNMENT.match(gap):
                continue  # "the Australian government will lend": the country acts
            if here.type == "COUNTRY" and not gap.strip():
                here.descriptor = True  # "US Commerce Department"
            elif (
                (here.possessive and _DESCRIPTOR_GAP.match(gap))
                or (here.type == "COUNTRY" and is_demonym(here) and _DESCRIPTOR_GAP.match(gap))
                or (here.type == "COUNTRY" and _KIND_OF_FIRM.match(gap))
            ):
                here.descriptor = True

    # Helpers the rules share -----------------------------------------------------------

    def actors(self, descriptors: bool = False) -> list[Slot]:
        """Countries and organisations acting in this sentence, in order, one per key.

        Names qualifying another name ("Australia's Lynas") are left out unless asked for.
        """
        seen: set[str] = set()
        out = []
        for slot in sorted(self.slots, key=lambda s: s.start):
            if slot.type not in ACTOR_TYPES or slot.reporter:
                continue
            if slot.descriptor and not (descriptors and slot.type == "ORG"):
                continue
            ident = slot.key or slot.name.lower()
            if ident in seen:
                continue
            seen.add(ident)
            out.append(slot)
        return out

    def of_type(self, *types: str) -> list[Slot]:
        return [s for s in sorted(self.slots, key=lambda s: s.start) if s.type in types]

    def first_anchor(self, fact_type: str) -> int:
        return min(self.anchors.get(fact_type, [0]))

    def money(self) -> list[tuple[int, int, Money]]:
        if self._money is None:
            self._money = list(find_money(self.text))
        return self._money

    def amounts(self) -> list[tuple[int, int, Amount]]:
        if self._amounts is None:
            self._amounts = list(find_amounts(self.text))
        return self._amounts

    def percents(self) -> list[tuple[int, int, float]]:
        if self._percents is None:
            self._percents = list(find_percents(self.text))
        return self._percents


_STOP = re.compile(
    r"\b(?:from|imported|exported|made|to|by|at|in|with|that|which|and|or|as|after|for|over|"
    r"amid|until|on|starting|effective|worth|valued|of up to|up to|of|from|into|while|"
    r"citing|because|since|under|this|next|last|said|says|would|will|could|have|has|had|"
    r"is|are|was|were)\b|[,.;:()\"“”]"
)
_ABBREVIATION = re.compile(r"\b(?:[A-Z]\.){2,}")
_LEAD = re.compile(r"^(?:the|a|an|all|some|certain|its|their|key|more|new|most)\s+", re.I)


def phrase_after(text: str, start: int, max_words: int = 5) -> str | None:
    """The noun phrase starting at `start`, up to the first stop word or punctuation."""
    rest = text[start:]
    # "U.S. goods": an abbreviation's full stops end no phrase
    stop = _STOP.search(_ABBREVIATION.sub(lambda m: "_" * len(m.group()), rest))
    chunk = rest[: stop.start()] if stop else rest
    chunk = chunk.strip()
    while True:
        trimmed = _LEAD.sub("", chunk)
        if trimmed == chunk:
            break
        chunk = trimmed
    tokens = chunk.split()
    if not tokens or len(tokens) > max_words:
        tokens = tokens[:max_words]
    if not tokens or any(ch.isdigit() for ch in tokens[0]):
        return None
    return " ".join(tokens)
