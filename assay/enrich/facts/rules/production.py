"""Production: how much of a commodity a country or firm produces, holds, trades or depends on."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Token

from assay.enrich.facts import lexicon as lx
from assay.enrich.facts.context import Sentence, phrase_after
from assay.enrich.facts.estimates import producer, third_party_estimate
from assay.enrich.facts.figures import (
    EARLIER_MONTH,
    Compared,
    listed_by_place,
    other_years,
    own_figures,
    past_figures,
    percent_change,
    trade_value,
    versus_at,
)
from assay.enrich.facts.heads import above, lemma
from assay.enrich.facts.mood import mood
from assay.enrich.facts.roles import (
    Result,
    authority,
    commodity,
    confidence,
    for_country,
    frames,
    negated,
    ref,
    remember,
    subject,
)
from assay.enrich.facts.syntax import Frame

_SHARE = re.compile(r"\s*(?:of\s+(?:the\s+)?(?:global|world|world's|worldwide)|share)")


_MEASURE_OF = {
    "export": "exports", "exports": "exports", "import": "imports", "imports": "imports",
    "reserve": "reserves", "reserves": "reserves", "ship": "exports", "shipment": "exports",
    "shipments": "exports",
}  # fmt: skip
_VOLUME_UNITS = {
    "t", "bbl/d", "bbl", "boe", "oz", "m3", "long-t", "short-t", "units", "bags", "bales",
    "bushels", "gallons", "GWh",
}  # fmt: skip
# Output as the object of these verbs changes hands: "agreed to buy the plant's output".
_TRADED = frozenset({"buy", "purchase", "take", "acquire", "market", "sell", "receive"})
_FORECAST = frozenset({"expect", "forecast", "project", "predict", "target", "aim", "hope"})
# A figure these verbs take is what stopped flowing, not a level: "pumping of 90,000 bpd
# was suspended".
_HALTED = frozenset({"suspend", "halt", "stop", "disrupt", "interrupt", "lose"})


def production(s: Sentence) -> list[Result]:
    """How much of a commodity a country or firm produces, holds, trades or depends on. A
    sentence may give a volume and a share of world supply: one fact for each."""
    if s.syntax is not None:
        parsed = _parsed(s)
        if parsed is not None:
            # shares of world supply still come from the word-order reading
            shares = [
                r
                for r in _surface(s)
                if r[0]["value"]["unit"] == "%"
                and r[0]["measure"] != "production"
                and not percent_change(s)
            ]
            if parsed or shares:
                actors = {str(r[0]["actor"]) for r in parsed}
                return parsed + [r for r in shares if not actors or str(r[0]["actor"]) in actors]
            return []
    return _surface(s)


def _parsed(s: Sentence) -> list[Result] | None:
    """Facts from the parse; None when no frame could be read (the word-order rule then runs)."""
    syntax = s.syntax
    assert syntax is not None
    read = False
    collected: list[Result] = []
    every = frames(s, "production")
    owners = _owners(s, every)
    for frame in every:
        trig = frame.trigger
        if trig.pos_ == "PROPN":
            continue
        if trig.dep_ == "dobj" and lemma(trig.head) in _TRADED:
            read = True
            continue  # "agreed to buy the plant's entire output of 600,000 tonnes": offtake
        if lemma(trig) == "shipment" and trig.dep_ not in ("nsubj", "nsubjpass"):
            read = True
            continue  # "received three shipments, totalling 143,000 tonnes": a purchase
        if _purpose(trig):
            read = True
            continue  # "formed a joint venture to produce 50,000 tonnes": a plan, no output
        if _halted(trig, frame):
            read = True
            continue
        if collected and trig.i not in owners.values():
            continue  # a later trigger restates the figures read already
        state = mood(trig, frame.verb, unreal=_FORECAST)
        if frame.verb is not None and frame.verb != trig and lemma(frame.verb) in _FORECAST:
            state = "future"  # "coarse grain production is projected at 81.22 mln tonnes"
        elif state == "unreal" and any(
            t.pos_ == "VERB" and lemma(t) in _FORECAST for t in above(frame.verb or trig, 3)
        ):
            # "has forecast that production would increase to 2.59 mln tonnes from 1.99 mln in
            # 1986": a forecast too, whose past year is a stated figure (A4)
            state = "future"
        read = read or state != "fact"  # a forecast is read, not left to the word order
        if state not in ("fact", "future"):
            continue  # hopes, targets, plans: not a stated figure
        if _target_figure(trig):
            read = True
            continue  # "Venezuela's OPEC output quota": a ceiling, not what was produced
        measure = _measure(trig)
        listed = _by_place(s, frame, measure) if state == "fact" else []
        if listed:
            return listed
        actors = producer(s, frame)
        if not actors:
            continue
        read = True
        if third_party_estimate(s, frame, actors):
            continue
        amounts = [a for a in s.amounts() if a[2].unit.split("/")[0] in _VOLUME_UNITS]
        # reserves are often stated before their word: "260 mln barrels of proven reserves"
        amounts = own_figures(s, frame, owners, amounts, None if measure == "reserves" else 40)
        # "rose to 86,727 bpd after dropping to 27,237 bpd in August": a previous month's
        # figure beside the headline one is not its own fact (GUIDELINES A4)
        amounts = amounts[:1] + [a for a in amounts[1:] if not EARLIER_MONTH.match(s.lower, a[1])]
        results: list[Result] = []
        if not amounts and measure in ("exports", "imports"):
            # "Norwegian imports from South Africa dropped to 160 mln crowns": trade in money
            sums = own_figures(s, frame, owners, s.money(), 0)
            for start, end, money in trade_value(s, frame, sums)[:1]:
                traded: dict[str, Any] = {"actor": ref(actors), "measure": measure}
                traded["commodity"] = _commodity_after(s, end) or _commodity_of(s, frame)
                traded["value"] = {"value": money.value, "unit": money.currency}
                traded["year"] = _year(s, start, end, [])
                results.append((traded, confidence(s, 0.7, actors)))
        taken = {a[0] for a in amounts[:3]}
        for start, end, amount in amounts[:3]:
            found = _commodity_after(s, end) or _commodity_of(s, frame) or _lead_commodity(s)
            if found is None and amount.unit.split("/")[0] == "bbl":
                found = dict(lx.CRUDE_OIL)  # "pumped 10.5 mln barrels per day": barrels are oil
            elif found is None and amount.unit.split("/")[0] == "GWh":
                found = dict(lx.ELECTRICITY)
            if found is None:
                continue
            # "down from 2.62 mln a year earlier": another year's figure is its own fact (A4)
            compared = other_years(s, end, amount)
            earlier = [e for e in compared if e[0] not in taken]
            year = _year(s, start, end, earlier)
            taken.update(at for at, _, _ in earlier)
            # a comparison whose written year is the stated figure's own is a restatement
            others = [(v, w) for _, v, w in earlier if w is None or w != year]
            stated = [(amount, year), *others]
            if state == "future":
                # "will reach 13,000 tonnes this year, up on 11,000 produced in 1986": the
                # forecast is no figure, the past year it is compared with is (A4)
                # "... from 270,000 tonnes in 1986/87 and 295,000 tonnes in 1985/86": the
                # second past figure, written with its unit, is also one of the amounts
                stated = past_figures(s, compared)
            for value, when in stated:
                fields: dict[str, Any] = {
                    "actor": ref(actors),
                    "commodity": found,
                    "measure": measure,
                    "value": value.as_dict(),
                    "year": when,
                }
                results.append((fields, confidence(s, 0.75, actors)))
        if results or state == "future":
            # a forecast names the producer the next sentence's estimate is of
            remember(s, "production", actor=actors)
            collected += results
    return collected if collected or read else None


def _halted(trig: Token, frame: Frame) -> bool:
    """The output is what stopped: "pumping of 90,000 bpd was suspended"."""
    verb = frame.verb if frame.verb is not None and frame.verb != trig else None
    if verb is None and trig.dep_ in ("nsubj", "nsubjpass", "dobj"):
        verb = trig.head
    return verb is not None and lemma(verb) in _HALTED


def _measure(trig: Token) -> str:
    """What a trigger word measures: "exported" -> exports, "output" -> production."""
    return _MEASURE_OF.get(lemma(trig)) or _MEASURE_OF.get(trig.lower_) or "production"


def _owners(s: Sentence, every: list[Frame]) -> dict[int, int]:
    """Figure offset -> the trigger (token index) whose clause holds the figure, for the
    figures one of several triggers of different measures governs."""
    syntax = s.syntax
    if syntax is None or len(every) < 2:
        return {}
    heads = {f.trigger.i: f.trigger.i for f in every}
    heads.update({f.verb.i: f.trigger.i for f in every if f.verb is not None})
    out: dict[int, int] = {}
    for start, _, _ in s.amounts():
        tok = syntax.token_at(start)
        for _ in range(5):
            if tok is None or tok.i in heads:
                break
            tok = tok.head if tok.head != tok else None
        if tok is not None and tok.i in heads:
            out[start] = heads[tok.i]
    measures = {_measure(f.trigger) for f in every}
    return out if len(measures) > 1 else {}


def _by_place(s: Sentence, frame: Frame, measure: str) -> list[Result]:
    """ "estimated at 3.44 mln tonnes in France, 3.17 mln in Italy...": one fact per place."""
    items = [
        i for i in listed_by_place(s, frame.trigger.idx) if i[2].unit.split("/")[0] in _VOLUME_UNITS
    ]
    if len(items) < 2:
        return []
    named = [a for a in frame.agent + frame.modifiers if a.type == "ORG" and not a.reporter]
    if any(not authority(a) for a in named):
        return []  # "Codelco produced 1.2 mln tonnes in Chile and ...": the company's output
    found = _commodity_of(s, frame)
    if found is None:
        return []
    year = lx.YEAR.search(s.text)
    return [
        (
            {
                "actor": ref(places),
                "commodity": found,
                "measure": measure,
                "value": amount.as_dict(),
                "year": int(year.group()) if year else None,
            },
            confidence(s, 0.7, places),
        )
        for _, _, amount, places in items
    ]


# Nouns that make a production figure a ceiling or a goal: "output quota", "production target".
_TARGETS = frozenset({"quota", "target", "ceiling", "goal", "limit", "allocation", "cap"})


def _target_figure(trig: Token) -> bool:
    """The trigger qualifies a quota or target noun ("OPEC output quota", "its production
    ceiling"): the figure is a limit, not a stated volume."""
    head = trig
    while head.dep_ in ("compound", "amod", "nmod") and head.head.i > head.i:
        head = head.head
        if lemma(head) in _TARGETS:
            return True
    return False


def _purpose(trig: Token) -> bool:
    """ "a venture formed to produce 50,000 tonnes", "a plant to produce": the infinitive of
    a purpose states what is meant to be made, not what was."""
    return (
        trig.pos_ == "VERB"
        and trig.dep_ in ("advcl", "acl", "relcl", "xcomp")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in trig.children)
        and lemma(trig.head) not in ("continue", "begin", "start", "resume")
    )


def _year(s: Sentence, start: int, end: int, earlier: list[Compared]) -> int | None:
    """The year of a stated figure: one written beside it, else the sentence's, unless that is
    a comparison's ("152,900 tonnes in February ... compared with 156,400 in February 1986")."""
    # "down 7.1 pct from corresponding 1986 output of ...": the year is the comparison's
    cut = min([at for at, _, _ in earlier] + [versus_at(s.text, end)])
    local = lx.YEAR.search(s.text[start : min(end + 40, cut)])
    if local:
        return int(local.group())
    anywhere = lx.YEAR.search(s.text)
    if anywhere and int(anywhere.group()) not in {w for _, _, w in earlier}:
        return int(anywhere.group())
    return None


def _lead_commodity(s: Sentence) -> dict[str, Any] | None:
    """The commodity of the headline and lead, for a figure whose sentence names none: wire
    production stories are about the one commodity their headline names."""
    for slot in s.lead:
        if slot.type == "COMMODITY":
            return slot.ref()
    return None


# Words that make the phrase after a figure a measure of something, not the something.
_NOT_GOODS = re.compile(
    r"\b(?:production|output|reserves|exports|imports|supply|supplies|total|capacity|stocks|"
    r"sales|shipments|deliveries|demand|consumption)\b",
    re.I,
)


def _commodity_after(s: Sentence, end: int) -> dict[str, Any] | None:
    """ "240,000 long tons of zinc": the commodity right after the figure."""
    m = re.match(r"\s+(?:a\s+(?:year|day)\s+)?of\s+", s.text[end:])
    if not m:
        return None
    at = end + m.end()
    for c in s.of_type("COMMODITY"):
        if at <= c.start <= at + 25:
            return c.ref()
    phrase = phrase_after(s.text, at)
    if phrase is None or _NOT_GOODS.search(phrase):
        return None  # "27 mln barrels of U.S. reserves": a measure, not what is measured
    return {"name": phrase, "key": None}


def _commodity_of(s: Sentence, frame: Frame) -> dict[str, Any] | None:
    own = [c for c in frame.modifiers + frame.prep("of") + frame.patient if c.type == "COMMODITY"]
    if own:
        return own[0].ref()
    found = commodity(s)
    if found is None:
        # "Ekofisk pumped 168,023 bpd": the commodity the headline names
        lead = [c for c in s.lead if c.type == "COMMODITY"]
        found = lead[0].ref() if lead else None
    return found


def _surface(s: Sentence) -> list[Result]:
    """Word-order reading, for text without a parse."""
    if negated(s, "production"):
        return []
    # The share of world supply is its own fact; the other measure says what the volume is.
    measure = lx.first_label(lx.PRODUCTION_MEASURES[:2] + lx.PRODUCTION_MEASURES[3:], s.lower, "")
    anchor = s.first_anchor("production")
    actors = s.actors()
    actor = subject(s, anchor, nearest=False) or (actors[0] if actors else None)
    mapped = for_country(s, [actor]) if actor is not None else []
    if not mapped:
        return []
    actor = mapped[0]
    found = commodity(s)
    amounts = s.amounts()
    if found is None:
        for _, end, _ in amounts[:1]:
            m = re.match(r"\s+of\s+", s.text[end:])
            phrase = phrase_after(s.text, end + m.end()) if m else None
            found = {"name": phrase, "key": None} if phrase else None
    if found is None:
        return []
    percents = s.percents()
    share = [p for p in percents if _SHARE.match(s.lower, p[1])]
    values: list[tuple[str, dict[str, Any]]] = []
    if amounts:
        values.append((measure or "production", amounts[0][2].as_dict()))
    elif percents and measure and not share:
        values.append((measure, {"value": percents[0][2], "unit": "%"}))
    if share:
        values.append(("share", {"value": share[0][2], "unit": "%"}))
    elif percents and not amounts and not measure and lx.PRODUCTION_MEASURES[2][1].search(s.lower):
        values.append(("share", {"value": percents[0][2], "unit": "%"}))
    year = lx.YEAR.search(s.text)
    conf = confidence(s, 0.75, [actor])
    return [
        (
            {
                "actor": actor.ref(),
                "commodity": found,
                "measure": m,
                "value": value,
                "year": int(year.group()) if year else None,
            },
            conf,
        )
        for m, value in values
    ]
