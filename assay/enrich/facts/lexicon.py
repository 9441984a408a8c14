"""Trigger words per fact type, and the cue words that set actions, kinds and measures.

Triggers are matched on lower-case tokens by one spaCy `Matcher`; the model has no
lemmatizer, so every inflection is listed. Cue words are matched with regexes on the
lower-cased sentence, so they may span tokens freely.
"""

from __future__ import annotations

import re

_TRADE_VERB = re.compile(r"^(\w+) (exports|imports)$")


def with_owners(phrases: list[str]) -> list[str]:
    """ "curb exports" also as "curb its exports", "curb their exports", "curb the exports":
    a government's restraint on its own trade is written with the possessive."""
    out = list(phrases)
    for phrase in phrases:
        m = _TRADE_VERB.match(phrase)
        if m:
            out += [f"{m.group(1)} {det} {m.group(2)}" for det in ("its", "their", "the")]
    return out


# fmt: off
# A government stopping its own trade: "China halted exports of magnets", "said it would halt
# imports of farm goods" (a ban in effect, not a suspended measure).
HALTED_TRADE = [
    f"{verb} {trade}"
    for trade in ("exports", "imports")
    for verb in ("halted", "halts", "halt", "stopped", "stops", "suspended", "suspends")
]
# The tables below are laid out by hand to keep them scannable.
# Phrases are split on spaces into tokens; write hyphens as separate tokens ("anti - dumping").
TRIGGERS: dict[str, list[str]] = {
    "agreement": [
        "signed", "signs", "sign", "signing", "inked", "inks", "sealed", "struck", "clinched",
        "agreement", "agreements", "deal", "deals", "memorandum of understanding", "mou",
        "mous", "offtake", "off - take", "joint venture", "jv", "partnership", "partnered",
        "partners with", "teamed up", "pact", "accord", "contract", "contracts", "treaty",
        "alliance", "framework", "agreed to", "agree to", "cooperate", "co - invest", "order",
        "orders", "agreed at", "agreed on", "agreed today", "agreed yesterday",
        "agreed with",
        # general news English beyond the phrasings above
        "letter of intent", "letters of intent", "protocol", "memorandum", "memoranda",
        "tie - up", "tie - ups", "awarded", "awards", "collaboration", "association with",
    ],
    "trade_measure": with_owners([
        "tariff", "tariffs", "duty", "duties", "levy", "levies", "anti - dumping",
        "countervailing duty", "countervailing duties", "countervailing tariffs",
        "export controls", "export control", "export restrictions",
        "export restriction", "export ban", "export bans", "export curbs", "export licences",
        "export licenses", "export licensing", "restrict exports", "restricted exports",
        "restricting exports", "ban exports", "banned exports", "bans exports",
        "banning exports", "import ban", "import bans", "ban imports", "banned imports",
        "bans imports", "banning imports", "ban on imports", "ban on exports", "quota",
        "quotas", "curbs on exports", "curbs on imports", "embargo", "surtax", "surcharge",
        "ban", "bans", "banned", "banning", "export tax", "export taxes", "import tax",
        "import taxes", "export duty", "export duties", *HALTED_TRADE,
        "curbed exports", "curbs exports", "curb exports", "import curbs", "import restrictions",
        "import restriction", "restrictions on imports",
        "restrict imports", "restricted imports", "restricting imports", "limit imports",
        "import licences", "import licenses", "import licensing", "import quota",
        "voluntary restraint", "restraint agreement", "export restraints", "limit exports",
        "restrain exports", "curbing exports", "block exports", "blocked exports",
        "blocks exports", "blocking exports", "bar exports", "barred exports", "bars exports",
        "block imports", "blocked imports", "blocks imports", "bar imports", "barred imports",
        # the answering side's measure, read by rules/retaliation.py
        "retaliate", "retaliated", "retaliates", "retaliating", "retaliation",
    ]),
    "sanction": [
        "sanction", "sanctions", "sanctioned", "sanctioning", "blacklisted", "blacklist",
        "blacklists", "blacklisting", "entity list", "asset freeze", "froze assets",
        "froze the assets", "frozen assets", "designated", "sdn list",
        "penalties", "punitive measures", "asset freezes", "visa bans", "travel ban",
        "travel bans", "embargo", "embargoes", "boycott", "trade ban", "trade bans",
    ],
    "capacity": [
        "capacity", "capacities", "plant", "plants", "factory", "factories", "refinery",
        "refineries", "smelter", "smelters", "gigafactory", "facility", "facilities",
        "production line", "fab", "fabs", "mill", "terminal", "tpa", "mtpa", "ktpa", "gwh",
        "gw", "mw", "field", "mine", "train", "megafab", "wind farm", "solar farm",
        "power station", "reactor", "reactors",
        "mines", "mills", "terminals", "foundry", "foundries", "shipyard", "power plant",
        "power plants", "processing center", "processing centre", "service center",
        "service centers", "cracker", "steelworks", "pipeline", "pipelines",
    ],
    "investment": [
        "invest", "invests", "invested", "investing", "investment", "investments", "stake",
        "stakes", "acquire", "acquires", "acquired", "acquiring", "acquisition", "buy",
        "buys", "bought", "buying", "take over", "takes over", "took over", "takeover",
        "purchase", "purchased", "purchases", "loan", "loans", "lend", "lends", "lent",
        "lending", "fund", "funds", "funded", "funding", "finance", "financed", "financing",
        "pledge", "pledged", "pledges", "committed", "commit", "commits", "inject",
        "injected", "injection", "grant", "grants", "backing", "secured", "received", "raised",
        "co - invest", "sell", "sells", "sold", "selling", "divest", "divested",
        "merger", "mergers", "merge", "merged", "merges", "buyout", "buy out", "bought out",
        "acquisitions", "aid", "credit line", "credit lines", "line of credit", "credit facility",
        "spend", "spends", "spent", "spending", "sale of", "take control", "takes control",
        "took control", "taken control", "taking control", "gain control", "gained control",
        "give control", "gives control", "gave control", "giving control", "cede control",
        "ceded control",
        "capital increase", "recapitalisation", "recapitalization", "bailout",
        "holding in", "holdings in", "shareholding in", "holding to", "holdings to",
        "shareholding to",
        # a stake disclosed: "said it owns 15 pct of USAir", "Reuters now owns 49 pct"
        "it owns", "it holds", "it held", "now owns", "now holds", "they own", "they hold",
        "they held",
    ],
    "production": [
        "produce", "produces", "produced", "producing", "production", "output", "mined",
        "reserves", "share of global", "share of world", "of global", "of the world",
        "of world", "accounts for", "account for", "accounted for", "imports", "imported",
        "exports", "exported", "dependence", "dependent", "reliant", "reliance", "relies on",
        "rely on", "pumped", "pumps", "pump", "pumping", "extracted", "mines", "flowed",
        "crop", "crops", "harvest", "harvests", "harvested", "smelted", "refined",
        "generated", "generates", "generating", "generation", "shipped", "shipments",
    ],
}




# A trigger word naming an office's field rather than an event: "finance minister",
# "the Finance Ministry", "an investment banker", "aid officials".
OFFICE_FIELDS = frozenset({"finance", "investment", "aid", "funding", "loan", "loans", "credit"})
OFFICE_NOUNS = frozenset({
    "minister", "ministers", "ministry", "ministries", "secretary", "secretaries", "official",
    "officials", "officer", "officers", "chief", "chiefs", "director", "directors", "committee",
    "committees", "department", "spokesman", "spokeswoman", "spokesperson", "banker",
    "bankers", "adviser", "advisers", "advisor", "advisors", "analyst", "analysts",
})  # fmt: skip


def first_label(patterns: list[tuple[str, re.Pattern[str]]], text: str, default: str) -> str:
    """The label of the first pattern found in `text`, or `default`."""
    for label, pattern in patterns:
        if pattern.search(text):
            return label
    return default


def words(*alternatives: str) -> re.Pattern[str]:
    """A regex matching any of the phrases as whole words (spaces match any whitespace)."""
    body = "|".join(a.replace(" ", r"\s+") for a in sorted(alternatives, key=len, reverse=True))
    return re.compile(rf"\b(?:{body})\b")


# Statements that something did not happen: no fact at all.
NEGATED = words(
    "did not", "didn't", "does not", "doesn't", "has not", "hasn't", "have not", "haven't",
    "had not", "was not", "were not", "is not", "are not", "never", "denied", "denies", "deny",
    "rejected", "rejects", "ruled out", "rules out", "no agreement", "no deal", "failed to",
    "collapsed", "fell through", "refused", "refuses", "declined to", "won't", "will not",
    "not to", "stalled", "abandoned", "dropped plans", "scrapped plans", "shelved",
    "called off talks", "without a deal", "no plans", "backed away", "dismissed", "dismisses",
    "failure to", "failure of", "broke down", "break down",
)
# Reported or hedged: keep the fact, lower the confidence.
HEDGED = words(
    "reportedly", "sources said", "source said", "people familiar", "according to",
    "said to be", "is said to", "are said to", "might", "could", "rumoured", "rumored",
    "unconfirmed", "speculation", "allegedly", "people with knowledge", "report said",
    "reported", "citing", "rumours", "rumors", "rumour", "rumor", "if", "unless", "whether",
)
# The modal "may", matched case-sensitively on the original text so the month May is not.
MAY = re.compile(r"\bmay\b")
# Future, intended or under negotiation.
PLANNED = words(
    "plans to", "plan to", "planned", "planning to", "will", "would", "is expected to",
    "are expected to", "expected to", "intends to", "intend to", "aims to", "aim to",
    "in talks", "negotiating", "negotiations", "considering", "consider", "proposed",
    "proposes", "seeks to", "seeking to", "set to", "looking to", "is to", "are to",
    "hopes to", "wants to", "mulls", "mulling", "weighing", "prepared to", "preparing to",
    "to be signed", "to sign",
)
# Future phrasing that still describes a decided measure.
IN_FORCE = words(
    "will take effect", "will come into force", "will come into effect", "will apply",
    "will be effective", "takes effect", "took effect", "came into force",
    "will remain in place", "will stay in place", "will remain in effect",
    "will stay in effect", "remain in place", "remains in place", "remain in effect",
    "remains in effect", "stay in place", "stays in place",
)
ENDED = words(
    "terminated", "terminates", "terminate", "cancelled", "canceled", "cancels", "scrapped",
    "scraps", "pulled out of", "pulls out of", "withdrew from", "withdraws from", "ended",
    "ends", "tore up", "exited", "exits", "walked away from", "quit",
)
ANNOUNCED = words("announced", "announces", "unveiled", "unveils", "revealed", "disclosed")

AGREEMENT_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("offtake", words("offtake", "off-take", "off take")),
    ("joint-venture", words("joint venture", "joint-venture", "jv")),
    ("mou", words("memorandum of understanding", "mou", "mous", "memorandum")),
    ("exploration", words("exploration", "explore")),
    ("supply", words("supply", "supplies", "supplying", "supplier", "order", "orders",
                     "purchase agreement", "sales agreement", "contract to deliver")),
    ("trade", words("trade deal", "trade agreement", "free trade", "trade pact", "fta")),
    ("partnership", words("partnership", "partnered", "partners with", "alliance", "teamed up",
                          "cooperation", "co-operation", "collaboration", "strategic")),
]

TRADE_MEASURES: list[tuple[str, re.Pattern[str]]] = [
    ("import-ban", words(*with_owners([
        "import ban", "import bans", "ban imports", "banned imports", "bans imports",
        "banning imports", "ban on imports", "embargo", "import curbs", "import restrictions",
        "import restriction", "restrictions on imports", "restrict imports",
        "restricted imports", "restricting imports", "limit imports", "import licences",
        "import licenses", "import licensing", "block imports", "blocked imports",
        "blocks imports", "bar imports", "barred imports", "trade ban", "trade bans",
        "ban on trade",
        *(p for p in HALTED_TRADE if p.endswith("imports"))]))),
    ("export-control", words(*with_owners([
        "export controls", "export control", "export restrictions", "export restriction",
        "export ban", "export bans", "export curbs", "export licences", "export licenses",
        "export licensing", "restrict exports", "restricted exports", "restricting exports",
        "ban exports", "banned exports", "bans exports", "banning exports", "ban on exports",
        "curbs on exports", "curb exports", "curbs exports", "curbed exports",
        "curbing exports", "limit exports", "restrain exports", "block exports",
        "blocked exports", "blocks exports", "blocking exports", "bar exports",
        "barred exports", "bars exports",
        *(p for p in HALTED_TRADE if p.endswith("exports"))]))),
    ("quota", words("quota", "quotas", "voluntary restraint", "restraint agreement",
                    "export restraints")),
    ("tariff", words("tariff", "tariffs", "duty", "duties", "levy", "levies", "anti-dumping",
                     "countervailing", "curbs on imports", "surtax", "surcharge",
                     "export tax", "export taxes", "import tax", "import taxes")),
]

# A bare "ban" is a trade measure only with one of these nearby.
BAN_EXPORTS = words("exports", "export", "exporting", "shipments", "overseas sales")
BAN_IMPORTS = words("imports", "import", "importing", "imported")
TRADE_AGREEMENT = words("trade agreement", "free trade", "trade deal", "trade pact", "fta")
# "helping Russia evade export controls": the measure is someone else's, mentioned in passing.
EVADE = re.compile(
    r"\b(?:evade|evading|evaded|circumvent\w*|violat\w*|breach\w*|bypass\w*)\W+(?:\w+\W+){0,2}$"
)
TRADE_PLANNED = words(
    "plans to", "plan to", "planning to", "will", "would", "is expected to", "are expected to",
    "intends to", "considering", "proposed", "proposes", "set to", "could", "might",
    "is to", "mulls", "weighing", "prepared to", "preparing to",
)
# Agreements are events: a sentence needs one of these, not just the word "deal".
AGREEMENT_ACTS = words(
    "signed", "signs", "sign", "signing", "inked", "inks", "sealed", "seals", "struck",
    "strikes", "clinched", "agreed", "agree", "reached", "concluded", "formed", "form",
    "forming", "set up", "entered into", "enter into", "finalised", "finalized", "won",
    "wins", "awarded", "secured", "placed", "partnered", "teamed up", "partners with",
    "announced", "announces", "unveiled", "launched", "renewed", "extended", "expanded",
    "in talks", "negotiating", "to sign", "will sign", "would sign", "terminated",
    "cancelled", "canceled", "scrapped", "pulled out of", "withdrew from", "ended", "tore up",
    "exited", "walked away from", "co-invest", "will supply", "to supply", "cooperate",
)
# A deal needs a noun for it, or a verb that is one: "agreed to" alone may be anything.
AGREEMENT_NOUNS = words(
    "agreement", "agreements", "deal", "deals", "memorandum", "mou", "mous", "pact", "accord",
    "contract", "contracts", "treaty", "alliance", "framework", "joint venture", "jv",
    "partnership", "offtake", "off-take", "order", "orders", "partnered", "teamed up",
    "partners with", "cooperate", "co-invest",
)
AGREEMENT_PLANNED = words(
    "plans to", "plan to", "planning to", "to sign", "will sign", "would sign", "in talks",
    "negotiating", "negotiations", "expected to sign", "intends to", "aims to", "seeks to",
    "seeking", "proposed", "considering", "set to sign", "close to", "nearing",
)

TRADE_ACTIONS: list[tuple[str, re.Pattern[str]]] = [
    ("threatened", words("threatened", "threatens", "threaten", "threatening", "warned",
                         "vowed", "vows")),
    ("lifted", words("lifted", "lifts", "lift", "removed", "removes", "scrapped", "scraps",
                     "revoked", "repealed", "waived", "dropped", "ended", "ends", "exempted",
                     "reversed", "reverses", "reversing", "rescinded", "rescinds", "overturned")),
    ("suspended", words("suspended", "suspends", "suspend", "paused", "pauses", "postponed",
                        "postpones", "postpone", "postponing", "delayed", "delays", "delay",
                        "delaying", "halted")),
    ("raised", words("raised", "raises", "raise", "increased", "increases", "hiked", "hikes",
                     "doubled", "tripled", "tightened", "tightens", "expanded", "expands",
                     "broadened", "extended")),
    ("lowered", words("lowered", "lowers", "cut", "cuts", "reduced", "reduces", "eased", "halve",
                      "halved", "halves", "lower", "reduce", "ease", "cutting", "reducing",
                      "eases", "relaxed", "loosened", "slashed", "halved")),
]

# The noun a measure is the object of says what is done to it: "the increase in EC duties".
NOMINAL_TRADE_ACTIONS = {
    **dict.fromkeys(("increase", "rise", "hike", "doubling", "tightening"), "raised"),
    **dict.fromkeys(("cut", "reduction", "lowering", "easing", "relaxation"), "lowered"),
    **dict.fromkeys(("removal", "lifting", "elimination", "repeal", "abolition"), "lifted"),
    **dict.fromkeys(("suspension", "postponement", "delay"), "suspended"),
}

# A measure's own progressive verb ("it was slashing tariffs"); only the measure's verb,
# since elsewhere in a sentence these name other changes ("raising prices").
OWN_TRADE_ACTIONS = {
    **dict.fromkeys(("raising", "increasing", "hiking", "doubling"), "raised"),
    **dict.fromkeys(("slashing", "lowering"), "lowered"),
    **dict.fromkeys(("lifting", "removing", "scrapping", "eliminating", "reversing"), "lifted"),
}

SANCTION_ACTIONS: list[tuple[str, re.Pattern[str]]] = [
    ("lifted", words("lifted", "lifts", "lift", "eased", "eases", "ease", "removed", "removes",
                     "revoked", "delisted", "waived", "relief", "unfroze", "ended", "ends")),
    ("extended", words("extended", "extends", "extend", "renewed", "renews", "renew",
                       "prolonged", "prolong", "expanded", "expands", "broadened", "tightened",
                       "widened", "rolled over")),
]
# A sanction sentence needs one of these (or a verbal trigger) to describe an act, not a state.
SANCTION_ACTS = words(
    "imposed", "imposes", "impose", "imposing", "slapped", "announced", "announces",
    "sanctioned", "sanctions on", "sanctions against", "blacklisted", "added", "adds",
    "designated", "designates", "targeted", "targets", "froze", "freezes", "placed", "put",
    "new sanctions", "target", "fresh sanctions", "adopted", "adopts", "levied", "levies",
    "unveiled",
)

# Checked in this order: "will close" is closed, "plans to expand" is planned.
CAPACITY_STATUS: list[tuple[str, re.Pattern[str]]] = [
    ("closed", words("closed", "closes", "close", "closing", "shut", "shuts", "shutting",
                     "shut down", "idled", "idles", "idling", "idle", "mothballed", "halted",
                     "halts", "suspend", "suspended", "suspends", "ceased", "scrapped",
                     "scraps", "cancelled", "canceled", "abandoned", "decommissioned")),
    ("under-construction", words("under construction", "building", "is constructing",
                                 "are constructing", "being built", "construction of",
                                 "broke ground", "breaks ground", "began construction",
                                 "started construction", "trial production", "is developing")),
    ("operational", words("opened", "opens", "commissioned", "started production",
                          "began production", "began operations", "started operations",
                          "began operating", "came online", "came on stream", "operates",
                          "operating", "has a capacity", "has capacity", "inaugurated",
                          "entered production", "volume production", "started up",
                          "starts production", "entered commercial", "began commercial")),
    ("planned", words("plans", "plan", "planned", "will", "to build", "proposed", "expected",
                      "aims", "intends", "would", "to set up", "to construct", "could",
                      "considering", "announced plans")),
    ("expanded", words("expand", "expands", "expanded", "expanding", "expansion", "boost",
                       "boosts", "boosted", "increase capacity", "raise capacity", "doubled",
                       "double", "upgrade", "upgraded", "add capacity", "adding", "raised",
                       "increased", "lifted")),
]
CAPACITY_NOUNS = words(
    "capacity", "capacities", "plant", "plants", "factory", "factories", "refinery",
    "refineries", "smelter", "smelters", "gigafactory", "facility", "facilities",
    "production line", "fab", "fabs", "megafab", "mill", "terminal", "processing hub",
    "field", "mine", "train", "wind farm", "solar farm", "power station", "power plant",
    "reactor", "reactors", "mines", "mills", "terminals", "foundry", "foundries", "shipyard",
    "power plants", "processing center", "processing centre", "service center",
    "service centers", "cracker", "steelworks", "pipeline", "pipelines",
)
CAPACITY_UNITS = frozenset(
    {"t/yr", "bbl/d", "GWh", "GW", "m3/yr", "oz/yr", "units/yr", "wafers/month", "GWh/yr",
     "long-t/yr", "short-t/yr"}
)

INVESTMENT_ACTIONS: list[tuple[str, re.Pattern[str]]] = [
    ("acquired", words("acquire", "acquires", "acquired", "acquiring", "acquisition", "buy",
                       "buys", "bought", "buying", "take over", "takes over", "took over",
                       "takeover", "purchase", "purchased", "purchases", "stake", "stakes")),
    ("pledged", words("pledge", "pledged", "pledges", "committed", "commit", "commits",
                      "promised", "promises", "vowed")),
]
# Money flows from the noun's "from X" to the sentence subject: "Iluka won a loan from Australia".
FUNDING_NOUNS = words(
    "loan", "loans", "funding", "financing", "investment", "investments", "grant", "grants",
    "backing", "finance", "aid", "credit", "credits",
)

PRODUCTION_MEASURES: list[tuple[str, re.Pattern[str]]] = [
    ("dependence", words("dependence", "dependent", "reliant", "reliance", "relies on",
                         "rely on", "depends on", "depend on")),
    ("reserves", words("reserves")),
    ("share", words("share of global", "share of world", "of global", "of the world",
                    "of world", "accounts for", "account for", "accounted for",
                    "world's supply", "global supply", "market share")),
    ("imports", words("imports", "imported", "import")),
    ("exports", words("exports", "exported", "export", "shipped", "shipments")),
    ("production", words("produce", "produces", "produced", "producing", "production",
                         "output", "mined", "producer", "crop", "crops", "harvest",
                         "harvests", "harvested", "smelted", "refined", "generated",
                         "generates", "generating", "generation")),
]

# fmt: on

# A COUNTRY named before these is describing the thing, not acting: "Australia's Lynas".
POSSESSIVE = re.compile(r"^\s*(?:'s|’s|')")
YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")

# What barrels measure when the text names no commodity: "pumped 10.5 mln barrels per day".
CRUDE_OIL = {"name": "crude oil", "key": "commodity:crude-oil"}
# What kilowatt-hours measure when the text names nothing: "power production was 2,554 bln kWh".
ELECTRICITY = {"name": "electricity", "key": "commodity:electricity"}
