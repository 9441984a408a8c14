"""Capitals acting as governments: "Beijing imposed export controls" is China, not the city.

Convention (the same one the KB applies to "Washington", which is always `country:USA`): a
capital listed in `CAPITALS` becomes its country when it is the subject of a government
action verb ("Beijing imposed", "Tokyo has banned", "Seoul and Tokyo said"). Everywhere else
("talks in Beijing", "Beijing's factories", "New Delhi cut purchases") it stays a LOCATION.
"Brussels" is not listed: the EU is an ORG and the KB keeps Brussels the city.
"""

from __future__ import annotations

from assay.enrich.entities.lexicon import GENERIC_TAIL
from assay.enrich.entities.places import CITY_AFTER
from assay.enrich.entities.spans import Cand, TokenView, kb_cand
from assay.enrich.kb import KnowledgeBase

# location key -> the country key it stands for when it acts
CAPITALS = {
    "location:beijing": "country:CHN",
    "location:moscow": "country:RUS",
    "location:tokyo": "country:JPN",
    "location:canberra": "country:AUS",
    "location:jakarta": "country:IDN",
    "location:new-delhi": "country:IND",
    "location:seoul": "country:KOR",
    "location:ottawa": "country:CAN",
    "location:brasilia": "country:BRA",
    "location:pretoria": "country:ZAF",
    "location:kinshasa": "country:COD",
    "location:london": "country:GBR",
    "location:paris": "country:FRA",
    "location:berlin": "country:DEU",
    "location:riyadh": "country:SAU",
    "location:tehran": "country:IRN",
    "location:kyiv": "country:UKR",
    "location:taipei": "country:TWN",
    "location:bonn": "country:DEU",  # West Germany's seat of government until 1990
    "location:baghdad": "country:IRQ",
    "location:pyongyang": "country:PRK",
    "location:damascus": "country:SYR",
    "location:havana": "country:CUB",
    "location:caracas": "country:VEN",
    "location:cairo": "country:EGY",
    "location:tripoli": "country:LBY",
    "location:kabul": "country:AFG",
    "location:islamabad": "country:PAK",
    "location:manila": "country:PHL",
    "location:hanoi": "country:VNM",
    "location:bangkok": "country:THA",
    "location:madrid": "country:ESP",
    "location:stockholm": "country:SWE",
    "location:warsaw": "country:POL",
    "location:lisbon": "country:PRT",
    "location:quito": "country:ECU",
    "location:bogota": "country:COL",
    "location:lima": "country:PER",
    "location:buenos-aires": "country:ARG",
    "location:mexico-city": "country:MEX",
    "location:kuala-lumpur": "country:MYS",
    "location:nairobi": "country:KEN",
    "location:minsk": "country:BLR",
}
# What governments do in trade and sanctions news; "cut", "hosted", "opened" are left out
# because cities do them too ("New Delhi cut purchases" is annotated as the place).
GOVERNMENT_VERBS = {
    "said", "says", "say", "imposed", "imposes", "impose", "banned", "bans", "ban",
    "announced", "announces", "announce", "retaliated", "retaliates", "retaliate",
    "restricted", "restricts", "restrict", "sanctioned", "sanctions", "sanction",
    "blacklisted", "blacklists", "approved", "approves", "rejected", "rejects", "warned",
    "warns", "vowed", "vows", "threatened", "threatens", "threaten", "suspended", "suspends",
    "lifted", "lifts", "slapped", "slaps", "unveiled", "unveils", "introduced", "introduces",
    "ordered", "orders", "halted", "halts", "curbed", "curbs", "tightened", "tightens",
    "eased", "eases", "accused", "accuses", "urged", "urges", "pledged", "pledges", "signed",
    "signs", "agreed", "agrees", "responded", "responds", "denied", "denies", "condemned",
    "condemns", "criticised", "criticized", "demanded", "demands", "protested", "protests",
    "levied", "levies", "expelled", "expels", "recalled", "summoned", "summons", "declared",
    "declares", "added", "adds", "placed", "blocked", "blocks", "barred", "bars", "froze",
    "freezes", "extended", "extends", "targeted", "targets", "raised", "raises", "hiked",
    "hikes", "considering", "weighing", "planning", "preparing", "imposing", "banning",
    "restricting", "insists", "insisted", "refused", "refuses", "wants", "wanted",
    # what a state thinks, claims and does in foreign-affairs prose: "Beijing knows",
    # "Tehran conducted that kind of research", "Pyongyang fired a missile"
    "knows", "knew", "believes", "believed", "claims", "claimed", "hopes", "hoped", "fears",
    "feared", "seeks", "sought", "expects", "intends", "plans", "planned", "argues", "argued",
    "maintains", "complained", "complains", "conducted", "conducts", "tested", "tests",
    "launched", "fired", "reacted", "reacts", "retaliating", "ramping", "considers",
    "considered", "views", "regards", "pushing", "pressing",
}  # fmt: skip
# Auxiliaries that make the capital before them a clause's subject: "Tokyo had failed to",
# "Beijing probably won't budge". "is"/"was" are left out: "Tokyo was hit by a storm".
SUBJECT_AUX = {
    "has", "had", "have", "will", "would", "could", "should", "must", "can", "may", "might",
    "wo", "ca", "did", "does", "do", "shall",
}  # fmt: skip
ADVERBS = {
    "not", "n't", "never", "probably", "also", "still", "already", "now", "then", "again",
    "likely", "clearly", "repeatedly", "long", "so", "far", "yet",
}  # fmt: skip
# Before a capital, words that show the city itself: "talks in Tokyo", "flew to Beijing".
STRONG_PLACE_BEFORE = {
    "in", "at", "near", "from", "into", "outside", "around", "via", "of", "visit", "visited",
    "visiting", "leave", "left", "leaving", "arrived", "flew", "the",
}  # fmt: skip
# Words allowed between the capital and its verb: "Beijing has also imposed", "Tokyo will ban".
BETWEEN = {
    "has", "have", "had", "will", "would", "could", "may", "might", "is", "was", "also",
    "then", "later", "swiftly", "quickly", "promptly", "again", "formally", "officially",
    "recently", "already", "on", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "last", "week", "this", "immediately",
}  # fmt: skip
# A capital after one of these is the state in a relation with another: "talks between
# Tokyo and Seoul" (as the first word of a pair), "pressure on Beijing".
RELATION_BEFORE = {
    "on", "against", "with", "between", "toward", "towards", "pressured", "urged", "accused",
    "warned", "asked", "told", "criticized", "criticised", "condemned", "persuade",
}  # fmt: skip
# Words before a capital that make it the object of a state's action
OBJECT_BEFORE = {
    "against", "press", "presses", "pressed", "pressing", "pressure", "pressured", "pressuring",
    "push", "pushes", "pushed", "pushing", "urge", "urges", "urged", "urging", "accuse",
    "accuses", "accused", "accusing", "blame",
    "blames", "blamed", "blaming", "punish", "punishes", "punished", "punishing", "persuade",
    "persuaded", "condemn", "condemns", "condemned", "criticize", "criticized", "criticised",
    "deter", "deterring", "isolate", "isolating", "isolated", "confront", "confronting",
    "ask", "asks", "asking", "convince", "convinced", "force", "forced", "forcing", "want",
    "wants", "wanted",
}  # fmt: skip
# Before "on" + capital, what bears on a state: "lean on Pyongyang", "sanctions on Tehran".
PRESSED_ON = {
    "lean", "leans", "leaned", "leaning", "pressure", "sanctions", "tariffs", "curbs",
    "restrictions", "embargo", "crack", "cracking", "cracked", "prevail", "prevailed",
    "rely", "relies", "relied", "relying", "depend", "depends", "depended", "depending",
    "heat", "screws", "squeeze",
}  # fmt: skip
# Who governs, before "in" + capital or right after it: "officials in Beijing", "the
# government in Tehran", "Beijing officialdom": the words that end a government's name, and
# the people who act for it.
GOVERNING = GENERIC_TAIL | {
    "officialdom", "leaders", "leadership", "negotiators", "policymakers", "regime", "diplomats",
}  # fmt: skip
# What a state's possessive names: "Tokyo's request", "Beijing's disregard for the rules".
STATE_OWNS = {
    "request", "requests", "demand", "demands", "position", "policy", "policies", "decision",
    "refusal", "failure", "offer", "proposal", "response", "retaliation", "stance", "efforts",
    "commitment", "promise", "pledge", "insistence", "reluctance", "move", "actions",
    "behavior", "behaviour", "disregard", "approach", "tariffs", "sanctions", "quotas",
    "government", "leaders", "leadership", "negotiators", "envoy", "ambassador", "officials",
    "inability", "attempt", "willingness", "readiness", "determination", "intention",
    "practice", "practices", "priority", "priorities", "promises", "ambitions", "interests",
    "concerns", "strategy", "allies", "diplomats", "regime", "nuclear", "missile",
}  # fmt: skip
# Nouns and verbs of dealings between states, before "with" + capital
DEALINGS = {
    "talks", "relations", "ties", "negotiations", "confrontation", "dispute", "conflict",
    "communicate", "cooperate", "dealings", "dialogue", "diplomacy",
    "tensions", "cooperation", "collusion", "colluded", "colluding", "deal", "agreement",
    "accord", "pact", "truce", "war", "rapprochement", "negotiate", "negotiating", "engage",
}  # fmt: skip
# A capital after one of these is a place in the sentence, not its subject.
PLACE_BEFORE = {
    "in", "to", "from", "at", "near", "via", "of", "into", "for", "with", "outside", "around",
    "across", "between", "toward", "towards", "through", "over", "by", "on", "visited",
    "visit", "visiting", "leave", "left", "the",
}  # fmt: skip


def capitals_as_governments(kb: KnowledgeBase, v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """Re-link capitals that are the subject of a government action verb to their country."""
    capitals = [c for c in chosen if c.key in CAPITALS and c.type == "LOCATION"]
    if not capitals:
        return chosen
    acting: dict[int, Cand] = {}  # start token -> replacement
    by_start = {c.start: c for c in capitals}
    # A 1987 story that names the Soviet Union: "Moscow said" is the Soviet government.
    soviet = any(c.key == "country:SUN" for c in chosen)
    # right to left, so "Tokyo and Seoul said" sees Seoul's verdict before Tokyo's
    for c in reversed(capitals):
        key = CAPITALS[c.key]
        entry = kb.get("country:SUN" if soviet and key == "country:RUS" else key)
        if entry is None:
            continue
        if _between_states(v, c, chosen):
            acting[c.start] = kb_cand(c.start, c.end, entry)
            continue
        if _acted_upon(v, c):
            acting[c.start] = kb_cand(c.start, c.end, entry)
            continue
        if c.start > 0 and v.lower[c.start - 1] in PLACE_BEFORE:
            if _act_of_state(v, c):
                acting[c.start] = kb_cand(c.start, c.end, entry)
            continue  # "in Tokyo", "from Beijing": the city
        nxt = c.end
        coordinated = (
            nxt + 1 < len(v.lower)
            and v.lower[nxt] in ("and", ",")
            and nxt + 1 in by_start
            and nxt + 1 in acting
        )
        if coordinated or _verb_follows(v, nxt) or _not_a_place(v, c) or _state_owns(v, nxt):
            acting[c.start] = kb_cand(c.start, c.end, entry)
    if not acting:
        return chosen
    # one sense per story: a capital that acts once is the state wherever the story does
    # not place it ("sanctions would not deter Beijing", "aid to Ankara")
    states = {c.key: acting[c.start] for c in capitals if c.start in acting}
    for c in capitals:
        if c.start not in acting and c.key in states and not _plainly_a_place(v, c):
            state = states[c.key]
            acting[c.start] = Cand(
                c.start, c.end, state.key, state.type, state.name, "kb", state.attrs
            )
    return [acting.get(c.start, c) if c.key in CAPITALS else c for c in chosen]


def _acted_upon(v: TokenView, c: Cand) -> bool:
    """The object of a state's dealings: "sanctions against Moscow", "pushes Beijing to",
    "accuses Beijing of", "a confrontation with Tehran", "colluded with Moscow", "lean on
    Pyongyang"; or its government: "the authorities in Seoul", "Beijing officialdom"."""
    prev = v.lower[c.start - 1] if c.start > 0 else ""
    if prev in OBJECT_BEFORE:
        return True
    before = v.lower[c.start - 2] if c.start > 1 else ""
    nxt = v.lower[c.end] if c.end < len(v.lower) else ""
    return (
        (prev == "with" and before in DEALINGS)
        or (prev == "on" and before in PRESSED_ON)
        or (prev == "in" and before in GOVERNING and not _named_whose(v, c.start - 2))
        or nxt in GOVERNING
    )


def _named_whose(v: TokenView, i: int) -> bool:
    """ "Chinese officials in Beijing": officials said whose meet in the city (not a
    sentence's first word: "While officials in Beijing ...")."""
    return i > 0 and v.text[i - 1][:1].isupper() and not v.sent_start[i - 1]


def _plainly_a_place(v: TokenView, c: Cand) -> bool:
    """'in Tokyo', 'the Tokyo market', 'Tokyo-based', 'Tokyo's streets': the city."""
    prev = v.lower[c.start - 1] if c.start > 0 else ""
    nxt = v.lower[c.end] if c.end < len(v.lower) else ""
    return prev in STRONG_PLACE_BEFORE or nxt in CITY_AFTER or nxt in ("'s", "’s", ",")


def _between_states(v: TokenView, c: Cand, chosen: list[Cand]) -> bool:
    """'relations between Moscow and Washington', 'the clash between Washington and Beijing'."""
    i, lower = c.start, v.lower
    if i > 0 and lower[i - 1] == "between":
        return i + 2 < len(lower) and lower[c.end] == "and"
    if i >= 3 and lower[i - 1] == "and":
        states = {d.end: d for d in chosen if d.type == "COUNTRY" or d.key in CAPITALS}
        first = states.get(i - 1)
        return first is not None and first.start > 0 and lower[first.start - 1] == "between"
    return False


def _verb_follows(v: TokenView, i: int) -> bool:
    n = len(v.lower)
    if i < n and v.lower[i] in SUBJECT_AUX:
        j = i + 1
        while j < n and v.lower[j] in ADVERBS:
            j += 1
        word = v.text[j] if j < n else ""
        if word.isalpha() and word.islower() and word not in ("be", "been", "being", "host"):
            return True  # "Tokyo had not shown", "Beijing wo n't budge"
    skipped = 0
    while i < n and skipped <= 3:
        word = v.lower[i]
        if word in GOVERNMENT_VERBS:
            return True
        if word not in BETWEEN:
            return False
        i += 1
        skipped += 1
    return False


# What a capital's own city has: "Beijing's municipal government" is the city's.
_CITY_OWN = frozenset({"city", "municipal", "local", "metropolitan", "urban", "mayor"})


def _state_owns(v: TokenView, i: int) -> bool:
    """ "Tokyo's request": what the capital has is a state's."""
    lower, n = v.lower, len(v.lower)
    if not (i + 1 < n and lower[i] in ("'s", "’s")):
        return False
    # "Beijing's long-standing practice": a few modifiers may come first, but not the city's
    # own ("Beijing's municipal government")
    for j in range(i + 1, min(n, i + 5)):
        if lower[j] in STATE_OWNS:
            return True
        if lower[j] in _CITY_OWN or not (
            lower[j] == "-" or (v.text[j].isalpha() and v.text[j].islower())
        ):
            return False
    return False


def _act_of_state(v: TokenView, c: Cand) -> bool:
    """ "the failure of Tokyo to honor the pact": what a state does or fails to do, "of" the
    capital and then an infinitive."""
    lower, n, i = v.lower, len(v.lower), c.end
    return (
        c.start > 1
        and lower[c.start - 1] == "of"
        and lower[c.start - 2] in STATE_OWNS
        and i + 1 < n
        and lower[i] == "to"
        and v.text[i + 1].isalpha()
        and v.text[i + 1].islower()
        and lower[i + 1] not in _NOT_VERBS
    )


_NOT_VERBS = frozenset({"a", "an", "the", "its", "their", "his", "her", "this", "that", "some"})


def _not_a_place(v: TokenView, c: Cand) -> bool:
    """A capital in a relation between states: "ties between Tehran and Washington",
    "pressure on Beijing", "sanctions against Moscow". Elsewhere the verb rule decides, and
    "in Tokyo", "the Tokyo stock market", "Beijing's factories" stay the city."""
    prev = v.lower[c.start - 1] if c.start > 0 else ""
    nxt = v.lower[c.end] if c.end < len(v.lower) else ""
    if nxt in CITY_AFTER or nxt in ("'s", "’s"):
        return False
    return prev in RELATION_BEFORE
