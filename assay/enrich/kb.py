"""The shipped knowledge base: countries, commodities, organisations, locations and projects.

Everything is read from the tab-separated files in `assay/data/`, written by hand for this
project. Each entry has a stable key (`country:AUS`, `commodity:dysprosium`, `org:jbic`,
`location:pilbara`, `project:eneabba`), a type, a canonical name, aliases and attrs.

Conventions, chosen once so keys stay stable:

- The European Union is `org:eu`, type ORG (an intergovernmental actor, not a country),
  and the European Commission is `org:european-commission`; "EC" is the European Community
  (`org:european-community`), as wire copy used it before 1993. "Brussels" is the city
  (`location:brussels`, BEL), never the EU: metonymy is left to the reader.
- Rare-earth groups follow the split by atomic number common in US agency reporting:
  light = lanthanum to gadolinium (La, Ce, Pr, Nd, Pm, Sm, Eu, Gd); heavy = terbium to
  lutetium plus yttrium (Tb, Dy, Ho, Er, Tm, Yb, Lu, Y). Scandium, whose ionic radius is
  smaller still, is placed with the heavy group.
- Critical-mineral list tags (`us-critical-2022`, `eu-crm-2023`, `eu-strategic-2024`) are
  defined in `lists.json`; a list entry naming a group tags the members too.
- Manufactured goods (chips, wafers, magnets, EV batteries, solar panels, wind turbines,
  electrode materials) are COMMODITY entries tagged `manufactured`; the linker skips them
  unless asked (`EntityLinker(..., products=True)`).
- "Washington" alone is the US government (`country:USA`); other capitals are LOCATIONs
  in the KB, and the linker links them to their country only where they act as the
  government ("Beijing imposed ...", "Tokyo said ..."): see `entities/metonyms.py`.
  "Korea" alone is South Korea. "Congo" alone is the DRC.
- Project names are bare ("Eneabba"); the kind ("refinery") is an attr, and a mention
  takes the kind word when the text has it ("Eneabba refinery").
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from assay.errors import DataError

LIGHT_REE = (
    "lanthanum",
    "cerium",
    "praseodymium",
    "neodymium",
    "promethium",
    "samarium",
    "europium",
    "gadolinium",
)
HEAVY_REE = (
    "terbium",
    "dysprosium",
    "holmium",
    "erbium",
    "thulium",
    "ytterbium",
    "lutetium",
    "yttrium",
    "scandium",
)
PGM = ("platinum", "palladium", "rhodium", "ruthenium", "iridium", "osmium")
# The EU strategic list names "rare earth elements for magnets": these seven.
MAGNET_REE = ("neodymium", "praseodymium", "terbium", "dysprosium", "gadolinium", "samarium")
SECTOR_CODES = {
    "og": "oil-gas",
    "re": "rare-earths-commodities",
    "mm": "mining-metals",
    "ev": "ev-battery",
    "esg": "esg-renewables",
    "ai": "ai-semiconductors",
    "ad": "aerospace-defense",
    "sr": "sanctions-regulation",
    "bp": "business-politics",
}
# When two entries share an alias, the earlier type wins ("Congo" is a country first).
TYPE_ORDER = ("COUNTRY", "ORG", "LOCATION", "PROJECT", "COMMODITY")
# Organisation kinds (orgs.tsv) that are businesses, not public bodies. "media" marks news
# outlets and platforms, which a story names as its source rather than as a party.
BUSINESS_KINDS = frozenset({"company", "state-firm", "media"})


@dataclass(frozen=True)
class KBEntry:
    """One known entity: key, type, canonical name, aliases (matching forms) and attrs."""

    key: str
    type: str
    name: str
    aliases: tuple[str, ...]
    attrs: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphen-separated: 'Ørsted A/S' -> 'orsted-a-s'."""
    ascii_text = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


_BRITISH = re.compile(r"\b(organi|authori|speciali|nationali|industriali)s(ation|ations)\b")


def fold(text: str) -> str:
    """The alias index form: case-folded, curly apostrophes straightened, spaces collapsed,
    and the variants one name is written in made equal: the word "the" dropped, "&" read as
    "and", -isation spelt -ization. "Organization of Petroleum Exporting Countries" and
    "Organisation of the Petroleum Exporting Countries" are one alias (`org:opec`).
    """
    words = text.replace("’", "'").replace("&", " and ").casefold().split()
    return _BRITISH.sub(r"\1z\2", " ".join(w for w in words if w != "the"))


_ALIAS_WORD = re.compile(r"[a-z0-9]+")


def normalise_alias(text: str) -> str:
    """The looser form one organisation's spellings share: ASCII, no punctuation or "the",
    "&" as "and", British -isation as -ization.

    "Organization of Petroleum Exporting Countries" and "Organisation of the Petroleum
    Exporting Countries" both give "organization of petroleum exporting countries".
    """
    ascii_text = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode().casefold().replace("&", " and ")
    words = _ALIAS_WORD.findall(ascii_text.replace("'", ""))
    return " ".join(w[:-7] + "ization" if w.endswith("isation") else w for w in words if w != "the")


class KnowledgeBase:
    """Entries by key plus an alias index; build with `KnowledgeBase.load()`."""

    def __init__(self, entries: list[KBEntry], lists: dict[str, list[str]]) -> None:
        self.entries: dict[str, KBEntry] = {}
        self.lists = lists
        self._index: dict[str, list[str]] = {}
        self._loose: dict[str, list[str]] = {}  # by normalise_alias: spelling variants
        # Linkers cache their matchers here so they are built once per KB and vocab.
        self.matcher_cache: dict[int, Any] = {}
        for entry in entries:
            if entry.key in self.entries:
                raise DataError(f"Knowledge base key {entry.key} is defined twice; fix assay/data.")
            self.entries[entry.key] = entry
        rank = {t: i for i, t in enumerate(TYPE_ORDER)}
        for entry in sorted(self.entries.values(), key=lambda e: rank[e.type]):
            for alias in {entry.name, *entry.aliases}:
                for index, form in (
                    (self._index, fold(alias)),
                    (self._loose, normalise_alias(alias)),
                ):
                    keys = index.setdefault(form, [])
                    if entry.key not in keys:
                        keys.append(entry.key)

    @classmethod
    def load(cls) -> KnowledgeBase:
        """The shipped KB, parsed once per process."""
        return _load_shipped()

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, key: str) -> KBEntry | None:
        """The entry with this key, or None."""
        return self.entries.get(key)

    def lookup(self, alias: str) -> KBEntry | None:
        """The preferred entry for an alias (case-insensitive), or None.

        A form that is not an alias as written is tried in its normalised form, so spelling
        variants of a long name ("Organization of Petroleum Exporting Countries") reach the
        one key of their organisation.
        """
        keys = self._keys(alias)
        return self.entries[keys[0]] if keys else None

    def lookup_all(self, alias: str) -> list[KBEntry]:
        """Every entry that has this alias, preferred first."""
        return [self.entries[k] for k in self._keys(alias)]

    def normalised_aliases(self) -> dict[str, list[str]]:
        """Every normalised alias (`normalise_alias`) with the keys of the entries that have it."""
        return {form: list(keys) for form, keys in self._loose.items()}

    def _keys(self, alias: str) -> list[str]:
        keys = self._index.get(fold(alias))
        if keys is None:
            keys = self._loose.get(normalise_alias(alias))
        return keys or []

    def of_type(self, type_: str) -> list[KBEntry]:
        """All entries of one type (COUNTRY, ORG, COMMODITY, LOCATION, PROJECT)."""
        return [e for e in self.entries.values() if e.type == type_]

    def aliases(self) -> dict[str, str]:
        """Every matchable surface form mapped to its preferred key."""
        out: dict[str, str] = {}
        for entry in self.entries.values():
            for alias in (entry.name, *entry.aliases):
                out.setdefault(alias, self._index[fold(alias)][0])
        return out


_INNER_THE = re.compile(r"(?<=\S) (?:the|The) (?=\S)")
_ISATION = re.compile(r"(?<=[a-z])(is|iz)ation\b")
_US = re.compile(r"^U\.S\. ")


def long_form_variants(forms: tuple[str, ...]) -> tuple[str, ...]:
    """`forms` plus the spellings a long name is also written in: with or without an inner
    "the", -isation or -ization ("Organisation of Petroleum Exporting Countries"), "US" for
    a leading "U.S." ("US House of Representatives").

    Only forms of three words or more vary, so acronyms and short names stay exact.
    """
    out = list(dict.fromkeys(forms))
    for long in forms:
        if len(long.split()) < 3:
            continue
        for form in dict.fromkeys((long, _US.sub("US ", long))):
            out.extend(_spellings(form, out))
    return tuple(out)


def _spellings(form: str, known: list[str]) -> list[str]:
    """`form` with and without an inner "the", in -isation and -ization, less `known`."""
    out: list[str] = []
    for without_the in (form, _INNER_THE.sub(" ", form)):
        for variant in (
            without_the,
            _ISATION.sub("ization", without_the),
            _ISATION.sub("isation", without_the),
        ):
            if variant not in known and variant not in out:
                out.append(variant)
    return out


def _rows(name: str, columns: int) -> list[list[str]]:
    text = resources.files("assay.data").joinpath(name).read_text(encoding="utf-8")
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != columns:
            raise DataError(
                f"assay/data/{name} line {n} has {len(cells)} columns; expected {columns}."
            )
        rows.append(cells)
    return rows


# "Indians" also names Native Americans and a baseball team: not taken for India.
_NO_PLURAL = frozenset({"Indian"})


def _plural_demonyms(demonyms: tuple[str, ...]) -> tuple[str, ...]:
    """The people of a country named in the plural: "North Koreans", "Iraqis", "Saudis"
    ("Japanese" and "French" have no plural of their own)."""
    return tuple(
        d + "s" for d in demonyms if d not in _NO_PLURAL and (d.endswith("an") or d.endswith("i"))
    )


def _split(cell: str, sep: str = "|") -> tuple[str, ...]:
    return tuple(a.strip() for a in cell.split(sep) if a.strip())


@cache  # parsing ~1,200 entries takes a few ms, but every linker shares one copy
def _load_shipped() -> KnowledgeBase:
    entries: list[KBEntry] = []
    for iso3, iso2, name, aliases, demonym_cell in _rows("countries.tsv", 5):
        demonyms = _split(demonym_cell)
        entries.append(
            KBEntry(
                f"country:{iso3}",
                "COUNTRY",
                name,
                _split(aliases) + demonyms + _plural_demonyms(demonyms),
                # Former states (Soviet Union, East Germany...) carry their ISO 3166-3 code.
                {"iso3": iso3, "iso2": iso2, "demonyms": list(demonyms)}
                | ({"former": True} if len(iso2) == 4 else {}),
            )
        )
    for slug, name, aliases, kind, country, sectors in _rows("orgs.tsv", 6):
        attrs: dict[str, Any] = {
            "kind": kind,
            "aliases": list(_split(aliases)),
            "sectors": [SECTOR_CODES[c] for c in _split(sectors, ",")],
        }
        if country:
            attrs["country"] = country
        forms = long_form_variants((name, *_split(aliases)))
        entries.append(KBEntry(f"org:{slug}", "ORG", name, forms[1:], attrs))
    for slug, name, aliases, country in _rows("locations.tsv", 4):
        attrs = {"country": country} if country else {}
        entries.append(KBEntry(f"location:{slug}", "LOCATION", name, _split(aliases), attrs))
    for slug, name, aliases, kind, country, goods in _rows("projects.tsv", 6):
        attrs = {"kind": kind, "country": country, "commodities": list(_split(goods, ","))}
        entries.append(KBEntry(f"project:{slug}", "PROJECT", name, _split(aliases), attrs))
    entries.extend(_commodities())
    return KnowledgeBase(entries, _lists())


def _lists() -> dict[str, list[str]]:
    raw = json.loads(resources.files("assay.data").joinpath("lists.json").read_text("utf-8"))
    return {k: v["entries"] for k, v in raw.items() if not k.startswith("_")}


def _commodities() -> list[KBEntry]:
    groups: dict[str, set[str]] = {}

    def tag(slug: str, *tags: str) -> None:
        groups.setdefault(slug, set()).update(tags)

    for slug in LIGHT_REE:
        tag(slug, "rare-earth", "light-ree")
    for slug in HEAVY_REE:
        tag(slug, "rare-earth", "heavy-ree")
    for slug in PGM:
        tag(slug, "platinum-group")
    members = {
        "light-rare-earths": LIGHT_REE,
        "heavy-rare-earths": HEAVY_REE,
        "platinum-group-metals": PGM,
        "rare-earth-magnets": MAGNET_REE,
    }
    for list_name, slugs in _lists().items():
        for slug in slugs:
            tag(slug, list_name)
            for member in members.get(slug, ()):
                tag(member, list_name)
    out = []
    for number, symbol, name, aliases in _rows("elements.tsv", 4):
        attrs: dict[str, Any] = {"symbol": symbol, "number": int(number)}
        out.append(KBEntry(f"commodity:{name}", "COMMODITY", name, _split(aliases), attrs))
    for slug, name, aliases, tags in _rows("materials.tsv", 4):
        tag(slug, *_split(tags, ","))
        out.append(KBEntry(f"commodity:{slug}", "COMMODITY", name, _split(aliases), {}))
    for entry in out:
        entry.attrs["groups"] = sorted(groups.get(entry.key.split(":", 1)[1], ()))
    return out
