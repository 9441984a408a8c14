"""Acronyms and short forms: "Long Name (ACR)", "ACR (Long Name)", later bare "ACR"."""

from __future__ import annotations

from collections.abc import Callable

from assay.enrich.entities.lexicon import (
    ACRONYM,
    COMPANY_SUFFIX,
    CONNECTORS,
    NAME_STOP,
    NOT_ORG_TAIL,
    TRADE_PACTS,
)
from assay.enrich.entities.spans import Cand, TokenView, is_exact_alias, is_junk, is_title, kb_attrs
from assay.enrich.kb import KBEntry, KnowledgeBase, slugify

# Words after "Long Name (ACR)" that make it a thing, not a body: "(THAAD) system", "(ACE) rule".
THING_AFTER = NOT_ORG_TAIL | {
    "system", "systems", "missile", "missiles", "interceptor", "interceptors", "rules",
    "standard", "standards", "technology", "vehicle", "vehicles", "aircraft", "jet", "jets",
    "drone", "drones", "satellite", "satellites", "test", "tests", "battery", "batteries",
    "program", "programs", "programmes", "policy", "policies", "legislation",
}  # fmt: skip


def link_acronyms(kb: KnowledgeBase, v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """Merge 'Long Name (ACR)' and 'ACR (Long Name)'; attach later bare 'ACR' tokens.

    A defined plan, law, agreement or weapon ("Clean Air Plan (CAP)", "Terminal Area Defense
    (TAD) system") is no organisation: neither form is kept as an ORG. Nor is a trade pact NER
    calls one ("NAFTA", "the Trans-Pacific Partnership").
    """
    # dropped only after overlaps were resolved, so that the pact's span has kept "Pacific"
    # in "Trans-Pacific Partnership" from being read as a place
    chosen = [c for c in chosen if not (c.type == "ORG" and c.name.lower() in TRADE_PACTS)]
    things: set[str] = set()
    thing_tokens: set[int] = set()
    by_end = {c.end: c for c in chosen}
    by_start = {c.start: c for c in chosen}
    local: dict[str, Cand] = {}
    short: dict[str, Cand] = {}
    added: list[Cand] = []
    doc, text = v.doc, v.text
    n = len(text)
    parens = [i for i, t in enumerate(text) if t == "("]
    for p in parens:
        if p + 2 >= n or text[p + 2] != ")":
            continue
        acr = text[p + 1]
        before = by_end.get(p)
        opened = _after_space(text, p)  # the parenthesis may open the next line
        if before is None and text[opened - 1] == ">":
            before = by_end.get(opened - 1)  # "<Den Norske ...> (Statoil)"
        if before is None:
            ticker = _before_ticker(text, opened)  # "AG <ALUZ.Z>\n(Alusuisse)"
            ticker = _after_space(text, ticker)  # on the next line: "Acme Ltd\n<ACME.L> (ACL)"
            before = by_end.get(ticker)  # "Acme Ltd <ACME.L> (ACL)"
        if before is not None and before.type == "COMMODITY":
            entry = kb.get(before.key)
            symbol = entry.attrs.get("symbol") if entry else None
            if acr == symbol or (kb.lookup(acr) and kb.lookup(acr) is entry):
                local[acr] = before
            continue
        inside = by_start.get(p + 1)
        if (
            before is not None
            and before.type == "ORG"
            and before.source != "kb"
            and inside is not None
            and inside.type == "ORG"
            and inside.source == "kb"
            and inside.end == p + 2
        ):
            # "Den Norske Stats Oljeselskap A/S (Statoil)": a known firm's full legal name
            before.key, before.name, before.attrs = inside.key, inside.name, dict(inside.attrs)
            continue
        firm = _short_name_of(kb, text, before, inside, p)
        if firm is not None:
            short[acr.lower()] = firm  # "Schweizerische Aluminium AG <ALUZ.Z> (Alusuisse)"
            continue
        if not ACRONYM.match(acr) or (before is not None and before.type == "PERSON"):
            continue
        if (
            (before is None or (before.type == "ORG" and before.source != "kb"))
            and (span := (before.start, before.end) if before else _initials_span(text, p, acr))
            and (_names_a_thing(text, span, p) or is_junk(v.lower[span[0] : span[1]]))
        ):
            things.add(acr)
            thing_tokens.update(range(span[0], span[1]))
            continue
        if before is not None and before.type in ("ORG", "PROJECT", "COUNTRY", "LOCATION"):
            if _another_body(kb, acr, before.name) and not _spelled_by(
                text[before.start : before.end], acr
            ):
                continue  # "Rio de Janeiro (CNN)": a dateline's source, not the place's name
            target = before
        else:
            long_span = _initials_span(text, p, acr)
            if long_span is None:
                continue
            holder = next(
                (c for c in chosen if c.type == "ORG" and c.start <= long_span[0] < c.end),
                None,
            )
            if holder is not None and long_span[1] <= holder.end:
                # "Western Mining Corp Holdings Ltd ... (WMC)": the initials start the name
                _rekey_for_acronym(kb, holder, acr)
                local[acr] = holder
                continue
            target = Cand(long_span[0], long_span[1], "", "ORG", "", "acronym")
            target.name = doc[long_span[0] : long_span[1]].text
            added.append(target)
        _rekey_for_acronym(kb, target, acr)
        local[acr] = target
    # "Long Name, ACR,": an acronym in apposition ("Petroles de Venezuela, PDVSA, ...")
    for i, t_text in enumerate(text):
        if t_text != "," or i + 2 >= n or text[i + 2] not in (",", ".", ";"):
            continue
        acr, before = text[i + 1], by_end.get(i)
        if (
            before is None
            or before.type not in ("ORG", "PERSON")
            or (before.type == "PERSON" and before.source != "ner")
            or before.end - before.start < 2
            or acr in local
            or not ACRONYM.match(acr)
            or len(_acr_letters(acr)) < 3
            or not _spelled_by(text[before.start : before.end], acr)
        ):
            continue
        before.type = "ORG"  # a name with initials in apposition is a body, whatever NER said
        _rekey_for_acronym(kb, before, acr)
        local[acr] = before
    # "Chinese Petroleum Corp <CPC>": a wire ticker that spells the name before it is the
    # name's short form in the story
    for i in range(n - 2):
        before = by_end.get(i)
        if text[i] != "<" or text[i + 2] != ">" or before is None or before.type != "ORG":
            continue
        acr = text[i + 1]
        if (
            acr not in local
            and ACRONYM.match(acr)
            and len(_acr_letters(acr)) >= 3
            and before.end - before.start >= 2
            and _spelled_by(text[before.start : before.end], acr)
        ):
            local[acr] = before  # the firm's own name, never a namesake the ticker spells
    # "ACR (Long Name)": the long name sits inside parentheses after a known acronym
    for p in parens:
        if p == 0:
            continue
        acr = text[p - 1]
        if not ACRONYM.match(acr) or acr in local:
            continue
        close = next((i for i in range(p + 1, min(n, p + 12)) if text[i] == ")"), None)
        if close is None or initials_of(text[p + 1 : close]) != _acr_letters(acr):
            continue
        inside = by_start.get(p + 1)
        if inside is not None and inside.end == close:
            target = inside
        else:
            target = Cand(p + 1, close, "", "ORG", doc[p + 1 : close].text, "acronym")
            added.append(target)
        _rekey_for_acronym(kb, target, acr)
        local[acr] = target
    if things:
        chosen = [c for c in chosen if not _is_thing(c, text, things, thing_tokens)]
    if short:
        # each mention of a firm's short name, in a headline's capitals too, joins the firm
        chosen = _join_words(
            text,
            chosen,
            lambda i: short.get(text[i].lower()) if text[i][:1].isupper() else None,
        )
    if not local:
        return chosen
    added_tokens = {i for c in added for i in range(c.start, c.end)}
    kept = [c for c in chosen if not any(i in added_tokens for i in range(c.start, c.end))]
    kept += added
    # every token spelling a defined acronym joins its entity, overriding KB readings; in a
    # headline's capitals too when the story's acronym names another body than the KB's
    # ("IBC EXPECTED TO ..." over "the Brazilian Coffee Institute, IBC,")
    other = {
        acr
        for acr, t in local.items()
        if (e := _known_acronym(kb, acr)) is not None
        and e.type == "ORG"  # not a word such as the commodity "OIL"
        and e.key != t.key
    }

    def named(i: int) -> Cand | None:
        return None if shouted(text, i) and text[i] not in other else local.get(text[i])

    result = _join_words(text, kept, named)
    for t in {id(t): t for t in local.values() if t.end - t.start >= 2}.values():
        result = _long_form_again(text, t, result)
    return sorted(result, key=lambda c: c.start)


def _short_name_of(
    kb: KnowledgeBase, text: list[str], before: Cand | None, inside: Cand | None, paren: int
) -> Cand | None:
    """The firm whose everyday name "Long Name AG (Short)" gives: one new capitalised word in
    parentheses after its legal name ("Schweizerische Aluminium AG (Alusuisse)"), unless the
    word is something the knowledge base knows ("(Nasdaq)", "(Canada)")."""
    word = text[paren + 1]
    if (
        before is not None
        and before.type == "ORG"
        and before.end - before.start >= 2
        and COMPANY_SUFFIX.fullmatch(" " + text[before.end - 1])
        and (inside is None or (inside.type == "ORG" and inside.source != "kb"))
        and is_title(word)
        and word.isalpha()
        and len(word) >= 4
        and word.lower() not in NAME_STOP
        and kb.lookup(word) is None
    ):
        return before
    return None


def _join_words(
    text: list[str], chosen: list[Cand], named: Callable[[int], Cand | None]
) -> list[Cand]:
    """Each one-token mention `named` says names another entity joins it, and each token it
    names that no candidate covers becomes one."""
    out: list[Cand] = []
    for c in chosen:
        t = named(c.start) if c.end - c.start == 1 else None
        if t is not None and c is not t:
            c = Cand(c.start, c.end, t.key, t.type, t.name, "acronym", t.attrs)
        out.append(c)
    taken = {i for c in out for i in range(c.start, c.end)}
    for i in range(len(text)):
        if i not in taken and (t := named(i)) is not None:
            out.append(Cand(i, i + 1, t.key, t.type, t.name, "acronym", t.attrs))
    return sorted(out, key=lambda c: c.start)


def _long_form_again(text: list[str], target: Cand, chosen: list[Cand]) -> list[Cand]:
    """The long form of a defined acronym written again later is the same entity, whatever
    NER made of it ("Petroles de Venezuela also signed ...")."""
    form = text[target.start : target.end]
    size = len(form)
    for i in range(target.end, len(text) - size + 1):
        if text[i : i + size] != form:
            continue
        inside = [c for c in chosen if i <= c.start and c.end <= i + size]
        across = [c for c in chosen if c.start < i + size and c.end > i and c not in inside]
        if across or any(c.key == target.key for c in inside):
            continue  # part of a longer name, or linked already
        chosen = [c for c in chosen if c not in inside]
        chosen.append(
            Cand(i, i + size, target.key, target.type, target.name, "acronym", target.attrs)
        )
    return chosen


def _names_a_thing(text: list[str], span: tuple[int, int], paren: int) -> bool:
    """'International Rubber Agreement (IRA)', '(THAAD) system': a law, plan or weapon."""
    long = [w.lower() for w in text[span[0] : span[1]]]
    if long[:4] == ["general", "agreement", "on", "tariffs"]:
        return False  # GATT: the guidelines count the body as an ORG
    after = text[paren + 3].lower() if paren + 3 < len(text) else ""
    return long[-1] in NOT_ORG_TAIL or after in THING_AFTER


def _is_thing(c: Cand, text: list[str], things: set[str], tokens: set[int]) -> bool:
    """An ORG guess over a defined thing's long form, or its bare acronym."""
    if c.type != "ORG" or c.source == "kb":
        return False
    if any(i in tokens for i in range(c.start, c.end)):
        return True
    return c.end - c.start == 1 and text[c.start] in things


def _after_space(text: list[str], i: int) -> int:
    """`i`, moved back over the whitespace tokens (line breaks) just before it."""
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i


def _before_ticker(text: list[str], p: int) -> int:
    """Index where a wire ticker ("<NBHA.ME>") ending just before token `p` starts, or -1."""
    if p == 0 or not text[p - 1].endswith(">"):
        return -1
    for i in range(p - 1, max(-1, p - 5), -1):
        if text[i].startswith("<"):
            return i
    return -1


def shouted(text: list[str], i: int) -> bool:
    """A word inside a run of capitals ("INDIAN OIL FIRM"), where an acronym that is also a
    word ("OIL") is the word."""
    near = [text[j] for j in (i - 1, i + 1) if 0 <= j < len(text)]
    return text[i].isalpha() and any(w.isalpha() and w.isupper() and len(w) > 1 for w in near)


def _rekey_for_acronym(kb: KnowledgeBase, target: Cand, acr: str) -> None:
    """KB key if either form is known, else `org:<acronym>` for new organisations."""
    if target.key and target.source == "kb":
        return
    other = _another_body(kb, acr, target.name)
    # "Brazilian Coffee Institute, IBC": not the KB's Indonesian IBC
    entry = None if other else _known_acronym(kb, acr)
    entry = entry or kb.lookup(target.name)
    if entry is not None and target.type == "ORG" and entry.type == "COMMODITY":
        entry = None  # "Oil India Ltd (OIL)": a firm's initials, not the commodity
    if entry is not None:
        target.key, target.type, target.name = entry.key, entry.type, entry.name
        target.attrs = kb_attrs(entry)
        target.source = "kb"
    elif target.type == "ORG":
        target.key = f"org:{slugify(target.name if other else acr)}"
        target.attrs = {"aliases": [acr]}


def _known_acronym(kb: KnowledgeBase, acr: str) -> KBEntry | None:
    """The KB's entry for an acronym written exactly as one of its aliases."""
    return kb.lookup(acr) if is_exact_alias(acr) else None


def _another_body(kb: KnowledgeBase, acr: str, name: str) -> bool:
    """Whether the KB knows the acronym for a body whose names share no word with the long
    name the story gives it: an acronym stands for many bodies, and the story's own long form
    says which."""
    entry = _known_acronym(kb, acr)
    if entry is None or not name:
        return False
    words = {w for w in slugify(name).split("-") if len(w) >= 3}
    known = {w for alias in (entry.name, *entry.aliases) for w in slugify(alias).split("-")}
    return not words & known


def _acr_letters(acr: str) -> str:
    return "".join(ch for ch in acr if ch.isupper())


def _spelled_by(words: list[str], acr: str) -> bool:
    """Whether the acronym spells the name: its capitals' initials, or all its words'
    initials ("Petroleos de Venezuela" -> PDV, of "PDVSA") when these start the acronym, or
    the capitals' initials in another order, as a name translated from a language that puts
    the noun first spells them ("Brazilian Coffee Institute, IBC": Instituto Brasileiro do
    Cafe)."""
    letters = _acr_letters(acr)
    every = "".join(w[0].upper() for w in words if w[:1].isalpha())
    initials = initials_of(words)
    return (
        initials == letters
        or (len(every) >= 3 and letters.startswith(every))
        or (len(letters) >= 3 and sorted(initials) == sorted(letters))
    )


def initials_of(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


def _initials_span(text: list[str], paren: int, acr: str) -> tuple[int, int] | None:
    """The capitalised run before '(' whose initials spell the acronym."""
    letters = _acr_letters(acr)
    start = paren
    while start > 0 and paren - start < 12:
        w = text[start - 1]
        if is_title(w) or w.lower() in CONNECTORS:
            start -= 1
        else:
            break
    for s in range(start, paren):
        if not is_title(text[s]):
            continue
        initials = initials_of(text[s:paren])
        if initials == letters or (len(letters) >= 3 and initials.startswith(letters)):
            return (s, paren)
    return None
