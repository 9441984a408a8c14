"""The enricher registry: each enricher's stable name, version, inputs and outputs.

The store records, per article, which enrichers produced its labels as a stamp like
"entities.v1,facts.v1,sectors.v1,summary.v1". Bump an enricher's `version` when its
output changes; `Registry.stale` then names what to re-run for an article (`assay
reenrich`). Nothing here imports a model: comparing versions must stay cheap.

Example:
    registry = default_registry().with_version("facts", 2)
    registry.stale("entities.v1,facts.v1,sectors.v1,summary.v1")  # ["facts"]
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from assay.errors import ConfigError, UnknownEnricher

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from assay.models import Article
    from assay.settings import Settings

# What every enricher may read without another enricher providing it.
INPUTS = frozenset({"text", "title", "language", "doc"})

# An enricher, once loaded: sets its `assigns` fields on the article, given its spaCy Doc.
Step = Callable[["Article", "Doc"], None]
# Builds a Step in the current process (models load here); must be a module-level
# function so that a spec can be sent to worker processes.
Loader = Callable[["Settings", "Language"], Step]


@dataclass(frozen=True)
class EnricherSpec:
    """One enricher: `name` is stable; `version` changes whenever its output would.

    `requires` names inputs (text, doc...) or fields other enrichers assign; `assigns`
    names the Article fields it sets. `english_only` enrichers leave their fields empty
    for other languages.
    """

    name: str
    version: int
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    load: Loader
    english_only: bool = True

    @property
    def stamp(self) -> str:
        """What the store records: "facts.v3"."""
        return f"{self.name}.v{self.version}"


class Registry:
    """The enrichers to run, in an order where every requirement comes first."""

    def __init__(self, specs: Sequence[EnricherSpec]) -> None:
        seen: set[str] = set()
        available = set(INPUTS)
        for spec in specs:
            if spec.name in seen or "," in spec.name:
                raise ConfigError(f"Enricher name '{spec.name}' is used twice or has a comma.")
            missing = [r for r in spec.requires if r not in available]
            if missing:
                raise ConfigError(
                    f"Enricher '{spec.name}' requires '{missing[0]}', which no earlier "
                    "enricher assigns; list the enricher that assigns it first."
                )
            seen.add(spec.name)
            available.update(spec.assigns)
        self.specs = tuple(specs)

    def __iter__(self) -> Iterator[EnricherSpec]:
        return iter(self.specs)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.specs]

    def get(self, name: str) -> EnricherSpec:
        for spec in self.specs:
            if spec.name == name:
                return spec
        raise UnknownEnricher(f"Unknown enricher '{name}'. Choose one of: {', '.join(self.names)}.")

    def with_version(self, name: str, version: int) -> Registry:
        """A copy in which enricher `name` has another version (its output changed)."""
        self.get(name)
        return Registry([replace(s, version=version) if s.name == name else s for s in self])

    def stamp(self) -> str:
        """The stamp of an article enriched by all of these: "entities.v1,facts.v1,..."."""
        return ",".join(s.stamp for s in self.specs)

    def needed(self, names: Collection[str]) -> list[EnricherSpec]:
        """The enrichers `names` need, theirs included, in run order."""
        wanted = {self.get(n).name for n in names}
        for spec in reversed(self.specs):  # requirements come earlier: one pass back suffices
            if spec.name in wanted:
                wanted.update(s.name for s in self.specs if set(s.assigns) & set(spec.requires))
        return [s for s in self.specs if s.name in wanted]

    def stale(self, stored: str | None, only: Collection[str] | None = None) -> list[str]:
        """Enrichers (of `only`, default all) whose stored version differs from the current one.

        An article never enriched (`stored` None: saved with --no-enrich) is not stale.
        """
        if stored is None:
            return []
        have = set(stored.split(","))
        names = self.names if only is None else [self.get(n).name for n in only]
        return [n for n in self.names if n in names and self.get(n).stamp not in have]

    def restamp(self, stored: str | None, names: Collection[str]) -> str:
        """`stored` with the versions of `names` replaced by the current ones."""
        redone = {self.get(n).name for n in names}
        kept = [
            part
            for part in (stored or "").split(",")
            if part and part.rsplit(".v", 1)[0] not in redone
        ]
        fresh = [s.stamp for s in self.specs if s.name in redone]
        order = {s.name: i for i, s in enumerate(self.specs)}
        parts = kept + fresh
        return ",".join(
            sorted(parts, key=lambda p: (order.get(p.rsplit(".v", 1)[0], len(order)), p))
        )
