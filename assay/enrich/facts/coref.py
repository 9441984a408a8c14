"""Pronouns and descriptions resolved to the named entity they stand for.

"The company said it had agreed ...", "the group", "the government": the nearest fitting
name before the word, in this sentence first, then in earlier sentences and the headline. A
subject "it" or "the company" whose nearest name is in an earlier sentence takes that
sentence's first fitting name, which wire copy makes its subject, unless the nearest name
is a speaker who goes on ("..., the Defense Department said. It said"); "they" keeps the
nearest name, with the names written together with it ("X and Y said they"). Within its
own sentence, a subject "it" takes the subject nearest the root when another clause names
a nearer one ("once Canada finds that Brazil has stopped dumping, it will lift"), and the
subject of the clause its own clause is the object of before that ("Japan shows it will
abide"); a subject "it" never stands for a country that describes a firm ("a New Zealand
company") or a name inside a relative clause ("X, which is owned by Y, said it"). "His
administration" is the state of the leader "his" stands for.
A description whose noun is part of a name ("the commission" after "Securities and
Exchange Commission") takes that name; company words take the nearest organisation;
state words ("the government", "the administration") the nearest country.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from typing import NamedTuple

from spacy.tokens import Token

from assay.enrich.facts.context import SAYING, Slot
from assay.enrich.facts.heads import REPORTING, lemma


class Mention(NamedTuple):
    """One linked mention in document offsets, with its entity's name, key, type and kind."""

    start: int
    end: int
    text: str
    name: str
    key: str | None
    type: str
    kind: str  # an organisation's kind from the KB ("company", "agency", ...), else ""


COMPANY_WORDS = {
    "company", "group", "firm", "concern", "corporation", "corp", "bank", "unit",
    "subsidiary", "maker", "producer", "miner", "insurer", "utility", "carrier", "airline",
    "refiner", "brewer", "brewery", "chipmaker", "automaker", "carmaker", "partnership",
    "operator", "developer", "lender", "buyer", "seller", "acquirer", "retailer", "venture",
    "exporter", "importer", "trader", "holding", "conglomerate", "manufacturer", "smelter",
    "business", "giant",
}  # fmt: skip
STATE_WORDS = {
    "government", "country", "nation", "administration", "kingdom", "republic", "regime",
    "island", "cabinet", "state", "emirate",
}  # fmt: skip
_IT = {"it", "its", "itself", "they", "their", "them", "we", "our"}
# "his administration", "her government": the state of the leader the pronoun stands for.
LED_NOUNS = frozenset({"administration", "government", "cabinet"})
LEADER_PRONOUNS = frozenset({"his", "her"})
# "he imposed tariffs": the person named last (a leader then stands for the state).
_HE = {"he", "she", "him", "his", "her", "himself", "herself"}
# "they" stands for a side more often than for the last sentence's first name.
_PLURAL = frozenset({"they", "their", "them"})
_AND = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)")
_SAID = re.compile(rf"\s+(?:{SAYING}|added|announced)\b")
# How far back (characters) a description may reach for its name.
_REACH = 3000


# Before a name that is only told or filed with: "told the Securities and Exchange
# Commission it had acquired", "in a filing with the SEC, the group said it bought".
_ADDRESSED = re.compile(
    r"\b(?:told|tells|telling|informed|informing|notified|notifying|(?:a |the )?filings?"
    r" with|filed with|submitted to|disclosed to|(?:a |the )?(?:report|statement|letter)"
    r" to)\s+(?:the\s+)?$",
    re.I,
)


def addressed(text: str, mentions: list[Mention]) -> frozenset[int]:
    """Starts of the mentions a statement is addressed to: never what a subject "it" or "the
    group" refers to in what they were told ("X told the SEC it bought" is X's purchase)."""
    return frozenset(
        m.start for m in mentions if _ADDRESSED.search(text[max(0, m.start - 40) : m.start])
    )


class Antecedents:
    """The document's named mentions in order, for resolving later references."""

    def __init__(
        self,
        mentions: list[Mention],
        skip_keys: frozenset[str] = frozenset(),
        governed: Mention | None = None,
        skip_starts: frozenset[int] = frozenset(),
        sentence_starts: list[int] | None = None,
        text: str = "",
        state_of: Callable[[Mention], Mention | None] | None = None,
    ) -> None:
        """`governed`: the country whose head of government the document names, if any;
        `skip_starts`: mentions never taken as the antecedent of a subject (`addressed`);
        `sentence_starts`: the character offsets where the document's sentences start;
        `state_of`: the country mention a leader stands for."""
        self.governed = governed
        self.state_of = state_of  # a leader's country, when the story names it
        self._sentences = sentence_starts or []
        self._text = text
        self.mentions = [m for m in mentions if m.type in ("ORG", "COUNTRY")]
        self.mentions = [m for m in self.mentions if m.key not in skip_keys]
        # only for the teller's side: in "told Brazil the bank will cooperate with it", "it"
        # is Brazil, but in "told the SEC it bought" the buyer is not the SEC
        # "a New Zealand company": the country says where a firm is from, never what a
        # subject "it" is
        # "led by Bermuda-based Fidelity": the country only says where the firm is
        described = {
            m.start
            for m in self.mentions
            if m.type == "COUNTRY"
            and (_OF_A_FIRM.match(text, m.end) or text.startswith("-based", m.end))
        }
        skipped = skip_starts | described
        self._told = [m for m in self.mentions if m.start not in skipped]
        self._told_starts = [m.start for m in self._told]
        self._starts = [m.start for m in self.mentions]
        self.persons = [m for m in mentions if m.type == "PERSON"]
        self._person_starts = [m.start for m in self.persons]

    def resolve(self, token: Token, offset: int, limit: int = _REACH) -> Mention | None:
        """The mention `token` (at document offset `offset`) refers to, or None."""
        word = token.lower_
        noun = lemma(token) if token.pos_ == "NOUN" else ""
        if word in _HE:
            i = bisect_left(self._person_starts, offset) - 1
            # "Reagan, who met Nakasone, said he would lift": the teller, not the nearest
            speaker = _speaker(token, offset - token.idx, self.persons[: i + 1])
            if speaker is not None:
                return speaker
            found = self.persons[i] if i >= 0 else None
            return found if found is not None and offset - found.end <= limit else None
        if word in _IT:
            types: tuple[str, ...] = ("ORG", "COUNTRY")
            named = ""
        elif noun in COMPANY_WORDS:
            types, named = ("ORG",), ""
        elif noun in STATE_WORDS:
            types, named = ("COUNTRY",), ""
        elif noun:
            types, named = ("ORG",), noun  # "the commission", "the ministry", "the council"
        else:
            return None
        if types == ("COUNTRY",) and noun != "country":
            # "the administration", "the government": the state whose leader the story names,
            # else the one it names first; "that country" is the one just named.
            led = self._leader_state(token, offset, limit)
            if led is not None:
                return led  # "his administration": the state of the leader "his" is
            if self.governed is not None:
                return self.governed  # named anywhere in the story (A1)
            for m in self.mentions:
                if m.type == "COUNTRY" and m.start < offset:
                    return m
            return None
        mentions, starts = self.mentions, self._starts
        subject = token.dep_ in ("nsubj", "nsubjpass")
        if subject:
            mentions, starts = self._told, self._told_starts
        ruler = _ruler(token, offset)
        i = bisect_left(starts, offset) - 1
        while i >= 0:
            m = mentions[i]
            if offset - m.end > limit:
                break
            if ruler[0] <= m.start < ruler[1]:
                i -= 1  # "the Fed approved its application to acquire": not the Fed's
                continue
            if subject and _in_relative(token, offset, m):
                i -= 1  # "X, which is owned by Y, said it": not Y
                continue
            if m.type in types and (not named or named in m.name.lower().split()):
                if token.dep_ == "nsubj" and not named and word not in _PLURAL:
                    higher = _higher_subject(token, offset, mentions[: i + 1], types)
                    return higher or self._first_of_sentence(m, offset, mentions, types)
                return m
            i -= 1
        return None

    def group(self, token: Token, found: Mention) -> list[Mention]:
        """ "they" for the names written together with the one found: "Harlowe Mining Corp
        and Vantine Resources Ltd said they ..." (else the one name)."""
        if token.lower_ not in _PLURAL:
            return [found]
        i = self.mentions.index(found) if found in self.mentions else -1
        if i < 0:
            return [found]
        start = stop = i
        while start > 0 and self._joined(self.mentions[start - 1], self.mentions[start], found):
            start -= 1
        while stop + 1 < len(self.mentions) and self._joined(
            self.mentions[stop], self.mentions[stop + 1], found
        ):
            stop += 1
        return self.mentions[start : stop + 1]

    def _joined(self, left: Mention, right: Mention, found: Mention) -> bool:
        between = self._text[left.end : right.start]
        return right.type == left.type == found.type and bool(_AND.fullmatch(between))

    def _leader_state(self, token: Token, offset: int, limit: int) -> Mention | None:
        """ "his administration", "her government": the state of the leader named last."""
        if self.state_of is None or not any(
            c.dep_ == "poss" and c.lower_ in LEADER_PRONOUNS for c in token.children
        ):
            return None
        i = bisect_left(self._person_starts, offset) - 1
        if i < 0 or offset - self.persons[i].end > limit:
            return None
        return self.state_of(self.persons[i])

    def _first_of_sentence(
        self, nearest: Mention, offset: int, mentions: list[Mention], types: tuple[str, ...]
    ) -> Mention:
        """A subject "it" or "the company" whose nearest name is in an earlier sentence: the
        first fitting name of that sentence, which wire copy makes its subject ("Geodome said
        following a study from Raytheon's Stearns Catalytic unit it will build ... The company
        said": Geodome)."""
        k = bisect_left(self._sentences, offset + 1) - 1
        if k < 0 or nearest.start >= self._sentences[k]:
            return nearest  # named in the reference's own sentence
        if _SAID.match(self._text, nearest.end):
            return nearest  # "..., the Defense Department said. It said": the speaker goes on
        j = bisect_left(self._sentences, nearest.start + 1) - 1
        begin = self._sentences[j] if j >= 0 else 0
        for m in mentions:
            if begin <= m.start <= nearest.start and m.type in types:
                return m
        return nearest


# What one body asks and another rules on: "approved its application to acquire".
_REQUESTS = frozenset({"application", "request", "petition", "bid", "proposal", "plan", "offer"})
_RULINGS = frozenset({"approve", "clear", "grant", "reject", "deny", "block", "refuse", "veto"})


def _ruler(token: Token, offset: int) -> tuple[int, int]:
    """Document offsets of the subject that rules on the request "its" owns, else (0, 0):
    the body that approves an application is not the one that applied."""
    asked = token.head
    if token.dep_ != "poss" or lemma(asked) not in _REQUESTS or asked.dep_ != "dobj":
        return (0, 0)
    verb = asked.head
    ruler = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if lemma(verb) not in _RULINGS or ruler is None:
        return (0, 0)
    begin = offset - token.idx
    right = ruler.right_edge
    return (begin + ruler.left_edge.idx, begin + right.idx + len(right.text))


_FIRM_WORDS = "|".join(sorted(COMPANY_WORDS - {"venture"}))
_OF_A_FIRM = re.compile(rf"\s+(?:[a-z-]+\s+){{0,2}}(?:{_FIRM_WORDS})\b")


def _in_relative(token: Token, offset: int, m: Mention) -> bool:
    """The name sits in a relative clause of the pronoun's own sentence that the pronoun is
    outside of: "Acme, which is owned by Beta, said it bought" is not Beta's purchase."""
    tok = _root_of(token, offset - token.idx, m)
    while tok is not None and tok.head != tok:
        if tok.dep_ == "relcl" and any(c.lower_ in _WHICH for c in tok.children):
            return not tok.is_ancestor(token)
        tok = tok.head
    return False


# A relative pronoun opens the clause: "on Aug. 5, when China acted" is no relative clause.
_WHICH = frozenset({"which", "who", "whom", "whose", "that"})


def _outer_subject(token: Token) -> Token | None:
    """The subject of the clause that the subject `token`'s clause is the object of: Japan in
    "Japan shows it will abide", Reagan in "Reagan said he would lift"."""
    verb = token.head
    if token.dep_ != "nsubj" or verb.dep_ != "ccomp" or verb.head == verb:
        return None
    return next((c for c in verb.head.children if c.dep_ == "nsubj"), None)


def _teller(
    token: Token, begin: int, before: list[Mention], types: tuple[str, ...]
) -> Mention | None:
    """The subject of the clause the pronoun's clause is the object of: in "Japan shows it
    will abide by the pact", "it" is Japan, whatever subject is nearer the root."""
    subject = _outer_subject(token)
    if subject is None:
        return None
    lo, hi = subject.left_edge.idx + begin, subject.right_edge.idx + begin
    found = [m for m in before if lo <= m.start <= hi and m.type in types]
    return found[0] if len(found) == 1 else None


def _speaker(token: Token, begin: int, persons: list[Mention]) -> Mention | None:
    """The person heading the subject of the reporting verb whose complement "he" is the
    subject of (the subject's relative clause may name others)."""
    subject = _outer_subject(token)
    if subject is None or lemma(token.head.head) not in REPORTING:
        return None
    at = begin + subject.idx
    return next((m for m in persons if m.start <= at < m.end), None)


def _root_of(token: Token, begin: int, m: Mention) -> Token | None:
    """The head token of mention `m` in the sentence of `token` (starting at document offset
    `begin`), or None when `m` lies before that sentence."""
    if m.start < begin:
        return None
    span = token.doc.char_span(m.start - begin, m.end - begin, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _depth(tok: Token) -> int:
    depth = 0
    while tok.head != tok:
        tok, depth = tok.head, depth + 1
    return depth


def _higher_subject(
    token: Token, offset: int, before: list[Mention], types: tuple[str, ...]
) -> Mention | None:
    """Of the subjects named earlier in the pronoun's own sentence, the one nearest the
    root, when the nearest name is not it: in "once the U.S. determines that Japan is
    selling at cost, it will lift the duties", "it" is the U.S., the subject Japan's clause
    hangs under."""
    begin = offset - token.idx  # the sentence's start in the document
    teller = _teller(token, begin, before, types)
    if teller is not None:
        return teller
    best: tuple[int, Mention] | None = None
    for m in reversed(before):
        if m.start < begin:
            break
        head = _root_of(token, begin, m) if m.type in types else None
        if head is None or head.dep_ not in ("nsubj", "nsubjpass"):
            continue
        depth = _depth(head)
        if best is None or depth < best[0]:
            best = (depth, m)
    nearest = before[-1] if before and before[-1].start >= begin else None
    return best[1] if best is not None and best[1] is not nearest else None


def resolved_slot(token: Token, mention: Mention) -> Slot:
    """A slot standing at the pronoun in this sentence for the entity it refers to."""
    start = token.idx
    end = start + len(token.text)
    return Slot(start, end, token.text, mention.name, mention.key, mention.type, mention.kind)
