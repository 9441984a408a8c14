"""Markdown to plain text: headings become lines, links keep their text.

Newsletters written in Markdown mark their stories with repeated headings; those get a
`---` rule line before them so that `split_stories` cuts there.
"""

from __future__ import annotations

import re

__all__ = ["markdown_to_text"]

_BLANKS = re.compile(r"\n{3,}")
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
_MD_RULE = re.compile(r"^ {0,3}(?:([-*_])[ \t]*)(?:\1[ \t]*){2,}$")
# Spans are bounded ({1,300}) so that unmatched brackets or stars on a long line cost
# linear, not quadratic, time.
_MD_IMAGE = re.compile(r"!\[([^\]\n]{0,300}+)\]\([^)\n]{0,500}+\)")
_MD_LINK = re.compile(
    r"\[([^\]\n]{1,300}+)\](?:\((?:[^()\n]++|\([^()\n]{0,200}+\)){0,50}+\)|\[[^\]\n]{0,100}+\])"
)
_MD_AUTOLINK = re.compile(r"<(https?://[^>\s]{1,500}+|[^>\s@]{1,100}+@[^>\s]{1,200}+)>")
_MD_REFDEF = re.compile(r"^ {0,3}\[[^\]\n]{1,300}+\]:[ \t]*+\S.*$", re.MULTILINE)
_MD_EMPH = re.compile(
    r"(\*\*|__)(?=\S)(.{1,200}?)(?<=\S)\1|(?<![\w*])\*(?=\S)(.{1,200}?)(?<=\S)\*(?!\w)"
)
_MD_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)(.{1,200}?)(?<=\S)_(?![\w_])")
_MD_STRIKE = re.compile(r"~~(.{1,200}?)~~")
_MD_CODE = re.compile(r"`([^`\n]{1,300}+)`")
_MD_HTML = re.compile(r"</?[A-Za-z][^<>\n]{0,300}+>")
_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
_MD_LIST = re.compile(r"^(\s*)[-*+]\s+")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_TABLE_CELL_RULE = re.compile(r":?-{3,}:?")
_INLINE_MARKS = re.compile(r"[\[*_`~<!]")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")


def _is_table_rule(line: str) -> bool:
    """`|---|:---:|`: the row under a table header."""
    if "|" not in line:
        return False
    cells = line.strip().strip("|").split("|")
    return all(_MD_TABLE_CELL_RULE.fullmatch(c.strip()) for c in cells)


def _inline(line: str) -> str:
    if not _INLINE_MARKS.search(line):
        return line
    line = _MD_IMAGE.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_AUTOLINK.sub(r"\1", line)
    line = _MD_CODE.sub(r"\1", line)
    line = _MD_STRIKE.sub(r"\1", line)
    line = _MD_EMPH.sub(lambda m: m.group(2) or m.group(3), line)
    line = _MD_UNDERSCORE.sub(r"\1", line)
    return _MD_HTML.sub("", line)


def _heading_text(line: str) -> str:
    """The text of an ATX (`## Title ##`) or setext heading line."""
    m = _MD_HEADING.match(line)
    if not m:
        return line.strip()
    text = (m.group(2) or "").rstrip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare  # closing hashes
    return text.strip()


def _heading_levels(lines: list[str]) -> list[int]:
    """Heading level per line (0 = not a heading), counting setext underlines."""
    levels = [0] * len(lines)
    fenced = False
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        m = _MD_HEADING.match(line)
        if m:
            levels[i] = len(m.group(1))
        elif (
            i > 0
            and _MD_SETEXT.match(line)
            and lines[i - 1].strip()
            and not levels[i - 1]
            and not _MD_LIST.match(lines[i - 1])
        ):
            levels[i - 1] = 1 if line.strip()[0] == "=" else 2
            levels[i] = -1  # the underline itself
    return levels


def _story_level(lines: list[str], levels: list[int]) -> int:
    """The heading level that separates stories, or 0 when headings are an article's sections.

    Repeated headings split stories when little text (a masthead or greeting) comes before
    the first of them, or when they are numbered; after a lede they are section headings.
    """
    for level in range(1, 7):
        at = [i for i, lv in enumerate(levels) if lv == level]
        if len(at) < 2:
            continue
        before = "".join(
            lines[i] for i in range(at[0]) if levels[i] == 0 and not _MD_RULE.match(lines[i])
        )
        numbered = sum(1 for i in at if _NUMBERED.match(_heading_text(lines[i])))
        if len(before.strip()) < 200 or numbered >= 2:
            return level
        return 0
    return 0


def markdown_to_text(markdown: str) -> str:
    """Strip Markdown to plain text: headings become lines, links keep their text.

    Headings that separate stories in a newsletter are preceded by a `---` rule line so
    that `split_stories` cuts there; thematic breaks stay `---`.
    """
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = _MD_REFDEF.sub("", "\n".join(lines)).split("\n")
    levels = _heading_levels(lines)
    story_level = _story_level(lines, levels)
    out: list[str] = []
    fenced = False
    for line, level in zip(lines, levels, strict=True):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            out.append(line)
            continue
        if level == -1 or _is_table_rule(line):
            continue
        if level > 0:
            heading = _heading_text(line)
            if story_level and level == story_level:
                out.extend(["", "---", ""])
            out.extend(["", _inline(heading.strip()), ""])
            continue
        if _MD_RULE.match(line):
            out.extend(["", "---", ""])
            continue
        line = _MD_QUOTE.sub("", line)
        line = _MD_LIST.sub(r"\1", line)
        if line.strip().startswith("|") and line.strip().endswith("|"):
            line = " ".join(c.strip() for c in line.strip().strip("|").split("|"))
        out.append(_inline(line).rstrip())
    return _BLANKS.sub("\n\n", "\n".join(out)).strip()
