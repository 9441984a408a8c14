"""The names a fact sentence can draw on: every linked mention by offset, a sentence's
slots, and the lead, the headline's names and the first sentence's, which the body takes
as known (the title's too when it arrives apart from the text)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc

from assay.enrich.facts.context import Slot
from assay.enrich.facts.coref import Mention
from assay.enrich.nlp import doc_text
from assay.models import Entity

# NER labels that may fill a role when the linker has no entity there.
_FALLBACK_TYPES = {"ORG": "ORG", "PERSON": "PERSON", "GPE": "COUNTRY"}
# A title read apart from its text, with the entities linked in it.
Headline = tuple[Doc, Sequence[Entity]]


def title_apart(title: str | None, text: str) -> str:
    """The title when the text does not already begin with it as a headline, else ""."""
    title = " ".join((title or "").split())
    if not title:
        return ""
    opening = " ".join(text[: len(title) + 200].split()).lower()
    return "" if opening.startswith(title.lower()) else title


def headline_slots(
    title: Doc, entities: Sequence[Entity], known: Sequence[Entity] = ()
) -> list[Slot]:
    """The title's names as lead slots, at offsets before the text's (never in a sentence).

    A title read alone has no body to check its names against, and a title in capitals
    reads words as names ("Senate Foreign Relations Defies"): only countries and the names
    the text itself has (`known`, by key) count."""
    shift = len(doc_text(title)) + 2
    keys = {e.key for e in known}
    return [
        replace(slot, start=slot.start - shift, end=slot.end - shift)
        for slot in slots_in(mention_index(title, entities), 0, len(doc_text(title)))
        if slot.type == "COUNTRY" or slot.key in keys
    ]


def lead_slots(
    doc: Doc, starts: list[int], mentions: list[Mention], sentences: int = 2
) -> list[Slot]:
    """Names in the headline and the first sentence after it: parties the body takes as known."""
    if not starts:
        return []
    end_i = starts[sentences] if len(starts) > sentences else len(doc)
    end = doc[end_i - 1].idx + len(doc[end_i - 1].text)
    return slots_in(mentions, 0, end)


def mention_index(doc: Doc, entities: Sequence[Entity]) -> list[Mention]:
    """Every linked mention, plus unlinked ORG/PERSON/GPE names from NER, by start offset."""
    out: list[Mention] = [
        Mention(m.start, m.end, m.text, e.name, e.key, e.type, str(e.attrs.get("kind") or ""))
        for e in entities
        for m in e.mentions
    ]
    if out:
        out.sort(key=lambda m: (m[0], m[1]))
        return out
    # No linker ran (or it found nothing): let NER names fill roles, without keys.
    covered: list[tuple[int, int]] = []
    for ent in doc.ents:
        kind = _FALLBACK_TYPES.get(ent.label_)
        if kind is None:
            continue
        s, e = ent.start_char, ent.end_char
        i = bisect_right(covered, (e, e))
        if any(cs < e and s < ce for cs, ce in covered[max(0, i - 3) : i]):
            continue
        name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        out.append(Mention(s, e, ent.text, name, None, kind, ""))
    out.sort(key=lambda m: (m[0], m[1]))
    return out


def slots_in(mentions: list[Mention], start: int, end: int) -> list[Slot]:
    """The mentions inside [start, end), as slots with offsets from `start`."""
    i = bisect_left(mentions, start, key=lambda m: m[0])
    slots = []
    while i < len(mentions) and mentions[i][0] < end:
        m = mentions[i]
        if m.end <= end:
            slots.append(
                Slot(m.start - start, m.end - start, m.text, m.name, m.key, m.type, m.kind)
            )
        i += 1
    return slots
