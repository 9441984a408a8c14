"""Plain-text pages and newsletters: drop page furniture, split into stories, strip Markdown.

Furniture is removed line by line with an ordered list of described patterns
(`FURNITURE`). Every pattern matches a whole line, and most only apply to short lines,
so a story sentence that merely contains "subscribe" or "cookie" is never dropped.
Whatever is removed is returned to the caller, never silently discarded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "FURNITURE",
    "Furniture",
    "clean_text",
    "furniture_reason",
    "headline_of",
    "read_lead",
    "split_stories",
    "unwrap",
]


@dataclass(frozen=True)
class Furniture:
    """One kind of page furniture: a regex over a whole stripped line, and a length cap."""

    name: str
    pattern: re.Pattern[str]
    max_chars: int = 160


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Ordered: the first match names the reason. Caps keep long story sentences out of reach;
# only notices that are long by nature (cookies, copy protection) get a higher cap.
FURNITURE: tuple[Furniture, ...] = (
    Furniture(
        "advertisement",
        _rx(r"(story continues below )?advert(isement|s)?\b.{0,40}|sponsored( content)?|ad"),
    ),
    Furniture(
        "cookie notice",
        _rx(
            r"(we|this (web)?site|our (web)?site)( and our partners)? uses? cookies\b.*"
            r"|.*\b(accept|manage|reject) (all )?cookies\b.*"
            r"|cookie (policy|settings|preferences)\b.*"
            r"|by (continuing|using this site).*\bcookies?\b.*"
        ),
        400,
    ),
    Furniture(
        "copy-protection notice",
        _rx(
            r"this (content|article|material|story) is (copyright|copyrighted)( protected)?\b.*"
            r"|this (content|article|material|story) is protected by copyright\b.*"
            r"|.*\bcopying (is|are) (prohibited|not permitted)\b.*"
            r"|you may not (copy|reproduce|republish|redistribute)\b.*"
            r"|.*\b(may not|must not) be (reproduced|republished|redistributed|copied)\b.*"
            r"|to share (this|the) (content|article)[, ].*\b(link|headline)\b.*"
        ),
        400,
    ),
    Furniture(
        "copyright line",
        _rx(r"(©|\(c\)).*|copyright\s*(©|\(c\))?\s*(\d{4}|by)\b.*|.*\ball rights reserved\b.*"),
    ),
    Furniture(
        "provenance line",
        _rx(
            r"(this (article|story|piece) )?(was )?(originally|first) (published|appeared)"
            r"( (at|on|in|by)\b.*|\.?)"
            r"|this (article|story|piece) (first )?appeared (on|in)\b.*"
        ),
    ),
    Furniture(
        "sign-up box",
        _rx(
            r"(sign up|subscribe|register|join)( now| today| free| here)?"
            r"( (to|for|and)\b.*|[.!:]?\s*)"
            r"|(get|receive) (the latest|our|daily|weekly|breaking)\b.*"
            r"\b(inbox|newsletter|alerts?)\b.*"
            r"|enter your e-?mail( address)?\b.*|your e-?mail( address)?:?"
            r"|(daily|weekly|free)? ?newsletters?:?|already (a subscriber|registered)\b.*"
            r"|(subscribers?|members?) only\b.*|.*\bsubscription required\b.*"
        ),
    ),
    Furniture(
        "newsletter footer",
        _rx(
            r"(click here to |to )?unsubscribe\b.*|.*\bunsubscribe( here)?\.?"
            r"|(view|read|open) (this (e-?mail|newsletter) )?(in|on) (your|a|the) "
            r"(web )?browser\b.*"
            r"|you (are receiving|received|have received) this (e-?mail|newsletter|message)\b.*"
            r"|(update|manage) your (e-?mail |subscription |newsletter )?"
            r"(preferences|subscriptions?|settings)\b.*"
            r"|forward (this (e-?mail|newsletter) )?to a (friend|colleague)\b.*"
            r"|was this (e-?mail|newsletter) forwarded to you\b.*|our mailing address is:?.*"
        ),
        240,
    ),
    Furniture(
        "teaser",
        _rx(
            r"(read|see) (more|also|next)\b.*|(also|further) read(ing)?\b.*|related\b.{0,3}"
            r"|related (stories|articles|content|news|coverage|reading|links)\b.*"
            r"|more (stories|news|from [\w.' -]{1,40}|on this( topic| story)?|like this|to read):?"
            r"|recommended( for you| reading| stories| articles)?:?|recommended\s*:.*"
            r"|you (may|might) (also )?(like|be interested|want to read)\b.*"
            r"|continue reading\b.*|full story\b.*"
            r"|(most )?(popular|trending)( now| stories| articles)?:?"
            r"|editor'?s picks?:?|top stories:?|latest (news|stories):?"
        ),
    ),
    Furniture(
        "share line",
        _rx(
            r"share( this| the)?( article| story| post| page)?( on| via)?[:\s]*"
            r"((facebook|twitter|linkedin|whatsapp|e-?mail|x|telegram|reddit)[\s|,·•/]*)*"
            r"|(follow|like) (us|@\w+)\b.*|(follow|find|connect with) us on\b.*"
            r"|read or share this (story|article)\b.*"
            r"|((facebook|twitter|linkedin|whatsapp|email|e-mail|print|reddit|telegram|x|copy link"
            r"|share|tweet|pinterest|flipboard)[\s|,·•/]*){2,}"
        ),
        120,
    ),
    Furniture(
        "click-here line",
        # Imperative or after a sentence break; "a 'just click here' shortcut" is story text.
        _rx(r"\W{0,2}(please )?click (here|this link)\b.*|.*([.?!:–—-]|\bplease)\s*click here\b.*"),
        200,
    ),
    Furniture(
        "navigation",
        _rx(
            r"(skip to (main )?content|back to top|home|menu|search|log ?in|sign ?in|sign ?out"
            r"|print|e-?mail|comments?|loading\.*|close|next|previous|prev|share|tweet|top)\W*"
            r"|(tags?|topics?|filed under|categories|keywords)\s*:.*"
            r"|(photo|image|picture|video)( credit)?s?\s*:.{0,60}"
        ),
        100,
    ),
)

_CRUMB_SEP = re.compile(r"\s+(?:>|»|›|/|\||•|·)\s+")
_BLANKS = re.compile(r"\n{3,}")
_SENTENCE_END = re.compile(r"[.!?]['\"”’)]?$")


def _is_crumbs(line: str) -> bool:
    """A breadcrumb trail: 3+ short segments joined by > » › / | and no sentence ending."""
    if line.startswith("|"):
        return False  # a table row
    parts = _CRUMB_SEP.split(line)
    if len(parts) < 3 or len(line) > 120 or _SENTENCE_END.search(line):
        return False
    return all(0 < len(p.split()) <= 4 for p in parts)


def furniture_reason(line: str) -> str | None:
    """Name the kind of furniture `line` is, or None when it is story text."""
    s = line.strip().strip("*_#>[]() ").strip()
    if not s:
        return None
    if s[0].islower() and s.count(" ") >= 3:
        return None  # the continuation of a hard-wrapped sentence ("subscribe to ordinary shares")
    for kind in FURNITURE:
        if len(s) <= kind.max_chars and kind.pattern.fullmatch(s):
            return kind.name
    if _is_crumbs(s):
        return "navigation"
    return None


def clean_text(text: str) -> tuple[str, list[str]]:
    """Drop page-furniture lines; return the kept text and the removed lines in order."""
    kept: list[str] = []
    removed: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if furniture_reason(line):
            removed.append(line.strip())
        else:
            kept.append(line.rstrip())
    return _BLANKS.sub("\n\n", "\n".join(kept)).strip(), removed


# --- stories --------------------------------------------------------------------------

# Story separators. Not `___`: AP copy uses it between sections of one story.
_RULE = re.compile(r"^[ \t]*(?:([-*=])[ \t]*)(?:\1[ \t]*){2,}$", re.MULTILINE)
# A rule-separated piece shorter than this with no headline is a story's tail or a footer.
_TAIL_CHARS = 200
_NUMBERED = re.compile(r"^(?:#+\s*)?(\d{1,2})[.)]\s+(\S.*)$")
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
# A line ending in one of these words continues on the next line: it is no headline.
_WRAP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "and",
        "or",
        "in",
        "on",
        "for",
        "with",
        "at",
        "by",
        "from",
        "its",
        "their",
        "that",
        "as",
        "is",
        "was",
        "said",
    ]
)


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
    if _NOT_HEADLINE.match(first) and not _NUMBERED.match(first):
        return None
    m = _NUMBERED.match(first)
    if m:
        first = m.group(2)
    words = first.split()
    if not min_words <= len(words) <= 20 or len(first) > 150:
        return None
    if first.endswith((".", ",", ";", ":")) or (not first[0].isupper() and not first[0].isdigit()):
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
        if len(s) > 150 or _SENTENCE_END.search(s) or len(lead) >= _LEAD_LINES:
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
    return Lead(headline, authors, _BLANKS.sub("\n\n", body).strip(), removed)


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
    numbered = [i for i, first, _ in heads if _NUMBERED.match(first)]
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
