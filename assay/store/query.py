"""The search query language: free text for FTS5 plus `name:value` filter operators.

    "rare earth" refinery -coal sector:ev-battery country:IDN since:2024-01-01

Free text follows `fts.to_match_expression` (words and "phrases" must all match, `OR`
between two terms, `-word` / `-"phrase"` exclude, `word*` is a prefix); every term is
quoted, so nothing a user types reaches FTS5 as syntax. Operators become a `Filters`
value that the search applies in SQL. All filters must hold together, repeated ones too
(`country:IDN country:CHN` means both), except `lang:`, where any listed language passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from assay.errors import QueryError
from assay.models import FACT_TYPES, SECTORS
from assay.store.fts import to_match_expression

# The entity-key prefixes `entity:` accepts (DESIGN.md entity types).
ENTITY_PREFIXES = ("country", "org", "person", "commodity", "project", "location")
OPERATORS = ("sector", "entity", "country", "type", "since", "until", "lang")
ACCEPTED_FORMS = (
    "sector:ev-battery, entity:country:NAM, entity:org:jbic, country:IDN, "
    "type:agreement, since:2024-01-01, until:2025-06-30, lang:en"
)

# Same tokens as fts.py: an optionally negated "quoted phrase", or a run of non-space text.
_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
# `name:value` with an alphabetic name; URLs (https://...) stay free text.
_OPERATOR = re.compile(r"^([A-Za-z][A-Za-z_]*):(.*)$")
_NOT_OPERATORS = frozenset({"http", "https", "ftp", "mailto"})
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_ISO3 = re.compile(r"^[A-Za-z]{3}$")
_LANG = re.compile(r"^[A-Za-z]{2}$")


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


@dataclass(frozen=True)
class ParsedQuery:
    """A query split into what FTS5 matches, what it must not match, filters and plain text.

    `match` is None when the query only filters (e.g. `sector:oil-gas since:2025-01-01`).
    `exclude` matches any excluded term: results found another way (vector neighbours, or
    filters alone, since FTS5 cannot match a bare NOT) must not match it. `text` is the
    free text without operators or exclusions, embedded for the vector side.
    """

    raw: str
    match: str | None
    exclude: str | None = None
    text: str = ""
    filters: Filters = field(default_factory=Filters)
    highlight: str | None = None  # any wanted term: marks words in titles and snippets


def parse_query(query: str) -> ParsedQuery:
    """Split a user query into a safe FTS5 expression and filters; QueryError if invalid.

    >>> parse_query('nickel -coal country:IDN').match
    '("nickel") NOT "coal"'
    """
    sectors: list[str] = []
    entities: list[str] = []
    fact_types: list[str] = []
    languages: list[str] = []
    since: datetime | None = None
    until: datetime | None = None
    kept: list[str] = []  # free-text tokens, as typed
    plain: list[str] = []  # free text to embed: no exclusions, no OR
    wanted: list[str] = []  # the same terms as FTS5 phrases, prefixes kept
    excluded: list[str] = []
    for m in _TOKEN.finditer(query):
        negate, quoted, bare = m.group(1), m.group(2), m.group(3)
        op = _OPERATOR.match(bare) if bare is not None else None
        if op is not None and op.group(1).lower() not in _NOT_OPERATORS:
            name, value = op.group(1).lower(), op.group(2)
            if name == "sector":
                sectors.append(_sector(value))
            elif name == "entity":
                entities.append(_entity_key(value))
            elif name == "country":
                entities.append(_entity_key(f"country:{value}", operator="country"))
            elif name == "type":
                fact_types.append(_fact_type(value))
            elif name == "since":
                since = _date(value, "since")
            elif name == "until":
                until = _date(value, "until") + timedelta(days=1)
            elif name == "lang":
                languages.append(_language(value))
            else:
                raise QueryError(
                    f"Unknown search operator '{op.group(1)}:' in {query!r}; use one of "
                    f"{ACCEPTED_FORMS}, or put the words in quotes."
                )
            continue
        kept.append(m.group(0))
        if negate or (bare is not None and bare.startswith("-")):
            excluded.append(quoted if quoted is not None else bare.lstrip("-"))
        elif bare != "OR":
            term = quoted if quoted is not None else bare.replace('"', "")
            plain.append(term.rstrip("*"))
            if re.search(r"\w", term):
                star = "*" if quoted is None and term.endswith("*") else ""
                wanted.append('"' + term.rstrip("*").replace('"', "") + '"' + star)
    if since is not None and until is not None and since >= until:
        raise QueryError(
            f"In {query!r} since: is after until:; give since:YYYY-MM-DD no later than "
            "until:YYYY-MM-DD."
        )
    filters = Filters(
        sectors=tuple(dict.fromkeys(sectors)),
        entities=tuple(dict.fromkeys(entities)),
        fact_types=tuple(dict.fromkeys(fact_types)),
        since=since,
        until=until,
        languages=tuple(dict.fromkeys(languages)),
    )
    free = " ".join(kept)
    text = " ".join(w.replace('"', "") for w in plain).strip()
    if not filters:
        # No filters: free text is required, and to_match_expression says so if missing.
        match = to_match_expression(free)
        return ParsedQuery(query, match, _any_of(excluded), text, filters, " OR ".join(wanted))
    try:
        found: str | None = to_match_expression(free)
    except QueryError:
        found = None
    return ParsedQuery(
        query,
        found,
        _any_of(excluded),
        text if found else "",
        filters,
        " OR ".join(wanted) if found else None,
    )


def _any_of(terms: list[str]) -> str | None:
    """A MATCH expression true when any of `terms` occurs (each quoted as a phrase)."""
    quoted = ['"' + t.replace('"', "").rstrip("*") + '"' for t in terms if re.search(r"\w", t)]
    return " OR ".join(quoted) or None


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
