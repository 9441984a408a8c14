"""Multi-story texts: split a newsletter or a page of teasers into one text per story.

Stories are told apart by rule lines, by numbered or datelined headline blocks, by
headlines whose teaser ends in a "Read more" link, and by a trailing "Related stories"
section. A text with none of these is one story.
"""

from __future__ import annotations

import re

from assay.extract.furniture import clean_text
from assay.extract.lead import NUMBERED, headline_of

__all__ = ["split_stories"]

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
_TRAILER = re.compile(
    r"^\W*(read more|more (stories|news)|related (stories|articles|news|coverage)|also read"
    r"|you (may|might) also like|more from [\w .'-]{1,40}|recommended( for you)?|further reading)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)

_TEASER_MAX = 600
_LINK_MAX = 200  # longest "Read more ->" or "Related stories" line; longer is story text


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


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


def _split_part(part: str) -> list[str]:
    blocks = _paragraphs(part)
    # A trailing "Read more:" / "Related stories" header: the teasers after it are other stories.
    tail: list[str] = []
    for i, block in enumerate(blocks):
        first = block.split("\n", 1)[0]
        if i == 0 or len(first) > _LINK_MAX or not _TRAILER.match(first):
            continue
        rest = blocks[i:]
        rest[0] = rest[0].split("\n", 1)[1] if "\n" in rest[0] else ""
        rest = [r for r in rest if r.strip()]
        # Only short blocks are teasers; long ones mean the header sat inside the story.
        if rest and all(len(r) <= _TEASER_MAX for r in rest):
            tail = _group_teasers(rest)
            blocks = blocks[:i]
        break
    starts = _story_starts(blocks)
    if starts and starts[0] != 0:
        starts = [0, *starts]
    bounds = starts or [0]
    stories = [
        "\n\n".join(blocks[a:b])
        for a, b in zip(bounds, [*bounds[1:], len(blocks)], strict=True)
        if blocks[a:b]
    ]
    return stories + tail


def _group_teasers(blocks: list[str]) -> list[str]:
    """Teasers after a "Read more" header: each headline starts one, its blurb follows."""
    items: list[str] = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        if len(lines) > 1 and all(headline_of(line) for line in lines):
            items.extend(lines)  # a bare list of linked headlines
        else:
            items.append(block)
    groups: list[list[str]] = []
    for item in items:
        if not groups or headline_of(item) is not None:
            groups.append([item])
        else:
            groups[-1].append(item)
    return ["\n\n".join(g) for g in groups]


def split_stories(text: str, rules: bool = True) -> list[str]:
    """Split a newsletter or multi-story page into one text per story, the main story first.

    Stories are separated by rule lines (`---`, `***`, `===`), by repeated headline blocks
    that are numbered, open with a dateline or end in a "Read more" link, and by a
    trailing "Read more:" / "Related stories" section whose teasers are other stories.
    A text with none of these comes back whole, as one story. Pass `rules=False` for
    extracted HTML, where rules are section breaks inside one article (AP's `___`).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    stories: list[str] = []
    parts = _RULE.split(text)[::2] if rules and _RULE.search(text) else [text]
    for part in parts:
        if not part.strip():
            continue
        # Only a short part can be a tail; cleaning long ones here would be wasted work.
        kept = clean_text(part)[0] if stories and len(part) < 10 * _TAIL_CHARS else part
        if stories and len(kept) < _TAIL_CHARS and (not kept or headline_of(kept) is None):
            stories[-1] = f"{stories[-1]}\n\n{part.strip()}"  # a credit line or footer
            continue
        stories.extend(s for s in _split_part(part) if s.strip())
    return stories or [text.strip()]
