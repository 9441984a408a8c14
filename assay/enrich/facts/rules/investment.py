"""Investments: who put (or pledged) money into whom or what, and how much."""

from __future__ import annotations

import re
from typing import Any

from assay.enrich.facts import lexicon as lx
from assay.enrich.facts.context import Sentence, Slot, is_demonym
from assay.enrich.facts.heads import find_subject, lemma, nearest_verb, phrasal
from assay.enrich.facts.mood import mood
from assay.enrich.facts.roles import (
    INVESTOR_TYPES,
    LOCATION_CUES,
    RECEIVE,
    TARGET_TYPES,
    Result,
    actor_before_noun,
    confidence,
    frames,
    negated,
    partners,
    ref,
    remember,
    subject,
    without,
)
from assay.enrich.facts.rules.lending import lending, lends_goods, tranche
from assay.enrich.facts.rules.mergers import merger_roles, noun_sale, stake_in_speaker
from assay.enrich.facts.rules.purchase import (
    MONEY_NOUNS,
    country_group,
    deal_sums,
    disclosed_stake,
    helped,
    legislature,
    modifies_noun,
    money_near,
    own_act,
    parent_in_apposition,
    part_of,
    pledges_an_act,
    purpose_of,
    raised_stake,
    rating_change,
    represented,
    requested,
    seller_target,
    stake_percent,
    titled,
    trades_goods,
    venue,
)
from assay.enrich.facts.syntax import INNER_PREPS, Frame

_INVEST_VERBS = lx.words(
    "invest", "invests", "invested", "investing", "co-invest", "acquire", "acquires",
    "acquired", "acquiring", "acquisition", "bought", "buys", "buy", "buying", "take over",
    "takes over", "took over", "takeover", "stake in", "stakes in", "stake of", "interest in",
    "lend", "lends", "lent", "loan", "loans", "purchase", "purchased",
)  # fmt: skip
_FROM_FUNDER = re.compile(
    r"\b(?:secured|received|receive|receives|won|obtained|raised|got|gets|win|injection|"
    r"loan|loans|funding|financing|investment|grant|grants|backing)\b"
)
# With a sum of money, these say the money went from someone to someone.
_MONEY_MOVES = lx.words(
    "invest", "invests", "invested", "investment", "loan", "loans", "lend", "lends", "lent",
    "funding", "financing", "finance", "financed", "funded", "fund", "grant", "grants",
    "injected", "injection", "pledged", "pledge", "pledges", "committed", "commits",
    "secured", "received", "raised", "provide", "provided", "provides", "awarded",
    "backing", "backed", "co-invest", "sold", "sell", "sells",
)  # fmt: skip
_IT = re.compile(r"\w*\s+(?:it|them)\b")
_SOLD = lx.words("sell", "sells", "sold", "selling", "divest", "divests", "divested", "offload")
_PASSIVE = re.compile(
    r"\b(?:acquired|bought|taken over|purchased|financed|funded|backed)\s+by\s+(?:the\s+)?"
)
_GOVERNMENT_AFTER = re.compile(r"^\s+(?:government|govt|state|authorities|administration)\b")
_PLEDGED = re.compile(r"\b(?:pledged?|pledges|committed|commits?|promised|promises|vowed)\b")
_DONE = re.compile(r"\b(?:acquired|bought|invested)\b")


def _investable(s: Sentence, slot: Slot) -> bool:
    """Demonyms qualify goods ("Russian crude"), except "the Australian government" and
    "invest in Brazilian mining", where the country is where the money goes."""
    if not is_demonym(slot) or slot.cue in ("in", "into"):
        return True
    return bool(_GOVERNMENT_AFTER.match(s.lower[slot.end :]))


_BUY = {"acquire", "buy", "purchase", "take", "acquisition", "takeover", "merger", "stake",
        "interest", "share", "control", "merge"}  # fmt: skip
_SELL = {"sell", "divest", "offload", "dispose", "sale"}
_PLEDGE = {"pledge", "commit", "promise", "vow", "earmark", "budget", "plan"}
# The noun that names the money or the deal: its "of"/"in"/"for" object is the target.
_DEAL_NOUNS = {
    "acquisition", "purchase", "takeover", "stake", "interest", "investment", "loan",
    "credit", "funding", "financing", "aid", "grant", "injection", "buyout", "share",
    "shares", "merger", "offer", "bid",
}  # fmt: skip
_NOT_DEAL = frozenset({"offer", "bid", "tender", "proposal", "consider", "seek"})
# An investment has no ended action: a deal called off, or funding halted or diverted, gives
# no fact (a deal blocked or rejected `mood` denies already).
_ENDED = frozenset({
    "end", "terminate", "cancel", "abandon", "scrap", "withdraw", "rescind", "drop", "call off",
    "halt", "suspend", "freeze", "withhold", "divert", "cut off",
})  # fmt: skip
# What money is spent on: "spend 42 mln dlrs to develop its field".
_DEVELOP = {
    "develop", "build", "expand", "construct", "modernise", "modernize", "upgrade", "acquire",
    "buy", "fund", "finance", "explore", "refurbish", "complete",
}  # fmt: skip
# Nouns of buying whose modifier, with a buyer as subject, is the firm bought.
_BOUGHT_NOUNS = {"acquisition", "purchase", "takeover", "buyout"}
_HAND_OVER = {"give", "cede", "hand", "transfer", "surrender"}
_FUNDING = {"funding", "loan", "credit", "grant", "financing", "aid", "finance", "backing"}


def investment(s: Sentence) -> Result | None:
    """Who put (or pledged) money into whom or what, and how much."""
    if rating_change(s):
        return None  # "raised to BBB-plus from BBB X's debentures": a rating, no deal
    if s.syntax is not None:
        return _parsed(s)
    return _surface(s)


def _lemmas(frame: Frame) -> set[str]:
    out = {lemma(frame.trigger), frame.trigger.lower_}
    # "give control of the company to X": handing over control is a sale
    out |= {c.lower_ for c in frame.trigger.children if c.dep_ == "dobj" and c.lower_ == "control"}
    if frame.verb is not None:
        out |= {lemma(frame.verb), phrasal(frame.verb)}  # "take over", "buy out"
    return out


def _accepted(frame: Frame) -> bool:
    """An offer or bid counts once accepted or completed."""
    verb = frame.verb
    return verb is not None and lemma(verb) in ("accept", "complete", "approve", "close")


def _parsed(s: Sentence) -> Result | None:
    syntax = s.syntax
    assert syntax is not None
    for frame in frames(s, "investment"):
        lemmas = _lemmas(frame)
        unreal = frozenset() if _accepted(frame) else _NOT_DEAL
        state = mood(frame.trigger, frame.verb, unreal=unreal, undone=_ENDED)
        if _accepted(frame) and state == "unreal":
            state = "fact"
        if state in ("negated", "unreal", "threat"):
            continue
        if lemma(frame.trigger) in ("offer", "bid") and not _accepted(frame):
            continue
        held = lemma(frame.trigger) in ("own", "hold")
        if held and not disclosed_stake(frame.trigger):
            continue  # "it holds talks", "it owns a plant": no stake told
        trig = frame.trigger
        if trig.dep_ == "attr" and lemma(trig.head) == "be" and trig.pos_ == "NOUN":
            continue  # "Encor is a strategic investment for Dome": a holding described
        if not _moves_money(s, frame):
            continue
        if lemmas & (_BUY | _SELL) and trades_goods(syntax, frame, bool(lemmas & _BUY)):
            continue  # "will sell rubber to China", "will buy 65% of the plant's output"
        if lends_goods(frame):
            continue
        if requested(frame) or titled(frame.trigger):
            continue
        investor, target = _roles(s, frame, lemmas)
        if not investor or not target:
            investor, target = tranche(s, frame, investor, target)
        # "the Tea Party takeover of Congress", "shares on the Toronto Stock Exchange"
        target = [t for t in target if not legislature(t) and not venue(s, t)]
        if not investor or not target:
            continue
        if any(i.key and i.key == t.key for i in investor for t in target):
            continue
        raised = frame.verb is not None and raised_stake(frame.verb)
        if lemmas & (_BUY | _SELL) or "take over" in lemmas or raised or held:
            action = "acquired"
        elif state == "future" or lemmas & _PLEDGE:
            action = "pledged"
        else:
            action = "invested"
        money = money_near(s, frame)
        fields: dict[str, Any] = {
            "investor": ref(investor),
            "target": ref(target),
            "amount": money.as_dict() if money else None,
            "action": action,
        }
        purpose = purpose_of(s)
        if purpose:
            fields["purpose"] = purpose
        stake = stake_percent(s)
        if stake is not None:
            fields["stake_percent"] = stake
        remember(s, "investment", investor=investor, target=target)
        return fields, confidence(s, 0.8 if state == "fact" else 0.6, [*investor, *target])
    return None


# A stake is news when someone takes, raises or completes it; "Dome's 23 pct stake in
# Encor" or "cut its stake" is a holding, not an acquisition (GUIDELINES).
_STAKE_VERBS = {
    "acquire", "buy", "take", "raise", "increase", "boost", "lift", "build", "purchase",
    "complete", "agree", "hold", "own", "pay", "sell", "divest", "dispose", "offload",
    "receive", "get", "win", "secure", "announce", "disclose", "make", "obtain", "double",
}  # fmt: skip


def _moves_money(s: Sentence, frame: Frame) -> bool:
    """The frame is about money or ownership changing hands, not a holding or a promise of
    anything else ("committed to working with partners", "a pledge to return jobs")."""
    word = lemma(frame.trigger)
    if word in ("holding", "holdings", "shareholding"):
        # "increased its holdings in Clorox to 30 pct"; not "its holdings in Clorox"
        return frame.verb is not None and raised_stake(frame.verb)
    if word == "stake" or frame.trigger.lower_ in ("stake", "stakes"):
        verb = frame.verb
        return verb is not None and lemma(verb) in _STAKE_VERBS
    if word in _PLEDGE - {"plan"} or frame.trigger.lower_ in ("committed", "pledged"):
        if pledges_an_act(frame.trigger):
            return False
        if s.money():
            return True
        scope = frame.verb or frame.trigger
        return any(lemma(t) in MONEY_NOUNS or t.lower_ in MONEY_NOUNS for t in scope.subtree)
    return True


def _roles(s: Sentence, frame: Frame, lemmas: set[str]) -> tuple[list[Slot], list[Slot]]:
    """(investor, target) of one investment frame."""
    syntax = s.syntax
    assert syntax is not None
    agent = [a for a in frame.agent if a.type in INVESTOR_TYPES and _investable(s, a)]
    # "many US companies have invested": unnamed firms of a country are no investor
    agent = [a for a in agent if not (a.type == "COUNTRY" and country_group(syntax, a))]
    agent = [a for a in agent if not a.descriptor] or agent  # "Japan's Sumitomo": Sumitomo
    verb = frame.verb or nearest_verb(frame.trigger)
    if lemma(frame.trigger) == "sale":
        return noun_sale(syntax, frame, agent)  # "the sale of WOR-TV to MCA"
    if lemmas & _SELL:
        # "Gould sold its unit, Cie Francaise, to GNB": GNB invests in the unit (or the seller).
        buyers = frame.prep("to")
        for obj in frame.objects.get("obj", []):
            buyers += syntax.prep_names(obj, "to")  # "sold a stake in its unit to Manara"
        buyers = [b for b in buyers if b.type in INVESTOR_TYPES]
        sold = [p for p in frame.patient if p.type in ("ORG", "PROJECT")]
        return buyers, without(sold, buyers) or agent
    control = [c for c in frame.trigger.children if c.dep_ == "dobj" and c.lower_ == "control"]
    if control and lemma(frame.trigger) in _HAND_OVER:
        # "agreed to give control of the company to Benson Seizer": the one given it buys
        takers = [
            n
            for c in frame.trigger.children
            if c.dep_ == "dative" or (c.dep_ == "prep" and c.lower_ == "to")
            for n in syntax.names_in(c)
            if n.type in INVESTOR_TYPES
        ]
        given = [t for t in syntax.prep_names(control[0], "of") if t.type in ("ORG", "PROJECT")]
        return takers, without(given or [a for a in agent if a.type == "ORG"], takers)
    funders = frame.prep("from") + [m for m in frame.modifiers if m.type in ("ORG", "COUNTRY")]
    if lemma(frame.trigger) in ("offer", "bid", "takeover") or (
        frame.trigger.dep_ == "compound" and lemma(frame.trigger.head) in ("offer", "bid")
    ):
        # "Woodside accepted a Santos takeover offer for Vamgas"
        bidders = [b for b in funders if b.type in INVESTOR_TYPES]
        if not bidders and own_act(frame.trigger):
            bidders = agent  # "Rio Tinto completed its takeover of Turquoise Hill"
        sought = [t for t in frame.prep("for", "of") if t.type in TARGET_TYPES]
        return bidders, without(sought or agent, bidders)
    if lemma(frame.trigger) in _FUNDING and verb is not None:
        lent = lending(s, frame, verb)
        if lent is not None:
            return lent
    if (
        verb is not None
        and lemma(verb) in RECEIVE
        and verb.dep_ != "acl"
        and not raised_stake(verb)
    ):
        # "Oil India received a credit from Dai Ichi Kangyo Bank"
        subject = find_subject(verb)
        receivers = syntax.names_under(subject) if subject is not None else agent
        receivers = [r for r in receivers if r.type in TARGET_TYPES and not is_demonym(r)]
        if not funders:
            # "received a credit under an agreement signed with X": the other side pays
            funders = without(syntax.prep_names(verb, "with"), receivers)
        return [f for f in funders if f.type in INVESTOR_TYPES], receivers
    investor = agent or [m for m in frame.modifiers if m.type in ("ORG", "COUNTRY")]
    investor = investor or [f for f in frame.prep("from") if f.type in INVESTOR_TYPES]
    if lemma(frame.trigger) in ("spend", "spending") and verb is not None:
        # "spend 42 mln dlrs to develop its X field", "spend $1bn on Y": the money goes to
        # what the purpose clause or "on" names, never to a place or a peer ("in NATO");
        # "lifted spending to 270 mln dlrs, mostly on the Shelf project": "on" may hang on
        # the amount
        pool = frame.prep("on") + syntax.prep_names(verb, "on")
        for child in verb.children:
            if child.dep_ in ("xcomp", "advcl") and lemma(child) in _DEVELOP:
                pool += [
                    n for o in child.children if o.dep_ == "dobj" for n in syntax.names_under(o)
                ]
        spent = [t for t in without(pool, investor) if t.type in ("ORG", "PROJECT")]
        return investor, spent
    if lemma(frame.trigger) in ("merger", "merge"):
        return merger_roles(s, frame, investor)
    pool = frame.prep("of", "in", "into", "for", "to") + frame.patient
    trig = frame.trigger
    if not frame.patient and trig.dep_ == "acl" and any(c.dep_ == "auxpass" for c in trig.children):
        # "Cyclops cited its agreement to be acquired by Dixons": the one whose agreement
        # it is is bought
        noun = trig.head
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
            noun = noun.head.head  # "signed a letter of intent to be acquired by Tradevest"
        owner = [n for c in noun.children if c.dep_ == "poss" for n in syntax.names_under(c)]
        if not owner and noun.dep_ in ("dobj", "nsubj") and noun.head.pos_ == "VERB":
            owner = syntax.subject_names(noun.head)
        pool += owner
    if agent and lemma(frame.trigger) in _BOUGHT_NOUNS:
        # "Interco completed the Lane acquisition": the buyer is the subject, the firm
        # named before the noun is bought
        pool += [m for m in frame.modifiers if m.type in ("ORG", "PROJECT")]
    if verb is not None:
        pool += [n for o in helped(verb) for n in syntax.names_under(o)]
    # "$25 billion for data centres in France", "$350 million in a project on Pomalaa"
    for o in (
        frame.objects.get("obj", []) + frame.objects.get("in", []) + frame.objects.get("for", [])
    ):
        pool += syntax.names_under(o, INNER_PREPS | {"for", "on", "at", "into", "to"})
    for o in frame.objects.get("obj", []):
        pool += represented(syntax, o)
    target = [t for t in without(pool, investor) if t.type in TARGET_TYPES]
    target = [t for t in target if _investable(s, t) and not t.descriptor]
    # "U.S. goods", "the U.S. economy": a country describing what is bought is no target
    target = [t for t in target if not (t.type == "COUNTRY" and modifies_noun(syntax, t))]
    # "ACQUIRES HEXCEL UNIT": a part of the firm is bought, not the firm
    target = [t for t in target if not part_of(syntax, t)]
    # "DIM S.A., a subsidiary of BIC S.A.": the parent is only described
    target = [t for t in target if not parent_in_apposition(syntax, t)] or target
    # "Japanese trading house Marunaka": a nationality is never what is bought
    target = [t for t in target if not (t.type == "COUNTRY" and is_demonym(t))]
    target.sort(key=lambda t: (t.type == "COUNTRY", t.start))  # a firm or project first
    if not target and lemmas & _BUY and s.start > 0:
        target = seller_target(syntax, frame, verb, pool, investor)
    if not target and lemma(frame.trigger) in _FUNDING and verb is not None:
        # "Eskom will convert the site with World Bank funding": the subject gets the money
        subject = find_subject(verb)
        if subject is not None:
            target = [t for t in syntax.names_under(subject) if t.type in TARGET_TYPES]
            target = without([t for t in target if not t.descriptor] or target, investor)
    target = target or stake_in_speaker(syntax, frame, investor)
    if not investor:
        # the firm or state that tells of it; a person telling ("Industry Minister X said")
        # speaks for a government or board, and invests nothing himself
        investor = [x for x in frame.speaker if x.type in ("ORG", "COUNTRY")]
    return investor, target


def _surface(s: Sentence) -> Result | None:
    """Word-order reading, for text without a parse."""
    if negated(s, "investment"):
        return None
    money = s.money()
    if not _INVEST_VERBS.search(s.lower) and not (money and _MONEY_MOVES.search(s.lower)):
        return None  # "an investment fund", "$91 billion in spending cuts": no deal here
    anchor = s.first_anchor("investment")
    actors = [a for a in s.actors() if _investable(s, a)]
    investor = subject(s, anchor)
    if investor is not None and not _investable(s, investor):
        investor = None
    target: Slot | None = None
    funder = [a for a in actors if a.cue == "from" and a.start > anchor]
    named = actor_before_noun(s, lx.FUNDING_NOUNS)
    passive = _PASSIVE.search(s.lower)
    by = [a for a in actors if a.cue == "by" and passive and a.start >= passive.end() - 1]
    sold = _SOLD.search(s.lower)
    buyer = [a for a in actors if a.cue == "to" and sold and a.start > sold.end()]
    if sold and investor is not None:
        # "Vale sold a stake to Manara": the buyer invests in the seller.
        if not buyer:
            return None
        target, investor = investor, buyer[0]
    elif by and investor is not None:
        # "Goodyear was acquired by Loral": the buyer follows "by".
        target, investor = investor, by[0]
    elif funder and _FROM_FUNDER.search(s.lower):
        # "Iluka secured a loan from Australia": the money comes from after "from".
        target, investor = investor, funder[0]
    elif named and investor is not None and named is not investor:
        # "... with World Bank funding of $497 million": the named funder pays the subject.
        target, investor = investor, named
    else:
        after = [
            a
            for a in s.of_type("ORG", "COUNTRY", "PROJECT")
            if a.start > anchor
            and a is not investor
            and not a.descriptor
            and not a.reporter
            and _investable(s, a)
        ]
        # "a loan for a mine in Mozambique owned by Syrah": a firm or project before a place.
        firms = [a for a in after if a.type != "COUNTRY" or a.cue not in LOCATION_CUES]
        ranked = firms or after
        target = ranked[0] if ranked else None
        if target is None and investor is not None and _IT.match(s.lower, anchor):
            # "Lynas said JBIC would lend it $300m": "it" is the speaker before.
            earlier = [a for a in actors if a.end <= investor.start]
            target = earlier[0] if earlier else None
    if investor is None or target is None or (investor.key and investor.key == target.key):
        return None
    if _PLEDGED.search(s.lower) or (lx.PLANNED.search(s.lower) and not _DONE.search(s.lower)):
        action = "pledged"
    else:
        action = lx.first_label(lx.INVESTMENT_ACTIONS, s.lower, "invested")
    fields: dict[str, Any] = {
        "investor": ref(partners(s, investor)),
        "target": target.ref(),
        "amount": sums[0][2].as_dict() if (sums := deal_sums(s)) else None,
        "action": action,
    }
    purpose = purpose_of(s)
    if purpose:
        fields["purpose"] = purpose
    stake = stake_percent(s)
    if stake is not None:
        fields["stake_percent"] = stake
    return fields, confidence(s, 0.8, [investor, target])
