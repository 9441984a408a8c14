"""A subscriber's digest of one day: the stories that match their preferences, ranked.

When: each subscriber has a local delivery hour and time zone. The digest of local day D
goes out at D, hour:00 in that zone (`send_time`); it holds stories published in the
`digest_lookback_hours` before that moment.

What: the day's story candidates (one per story cluster, `Store.story_candidates`) are
scored by `assay.search.importance` (independent sources, facts, entity salience,
recency at the delivery time) and by novelty against what the subscriber was sent in the
last two weeks: a story (cluster) sent before is left out, a new turn of a developing
story already sent counts FOLLOW_UP_WEIGHT of its score. A story matches the preferences
when it is in a followed sector, names a followed entity or states a fact of a followed
type (nothing followed: every story). The best `digest_max_stories` are grouped by sector:
each under the first of its sectors the subscriber follows (else its own top sector),
sections ordered by their best story.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from assay.models import SECTORS
from assay.records import FactRecord, Preferences, StoryRow, SubscriberRecord
from assay.search.importance import rank_stories
from assay.settings import Settings
from assay.store import Store
from assay.store.deliveries import SentStories
from assay.store.story_details import StoryDetail

FOLLOW_UP_WEIGHT = 0.7
# Candidates considered per window: far more than a digest shows, so that narrow
# preferences still find their stories.
CANDIDATES = 2000
FACTS_PER_STORY = 3


def send_time(prefs: Preferences, day: date) -> datetime:
    """When the digest of local `day` goes out, in UTC."""
    local = datetime(
        day.year, day.month, day.day, prefs["hour"], tzinfo=ZoneInfo(prefs["timezone"])
    )
    return local.astimezone(UTC)


def current_day(prefs: Preferences, now: datetime) -> date:
    """The local day whose digest was most recently due at `now` (today once the hour has
    come, else yesterday)."""
    local = now.astimezone(ZoneInfo(prefs["timezone"]))
    return local.date() if local.hour >= prefs["hour"] else local.date() - timedelta(days=1)


@dataclass(frozen=True)
class Entry:
    """One story in a digest."""

    story: StoryRow
    score: float
    detail: StoryDetail
    followed_up: bool = False  # a new turn of a developing story sent before

    @property
    def facts(self) -> list[FactRecord]:
        return self.detail.facts


@dataclass
class Digest:
    """The stories of one subscriber's day, by sector section."""

    subscriber: SubscriberRecord
    day: date
    send_at: datetime
    sections: list[tuple[str, list[Entry]]] = field(default_factory=list)

    @property
    def entries(self) -> list[Entry]:
        return [e for _, entries in self.sections for e in entries]

    def items(self) -> list[tuple[int, int | None, int | None]]:
        """(article id, cluster id, developing story id) of each story, for the record."""
        return [
            (e.story["id"], e.story["cluster_id"], e.detail.developing_story_id)
            for e in self.entries
        ]


@dataclass
class _Window:
    """The scored candidates of one delivery moment, indexed by what subscribers follow."""

    ranked: list[tuple[StoryRow, float]]
    details: dict[int, StoryDetail]
    by_sector: dict[str, set[int]] = field(default_factory=dict)  # positions in `ranked`
    by_entity: dict[str, set[int]] = field(default_factory=dict)
    by_type: dict[str, set[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for pos, (story, _) in enumerate(self.ranked):
            detail = self.details.get(story["id"], StoryDetail())
            for tag in story["sectors"]:
                self.by_sector.setdefault(tag["slug"], set()).add(pos)
            for key in detail.entities:
                self.by_entity.setdefault(key, set()).add(pos)
            for kind in detail.fact_types:
                self.by_type.setdefault(kind, set()).add(pos)

    def matching(self, prefs: Preferences) -> list[int]:
        """Positions of the stories a subscriber follows, best first (see `matches`)."""
        if not (prefs["sectors"] or prefs["entities"] or prefs["fact_types"]):
            return list(range(len(self.ranked)))
        found: set[int] = set()
        for index, values in (
            (self.by_sector, prefs["sectors"]),
            (self.by_entity, prefs["entities"]),
            (self.by_type, prefs["fact_types"]),
        ):
            for value in values:
                found |= index.get(value, set())
        return sorted(found)


class DigestBuilder:
    """Composes digests; the candidates of one time window are read and scored once and
    shared by every subscriber with the same delivery moment."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._windows: dict[datetime, _Window] = {}

    def _window(self, send_at: datetime) -> _Window:
        found = self._windows.get(send_at)
        if found is None:
            start = send_at - timedelta(hours=self.settings.digest_lookback_hours)
            stories = self.store.story_candidates(start, send_at, limit=CANDIDATES)
            ranked = [(s, imp.score) for s, imp in rank_stories(stories, send_at)]
            details = self.store.story_details([s["id"] for s in stories], FACTS_PER_STORY)
            found = self._windows[send_at] = _Window(ranked, details)
            if len(self._windows) > 256:  # many zones and hours: keep memory bounded
                self._windows.pop(next(iter(self._windows)))
        return found

    def compose(
        self, subscriber: SubscriberRecord, day: date, sent: SentStories | None = None
    ) -> Digest:
        """The digest of `subscriber` for local `day`, leaving out what `sent` holds."""
        prefs = subscriber["preferences"]
        send_at = send_time(prefs, day)
        window = self._window(send_at)
        sent = sent or SentStories()
        most = self.settings.digest_max_stories
        chosen: list[Entry] = []
        full = 0  # entries at full weight: once there are `most`, no later story can win
        for pos in window.matching(prefs):
            story, score = window.ranked[pos]
            detail = window.details.get(story["id"], StoryDetail())
            cluster = story["cluster_id"]
            if story["id"] in sent.articles or (cluster is not None and cluster in sent.clusters):
                continue
            follow_up = detail.developing_story_id in sent.developing
            if follow_up:
                score *= FOLLOW_UP_WEIGHT
            else:
                full += 1
            chosen.append(Entry(story, score, detail, follow_up))
            if full >= most:
                break
        chosen.sort(key=lambda e: -e.score)  # stable: ties keep importance order
        chosen = chosen[:most]
        return Digest(subscriber, day, send_at, group_by_sector(chosen, prefs["sectors"]))


def matches(prefs: Preferences, story: StoryRow, detail: StoryDetail) -> bool:
    """Whether a story is one the subscriber follows (see the module docstring); the
    same test `_Window.matching` runs through its indexes."""
    if not (prefs["sectors"] or prefs["entities"] or prefs["fact_types"]):
        return True
    if any(t["slug"] in prefs["sectors"] for t in story["sectors"]):
        return True
    if detail.entities.intersection(prefs["entities"]):
        return True
    return bool(detail.fact_types.intersection(prefs["fact_types"]))


def group_by_sector(
    entries: Sequence[Entry], followed: Sequence[str]
) -> list[tuple[str, list[Entry]]]:
    """Sections (sector slug, entries best first); "" holds stories without a sector."""
    sections: dict[str, list[Entry]] = {}
    for entry in entries:
        slugs = [t["slug"] for t in entry.story["sectors"]]
        home = next((s for s in slugs if s in followed), slugs[0] if slugs else "")
        sections.setdefault(home, []).append(entry)
    order = sorted(sections, key=lambda s: (-sections[s][0].score, s == "", s))
    return [(slug, sections[slug]) for slug in order]


def sector_name(slug: str) -> str:
    return SECTORS.get(slug, "Other news")
