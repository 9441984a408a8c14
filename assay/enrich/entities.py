"""Entity linking: KB phrase matches, spaCy NER for the gaps, acronyms, projects, people.

`EntityLinker(nlp).link(doc)` returns entities sorted by first mention. Every mention
satisfies `doc.text[m.start:m.end] == m.text`. The knowledge base decides the key and type
of any name it knows; NER only adds names the KB does not know. Order of work:

1. candidates: KB aliases (two PhraseMatchers: exact for acronyms and formulas, case-folded
   for names), NER spans (looked up in the KB first), "X mine"/"X refinery" project patterns;
2. overlaps resolved longest-first (KB wins ties);
3. acronym definitions "Long Name (ACR)" / "ACR (Long Name)" merge into one entity and
   later bare "ACR" tokens attach to it; surnames attach to the full name of a person;
4. attrs: person roles ("Indonesia's investment minister X"), project countries ("in Chile").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import ENT_IOB, ENT_TYPE, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from assay.enrich.kb import KBEntry, KnowledgeBase, slugify
from assay.models import Entity, Mention

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
}
# Words that start a capitalised run but are not names ("The mine", "New project").
NAME_STOP = {
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our",
    "new", "said", "first", "second", "largest", "main", "pilot", "proposed", "planned",
    "existing", "flagship", "in", "at", "of", "for", "and", "or", "but", "as", "on", "by",
    "one", "two", "three", "which", "when", "while", "after", "before", "if", "last", "next",
}  # fmt: skip
# Words NER tends to tag as ORG at sentence start or in tables; never organisations alone.
ORG_JUNK = {
    "net", "shr", "revs", "qtr", "oper", "avg", "shrs", "mths", "pct", "inc", "corp", "ltd",
    "co", "group", "company", "government", "ministry", "board", "parliament", "cabinet",
    "state", "treasury", "exchange", "commission", "committee", "council", "bank", "reuters",
    "ap", "afp", "ceo", "cfo", "chairman", "president", "minister", "news", "u.s.", "us",
    "ai", "entity list", "gmt", "libor",
}  # fmt: skip
GENERIC_TAIL = {"government", "govt", "authorities", "officials", "administration", "cabinet"}
PLACE_SUFFIX = re.compile(r"\s+(?:province|region|state|county|district|prefecture)$", re.I)
COMPANY_SUFFIX = re.compile(
    r"(?:,?\s+(?:Inc|Incorporated|Corp|Corporation|Co|Company|Ltd|Limited|Plc|PLC|plc|LLC|"
    r"L\.P|LP|S\.A|SA|AG|NV|N\.V|SpA|S\.p\.A|AB|ASA|Pty|Pte|Tbk|Bhd|Berhad|KK|GmbH|SE)\.?)+$"
)
PERSON_TITLES = {
    "mr", "mrs", "ms", "dr", "sir", "dame", "prof", "professor", "president", "minister",
    "premier", "senator", "governor", "chancellor", "secretary", "ceo", "chairman", "king",
    "prince", "general", "gen", "sheikh", "rep", "sen", "judge", "mayor", "chief", "prime",
    "deputy", "vice", "foreign", "trade", "finance", "energy", "commerce", "executive",
    "treasurer", "ambassador", "chairwoman", "director", "spokesman", "spokeswoman",
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
GENERIC_WORDS = ORG_JUNK | {
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
}  # fmt: skip
KIND_MODIFIERS = {"power", "processing", "wind", "solar", "battery", "export", "hydro", "nuclear"}
NAME_PARTICLES = {"de", "do", "dos", "da", "das", "del", "di", "du", "von", "van", "bin", "al"}
PROCESS_WORDS = {"HPAL", "RKEF", "DLE", "EV", "AI", "LNG", "IPO", "JV", "CCS", "PV"}
ACRONYM = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Z][A-Za-z&.\-]{1,9}$")
ROLE_PRIORITY = {"kb": 0, "acronym": 0, "pattern": 1, "ner": 2}


@dataclass
class _Cand:
    """A resolved or candidate span: token range plus what it links to."""

    start: int  # token index
    end: int
    key: str
    type: str
    name: str
    source: str
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class _View:
    """Per-doc token texts, read once: Token objects are costly to create in a loop."""

    doc: Doc
    text: list[str]
    lower: list[str]
    sent_start: list[bool]
    ents: list[tuple[int, int, str]]
    raw: str

    @classmethod
    def of(cls, doc: Doc) -> _View:
        arr = doc.to_array([ORTH, SENT_START, ENT_IOB, ENT_TYPE, SPACY]).tolist()
        strings = doc.vocab.strings
        text = [strings[row[0]] for row in arr]
        # Doc.text builds a Token per word in Python; this join is the same string, faster
        raw = "".join([t + " " if row[4] else t for t, row in zip(text, arr, strict=True)])
        ents: list[tuple[int, int, str]] = []
        for i, (_, _, iob, etype, _) in enumerate(arr):
            if iob == 3:  # B
                ents.append((i, i + 1, strings[etype]))
            elif iob == 1 and ents and ents[-1][1] == i:  # I
                ents[-1] = (ents[-1][0], i + 1, ents[-1][2])
        sent = [row[1] == 1 for row in arr]
        if sent:
            sent[0] = True
        return cls(doc, text, [t.lower() for t in text], sent, ents, raw)


class EntityLinker:
    """Links entities in a spaCy Doc; matchers are built once per KB load and vocab."""

    name = "entities.v1"

    def __init__(
        self, nlp: Language, kb: KnowledgeBase | None = None, *, products: bool = False
    ) -> None:
        """`products=True` also links manufactured goods (chips, magnets, EV batteries...).

        They are off by default: the project's gold annotations treat only raw materials and
        energy as commodities, and "chips" in most stories is context, not the subject.
        """
        self.nlp = nlp
        self.kb = kb if kb is not None else KnowledgeBase.load()
        self._skip = (
            set()
            if products
            else {
                e.key
                for e in self.kb.of_type("COMMODITY")
                if "manufactured" in e.attrs.get("groups", ())
            }
        )
        # the cache holds the vocab too, so its id cannot be reused by another vocab
        cached = self.kb.matcher_cache.get(id(nlp.vocab))
        if cached is None or cached[0] is not nlp.vocab:
            cached = (nlp.vocab, *self._build_matchers(nlp))
            self.kb.matcher_cache[id(nlp.vocab)] = cached
        self._exact: PhraseMatcher = cached[1]
        self._folded: PhraseMatcher = cached[2]

    def _build_matchers(self, nlp: Language) -> tuple[PhraseMatcher, PhraseMatcher]:
        exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        forms: dict[tuple[bool, str], list[Doc]] = {}
        for alias, key in self.kb.aliases().items():
            doc = nlp.make_doc(alias)
            # the label carries which alias tokens are capitalised, for the case check
            mask = "".join("1" if t.text[:1].isupper() else "0" for t in doc)
            forms.setdefault((_is_exact_alias(alias), f"{key}\t{mask}"), []).append(doc)
        for (is_exact, label), docs in forms.items():
            (exact if is_exact else folded).add(label, docs)
        return exact, folded

    # ------------------------------------------------------------------ public

    def link(self, doc: Doc) -> list[Entity]:
        """Entities in `doc`, each with a stable key, mentions and attrs, by first mention."""
        v = _View.of(doc)
        raw = v.raw
        if not raw.strip():
            return []
        shouting = _mostly_upper(raw)
        cands = self._kb_candidates(v, shouting)
        cands += self._ner_candidates(v, shouting)
        cands += self._project_candidates(v, cands)
        cands += _role_people(v, cands)
        chosen = _resolve(cands)
        chosen += _nested_commodities(cands, chosen)
        chosen = self._acronyms(v, chosen)
        chosen = self._people(v, chosen)
        chosen = _merge_org_variants(v, chosen)
        return self._entities(doc, raw, chosen)

    # ------------------------------------------------------------ candidates

    def _kb_candidates(self, v: _View, shouting: bool) -> list[_Cand]:
        doc = v.doc
        strings = doc.vocab.strings
        out: list[_Cand] = []
        for matcher, exact in ((self._exact, True), (self._folded, False)):
            for match_id, start, end in matcher(doc):
                key, mask = strings[match_id].split("\t", 1)
                if key in self._skip:
                    continue
                entry = self.kb.entries[key]
                if not exact and not _case_ok(mask, v.text[start:end]):
                    continue
                if entry.type == "COMMODITY" and not _commodity_ok(v, start, end, mask, shouting):
                    continue
                if entry.type == "PROJECT" and end < len(v.lower) and v.lower[end] in PROJECT_KINDS:
                    end += 1  # "Stibnite" + "project": the mention takes the kind word
                out.append(_kb_cand(start, end, entry))
        return out

    def _ner_candidates(self, v: _View, shouting: bool) -> list[_Cand]:
        out: list[_Cand] = []
        for e_start, e_end, label in _merge_split_names(v):
            if label not in ("ORG", "PERSON", "GPE", "LOC", "FAC", "NORP"):
                continue
            span = _trim(v, e_start, e_end)
            if span is None:
                continue
            text = " ".join(span.text.split())
            entry = self._lookup(text)
            if entry is not None:
                out.append(_kb_cand(span.start, span.end, entry, source="kb"))
                continue
            if label == "FAC" or (shouting and len(span) > 1 and label != "PERSON"):
                continue  # FAC names come through project patterns; shouted spans are headlines
            if label == "NORP":
                continue  # political/religious groups: not an entity type we keep
            if label == "ORG":
                if self._generic_wrapper(span) or not _org_ok(v, span):
                    continue
                name = COMPANY_SUFFIX.sub("", text).strip() or text
                if name.upper() in PROCESS_WORDS:
                    continue
                entry = self._lookup(name)
                if entry is not None:
                    out.append(_kb_cand(span.start, span.end, entry, source="kb"))
                else:
                    out.append(
                        _Cand(span.start, span.end, f"org:{slugify(name)}", "ORG", name, "ner")
                    )
            elif label == "PERSON" and v.lower[span.end - 1] in ORG_HEADS and len(span) > 1:
                name = COMPANY_SUFFIX.sub("", text).strip() or text  # "Buckhorn Inc" is a firm
                out.append(_Cand(span.start, span.end, f"org:{slugify(name)}", "ORG", name, "ner"))
            elif label == "PERSON":
                span = _strip_titles(span)
                if COMPANY_SUFFIX.search(text):
                    continue  # "Buckhorn Inc" tagged as a person: not trusted either way
                if span is not None and _person_ok(v, span):
                    name = " ".join(span.text.split())
                    out.append(
                        _Cand(
                            span.start, span.end, f"person:{slugify(name)}", "PERSON", name, "ner"
                        )
                    )
            elif _place_ok(v, span):
                name = PLACE_SUFFIX.sub("", text) or text  # "Catamarca province" -> Catamarca
                entry = self._lookup(name)
                if entry is not None:
                    out.append(_kb_cand(span.start, span.end, entry))
                    continue
                out.append(
                    _Cand(
                        span.start, span.end, f"location:{slugify(name)}", "LOCATION", name, "ner"
                    )
                )
        return out

    def _lookup(self, text: str) -> KBEntry | None:
        """KB entry for a whole NER span; acronyms must match in case ('Us' is not 'US')."""
        entry = self.kb.lookup(text)
        if entry is None:
            return None
        forms = (entry.name, *entry.aliases)
        if any(f == text or (not _is_exact_alias(f) and f.lower() == text.lower()) for f in forms):
            return entry
        return None

    def _generic_wrapper(self, span: Span) -> bool:
        """'Chinese government', 'the Australian authorities': the country is the actor."""
        if len(span) < 2 or span[-1].lower_ not in GENERIC_TAIL:
            return False
        entry = self.kb.lookup(span[:-1].text)
        return entry is not None and entry.type == "COUNTRY"

    def _project_candidates(self, v: _View, cands: list[_Cand]) -> list[_Cand]:
        """'Kamoa-Kakula copper mine', 'Foo Bar rare earths project' when the KB lacks them."""
        covered: dict[int, _Cand] = {}
        ner_tokens: dict[int, str] = {}
        for e_start, e_end, label in v.ents:
            for i in range(e_start, e_end):
                ner_tokens[i] = label
        for c in cands:
            if c.source == "kb":
                for i in range(c.start, c.end):
                    covered[i] = c
        out: list[_Cand] = []
        doc, text = v.doc, v.text
        for k, low in enumerate(v.lower):
            kind = PROJECT_KINDS.get(low)
            if kind is None or text[k] != low:
                continue
            end_name = k
            if end_name > 0 and v.lower[end_name - 1] in KIND_MODIFIERS:
                end_name -= 1  # "Komati power station", "Kalgoorlie processing plant"
            # commodity words may sit between name and kind: "Nolans rare earths project"
            while (
                end_name > 0
                and k - end_name < 4
                and end_name - 1 in covered
                and covered[end_name - 1].type == "COMMODITY"
                and not _title(text[end_name - 1])
            ):
                end_name -= 1
            start = end_name
            while start > 0 and end_name - start < 5:
                t = text[start - 1]
                if (t == "-" and start >= 2 and _title(text[start - 2]) and start < end_name) or (
                    _title(t) and t.lower() not in NAME_STOP and not t[:1].isdigit()
                ):
                    start -= 1
                else:
                    break
            if start == end_name or _described_not_named(covered, start, end_name):
                continue  # no name, or a known entity: "Chinese plant", "BHP project"
            if text[start] == "-":
                continue
            if kind in ("plant", "terminal") and any(
                ner_tokens.get(i) == "GPE" for i in range(start, end_name)
            ):
                continue  # "Chicago plant" says where a plant is; "Quillota smelter" names one
            if v.sent_start[start] and not any(i in ner_tokens for i in range(start, end_name)):
                continue  # "Combined output", "Demand field": capitalised only by position
            names = doc[start:end_name]
            name = names.text
            if name.upper() in PROCESS_WORDS:
                continue
            key = f"project:{slugify(name)}"
            out.append(_Cand(start, k + 1, key, "PROJECT", name, "pattern", {"kind": kind}))
        return out

    # ------------------------------------------------------------ post-passes

    def _acronyms(self, v: _View, chosen: list[_Cand]) -> list[_Cand]:
        """Merge 'Long Name (ACR)' and 'ACR (Long Name)'; attach later bare 'ACR' tokens."""
        by_end = {c.end: c for c in chosen}
        by_start = {c.start: c for c in chosen}
        local: dict[str, _Cand] = {}
        added: list[_Cand] = []
        doc, text = v.doc, v.text
        n = len(text)
        parens = [i for i, t in enumerate(text) if t == "("]
        for p in parens:
            if p + 2 >= n or text[p + 2] != ")":
                continue
            acr = text[p + 1]
            before = by_end.get(p)
            if before is not None and before.type == "COMMODITY":
                entry = self.kb.get(before.key)
                symbol = entry.attrs.get("symbol") if entry else None
                if acr == symbol or (self.kb.lookup(acr) and self.kb.lookup(acr) is entry):
                    local[acr] = before
                continue
            if not ACRONYM.match(acr) or (before is not None and before.type == "PERSON"):
                continue
            if before is not None and before.type in ("ORG", "PROJECT", "COUNTRY", "LOCATION"):
                target = before
            else:
                long_span = _initials_span(text, p, acr)
                if long_span is None:
                    continue
                target = _Cand(long_span[0], long_span[1], "", "ORG", "", "acronym")
                target.name = doc[long_span[0] : long_span[1]].text
                added.append(target)
            self._rekey_for_acronym(target, acr)
            local[acr] = target
        # "ACR (Long Name)": the long name sits inside parentheses after a known acronym
        for p in parens:
            if p == 0:
                continue
            acr = text[p - 1]
            if not ACRONYM.match(acr) or acr in local:
                continue
            close = next((i for i in range(p + 1, min(n, p + 12)) if text[i] == ")"), None)
            if close is None or _initials(text[p + 1 : close]) != _acr_letters(acr):
                continue
            inside = by_start.get(p + 1)
            if inside is not None and inside.end == close:
                target = inside
            else:
                target = _Cand(p + 1, close, "", "ORG", doc[p + 1 : close].text, "acronym")
                added.append(target)
            self._rekey_for_acronym(target, acr)
            local[acr] = target
        if not local:
            return chosen
        added_tokens = {i for c in added for i in range(c.start, c.end)}
        kept = [c for c in chosen if not any(i in added_tokens for i in range(c.start, c.end))]
        kept += added
        # every token spelling a defined acronym joins its entity, overriding KB readings
        result: list[_Cand] = []
        for c in kept:
            if c.end - c.start == 1 and text[c.start] in local:
                t = local[text[c.start]]
                if c is not t:
                    c = _Cand(c.start, c.end, t.key, t.type, t.name, "acronym", t.attrs)
            result.append(c)
        taken = {i for c in result for i in range(c.start, c.end)}
        for i, t_text in enumerate(text):
            if t_text in local and i not in taken:
                t = local[t_text]
                result.append(_Cand(i, i + 1, t.key, t.type, t.name, "acronym", t.attrs))
        return sorted(result, key=lambda c: c.start)

    def _rekey_for_acronym(self, target: _Cand, acr: str) -> None:
        """KB key if either form is known, else `org:<acronym>` for new organisations."""
        if target.key and target.source == "kb":
            return
        entry = self.kb.lookup(acr) if _is_exact_alias(acr) else None
        entry = entry or self.kb.lookup(target.name)
        if entry is not None:
            target.key, target.type, target.name = entry.key, entry.type, entry.name
            target.attrs = _kb_attrs(entry)
            target.source = "kb"
        elif target.type == "ORG":
            target.key = f"org:{slugify(acr)}"
            target.attrs = {"aliases": [acr]}

    def _people(self, v: _View, chosen: list[_Cand]) -> list[_Cand]:
        """Attach surname-only mentions to the full name; fill in roles."""
        surnames: dict[str, _Cand] = {}
        for c in chosen:
            if c.type == "PERSON" and c.end - c.start >= 2:
                surnames.setdefault(v.text[c.end - 1], c)
        result: list[_Cand] = []
        for c in chosen:
            if c.end - c.start == 1 and c.source != "kb" and v.text[c.start] in surnames:
                full = surnames[v.text[c.start]]
                if full is not c:
                    c = _Cand(c.start, c.end, full.key, "PERSON", full.name, "ner", full.attrs)
            result.append(c)
        if surnames:
            taken = {i for c in result for i in range(c.start, c.end)}
            for i, t_text in enumerate(v.text):
                match = surnames.get(t_text)
                if match is not None and i not in taken:
                    result.append(_Cand(i, i + 1, match.key, "PERSON", match.name, "ner"))
        result.sort(key=lambda c: c.start)
        ents_at = {c.end: c for c in result}
        full_keys = {c.key for c in surnames.values()}
        kept = []
        for c in result:
            if c.type == "PERSON" and not c.attrs.get("role"):
                role = _role_before(v, c, ents_at) or _role_after(v, c, result)
                if role:
                    c.attrs.update(role)
            if (
                c.type == "PERSON"
                and c.end - c.start == 1
                and c.key not in full_keys
                and not c.attrs.get("role")
                and not (c.start > 0 and v.lower[c.start - 1].rstrip(".") in PERSON_TITLES)
            ):
                continue  # a lone capitalised word NER calls a person is usually something else
            kept.append(c)
        return kept

    # ------------------------------------------------------------- assembly

    def _entities(self, doc: Doc, raw: str, chosen: list[_Cand]) -> list[Entity]:
        entities: dict[str, Entity] = {}
        for c in sorted(chosen, key=lambda c: c.start):
            span = doc[c.start : c.end]
            ent = entities.get(c.key)
            if ent is None:
                ent = Entity(key=c.key, name=c.name, type=c.type, attrs=dict(c.attrs))
                entities[c.key] = ent
            else:
                for k, v in c.attrs.items():
                    ent.attrs.setdefault(k, v)
                if c.source != "kb" and len(c.name) > len(ent.name) and c.type != "PROJECT":
                    ent.name = c.name  # new entities take their longest spelling
            ent.mentions.append(Mention(span.start_char, span.end_char, span.text))
        for ent in entities.values():
            if ent.type == "PROJECT" and not ent.attrs.get("country"):
                country = self._place_near(doc, raw, ent, list(entities.values()))
                if country:
                    ent.attrs["country"] = country
        return list(entities.values())

    def _place_near(
        self, doc: Doc, raw: str, project: Entity, entities: list[Entity]
    ) -> str | None:
        """Country of the nearest 'in <Country/Location>' in the project's first sentence."""
        first = project.mentions[0]
        sent = doc.char_span(first.start, first.end, alignment_mode="expand")
        if sent is None:
            return None
        s = sent.sent
        best: tuple[int, str] | None = None
        for ent in entities:
            if ent.type not in ("COUNTRY", "LOCATION"):
                continue
            for m in ent.mentions:
                if not (s.start_char <= m.start < s.end_char):
                    continue
                iso3 = ent.attrs.get("iso3") or ent.attrs.get("country")
                if not iso3:
                    continue
                prefix = raw[max(s.start_char, m.start - 4) : m.start].lower()
                distance = abs(m.start - first.start) - (1000 if prefix.endswith("in ") else 0)
                if best is None or distance < best[0]:
                    best = (distance, iso3)
        return best[1] if best else None


# ---------------------------------------------------------------------- helpers


def _is_exact_alias(alias: str) -> bool:
    """Acronyms, symbols and formulas match case-sensitively ('US' is not 'us')."""
    if any(ch.isdigit() for ch in alias):
        return True
    for word in alias.replace("-", " ").split():
        letters = [ch for ch in word if ch.isalpha()]
        if len(letters) >= 2 and not any(ch.islower() for ch in letters):
            return True  # an all-caps word: US, REE, JBIC, U.S.
        if any(ch.isupper() for ch in letters[1:]) and any(ch.islower() for ch in letters):
            return True  # mixed case: DoD, KfW, NdFeB
    return False


def _case_ok(mask: str, words: list[str]) -> bool:
    """Capitalised aliases need capitalised text: 'China' but not 'china', 'Turkey' not 'turkey'."""
    return all(m == "0" or w[:1].isupper() for m, w in zip(mask, words, strict=False))


def _commodity_ok(v: _View, start: int, end: int, mask: str, shouting: bool) -> bool:
    text, lower = v.text, v.lower
    prev = lower[start - 1] if start > 0 else ""
    if prev in SKIP_BEFORE.get(lower[end - 1], ()):
        return False
    if not shouting and text[start][:1].isupper() and not v.sent_start[start] and "1" not in mask:
        # part of a proper name: "Gold Fields", "Cobalt Blue", "Mercury Energy"
        nxt = text[end] if end < len(text) else ""
        if (start > 0 and _title(text[start - 1])) or _title(nxt):
            return False
    if lower[start] == "carbon":  # emissions talk, not the element: "low-carbon", "carbon tax"
        return end < len(lower) and lower[end] in ("fibre", "fiber", "black", "anode", "steel")
    if end - start == 1 and lower[start] in AMBIGUOUS_COMMODITY:
        window = lower[max(0, start - 3) : end + 3]
        return any(w in CONTEXT_WORDS or w in ("zinc", "copper") for w in window)
    return True


def _kb_attrs(entry: KBEntry) -> dict[str, Any]:
    a = entry.attrs
    if entry.type == "COUNTRY":
        return {"iso3": a["iso3"]}
    if entry.type == "COMMODITY":
        out: dict[str, Any] = {"groups": list(a.get("groups", []))}
        if "symbol" in a:
            out["symbol"] = a["symbol"]
        return out
    if entry.type == "ORG":
        return {k: a[k] for k in ("country", "kind", "aliases") if k in a}
    if entry.type == "PROJECT":
        return {k: a[k] for k in ("kind", "country") if a.get(k)}
    return {"country": a["country"]} if a.get("country") else {}


def _kb_cand(start: int, end: int, entry: KBEntry, source: str = "kb") -> _Cand:
    return _Cand(start, end, entry.key, entry.type, entry.name, source, _kb_attrs(entry))


def _resolve(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping choice: longest span first, then KB over patterns over NER."""
    order = sorted(cands, key=lambda c: (-(c.end - c.start), ROLE_PRIORITY[c.source], c.start))
    taken: set[int] = set()
    chosen = []
    for c in order:
        if any(i in taken for i in range(c.start, c.end)):
            continue
        taken.update(range(c.start, c.end))
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")


def _mostly_upper(text: str) -> bool:
    """Headline-style text in capitals, where case tells nothing about names."""
    head = text[:2000]
    upper = len(_UPPER.findall(head))
    return upper > 0.6 * (upper + len(_LOWER.findall(head)))


def _title(word: str) -> bool:
    return word[:1].isupper() and any(ch.isalpha() for ch in word)


def _nested_commodities(cands: list[_Cand], chosen: list[_Cand]) -> list[_Cand]:
    """Commodities named inside a project name ('Kamoa-Kakula copper mine') still count."""
    projects = [c for c in chosen if c.type == "PROJECT"]
    if not projects:
        return []
    return [
        c
        for c in cands
        if c.type == "COMMODITY"
        and c.source == "kb"
        and any(p.start < c.start and c.end <= p.end for p in projects)
    ]


def _trim(v: _View, start: int, end: int) -> Span | None:
    """Drop a leading 'the', a trailing possessive, 'and' or punctuation, anything from '('."""
    text = v.text
    for i in range(start, end):
        if text[i] in ("(", ",", ";") or "\n\n" in text[i]:
            end = i
            break
    while start < end and (v.lower[start] in ("the", "a", "an") or not _word(text[start])):
        start += 1
    while end > start and (
        v.lower[end - 1] in ("'s", "’s", "'", "and", "&", "of", "the") or not _word(text[end - 1])
    ):
        end -= 1
    return v.doc[start:end] if start < end else None


def _word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def _junk(lower: list[str]) -> bool:
    """Money words anywhere, or a generic noun alone: 'Finance' (but 'Finance Ministry' is fine)."""
    words = [w for w in lower if _word(w)]
    if len(words) == 1 and words[0] in GENERIC_WORDS:
        return True
    return not words or any(w in MONEY_WORDS for w in words) or " ".join(words) in ORG_JUNK


def _org_ok(v: _View, span: Span) -> bool:
    words = v.text[span.start : span.end]
    lower = v.lower[span.start : span.end]
    if not _title(words[0]) or len(words) > 7 or _junk(lower):
        return False
    if len(words) == 1 and (len(words[0]) < 2 or v.sent_start[span.start]):
        return False  # a capitalised first word is as likely a verb or noun as a name
    # every word capitalised apart from connectors: "Bank of Japan", not "U.S. banks"
    return all(_title(w) or w in CONNECTORS or not _word(w) or w[:1].isdigit() for w in words)


def _place_ok(v: _View, span: Span) -> bool:
    words = v.text[span.start : span.end]
    if not _title(words[0]) or _junk(v.lower[span.start : span.end]):
        return False
    if len(words) == 1 and (len(words[0]) <= 3 or words[0].endswith(".")):
        return False  # "Calif", "N.Y.", "BB": abbreviations the KB cannot place
    return not any(w[:1].isdigit() for w in words)


def _strip_titles(span: Span) -> Span | None:
    start = span.start
    doc = span.doc
    while start < span.end - 1 and doc[start].lower_.rstrip(".") in PERSON_TITLES:
        start += 1
    return doc[start : span.end]


def _person_ok(v: _View, span: Span) -> bool:
    words = v.text[span.start : span.end]
    if _junk(v.lower[span.start : span.end]) or len(words) > 5:
        return False
    particles = ("-", "'", "de", "van", "von", "bin", "al", "da")
    if not all(_title(w) or w in particles or w.isspace() for w in words):
        return False
    if any(w[:1].isdigit() or (len(w) > 1 and w.isupper()) for w in words):
        return False  # "U.S. Dlrs", "AVG": table or headline debris
    return not (len(words) == 1 and v.sent_start[span.start])


def _acr_letters(acr: str) -> str:
    return "".join(ch for ch in acr if ch.isupper())


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


def _initials_span(text: list[str], paren: int, acr: str) -> tuple[int, int] | None:
    """The capitalised run before '(' whose initials spell the acronym."""
    letters = _acr_letters(acr)
    start = paren
    while start > 0 and paren - start < 12:
        w = text[start - 1]
        if _title(w) or w.lower() in CONNECTORS:
            start -= 1
        else:
            break
    for s in range(start, paren):
        if not _title(text[s]):
            continue
        initials = _initials(text[s:paren])
        if initials == letters or (len(letters) >= 3 and initials.startswith(letters)):
            return (s, paren)
    return None


def _role_words(words: list[str]) -> str | None:
    if not words or not any(w.lower() in ROLE_HEADS for w in words):
        return None
    return " ".join(w if w.isupper() else w.lower() for w in words)


def _role_before(v: _View, person: _Cand, ents_at: dict[int, _Cand]) -> dict[str, str]:
    """'Indonesia's investment minister Bahlil Lahadalia' -> role, country."""
    i = person.start - 1
    words: list[str] = []
    while i >= 0 and len(words) < 6 and v.lower[i] in ROLE_WORDS:
        words.insert(0, v.text[i])
        i -= 1
    while words and words[0].lower() == "and":
        words.pop(0)
    role = _role_words(words)
    if role is None:
        return {}
    out = {"role": role}
    if i >= 1 and v.text[i] in ("'s", "’s") and i in ents_at:
        out.update(_owner_attrs(ents_at[i]))
    elif i + 1 in ents_at:
        out.update(_owner_attrs(ents_at[i + 1]))
    return out


def _role_after(v: _View, person: _Cand, chosen: list[_Cand]) -> dict[str, str]:
    """'Jane Doe, chief executive of Lynas, said' -> role, org."""
    i, n = person.end, len(v.text)
    if i >= n or v.text[i] != ",":
        return {}
    by_start = {c.start: c for c in chosen}
    i += 1
    owner: _Cand | None = None
    if i in by_start and by_start[i].type in ("COUNTRY", "ORG"):
        owner = by_start[i]
        i = owner.end
        if i < n and v.text[i] in ("'s", "’s"):
            i += 1
        else:
            return {}
    elif i < n and v.lower[i] in ("the", "a"):
        i += 1
    words: list[str] = []
    while i < n and len(words) < 6 and v.lower[i] in ROLE_WORDS:
        words.append(v.text[i])
        i += 1
    role = _role_words(words)
    if role is None:
        return {}
    out = {"role": role}
    if owner is None and i + 1 < n and v.lower[i] in ("of", "at") and i + 1 in by_start:
        owner = by_start[i + 1]
    if owner is not None:
        out.update(_owner_attrs(owner))
    return out


def _merge_org_variants(v: _View, chosen: list[_Cand]) -> list[_Cand]:
    """Within one story, 'McDonnell' and 'FDA' join 'McDonnell Douglas', 'Food and Drug ...'."""
    new_orgs = [c for c in chosen if c.type == "ORG" and c.source == "ner"]
    long_orgs = [c for c in new_orgs if c.end - c.start >= 2]
    if not long_orgs:
        return chosen
    firsts: dict[str, _Cand] = {}
    for long in long_orgs:
        first = v.text[long.start]
        if len(first) >= 4 and first.lower() not in NAME_STOP | GENERIC_WORDS:
            firsts.setdefault(first, long)
    taken = {i for c in chosen for i in range(c.start, c.end)}
    extra = [
        _Cand(i, i + 1, firsts[w].key, "ORG", firsts[w].name, "ner", firsts[w].attrs)
        for i, w in enumerate(v.text)
        if w in firsts and i not in taken
    ]
    for c in new_orgs:
        if c.end - c.start != 1:
            continue
        word = v.text[c.start]
        for long in long_orgs:
            words = v.text[long.start : long.end]
            acronym = word.isupper() and len(word) >= 2 and _initials(words) == word
            if words[0] == word or acronym:
                c.key, c.name, c.attrs = long.key, long.name, long.attrs
                break
    return sorted(chosen + extra, key=lambda c: c.start) if extra else chosen


def _merge_split_names(v: _View) -> list[tuple[int, int, str]]:
    """Names NER splits: 'Abdulaziz' + 'bin Salman', 'Casa' + 'dos' + 'Ventos'."""
    out: list[tuple[int, int, str]] = []
    for ent in v.ents:
        if out:
            prev = out[-1]
            people = ent[2] == prev[2] == "PERSON" and prev[1] == ent[0]
            joined = ent[0] == prev[1] + 1 and v.lower[prev[1]] in NAME_PARTICLES
            if people or (joined and prev[2] in ("ORG", "PERSON", "GPE", "LOC", "FAC")):
                out[-1] = (prev[0], ent[1], prev[2])
                continue
        out.append(ent)
    return out


def _described_not_named(covered: dict[int, _Cand], start: int, end: int) -> bool:
    """'BHP project', 'Chinese plant', 'Pilbara project': the name is a known other entity.

    A place plus a commodity ('Papua LNG project', 'Arctic LNG 2') is a project name.
    """
    known = [covered.get(i) for i in range(start, end)]
    if known[0] is not None and known[0].type in ("ORG", "COUNTRY", "PROJECT"):
        return True
    types = {k.type for k in known if k is not None}
    if None not in known and types <= {"LOCATION", "COUNTRY"}:
        return True
    return bool(types) and types <= {"COMMODITY"} and None not in known


def _role_people(v: _View, cands: list[_Cand]) -> list[_Cand]:
    """Names next to a role that the small NER model missed or mislabelled.

    'chief executive Jane Doe' and 'Jane Doe, chief executive of ...' make a PERSON of two or
    three capitalised words, unless the KB knows them.
    """
    text, n = v.text, len(v.text)
    known = {i for c in cands if c.source == "kb" for i in range(c.start, c.end)}
    people = {(c.start, c.end) for c in cands if c.type == "PERSON"}
    out: list[_Cand] = []
    for i, low in enumerate(v.lower):
        if low not in ROLE_HEADS:
            continue
        spans = []
        # role then name: "chief executive Jane Doe"
        j = i + 1
        while j < n and j - i <= 3 and v.lower[j] in ROLE_WORDS and v.lower[j] != "and":
            j += 1
        spans.append((j, _name_end(text, j)))
        # name then role: "Jane Doe, chief executive"
        k = i
        while k > 0 and i - k < 4 and v.lower[k - 1] in ROLE_WORDS:
            k -= 1
        if k >= 1 and v.lower[k - 1] in ("the", "a"):
            k -= 1
        if k >= 3 and text[k - 1] == ",":
            end = k - 1
            start = end
            while start > 0 and end - start < 3 and _title(text[start - 1]):
                start -= 1
            if _name_end(text, start) == end:
                spans.append((start, end))
        for start, end in spans:
            if end - start < 2 or (start, end) in people:
                continue
            if any(t in known for t in range(start, end)):
                continue
            if any(text[t].isupper() or v.lower[t] in PERSON_TITLES for t in range(start, end)):
                continue
            name = " ".join(text[start:end])
            out.append(_Cand(start, end, f"person:{slugify(name)}", "PERSON", name, "pattern"))
            people.add((start, end))
    return out


def _name_end(text: list[str], start: int) -> int:
    """End of a run of two or three capitalised words starting at `start`."""
    end = start
    while end < len(text) and end - start < 3 and _title(text[end]) and text[end].isalpha():
        end += 1
    return end


def _owner_attrs(owner: _Cand) -> dict[str, str]:
    if owner.type == "COUNTRY":
        return {"country": owner.key.split(":", 1)[1]}
    if owner.type == "ORG":
        return {"org": owner.key}
    return {}
