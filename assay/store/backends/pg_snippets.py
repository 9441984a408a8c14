"""Snippets on PostgreSQL: title highlights and the best fragment of each text, from
`ts_headline` over as much of the text as the fragment needs.

`PgSnippets` is the part of `pg_search.PostgresSearch` that makes them; the query text's
configuration and its parse live here too, since the search uses them as well.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text

from assay.store.search_sql import (
    ELLIPSIS,
    MARK_END,
    MARK_START,
    SearchSession,
    Span,
    in_list,
    marked_spans,
)

TS_CONFIG = "english"  # revision 0003 builds articles.fts with it
QUERY = f"CROSS JOIN to_tsquery('{TS_CONFIG}', :match) AS q"
# ts_headline looks at this much of a long text; texts up to snippet-words x this many
# characters are highlighted whole.
HEADLINE_CHARS = 20_000
# When the snippet is the fragment around the first match: the characters read past where
# the query's words first appear (the fragment's 32 words, with room), and the least
# read (a text whose body does not match gives its first words).
HEADLINE_AFTER_CHARS = 600
HEADLINE_MIN_CHARS = 1_000
# A fragment ending closer than this to the prefix's end may have been cut short by it.
NEAR_END_CHARS = 60
SHORT_WORD_CHARS = 6

# A quoted lexeme of tsquery text (a quote inside is doubled, a backslash escapes), as a
# PostgreSQL regular expression: what remains of the text are its operators.
LEXEMES = r"'(?:[^'\\]|''|\\.)*'"


class PgSnippets(SearchSession):
    """Highlights for `SearchSession.highlights`, and the parse of a query's text."""

    def _parsed(self, match: str) -> tuple[str, list[str]]:
        """The query as PostgreSQL parses it: its operators, and its lexemes as tsquery
        text quotes them."""
        parsing = text(f"SELECT to_tsquery('{TS_CONFIG}', :m)::text")
        parsed = str(self._rows(parsing, {"m": match})[0][0])
        return re.sub(LEXEMES, "", parsed), re.findall(LEXEMES, parsed)

    def highlights(
        self, ids: Sequence[int], match: str, snippet_tokens: int
    ) -> dict[int, tuple[list[Span], str, list[Span]]]:
        # ts_headline parses all the text it is given (~0.35 us a character, most of a
        # page's time). For an OR of words, or one phrase, its one fragment is the one
        # around the first match (every cover holds as many query words; a tie goes to
        # the earliest), so a prefix holding that fragment whole gives the same snippet.
        # The prefix ends HEADLINE_AFTER_CHARS past where the query's words first appear
        # (`_first_words`); a fragment that may not fit is highlighted again, longer.
        out = self._headlines(ids, match, snippet_tokens, self._first_words(match))
        again = [aid for aid, found in out.items() if found[3]]
        out.update(self._headlines(again, match, snippet_tokens, None))
        return {aid: (title, snippet, spans) for aid, (title, snippet, spans, _) in out.items()}

    def _first_words(self, match: str) -> FirstWords | None:
        """How to find where the query's words first appear in a text, or None when the
        snippet may come from any cover (an AND, a phrase beside words): read
        HEADLINE_CHARS. Decided on the parsed query, since a quoted word may parse as a
        phrase (`it's`)."""
        ops, lexemes = self._parsed(match)
        if re.search("[&!]", ops) or ("<" in ops and "|" in ops):
            return None
        words = [_unquoted(w) for w in lexemes]
        # A stem is the start of the words it stands for, but for a final y made i
        # ("compani"); `\m` starts a word.
        keys = [r"\m" + re.escape(w[:-1] if len(w) > 2 and w.endswith("i") else w) for w in words]
        # A phrase's cover holds all its words; an OR's, any.
        return FirstWords(keys, "max" if "<" in ops else "min")

    def _headlines(
        self,
        ids: Sequence[int],
        match: str,
        snippet_tokens: int,
        first: FirstWords | None,
    ) -> dict[int, tuple[list[Span], str, list[Span], bool]]:
        """Title spans, a snippet and its spans from a prefix of each text (HEADLINE_CHARS
        without `first`), and whether a longer prefix may give another snippet: the body
        matches but not in the prefix, or the fragment ends near the prefix's end."""
        if not ids:
            return {}
        marks = f'StartSel="{MARK_START}", StopSel="{MARK_END}"'
        # A short text is its own snippet, highlighted whole (as FTS5 gives it); a longer
        # one yields its best fragment from its prefix. The text's first and last
        # characters tell whether the fragment starts or ends it (else an ellipsis).
        # Without a match in the body, ts_headline gives the text's first words.
        keys, agg = (first.keys, first.agg) if first is not None else ([], "min")
        # Where the words first appear (a word not found: anywhere up to HEADLINE_CHARS).
        found_at = f"""
            SELECT {agg}(coalesce(nullif(regexp_instr(
                       left(t.body, {HEADLINE_CHARS}), k, 1, 1, 0, 'i'), 0), {HEADLINE_CHARS}))
            FROM unnest(CAST(:keys AS text[])) AS k
        """
        # Each subquery is kept apart (OFFSET 0), so that its values are computed once:
        # else the planner repeats them where they are used (the text read from TOAST
        # and decompressed at every use, the first words' search four times).
        sql = f"""
            SELECT a.id, h.title, h.snippet,
                   left(t.body, 200) AS head, right(t.body, 200) AS tail,
                   CASE WHEN p.chars < {HEADLINE_CHARS} AND length(t.body) > p.chars
                        THEN left(t.body, p.chars) END AS read,
                   to_tsvector('{TS_CONFIG}', h.snippet) @@ q AS found,
                   t.in_body
            FROM articles a {QUERY}
            CROSS JOIN LATERAL (
                SELECT a.text || '' AS body, ts_filter(a.fts, '{{b}}') @@ q AS in_body OFFSET 0
            ) AS t
            CROSS JOIN LATERAL (
                SELECT CASE WHEN NOT :prefixed THEN {HEADLINE_CHARS}
                            WHEN NOT t.in_body THEN :least
                            ELSE least({HEADLINE_CHARS}, greatest(:least, ({found_at}) + :after))
                       END AS chars
                OFFSET 0
            ) AS p
            CROSS JOIN LATERAL (
                SELECT ts_headline('{TS_CONFIG}', a.title, q, :whole) AS title,
                       CASE WHEN length(t.body) <= :short
                            THEN ts_headline('{TS_CONFIG}', t.body, q, :whole)
                            ELSE ts_headline('{TS_CONFIG}', left(t.body, p.chars), q, :part)
                       END AS snippet
                OFFSET 0
            ) AS h
            WHERE a.id IN ({in_list(ids)}) AND a.fts @@ q
        """
        params = {
            "match": match,
            "whole": f"HighlightAll=true, {marks}",
            "part": f"MaxFragments=1, MaxWords={snippet_tokens}, "
            f"MinWords={max(1, snippet_tokens // 2)}, {marks}",
            "short": snippet_tokens * SHORT_WORD_CHARS,
            "prefixed": first is not None,
            "keys": keys,
            "least": HEADLINE_MIN_CHARS,
            "after": HEADLINE_AFTER_CHARS,
        }
        out: dict[int, tuple[list[Span], str, list[Span], bool]] = {}
        for r in self._rows(text(sql), params):
            _, title_spans = marked_spans(r.title or "")
            snippet, spans = marked_spans(r.snippet or "")
            plain = " ".join(snippet.split())
            redo = r.read is not None and (
                (r.in_body and not r.found) or (bool(plain) and _near_end(plain, r.read))
            )
            if not spans:
                out[int(r.id)] = (title_spans, "", [], redo)
                continue
            if not " ".join(r.head.split()).startswith(plain[:40]):
                snippet = ELLIPSIS + snippet
                spans = [(s + len(ELLIPSIS), e + len(ELLIPSIS)) for s, e in spans]
            if not " ".join(r.tail.split()).endswith(plain[-40:]):
                snippet += ELLIPSIS
            out[int(r.id)] = (title_spans, snippet, spans, redo)
        return out


@dataclass(frozen=True)
class FirstWords:
    """Regular expressions that find each query word's first surface form, and whether
    the fragment's place is the first of them all (`min`) or where all have appeared."""

    keys: list[str]
    agg: str


def _unquoted(lexeme: str) -> str:
    """A lexeme as tsquery text quotes it, unquoted."""
    return re.sub(r"\\(.)", r"\1", lexeme[1:-1].replace("''", "'"))


def _near_end(fragment: str, read: str) -> bool:
    """Whether `fragment` (words one space apart) may end where the text `read` ends.
    Where its last words are not found in it (ts_headline leaves out tags), it may:
    making it again costs time, not a different snippet."""
    words, tail = " ".join(read.split()), " ".join(fragment.split()[-3:])
    found = words.rfind(tail)
    return found < 0 or len(words) - found - len(tail) < NEAR_END_CHARS
