"""Query trees to each backend's full-text syntax: SQLite FTS5 MATCH and PostgreSQL tsquery.

Every term is quoted, so nothing a user types reaches the engine as syntax; the only
operators in the output are the ones the tree holds. Both engines give NOT precedence
over AND over OR, but FTS5 refuses an implicit AND beside a parenthesis, so AND is
always written out.

>>> fts5.match(parse_query('"rare earth" refinery -coal'))
'("rare earth" AND "refinery") NOT "coal"'
>>> tsquery.match(parse_query('"rare earth" refinery -coal'))
"('rare' <-> 'earth') & 'refinery' & !'coal'"
"""

from __future__ import annotations

from collections.abc import Sequence

from assay.errors import StoreError
from assay.search.syntax import All, AnyOf, Node, Query, Term


class Compiler:
    """Writes a tree in one backend's syntax; subclasses say how terms and operators look."""

    AND = " AND "
    OR = " OR "

    def term(self, term: Term) -> str:
        raise NotImplementedError

    def node(self, node: Node) -> str:
        """The expression for `node`; OR inside AND is parenthesised, and AND inside OR."""
        if isinstance(node, Term):
            return self.term(node)
        inner = AnyOf if isinstance(node, All) else All
        sep = self.AND if isinstance(node, All) else self.OR
        return sep.join(
            f"({self.node(p)})" if isinstance(p, inner) else self.node(p) for p in node.parts
        )

    def match(self, query: Query) -> str | None:
        """What a text hit must match: the wanted tree without the excluded terms."""
        raise NotImplementedError

    def any_of(self, terms: Sequence[Term]) -> str | None:
        """An expression matching any of `terms` (exclusions, highlighting); None if empty."""
        return self.OR.join(self.term(t) for t in dict.fromkeys(terms)) or None


class Fts5Compiler(Compiler):
    """SQLite FTS5 MATCH expressions (the porter tokenizer stems each word)."""

    def term(self, term: Term) -> str:
        return '"' + term.text.replace('"', '""') + '"' + ("*" if term.prefix else "")

    def match(self, query: Query) -> str | None:
        if query.match is None:
            return None  # FTS5 cannot match a bare NOT: the caller filters instead
        expr = self.node(query.match)
        if query.exclude:
            expr = f"({expr})" + "".join(f" NOT {self.term(t)}" for t in query.exclude)
        return expr


class TsqueryCompiler(Compiler):
    """PostgreSQL tsquery text, for `to_tsquery(config, :q)`: & | ! <-> and :* prefixes."""

    AND = " & "
    OR = " | "

    def term(self, term: Term) -> str:
        words = [_lexeme(w) for w in term.text.split()]
        if term.prefix:
            words[-1] += ":*"
        return words[0] if len(words) == 1 else "(" + " <-> ".join(words) + ")"

    def match(self, query: Query) -> str | None:
        if query.match is None:
            return None
        expr = self.node(query.match)
        if query.exclude:
            head = f"({expr})" if isinstance(query.match, AnyOf) else expr
            expr = head + "".join(f" & !{self.term(t)}" for t in query.exclude)
        return expr


def _lexeme(word: str) -> str:
    # Inside tsquery quotes a quote is doubled and a backslash escapes the next character.
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


fts5 = Fts5Compiler()
tsquery = TsqueryCompiler()
COMPILERS: dict[str, Compiler] = {"sqlite": fts5, "postgresql": tsquery}


def compiler_for(dialect: str) -> Compiler:
    """The compiler for a backend's SQL dialect; StoreError for one search cannot query."""
    try:
        return COMPILERS[dialect]
    except KeyError:
        raise StoreError(
            f"Search has no full-text syntax for a {dialect} store; use SQLite or PostgreSQL."
        ) from None
