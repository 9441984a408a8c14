"""Page furniture: sign-up boxes, cookie and copyright lines, share bars, teasers, navigation.

Furniture is removed line by line with an ordered list of described patterns
(`FURNITURE`). Every pattern matches a whole line, and most only apply to short lines,
so a story sentence that merely contains "subscribe" or "cookie" is never dropped.
Whatever is removed is returned to the caller, never silently discarded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FURNITURE", "Furniture", "clean_text", "furniture_reason"]


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
# Shared with lead.py: runs of blank lines left by removed lines, and a sentence ending.
BLANK_LINES = re.compile(r"\n{3,}")
SENTENCE_END = re.compile(r"[.!?]['\"”’)]?$")


def _is_crumbs(line: str) -> bool:
    """A breadcrumb trail: 3+ short segments joined by > » › / | and no sentence ending."""
    if line.startswith("|"):
        return False  # a table row
    parts = _CRUMB_SEP.split(line)
    if len(parts) < 3 or len(line) > 120 or SENTENCE_END.search(line):
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
    return BLANK_LINES.sub("\n\n", "\n".join(kept)).strip(), removed
