"""Typed facts (agreements, trade measures, sanctions, capacity, investment, production).

`FactExtractor.extract(doc, entities)` runs one spaCy `PhraseMatcher` of trigger words over
the Doc, and only sentences holding a trigger go through the per-type rules (`rules/`), so
the cost on ordinary news is one matcher pass (about 1 ms per Reuters article). Roles are
filled from the linked entities of the sentence; with no linked entities at all, spaCy's
ORG/PERSON/GPE names fill roles with `key: None`. Every fact keeps its sentence and offsets:
`doc.text[fact.start:fact.end] == fact.sentence`.

Fields follow DESIGN.md. A role is one `{"name", "key"}` dict, or a list of them when the
sentence coordinates several names ("sanctions on Rosneft and Lukoil"); `parties` and
`actors` are always lists. Investments may add `purpose` and `stake_percent`. Plans,
threats and pledges get their own actions; denials and collapsed talks give no fact;
reported or hedged statements get a lower confidence.

Example:
    >>> nlp = load_nlp(); doc = nlp(text)
    >>> FactExtractor().extract(doc, EntityLinker(nlp).link(doc))
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from assay.enrich.facts.context import Sentence, Slot
from assay.enrich.facts.coref import Antecedents, Mention, addressed, resolved_slot
from assay.enrich.facts.document import merge_facts, payer_and_payee, without_merger_deals
from assay.enrich.facts.gate import Candidate, SentenceGate, shipped_gate
from assay.enrich.facts.lexicon import AGREEMENT_NOUNS, OFFICE_FIELDS, OFFICE_NOUNS, TRIGGERS
from assay.enrich.facts.mentions import (
    Headline,
    headline_slots,
    lead_slots,
    mention_index,
    slots_in,
    title_apart,
)
from assay.enrich.facts.own_state import states_of, without_own_state
from assay.enrich.facts.proxies import (
    governed,
    leader_state,
    operator_of_project,
    state_of_leader,
)
from assay.enrich.facts.rules import RULES
from assay.enrich.facts.rules.lending import lent_by_lead
from assay.enrich.facts.rules.measure_parties import quota_bodies
from assay.enrich.facts.rules.planned_rates import planned_rates
from assay.enrich.facts.syntax import Resolver, Syntax
from assay.enrich.facts.tables import table_facts
from assay.enrich.facts.treaties import treaty_facts
from assay.enrich.facts.wording import parser_words
from assay.enrich.nlp import doc_text
from assay.models import Entity, Fact

__all__ = ["FactExtractor", "title_apart"]


class FactExtractor:
    """Find typed facts in a spaCy Doc given the entities linked in it.

    `parse=True` (the default) runs the dependency parser on the sentences that hold a
    trigger, so roles come from the sentence's grammar; without it, from word order. With
    `gate=True` (the default) only the trigger sentences the learned gate (`gate.py`)
    finds worth it are parsed and read; the others give no fact.
    """

    def __init__(self, parse: bool = True, gate: bool = True) -> None:
        self.parse = parse
        self._gate: SentenceGate | None = shipped_gate() if parse and gate else None
        self._parser: Language | None = None
        self._matcher: PhraseMatcher | None = None
        self._vocab: Vocab | None = None
        self._labels: dict[int, str] = {}

    def _matcher_for(self, vocab: Vocab) -> PhraseMatcher:
        # Built on first use because the matcher must share the Doc's vocab. A PhraseMatcher
        # on LOWER is a hash lookup per token: ~20x cheaper than a token-pattern Matcher here.
        if self._matcher is None or self._vocab is not vocab:
            matcher = PhraseMatcher(vocab, attr="LOWER")
            for fact_type, phrases in TRIGGERS.items():
                matcher.add(fact_type, [Doc(vocab, words=p.split()) for p in phrases])
                self._labels[vocab.strings[fact_type]] = fact_type
            self._matcher, self._vocab = matcher, vocab
        return self._matcher

    def extract(
        self, doc: Doc, entities: Sequence[Entity], headline: Headline | None = None
    ) -> list[Fact]:
        """Facts stated in `doc`, each with its sentence, offsets and confidence.

        `headline` is the article's title with its linked entities, when the text does not
        begin with it (a feed item, a JSON Lines record): parties the body takes as known.
        """
        return self.extract_many([(doc, entities)], [headline])[0]

    def extract_many(
        self,
        items: Sequence[tuple[Doc, Sequence[Entity]]],
        headlines: Sequence[Headline | None] | None = None,
        texts: Sequence[str] | None = None,
    ) -> list[list[Fact]]:
        """`extract` over several Docs, with one pass of the parser for all their triggers.

        `texts` are the articles as stored, when the Docs read them with furniture lines
        blanked: a table's header of dates can look like furniture, and tables are read
        from the stored lines (the offsets are the same).
        """
        heads = list(headlines) if headlines is not None else [None] * len(items)
        stored = list(texts) if texts is not None else [None] * len(items)
        prepared = [
            self._prepare(doc, entities, head)
            for (doc, entities), head in zip(items, heads, strict=True)
        ]
        if self.parse:
            todo = [(doc, p) for (doc, _), p in zip(items, prepared, strict=True) if p]
            self._parse(todo)
        out: list[list[Fact]] = []
        for (doc, entities), p, head, raw in zip(items, prepared, heads, stored, strict=True):
            facts: list[Fact] = []
            for sentence, end, _, _, _ in p.sentences if p else ():
                if sentence.anchors:
                    facts.extend(_facts(sentence, end))
            text = doc_text(doc)
            lines = raw if raw is not None and len(raw) == len(text) else text
            facts += table_facts(lines, _title(text, head), entities)
            facts = merge_facts(without_own_state(facts, states_of(entities)))
            facts = without_merger_deals(facts)
            bounds = partial(_sentence_bounds, doc)
            out.append(treaty_facts(text, bounds, entities, facts))
        return out

    def _prepare(
        self, doc: Doc, entities: Sequence[Entity], headline: Headline | None = None
    ) -> _Prepared | None:
        """The trigger sentences of one Doc with their entity slots (None without triggers)."""
        matches = [m for m in self._matcher_for(doc.vocab)(doc) if not _names_office(doc, m)]
        if not matches:
            return None
        # Sentence starts from one array read: iterating doc.sents costs more than NER here.
        starts = [int(i) for i in numpy.flatnonzero(doc.to_array("SENT_START") == 1)]
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        anchors: dict[int, dict[str, list[tuple[int, int]]]] = {}
        for match_id, start, end in matches:
            index = bisect_right(starts, start) - 1
            by_type = anchors.setdefault(index, {})
            span = (doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
            by_type.setdefault(self._labels[match_id], []).append(span)
        mentions = mention_index(doc, entities)
        text = doc_text(doc)  # spaCy rebuilds doc.text from the tokens on every access
        prepared = _Prepared(mentions=mentions)
        for index in sorted(anchors):
            first_i = starts[index]
            last_i = (starts[index + 1] if index + 1 < len(starts) else len(doc)) - 1
            first, last = doc[first_i], doc[last_i]
            raw = text[first.idx : last.idx + len(last.text)]
            start = first.idx + len(raw) - len(raw.lstrip())
            end = last.idx + len(last.text.rstrip())
            while end > start and text[end - 1].isspace():
                end -= 1
            shifted = {t: [a - start for a, _ in spans] for t, spans in anchors[index].items()}
            ends = {a - start: b - start for spans in anchors[index].values() for a, b in spans}
            slots = slots_in(mentions, start, end)
            sentence = Sentence(text[start:end], start, slots, shifted, ends)
            prepared.sentences.append((sentence, end, first_i, last_i, index))
        if self.parse:
            state_of = state_of_leader(mentions)
            country = leader_state(mentions, state_of)
            prepared.antecedents = Antecedents(
                mentions,
                _SKIP_ANTECEDENTS,
                governed(mentions, country),
                addressed(text, mentions),
                [doc[i].idx for i in starts],
                text,
                country,
            )
            if headline is None:
                lead = lead_slots(doc, starts, mentions)
            else:
                # the title stands where a headline would: before the text, then its lead
                lead = headline_slots(*headline, entities) + lead_slots(doc, starts, mentions, 1)
            history: dict[str, list[dict[str, list[Slot]]]] = {}
            operator_of = operator_of_project(mentions)
            for sentence, _, _, _, _ in prepared.sentences:
                sentence.state_of = state_of
                sentence.operator_of = operator_of
                sentence.lead = lead
                sentence.history = history
        return prepared

    def _parse(self, todo: list[tuple[Doc, _Prepared]]) -> None:
        """Give each trigger sentence worth reading its dependency parse, in one batch."""
        if self._parser is None:
            from assay.enrich.nlp import load_parser

            self._parser = load_parser()
        parser = self._parser
        jobs: list[tuple[Sentence, Antecedents | None]] = []
        docs = []
        for doc, prepared in todo:
            candidates = _candidates(prepared)
            kept = self._gate.keep(doc, candidates) if self._gate else [True] * len(candidates)
            pairs = zip(kept, candidates, strict=True)
            kept = [
                keep or _headline_figure(c.sentence) or lent_by_lead(c.sentence)
                for keep, c in pairs
            ]
            for candidate, keep in zip(candidates, kept, strict=True):
                sentence = candidate.sentence
                if not keep:
                    sentence.anchors = {}  # the gate's no: read no fact from it
                    continue
                end = sentence.start + len(sentence.text)
                tokens = [
                    t
                    for t in doc[candidate.first_i : candidate.last_i + 1]
                    if sentence.start <= t.idx < end
                ]
                words = parser_words(sentence, tokens, candidate.index == 0)
                spaces = [bool(t.whitespace_) for t in tokens]
                if spaces:
                    spaces[-1] = False
                docs.append(Doc(parser.vocab, words=words, spaces=spaces))
                jobs.append((sentence, prepared.antecedents))
        for (sentence, antecedents), parsed in zip(jobs, parser.pipe(docs), strict=True):
            resolve = _resolver(sentence, antecedents) if antecedents is not None else None
            sentence.syntax = Syntax(parsed, sentence.slots, resolve)

    def candidates(self, doc: Doc, entities: Sequence[Entity]) -> list[Candidate]:
        """The trigger sentences of `doc` that the gate decides on (to train the gate)."""
        prepared = self._prepare(doc, entities)
        return _candidates(prepared) if prepared is not None else []


def _title(text: str, headline: Headline | None) -> str:
    """The headline: the title that came apart from the text, or the text's first paragraph."""
    if headline is not None:
        return doc_text(headline[0])
    return text.split("\n\n", 1)[0][:300]


def _names_office(doc: Doc, match: tuple[int, int, int]) -> bool:
    """The trigger is an office's field: "finance minister Ronnie de Mel said"."""
    _, start, end = match
    return (
        end - start == 1
        and end < len(doc)
        and doc[start].lower_ in OFFICE_FIELDS
        and doc[end].lower_ in OFFICE_NOUNS
    )


def _candidates(prepared: _Prepared) -> list[Candidate]:
    """The sentences that would be parsed without the gate."""
    return [
        Candidate(sentence, first_i, last_i, index)
        for sentence, _, first_i, last_i, index in prepared.sentences
        if sentence.anchors and _worth_parsing(sentence)
    ]


@dataclass
class _Prepared:
    """One Doc's trigger sentences and what resolving their references needs."""

    mentions: list[Mention]
    # (sentence, its end offset, its first and last token, its index in the text)
    sentences: list[tuple[Sentence, int, int, int, int]] = field(default_factory=list)
    antecedents: Antecedents | None = None


# A sentence can only state a fact with a name in it or a word that refers to one.
_REFERRING = re.compile(
    r"\b(?:it|its|they|their|company|group|firm|government|administration|cabinet|"
    r"sanctions|tariffs|capacity|(?:two|both)\s+(?:countries|nations|governments))\b",
    re.I,
)


# A plant the story has named before, with a figure: "the 178,500 bpd refinery" is the
# refinery of the sentence before.
_THE_PLANT = re.compile(
    r"\bthe\s+(?:\w+\s+){0,4}?\d[\d,.]*(?:\s|-)[^.;,]{0,25}?"
    r"\b(?:refinery|plant|smelter|mill|mine|unit|cracker|hydrocracker|complex|facility|field)\b",
    re.I,
)


def _worth_parsing(sentence: Sentence) -> bool:
    if any(s.type in ("ORG", "COUNTRY", "PERSON", "PROJECT") for s in sentence.slots):
        return True
    if "capacity" in sentence.anchors and _THE_PLANT.search(sentence.text):
        return True
    if "production" in sentence.anchors and any(ch.isdigit() for ch in sentence.text):
        # a figure whose producer only the headline names ("PHILIPPINE EXPORTS FALL")
        return _lead_names_producer(sentence)
    if (
        "trade_measure" in sentence.anchors
        and "quota" in sentence.text.lower()
        and quota_bodies(sentence, sentence.lead)
    ):
        return True  # "the quotas that were suspended in February": the lead's body's quotas
    return bool(_REFERRING.search(sentence.text)) or lent_by_lead(sentence)


def _lead_names_producer(sentence: Sentence) -> bool:
    return any(x.type in ("ORG", "COUNTRY") for x in sentence.lead)


def _headline_figure(sentence: Sentence) -> bool:
    """An output figure whose sentence names no producer: the headline's country or firm is
    its producer ("THAI SUGAR PRODUCTION ..." then "Production in February was 961,000
    tonnes"), which the gate, reading the sentence alone, cannot see."""
    return (
        "production" in sentence.anchors
        and bool(sentence.amounts())
        and not any(x.type in ("ORG", "COUNTRY") for x in sentence.slots)
        and _lead_names_producer(sentence)
    )


# Never the antecedent of "it" or "the company": the wire service quoted as a source.
_SKIP_ANTECEDENTS = frozenset({"org:reuters"})


def _resolver(sentence: Sentence, antecedents: Antecedents) -> Resolver:
    def resolve(token: Token) -> list[Slot]:
        found = antecedents.resolve(token, sentence.start + token.idx)
        if found is None:
            return []
        return [resolved_slot(token, m) for m in antecedents.group(token, found)]

    return resolve


_TRADED = ("imports", "exports")


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) character offsets of the Doc's sentences, trailing spaces left out."""
    return [(s.start_char, s.start_char + len(s.text.rstrip())) for s in doc.sents]


def _facts(sentence: Sentence, end: int) -> list[Fact]:
    found: dict[str, list[tuple[dict[str, Any], float]]] = {}
    for fact_type in sentence.anchors:
        results = RULES[fact_type](sentence)
        if results:
            found[fact_type] = results
    if "production" in sentence.anchors and "capacity" not in found:
        planned = planned_rates(sentence)
        if planned:
            found["capacity"] = planned  # "a venture to produce 50,000 tonnes annually"
    # One statement, one reading: a plant's yearly output is capacity, not production, and
    # "agreed to buy" is an acquisition rather than a deal of unknown kind.
    if "capacity" in found or "trade_measure" in found:
        found.pop("production", None)  # "tariffs on steel imports": imports named, not measured
    elif "trade_measure" in sentence.anchors and "production" in found:
        # "his vow to impose a tariff of 25% on imported steel": no import figure; "China
        # produces 60% of the world's germanium and requires export licences" still is one
        kept = [r for r in found["production"] if r[0].get("measure") not in _TRADED]
        if kept:
            found["production"] = kept
        else:
            del found["production"]
    capacity = found.get("capacity", [])
    if capacity and "investment" in found and capacity[0][0]["amount"] is None:
        found.pop("capacity")  # "lends X A$1bn to build a refinery": the loan is the news
    investment = found.get("investment", [])
    agreement = found.get("agreement", [])
    # "agreed to buy", "agreed to sell its smelter to X", "a credit under an agreement signed
    # with X": acquisitions and loans between the deal's parties are investments, not deals
    # of unknown kind; a deal the sentence names by its noun ("an offtake agreement") stays
    if investment and agreement:
        bought = investment[0][0]["action"] == "acquired"
        other = agreement[0][0]["kind"] == "other"
        if (bought and (other or not AGREEMENT_NOUNS.search(sentence.lower))) or (
            other and payer_and_payee(investment[0][0], agreement[0][0])
        ):
            found.pop("agreement")
    return [
        Fact(fact_type, fields, sentence.text, sentence.start, end, conf)
        for fact_type, results in found.items()
        for fields, conf in results
    ]
