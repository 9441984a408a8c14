"""Agreements: two or more parties signed, announced, planned or ended a deal."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Token

from assay.enrich.facts import lexicon as lx
from assay.enrich.facts.context import Sentence, Slot
from assay.enrich.facts.heads import lemma
from assay.enrich.facts.mood import mood
from assay.enrich.facts.roles import (
    AUTHORITY_KINDS,
    LOCATION_CUES,
    Result,
    commodity,
    confidence,
    frames,
    lead_parties,
    negated,
    remember,
)
from assay.enrich.facts.rules.not_deals import TALKS, ownership_deal, signed_alone, talked_about
from assay.enrich.facts.rules.parties import (
    PARTY_TYPES,
    local_governments,
    states_or_firms,
    two_sides,
    unnamed_partner,
)
from assay.enrich.facts.syntax import Frame

_SIGNED = lx.words(
    "signed", "signs", "inked", "inks", "sealed", "struck", "clinched", "agreed", "reached",
    "concluded", "formed", "won", "awarded", "secured", "placed", "entered into", "finalised",
    "finalized", "partnered", "teamed up", "cooperate",
)  # fmt: skip
_ANY_DEAL = re.compile(
    r"\b(?:any|a future|a possible|a potential)\s+(?:[\w-]+\s+){0,2}(?:deal|agreement|pact)\b"
)


_DEAL_VERBS = {
    "sign", "ink", "seal", "strike", "clinch", "conclude", "partner", "team", "cooperate",
    "award", "renew", "terminate", "cancel", "form", "agree", "reach", "enter", "set",
}  # fmt: skip
_ENDING = {
    "terminate", "cancel", "end", "scrap", "withdraw", "quit", "exit", "expire", "tear",
    "abandon", "renounce", "pull",
}  # fmt: skip
# Verbs that take a party "out of" a deal: "pulled the U.S. out of", "walked out of".
_LEAVING = _ENDING | {"walk", "back", "take", "get", "opt"}
_ARGS = ("dobj", "nsubj", "nsubjpass", "attr")
_WIN = {"win", "receive", "secure", "get", "land", "obtain", "clinch", "bag"}
_PUBLIC = AUTHORITY_KINDS | {"state-firm"}  # a public buyer of what a contract wins
_NOT_DEAL = frozenset({"talk", "negotiate", "discuss", "seek", "propose", "hope", "consider"})


def agreement(s: Sentence) -> list[Result]:
    """Two or more parties signed, announced, planned or ended a deal (or several deals)."""
    if s.syntax is not None:
        return _parsed(s)
    found = _surface(s)
    return [found] if found is not None else []


# What two sides agree to do together or for each other: a supply deal, a partnership
# ("agreed to provide 380 mln ECUs" is money, an investment).
_DEAL_ACTS = frozenset({"supply", "deliver", "ship", "cooperate", "collaborate", "pool"})


def _agreed_to_supply(trig: Token) -> Token | None:
    """The verb of "agreed to supply ...": a supply deal even where no deal noun is written."""
    return next((c for c in trig.children if c.dep_ == "xcomp" and lemma(c) in _DEAL_ACTS), None)


# What states agree to do that is no deal between them: talk, or pay or buy something.
_NOT_JOINT = frozenset({
    "hold", "meet", "talk", "discuss", "continue", "resume", "negotiate", "consider", "study",
    "review", "examine", "buy", "acquire", "purchase", "sell", "take", "pay", "invest",
    "lend", "provide", "give", "grant", "extend", "refinance", "reschedule", "disagree",
})  # fmt: skip


def _states_together(frame: Frame) -> bool:
    """Two or more states agreeing to act together: "the United States, Japan and five others
    agreed to use a set of economic indicators", "France and Germany agreed to build a jet"."""
    acts = [c for c in frame.trigger.children if c.dep_ == "xcomp"]
    states = {a.key for a in frame.agent if a.type == "COUNTRY"}
    return bool(acts) and lemma(acts[0]) not in _NOT_JOINT and len(states) >= 2


def _agreed_with_on(frame: Frame) -> bool:
    """ "Owens-Corning agreed with Taiwan Glass on the manufacture of its products": agreeing
    with a named side on something, not with a view ("agreed with the U.S. view")."""
    preps = {c.lower_: c for c in frame.trigger.children if c.dep_ == "prep"}
    if "with" not in preps or "on" not in preps:
        return False
    sides = [o for o in preps["with"].children if o.dep_ == "pobj" and o.pos_ == "PROPN"]
    return bool(sides) and bool(frame.prep("with"))


def _parsed(s: Sentence) -> list[Result]:
    if _ANY_DEAL.search(s.lower):
        return []  # "sign off on any Iran deal": a hypothetical deal
    has_noun = bool(lx.AGREEMENT_NOUNS.search(s.lower))
    for frame in frames(s, "agreement"):
        trig = frame.trigger
        word = lemma(trig)
        if trig.pos_ == "VERB" and word not in _DEAL_VERBS:
            continue
        if word == "association" and trig.head.lower_ != "in":
            continue  # "in association with X" works with X; a trade association does not
        agreed = trig.pos_ == "VERB" and word == "agree"
        supplied = _agreed_to_supply(trig) if agreed else None
        joint = supplied is not None or _states_together(frame) or _agreed_with_on(frame)
        if agreed and not joint and (not has_noun or frame.prep("with")):
            # "agreed to buy": the purchase is the news, not a deal; "agreed with the
            # government on having one consortium" beside a deal noun is no deal either
            continue
        if _describes(s, frame):
            continue  # "a joint venture gold mine", "owned a third of the COMTEC partnership"
        if ownership_deal(trig):
            continue  # "an agreement to sell the unit", "the merger agreement": an investment
        if talked_about(trig):
            continue  # "talks on the EU-Mercosur agreement stalled": no deal yet
        if signed_alone(frame):
            continue  # "will sign an executive order", "signed the bill into law"
        verb_word = lemma(frame.verb) if frame.verb is not None else ""
        if frame.verb is not None and any(
            lemma(c) in TALKS for c in frame.verb.children if c.dep_ in _ARGS
        ):
            continue  # "canceling negotiations with Turkey on a trade deal": no deal yet
        left = _left_by(frame)
        ended = (
            verb_word in _ENDING
            or word in _ENDING
            or (frame.verb is not None and _not_renewed(frame))
            or left is not None
        )
        state = mood(trig, frame.verb, unreal=_NOT_DEAL)
        under = _under(frame)
        if under and state == "future":
            state = "fact"  # "X will supply Y under a 1986 agreement": the deal is in place
        standing = _standing_parties(s, frame) or _held_to(s, frame)
        if standing and state != "fact":
            # "threatened to tear up the 1994 agreement between X, Y and Z": the threat is
            # to the deal; the deal itself is in force (GUIDELINES: facts in place count)
            state, ended = "fact", False
        if state in ("unreal", "threat") or (state == "negated" and not ended):
            continue
        parties = standing or frame.agent + frame.prep("with", "between", "among", "by", "to")
        if word == "association" and not frame.agent:
            parties += _worker(s, trig)  # "X is exploiting the field in association with Y"
        parties += [m for m in frame.modifiers if m.type in PARTY_TYPES]
        if under and not frame.passive:
            # "Argentina supplies the Soviet Union under a pact"; not "sanctions will be
            # suspended under the deal", whose owners are no party to it
            parties += frame.patient
        syntax = s.syntax
        assert syntax is not None
        if left is not None:
            # "Trump pulled the United States out of Iran's nuclear deal": who is taken out,
            # or who walks out, is a party
            taken = [c for c in left.children if c.dep_ == "dobj"]
            moved = [n for c in taken for n in syntax.names_under(c)]
            parties += moved if taken else syntax.subject_names(left)
            if len(states_or_firms(s, parties)) < 2:
                continue  # "pulled out of an international accord": the other side unnamed
        if verb_word in _WIN:
            # "won a contract from the Ministry", "won an order for 30 jets from JAL"
            parties += frame.prep("from") + syntax.prep_names(trig, "from")
        # "signed an agreement with the United States": the deal noun's own partners
        for obj in frame.objects.get("obj", []):
            for prep in obj.children:
                if prep.dep_ == "prep" and prep.lower_ in ("with", "between", "among", "from"):
                    parties += [n for o in prep.children for n in syntax.names_under(o)]
        if word == "award" or verb_word == "award":
            parties += frame.patient
        if supplied is not None:
            # "agreed to supply Tesla with copper", "agreed to deliver copper to Tesla"
            buyers = [c for c in supplied.children if c.dep_ in ("dobj", "dative")]
            parties += [n for b in buyers for n in syntax.names_under(b)]
            parties += syntax.prep_names(supplied, "to") + syntax.prep_names(supplied, "with")
        parties = states_or_firms(s, parties) + local_governments(s, frame.prep("with", "between"))
        if len(parties) < 2 and unnamed_partner(s, frame):
            continue  # "an agreement with a group of private investors": a side unnamed
        if len(parties) < 2:
            # "agreed to form a joint venture printing company in Manchester, England with
            # News International": a partner the parse hangs on a later word of the deal's
            # noun phrase (or of what the deal's verb forms)
            later = [
                n
                for top in _deal_phrases(trig)
                for t in top.subtree
                if t.i > trig.i and t.lower_ == "with" and t.dep_ == "prep"
                for o in t.children
                for n in syntax.names_under(o)
            ]
            parties = states_or_firms(s, parties + later)
        if len(parties) < 2 and not (parties and parties[0].kind == "intergovernmental"):
            # the speaker is the other side, but not of a group's own accord: "Japanese
            # minister Miyazawa said the G-7 reaffirmed its Paris accord" (one party)
            parties = states_or_firms(s, parties + frame.speaker)
        if len(parties) == 1 and verb_word in _WIN:
            # "X received a contract ..., the Air Force said": who tells of an award made it
            told = [replace(x, reporter=False) for x in frame.speaker if x.type == "ORG"]
            parties = states_or_firms(s, parties + told)
        deal_verb = word in _DEAL_VERBS or verb_word in _DEAL_VERBS
        won = verb_word in _WIN and not deal_verb
        # "since the Iran nuclear deal was signed": a deal named after one party, signed by
        # others the sentence does not name, is no deal with the story's other state
        named_after = frame.passive and not frame.agent and parties[0:1] == frame.modifiers[:1]
        if len(parties) == 1 and (ended or deal_verb or won) and not named_after:
            # "New Zealand will not renew the agreement": the other party is the story's
            # ("WHITE HOUSE UNIT ..." in the headline: the state); "X won a contract": the
            # story's state or public buyer, not any firm the story is about
            lead = lead_parties(s, PARTY_TYPES, parties)
            lead = [p for p in lead if p.type == "COUNTRY" or p.kind in _PUBLIC] if won else lead
            parties = states_or_firms(s, parties + lead[:1])
        if len(parties) < 2:
            parties = states_or_firms(s, parties + two_sides(s, frame))
        if len(parties) < 2:
            continue
        if ended:
            action = "ended"
        elif not standing and (state == "future" or lx.AGREEMENT_PLANNED.search(s.lower)):
            action = "planned"
        elif verb_word in ("announce", "unveil") or word in ("announce",):
            action = "announced"
        else:
            action = "signed"
        kind = lx.first_label(lx.AGREEMENT_KINDS, s.lower, "other")
        starts = {p.start for p in parties}
        # a capital that signs for its state is a party, not the place
        place = [x for x in s.of_type("LOCATION", "PROJECT") if x.start not in starts]
        place += [x for x in s.of_type("COUNTRY") if x.cue in LOCATION_CUES and x not in parties]
        place.sort(key=lambda x: x.start)
        fields = {
            "parties": [p.ref() for p in parties],
            "kind": kind,
            "commodity": commodity(s, trig.idx),
            "location": place[0].ref() if place else None,
            "action": action,
        }
        remember(s, "agreement", parties=parties)
        conf = confidence(s, 0.8 if len(parties) <= 3 else 0.6, parties)
        each = _bilateral(s, frame, parties)
        if each:
            # "signed agreements with Hong Kong and South Korea": one deal with each
            return [({**fields, "parties": [p.ref() for p in pair]}, conf) for pair in each]
        return [(fields, conf)]
    return []


def _worker(s: Sentence, trig: Token) -> list[Slot]:
    """The subject of the clause "in association with" hangs in, however deep it hangs."""
    verb = next((t for t in trig.ancestors if t.pos_ in ("VERB", "AUX")), None)
    return s.syntax.subject_names(verb) if verb is not None and s.syntax is not None else []


def _bilateral(s: Sentence, frame: Frame, parties: list[Slot]) -> list[list[Slot]]:
    """Pairs of one signer and each partner, when plural deals are made "with" several."""
    syntax = s.syntax
    if syntax is None or len(parties) < 3:
        return []
    deals = [frame.trigger, *frame.objects.get("obj", [])]
    plural = [d for d in deals if d.tag_ == "NNS" and lx.AGREEMENT_NOUNS.search(d.lower_)]
    if not plural:
        return []
    with_ = frame.prep("with") + [n for d in plural for n in syntax.prep_names(d, "with")]
    partners = [p for p in parties if any(p.key == w.key and p.start == w.start for w in with_)]
    signers = [p for p in parties if p not in partners]
    if len(signers) != 1 or len(partners) < 2:
        return []
    return [[signers[0], p] for p in partners]


_STANDING = {"recent", "existing", "bilateral", "current", "landmark", "previous", "original"}
_YEAR = re.compile(r"(?:19|20)\d\d")


_HOLDING = {"own", "hold", "control", "be"}


def _describes(s: Sentence, frame: Frame) -> bool:
    """The deal noun describes something or is what someone holds, with no event: "Hog
    Ranch is a joint venture gold mine", "Gartner owned one-third of the COMTEC
    partnership"."""
    trig = frame.trigger
    if trig.pos_ not in ("NOUN", "PROPN"):
        return False
    head = trig.head
    deal_words = s.anchors.get("agreement", [])
    if trig.dep_ in ("compound", "amod") and head.pos_ == "NOUN" and head.idx not in deal_words:
        return not lx.AGREEMENT_NOUNS.search(head.lower_)
    verb = frame.verb
    if verb is None or verb == trig or frame.prep("with", "between", "among"):
        return False
    word = lemma(verb)
    # "is a joint venture" describes; "the deal is worth $5bn" still tells of a deal
    return word in _HOLDING and (word != "be" or trig.dep_ == "attr")


def _standing_parties(s: Sentence, frame: Frame) -> list[Slot]:
    """The parties of a deal the sentence names as one in force, by its own words: "the
    1994 trade agreement between the United States, Canada and Mexico", "a recent
    U.S.-Japan accord", "a 1986 bilateral pact" between the sentence's two states, "an
    agreement struck by X and Y"."""
    trig = frame.trigger
    if trig.pos_ not in ("NOUN", "PROPN"):
        return []
    before = [t for t in trig.subtree if t.i < trig.i]
    dated = any(_YEAR.fullmatch(t.text) for t in before)
    standing = any(t.lower_ in _STANDING for t in before)
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in trig.children)
    named = [m for m in frame.modifiers if m.type in PARTY_TYPES]
    parties = states_or_firms(s, frame.prep("between") + named)
    if len(parties) < 2 and any(
        c.dep_ == "acl" and c.tag_ == "VBN" and lemma(c) in _DEAL_VERBS for c in trig.children
    ):
        # "review the terms of an agreement struck by the U.S., Iran and five others": a
        # deal its parties made, whatever is done with it now
        return parties if len(parties := states_or_firms(s, frame.agent)) >= 2 else []
    if len(parties) < 2 and any(t.lower_ == "bilateral" for t in before):
        states = states_or_firms(s, s.of_type("COUNTRY"))
        parties = states if len(states) == 2 else []
    if len(parties) < 2 or not (dated or standing or definite or len(named) >= 2):
        return []
    return parties


# Keeping or breaking a deal says it was made: "Japan violated its agreement with the
# U.S.", "the failure of Tokyo to honor an agreement with the U.S.", "Tokyo's violation of
# a bilateral pact".
_HELD_VERBS = frozenset({
    "violate", "breach", "break", "honor", "honour", "abide", "comply", "implement", "observe",
    "uphold", "flout", "contravene", "infringe", "respect", "adhere", "stick", "live",
    "renegotiate",
})  # fmt: skip
_HELD_NOUNS = frozenset({"violation", "breach", "implementation", "observance", "infringement"})
_PARTS = frozenset({"part", "term", "provision", "clause", "condition", "commitment"})


def _held_to(s: Sentence, frame: Frame) -> list[Slot]:
    """The parties of a deal a party keeps or breaks: the keeper and the deal's partners."""
    trig, verb = frame.trigger, frame.verb
    if trig.pos_ not in ("NOUN", "PROPN") or s.syntax is None:
        return []
    partners = frame.prep("with", "between")
    part = trig.head.head if trig.head.lower_ == "of" else None
    if verb is not None and lemma(verb) in _HELD_VERBS:
        keeper = frame.agent
    elif part is not None and lemma(part) in _HELD_NOUNS:
        owner = [c for c in part.children if c.dep_ == "poss"]
        keeper = [n for o in owner for n in s.syntax.names_under(o)]
    elif part is not None and lemma(part) in _PARTS and lemma(part.head) in _HELD_VERBS:
        # "Japan has failed to implement two parts of a semiconductor agreement"
        keeper = s.syntax.subject_names(part.head)
    else:
        return []
    if s.state_of is not None:
        # "the failure of Tokyo to honor an agreement": a capital keeps a deal for its state
        keeper = [(s.state_of(k) or k) if k.type == "LOCATION" else k for k in keeper]
    parties = states_or_firms(s, keeper + partners)
    if len(parties) == 1 and parties[0].type == "COUNTRY":
        # "a bilateral pact", "Japan failed to honor the pact": the other side is the
        # sentence's other state, or the story's
        states = states_or_firms(s, s.of_type("COUNTRY"))
        if len(states) < 2:
            states = states_or_firms(s, parties + lead_parties(s, ("COUNTRY",), parties)[:1])
        keeper_key = parties[0].key
        if len(states) == 2 and any(x.key == keeper_key for x in states):
            parties = states
    return parties if len(parties) >= 2 else []


def _under(frame: Frame) -> bool:
    """The deal is named as what an act happens under: "supplies grain under a 1986 pact"."""
    trig, verb = frame.trigger, frame.verb
    prep = trig.head
    return (
        verb is not None
        and trig.dep_ == "pobj"
        and prep.lower_ in ("under", "through")
        and prep.head == verb
        and lemma(verb) not in _DEAL_VERBS
    )


def _left_by(frame: Frame) -> Token | None:
    """The verb that takes a party "out of" the deal: "pulled the United States out of the
    deal", "walked out of the accord"."""
    trig = frame.trigger
    of = trig.head
    if trig.dep_ != "pobj" or of.lower_ != "of" or of.head.lower_ != "out":
        return None
    verb = of.head.head
    return verb if verb.pos_ == "VERB" and lemma(verb) in _LEAVING else None


def _not_renewed(frame: Frame) -> bool:
    """ "will not renew an agreement": ended by not renewing."""
    verb = frame.verb
    assert verb is not None
    return lemma(verb) in ("renew", "extend") and any(c.dep_ == "neg" for c in verb.children)


def _surface(s: Sentence) -> Result | None:
    """Word-order reading, for text without a parse."""
    if not lx.AGREEMENT_ACTS.search(s.lower) or not lx.AGREEMENT_NOUNS.search(s.lower):
        return None  # "covered by the trade pact": a deal mentioned, not made
    if _ANY_DEAL.search(s.lower):
        return None  # "sign off on any Iran deal": a hypothetical deal
    ended = lx.ENDED.search(s.lower)
    if negated(s, "agreement") and not ended:
        return None
    parties = [p for p in s.actors() if p.cue not in LOCATION_CUES or p.type == "ORG"]
    if len(parties) < 2:
        parties = s.actors()
    if len(parties) < 2:
        return None
    if ended:
        action = "ended"
    elif lx.AGREEMENT_PLANNED.search(s.lower):
        action = "planned"
    elif _SIGNED.search(s.lower):
        action = "signed"
    elif lx.ANNOUNCED.search(s.lower):
        action = "announced"
    else:
        action = "signed"
    kind = lx.first_label(lx.AGREEMENT_KINDS, s.lower, "other")
    locations = s.of_type("LOCATION", "PROJECT")
    locations += [x for x in s.of_type("COUNTRY") if x.cue in LOCATION_CUES]
    locations.sort(key=lambda x: x.start)
    fields = {
        "parties": [p.ref() for p in parties],
        "kind": kind,
        "commodity": commodity(s),
        "location": locations[0].ref() if locations else None,
        "action": action,
    }
    return fields, confidence(s, 0.8 if len(parties) <= 3 else 0.6, parties)


def _deal_phrases(trig: Token) -> list[Token]:
    """The noun phrase a deal's word is part of ("a joint venture printing company"), or what
    a deal's verb forms ("agreed to form a company")."""
    if trig.pos_ in ("VERB", "AUX"):
        verbs = [trig] + [c for c in trig.children if c.dep_ == "xcomp"]
        return [c for v in verbs for c in v.children if c.dep_ == "dobj"]
    top = trig
    while top.dep_ in ("compound", "amod", "nmod") and top.head.pos_ in ("NOUN", "PROPN"):
        top = top.head
    return [top]
