"""Word lists the linker reads: project kinds, role words, junk, connectors, units."""

from __future__ import annotations

import re

PROJECT_KINDS = {
    "mine": "mine",
    "mines": "mine",
    "deposit": "deposit",
    "refinery": "refinery",
    "project": "project",
    "plant": "plant",
    "smelter": "smelter",
    "field": "field",
    "oilfield": "field",
    "gasfield": "field",
    "terminal": "terminal",
    "fab": "plant",
    "gigafactory": "plant",
    "facility": "plant",
    "prospect": "deposit",
    "mill": "plant",
    "station": "plant",
    "block": "field",
    "complex": "plant",
    "pipeline": "pipeline",
    "dam": "plant",
    "fields": "field",
    "refineries": "refinery",
    "deposits": "deposit",
    "smelters": "smelter",
    "casino": "plant",
    "reactor": "plant",
    "steelworks": "plant",
    "factory": "plant",
    "foundry": "plant",
    "shipyard": "plant",
    "well": "field",
    "platform": "plant",
    "colliery": "mine",
    "collieries": "mine",
    # Plurals name projects only when coordinated: "the Escondida and Spence plants".
    "plants": "plant",
    "projects": "project",
    "terminals": "terminal",
    "pipelines": "pipeline",
    "mills": "plant",
    "stations": "plant",
    "reactors": "plant",
    "dams": "plant",
    "factories": "plant",
    "oilfields": "field",
    "gasfields": "field",
}
# Words that start a capitalised run but are not names ("The mine", "New project").
# The head words of a public body's name: "Palm Oil Registration and Licensing Authority".
BODY_HEADS = frozenset({
    "authority", "board", "commission", "ministry", "department", "council", "agency",
    "bureau", "office", "administration", "institute",
})  # fmt: skip
NAME_STOP = {
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our",
    "new", "said", "first", "second", "largest", "main", "pilot", "proposed", "planned",
    "existing", "flagship", "in", "at", "of", "for", "and", "or", "but", "as", "on", "by",
    "one", "two", "three", "which", "when", "while", "after", "before", "if", "last", "next",
    "we", "i", "you", "he", "she", "it", "they", "my",
}  # fmt: skip
# Month abbreviations, which wire tables tag as organisations ("the Nov/Feb total").
MONTH_ABBREVIATIONS = frozenset(
    {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)
# Words NER tends to tag as ORG at sentence start or in tables; never organisations alone.
ORG_JUNK = MONTH_ABBREVIATIONS | {
    "net", "shr", "revs", "qtr", "oper", "avg", "shrs", "mths", "pct", "inc", "corp", "ltd",
    "co", "group", "company", "government", "ministry", "board", "cabinet",
    "state", "treasury", "exchange", "commission", "committee", "council", "bank", "reuters",
    "ap", "afp", "ceo", "cfo", "chairman", "president", "minister", "news", "u.s.", "us",
    "ai", "entity list", "gmt", "libor", "state of the union",
    # the IMF's unit of account, which NER takes for a body
    "special drawing rights", "special drawing right", "sdr", "sdrs",
}  # fmt: skip
# "the city of Oruro": what NER calls an organisation after these is a place.
SETTLEMENTS = {"city", "town", "village", "port", "municipality", "province", "region"}
# A name ending in one of these is an organisation, whatever place it names first.
BODY_TAILS = {
    "agency", "bank", "company", "corporation", "council", "ministry", "commission",
    "institute", "association", "authority", "board", "bureau", "federation", "union",
    # a firm's name, whatever place it starts with: "Centerre Bancorporation"
    "bancorporation", "bancorp", "bancshares", "bankshares", "holdings", "industries",
    "enterprises", "airlines", "airways", "petroleum", "resources", "minerals", "chemicals",
    "pharmaceuticals", "technologies", "communications", "electronics", "savings",
}  # fmt: skip
GENERIC_TAIL = {"government", "govt", "authorities", "officials", "administration", "cabinet"}
PLACE_SUFFIX = re.compile(r"\s+(?:province|region|state|county|district|prefecture)$", re.I)
# What ends a partnership's name after "and": "Alex Brown and Sons", "Bybee and Associates".
PARTNERSHIP_TAILS = frozenset({"Associates", "Sons", "Partners", "Brothers"})
COMPANY_SUFFIX = re.compile(
    r"(?:,?\s+(?:Inc|Incorporated|Corp|Corporation|Co|Company|Ltd|Limited|Plc|PLC|plc|LLC|"
    r"L\.P|LP|S\.A|SA|C\.A|AG|NV|N\.V|SpA|S\.p\.A|AB|ASA|Pty|Pte|Tbk|Bhd|Berhad|KK|GmbH|SE|A/S|"
    r"KGaA|SAS|S\.A\.S|SARL|Sarl|Ltda|LLP|L\.L\.C|PJSC|OJSC|SRL|S\.r\.l|Srl|Kft)\.?)+$"
)
PERSON_TITLES = {
    "mr", "mrs", "ms", "dr", "sir", "dame", "prof", "professor", "president", "minister",
    "premier", "senator", "governor", "chancellor", "secretary", "ceo", "chairman", "king",
    "prince", "general", "gen", "sheikh", "rep", "sen", "judge", "mayor", "chief", "prime",
    "deputy", "vice", "foreign", "trade", "finance", "energy", "commerce", "executive",
    "treasurer", "ambassador", "chairwoman", "director", "spokesman", "spokeswoman",
    "ayatollah", "admiral", "adm", "colonel", "col", "sergeant", "sgt", "pastor", "rev",
    "reverend", "representative", "lt", "lieutenant", "captain", "capt", "retired", "elect",
}  # fmt: skip
ROLE_HEADS = {
    "minister", "president", "secretary", "ceo", "cfo", "coo", "chief", "executive", "chairman",
    "chairwoman", "chair", "director", "governor", "spokesman", "spokeswoman", "spokesperson",
    "ambassador", "premier", "chancellor", "analyst", "head", "officer", "founder", "envoy",
    "adviser", "advisor", "economist", "commissioner", "treasurer", "manager", "king", "prince",
    "senator", "lawmaker", "leader", "general", "mayor", "trader", "strategist", "representative",
    "administrator", "deputy", "counsellor", "counselor", "undersecretary", "czar", "tsar",
}  # fmt: skip
ROLE_MODS = {
    "investment", "trade", "finance", "financial", "foreign", "energy", "mining", "mines",
    "resources", "industry", "industrial", "commerce", "defence", "defense", "economy",
    "economic", "economics", "prime", "vice", "managing", "senior", "state", "former", "acting",
    "interim", "coordinating", "maritime", "affairs", "environment", "climate", "treasury",
    "health", "home", "interior", "national", "security", "operating", "technology", "general",
    "deputy", "assistant", "principal", "research", "commodities", "commodity", "metals", "oil",
    "chief", "executive", "officer", "sales", "marketing", "group", "country", "regional",
    "us", "u.s.", "eu", "minerals", "critical", "policy", "strategy", "cabinet",
    "infrastructure", "transport", "agriculture", "labour", "labor", "development", "market",
    "markets", "investor", "relations", "sustainability", "supply", "chain", "battery",
    "president", "secretary", "minister", "director", "and",
}  # fmt: skip
# Commodity aliases that are also common words: keep them only in commodity-like context.
CONTEXT_WORDS = {
    "price", "prices", "ore", "ores", "smelter", "smelters", "concentrate", "concentrates",
    "output", "production", "mine", "mines", "mining", "metal", "metals", "futures", "tonnes",
    "tons", "acid", "refined", "stocks", "inventories", "exports", "imports", "supply",
    "market", "reserves", "deposit", "deposits", "producer", "producers", "battery", "batteries",
}  # fmt: skip
AMBIGUOUS_COMMODITY = {"lead", "tin", "mercury", "carbon"}
SKIP_BEFORE = {
    "chip": {"blue", "bargaining", "poker"},
    "chips": {"blue", "bargaining", "poker", "potato"},
    "gas": {"greenhouse", "tear", "nerve", "poison"},
    "oil": {
        "vegetable", "olive", "cooking", "edible", "soybean", "soy", "castor", "fish", "linseed",
        "sunflower", "rapeseed", "coconut", "palm", "essential", "lubricating", "motor", "crude",
    },
}  # fmt: skip
# Words after a commodity's name that make it a weapon or an idiom: "a hydrogen bomb", "iron
# out snags", "iron-clad reassurances".
SKIP_AFTER = {
    "hydrogen": {"bomb", "bombs", "device", "devices", "weapon", "weapons"},
    "iron": {"out", "fist", "curtain", "lady", "grip", "dome", "clad", "will"},
}  # fmt: skip
GENERIC_WORDS = ORG_JUNK | {
    "parliament",  # an ORG alone (GUIDELINES), but generic inside a firm's name
    "finance", "agriculture", "community", "commerce", "association", "defense", "defence",
    "energy", "trade", "industry", "labor", "labour", "justice", "interior", "navy", "army",
    "court", "district", "congress", "house", "senate", "police", "customs", "alliance",
    "union", "party", "fund", "institute", "central", "national", "reserve", "stock", "federal",
    "department", "agency", "office", "bureau", "authority", "corporation", "holdings",
    "securities", "investment", "investments", "international", "industries", "chemical",
    "telecommunications", "statistics", "economic", "development", "world", "general", "gmt",
    "libor", "mln", "bln", "billion", "million", "avg", "dlr", "the", "of", "and",
}  # fmt: skip
MONEY_WORDS = {"dlrs", "dlr", "dollar", "dollars", "yen", "marks", "francs", "stg", "cts", "pct"}
CONNECTORS = {"of", "for", "and", "&", "on", "de", "du", "des", "la", "the", "-", "'s", "y"}
ROLE_WORDS = ROLE_HEADS | ROLE_MODS
ORG_HEADS = {
    "minerals", "resources", "mining", "metals", "energy", "group", "holdings", "bank",
    "corp", "corporation", "inc", "ltd", "limited", "plc", "materials", "petroleum", "oil",
    "gas", "power", "chemicals", "industries", "technologies", "partners", "capital", "lithium",
    "exploration", "steel", "motors", "airlines", "solar", "semiconductor", "electronics",
    "mineral", "tbk",
}  # fmt: skip
# Last words that make a name NER calls a person a business: "Pizza Inn", "Asset Management".
BUSINESS_HEADS = ORG_HEADS | {
    "inn", "hotel", "hotels", "resorts", "management", "brands", "stores", "insurance",
    "securities", "associates", "foundation", "institute", "university", "financial",
    "pharmaceuticals", "communications", "airways", "systems", "services", "investments",
    "entertainment", "bancorp", "trust", "fund", "labs", "software", "networks", "foods",
}  # fmt: skip
# Legal-form prefixes: "PT Tanah Merah Mineral" is an Indonesian company, never a person.
COMPANY_PREFIXES = {"PT", "PJSC", "JSC", "OAO", "PAO", "OOO"}
# Words that make "X Project", "X Facility" or "X Station" a body, a programme or a base,
# not a mine, field or plant: "National Employment Law Project", "Commercial Paper Funding
# Facility", "Fallon Naval Air Station", "Holman Correctional Facility".
CIVIC_WORDS = frozenset({
    "policy", "law", "tax", "history", "media", "governance", "propaganda", "refugee",
    "assistance", "employment", "evaluation", "cybersecurity", "organizing", "organising",
    "defense", "defence", "missile", "climate", "justice", "rights", "research", "studies",
    "democracy", "accountability", "innocence", "education", "center", "centre", "institute",
    "university", "college", "computational", "language", "validation", "correctional",
    "weather", "funding", "naval", "patrol", "space", "computer", "network", "police",
})  # fmt: skip
# Nouns a kind word modifies when it names no facility: "field office", "plant manager".
ROLE_NOUNS = frozenset({
    "office", "offices", "chief", "chiefs", "manager", "managers", "worker", "workers",
    "staff", "agent", "agents", "trip", "trips", "officer", "officers", "director", "hand",
    "hands", "commander", "guard", "guards", "operator", "operators", "control", "rule",
    "rules",
})  # fmt: skip
# Determiners; after a word spelled like a kind they make it a verb ("the CBO project that",
# "Democrats block any vote").
DETERMINERS = frozenset({
    "that", "a", "an", "the", "any", "their", "its", "this", "these", "those", "some",
})  # fmt: skip
# Stations that are shops, services or broadcasters, not power stations.
SERVICE_STATIONS = frozenset({
    "gas", "petrol", "filling", "service", "police", "fire", "train", "bus", "subway",
    "railway", "rail", "tv", "television", "radio", "polling", "duty", "relay", "weather",
})  # fmt: skip

KIND_MODIFIERS = {
    "power", "processing", "wind", "solar", "battery", "export", "hydro", "nuclear", "offshore",
    "onshore", "underground", "deepwater", "petrochemical", "sands", "hydroelectric",
    "enrichment", "reprocessing", "liquefaction", "assembly", "floating", "opencast",
    # what a plant makes: "the Pontiac truck plant", "its Claymont steel mill"
    "truck", "car", "auto", "engine", "tire", "tyre", "paper", "pulp", "cement", "chemical",
    "chemicals", "glass", "textile", "fertilizer", "fertiliser", "ammonia", "methanol",
    # what stage of a metal it makes: "its Troutdale, Ore., primary aluminum plant"
    "primary", "secondary",
}  # fmt: skip
# The second half of a hyphenated kind modifier, which the tokenizer splits in three
# ("coal - fired"): "the Drax coal-fired power station", "the Bingham Canyon open-pit mine".
HYPHENATED_KIND_HALVES = frozenset({"fired", "electric", "pit", "cut", "powered"})
NAME_PARTICLES = {"de", "do", "dos", "da", "das", "del", "di", "du", "von", "van", "bin", "al"}
PROCESS_WORDS = {"HPAL", "RKEF", "DLE", "EV", "AI", "LNG", "IPO", "JV", "CCS", "PV"}
ACRONYM = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Z][A-Za-z&.\-]{1,9}$")
ROLE_PRIORITY = {"kb": 0, "acronym": 0, "pattern": 1, "ner": 2}
# Units and their abbreviations: "a 30 GWh battery plant" has no project name. "Mt" is left
# out because it also abbreviates Mount ("Mt Weld").
UNIT_WORDS = {
    "gwh", "mwh", "kwh", "twh", "gw", "mw", "kw", "tw", "mwp", "gwp", "mwe", "gwe", "mwac",
    "mwdc", "kt", "tonnes", "tonne", "tons", "ton", "mtpa", "ktpa", "tpa", "mtpy", "tpy", "bcm",
    "bcf", "tcf", "mmcfd", "mmscfd", "mmbtu", "bpd", "b/d", "bbl", "boe", "boepd", "koz", "moz",
    "oz", "ounces", "lb", "lbs", "mlbs", "kg", "km", "ha", "hectares", "wpm", "nm",
}  # fmt: skip
# An organisation named "U.S. <word>" only with one of these words; Reuters capitalises the
# word after "U.S." anyway ("U.S. Exports", "U.S. Charges").
US_INSTITUTIONS = {
    "army", "navy", "senate", "house", "congress", "treasury", "embassy", "marines",
    "commerce", "customs", "mint", "chamber", "government", "administration", "military",
    "coast", "steel", "airways", "bancorp", "cellular", "trust", "agency", "department",
}  # fmt: skip
# Names of laws, plans and programmes: not organisations ("Foodstuff Control Act").
NOT_ORG_TAIL = {
    "act", "bill", "law", "plan", "program", "programme", "deal", "agreement", "accord",
    "treaty", "pact", "rule", "initiative", "doctrine", "index", "round", "amendment",
    "resolution", "protocol", "convention", "regulation", "directive", "strategy",
}  # fmt: skip
# Diseases the small NER model takes for organisations ("COVID-19 cases rose").
DISEASES = {
    "covid-19", "covid", "covid19", "coronavirus", "sars-cov-2", "ebola", "zika", "sars",
    "mers", "h1n1", "hiv",
}  # fmt: skip
# Trade pacts NER takes for organisations ("the USMCA trade deal"): agreements, not bodies.
TRADE_PACTS = {
    "nafta", "usmca", "tpp", "cptpp", "rcep", "cafta", "cafta-dr", "korus", "ttip", "ceta",
    "trans-pacific partnership", "north american free trade agreement",
}  # fmt: skip
# Photo credits and agency tags: "REUTERS/Jonathan Ernst", "Kiichiro Sato/AP".
CREDIT_WORDS = {"reuters", "ap", "afp", "getty", "handout", "file", "photo", "images", "epa"}
# Titles that end an organisation's name when NER runs on into a person's title.
TITLE_WORDS = {
    "administrator", "brigadier", "pastor", "sergeant", "sgt", "chairman", "chairwoman",
    "president", "secretary", "minister", "spokesman", "spokeswoman", "director", "chief",
    "governor", "general", "gen", "colonel", "col", "captain", "capt", "lieutenant", "lt",
    "major", "admiral", "adm", "commander", "ambassador", "senator", "sen", "rep",
    "representative", "officer", "ceo", "executive", "head", "leader", "analyst", "host",
}  # fmt: skip

# A place's generic word after a country's name makes a place name: "Turkey Point".
PLACE_GENERICS = frozenset({
    "point", "bay", "island", "creek", "river", "lake", "hill", "valley", "beach", "ridge",
    "mountain", "springs", "basin", "delta", "canyon", "harbour", "harbor", "head", "cove",
})  # fmt: skip
# Days and months: no name's words, and where a phrase turns to its date.
CALENDAR_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
})  # fmt: skip

# Heads that make a capitalised name a place, whatever the NER label: "Fort Bragg",
# "Andersen Air Force Base", "Swann Hills", "Kern County".
PLACE_HEADS = {
    "base", "range", "hills", "zone", "island", "islands", "county", "valley", "river",
    "mountains", "peninsula", "desert", "lake", "basin", "strait", "canal", "province",
}  # fmt: skip
# What a firm's unit is called beside its name: "Aker Verdal, a unit of Aker Norcem".
FIRM_PART_WORDS = frozenset({"unit", "subsidiary", "division", "affiliate", "arm", "offshoot"})
# Nouns that say what kind of firm a name is: "Pike, Reedham and Cawley, a New York brokerage",
# "the U.S. firm Ardmore Tool".
FIRM_KINDS = FIRM_PART_WORDS | {
    "firm", "firms", "company", "concern", "maker", "producer", "refiner", "miner", "bank",
    "investor", "investors", "group", "brokerage", "partnership", "house", "fund", "dealer",
    "broker", "underwriter", "adviser", "advisor", "consultancy", "practice", "agency",
    "boutique", "arbitrageur", "specialist",
}  # fmt: skip
# The kind words that stand before a firm's own name and are no part of it: "U.S. Firm
# Ardmore Tool Co" (but "Unit Trust" is a kind of fund, "Deutsche Bank Capital" a name).
DESCRIPTORS = frozenset({"firm", "firms", "subsidiary", "affiliate", "concern"})
