"""How wire copy states figures, for the production rule.

- Figures listed place by place: "3.44 mln tonnes in France, 3.17 mln in Italy and 499,000
  in Denmark". The unit is written once and the scale only where it changes; each figure
  belongs to the place right after it, not to the sentence's subject (often the body that
  published the estimate).
- Comparisons: "down from 2.62 mln a year earlier" is another year's figure (its own fact),
  "from 196,610 tonnes in December" a same-year one (none), "rose by 500,000 bpd" a change;
  in a sentence about a year, a comparison without its period is the year before's.
- Whose figure: each trigger reads the figures of its own clause (`own_figures`), and a
  trade noun also its sums of money ("exports fell to 265 mln dlrs", `trade_value`).

Who gives a figure is `facts.estimates`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

from assay.enrich.facts.context import Sentence, Slot
from assay.enrich.facts.syntax import Frame
from assay.enrich.quantities import NUMBER, Amount, Money, scaled

F = TypeVar("F", Amount, Money)

# The scale words wire figures write after the number.
_SCALES = "thousand|mln|million|bln|billion"
# A number with the scale word after it: "2.14 mln", "554.79 billion".
_FIGURE = rf"(?P<num>{NUMBER})(?:\s?(?P<scale>{_SCALES})\b)?"
# A figure, its scale and up to three words of unit, then "in (the)" and the place.
_ITEM = re.compile(
    rf"(?<![\w.,]){_FIGURE}"
    r"(?:\s+[a-z/-]+){0,3}?\s+in\s+(?:the\s+)?$",
    re.I,
)
# What may sit between two items of one list.
_BETWEEN = re.compile(r"^\s*(?:,|;|and|,\s*and|as\s+well\s+as)?\s*$", re.I)
_PLACES = ("COUNTRY", "ORG", "LOCATION")


def listed_by_place(s: Sentence, after: int = 0) -> list[tuple[int, int, Amount, list[Slot]]]:
    """(start, end, amount, places) for each figure of a place-by-place list from offset
    `after` on; empty unless the list has at least two places. A bare figure takes the
    unit of the figure before it ("3.17 mln tonnes in Italy, 1.72 mln in Spain")."""
    amounts = {start: amount for start, _, amount in s.amounts()}
    items: list[tuple[int, int, Amount, list[Slot]]] = []
    unit = ""
    previous_end = -1
    for slot in s.of_type(*_PLACES):
        if slot.start < after or slot.cue != "in" or any(slot in i[3] for i in items):
            continue
        m = _ITEM.search(s.text, max(after, slot.start - 60), slot.start)
        if m is None:
            continue
        start = m.start("num")
        known = amounts.get(start)
        if known is not None:
            amount, unit = known, known.unit
        elif unit and previous_end >= 0 and _BETWEEN.match(s.text[previous_end:start]):
            amount = Amount(scaled(m.group("num"), m.group("scale")), unit)
        else:
            continue
        places = [slot, *_joined(s, slot)]
        previous_end = places[-1].end
        items.append((start, previous_end, amount, places))
    return items if len({p[3][0].key or p[3][0].name for p in items}) >= 2 else []


def _joined(s: Sentence, first: Slot) -> list[Slot]:
    """Places written as one: "Belgium/Luxembourg"."""
    out: list[Slot] = []
    last = first
    for slot in s.of_type(*_PLACES):
        if slot.start > last.start and s.text[last.end : slot.start] == "/":
            out.append(slot)
            last = slot
    return out


_SCALE = re.compile(rf"\b({_SCALES})\b")
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# A figure of a comparison, then what may sit between its number and its period: a scale,
# up to three unit words, a parenthesis ("(revised from 449,600)").
_COMPARED = re.compile(
    rf"(?<![\w.,/])(?!(?:19|20)\d\d\b){_FIGURE}"
    r"(?:\s+(?!in\b|a\b|last\b|the\b|for\b|and\b|over\b|during\b|vs\b)[a-z/-]+){0,3}"
    r"\s*(?:\([^()]{0,40}\)\s*)?",
    re.I,
)
# "from a revised 83,231", "from an estimated 273,300 tonnes": how wire copy qualifies a
# comparison figure.
_REVISED = r"(?:(?:upwardly\s+|downwardly\s+)?revised|estimated|provisional|preliminary|adjusted)"
# The words that set a figure against another: "down from", "against", "up on".
_VERSUS = r"from|against|compared\s+with|versus|vs\.?|up\s+on|down\s+on"
# How wire copy hedges the figure after them: "from about", "up on just over".
_ABOUT = r"(?:about\s+|around\s+|some\s+|(?:just\s+)?over\s+|nearly\s+|almost\s+)?"
_CORRESPONDING = (
    r"(?:the\s+)?(?:corresponding|same)\s+(?:(?P<year>(?:19|20)\d\d)\s+)?"
    r"(?:[a-z]+\s+){0,2}?(?:output|production|exports|imports|figure|level|total)\s+of\s+"
)
# What stands between the stated figure (or the comparison before) and a comparison figure.
_CUE = re.compile(
    # up to eight words, each after a space or comma (a word split in two backtracks)
    # (a day of the month too: "during the period February 1 to 25, from")
    r"^(?:[a-z][\w-]*)?(?:[\s,]+[a-z][\w-]*|[\s,]+(?:19|20)\d\d|[\s,]+\d{1,2}(?![\d.,]\d))"
    r"{0,8}?[\s,]*"
    r"(?:(?:in|for|during)\s+(?:the\s+)?[\w./-]+(?:\s+(?:19|20)\d\d)?\s*,?\s*)?"
    r"(?:(?:ending|ended)\s+[A-Z][a-z]+\s*,?\s*)?"  # "in 1986/87 ending October, up on"
    r"(?:\([^()]{0,30}\)\s*)?"  # the period spelt out: "in 1987/88 (October/September)"
    r"(?:(?:(?:up|down|off|rising|falling|compared)\b[^,;:]{0,25}?)?\b(?:from|with|against|"
    rf"versus|vs\.?)|(?:up|down)\s+on|and)\s+(?:[a-z]+'s\s+|{_CORRESPONDING})?{_ABOUT}"
    rf"(?:an?\s+{_REVISED}\s+)?$",
    re.I,
)
# "from corresponding 1986 output of 225.60 mln": the period named before the figure
_BEFORE_YEAR = re.compile(_CORRESPONDING + r"$", re.I)
# The period of a comparison figure when it is another year ("a year earlier", "in 1985",
# "in February 1986", "last year", "in the 1985/86 season").
_OTHER_YEAR = re.compile(
    rf"(?:(?:in\s+(?:{_MONTHS})\.?\s+)?a\s+year\s+(?:earlier|ago|before)|the\s+year\s+before|"
    r"(?:in|for)\s+the\s+current\s+(?:year|season|campaign)|"
    r"(?:at\s+(?:the\s+)?(?:end\s+of|end-|year-end)\s*"
    rf"|(?:in|for|during|over)\s+(?:the\s+)?(?:calendar\s+|fiscal\s+)?"
    rf"(?:(?:{_MONTHS})\.?,?\s+|(?:same\s+)?(?:period|month|week|"
    r"quarter|season|crop|campaign)\s+(?:of\s+|in\s+)?"
    # "for the period February 1 to 26 last year": the period's dates before its year
    rf"(?:(?:{_MONTHS})\.?\s+\d{{1,2}}(?:\s*(?:to|-)\s*\d{{1,2}})?,?\s+)?)?)?"
    r"(?:(?:last|the\s+previous|the\s+preceding)\s+year|(?P<year>(?:19|20)\d\d)(?:/\d\d)?\b))",
    re.I,
)

# "in the same 1985 period": the year written inside the period
_SAME_PERIOD = re.compile(
    r"(?:in|for|during)\s+the\s+same\s+(?P<year>(?:19|20)\d\d)(?:/\d\d)?\s+"
    r"(?:period|month|week|quarter|season|months)\b",
    re.I,
)

_COMPARING = re.compile(rf"\b(?:{_VERSUS})\b", re.I)
# Words that make a sentence's figures a month's, a week's or a quarter's.
_WITHIN_YEAR = re.compile(
    rf"\b(?:{_MONTHS}|month|months|monthly|week|weeks|weekly|quarter|quarters|quarterly|"
    r"period|daily|day|days|yesterday|today)\b",
    re.I,
)
_ANNUAL = re.compile(r"\b(?:year|years|annual|annually|yearly|(?:19|20)\d\d(?:/\d\d)?)\b", re.I)
# "raised its estimate to 26 mln tonnes from 23 mln": the same season's figure, revised
_REVISION = re.compile(r"\b(?:estimat\w*|forecast\w*|projection\w*|outlook|revis\w*)", re.I)


def _last_years(text: str) -> bool:
    """A sentence about a year's figures with no month, week or quarter in it and no
    revised estimate: a comparison figure without its period is the year before's."""
    return bool(
        _ANNUAL.search(text) and not _WITHIN_YEAR.search(text) and not _REVISION.search(text)
    )


# The period of a comparison within the year ("in December", "for March 1987").
_SAME_YEAR = re.compile(
    r"(?:(?:in|for)\s+(?:the\s+)?(?:previous\s+|preceding\s+|prior\s+)?[\w./-]+(?:\s+\d{4})?"
    r"|an?\s+(?:week|month)\s+(?:earlier|ago|before)|last\s+(?:week|month))\s*",
    re.I,
)
_STATED = re.compile(rf"(?<![\w.,]){_FIGURE}", re.I)
# What comes before a day of the month: "February 1", "1 to 25".
_DAY = re.compile(rf"(?:\b(?:{_MONTHS})\.?\s+|\b\d{{1,2}}\s*(?:to|-)\s*)$", re.I)
_PERCENT_AFTER = re.compile(r"\s*(?:pct|percent|per\s+cent|%)", re.I)
# (offset, amount, year written) of a comparison figure
Compared = tuple[int, Amount, int | None]


def other_years(s: Sentence, end: int, amount: Amount) -> list[Compared]:
    """(offset, amount, year) of each comparison figure for another year after a stated figure
    that ends at `end`: "2.14 mln tonnes, down from 2.62 mln a year earlier", "compared with
    156,400 in February 1986". The guidelines count each as its own figure; a comparison within
    the same year (a previous month) is none. A bare number takes the stated figure's unit and,
    when it has a decimal point, its scale."""
    stop = len(s.text)
    for mark in (";", ". "):
        at = s.text.find(mark, end)
        stop = min(stop, at) if at >= 0 else stop
    main_scale = _SCALE.search(s.text, max(0, end - 30), end)
    stated = list(_STATED.finditer(s.text, max(0, end - 40), end))
    raw = scaled(stated[-1].group("num"), stated[-1].group("scale")) if stated else 0.0
    # "554.79 billion kilowatt hours" is 554,790 GWh: a bare comparison figure converts alike
    factor = amount.value / raw if raw else 1.0
    known = {start: found for start, _, found in s.amounts()}
    out: list[Compared] = []
    pos = end  # where the last figure read (and its period) ends
    while pos < stop:
        m = _COMPARED.search(s.text, pos, stop)
        while m is not None and (
            _PERCENT_AFTER.match(s.text, m.end("num"))
            or _DAY.search(s.text, max(0, m.start() - 12), m.start())
        ):
            # "up 2.1 pct from 543.15 billion last year": the change is no comparison figure,
            # nor is a date: "during the period February 1 to 25"
            m = _COMPARED.search(s.text, m.end(), stop)
        cue = s.text[pos : m.start()] if m is not None else ""
        if m is None or not _CUE.match(cue):
            break
        when = _OTHER_YEAR.match(s.text, m.end(), stop) or _SAME_PERIOD.match(s.text, m.end(), stop)
        before = _BEFORE_YEAR.search(cue) if when is None else None
        if before is not None and before.group("year"):
            pos, written = m.end(), int(before.group("year"))
        elif when is None:
            after = _SAME_YEAR.match(s.text, m.end(), stop)
            pos = after.end() if after else m.end()
            if after or not _COMPARING.search(cue) or not _last_years(s.text):
                continue  # "from 196,610 tonnes in December": the same year's earlier month
            # "reserves during the year fell to five mln barrels from 6.4 mln": a year's
            # figure against the last one, another year's (A4)
            written = None
        else:
            pos = when.end()
            written = int(when.group("year")) if when.group("year") else None
        found = known.get(m.start("num"))
        if found is None or found.unit != amount.unit:
            scale = m.group("scale")
            if scale is None and main_scale is not None and "." in m.group("num"):
                scale = main_scale.group(1)
            found = Amount(scaled(m.group("num"), scale) * factor, amount.unit)
        out.append((m.start("num"), found, written))
    return out


def versus_at(text: str, end: int) -> int:
    """Where the first word that compares ("from", "vs", "up on") after `end` starts."""
    return m.start() if (m := _COMPARING.search(text, end)) else len(text)


# What compares a forecast with a figure already stated: "up on", "from", "against".
_AGAINST = re.compile(rf"\b(?:{_VERSUS})\s+(?:\S+\s+){{0,2}}$", re.I)


_CURRENT = re.compile(r"[\d.,]+(?:\s+[a-z]+){0,3}?\s+(?:in|for)\s+the\s+current\s", re.I)
# "from 340,000 last year", "against 2.1 mln a year earlier": the year before, stated
_LAST_YEAR = re.compile(
    r"[\d.,]+(?:\s+[a-z]+){0,3}?\s+(?:(?:in\s+)?(?:last|the\s+previous|the\s+prior)\s+"
    r"(?:year|season)|a\s+year\s+(?:ago|earlier))\b",
    re.I,
)


def past_figures(s: Sentence, earlier: list[Compared]) -> list[tuple[Amount, int | None]]:
    """The comparison figures a forecast sentence states as fact: other years', written, and
    compared with ("will reach 13,000 tonnes, up on 11,000 produced in 1986", "from 300,000
    in 1986/87 and 375,000 in 1985/86"); not the forecast's next step ("1.34 mln in 1987
    and 1.36 mln in 1988")."""
    out: list[tuple[Amount, int | None]] = []
    chained = False
    for at, value, written in earlier:
        before = s.text[max(0, at - 40) : at]
        written_or_current = (
            written is not None
            or bool(_CURRENT.match(s.text, at))
            or bool(_LAST_YEAR.match(s.text, at))
        )
        chained = written_or_current and bool(
            _AGAINST.search(before) or (chained and before.rstrip().endswith(" and"))
        )
        if chained:
            out.append((value, written))
    return out


EARLIER_MONTH = re.compile(
    r"[^.;]{0,20}?\b(?:in\s+(?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december)\b|last\s+month|the\s+previous\s+month|a\s+month\s+"
    r"(?:earlier|before|ago)|the\s+month\s+before)"
)


_DIFFERENCE = re.compile(
    r"\s+(?:(?:a|per)\s+(?:year|day)\s+)?(?:behind|ahead\s+of|short\s+of|below|above|"
    r"more\s+than|less\s+than|fewer\s+than|higher\s+than|lower\s+than|over\s+last|"
    r"under\s+last|up\s+on|down\s+on)\b"
)


def comparison(s: Sentence, start: int) -> bool:
    """ "from 830,492 bpd in August", "against 48,195 bpd": an earlier figure; "by": a change."""
    before = s.lower[max(0, start - 45) : start]
    # "rose by 500,000 bpd": a change, not the level
    if re.search(
        rf"\b(?:{_VERSUS}|by)\s+{_ABOUT}(?:an?\s+{_REVISED}\s+)?$",
        before,
    ):
        return True
    # "800,000 tonnes behind schedule", "20,000 tonnes more than last year": a difference
    return bool(_DIFFERENCE.match(s.lower, figure_end(s, start)))


def figure_end(s: Sentence, start: int) -> int:
    """Where the figure that starts at `start` ends (its unit included)."""
    for a_start, a_end, _ in s.amounts():
        if a_start == start:
            return a_end
    return start


_LIMIT_BEFORE = re.compile(
    r"\b(?:capacity|quota|ceiling|target|entitlement|limit|allocation)\s+(?:of\s+)?"
    r"(?:about\s+|around\s+|some\s+)?$",
    re.I,
)
_LIMIT_AFTER = re.compile(
    r"\s*(?:a\s+(?:day|year)\s+)?(?:output\s+|production\s+)?"
    r"(?:quota|ceiling|target|entitlement|allocation)\b",
    re.I,
)


def limit(s: Sentence, start: int, end: int) -> bool:
    """ "its 948,000 bpd quota", "full capacity of 4,000 tonnes", "its agreed ceiling of 15.8
    mln barrels": a limit or capacity, not what was produced."""
    return bool(
        _LIMIT_BEFORE.search(s.text[max(0, start - 30) : start]) or _LIMIT_AFTER.match(s.text, end)
    )


_CHANGE = re.compile(
    r"\b(?:rose|fell|dropped|declined|decreased|increased|climbed|jumped|grew|slipped|slid|"
    r"plunged|surged|up|down|gained|lost)\s+(?:by\s+)?(?:about\s+|nearly\s+|some\s+)?$",
    re.I,
)


def percent_change(s: Sentence) -> bool:
    """ "imports fell 29 percent": the sentence's first percentage is a change, not a share."""
    percents = s.percents()
    return bool(percents) and bool(
        _CHANGE.search(s.text[max(0, percents[0][0] - 30) : percents[0][0]])
    )


def in_clause(s: Sentence, frame: Frame, start: int) -> bool:
    """Whether the figure at `start` may be the trigger's: not when it belongs to a main
    clause the trigger's clause only qualifies ("while its production was down, X loaned
    Ecuador 12 mln barrels" states no output of 12 mln)."""
    syntax = s.syntax
    tok = syntax.token_at(start) if syntax is not None else None
    own = {frame.trigger.i} | ({frame.verb.i} if frame.verb is not None else set())
    for _ in range(8):
        if tok is None or tok.i in own:
            return True
        if tok.pos_ in ("VERB", "AUX"):
            break
        tok = tok.head if tok.head != tok else None
    if tok is None or not tok.is_ancestor(frame.trigger):
        return True
    step = frame.trigger
    while step != tok:
        if step.dep_ == "advcl":
            return False
        step = step.head
    return True


def own_figures(
    s: Sentence,
    frame: Frame,
    owners: dict[int, int],
    figures: Iterable[tuple[int, int, F]],
    reach: int | None,
) -> list[tuple[int, int, F]]:
    """The figures the trigger's own clause states as a level: from `reach` characters
    before the trigger on (anywhere when None), not an earlier figure or a limit, not
    another trigger's ("production was 250,000 bpd, with 144,000 bpd exported": each figure
    is read by the trigger whose clause holds it)."""
    trig = frame.trigger
    return [
        f
        for f in figures
        if (reach is None or f[0] >= trig.idx - reach)
        and not comparison(s, f[0])
        and not limit(s, f[0], f[1])
        and owners.get(f[0], trig.i) == trig.i
        and in_clause(s, frame, f[0])
    ]


def trade_value(
    s: Sentence, frame: Frame, sums: list[tuple[int, int, Money]]
) -> list[tuple[int, int, Money]]:
    """Of a trade noun's own sums, those its clause gives as the trade's level: "exports
    plunged 52 pct to 265 mln crowns", not "export credits of 500 mln dlrs"."""
    trig, syntax = frame.trigger, s.syntax
    if syntax is None or trig.dep_ in ("compound", "amod") or trig.pos_ != "NOUN":
        return []  # "export credits of 500 mln dlrs", "import subsidies": no trade level
    out = []
    for start, end, money in sums:
        tok = syntax.token_at(start)
        if tok is not None and any(a in (trig, frame.verb) for a in (tok, *tok.ancestors)):
            out.append((start, end, money))  # not a sum of another clause
    return out
