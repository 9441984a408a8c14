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

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

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
}  # fmt: skip
GENERIC_TAIL = {"government", "govt", "authorities", "officials", "administration", "cabinet"}
COMPANY_SUFFIX = re.compile(
    r"(?:,?\s+(?:Inc|Incorporated|Corp|Corporation|Co|Company|Ltd|Limited|Plc|PLC|plc|LLC|"
    r"L\.P|LP|S\.A|SA|AG|NV|N\.V|SpA|S\.p\.A|AB|ASA|Pty|Pte|Tbk|Bhd|Berhad|KK|GmbH|SE)\.?)+$"
)
PERSON_TITLES = {
    "mr", "mrs", "ms", "dr", "sir", "dame", "prof", "professor", "president", "minister",
    "premier", "senator", "governor", "chancellor", "secretary", "ceo", "chairman", "king",
    "prince", "general", "gen", "sheikh", "rep", "sen", "judge", "mayor", "chief", "prime",
    "deputy", "vice", "foreign", "trade", "finance", "energy", "commerce", "executive",
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
    "trade", "us", "u.s.", "eu", "minerals", "critical", "policy", "strategy", "cabinet",
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
AMBIGUOUS_COMMODITY = {"lead", "tin", "mercury"}
SKIP_BEFORE = {
    "chip": {"blue", "bargaining", "poker"},
    "chips": {"blue", "bargaining", "poker", "potato"},
    "gas": {"greenhouse", "tear", "nerve", "poison"},
    "oil": {
        "vegetable", "olive", "cooking", "edible", "soybean", "soy", "castor", "fish", "linseed",
        "sunflower", "rapeseed", "coconut", "palm", "essential", "lubricating", "motor", "crude",
    },
}  # fmt: skip
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


class EntityLinker:
    """Links entities in a spaCy Doc; matchers are built once per KB load and vocab."""

    name = "entities.v1"

    def __init__(self, nlp: Language, kb: KnowledgeBase | None = None) -> None:
        self.nlp = nlp
        self.kb = kb if kb is not None else KnowledgeBase.load()
        cached = self.kb.matcher_cache.get(id(nlp.vocab))
        if cached is None:
            cached = self._build_matchers(nlp)
            self.kb.matcher_cache[id(nlp.vocab)] = cached
        self._exact, self._folded = cached

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
        if not doc.text.strip():
            return []
        shouting = _mostly_upper(doc.text)
        cands = self._kb_candidates(doc, shouting)
        cands += self._ner_candidates(doc, shouting)
        cands += self._project_candidates(doc, cands)
        chosen = _resolve(cands)
        chosen = self._acronyms(doc, chosen)
        chosen = self._people(doc, chosen)
        return self._entities(doc, chosen)

    # ------------------------------------------------------------ candidates

    def _kb_candidates(self, doc: Doc, shouting: bool) -> list[_Cand]:
        strings = doc.vocab.strings
        out: list[_Cand] = []
        for matcher, exact in ((self._exact, True), (self._folded, False)):
            for match_id, start, end in matcher(doc):
                key, mask = strings[match_id].split("\t", 1)
                entry = self.kb.entries[key]
                span = doc[start:end]
                if not exact and not _case_ok(mask, span):
                    continue
                if entry.type == "COMMODITY" and not _commodity_ok(span, mask, shouting):
                    continue
                out.append(_kb_cand(start, end, entry))
        return out

    def _ner_candidates(self, doc: Doc, shouting: bool) -> list[_Cand]:
        out: list[_Cand] = []
        for ent in doc.ents:
            label = ent.label_
            if label not in ("ORG", "PERSON", "GPE", "LOC", "FAC", "NORP"):
                continue
            span = _trim(ent)
            if span is None:
                continue
            text = span.text
            entry = self._lookup(text)
            if entry is not None:
                out.append(_kb_cand(span.start, span.end, entry, source="kb"))
                continue
            if label == "FAC" or (shouting and len(span) > 1):
                continue  # FAC names come through project patterns; shouted spans are headlines
            if label == "NORP":
                continue  # political/religious groups: not an entity type we keep
            if label == "ORG":
                if self._generic_wrapper(span) or not _org_ok(span):
                    continue
                name = COMPANY_SUFFIX.sub("", text).strip() or text
                entry = self._lookup(name)
                if entry is not None:
                    out.append(_kb_cand(span.start, span.end, entry, source="kb"))
                else:
                    out.append(
                        _Cand(span.start, span.end, f"org:{slugify(name)}", "ORG", name, "ner")
                    )
            elif label == "PERSON":
                span = _strip_titles(span)
                if span is not None and _person_ok(span):
                    name = span.text
                    out.append(
                        _Cand(
                            span.start, span.end, f"person:{slugify(name)}", "PERSON", name, "ner"
                        )
                    )
            elif _proper(span):
                name = text
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

    def _project_candidates(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """'Kamoa-Kakula copper mine', 'Foo Bar rare earths project' when the KB lacks them."""
        covered: dict[int, _Cand] = {}
        for c in cands:
            if c.source == "kb":
                for i in range(c.start, c.end):
                    covered[i] = c
        out: list[_Cand] = []
        for tok in doc:
            kind = PROJECT_KINDS.get(tok.lower_)
            if kind is None or not tok.is_lower:
                continue
            end_name = tok.i
            # commodity words may sit between name and kind: "Nolans rare earths project"
            while (
                end_name > 0
                and tok.i - end_name < 4
                and end_name - 1 in covered
                and covered[end_name - 1].type == "COMMODITY"
                and not _title(doc[end_name - 1])
            ):
                end_name -= 1
            start = end_name
            while start > 0 and end_name - start < 5:
                t = doc[start - 1]
                if t.text == "-" and start >= 2 and _title(doc[start - 2]) and start < end_name:
                    start -= 1
                elif _title(t) and t.lower_ not in NAME_STOP and not t.like_num:
                    start -= 1
                else:
                    break
            if start == end_name or any(i in covered for i in range(start, end_name)):
                continue  # no name, or a known entity: "Chinese plant", "BHP project"
            names = doc[start:end_name]
            if len(names) == 1 and names[0].is_sent_start and names[0].is_stop:
                continue
            name = f"{names.text} {kind}"
            key = f"project:{slugify(names.text)}"
            out.append(_Cand(start, tok.i + 1, key, "PROJECT", name, "pattern", {"kind": kind}))
        return out

    # ------------------------------------------------------------ post-passes

    def _acronyms(self, doc: Doc, chosen: list[_Cand]) -> list[_Cand]:
        """Merge 'Long Name (ACR)' and 'ACR (Long Name)'; attach later bare 'ACR' tokens."""
        by_end = {c.end: c for c in chosen}
        by_start = {c.start: c for c in chosen}
        local: dict[str, _Cand] = {}
        added: list[_Cand] = []
        n = len(doc)
        for tok in doc:
            if tok.text != "(" or tok.i + 2 >= n or doc[tok.i + 2].text != ")":
                continue
            inner = doc[tok.i + 1]
            acr = inner.text
            before = by_end.get(tok.i)
            if before is not None and before.type == "COMMODITY":
                entry = self.kb.get(before.key)
                symbol = entry.attrs.get("symbol") if entry else None
                if acr == symbol or (self.kb.lookup(acr) and self.kb.lookup(acr) is entry):
                    local[acr] = before
                continue
            if not ACRONYM.match(acr) or before is not None and before.type == "PERSON":
                continue
            if before is not None and before.type in ("ORG", "PROJECT", "COUNTRY", "LOCATION"):
                target = before
            else:
                long_span = _initials_span(doc, tok.i, acr)
                if long_span is None:
                    continue
                target = _Cand(long_span[0], long_span[1], "", "ORG", "", "acronym")
                target.name = doc[long_span[0] : long_span[1]].text
                added.append(target)
            self._rekey_for_acronym(target, acr)
            local[acr] = target
        # "ACR (Long Name)": the long name sits inside parentheses after a known acronym
        for tok in doc:
            if tok.text != "(" or tok.i == 0:
                continue
            acr = doc[tok.i - 1].text
            if not ACRONYM.match(acr) or acr in local:
                continue
            close = next((t.i for t in doc[tok.i + 1 : tok.i + 12] if t.text == ")"), None)
            if close is None:
                continue
            inner_span = doc[tok.i + 1 : close]
            if _initials(inner_span) != _acr_letters(acr):
                continue
            inside = by_start.get(tok.i + 1)
            if inside is not None and inside.end == close:
                target = inside
            else:
                target = _Cand(tok.i + 1, close, "", "ORG", inner_span.text, "acronym")
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
            if c.end - c.start == 1 and doc[c.start].text in local:
                t = local[doc[c.start].text]
                if c is not t:
                    c = _Cand(c.start, c.end, t.key, t.type, t.name, "acronym", t.attrs)
            result.append(c)
        taken = {i for c in result for i in range(c.start, c.end)}
        for tok in doc:
            if tok.text in local and tok.i not in taken:
                t = local[tok.text]
                result.append(_Cand(tok.i, tok.i + 1, t.key, t.type, t.name, "acronym", t.attrs))
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

    def _people(self, doc: Doc, chosen: list[_Cand]) -> list[_Cand]:
        """Attach surname-only mentions to the full name; fill in roles."""
        surnames: dict[str, _Cand] = {}
        for c in chosen:
            if c.type == "PERSON" and c.end - c.start >= 2:
                surnames.setdefault(doc[c.end - 1].text, c)
        result: list[_Cand] = []
        for c in chosen:
            if c.end - c.start == 1 and c.source != "kb" and doc[c.start].text in surnames:
                full = surnames[doc[c.start].text]
                if full is not c:
                    c = _Cand(c.start, c.end, full.key, "PERSON", full.name, "ner", full.attrs)
            result.append(c)
        if surnames:
            taken = {i for c in result for i in range(c.start, c.end)}
            for tok in doc:
                full = surnames.get(tok.text)
                if full is not None and tok.i not in taken and _title(tok):
                    result.append(_Cand(tok.i, tok.i + 1, full.key, "PERSON", full.name, "ner"))
        result.sort(key=lambda c: c.start)
        ents_at = {c.end: c for c in result}
        for c in result:
            if c.type == "PERSON" and not c.attrs.get("role"):
                role = _role_before(doc, c, ents_at) or _role_after(doc, c, result)
                if role:
                    c.attrs.update(role)
        return result

    # ------------------------------------------------------------- assembly

    def _entities(self, doc: Doc, chosen: list[_Cand]) -> list[Entity]:
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
                country = self._place_near(doc, ent, list(entities.values()))
                if country:
                    ent.attrs["country"] = country
        return list(entities.values())

    def _place_near(self, doc: Doc, project: Entity, entities: list[Entity]) -> str | None:
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
                prefix = doc.text[max(s.start_char, m.start - 4) : m.start].lower()
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


def _case_ok(mask: str, span: Span) -> bool:
    """Capitalised aliases need capitalised text: 'China' but not 'china', 'Turkey' not 'turkey'."""
    return all(m == "0" or t.text[:1].isupper() for m, t in zip(mask, span, strict=False))


def _commodity_ok(span: Span, mask: str, shouting: bool) -> bool:
    first = span[0]
    doc = span.doc
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt = doc[span.end] if span.end < len(doc) else None
    if prev is not None and prev.lower_ in SKIP_BEFORE.get(span[-1].lower_, ()):
        return False
    if not shouting and first.text[0].isupper() and not first.is_sent_start and "1" not in mask:
        # part of a proper name: "Gold Fields", "Cobalt Blue", "Mercury Energy"
        if (prev is not None and _title(prev)) or (nxt is not None and _title(nxt)):
            return False
    if span.text.lower() in AMBIGUOUS_COMMODITY:
        window = doc[max(0, span.start - 3) : span.end + 3]
        return any(t.lower_ in CONTEXT_WORDS or t.lower_ in ("zinc", "copper") for t in window)
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


def _mostly_upper(text: str) -> bool:
    letters = [ch for ch in text[:2000] if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) > 0.6 * len(letters)


def _title(tok: Token) -> bool:
    return tok.text[:1].isupper() and any(ch.isalpha() for ch in tok.text)


def _proper(span: Span) -> bool:
    return _title(span[0]) and not any(t.like_num for t in span)


def _trim(ent: Span) -> Span | None:
    """Drop a leading 'the', a trailing possessive or punctuation, and anything from '('."""
    start, end = ent.start, ent.end
    doc = ent.doc
    for i in range(start, end):
        if doc[i].text in ("(", ","):
            end = i
            break
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in ("'s", "’s", "'") or doc[end - 1].is_punct):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _org_ok(span: Span) -> bool:
    if not _title(span[0]) or len(span) > 7:
        return False
    if span.text.lower() in ORG_JUNK or (len(span) == 1 and len(span.text) < 2):
        return False
    if any(t.like_num or t.is_currency for t in span):
        return False
    return not (len(span) == 1 and span[0].is_sent_start and span[0].is_title and span[0].is_stop)


def _strip_titles(span: Span) -> Span | None:
    start = span.start
    doc = span.doc
    while start < span.end - 1 and doc[start].lower_.rstrip(".") in PERSON_TITLES:
        start += 1
    return doc[start : span.end]


def _person_ok(span: Span) -> bool:
    if not all(_title(t) or t.text in ("-", "'", "de", "van", "von", "bin", "al") for t in span):
        return False
    if any(t.like_num for t in span) or len(span) > 5:
        return False
    return not (len(span) == 1 and span[0].is_stop)


def _acr_letters(acr: str) -> str:
    return "".join(ch for ch in acr if ch.isupper())


def _initials(span: Span) -> str:
    return "".join(t.text[0] for t in span if t.text[:1].isupper())


def _initials_span(doc: Doc, paren: int, acr: str) -> tuple[int, int] | None:
    """The capitalised run before '(' whose initials spell the acronym."""
    letters = _acr_letters(acr)
    start = paren
    while start > 0 and paren - start < 12:
        t = doc[start - 1]
        if _title(t) or t.lower_ in ("of", "for", "and", "&", "on", "de", "du", "des", "la"):
            start -= 1
        else:
            break
    for s in range(start, paren):
        if not _title(doc[s]):
            continue
        initials = _initials(doc[s:paren])
        if initials == letters or (len(letters) >= 3 and initials.startswith(letters)):
            return (s, paren)
    return None


def _role_before(doc: Doc, person: _Cand, ents_at: dict[int, _Cand]) -> dict[str, str]:
    """'Indonesia's investment minister Bahlil Lahadalia' -> role, country."""
    i = person.start - 1
    words: list[Token] = []
    while i >= 0 and len(words) < 6 and doc[i].lower_ in ROLE_MODS | ROLE_HEADS:
        words.insert(0, doc[i])
        i -= 1
    while words and words[0].lower_ == "and":
        words.pop(0)
    if not words or not any(w.lower_ in ROLE_HEADS for w in words):
        return {}
    out = {"role": " ".join(w.lower_ if not w.is_upper else w.text for w in words)}
    if i >= 1 and doc[i].text in ("'s", "’s"):
        owner = ents_at.get(i)
        if owner is not None:
            out.update(_owner_attrs(owner))
    elif i >= 0 and i + 1 in ents_at and ents_at[i + 1].type in ("COUNTRY", "ORG"):
        out.update(_owner_attrs(ents_at[i + 1]))
    return out


def _role_after(doc: Doc, person: _Cand, chosen: list[_Cand]) -> dict[str, str]:
    """'Jane Doe, chief executive of Lynas, said' -> role, org."""
    i = person.end
    if i >= len(doc) or doc[i].text != ",":
        return {}
    by_start = {c.start: c for c in chosen}
    i += 1
    owner: _Cand | None = None
    if i in by_start and by_start[i].type in ("COUNTRY", "ORG"):
        owner = by_start[i]
        i = owner.end
        if i < len(doc) and doc[i].text in ("'s", "’s"):
            i += 1
        else:
            owner = None
    elif i < len(doc) and doc[i].lower_ in ("the", "a"):
        i += 1
    words: list[Token] = []
    while i < len(doc) and len(words) < 6 and doc[i].lower_ in ROLE_MODS | ROLE_HEADS:
        words.append(doc[i])
        i += 1
    if not words or not any(w.lower_ in ROLE_HEADS for w in words):
        return {}
    out = {"role": " ".join(w.lower_ if not w.is_upper else w.text for w in words)}
    if owner is None and i < len(doc) and doc[i].lower_ in ("of", "at") and i + 1 in by_start:
        cand = by_start[i + 1]
        if cand.type in ("COUNTRY", "ORG"):
            owner = cand
    if owner is not None:
        out.update(_owner_attrs(owner))
    return out


def _owner_attrs(owner: _Cand) -> dict[str, str]:
    if owner.type == "COUNTRY":
        return {"country": owner.key.split(":", 1)[1]}
    if owner.type == "ORG":
        return {"org": owner.key}
    return {}
