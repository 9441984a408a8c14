"""What a deal moves: a firm, only its unit (then its seller is the target), only goods or
wares, or the sum in its own clause (not a price per share or a firm's earnings); what the
money is for; who cannot receive it (a legislature, the exchange shares trade on); names
that only describe what is bought (its parent, a country qualifying it) and the firm that
securities bought stand for ("stock representing a 12 pct interest in X"); and wording
that only looks like an investment (a request, a job title, "a tough sell", a pledge to do
something other than pay)."""

from __future__ import annotations

import re

from spacy.tokens import Token

from assay.enrich.facts.context import Sentence, Slot
from assay.enrich.facts.heads import lemma, names_a_sum
from assay.enrich.facts.roles import without
from assay.enrich.facts.syntax import INNER_PREPS, Frame, Syntax
from assay.enrich.quantities import Money

# What a firm buys that is output, not the firm: "65% of the plant's output".
_OUTPUT = {"output", "production", "supply", "supplies", "crop", "cargo", "cargoes", "shipment"}
# Units goods are counted in: "sold 500,000 tonnes of wheat" trades goods.
# Money words: "committed funds", "pledged capital", "to lend money" (not "lend oil").
MONEY_NOUNS = {
    "fund", "funds", "money", "capital", "investment", "investments", "aid", "loan",
    "loans", "financing", "funding", "credit", "grant", "grants", "dollar", "dollars", "cash",
}  # fmt: skip
MEASURES = {"tonne", "ton", "barrel", "ounce", "bushel", "bale", "bag", "cargo", "lot"}


# Goods, wares and services, and papers a central bank or dealer trades: no firm changes
# hands ("to sell nuclear equipment", "buy goods and services", "bought two mln stg of
# treasury bills", "agreed to acquire a seat on the Toronto Stock Exchange").
_WARES = {
    "equipment", "good", "goods", "product", "products", "service", "services", "stuff",
    "weapon", "weapons", "arms", "merchandise", "food", "ticket", "tickets", "ad", "ads",
    "advertising", "jet", "jets", "fighter", "missile", "missiles", "vehicle", "vehicles",
    "car", "cars", "truck", "trucks", "helicopter", "helicopters", "drone", "drones",
    "bill", "bills", "securities", "paper", "seat", "seats", "system", "systems",
}  # fmt: skip


def _wares(syntax: Syntax, obj: Token) -> bool:
    """The object is wares, or a sum of them ("$165 billion worth of stuff and services"),
    and not a name ("Capital Food Services")."""
    for _ in range(3):
        if any(n.start <= obj.idx < n.end for n in syntax.names_under(obj)):
            return False
        if obj.lower_ in _WARES or lemma(obj) in _WARES:
            return True
        if not names_a_sum(obj):
            return False
        nxt = [g for c in obj.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        nxt += [c for c in obj.children if c.dep_ == "npadvmod" and c.lower_ == "worth"]
        if not nxt:
            return False
        obj = nxt[0]
    return False


def trades_goods(syntax: Syntax, frame: Frame, buying: bool) -> bool:
    """What the verb buys or sells is goods, not a firm, a stake or a facility: a commodity
    or a quantity of one ("will sell rubber to China"), wares ("sell nuclear equipment",
    "purchases of manufactured goods"), or, bought, a plant's output ("will buy up to 65% of
    the plant's output")."""
    trig = frame.trigger
    if trig.pos_ == "NOUN" and any(
        _wares(syntax, g) for c in trig.children if c.lower_ == "of" for g in c.children
    ):
        return True
    verb = frame.verb
    if verb is None:
        return False
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        if buying and any(_output_of(obj, t) for t in obj.subtree if t.i - obj.i <= 8):
            return True
        if lemma(obj) in MEASURES or any(_wares(syntax, o) for o in (obj, *obj.conjuncts)):
            return True
        names = syntax.names_under(obj)
        if any(n.type == "COMMODITY" and n.start <= obj.idx < n.end for n in names):
            return True
    return False


def _output_of(obj: Token, t: Token) -> bool:
    """`t` names output the object is a part of ("65% of the plant's output"), not a word of
    a clause about the firm bought ("Oakleaf Corp, which supplies computers")."""
    if t.pos_ != "NOUN" or lemma(t) not in _OUTPUT:
        return False
    while t != obj and t.head != t:
        if t.dep_ in ("relcl", "acl", "appos"):
            return False
        t = t.head
    return True


def _name_end(syntax: Syntax, slot: Slot) -> Token | None:
    """The last word of a name, which the parse hangs on what the name qualifies."""
    tok = syntax.token_at(slot.start)
    while tok is not None and tok.dep_ == "compound" and tok.head.idx < slot.end:
        tok = tok.head
    return tok


_PARTS = {"unit", "units", "subsidiary", "subsidiaries", "division", "arm"}


def part_of(syntax: Syntax, slot: Slot) -> bool:
    """A firm naming its unit that changes hands ("Hexcel unit"); its assets stay its own."""
    tok = _name_end(syntax, slot)
    if tok is None or tok.dep_ not in ("compound", "nmod", "poss"):
        return False
    if tok.dep_ != "poss" and any(c.dep_ == "poss" and c != tok for c in tok.head.children):
        return False  # "the Telegraph's Trafford Park Printing Ltd subsidiary": its own name
    return tok.head.lower_ in _PARTS


def parent_in_apposition(syntax: Syntax, slot: Slot) -> bool:
    """The firm that owns the one bought, named in an apposition ("DIM S.A., a subsidiary of
    BIC S.A."): the owner is described, not bought."""
    tok = _name_end(syntax, slot)
    if tok is None or tok.dep_ != "pobj" or tok.head.lower_ != "of":
        return False
    owner = tok.head.head
    return owner.dep_ == "appos" and (owner.lower_ in _PARTS or lemma(owner) in _PARTS)


# The deal's own verb asks for it: "asked Japan for a loan", "applied for funding", "to look
# for investment opportunities".
_REQUEST = {"ask", "seek", "request", "apply", "solicit", "want", "need", "look", "search"}
# "chief investment officer", "an investment bank": a title or a firm, not an event
_TITLE_HEADS = {
    "officer", "strategist", "manager", "banker", "bank", "banking", "firm", "house",
    "adviser", "advisor", "analyst", "director", "chief", "head", "grade", "company",
}  # fmt: skip


def requested(frame: Frame) -> bool:
    """The deal is what its verb asks for, not what was done."""
    verb = frame.verb
    return verb is not None and verb != frame.trigger and lemma(verb) in _REQUEST


def titled(trig: Token) -> bool:
    """The trigger word names a job or a firm's kind, not an event; or it is "sell" as a noun
    ("a tough sell"), which names no deal (a wire's "Anixter buy" does)."""
    if trig.lower_ == "sell" and trig.pos_ == "NOUN":
        return True
    return trig.dep_ in ("compound", "amod", "nmod") and lemma(trig.head) in _TITLE_HEADS


_HOLDINGS = {"stake", "interest", "holding", "shareholding"}


def own_act(trig: Token) -> bool:
    """ "its takeover", "their bid": the subject's own act, told by a possessive pronoun."""
    return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in trig.children)


def raised_stake(verb: Token) -> bool:
    """ "raised its stake in Bell to 19.9 pct": buying more, not raising money."""
    return any(c.dep_ == "dobj" and lemma(c) in _HOLDINGS for c in verb.children)


# How a stake's size is written: "15 pct of USAir", "four mln USAir shares".
SIZES = _HOLDINGS | {"pct", "percent", "%", "share", "shares"}


def disclosed_stake(verb: Token) -> bool:
    """ "said it owns 15 pct of USAir", "now holds 1.2 mln Bell shares": a stake the story
    discloses (GUIDELINES: it counts as bought); not "holds talks" or "owns a plant"."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return any(t.lower_ in SIZES for o in objects for t in o.subtree)


# What a firm sells of itself: "a business", "16 retail branches", "its plants".
BUSINESS = _PARTS | {
    "business", "operation", "asset", "branch", "plant", "mill", "property", "refinery", "mine",
    "interest", "company", "firm", "store", "outlet", "shop", "supermarket", "restaurant",
    "hotel", "factory", "facility", "terminal", "station", "smelter",
}  # fmt: skip


def seller_target(
    syntax: Syntax, frame: Frame, verb: Token | None, pool: list[Slot], investor: list[Slot]
) -> list[Slot]:
    """GUIDELINES: a unit bought but not named makes its seller the target ("acquired a
    hospital systems business from Control Data Corp", "buy Acme's battery unit"). Only
    for a part of a firm, not for goods or shares bought "from" a supplier or a broker; the
    caller keeps headlines out, which name the unit short ("ACQUIRES HEXCEL UNIT") before
    the body names it."""
    objects = frame.objects.get("obj", []) + frame.objects.get("of", [])
    if not any(lemma(o) in BUSINESS for o in objects):
        return []
    sellers = frame.prep("from") + (syntax.prep_names(verb, "from") if verb is not None else [])
    sellers += [t for t in pool if t.type == "ORG" and part_of(syntax, t)]
    return [t for t in without(sellers, investor) if t.type == "ORG"]


# "40 dlrs a share", "26 dlrs each", "28.50 dlrs per common or preferred share"
_PER_SHARE = re.compile(
    r"\s*(?:each\b|(?:per|a)\s+(?:(?:common|preferred|ordinary)\s+(?:or\s+)?)*"
    r"(?:share|unit|warrant)s?\b)"
)


# A firm's results, not a price: "pro-forma earnings of 72 mln dlrs", "sales were 40 mln".
_RESULTS_BEFORE = re.compile(
    r"\b(?:earnings|profits?|(?:net\s+)?income|revenues?|sales|loss(?:es)?|turnover|earned|"
    r"lost)\s+(?:of|were|was|totall?ing|totall?ed|rose\s+to|fell\s+to)?\s*"
    r"(?:about|some|nearly|almost|around|a\s+record)?\s*$"
    # "Knorr Foods, capitalised at four billion yen": the firm's capital, not the price
    r"|\bcapitali[sz]ed\s+at\s+(?:about\s+)?$|\b(?:paid-in|registered)\s+capital\s+of\s+$"
)


def deal_sums(s: Sentence) -> list[tuple[int, int, Money]]:
    """The sentence's sums that can be a deal's amount: a price per share or a firm's
    earnings is no sum invested."""
    return [
        m
        for m in s.money()
        if not _PER_SHARE.match(s.lower, m[1])
        and not _RESULTS_BEFORE.search(s.lower[max(0, m[0] - 40) : m[0]])
    ]


def money_near(s: Sentence, frame: Frame) -> Money | None:
    """The sum in the event's own clause, else the sentence's first."""
    money = deal_sums(s)
    if not money:
        return None
    head = frame.verb or frame.trigger
    lo, hi = head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text)
    inside = [m for m in money if lo <= m[0] < hi]
    return (inside or money)[0][2]


_PURPOSE = re.compile(
    r"\bto\s+(?:build|develop|fund|finance|construct|expand|set\s+up)\s+(?:a|an|the|its)?\s*"
    r"(?P<what>(?:[\w-]+\s+){0,3}?(?:refinery|plant|mine|smelter|factory|gigafactory|facility|"
    r"project|hub|fab|mill|terminal|port|railway|line))\s+(?:at|in|near)\s+(?P<where>[A-Z][\w-]+)"
)


def purpose_of(s: Sentence) -> str | None:
    """ "to build a rare-earths refinery at Eneabba" -> "Eneabba refinery"."""
    m = _PURPOSE.search(s.text)
    if m:
        return f"{m.group('where')} {m.group('what').split()[-1]}"
    projects = s.of_type("PROJECT")
    return projects[0].name if projects else None


# A legislature is no firm, project or state that money or ownership goes to.
_LEGISLATURE = re.compile(
    r"\b(?:Congress|Parliament|Senate|House of (?:Representatives|Commons|Lords)|Duma|Knesset|"
    r"Bundestag|Legislature|Assembly)\b"
)


def legislature(slot: Slot) -> bool:
    """The name is a legislature's ("U.S. Congress", "European Parliament")."""
    return slot.type == "ORG" and bool(_LEGISLATURE.search(slot.name))


# A market shares trade on: "buy shares on the Toronto Stock Exchange", "a member of the
# London Stock Exchange" (an exchange is still bought in "the acquisition of the LSE").
_EXCHANGE = re.compile(r"\b(?:Exchange|Bourse|Nasdaq|NYSE)\b(?!\s+Commission)")
_VENUE_BEFORE = re.compile(r"\b(?:on|members?\s+of)\s+(?:the\s+)?$", re.IGNORECASE)


def venue(s: Sentence, slot: Slot) -> bool:
    """The name is a market trades happen on, not a party to them."""
    return bool(_EXCHANGE.search(slot.name)) and bool(
        _VENUE_BEFORE.search(s.text[max(0, slot.start - 20) : slot.start])
    )


# A credit rating moved: "raised to BBB-plus from BBB Hechinger Co's debentures".
_GRADE = r"(?:AAA|AA|A|BBB|BB|B|CCC|CC|C|Aaa|Aa\d|A-?\d|Baa\d|Ba\d|B\d|Caa\d)(?:-plus|-minus|[+-])?"
_RATING_CHANGE = re.compile(rf"\bto\s+{_GRADE}\s+from\s+{_GRADE}\b")


def rating_change(s: Sentence) -> bool:
    """The sentence moves a credit rating; nothing is bought or lent."""
    return bool(_RATING_CHANGE.search(s.text))


def helped(verb: Token) -> list[Token]:
    """ "pledged $2 billion to help Indonesia build a smelter": the one the money helps, the
    object of "help" or the subject of the clause under it."""
    out: list[Token] = []
    for c in verb.children:
        if c.dep_ not in ("xcomp", "advcl") or lemma(c) not in ("help", "enable", "assist"):
            continue
        under = [g for x in c.children if x.dep_ == "ccomp" for g in x.children]
        out += [o for o in [*c.children, *under] if o.dep_ in ("dobj", "nsubj")]
    return out


def country_group(syntax: Syntax, slot: Slot) -> bool:
    """A country qualifying a plural noun: "US companies", "Japanese investors"."""
    tok = syntax.token_at(slot.start)
    return tok is not None and tok.dep_ in ("compound", "amod") and tok.head.tag_ == "NNS"


def modifies_noun(syntax: Syntax, slot: Slot) -> bool:
    """A name qualifying a noun: "U.S. goods", "a United Kingdom company"."""
    tok = _name_end(syntax, slot)  # "a United Kingdom company": the last word modifies
    return tok is not None and tok.dep_ in ("compound", "amod", "nmod") and tok.head.pos_ == "NOUN"


_STAKE = re.compile(r"\bstakes?\b")


def stake_percent(s: Sentence) -> float | None:
    """The size of the stake the sentence tells of: the percentage written nearest before
    "stake" ("that owns 56 pct of Husky ... would buy a 43 pct stake": 43), else the first."""
    percents = s.percents()
    stakes = [m.start() for m in _STAKE.finditer(s.lower)]
    if not percents or not stakes:
        return None
    before = [p for p in percents if any(0 <= at - p[0] <= 40 for at in stakes)]
    return (before[-1] if before else percents[0])[2]


# "stock representing a 12 pct interest in Quillfeather", "warrants equal to 5 pct of X".
_REPRESENT = {"represent", "equal", "amount", "total", "comprise", "give"}


def represented(syntax: Syntax, obj: Token) -> list[Slot]:
    """The firm of the stake that the securities bought stand for: "acquired stock and
    warrants representing 250,000 shares of Vantine Inc"."""
    out: list[Slot] = []
    for noun in [obj, *obj.conjuncts]:
        for clause in noun.children:
            if clause.dep_ != "acl" or lemma(clause) not in _REPRESENT:
                continue
            for o in clause.children:
                if o.dep_ in ("dobj", "prep"):
                    out += syntax.names_under(o, INNER_PREPS | {"in", "of", "to"})
    return out


# What a pledge may promise to do with money: "committed to investing $2 billion".
_MONEY_ACTS = {
    "invest", "fund", "finance", "spend", "lend", "provide", "pay", "buy", "inject",
    "contribute", "acquire", "purchase", "raise", "give", "donate", "put",
}  # fmt: skip


def pledges_an_act(trigger: Token) -> bool:
    """A pledge to do something other than pay: "committed to halting a further decline
    in the dollar", "vowed to cut output"; not "pledged $2 billion to help Indonesia"."""
    if any(c.dep_ in ("dobj", "obj") for c in trigger.children):
        return False  # what is pledged is named: the act is what the money is for
    for child in trigger.children:
        act = None
        if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
            act = child
        elif child.dep_ == "prep" and child.lower_ == "to":
            act = next((c for c in child.children if c.dep_ == "pcomp" and c.tag_ == "VBG"), None)
        if act is not None:
            return act.lemma_.lower() not in _MONEY_ACTS
    return False
