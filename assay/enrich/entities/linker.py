"""EntityLinker: KB phrase matches and NER candidates, then the passes in order."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from assay.enrich.entities.acronyms import link_acronyms
from assay.enrich.entities.bylines import (
    drop_credits,
    drop_titles,
    join_hyphenated,
    leaders_in_orgs,
    office_holders,
    service_branches,
)
from assay.enrich.entities.companies import (
    capitalised_lines,
    company_candidates,
    drop_headline_guesses,
    drop_sign_off,
    owner_candidates,
    owners_units,
    prefixed_institutions,
    split_slashed,
    story_namesakes,
)
from assay.enrich.entities.lexicon import (
    BODY_TAILS,
    BUSINESS_HEADS,
    COMPANY_PREFIXES,
    COMPANY_SUFFIX,
    CREDIT_WORDS,
    DISEASES,
    GENERIC_TAIL,
    NOT_ORG_TAIL,
    PLACE_SUFFIX,
    PROCESS_WORDS,
    SETTLEMENTS,
    US_INSTITUTIONS,
)
from assay.enrich.entities.metonyms import capitals_as_governments
from assay.enrich.entities.names import (
    armed_services,
    drop_common_nouns,
    drop_ships,
    drop_truncated,
    reshape_ner_spans,
)
from assay.enrich.entities.people import (
    attach_people,
    person_key,
    person_ok,
    role_people,
    strip_titles,
    without_tooltip,
)
from assay.enrich.entities.places import (
    check_places,
    country_pairs,
    drop_currency_names,
    drop_datelines,
    drop_regions_in_names,
    facility_places,
    georgia_the_state,
    table_headings,
    washington_the_city,
)
from assay.enrich.entities.project_cues import called_facilities, described_facilities
from assay.enrich.entities.projects import (
    bare_project_names,
    kb_project_mention,
    project_candidates,
)
from assay.enrich.entities.repeats import headline_firm_prefixes, one_type_per_name, repeated_names
from assay.enrich.entities.spans import (
    MODEL_CODE,
    Cand,
    TokenView,
    case_ok,
    commodity_ok,
    defines_acronym,
    drop_indices,
    firm_name,
    is_exact_alias,
    kb_cand,
    merge_split_names,
    mostly_upper,
    names_an_index,
    nested_commodities,
    org_cand,
    org_ok,
    place_ok,
    place_shaped,
    resolve_overlaps,
    trim_span,
    trim_title_tail,
    with_body_word,
)
from assay.enrich.entities.variants import merge_org_variants
from assay.enrich.entities.wire_names import bracketed_names, ticker_names
from assay.enrich.kb import KBEntry, KnowledgeBase, fold, slugify
from assay.enrich.leaders import LEADERS
from assay.models import Entity, Mention


class EntityLinker:
    """Links entities in a spaCy Doc; matchers are built once per KB load and vocab."""

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
            forms.setdefault((is_exact_alias(alias), f"{key}\t{mask}"), []).append(doc)
        for (is_exact, label), docs in forms.items():
            (exact if is_exact else folded).add(label, docs)
        return exact, folded

    # ------------------------------------------------------------------ public

    def link(self, doc: Doc) -> list[Entity]:
        """Entities in `doc`, each with a stable key, mentions and attrs, by first mention."""
        v = TokenView.of(doc)
        raw = v.raw
        if not raw.strip():
            return []
        shouting = mostly_upper(raw)
        cands = self._kb_candidates(v, shouting)
        cands += self._ner_candidates(v, shouting)
        cands += self._companies(v)
        cands += bracketed_names(v, self._lookup)
        cands += ticker_names(v, self._lookup)
        cands += [c for c in owner_candidates(v) if self._lookup(c.name) is None]
        cands += project_candidates(v, cands)
        cands += role_people(v, cands)
        cands += armed_services(v, cands)
        headlines = capitalised_lines(v)
        cands = drop_headline_guesses(v, cands, headlines)
        cands = table_headings(v, cands, self._lookup)
        chosen = resolve_overlaps(cands)
        chosen += nested_commodities(cands, chosen)
        chosen = link_acronyms(self.kb, v, chosen)
        chosen = join_hyphenated(v, chosen)
        surnames = {v.text[c.end - 1] for c in chosen if c.type == "PERSON" and c.end - c.start > 1}
        leaders = frozenset(w for w in v.text if w.lower() in LEADERS and w[:1].isupper())
        chosen = leaders_in_orgs(v, chosen, surnames | leaders)
        chosen = attach_people(v, chosen, leaders)
        chosen = office_holders(v, chosen)
        chosen = service_branches(v, chosen)
        chosen = split_slashed(v, chosen)  # before short names join the long ones
        chosen = owners_units(v, chosen, self._lookup)
        chosen = merge_org_variants(v, chosen)
        chosen = story_namesakes(v, chosen, self._lookup)
        chosen = drop_datelines(v, chosen)
        chosen = capitals_as_governments(self.kb, v, chosen)
        chosen = prefixed_institutions(v, chosen)
        chosen = washington_the_city(v, chosen)
        chosen = georgia_the_state(v, chosen)
        chosen = drop_currency_names(self.kb, v, chosen)
        chosen = drop_regions_in_names(v, chosen)
        chosen = facility_places(v, chosen)
        chosen = bare_project_names(v, chosen)
        chosen = called_facilities(v, chosen)
        chosen = described_facilities(v, chosen)
        chosen = check_places(v, chosen)
        chosen = drop_sign_off(v, chosen)
        chosen = drop_credits(v, chosen)
        chosen = drop_indices(v, chosen)
        chosen = drop_titles(v, chosen)
        chosen = drop_common_nouns(v, chosen)
        chosen = drop_truncated(v, chosen)
        chosen = drop_ships(v, chosen)
        chosen = one_type_per_name(v, chosen)
        chosen = repeated_names(v, chosen, headlines)
        chosen = headline_firm_prefixes(v, chosen, headlines)
        chosen = country_pairs(v, chosen, self._lookup)
        return self._entities(doc, raw, chosen)

    # ------------------------------------------------------------ candidates

    def _kb_candidates(self, v: TokenView, shouting: bool) -> list[Cand]:
        doc = v.doc
        strings = doc.vocab.strings
        out: list[Cand] = []
        for matcher, exact in ((self._exact, True), (self._folded, False)):
            for match_id, start, end in matcher(doc):
                key, mask = strings[match_id].split("\t", 1)
                if key in self._skip:
                    continue
                entry = self.kb.entries[key]
                if not exact and not case_ok(mask, v.text[start:end]):
                    continue
                if entry.type == "COMMODITY" and not commodity_ok(v, start, end, mask, shouting):
                    continue
                if entry.type == "ORG" and names_an_index(v, start, end):
                    continue  # "the Standard and Poor's 500 index": a share index
                if entry.type != "ORG" and v.text[start - 1 : start] == ["<"]:
                    continue  # a wire ticker: "Rockwell <ROK>" names no Korea
                if entry.type == "ORG" and start and MODEL_CODE.match(v.text[start - 1]):
                    continue  # a model's name: "the AH-64 Apache helicopter" is no Apache Corp
                if entry.type == "COUNTRY" and v.lower[end : end + 1] == ["today"]:
                    continue  # a newspaper: "told USA TODAY" names no country
                if entry.type == "PROJECT":
                    out.append(kb_project_mention(v, start, end, entry))
                else:
                    out.append(kb_cand(start, end, entry))
        return out

    def _ner_candidates(self, v: TokenView, shouting: bool) -> list[Cand]:
        out: list[Cand] = []
        for e_start, e_end, label in reshape_ner_spans(v, merge_split_names(v), self.knows):
            if label == "LAW" and defines_acronym(v, e_end):
                label = "ORG"  # "the General Agreement on Tariffs and Trade (GATT)"
            if label not in ("ORG", "PERSON", "GPE", "LOC", "FAC", "NORP"):
                continue
            span = trim_span(v, e_start, e_end)
            if span is None:
                continue
            text = " ".join(span.text.split())
            entry = self._lookup(text)
            if entry is not None:
                out.append(kb_cand(span.start, span.end, entry, source="kb"))
                continue
            if v.lower[span.end - 1] in BODY_TAILS:
                label = "ORG" if label in ("GPE", "LOC", "FAC") else label  # "... News Agency"
            elif label in ("ORG", "PERSON", "FAC") and place_shaped(v, span.start, span.end):
                label = "LOC"  # "Fort Bragg", "Andersen Air Force Base", "Pilsung Range"
            elif (
                label == "ORG"
                and span.start >= 2
                and v.lower[span.start - 1] == "of"
                and v.lower[span.start - 2] in SETTLEMENTS
            ):
                label = "GPE"  # "the city of Oruro"
            if label == "FAC" or (shouting and len(span) > 1 and label != "PERSON"):
                continue  # FAC names come through project patterns; shouted spans are headlines
            if label == "NORP":
                continue  # political/religious groups: not an entity type we keep
            if label == "ORG":
                span = trim_title_tail(v, span)
                if span is None or self._generic_wrapper(span) or not org_ok(v, span):
                    continue
                if not self._org_shape_ok(span):
                    continue
                span = with_body_word(v, span)
                text = " ".join(span.text.split())
                name = firm_name(text)
                if name.upper() in PROCESS_WORDS:
                    continue
                out.append(org_cand(span.start, span.end, name, "ner", self._lookup(name)))
            elif (
                label == "PERSON"
                and len(span) > 1
                and (
                    v.lower[span.end - 1] in BUSINESS_HEADS
                    or (span.start > 0 and v.text[span.start - 1] in COMPANY_PREFIXES)
                )
            ):
                name = firm_name(text)  # "Buckhorn Inc" is a firm
                out.append(org_cand(span.start, span.end, name, "ner"))
            elif label == "PERSON":
                span = strip_titles(span)
                span = without_tooltip(span) if span is not None else None
                if COMPANY_SUFFIX.search(text):
                    continue  # "Buckhorn Inc" tagged as a person: not trusted either way
                if span is not None and person_ok(v, span):
                    name = " ".join(span.text.split())
                    out.append(Cand(span.start, span.end, person_key(name), "PERSON", name, "ner"))
            elif place_ok(v, span):
                name = PLACE_SUFFIX.sub("", text) or text  # "Catamarca province" -> Catamarca
                entry = self._lookup(name)
                if entry is not None:
                    out.append(kb_cand(span.start, span.end, entry))
                    continue
                out.append(
                    Cand(span.start, span.end, f"location:{slugify(name)}", "LOCATION", name, "ner")
                )
        return out

    def _org_shape_ok(self, span: Span) -> bool:
        """Not a law, plan or disease, a photo credit, "U.S. Exports" or a "U.S.-Japan" pair."""
        words = [t.text for t in span]
        lower = [w.lower() for w in words]
        law = lower[-1] in NOT_ORG_TAIL and lower[:4] != ["general", "agreement", "on", "tariffs"]
        if law or span.text.lower() in DISEASES:  # a law or a plan; "COVID-19"
            return False
        if "/" in span.text and any(w in CREDIT_WORDS for w in span.text.lower().split("/")):
            return False
        if len(words) == 2 and lower[0] in ("u.s.", "us") and lower[1] not in US_INSTITUTIONS:
            return False
        parts = [p for p in span.text.split("-") if p]
        # "U.S.-Japan" accord: two countries, no organisation
        return not (
            len(parts) == 2
            and all(
                (e := self.kb.lookup(p.strip())) is not None and e.type == "COUNTRY" for p in parts
            )
        )

    def _companies(self, v: TokenView) -> list[Cand]:
        """Names with a legal form; the KB's key when it knows the name."""
        out = []
        for c in company_candidates(v, self._is_place, self.knows):
            entry = self._lookup(c.name)
            out.append(kb_cand(c.start, c.end, entry) if entry is not None else c)
        return out

    def _is_place(self, text: str) -> bool:
        entry = self._lookup(text)
        return entry is not None and entry.type in ("LOCATION", "COUNTRY")

    def _lookup(self, text: str) -> KBEntry | None:
        """KB entry for a whole NER span; acronyms must match in case ('Us' is not 'US')."""
        entry = self.kb.lookup(text)
        if entry is None:
            return None
        forms = (entry.name, *entry.aliases)
        folded = fold(text)
        if any(f == text or (not is_exact_alias(f) and fold(f) == folded) for f in forms):
            return entry
        return None

    def knows(self, text: str) -> bool:
        """Whether the KB knows a name, with or without its company suffix."""
        bare = COMPANY_SUFFIX.sub("", text).strip()
        return self._lookup(text) is not None or (bool(bare) and self._lookup(bare) is not None)

    def _generic_wrapper(self, span: Span) -> bool:
        """'Chinese government', 'Queensland government': the KB's place is the actor."""
        if len(span) < 2 or span[-1].lower_ not in GENERIC_TAIL:
            return False
        entry = self.kb.lookup(span[:-1].text)
        return entry is not None and entry.type in ("COUNTRY", "LOCATION")

    # ------------------------------------------------------------- assembly

    def _entities(self, doc: Doc, raw: str, chosen: list[Cand]) -> list[Entity]:
        entities: dict[str, Entity] = {}
        for c in sorted(chosen, key=lambda c: (c.start, c.chars or (0, 0))):
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
            if c.chars is not None:
                ent.mentions.append(Mention(c.chars[0], c.chars[1], raw[c.chars[0] : c.chars[1]]))
            else:
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
