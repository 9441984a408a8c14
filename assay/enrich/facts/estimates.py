"""Whose figure a production sentence gives, for the production rule.

- Analysts, traders or a survey estimate; they do not state output.
- A body's estimate of another's output ("the USDA's estimate for Soviet imports") is that
  other's; a trade noun names its trader ("exports of coffee from Brazil").
- An embassy reports on its host country, which the headline names.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from assay.enrich.facts.context import Sentence, Slot
from assay.enrich.facts.heads import above, find_subject, lemma
from assay.enrich.facts.roles import authority, for_country, headline_actor, remembered
from assay.enrich.facts.syntax import Frame

# Who reports on others' output: an embassy on its host country, a survey or a report.
_ABROAD_WORDS = r"embassy|attache|consulate"
_ABROAD = re.compile(rf"\b(?:{_ABROAD_WORDS})\b", re.I)
_REPORTS = re.compile(rf"\b(?:{_ABROAD_WORDS}|survey|report|review|bulletin|newsletter)\b", re.I)
_TRADE_BODY = re.compile(
    r"\b(?:Association|Federation|Council|Board|Institute|Society|Union|Chamber)\b"
)
# Who estimates figures without producing them or speaking for a state.
ESTIMATORS = {
    "analyst", "trader", "dealer", "newsletter", "survey", "source", "economist", "expert",
    "observer", "industry", "consultant", "consultancy", "broker",
}  # fmt: skip


def third_party_estimate(s: Sentence, frame: Frame, actors: list[Slot]) -> bool:
    """ "MEES estimated OPEC output at 16.8 mln bpd", "analysts estimate": a figure someone
    other than the producer or an authority estimates is no stated figure (guidelines:
    estimates count only from governments and agencies)."""
    verb = frame.verb
    if verb is None or s.syntax is None:
        return False
    if lemma(verb) not in ("estimate", "put", "peg"):  # "MEES put Saudi output at 2.9 mln"
        return _surveyed(s, verb)
    subject = find_subject(verb)
    if subject is None:
        return False
    named = s.syntax.names_under(subject)
    if not named:  # "analysts estimated"; an unknown name ("MEES") is no known authority
        return subject.pos_ == "PROPN" or lemma(subject) in ESTIMATORS
    keys = {a.key for a in actors}
    if lemma(verb) != "estimate" and any(x.type == "PERSON" for x in named):
        return False  # "Lukman put OPEC output at": a named official states it
    # an embassy's estimate of its host country's crop is a government's
    return not any(authority(x) or x.key in keys or _ABROAD.search(x.name) for x in named)


def _surveyed(s: Sentence, verb: Token) -> bool:
    """ "A Reuter survey found OPEC production was 14.7 mln bpd", "traders said output
    rose": a figure a survey, analysts or traders report, not the producer or an authority."""
    assert s.syntax is not None
    for tok in above(verb, 3):
        if tok.pos_ != "VERB":
            continue
        subject = find_subject(tok)
        if subject is not None and lemma(subject) == "source" and lemma(tok) == "say":
            return False  # "exports fell to 725,023 tonnes, trade sources said": attribution
        if subject is not None and lemma(subject) in ESTIMATORS:
            named = s.syntax.names_under(subject)
            return not any(authority(x) for x in named)
    return False


# Nouns and verbs that make whoever states the figure its estimator, not its producer.
_ESTIMATES = frozenset({"estimate", "forecast", "figure", "projection", "assessment"})
_ESTIMATING = frozenset({"estimate", "put", "peg", "forecast", "project", "revise"})


def _estimated(trig: Token) -> bool:
    """ "raised its estimate for Soviet grain imports", "its EC beet sugar output estimate":
    the figure is an estimate of someone else's output."""
    for tok in above(trig, 3):
        if lemma(tok) in _ESTIMATES:
            return True
        if tok.pos_ == "VERB":  # "raised its estimate for ...", the parse's attachment
            return any(c.dep_ == "dobj" and lemma(c) in _ESTIMATES for c in tok.children)
    return False


def _estimating(frame: Frame) -> bool:
    verb = lemma(frame.verb) if frame.verb is not None else ""
    return verb in _ESTIMATING or _estimated(frame.trigger)


def _estimator(s: Sentence, frame: Frame) -> list[Slot]:
    """Who an estimating verb's subject names ("It estimated 1985/86 output at ...")."""
    if frame.verb is None or s.syntax is None or lemma(frame.verb) not in _ESTIMATING:
        return []
    subject = find_subject(frame.verb)
    return s.syntax.names_under(subject) if subject is not None else []


def estimated_producers(s: Sentence, frame: Frame) -> list[Slot]:
    """The producers an estimate names when the one who states the figure only estimates it:
    "the USDA raised its estimate for Soviet grain imports", "FIRS raised its estimate of
    beet sugar production in the EC". Empty when the figure is no estimate of another's."""
    if not _estimating(frame):
        return []
    own = [a for a in frame.modifiers if a.type in ("ORG", "COUNTRY") and not a.reporter]
    if own or s.syntax is None:
        return own
    heads: list[Token] = []  # the trigger and its heads up to the estimating verb
    for tok in (frame.trigger, *frame.trigger.ancestors):
        heads.append(tok)
        if tok.pos_ == "VERB" or len(heads) == 4:
            break
    ins = [c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "in"]
    own = [n for p in ins for o in p.children for n in s.syntax.names_under(o)]
    return [n for n in own if n.type in ("ORG", "COUNTRY")]


def trader(frame: Frame) -> list[Slot]:
    """ "Exports of coffee from Brazil", "imports of wheat into Japan": the exporter or the
    importer the trade noun itself names, ahead of the body quoted as the source."""
    word = lemma(frame.trigger)
    if word in ("export", "exports"):
        found = frame.prep("from")
    elif word in ("import", "imports"):
        found = frame.prep("into")
    else:
        return []
    return [x for x in found if x.type == "COUNTRY"][:1]


def producer(s: Sentence, frame: Frame) -> list[Slot]:
    """Who produced (or traded) the figure of a production frame: the estimate's subject, a
    name of the frame, the place it is "in", the trader its noun names, the speaker, the
    producer named before, or the headline's."""
    own = estimated_producers(s, frame)
    if own:
        return for_country(s, own[:2])  # the USDA's estimate of Soviet imports: Soviet
    named = [a for a in frame.agent + frame.modifiers if a.type in ("ORG", "COUNTRY")]
    if not named and s.operator_of is not None:
        # "The Brunswick mine produced ...": the firm named after the mine runs it
        run = [s.operator_of(a) for a in frame.agent + frame.modifiers if a.type == "PROJECT"]
        named = [o for o in run if o is not None]
    named = [a for a in named if not a.reporter and not _REPORTS.search(a.name)]
    estimator = _estimator(s, frame)
    before = remembered(s, "production", "actor")
    # "The USDA forecast the EC's wheat crop at ... It estimated 1985/86 output at ...": an
    # agency estimating another's output (not its own state's) is no producer
    if (
        estimator
        and before
        and all(authority(a) for a in estimator)
        and {x.key for x in before} != {x.key for x in for_country(s, estimator)}
    ):
        named = [a for a in named if a not in estimator] or before
    # an embassy reports on its host country ("Soybean imports are forecast ..., the U.S.
    # Embassy said in its annual report on Indonesia's agriculture"), a survey on others
    speakers = [x for x in frame.speaker if not _REPORTS.search(x.name)]
    firms = [x for x in speakers if x.type == "ORG" and not authority(x)]
    # "Zimbabwean coffee output will reach ..., the Coffee Growers Association said": a trade
    # body speaks for its country's growers, it grows nothing
    firms = [x for x in firms if not _TRADE_BODY.search(x.name)]
    if firms and named and all(a.type == "COUNTRY" and a in frame.modifiers for a in named):
        named = firms[:1]  # "Texaco said U.S. liquids production ...": the firm's, in the U.S.
    named = named or _place_of(s, frame) or trader(frame)
    named = named or [x for x in speakers if x.type in ("ORG", "COUNTRY")]
    named = named or before or remembered(s, "capacity", "actors")
    named = named or headline_actor(s, named=len(speakers) < len(frame.speaker))
    return for_country(s, named[:2])


def _place_of(s: Sentence, frame: Frame) -> list[Slot]:
    """ "Production for the current campaign in Spain was 1.03 mln tonnes": with nobody
    named as producer, the country the output is "in" produced it."""
    trig = frame.trigger
    if trig.pos_ not in ("NOUN", "PROPN") or s.syntax is None:
        return []
    return [c for c in s.syntax.names_in(trig) if c.type == "COUNTRY" and c.cue == "in"][:1]
