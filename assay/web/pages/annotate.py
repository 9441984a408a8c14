"""Article text as escaped-at-render segments: entity mentions as links, fact sentences as
anchors, paragraphs with the facts stated in them. Nothing here produces HTML.

Stored offsets come from the enrichers; a span that does not fit the text (out of range,
text differs, crossing another span) is dropped rather than trusted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from assay.records import ArticleEntity, FactRecord

# A short line without final punctuation, between paragraphs, is a section heading.
HEADING_CHARS = 80
_SENTENCE_END = (".", "!", "?", ":", ";", '"', "”", "'", "’", ")")


@dataclass(frozen=True)
class Run:
    """A run of text; linked to an entity when `key` is set."""

    text: str
    key: str | None = None
    type: str | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence that states facts: its anchor id, the facts' ids and its runs."""

    anchor: str
    fact_ids: tuple[int, ...]
    runs: tuple[Run, ...]
    # Anchors of merged facts that start elsewhere in the sentence (links use fact starts).
    aliases: tuple[str, ...] = ()


@dataclass
class Block:
    """A paragraph (`kind` "p") or a heading ("h"), with the facts stated in it."""

    kind: str
    pieces: list[Run | Sentence] = field(default_factory=list)
    facts: list[FactRecord] = field(default_factory=list)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    key: str
    type: str


@dataclass
class _Span:
    start: int
    end: int
    facts: list[FactRecord]

    @property
    def anchor(self) -> str:
        return sentence_anchor(self.start)


def sentence_anchor(start: int) -> str:
    """The id of the sentence starting at `start` (`/articles/7#s-120` jumps to it)."""
    return f"s-{start}"


def annotate(
    text: str, entities: Sequence[ArticleEntity], facts: Sequence[FactRecord]
) -> tuple[list[Block], list[FactRecord]]:
    """Blocks of the text, and the facts whose sentence could not be placed in it."""
    spans, unplaced = _sentences(text, facts)
    mentions = _mentions(text, entities, spans)
    blocks: list[Block] = []
    for start, end in _paragraphs(text):
        para = text[start:end]
        inside = [s for s in spans if start <= s.start < end]
        kind = "h" if _is_heading(para, start, end, len(text)) and not inside else "p"
        block = Block(kind)
        pos = start
        for span in inside:
            stop = min(span.end, end)
            block.pieces.extend(_runs(text, pos, span.start, mentions))
            runs = tuple(_runs(text, span.start, stop, mentions))
            ids = tuple(f["id"] for f in span.facts)
            aliases = sorted({sentence_anchor(f["start"]) for f in span.facts} - {span.anchor})
            block.pieces.append(Sentence(span.anchor, ids, runs, tuple(aliases)))
            block.facts.extend(span.facts)
            pos = stop
        block.pieces.extend(_runs(text, pos, end, mentions))
        blocks.append(block)
    return blocks, unplaced


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, surrounding spaces excluded."""
    out = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    return out


def _is_heading(para: str, start: int, end: int, total: int) -> bool:
    return (
        start > 0
        and end < total
        and len(para) <= HEADING_CHARS
        and not para.endswith(_SENTENCE_END)
        and not para[:1].islower()
    )


def _sentences(text: str, facts: Sequence[FactRecord]) -> tuple[list[_Span], list[FactRecord]]:
    """Fact sentences as sorted, non-overlapping spans (overlaps merged) and the misfits."""
    placed: list[_Span] = []
    unplaced: list[FactRecord] = []
    for fact in sorted(facts, key=lambda f: (f["start"], f["end"], f["id"])):
        start, end = fact["start"], fact["end"]
        if not 0 <= start < end <= len(text):
            unplaced.append(fact)
            continue
        if placed and start < placed[-1].end:
            placed[-1].end = max(placed[-1].end, end)
            placed[-1].facts.append(fact)
        else:
            placed.append(_Span(start, end, [fact]))
    return placed, unplaced


def _mentions(
    text: str, entities: Sequence[ArticleEntity], spans: Sequence[_Span]
) -> list[_Mention]:
    """Mentions that match the text, sorted, without overlaps or sentence-crossing ones."""
    found: list[_Mention] = []
    for ent in entities:
        for record in ent["mentions"]:
            start, end = record["start"], record["end"]
            if 0 <= start < end <= len(text) and text[start:end] == record["text"]:
                found.append(_Mention(start, end, ent["key"], ent["type"]))
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[_Mention] = []
    for m in found:
        if kept and m.start < kept[-1].end:
            continue
        if any(
            s.start < m.end and m.start < s.end and not s.start <= m.start < m.end <= s.end
            for s in spans
        ):
            continue
        if "\n" in text[m.start : m.end]:
            continue
        kept.append(m)
    return kept


def _runs(text: str, start: int, end: int, mentions: Sequence[_Mention]) -> list[Run]:
    """Runs of text[start:end], mentions inside it as linked runs."""
    out: list[Run] = []
    pos = start
    for m in mentions:
        if m.end <= start or m.start >= end:
            continue
        if m.start < start or m.end > end:
            continue
        if m.start > pos:
            out.append(Run(text[pos : m.start]))
        out.append(Run(text[m.start : m.end], m.key, m.type))
        pos = m.end
    if pos < end:
        out.append(Run(text[pos:end]))
    return out
