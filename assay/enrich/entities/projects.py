"""Project names the KB lacks: "Kamoa-Kakula copper mine", "Nolans rare earths project"."""

from __future__ import annotations

from assay.enrich.entities.lexicon import (
    KIND_MODIFIERS,
    NAME_STOP,
    PROCESS_WORDS,
    PROJECT_KINDS,
    UNIT_WORDS,
)
from assay.enrich.entities.spans import Cand, TokenView, is_title
from assay.enrich.kb import slugify


def project_candidates(v: TokenView, cands: list[Cand]) -> list[Cand]:
    """'Kamoa-Kakula copper mine', 'Foo Bar rare earths project' when the KB lacks them."""
    covered: dict[int, Cand] = {}
    ner_tokens: dict[int, str] = {}
    for e_start, e_end, label in v.ents:
        for i in range(e_start, e_end):
            ner_tokens[i] = label
    for c in cands:
        if c.source == "kb":
            for i in range(c.start, c.end):
                covered[i] = c
    out: list[Cand] = []
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
            and not is_title(text[end_name - 1])
        ):
            end_name -= 1
        start = end_name
        while start > 0 and end_name - start < 5:
            t = text[start - 1]
            if (t == "-" and start >= 2 and is_title(text[start - 2]) and start < end_name) or (
                is_title(t)
                and t.lower() not in NAME_STOP
                and t.lower() not in UNIT_WORDS
                and not t[:1].isdigit()
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
        out.append(Cand(start, k + 1, key, "PROJECT", name, "pattern", {"kind": kind}))
    return out


def _described_not_named(covered: dict[int, Cand], start: int, end: int) -> bool:
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
