"""Wording that only looks like an agreement: a deal to buy a firm (an investment), what one
side signs or is awarded alone, and the deal that talks are about."""

from __future__ import annotations

import re

from spacy.tokens import Token

from assay.enrich.facts import lexicon as lx
from assay.enrich.facts.heads import lemma
from assay.enrich.facts.rules.purchase import BUSINESS, SIZES
from assay.enrich.facts.syntax import Frame

TALKS = {"talk", "negotiation", "discussion", "consultation", "dialogue"}
_OWNERSHIP_VERBS = frozenset({"acquire", "buy", "sell", "purchase", "merge", "divest"})
# "a merger agreement", "a 3.1 billion yen loan agreement" (a loan is an investment too)
_OWNERSHIP_NOUNS = frozenset({
    "merger", "acquisition", "takeover", "sale", "purchase", "buyout", "loan", "credit",
})  # fmt: skip
# What one side signs alone: laws, orders, letters.
_SIGNED_NOT_DEALS = frozenset({
    "order", "bill", "law", "legislation", "decree", "proclamation", "letter", "petition",
    "directive", "statute", "budget", "measure",
})  # fmt: skip
# Measures a state signs up for: one side's support, not a deal between the sides.
_MEASURES = frozenset({"sanction", "tariff", "embargo", "ban", "restriction", "boycott"})
# An order one side gives: "an executive order", "secured a temporary restraining order".
_ONE_SIDES_ORDER = frozenset({"executive", "presidential", "restraining", "court", "gag"})
# What an award is a deal for: "awarded a contract", "awarded the tender".
_AWARDED = re.compile(
    r"\b(?:(?:sub)?contracts?|deals?|orders?|distribut\w*|tenders?|licen[cs]es?|"
    r"concessions?|projects?|work|rights|suppl(?:y|ies)|jobs?|bids?|blocks?|agreements?)\b"
)


def ownership_deal(trig: Token) -> bool:
    """A deal to buy, sell or merge a firm: the guidelines count the acquisition (an
    investment), never an agreement ("agreement to acquire", "merger agreement")."""
    if trig.pos_ == "VERB" and lemma(trig) == "agree":
        # "conditionally agreed to sell its Goldendale smelter to Columbia Aluminium"
        done = [c for c in trig.children if c.dep_ == "xcomp" and lemma(c) in _OWNERSHIP_VERBS]
        if any(_owned(c) and any(o.dep_ == "dobj" for o in c.children) for c in done):
            return True
    # "signed an agreement to sell one of its subsidiaries": the deal noun the verb signs
    nouns = [c for c in trig.children if c.dep_ == "dobj"] if trig.pos_ == "VERB" else [trig]
    return any(
        (c.dep_ in ("acl", "relcl") and lemma(c) in _OWNERSHIP_VERBS and _owned(c))
        or (c.dep_ in ("compound", "amod", "nmod") and c.lower_ in _OWNERSHIP_NOUNS)
        for noun in nouns
        if lx.AGREEMENT_NOUNS.search(noun.lower_)
        for c in noun.children
    )


# What changes hands when a firm, or a part or share of one, is bought or sold: what a firm
# sells of itself, a stake's size, and these.
_OWNED = (
    BUSINESS
    | SIZES
    | {"stock", "one", "it", "them", "control", "majority", "part", "bank", "group"}
    | {"affiliate", "smelter", "facility", "field"}
)


def _owned(verb: Token) -> bool:
    """The verb buys or sells a firm or a share of one ("to sell one of its subsidiaries",
    "under which Meridian will buy 81.9 mln shares"), not goods ("to sell copper jointly")."""
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    return not objs or any(o.pos_ == "PROPN" or lemma(o) in _OWNED for o in objs)


def signed_alone(frame: Frame) -> bool:
    """What is signed is a law, an order or a letter, and what is awarded a prize: one side's
    act, not a deal. A "sign" that is a noun ("a sign that", "protest signs") signs nothing."""
    trig = frame.trigger
    if trig.pos_ == "VERB":
        objs = [c for c in trig.children if c.dep_ in ("dobj", "nsubjpass")]
        if lemma(trig) == "award" and objs:  # "awarded the World Cup to Qatar", "damages"
            said = [*trig.rights, *(o for o in objs if o.dep_ == "nsubjpass")]
            return not _AWARDED.search(" ".join(t.lower_ for c in said for t in c.subtree))
        if lemma(trig) == "sign" and any(
            c.dep_ == "prt" and c.lower_ == "up" for c in trig.children
        ):
            # "China has signed up for U.N. sanctions": support for a measure, not a deal
            objs += [o for p in trig.children if p.dep_ == "prep" for o in p.children]
            return any(lemma(c) in _SIGNED_NOT_DEALS | _MEASURES for c in objs)
        return any(lemma(c) in _SIGNED_NOT_DEALS for c in objs)
    if trig.lower_ in ("sign", "signs") and trig.i + 1 < len(trig.doc):
        # a headline's "SIGNS PACT WITH", parsed as a noun, still signs
        after = trig.doc[trig.i + 1].lower_
        return not (lx.AGREEMENT_NOUNS.search(after) or after in ("with", "a", "an"))
    executive = any(c.lower_ in _ONE_SIDES_ORDER for c in trig.children)
    verb = frame.verb
    signed = verb is not None and lemma(verb) in ("sign", "issue", "veto")
    return lemma(trig) in _SIGNED_NOT_DEALS and (executive or signed)


def talked_about(trig: Token) -> bool:
    """The deal is what talks are about: "talks on a trade pact", "negotiations for a deal"."""
    prep = trig.head
    return (
        trig.dep_ == "pobj"
        and prep.lower_ in ("on", "for", "about", "over", "toward", "towards")
        and lemma(prep.head) in TALKS
    )
