"""Multi-story texts: split a newsletter or a copied page into one piece per story.

Stories are told apart by rule lines, by numbered or datelined headline blocks, by
headlines whose teaser ends in a "Read more" link, and by a trailing "read more" block
of teasers (a headline and one to three short paragraphs each, with or without a
"Related stories" / "Lesen Sie auch" header). A text with none of these is one story:
a "Read more: ..." link line or a list of linked headlines inside an article is
furniture, not a story boundary.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Literal

from assay.extract.cues import CUE_KINDS, cue_kinds, words
from assay.extract.furniture import classify_lines, drop_lines
from assay.extract.lead import NUMBERED, headline_of
from assay.extract.line_rules import SENTENCE_END, notice, prose

__all__ = ["Piece", "split_pieces", "split_stories"]

# Story separators. Not `___`: AP copy uses it between sections of one story.
_RULE = re.compile(r"^[ \t]*(?:([-*=])[ \t]*)(?:\1[ \t]*){2,}$", re.MULTILINE)
# A rule-separated piece shorter than this with no headline is a story's tail or a footer.
_TAIL_CHARS = 200
# "JAKARTA, March 3 (Reuters) - " or "SYDNEY — " or "Santiago (Reuters) - ".
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z .'-]{1,30}(?:,\s*[A-Z][A-Za-z.]*\.? \d{1,2})?(?:\s*\([A-Za-z ]+\))?"
    r"|[A-Z][A-Za-z .'-]{1,30}(?:,\s*[A-Z][A-Za-z.]*\.? \d{1,2})?\s*\([A-Za-z ]+\))"
    r"\s*[-–—]{1,2}\s+\S"
)
_READ_ON = re.compile(
    r"^\W*(read (more|the full story|on)|full story|continue reading|more)\W*"
    r"(\s*(→|»|>|\(?https?://\S+\)?))?\W*$",
    re.IGNORECASE,
)
_TEASER_KIND = CUE_KINDS.index("teaser")
_HEADER_WORDS = 6  # "More from The Energy Desk"; longer lines are links or sentences
_ELLIPSIS = re.compile(r"(\.\.\.|…)['\"”’)]?$")

_TEASER_MAX = 600  # longest teaser paragraph; longer is story text
_BLURB_PARAGRAPHS = 3
_LINK_MAX = 200  # longest "Read more ->" line; longer is story text
_HEADLESS_TEASERS = 6
_KICKER_WORDS = 3
_PROSE_WORDS = 15  # a line this long (and not furniture) below a teaser block is story

Kind = Literal["story", "teaser", "furniture"]


@dataclass
class Piece:
    """One story's text, or a teaser (headline first), or furniture between stories."""

    text: str
    kind: Kind = "story"
    removed: list[str] = field(default_factory=list)  # lines the splitter took out
    # Lines judged furniture among the whole part the piece came from (its page).
    furniture: frozenset[str] = frozenset()


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def _is_header(line: str) -> bool:
    """A "read more" block's header: "Read more", "Related coverage", "Leia também"."""
    s = line.strip().strip("#*_:").strip()
    if not s or SENTENCE_END.search(s) or len(words(s)) > _HEADER_WORDS:
        return False
    return _TEASER_KIND in cue_kinds(s)


def _story_starts(blocks: list[str]) -> list[int]:
    """Indexes of blocks that begin a new story, by numbering, datelines or read-on links."""
    heads = []
    for i, block in enumerate(blocks):
        if headline_of(block) is None:
            continue
        lines = block.split("\n")
        body = "\n".join(lines[1:]).strip() or (blocks[i + 1] if i + 1 < len(blocks) else "")
        if not body or (headline_of(body) is not None and len(body) < 150):
            continue
        heads.append((i, lines[0].strip(), body))
    numbered = [i for i, first, _ in heads if NUMBERED.match(first)]
    # Numbered items after a lede are a listicle's sections, not a newsletter's stories.
    if len(numbered) >= 2 and len("".join(blocks[: numbered[0]])) < _TAIL_CHARS:
        return numbered
    datelined = [i for i, _, body in heads if _DATELINE.match(body)]
    if len(datelined) >= 2:
        return datelined
    # A headline whose teaser ends in a "Read more ->" link is a newsletter item.
    read_on = []
    for n, (i, _, _) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(blocks)
        section = "\n".join(blocks[i:end]).split("\n")
        if any(len(line) <= _LINK_MAX and _READ_ON.match(line) for line in section[1:]):
            read_on.append(i)
    return read_on if len(read_on) >= 2 else []


@dataclass
class _Teaser:
    headline: str
    blurb: list[str]  # paragraphs; the first shares the headline's block when `joined`
    joined: bool = False


@dataclass
class _Teasers:
    items: list[_Teaser]
    end: int  # index of the first block after the teasers


def _teasers(blocks: list[str], furniture: set[str]) -> _Teasers:
    """Read headline + blurb items from the top of `blocks` while they look like teasers.

    A blurb is one to three short paragraphs below a headline; a block holding a notice
    (a footer, a sign-up line) ends the item.
    """
    items: list[_Teaser] = []
    i = 0
    while i < len(blocks):
        lines = [line.strip() for line in blocks[i].split("\n") if line.strip()]
        if not _teaser_headline(lines[0], furniture):
            break
        if len(lines) > 1 and all(headline_of(line, 3) for line in lines):
            items.extend(_Teaser(line, []) for line in lines)  # a list of linked headlines
            i += 1
            continue
        rest = "\n".join(lines[1:])
        if len(rest) > _TEASER_MAX:
            break
        item = _Teaser(lines[0], [rest] if rest else [], joined=bool(rest))
        i += 1
        # Blurb paragraphs in the blocks below, until the next headline or a notice: one to
        # three, short together (more is the article going on under an inline link).
        while (
            i < len(blocks)
            and len(item.blurb) < _BLURB_PARAGRAPHS
            and sum(map(len, item.blurb)) + len(blocks[i]) <= _TEASER_MAX
            and headline_of(blocks[i], 3) is None
            and not _has_notice(blocks[i], furniture)
        ):
            item.blurb.append(blocks[i])
            i += 1
        if item.blurb and (not _summary(item.blurb[0]) or (items and not items[0].blurb)):
            # Lines under a headline in a list that opened with bare linked headlines, or
            # an author's note: more links and the article going on, not a teaser.
            items.append(_Teaser(item.headline, []))
            items.extend(_Teaser(line, []) for line in _lines(item.blurb))
            continue
        items.append(item)
    return _Teasers(items, i)


def _summary(paragraph: str) -> bool:
    """A teaser's summary opens with a word or a quote (not "— Jay Cost is an editor...")."""
    first = paragraph.lstrip()[:1]
    return first.isalnum() or first in "\"'“‘"


def _teaser_headline(line: str, furniture: set[str]) -> bool:
    """A headline that can open a teaser: not a header, a button or an offer."""
    if headline_of(line, 3) is None or len(line) > _LINK_MAX or _is_header(line):
        return False
    return line not in furniture or not cue_kinds(line)


def _has_notice(block: str, furniture: set[str]) -> bool:
    """A block holding a notice (a footer, a sign-up line): no teaser's blurb."""
    return any(notice(line) and (line in furniture or not prose(line)) for line in _lines([block]))


def _lines(blocks: list[str]) -> list[str]:
    return [line.strip() for block in blocks for line in block.split("\n") if line.strip()]


def _nothing_after(blocks: list[str], furniture: set[str]) -> bool:
    """No story text below: every line is furniture or too short to be prose."""
    return all(line in furniture or len(words(line)) < _PROSE_WORDS for line in _lines(blocks))


def _teaser_pieces(
    blocks: list[str], found: _Teasers, header: list[str], furniture: set[str]
) -> list[Piece]:
    """One piece per teaser with a blurb, its furniture lines ("Read more ->") taken out;
    the header, bare linked headlines and the lines after the block are one furniture piece."""
    pieces = []
    links = list(header)
    for item in found.items:
        if not item.blurb:
            links.append(item.headline)
            continue
        # The model was trained on pages where teasers are furniture: only buttons and
        # notices ("Read more ->", "Sponsored") leave a blurb.
        drop = [
            line
            for line in _lines(item.blurb)
            if line in furniture and (cue_kinds(line) or len(words(line)) <= 3)
        ]
        paragraphs = ["\n".join(ln for ln in _lines([p]) if ln not in drop) for p in item.blurb]
        blurb = "\n\n".join(p for p in paragraphs if p)
        text = f"{item.headline}{chr(10) if item.joined else chr(10) * 2}{blurb}"
        pieces.append(Piece(text, "teaser", drop))
    after = _lines(blocks[found.end :])
    if links or after:
        pieces.append(Piece("", "furniture", links + after))
    return pieces


def _trailing_teasers(blocks: list[str], furniture: set[str]) -> tuple[list[str], list[Piece]]:
    """Split off a "read more" block after the story: headed, or teasers cut off with "...".

    The block must run to the end of the text (furniture aside). Under a header it holds
    two or more teasers, or one cut off with an ellipsis: a "Read more:" header over one
    headline and more of the article is an inline link, which the furniture filter
    removes. Without a header it takes two to six teasers, each with a blurb, one cut off.
    """
    for i in range(1, len(blocks)):
        lines = blocks[i].split("\n")
        if not _is_header(lines[0]):
            continue
        rest = [b for b in ["\n".join(lines[1:]).strip(), *blocks[i + 1 :]] if b]
        found = _teasers(rest, furniture)
        blurbs = [item for item in found.items if item.blurb]
        enough = len(found.items) >= 2 or any(_ELLIPSIS.search(b.blurb[-1]) for b in blurbs)
        if blurbs and enough and _nothing_after(rest[found.end :], furniture):
            return blocks[:i], _teaser_pieces(rest, found, [lines[0].strip()], furniture)
    for i in range(1, len(blocks)):
        if not _teaser_headline(blocks[i].split("\n")[0].strip(), furniture):
            continue
        found = _teasers(blocks[i:], furniture)
        items = found.items
        cut_off = any(_ELLIPSIS.search(item.blurb[-1]) for item in items if item.blurb)
        if (
            2 <= len(items) <= _HEADLESS_TEASERS
            and all(item.blurb for item in items)
            and cut_off
            and _nothing_after(blocks[i + found.end :], furniture)
        ):
            return blocks[:i], _teaser_pieces(blocks[i:], found, [], furniture)
    return blocks, []


def _split_part(part: str, furniture: frozenset[str]) -> list[Piece]:
    blocks = _paragraphs(part)
    blocks, tail = _trailing_teasers(blocks, set(furniture))
    starts = _story_starts(blocks)
    if starts and starts[0] != 0:
        starts = [0, *starts]
    bounds = starts or [0]
    stories = []
    for a, b in zip(bounds, [*bounds[1:], len(blocks)], strict=True):
        if not blocks[a:b]:
            continue
        # A story found by its headline keeps it, whatever the page-wide verdict.
        head = blocks[a].split("\n", 1)[0].strip() if a in starts else ""
        stories.append(Piece("\n\n".join(blocks[a:b]), furniture=furniture - {head}))
    return stories + tail


def _opens_with_headline(part: str) -> bool:
    """A rule-separated part that starts a story: its first line is a headline, or its
    second one under a short kicker ("MARKETS", "3.")."""
    lines = [line.strip() for line in part.strip().split("\n") if line.strip()]
    if lines and headline_of("\n".join(lines[:2])) is not None:
        return True
    kicker = len(lines) > 1 and len(lines[0].split()) <= _KICKER_WORDS
    return kicker and headline_of("\n".join(lines[1:3])) is not None


def split_pieces(text: str, rules: bool = True, recurring: Collection[str] = ()) -> list[Piece]:
    """Split a newsletter or multi-story page into pieces, the main story first.

    Stories are separated by rule lines (`---`, `***`, `===`) before a headline, by
    repeated headline blocks that are numbered, open with a dateline or end in a "Read
    more" link, and by a trailing "read more" block whose teasers become pieces of kind
    "teaser". A rule before more prose is a section break inside one story. Pass
    `rules=False` for extracted HTML, where rules are section breaks (AP's `___`) and the
    furniture filter is milder (`extracted`); `recurring` as for `furniture.classify_lines`.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pieces: list[Piece] = []
    parts = _RULE.split(text)[::2] if rules and _RULE.search(text) else [text]
    for part in parts:
        if not part.strip():
            continue
        verdicts = classify_lines(part.split("\n"), recurring, extracted=not rules)
        furniture = frozenset(v.line for v in verdicts if v.furniture)
        stories = [p for p in pieces if p.kind == "story"]
        if stories and not _opens_with_headline(drop_lines(part, furniture)[0]):
            # A credit line, a footer, or the next section of the same story.
            last = stories[-1]
            last.text = f"{last.text}\n\n{part.strip()}"
            last.furniture = last.furniture | furniture
            continue
        pieces.extend(p for p in _split_part(part, furniture) if p.text.strip() or p.removed)
    return pieces or [Piece(text.strip())]


def split_stories(text: str, rules: bool = True) -> list[str]:
    """The texts of `split_pieces`' stories and teasers, the main story first."""
    return [p.text for p in split_pieces(text, rules) if p.kind != "furniture"]
