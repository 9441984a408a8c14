"""What a run reports: counts, the articles it touched, and each failure with its reason."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Failure:
    target: str
    stage: str
    reason: str
    transient: bool = False


@dataclass
class IngestReport:
    """Counts for one run, plus the failures with their reasons."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    pages: int = 0
    failures: list[Failure] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)
    duplicates: int = 0  # near-copies that joined an existing story cluster
    warnings: list[str] = field(default_factory=list)  # e.g. embeddings skipped

    @property
    def failed(self) -> int:
        return len(self.failures)

    def to_dict(self) -> dict[str, object]:
        return {
            "pages": self.pages,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "failures": [f.__dict__ for f in self.failures],
        }
