"""The goods a trade measure covers: the commodity or phrase after its trigger, the
headline's commodity, or one goods per rate in a list ("25 pct on steel and 10 pct on
aluminium")."""

from __future__ import annotations

import re

from spacy.tokens import Token

from assay.enrich.entities.lexicon import CALENDAR_WORDS
from assay.enrich.facts.context import Sentence, Slot, phrase_after
from assay.enrich.facts.heads import lemma, names_a_sum
from assay.enrich.facts.syntax import Frame, Syntax

# Words that name no goods on their own: "tariffs on imports".
BARE_GOODS = {"imports", "exports", "goods", "products", "shipments", "countries"}


def rated_goods(s: Sentence, after: int) -> list[tuple[float, Slot, Slot | None]]:
    """(rate, goods, the goods' country) for each goods with its own rate in one list:
    "a 15 pct tariff on U.S. soybeans and a 25 pct tariff on American pork", "duties on beef
    to 50 pct and on pork to 30 pct". Empty unless two goods have rates of their own."""
    percents = [p for p in s.percents() if p[1] > after - 40]
    goods = s.of_type("COMMODITY")
    pairs: list[tuple[float, Slot, Slot | None]] = []
    before: bool | None = None  # the list's order: goods before their rates, or after
    for i, (start, end, rate) in enumerate(percents):
        nxt = percents[i + 1][0] if i + 1 < len(percents) else len(s.text)
        prev = percents[i - 1][1] if i else max(-1, after)
        after_it = [g for g in goods if end <= g.start < min(nxt, end + 45)]
        before_it = [g for g in goods if max(prev, start - 25) <= g.end <= start]
        if before is None:
            before = bool(before_it)
        found = before_it[-1:] if before else after_it[:1]
        if not found:
            continue
        item = found[0]
        lo, hi = (end, item.start) if item.start >= end else (item.end, start)
        country = [c for c in s.of_type("COUNTRY") if lo <= c.start and c.end <= hi]
        pairs.append((rate, item, country[-1] if country else None))
    if len({(g.key or g.name) for _, g, _ in pairs}) < 2:
        return []
    return pairs


def lead_goods(s: Sentence) -> dict[str, object] | None:
    """The commodity of the headline and lead, for a measure whose own sentence names none."""
    own = range(s.start, s.start + len(s.text))
    found = [c for c in s.lead if c.type == "COMMODITY" and c.start not in own]
    return found[0].ref() if found else None


def goods_of(s: Sentence, frame: Frame) -> dict[str, object] | None:
    """The commodity the measure covers: after the trigger or right before it."""
    syntax = s.syntax
    assert syntax is not None
    trig = frame.trigger
    cands = [
        c
        for c in s.of_type("COMMODITY")
        if (trig.idx <= c.start <= trig.idx + 120) or 0 <= trig.idx - c.end < 25
    ]
    cands += [c for c in frame.patient if c.type == "COMMODITY" and c not in cands]
    if cands:
        return cands[0].ref()
    for m in re.finditer(r"\b(?:on|of|against)\s+(?:imports\s+of\s+|exports\s+of\s+)?", s.lower):
        if m.start() < trig.idx:
            continue
        if not _governed(syntax, m.start(), trig):
            continue  # "improvements on intellectual property", "the issue of immigration"
        if _IDIOM.match(s.lower, m.start()):
            continue  # "on the basis of current exposure": a manner, not goods
        phrase = before_verb(s, m.end(), phrase_after(s.text, m.end()))
        if phrase and re.search(r"[\d$€£¥]", phrase):
            continue  # "on about $370 billion of Chinese imports": the goods come after "of"
        phrase = _nominal(s, m.end(), phrase)
        if phrase and phrase.lower() not in BARE_GOODS:
            return {"name": phrase, "key": None}
    return None


# Heads that name an amount or a part, not goods: "on much of the remainder", "on top of".
_NO_GOODS = {
    "much", "most", "half", "part", "top", "all", "everything", "anything", "something",
    "amount", "billions", "millions", "lot", "share", "rest", "remainder", "both", "each", "own",
}  # fmt: skip


# Words that end the goods and start another clause: "on some computer parts but otherwise".
_CLAUSE_WORDS = frozenset({"but", "while", "whereas", "although", "though", "because", "so"})
# Words that turn a phrase to its date: "Chinese imports Friday", "China two years ago".
_RELATIVE_DAYS = frozenset(
    {"today", "yesterday", "ago", "earlier", "later", "last", "next", "this"}
)


def _date_word(word: str) -> bool:
    """A day, a month or a relative date, however the word ends ("Friday's", "earlier-")."""
    head = re.split(r"[^a-z]", word.lower(), maxsplit=1)[0]
    return head in CALENDAR_WORDS or head in _RELATIVE_DAYS


# "On" phrases that say how or why, never on what: "on the basis of current exposure".
_IDIOM = re.compile(r"on\s+(?:the\s+)?(?:basis|behalf|grounds|condition|account)\s+of\b")
# What a verb that bans or halts trade takes as its object: "halted exports of magnets".
_TRADE = frozenset({"export", "import", "shipment", "sale", "purchase", "delivery"})


def _governed(syntax: Syntax, at: int, trig: Token) -> bool:
    """The preposition at `at` hangs on the measure: on its trigger or the verb that takes
    it ("slapped tariffs on"), or on a sum ("$34 billion of") that they govern."""
    prep = syntax.token_at(at)
    if prep is None or prep.dep_ != "prep":
        return True  # no parse of the word: the words alone decide, as before
    # the verb that takes the measure: "slapped tariffs on", "the tariffs Trump slapped on"
    verb = trig.dep_ in ("dobj", "nsubjpass") and trig.head.pos_ in ("VERB", "AUX")
    takers = {trig.head.i} if verb else set()
    takers |= {c.i for c in trig.children if c.dep_ == "relcl"}
    if trig.pos_ == "VERB":  # "halted exports of", "banned imports of"
        takers |= {c.i for c in trig.children if c.dep_ == "dobj" and lemma(c) in _TRADE}
    if trig.dep_ == "pobj" and trig.head.lower_ == "of":
        takers.add(trig.head.head.i)  # "a new round of tariffs on"
    head = prep.head
    for _ in range(4):
        if head.i == trig.i or (head.dep_ == "compound" and head.head.i == trig.i):
            return True
        if head.i in takers:
            return True
        if head.dep_ == "prep" and head.lower_ not in ("on", "against", "of", "in"):
            return False
        if head.dep_ == "pobj" and not names_a_sum(head):
            return False  # "despite improvements on": another phrase's preposition
        if head.dep_ not in ("pobj", "prep", "compound", "nummod", "quantmod", "npadvmod"):
            return False
        head = head.head
    return False


def _nominal(s: Sentence, start: int, phrase: str | None) -> str | None:
    """The goods phrase up to a date, a number, a dash or a clause's conjunction ("Chinese
    imports Friday", "computer parts but otherwise"), and none when it ends on a place or an
    amount ("on Monday", "on Mexico", "on much of")."""
    syntax = s.syntax
    if phrase is None or syntax is None:
        return phrase
    at = s.text.find(phrase, start)
    words: list[str] = []
    for m in re.finditer(r"\S+", phrase):
        tok = syntax.token_at(at + m.start()) if at >= 0 else None
        if _date_word(m.group()) or (tok is not None and (tok.is_punct or tok.like_num)):
            break
        if m.group().lower() in _CLAUSE_WORDS:
            break
        words.append(m.group())
    if not words:
        return None
    end = at + len(" ".join(words))
    last = syntax.token_at(end - 1) if at >= 0 else None
    if last is not None and (last.lower_ in _NO_GOODS or last.pos_ in ("PRON", "DET")):
        return None
    if any(p.start < end <= p.end for p in s.of_type("COUNTRY", "LOCATION")):
        return None  # "duties on Japan": a place is the target, not the goods
    out = " ".join(words)
    return None if out.endswith(("-", "–", "—")) else out  # "Chinese-made": cut mid-word


def before_verb(s: Sentence, start: int, phrase: str | None) -> str | None:
    """The goods phrase up to the parse's first verb: "Japanese chips", not "Japanese chips
    remain"."""
    if phrase is None or s.syntax is None:
        return phrase
    at = s.text.find(phrase, start)
    kept: list[str] = []
    for m in re.finditer(r"\S+", phrase):
        tok = s.syntax.token_at(at + m.start()) if at >= 0 else None
        if tok is not None and tok.pos_ in ("VERB", "AUX"):
            break
        kept.append(m.group())
    return " ".join(kept) or None
