"""The search query language, parsed into a small syntax tree (no SQL, no backend).

    "rare earth" refinery -coal (Japan OR Korea) sector:ev-battery since:2024-01-01

- words and "quoted phrases" next to each other must all match;
- `OR` (upper case) separates alternatives: `Japan tariff OR Japan quota` is
  (Japan AND tariff) OR (Japan AND quota); parentheses group: `Japan (tariff OR quota)`;
- `word*` matches a prefix; `-word` and `-"a phrase"` exclude results containing them,
  wherever they stand in the query;
- `name:value` operators filter: `sector:`, `entity:`, `country:`, `type:`, `since:`,
  `until:`, `lang:`. All filters hold together, repeated ones too (`country:IDN
  country:CHN` means both), except `lang:`, where any listed language passes. Filters
  apply to the whole query, even inside parentheses.

Anything else (stray quotes, unbalanced parentheses, `AND`, `NOT`, `NEAR`) is ignored
rather than an error. `compile.py` turns the tree into each backend's query text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from assay.errors import QueryError
from assay.models import FACT_TYPES, SECTORS

# The entity-key prefixes `entity:` accepts (DESIGN.md entity types).
ENTITY_PREFIXES = ("country", "org", "person", "commodity", "project", "location")
OPERATORS = ("sector", "entity", "country", "type", "since", "until", "lang")
ACCEPTED_FORMS = (
    "sector:ev-battery, entity:country:NAM, entity:org:jbic, country:IDN, "
    "type:agreement, since:2024-01-01, until:2025-06-30, lang:en"
)
# Words, phrases and exclusions per query: each costs an index lookup, and a longer
# query is a pasted document, not a search.
MAX_TERMS = 64

# `name:value` with an alphabetic name; URLs (https://...) stay free text.
_OPERATOR = re.compile(r"^([A-Za-z][A-Za-z_]*):(.*)$")
_NOT_OPERATORS = frozenset({"http", "https", "ftp", "mailto"})
# Upper-case words FTS engines treat as syntax: OR is honoured, the others dropped.
_KEYWORDS = frozenset({"AND", "OR", "NOT", "NEAR"})
_WORD = re.compile(r"\w", re.UNICODE)
# Control characters separate words: a NUL inside an FTS5 string ends it early.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_ISO3 = re.compile(r"^[A-Za-z]{3}$")
_LANG = re.compile(r"^[A-Za-z]{2}$")
_OR, _OPEN, _CLOSE = "OR", "(", ")"


@dataclass(frozen=True)
class Term:
    """One word or phrase. `phrase`: typed in quotes; `prefix`: typed with a trailing `*`."""

    text: str
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class All:
    """Every part must match."""

    parts: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one part must match."""

    parts: tuple[Node, ...]


Node = Term | All | AnyOf


@dataclass(frozen=True)
class Filters:
    """Conditions every result must meet; empty tuples and None mean no condition."""

    sectors: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()  # entity keys, all mentioned in the article
    fact_types: tuple[str, ...] = ()
    since: datetime | None = None  # inclusive, UTC
    until: datetime | None = None  # exclusive, UTC (the day after the date typed)
    languages: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(
            self.sectors
            or self.entities
            or self.fact_types
            or self.since
            or self.until
            or self.languages
        )

    def describe(self) -> dict[str, list[str] | str]:
        """The filters as JSON-ready values (dates as YYYY-MM-DD)."""
        out: dict[str, list[str] | str] = {}
        for name in ("sectors", "entities", "fact_types", "languages"):
            if getattr(self, name):
                out[name] = list(getattr(self, name))
        if self.since is not None:
            out["since"] = self.since.date().isoformat()
        if self.until is not None:
            out["until_before"] = self.until.date().isoformat()
        return out


@dataclass(frozen=True)
class Query:
    """A parsed query: what results must match, what they must not, and filters.

    `match` is None when the query only filters (`sector:oil-gas since:2025-01-01`).
    """

    raw: str
    match: Node | None
    exclude: tuple[Term, ...] = ()
    filters: Filters = field(default_factory=Filters)

    @property
    def terms(self) -> tuple[Term, ...]:
        """The wanted terms in the order typed (highlighted in titles and snippets)."""
        return tuple(_terms(self.match)) if self.match is not None else ()

    @property
    def text(self) -> str:
        """The wanted words as plain text, embedded for the vector side."""
        return " ".join(t.text for t in self.terms)

    @property
    def required(self) -> Node | None:
        """The part every hit must match whichever side found it: the quoted phrases.

        Bare words may be missing from a vector neighbour (it matched by meaning); a
        phrase the user quoted may not. None when nothing is required.
        """
        return _required(self.match) if self.match is not None else None


def parse_query(query: str) -> Query:
    """Parse what a user typed; QueryError (with the accepted forms) if it is invalid.

    >>> parse_query('nickel -coal').exclude
    (Term(text='coal', phrase=False, prefix=False),)
    """
    filters = _FilterBuilder(query)
    exclude: list[Term] = []
    # A stack of open groups; each group is a list of alternatives, each a list of nodes.
    stack: list[list[list[Node]]] = [[[]]]
    count = 0
    for token in _tokens(_CONTROL.sub(" ", query)):
        if isinstance(token, Term):
            count += 1
            stack[-1][-1].append(token)
        elif isinstance(token, tuple):
            negate, term = token
            if negate:
                count += 1
                exclude.append(term)
            else:
                filters.add(term.text)
        elif token == _OPEN:
            stack.append([[]])
        elif token == _CLOSE:
            if len(stack) > 1:  # an unmatched ")" is ignored
                closed = _group(stack.pop())
                if closed is not None:
                    stack[-1][-1].append(closed)
        else:  # OR
            stack[-1].append([])
        if count > MAX_TERMS:
            raise QueryError(
                f"Search query {_short(query)} has more than {MAX_TERMS} words, phrases and "
                "exclusions; keep the ones that matter most."
            )
    while len(stack) > 1:  # close what the query left open
        closed = _group(stack.pop())
        if closed is not None:
            stack[-1][-1].append(closed)
    match = _group(stack[0])
    built = filters.build()
    if match is None and not built:
        raise QueryError(
            f"Search query {query!r} has no words to look for; type at least one word "
            "that is not excluded with '-'."
        )
    return Query(query, match, tuple(dict.fromkeys(exclude)), built)


def _tokens(query: str) -> Iterator[str | Term | tuple[bool, Term]]:
    """ "(", ")", "OR", a wanted Term, or (negated, Term) for exclusions and operators.

    Operators come out as (False, Term(text="name:value")); terms without a letter or
    digit, and the keywords AND / NOT / NEAR, are dropped.
    """
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
            continue
        if ch in "()":
            i += 1
            yield ch
            continue
        negate = ch == "-"
        q = i + 1 if negate and i + 1 < n and query[i + 1] == '"' else i
        if query[q] == '"':
            close = query.find('"', q + 1)
            if close != -1:
                i = close + 1
                words = " ".join(query[q + 1 : close].split())
                if _WORD.search(words):
                    term = Term(words, phrase=True)
                    yield (True, term) if negate else term
                continue
        j = i
        while j < n and not query[j].isspace() and query[j] not in "()":
            j += 1
        bare, i = query[i:j], j
        if bare in _KEYWORDS:
            if bare == _OR:
                yield _OR
            continue
        op = _OPERATOR.match(bare)
        if op is not None and op.group(1).lower() not in _NOT_OPERATORS:
            yield (False, Term(bare))
            continue
        negate = bare.startswith("-")
        bare = bare.lstrip("-").replace('"', "")
        words = bare.rstrip("*")
        if _WORD.search(words):
            term = Term(words, prefix=bare.endswith("*"))
            yield (True, term) if negate else term


def _group(alternatives: list[list[Node]]) -> Node | None:
    """One group's node: OR of its non-empty alternatives, each an AND of its parts."""
    options = [n for n in (_joined(All, parts) for parts in alternatives) if n is not None]
    return _joined(AnyOf, options)


def _joined(kind: type[All] | type[AnyOf], parts: list[Node]) -> Node | None:
    flat: list[Node] = []
    for part in parts:
        flat.extend(part.parts if isinstance(part, kind) else (part,))
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


def _terms(node: Node) -> Iterator[Term]:
    if isinstance(node, Term):
        yield node
    else:
        for part in node.parts:
            yield from _terms(part)


def _required(node: Node) -> Node | None:
    if isinstance(node, Term):
        return node if node.phrase else None
    kept = [_required(part) for part in node.parts]
    if isinstance(node, AnyOf):
        # One alternative without a phrase satisfies the OR by meaning alone.
        return None if any(k is None for k in kept) else AnyOf(tuple(k for k in kept if k))
    return _joined(All, [k for k in kept if k is not None])


def _short(query: str) -> str:
    return repr(query if len(query) <= 60 else query[:57] + "...")


class _FilterBuilder:
    """Collects `name:value` operators into Filters, checking each value."""

    def __init__(self, query: str) -> None:
        self.query = query
        self.sectors: list[str] = []
        self.entities: list[str] = []
        self.fact_types: list[str] = []
        self.languages: list[str] = []
        self.since: datetime | None = None
        self.until: datetime | None = None

    def add(self, token: str) -> None:
        raw_name, _, value = token.partition(":")
        name = raw_name.lower()
        if name == "sector":
            self.sectors.append(_sector(value))
        elif name == "entity":
            self.entities.append(_entity_key(value))
        elif name == "country":
            self.entities.append(_entity_key(f"country:{value}", operator="country"))
        elif name == "type":
            self.fact_types.append(_fact_type(value))
        elif name == "since":
            self.since = _date(value, "since")
        elif name == "until":
            day = _date(value, "until")
            # The filter ends where the next day starts; the last day has no next one.
            last = datetime.max.replace(tzinfo=UTC)
            self.until = day + timedelta(days=1) if day.date() < date.max else last
        elif name == "lang":
            self.languages.append(_language(value))
        else:
            raise QueryError(
                f"Unknown search operator '{raw_name}:' in {self.query!r}; use one of "
                f"{ACCEPTED_FORMS}, or put the words in quotes."
            )

    def build(self) -> Filters:
        if self.since is not None and self.until is not None and self.since >= self.until:
            raise QueryError(
                f"In {self.query!r} since: is after until:; give since:YYYY-MM-DD no later "
                "than until:YYYY-MM-DD."
            )
        return Filters(
            sectors=tuple(dict.fromkeys(self.sectors)),
            entities=tuple(dict.fromkeys(self.entities)),
            fact_types=tuple(dict.fromkeys(self.fact_types)),
            since=self.since,
            until=self.until,
            languages=tuple(dict.fromkeys(self.languages)),
        )


def _sector(value: str) -> str:
    slug = value.strip().lower()
    if slug not in SECTORS:
        raise QueryError(f"Unknown sector 'sector:{value}'; use one of {', '.join(SECTORS)}.")
    return slug


def _entity_key(value: str, operator: str = "entity") -> str:
    prefix, _, rest = value.partition(":")
    prefix = prefix.lower()
    if prefix == "country" and _ISO3.match(rest):
        return f"country:{rest.upper()}"
    if prefix in ENTITY_PREFIXES and prefix != "country" and _SLUG.match(rest.lower()):
        return f"{prefix}:{rest.lower()}"
    if operator == "country":
        raise QueryError(f"Bad country '{value}'; use a three-letter ISO code like country:IDN.")
    raise QueryError(
        f"Bad entity key 'entity:{value}'; use entity:<type>:<id> with type one of "
        f"{', '.join(ENTITY_PREFIXES)}, e.g. entity:country:NAM or entity:org:jbic."
    )


def _fact_type(value: str) -> str:
    name = value.strip().lower().replace("-", "_")
    if name not in FACT_TYPES:
        raise QueryError(f"Unknown fact type 'type:{value}'; use one of {', '.join(FACT_TYPES)}.")
    return name


def _date(value: str, name: str) -> datetime:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"Bad date '{name}:{value}'; use {name}:YYYY-MM-DD.") from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _language(value: str) -> str:
    if not _LANG.match(value):
        raise QueryError(f"Bad language 'lang:{value}'; use a two-letter code like lang:en.")
    return value.lower()
