"""Who buys whom in a merger or a sale named by its noun: wire copy writes most takeovers
as mergers, and sales of units as "the sale of X to Y".

- "Security Pacific completed its merger with Diablo Bank": the subject buys the other firm.
- "Instinet's proposed merger into Reuters": the firm merged into buys.
- "agreed to merge with an affiliate of First Boston", "merge with Barnett Banks Inc's Barnett
  Bank of Pinellas": the parent of the vehicle or unit buys.
Only firms merge: a country or a place is never a party.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from assay.enrich.facts.context import Sentence, Slot
from assay.enrich.facts.heads import find_subject, lemma
from assay.enrich.facts.roles import without
from assay.enrich.facts.syntax import Frame, Syntax

_VEHICLES = frozenset({"affiliate", "unit", "subsidiary", "vehicle", "entity", "company"})


def merger_roles(s: Sentence, frame: Frame, agent: list[Slot]) -> tuple[list[Slot], list[Slot]]:
    """(buyer, bought) of a merger frame whose agent is `agent`."""
    syntax = s.syntax
    assert syntax is not None
    firms = [a for a in agent if a.type == "ORG"] or _subject_firms(syntax, frame.trigger)
    if not firms:
        return [], []
    into = [x for x in frame.prep("into") if x.type == "ORG"]
    if into:
        return into, without(firms, into)  # "its merger into Reuters": Reuters buys
    parent = _parent_of(syntax, frame.trigger)
    if parent:
        return parent, without(firms, parent)  # "merge with an affiliate of First Boston"
    other = frame.prep("with") + frame.prep("of")  # "completed its merger with Diablo Bank"
    bought = [t for t in without(other, firms) if t.type == "ORG"]
    if any(_exchanged(s, f) for f in firms) and not any(_exchanged(s, b) for b in bought):
        return bought, firms  # "each share of Home Federal's stock to be exchanged for ..."
    return firms, bought


def _exchanged(s: Sentence, firm: Slot) -> bool:
    """The sentence trades away the firm's shares: "each share of Home Federal's common
    stock to be exchanged for Barnett stock", "20 dlrs for each SciMed share": its holders
    are bought out."""
    for x in s.slots:
        if x is not firm and not (firm.key and x.key == firm.key):
            continue
        before = s.text[max(0, x.start - 20) : x.start]
        after = s.text[x.end : x.end + 30]
        if re.search(r"\beach\s+(?:common\s+)?share\s+of\s+$", before) or (
            re.search(r"\bfor\s+each\s+$", before)
            and re.match(r"(?:'s)?\s+(?:common\s+)?share", after)
        ):
            return True
    return False


def _subject_firms(syntax: Syntax, trigger: Token) -> list[Slot]:
    """ "Foote Mineral signed a letter of intent to merge into RTZ": the firm that is the
    subject of a verb above the merger."""
    verb = syntax.clause_above(trigger)
    subject = find_subject(verb) if verb is not None else None
    if subject is None:
        return []
    return [x for x in syntax.names_under(subject) if x.type == "ORG"][:1]


def _parent_of(syntax: Syntax, trigger: Token) -> list[Slot]:
    """The parent of the vehicle or unit a firm merges with: "an affiliate of First Boston",
    "Barnett Banks Inc's Barnett Bank of Pinellas"."""
    for prep in trigger.children:
        if prep.dep_ != "prep" or prep.lower_ != "with":
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            if lemma(obj) in _VEHICLES:
                return [x for x in syntax.prep_names(obj, "of") if x.type == "ORG"]
            # "merge with Barnett Banks Inc's Barnett Bank of Pinellas": the owner buys
            owners = [c for c in obj.children if c.dep_ == "poss"]
            return [x for o in owners for x in syntax.names_under(o) if x.type == "ORG"][:1]
    return []


# What a sale named by its noun sells when no firm is named: a stake or a business; goods
# ("50,000 tonnes of wheat") are neither.
# A facility sold unnamed ("the sale of nuclear plants to Saudi Arabia") may be equipment.
_OWNERSHIP = frozenset({
    "stake", "interest", "share", "stock", "unit", "subsidiary", "division", "business",
    "operation", "company", "holding", "affiliate", "arm", "chain",
})  # fmt: skip


def noun_sale(syntax: Syntax, frame: Frame, seller: list[Slot]) -> tuple[list[Slot], list[Slot]]:
    """(buyer, bought) of "the sale of its stake in Himont to Montedison", "completed the sale
    of WOR-TV to MCA": the firm named after "to" buys what "of" names, a firm, a facility or
    a stake or unit of the seller's; nothing for goods ("the sale of 50,000 tonnes of wheat
    to Sri Lanka") or for a buyer only described ("to a former Alleghany subsidiary")."""
    trig = frame.trigger
    # "completed the sale of WOR-TV to MCA Inc": the parse may hang "to" on the verb
    heads = (trig,) if trig.dep_ != "dobj" else (trig, trig.head)
    objects: dict[str, list[Token]] = {}
    for head in heads:
        for p in head.children:
            if p.dep_ == "prep" and p.lower_ in ("of", "to"):
                objects.setdefault(p.lower_, []).extend(o for o in p.children if o.dep_ == "pobj")
    sold_heads, buyer_heads = objects.get("of", []), objects.get("to", [])
    if not sold_heads or not buyer_heads:
        return [], []
    buyers = [
        n
        for o in buyer_heads
        for n in syntax.names_under(o)
        if n.type in ("ORG", "COUNTRY", "PERSON") and n.start <= o.idx < n.end
    ]
    sold = [n for o in sold_heads for n in syntax.names_under(o) if n.type in ("ORG", "PROJECT")]
    owned = any(lemma(t) in _OWNERSHIP for o in sold_heads for t in o.subtree)
    if not buyers or not (sold or owned):
        return [], []
    return buyers, without(without(sold, seller) or sold or seller, buyers)


_STAKES = frozenset({"stake", "interest", "control", "majority"})


def stake_in_speaker(syntax: Syntax, frame: Frame, investor: list[Slot]) -> list[Slot]:
    """ "Financial Security said it signed a letter of intent for a controlling interest to
    be acquired by an investor group": a stake that names no firm, acquired by another, is
    in the firm telling of it ("he bought the stake" is the one the story named before)."""
    trig = frame.trigger
    heads = [c for c in trig.children if c.dep_ == "nsubjpass"]  # not "he bought the stake"
    if frame.patient or not any(lemma(h) in _STAKES for h in heads) or not investor:
        return []
    return [x for x in without(frame.speaker, investor) if x.type == "ORG"]
