"""The top of a story: headline, byline and body; and hard-wrapped lines joined back.

A copied page or newsletter item starts with short unpunctuated lines (masthead,
headline, byline, "Published ..." lines) before its first sentence. `read_lead` takes
the headline and authors off the body and reports what else it dropped; `headline_of`
is the test the story splitter uses too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assay.extract.furniture import BLANK_LINES, SENTENCE_END

__all__ = ["NUMBERED", "Lead", "byline_authors", "headline_of", "read_lead", "unwrap"]

# A numbered headline: "2. Chile lifts lithium royalties", "## 3) ...".
NUMBERED = re.compile(r"^(?:#+\s*)?(\d{1,2})[.)]\s+(\S.*)$")
# A line ending in one of these words continues on the next line: it is no headline.
_WRAP_WORDS = frozenset({
    "a", "an", "the", "of", "to", "and", "or", "in", "on", "for", "with", "at", "by", "from",
    "its", "their", "that", "as", "is", "was", "said",
})  # fmt: skip


# Bylines and datelines look like headlines (short, capitalised, no full stop) but are not.
_NOT_HEADLINE = re.compile(
    r"(by|posted|published|updated|written by|photo|image)\b"
    r"|\d{1,2}(st|nd|rd|th)? (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{4}"
    r"|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}"
    r"|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(st|nd|rd|th)?,? \d{4}"
    r"|(mon|tues|wednes|thurs|fri|satur|sun)day\b",
    re.IGNORECASE,
)


def headline_of(block: str, min_words: int = 4) -> str | None:
    """The block's first line if it reads as a headline: 4-20 words, no sentence ending."""
    lines = block.strip().split("\n", 2)
    first = lines[0].strip()
    if len(first) > 150 or not first:
        return None
    # A hard-wrapped paragraph: the "headline" is a sentence continuing on the next line.
    last_word = first.rsplit(None, 1)[-1].lower()
    if last_word in _WRAP_WORDS or (len(lines) > 1 and lines[1].strip()[:1].islower()):
        return None
    if _NOT_HEADLINE.match(first) and not NUMBERED.match(first):
        return None
    m = NUMBERED.match(first)
    if m:
        first = m.group(2)
    words = first.split()
    if not min_words <= len(words) <= 20 or len(first) > 150:
        return None
    ends = first.endswith((",", ";", ":")) or SENTENCE_END.search(first)  # also '."' and '.”'
    if ends or (not first[0].isupper() and not first[0].isdigit()):
        return None
    return first


@dataclass
class Lead:
    """The top of a copied story: its headline, byline authors, and the body that follows."""

    headline: str
    authors: list[str]
    body: str
    removed: list[str]


_BYLINE = re.compile(r"by\s+([^\d]{3,80}?)(?:,\s*[^,]*\d.*)?", re.IGNORECASE)
_DATED_LINE = re.compile(
    r"(published|updated|posted|first published|last updated|last modified)\b.{0,80}",
    re.IGNORECASE,
)
_LEAD_LINES = 8


def _authors(names: str) -> list[str]:
    if " and " in names or "&" in names:
        return [p.strip() for p in re.split(r",\s*|\s+and\s+|\s*&\s*", names) if p.strip()]
    return [names.split(",")[0].strip()]  # "Anna Lindqvist, GreenGrid": the outlet follows


def _is_name(name: str) -> bool:
    parts = name.split()
    return 1 <= len(parts) <= 4 and all(p[:1].isupper() for p in parts)


def byline_authors(lines: list[str]) -> list[str]:
    """Authors of the first "By Name[ and Name]" line among `lines`, else []."""
    for line in lines:
        m = _BYLINE.fullmatch(line.strip())
        names = _authors(m.group(1)) if m else []
        if names and all(_is_name(n) for n in names):
            return names
    return []


def read_lead(text: str, min_words: int = 2) -> Lead:
    """Split the top of a story into headline, byline authors and body.

    The lead is the run of short, unpunctuated lines before the first sentence. The
    headline is the headline-like line right above the byline, else the first one; a
    masthead above it and "Published ..." lines are returned in `removed`.
    """
    lines = text.split("\n")
    lead: list[int] = []
    for i, line in enumerate(lines):
        s = line.strip()
        if not s:
            continue
        if len(s) > 150 or SENTENCE_END.search(s) or len(lead) >= _LEAD_LINES:
            break
        lead.append(i)
    if len(lead) == len([ln for ln in lines if ln.strip()]):
        lead = lead[:-1]  # the last line is the story, however short
    byline = next((i for i in lead if _BYLINE.fullmatch(lines[i].strip())), None)
    candidates = [i for i in lead if headline_of(lines[i], min_words) is not None and i != byline]
    if byline is not None:
        above = [i for i in candidates if i < byline]
        head = above[-1] if above else None
    else:
        head = candidates[0] if candidates else None
    authors: list[str] = []
    drop: set[int] = set()
    removed: list[str] = []
    if byline is not None and head is not None:
        m = _BYLINE.fullmatch(lines[byline].strip())
        authors = _authors(m.group(1)) if m else []
        drop.add(byline)
    if head is not None:
        drop.add(head)
        for i in lead:
            if i < head or (_DATED_LINE.fullmatch(lines[i].strip()) and i not in drop):
                removed.append(lines[i].strip())
                drop.add(i)
    body = "\n".join(line for i, line in enumerate(lines) if i not in drop)
    headline = headline_of(lines[head], min_words) or "" if head is not None else ""
    return Lead(headline, authors, BLANK_LINES.sub("\n\n", body).strip(), removed)


def unwrap(text: str) -> str:
    """Join hard-wrapped paragraphs (e-mail at 72 columns) into one line each.

    A block is wrapped when it has 2+ lines and every line but the last is 40-100
    characters long: a list of short items or one-line paragraphs is left alone.
    """
    out = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [line.strip() for line in block.strip().split("\n")]
        if len(lines) > 1 and all(40 <= len(line) <= 100 for line in lines[:-1]):
            out.append(" ".join(lines))
        else:
            out.append(block.strip())
    return "\n\n".join(b for b in out if b)
