"""The visible text of an HTML page, line by line, as a reader's select-all copy gives it.

Used to train and measure the furniture classifier on real pages: scripts, styles,
hidden elements and form controls are dropped, every block element starts a new line,
inline elements run together, and whitespace is collapsed.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

__all__ = ["page_titles", "visible_lines"]

_DROP = frozenset({
    "script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas",
    "select", "option", "math", "audio", "video",
})  # fmt: skip
_BLOCK = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tr", "td",
    "th", "section", "article", "header", "footer", "nav", "aside", "blockquote", "pre",
    "figure", "figcaption", "form", "dd", "dt", "dl", "hr", "main", "address", "br",
    "fieldset", "legend", "details", "summary", "caption", "tbody", "thead", "center", "body",
    "html",
})  # fmt: skip
_WS = re.compile(r"[ \t\r\f\v\u00a0\u200b\u2028\u2029]+")


def _root(html: str) -> lxml.html.HtmlElement | None:
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
    try:
        return lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _hidden(el: lxml.html.HtmlElement) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return el.get("hidden") is not None or "display:none" in style


def visible_lines(html: str) -> list[str]:
    """The page's visible text, one line per block, blank lines dropped."""
    root = _root(html)
    if root is None:
        return []
    out: list[str] = []

    def walk(el: lxml.html.HtmlElement) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in _DROP or _hidden(el):
            if el.tail:
                out.append(el.tail)
            return
        block = tag in _BLOCK
        if block:
            out.append("\n")
        if el.text:
            out.append(el.text)
        for child in el:
            walk(child)
        if block:
            out.append("\n")
        if el.tail:
            out.append(el.tail)

    walk(root)
    lines = (_WS.sub(" ", line).strip() for line in "".join(out).split("\n"))
    return [line for line in lines if line]


def page_titles(html: str) -> list[str]:
    """Headline candidates the page declares: og:title, twitter:title, <title>, <h1>."""
    root = _root(html)
    if root is None:
        return []
    found = root.xpath(
        "//meta[@property='og:title' or @name='twitter:title']/@content | //title//text()"
    )
    found += [h.text_content() for h in root.iter("h1")]
    titles = (_WS.sub(" ", str(t)).strip() for t in found)
    return [t for t in titles if t]
