"""Looking entities up: by name, alias or key, over the stored entities and the shipped
knowledge base, and turning what a user typed (`commodity:oil`, `Indonesia`) into a key.

No SQL here: the store implements `EntitySource`. The knowledge base is parsed on first
use (a few milliseconds, no models).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from assay.errors import NotFound, UnknownEntity, UsageError
from assay.models import ENTITY_TYPES
from assay.records import (
    EntityDetail,
    EntityMatch,
    EntityProfile,
    EntitySummary,
    FactRecord,
    Partner,
)

if TYPE_CHECKING:
    from assay.enrich.kb import KBEntry, KnowledgeBase

# How many stored matches are read to merge with the knowledge base's.
_STORED_CANDIDATES = 200


class EntitySource(Protocol):
    """What entity lookups read from the store."""

    def match_entities(
        self, text: str | None = None, type: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[EntitySummary]: ...

    def entity_counts(self, keys: Sequence[str]) -> dict[str, EntitySummary]: ...

    def stored_keys(self, keys: Sequence[str]) -> dict[str, str]: ...

    def keys_with_prefix(self, prefix: str) -> list[str]: ...

    def entity(self, key: str) -> EntityProfile: ...

    def partners(self, key: str, limit: int = 25) -> list[Partner]: ...

    def query_facts(
        self,
        type: str | None = None,
        entity_key: str | Sequence[str] | None = None,
        goods: str | None = None,
        since: datetime | date | None = None,
        until: datetime | date | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[FactRecord]: ...


@dataclass(frozen=True)
class Resolved:
    """The key a user's text stands for; `note` says how it was read when not verbatim."""

    key: str
    note: str | None = None


def _kb(kb: KnowledgeBase | None) -> KnowledgeBase:
    if kb is not None:
        return kb
    from assay.enrich.kb import KnowledgeBase

    return KnowledgeBase.load()


def check_type(type: str | None) -> str | None:
    """The entity type in capitals, or UsageError naming the choices."""
    if type is None:
        return None
    if type.upper() not in ENTITY_TYPES:
        raise UsageError(f"Unknown entity type '{type}'. Choose one of: {', '.join(ENTITY_TYPES)}.")
    return type.upper()


def _rank(query: str, forms: Sequence[str]) -> tuple[int, str] | None:
    """How well `query` (folded) matches the best of `forms`: 0 the key, 1 a whole name or
    alias, 2 the start of a word in one, 3 anywhere; None when it matches none."""
    from assay.enrich.kb import fold

    best: tuple[int, str] | None = None
    for n, form in enumerate(forms):
        folded = fold(form)
        if folded == query:
            rank = 0 if n == 0 else 1
        elif folded.startswith(query) or f" {query}" in folded or f"-{query}" in folded:
            rank = 2
        elif query in folded:
            rank = 3
        else:
            continue
        if best is None or rank < best[0]:
            best = (rank, form)
    return best


def find_entities(
    source: EntitySource,
    query: str | None = None,
    type: str | None = None,
    limit: int = 20,
    offset: int = 0,
    kb: KnowledgeBase | None = None,
) -> list[EntityMatch]:
    """Entities whose key, name or an alias matches `query`, best match first, then the
    most mentioned; without a query, the stored entities most mentioned first.

    Stored entities and knowledge-base entries no article mentions yet both count.
    """
    type = check_type(type)
    if not query or not query.strip():
        known = _kb(kb)
        listed = source.match_entities(None, type, limit, offset)
        return [_match(s, known.get(s["key"]), None) for s in listed]
    from assay.enrich.kb import fold

    folded = fold(query)
    known = _kb(kb)
    found: dict[str, tuple[tuple[int, str], KBEntry | None, EntitySummary | None]] = {}
    for entry in known.entries.values():
        if type is not None and entry.type != type:
            continue
        ranked = _rank(folded, (entry.key, entry.name, *entry.aliases))
        if ranked is not None:
            found[entry.key] = (ranked, entry, None)
    for row in source.match_entities(query, type, max(_STORED_CANDIDATES, offset + limit)):
        previous = found.get(row["key"])
        ranked = _rank(folded, (row["key"], row["name"]))
        if previous is not None:
            ranked = previous[0] if ranked is None else min(ranked, previous[0])
        if ranked is not None:
            found[row["key"]] = (ranked, known.get(row["key"]), row)
    counts = source.entity_counts([k for k, (_, _, s) in found.items() if s is None])
    matches = [
        _match(stored or counts.get(key), entry, ranked[1], key)
        for key, (ranked, entry, stored) in found.items()
    ]
    order = {key: ranked[0] for key, (ranked, _, _) in found.items()}
    matches.sort(key=lambda m: (order[m["key"]], -m["articles"], m["name"].lower(), m["key"]))
    return matches[offset : offset + limit]


def _match(
    stored: EntitySummary | None,
    entry: KBEntry | None,
    matched: str | None,
    key: str | None = None,
) -> EntityMatch:
    if stored is None and entry is None:
        raise ValueError("an entity match needs a stored entity or a knowledge-base entry")
    return {
        "key": stored["key"] if stored else entry.key if entry else key or "",
        "name": entry.name if entry else stored["name"] if stored else "",
        "type": entry.type if entry else stored["type"] if stored else "",
        "aliases": list(entry.aliases) if entry else [],
        "articles": stored["articles"] if stored else 0,
        "mentions": stored["mentions"] if stored else 0,
        "facts": stored["facts"] if stored else 0,
        "stored": stored is not None,
        "known": entry is not None,
        "matched": matched,
    }


def resolve_entity(source: EntitySource, text: str, kb: KnowledgeBase | None = None) -> Resolved:
    """The entity key `text` names: a key (any case), or a name or alias of one entity.

    `commodity:oil` resolves to `commodity:crude-oil` ("oil" is its alias); a text that
    names several entities or none raises UnknownEntity with the likeliest keys.
    """
    text = text.strip()
    if not text:
        raise UsageError("An entity key is empty; keys look like country:IDN or org:jbic.")
    known = _kb(kb)
    if known.get(text) is not None or source.stored_keys([text]).get(text.lower()) == text:
        return Resolved(text)
    exact = _same_key_any_case(source, known, text)
    if exact is not None:
        return Resolved(exact, f"Using {exact} for '{text}'.")
    prefix, _, rest = text.partition(":") if ":" in text else ("", "", text)
    wanted_type = prefix.upper() if prefix.upper() in ENTITY_TYPES else None
    name = rest.replace("-", " ") if prefix else rest
    candidates = _named(source, known, name, wanted_type)
    if len(candidates) == 1:
        key = candidates[0]
        label = f"No entity '{text}'" if prefix else f"'{text}' is"
        return Resolved(key, f"{label}; using {key} ({_name_of(source, known, key)}).")
    if candidates:
        raise UnknownEntity(f"No entity '{text}'; did you mean {_or(candidates[:4])}?")
    close = _close_keys(source, known, text, prefix)
    if close:
        raise UnknownEntity(f"No entity '{text}'; did you mean {_or(close)}?")
    word = name.split()[0] if name.split() else ""
    raise UnknownEntity(f"No entity '{text}'. Look keys up with: assay entities {word}".rstrip())


def _same_key_any_case(source: EntitySource, known: KnowledgeBase, text: str) -> str | None:
    lowered = text.lower()
    stored = source.stored_keys([text]).get(lowered)
    if stored is not None:
        return stored
    for key in known.entries:
        if key.lower() == lowered:
            return key
    return None


def _named(source: EntitySource, known: KnowledgeBase, name: str, type: str | None) -> list[str]:
    """Keys of the entities called exactly `name` (an alias counts), knowledge base first."""
    from assay.enrich.kb import fold

    keys = [e.key for e in known.lookup_all(name) if type is None or e.type == type]
    for stored in source.match_entities(name, type, 20):
        if fold(stored["name"]) == fold(name) and stored["key"] not in keys:
            keys.append(stored["key"])
    return keys


def _close_keys(source: EntitySource, known: KnowledgeBase, text: str, prefix: str) -> list[str]:
    """Keys spelled like `text` (typos): same-type keys of the knowledge base and the store."""
    pool = [k for k in known.entries if not prefix or k.startswith(f"{prefix}:")]
    pool += source.keys_with_prefix(f"{prefix}:" if prefix else "")
    by_lower = {k.lower(): k for k in pool}
    close = difflib.get_close_matches(text.lower(), list(by_lower), n=3, cutoff=0.75)
    return [by_lower[k] for k in close]


def _name_of(source: EntitySource, known: KnowledgeBase, key: str) -> str:
    entry = known.get(key)
    if entry is not None:
        return entry.name
    stored = source.entity_counts([key]).get(key)
    return stored["name"] if stored else key


def _or(keys: Sequence[str]) -> str:
    return keys[0] if len(keys) == 1 else f"{', '.join(keys[:-1])} or {keys[-1]}"


def resolve_entities(
    source: EntitySource, texts: Sequence[str], kb: KnowledgeBase | None = None
) -> list[Resolved]:
    """`resolve_entity` for each text, the knowledge base parsed once."""
    known = _kb(kb) if texts else None
    return [resolve_entity(source, t, known) for t in texts]


def entity_detail(
    source: EntitySource,
    key: str,
    facts: int = 10,
    partners: int = 10,
    kb: KnowledgeBase | None = None,
) -> EntityDetail:
    """An entity's profile, aliases, latest `facts` and top `partners`. A knowledge-base
    entity no stored article mentions gets a profile with zero counts."""
    known = _kb(kb)
    entry = known.get(key)
    try:
        profile = source.entity(key)
    except NotFound:
        if entry is None:
            raise
        profile = {
            "key": entry.key,
            "name": entry.name,
            "type": entry.type,
            "attrs": dict(entry.attrs),
            "mentions": 0,
            "articles": 0,
            "facts": 0,
            "first_seen": None,
            "last_seen": None,
            "recent_articles": [],
        }
        return {
            "entity": profile,
            "aliases": list(entry.aliases),
            "known": True,
            "facts": [],
            "partners": [],
        }
    return {
        "entity": profile,
        "aliases": list(entry.aliases) if entry else [],
        "known": entry is not None,
        "facts": source.query_facts(entity_key=key, limit=facts),
        "partners": source.partners(key, limit=partners),
    }
