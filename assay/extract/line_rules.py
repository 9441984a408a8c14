"""What the page's structure says about a line, after the classifier has judged it.

The classifier learned from pages whose gold bodies leave out headlines, standfirsts and
captions, and on which "read more" links and in-story notices are rare. These readings
correct it:

- a text where no removed line names a kind of furniture (wire copy, a table of figures)
  is all story; on one without a long sentence to anchor it, only lines with a cue go;
- prose without a notice cue is story, and so is the headline above the first prose;
- lone buttons ("Iklan", "Share this article"), menus and breadcrumbs, copyright lines,
  and notices (cookies, copyright, sign-up, offer) addressed to the reader ("you",
  "Subscribe now", "$1 a week", "this page") or boxed in by furniture, are furniture;
- "Read more: <headline>", "Leia também: <headline>" and "<Headline> MORE" are links, and
  so are the headlines listed under a removed "Read more" / "Sponsored stories" header;
- a line carrying a photo credit ("Photo: ...", "Photographer: X/Desk") is a caption.

On a main text an extractor already took from its page (`extracted`), only lines with a
cue or a link, credit or menu shape go: its list items and subheadings are story.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from assay.extract.cues import (
    CUE_KINDS,
    IMPERATIVES,
    NOTICE_KINDS,
    READER_WORDS,
    cue_kinds,
    is_button,
    words,
)

__all__ = [
    "SENTENCE_END",
    "addresses_reader",
    "adjust",
    "evidence",
    "headline_like",
    "notice",
    "prose",
]

SENTENCE_END = re.compile(r"[.!?]['\"”’)]?$")
_BYLINE = re.compile(r"(by|von|par|por|di|oleh)\s", re.IGNORECASE)
_LINK_PREFIX = re.compile(r"^\W*([^:—–»|]{2,40}?)\s*[:—–»|]\s*\S")
_LINK_MARKS = frozenset(":—–»|")
_LINK_END = re.compile(r"(\sMORE|\s[Rr]ead [Mm]ore|→|»|›)\W{0,2}$")
_CREDIT = re.compile(
    r"(^|[\s(])(photo|photos|photograph|photographer|photo illustration|image|picture|credit"
    r"|foto|bild|illustration)s?\s*:\s*[^.!?]{0,60}\)?\.?$"
    r"|^\(?(photo|photograph|image|picture|foto|bild)s?\s*:",
    re.IGNORECASE,
)
# Every credit above holds one of these: lines without one skip the regex.
_CREDIT_WORDS = ("photo", "image", "picture", "credit", "foto", "bild", "illustration")
_PRICE = re.compile(r"[$€£¥]\s?\d|\d\s?[$€£¥]|\d+\s?% off", re.IGNORECASE)
_QUOTE = re.compile(r"[\"“”«»]")
_SELF = re.compile(
    r"\b(this|the) (page|article|content|story|site|website|e-?mail|newsletter)\b"
    r"|\b(cette|ce|cet) (page|article|contenu|site)\b|\bdiese[rsnm]? (seite|artikel|inhalte?)\b"
    r"|\b(esta|este|desta|deste|questa|questo) (página|pagina|contenido|conteúdo|articolo|artículo"
    r"|artigo|contenuto)\b|\b(artikel|halaman|konten) ini\b|\bdei contenuti\b",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://|www\.\w", re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"^\W*(©|\(c\)|copyright\s*©?\s*\d{4})|rights reserved|rechte vorbehalten"
    r"|droits réservés|derechos reservados|direitos reservados|diritti riservati|hak cipta",
    re.IGNORECASE,
)
# Every copyright line above holds one of these (lower-cased): others skip the regex.
_COPYRIGHT_MARKS = (
    "©", "(c)", "copyright", "reserv", "réserv", "riserv", "vorbehalten", "hak cipta"
)  # fmt: skip
_CRUMB_MARKS = frozenset(">»›/|•·")
_CRUMB_SEP = re.compile(r"\s+(?:>|»|›|/|\||•|·)\s+")
_LINK_KINDS = frozenset({CUE_KINDS.index("teaser"), CUE_KINDS.index("navigation")})
# Cue kinds whose lines are furniture once they speak to the reader or of the page itself.
_ADDRESSED_KINDS = NOTICE_KINDS | {CUE_KINDS.index("click-here line")}
_STRONG_KINDS = frozenset(
    CUE_KINDS.index(k)
    for k in ("copy-protection notice", "cookie notice", "copyright line", "newsletter footer")
)
_HEADER_KINDS = frozenset({CUE_KINDS.index("teaser"), CUE_KINDS.index("advertisement")})
_TEASER = CUE_KINDS.index("teaser")
_HEADER_WORDS = 6
_PROSE_WORDS = 12
_LEAD_LINES = 12  # the headline is at most this many lines above the first prose line


def headline_like(line: str) -> bool:
    """3-20 words, capitalised, no sentence ending: a headline or a linked headline."""
    n = len(line.split())
    return (
        3 <= n <= 20
        and len(line) <= 150
        and line[0].isupper()
        and not SENTENCE_END.search(line)
        and not _BYLINE.match(line)
    )


def prose(line: str) -> bool:
    """A sentence of story length: 12+ words ending in . ! or ? (not an ellipsis)."""
    s = line.strip()
    return len(s.split()) >= _PROSE_WORDS and bool(SENTENCE_END.search(s)) and not s.endswith("..")


def notice(line: str, kinds: Collection[int] | None = None) -> bool:
    """The line holds a cue of a notice or promotion (cookies, copyright, sign-up, offer).

    Pass `kinds` (the line's `cue_kinds`) when they are already at hand.
    """
    return bool(NOTICE_KINDS.intersection(cue_kinds(line) if kinds is None else kinds))


def _could_be_headline(line: str, kinds: frozenset[int], strict: bool) -> bool:
    """Not a kicker ("Energy Desk staff"), a dateline, a link or an offer: 4+ words, few
    digits, no notice cue; `strict`: no cue at all ("Lecture : 3 min" is a reading time)."""
    digits = sum(c.isdigit() for c in line)
    if len(words(line)) < 4 or digits > 0.15 * len(line) or _header(line, kinds):
        return False
    if _link(line):
        return False
    return not kinds if strict else not notice(line, kinds)


def _link(line: str) -> bool:
    """ "Read more: <headline>", "Tags: a, b" in any language the cues know, or
    "<Headline> MORE", "<Headline> Read more"."""
    m = _LINK_PREFIX.match(line) if _LINK_MARKS.intersection(line[:45]) else None
    if m and len(words(m.group(1))) <= 4 and _LINK_KINDS.intersection(cue_kinds(m.group(1))):
        return True
    if not _LINK_END.search(line[-13:]):  # " Read more" and two marks at most
        return False
    return headline_like(_LINK_END.sub("", line).strip() or "x")


def _header(line: str, kinds: frozenset[int]) -> bool:
    return bool(_HEADER_KINDS & kinds) and (
        line.rstrip().endswith(":") or len(line.split()) <= _HEADER_WORDS
    )


def addresses_reader(line: str) -> bool:
    """A call to action, an offer or a page talking of itself: "you"/"our" (in several
    languages), an imperative first word, a price, "this page", a web address; not quoted
    speech."""
    if _QUOTE.search(line):
        return False
    tokens = words(line)
    return bool(
        READER_WORDS.intersection(tokens)
        or (tokens and tokens[0] in IMPERATIVES)
        or _PRICE.search(line)
        or _SELF.search(line)
        or _URL.search(line)
    )


def _copyright(line: str) -> bool:
    low = line.lower()
    return any(m in low for m in _COPYRIGHT_MARKS) and bool(_COPYRIGHT.search(line))


def _credit(line: str) -> bool:
    """A photo credit or caption line: "Photo: ...", "Photographer: X/Desk"."""
    low = line.lower()
    return any(w in low for w in _CREDIT_WORDS) and bool(_CREDIT.search(line))


def _crumbs(line: str) -> bool:
    """A breadcrumb trail or menu: 3+ short segments joined by > » › / | and no sentence end."""
    if _CRUMB_MARKS.isdisjoint(line):
        return False
    parts = _CRUMB_SEP.split(line)
    if len(parts) < 3 or line.startswith("|") or SENTENCE_END.search(line):
        return False
    return all(0 < len(p.split()) <= 4 for p in parts)


def _notices(lines: Sequence[str], removed: list[bool], all_kinds: list[frozenset[int]]) -> None:
    """Buttons, menus, copyright lines, notices addressed to the reader, and notices inside
    a block of furniture."""
    for i, line in enumerate(lines):
        if removed[i]:
            continue
        kinds = all_kinds[i]
        removed[i] = (
            (bool(kinds) and is_button(line))
            or _crumbs(line)
            or _copyright(line)
            or (
                bool(kinds & _ADDRESSED_KINDS)
                and addresses_reader(line)
                # In a story sentence only the kinds whose words prose rarely uses count.
                and (not prose(line) or bool(kinds & _STRONG_KINDS))
            )
        )
    changed = True
    while changed:  # a promotion box is furniture from edge to edge
        changed = False
        for i in range(1, len(lines) - 1):
            if not removed[i] and removed[i - 1] and removed[i + 1] and NOTICE_KINDS & all_kinds[i]:
                removed[i] = changed = True


def _sentence(line: str) -> bool:
    return len(line.split()) >= 4 and line[0].isupper() and bool(SENTENCE_END.search(line))


def evidence(line: str, kinds: Collection[int]) -> bool:
    """A line whose cue words can make its page a page: it has a cue and is not a story
    sentence (prose without a notice cue: "per share", "the photo shows" in a story)."""
    return bool(kinds) and not (prose(line) and not notice(line, kinds))


def _keep_story(lines: Sequence[str], removed: list[bool], kinds: list[frozenset[int]]) -> None:
    for i, line in enumerate(lines):
        if removed[i] and prose(line) and not notice(line, kinds[i]):
            removed[i] = False
    if not any(r and evidence(line, k) for line, k, r in zip(lines, kinds, removed, strict=True)):
        # No removed line names a kind of furniture: clean text (wire copy, a table of
        # figures), not a page; the model's guesses are not evidence enough.
        removed[:] = [False] * len(removed)
        return
    kept = [i for i, line in enumerate(lines) if not removed[i] and prose(line)]
    if not kept:
        # No long sentence to anchor the page (a short note, a table of figures): the model
        # has no context, so only lines with a furniture cue go.
        for i in range(len(lines)):
            if removed[i] and not kinds[i]:
                removed[i] = False
        return
    first = kept[0]
    above = range(first - 1, max(first - _LEAD_LINES, 0) - 1, -1)
    if any(headline_like(lines[i]) and not removed[i] for i in above):
        return  # a headline is kept already
    for strict in (True, False):
        for i in above:
            if headline_like(lines[i]) and _could_be_headline(lines[i], kinds[i], strict):
                removed[i] = False
                return


def _links_and_credits(
    lines: Sequence[str], removed: list[bool], kinds: list[frozenset[int]]
) -> None:
    under_header = False
    for i, line in enumerate(lines):
        if _link(line) or _credit(line):
            removed[i] = True
        if removed[i]:
            # A header opens a list of links; a removed headline-like line continues it.
            under_header = _header(line, kinds[i]) or (under_header and headline_like(line))
        elif under_header and headline_like(line):
            removed[i] = True
        else:
            under_header = False


def adjust(
    lines: Sequence[str],
    removed: Sequence[bool],
    kinds: Sequence[Collection[int]] | None = None,
    extracted: bool = False,
) -> list[bool]:
    """The classifier's decisions (True = furniture) corrected by the page's structure.

    Pass `kinds` (each line's `cue_kinds`) when they are already at hand. `extracted`: the
    text is a main text an extractor already took from the page (trafilatura's), so a line
    goes only with a furniture cue or a link, credit or menu shape; its list items and
    subheadings are story.
    """
    sets = (
        [frozenset(k) for k in kinds]
        if kinds is not None
        else [frozenset(cue_kinds(line)) for line in lines]
    )
    out = list(removed)
    _keep_story(lines, out, sets)
    _notices(lines, out, sets)
    _links_and_credits(lines, out, sets)
    if extracted:
        out = [
            r and bool(k or _link(line) or _credit(line) or _crumbs(line))
            for line, r, k in zip(lines, out, sets, strict=True)
        ]
    return out
