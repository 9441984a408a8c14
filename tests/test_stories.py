"""Near-duplicate story clusters and developing stories, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assay.errors import NotFound
from assay.models import Article, Fact
from assay.pipeline import ingest
from assay.settings import Settings
from assay.store import Store
from assay.stories import DedupeParams, cluster_pending, minhash

pytestmark = pytest.mark.usefixtures("backend")

WIRE = (
    "Indonesia and Japan signed a supply agreement on Tuesday under which Japanese battery "
    "makers will buy nickel intermediate products from smelters on Sulawesi for at least "
    "ten years, officials from both governments said at a ceremony in Jakarta. The deal "
    "covers mixed hydroxide precipitate produced by high-pressure acid leaching plants in "
    "the Morowali and Weda Bay industrial parks, which have expanded quickly since "
    "Indonesia banned exports of raw ore. Japan Bank for International Cooperation will "
    "provide loans to the buyers, and the two sides agreed to work on traceability rules "
    "so that the material can qualify for tax credits in markets that restrict supplies "
    "linked to forced labour or heavy deforestation. Indonesia's investment minister told "
    "reporters that the agreement would bring new processing capacity for cathode "
    "precursors within three years and that talks with Korean companies were continuing. "
    "Analysts said the deal gives Japanese carmakers an alternative to Chinese refiners, "
    "which control most of the market for battery-grade nickel sulphate today. Prices of "
    "nickel on the London Metal Exchange have fallen by almost half over two years as "
    "Indonesian output surged, squeezing miners in Australia and New Caledonia and "
    "forcing several of them to close operations or delay expansion plans indefinitely."
)

OTHER = (
    "Chile's state copper company reported a fall in quarterly output as ore grades at its "
    "oldest mines kept declining and a landslide halted work at a major pit for nine days "
    "in the north of the country. The company said production would recover in the second "
    "half once a new concentrator reaches full capacity, but warned that labour talks at "
    "two divisions could disrupt shipments. Copper prices rose on the news, extending a "
    "rally driven by demand from power grids, data centres and electric vehicles. The "
    "government is reviewing royalty rules for lithium brine projects in the Atacama salt "
    "flat, where the state firm holds contracts with private partners, and lawmakers want "
    "more of the revenue to stay in mining regions. Executives told investors that debt "
    "would stay high until the expansion projects are finished next year."
)

FOOTER = (
    "Sign up for our free morning newsletter with the biggest stories on metals, mining "
    "and energy markets delivered to your inbox every weekday before the markets open. "
    "Copyright Metals Daily. All rights reserved."
)
SHORT_A = "Zambia raised its copper output forecast for the year after two new mines opened. "
SHORT_B = "Norway approved a seabed survey for cobalt crusts in its Arctic waters this week. "

DAY = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def changed(text: str, every: int, start: int = 3) -> str:
    """`text` with every `every`-th word replaced: 1/every of the words differ."""
    words = text.split()
    for i in range(start, len(words), every):
        words[i] = f"edited{i}"
    return " ".join(words)


def article(url: str, text: str, published: datetime = DAY, **kw: object) -> Article:
    return Article(source=url, url=url, title="Story", text=text, published=published, **kw)  # type: ignore[arg-type]


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with Store.open(settings) as opened:
        yield opened


def save_and_cluster(store: Store, *items: Article) -> list[int]:
    ids = [r.id for r in store.save_articles(list(items))]
    cluster_pending(store, DedupeParams())
    return ids


def cluster_id(store: Store, article_id: int) -> int:
    found = store.cluster(article_id)["id"]
    assert isinstance(found, int)
    return found


def test_near_copy_with_four_percent_of_words_changed_joins_the_cluster(store: Store) -> None:
    copy = changed(WIRE, every=25)
    same = sum(a == b for a, b in zip(WIRE.split(), copy.split(), strict=True))
    assert 0.03 <= 1 - same / len(WIRE.split()) <= 0.05
    first, second = save_and_cluster(
        store,
        article("https://wire.example/a", WIRE),
        article("https://paper.example/b", copy, published=DAY + timedelta(hours=3)),
    )
    found = store.cluster(second)
    assert found["id"] == cluster_id(store, first)
    assert found["size"] == 2
    assert found["representative_id"] == first  # the earliest published
    assert [(m["id"], m["url"], m["source"]) for m in found["members"]] == [
        (first, "https://wire.example/a", "https://wire.example/a"),
        (second, "https://paper.example/b", "https://paper.example/b"),
    ]
    assert [s["url"] for s in store.story_sources(found["id"])] == [
        "https://wire.example/a",
        "https://paper.example/b",
    ]


def test_unrelated_article_gets_its_own_cluster(store: Store) -> None:
    first, second = save_and_cluster(
        store, article("https://a.example/1", WIRE), article("https://b.example/2", OTHER)
    )
    assert cluster_id(store, first) != cluster_id(store, second)
    assert store.cluster(second)["size"] == 1
    assert store.cluster(second)["representative_id"] == second


def test_short_articles_sharing_boilerplate_stay_apart(store: Store) -> None:
    first, second = save_and_cluster(
        store,
        article("https://a.example/short", SHORT_A + FOOTER),
        article("https://b.example/short", SHORT_B + FOOTER),
    )
    assert cluster_id(store, first) != cluster_id(store, second)


def test_heavily_edited_copy_does_not_join(store: Store) -> None:
    # Every 4th word changed: a rewrite, not a copy.
    first, second = save_and_cluster(
        store,
        article("https://a.example/1", WIRE),
        article("https://b.example/2", changed(WIRE, every=4)),
    )
    assert cluster_id(store, first) != cluster_id(store, second)


def test_reingesting_keeps_every_cluster(store: Store) -> None:
    items = [
        article("https://a.example/1", WIRE),
        article("https://b.example/2", changed(WIRE, every=30)),
        article("https://c.example/3", OTHER),
    ]
    ids = save_and_cluster(store, *items)
    before = [store.cluster(i) for i in ids]
    again = store.save_articles(items)
    assert [r.status for r in again] == ["unchanged"] * 3
    assert cluster_pending(store, DedupeParams()).clustered == 0
    assert [store.cluster(i) for i in ids] == before


def test_clusters_and_lsh_index_survive_a_new_store(settings: Settings) -> None:
    with Store.open(settings) as first_store:
        (first,) = save_and_cluster(first_store, article("https://a.example/1", WIRE))
    with Store.open(settings) as second_store:
        (copy,) = save_and_cluster(
            second_store, article("https://b.example/2", changed(WIRE, every=20))
        )
        assert cluster_id(second_store, copy) == cluster_id(second_store, first)
        assert second_store.cluster(first)["size"] == 2


def test_article_whose_text_changes_leaves_the_cluster(store: Store) -> None:
    first, second = save_and_cluster(
        store,
        article("https://a.example/1", WIRE),
        article("https://b.example/2", changed(WIRE, every=25)),
    )
    old = cluster_id(store, first)
    (updated,) = save_and_cluster(store, article("https://b.example/2", OTHER))
    assert updated == second
    assert cluster_id(store, second) != old
    assert store.cluster(first)["size"] == 1
    assert [m["id"] for m in store.cluster(first)["members"]] == [first]


def test_cluster_of_missing_article_and_cluster_raise_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match=r"^No article with id 99\.$"):
        store.cluster(99)
    with pytest.raises(NotFound, match=r"^No story cluster with id 7\.$"):
        store.story_sources(7)


IDN_JPN = ["country:IDN", "country:JPN"]
IDN_KOR = ["country:IDN", "country:KOR"]


def agreement(text: str, url: str, published: datetime, keys: list[str]) -> Article:
    names = {"country:IDN": "Indonesia", "country:JPN": "Japan", "country:KOR": "South Korea"}
    parties = [{"name": names[k], "key": k} for k in keys]
    fact = Fact("agreement", {"parties": parties, "action": "signed"}, text[:80], 0, 80, 0.9)
    return article(url, text, published=published, facts=[fact])


def test_developing_story_groups_articles_on_the_same_agreement_within_days(
    store: Store,
) -> None:
    first, second, third = save_and_cluster(
        store,
        agreement(WIRE, "https://a.example/1", DAY, IDN_JPN),
        agreement(OTHER, "https://b.example/2", DAY + timedelta(days=3), IDN_JPN[::-1]),
        agreement(FOOTER, "https://c.example/3", DAY + timedelta(days=2), IDN_KOR),
    )
    story = store.cluster(first)["developing_story_id"]
    assert story == cluster_id(store, first)
    assert store.cluster(second)["developing_story_id"] == story
    assert store.cluster(third)["developing_story_id"] is None  # other parties
    assert [c["id"] for c in store.developing_story(story)] == [
        cluster_id(store, first),
        cluster_id(store, second),
    ]


def test_developing_story_does_not_link_agreements_sixty_days_apart(store: Store) -> None:
    first, second = save_and_cluster(
        store,
        agreement(WIRE, "https://a.example/1", DAY, IDN_JPN),
        agreement(OTHER, "https://b.example/2", DAY + timedelta(days=60), IDN_JPN),
    )
    assert store.cluster(first)["developing_story_id"] is None
    assert store.cluster(second)["developing_story_id"] is None


def test_ingest_puts_a_syndicated_copy_in_the_story_cluster(
    settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "wire.txt").write_text(f"Nickel deal signed\n\n{WIRE}\n")
    (tmp_path / "in" / "copy.txt").write_text(f"Nickel deal signed\n\n{changed(WIRE, 25)}\n")
    (tmp_path / "in" / "other.txt").write_text(f"Copper output falls\n\n{OTHER}\n")
    settings = settings.model_copy(update={"embed_at_ingest": False})
    with Store.open(settings) as store:
        report = ingest([str(tmp_path / "in")], store, settings)
        assert (report.new, report.duplicates, report.failed) == (3, 1, 0)
        sizes = sorted(store.cluster(i)["size"] for i in report.article_ids)
        assert sizes == [1, 2, 2]


def test_signatures_and_band_keys() -> None:
    assert minhash.shingles("One two three") == {b"one two three"}
    assert len(minhash.shingles("a b c d e f g")) == 3
    same = minhash.signatures([WIRE, WIRE.upper(), OTHER])
    values = [s.hashvalues for s in same]
    assert minhash.estimated_jaccard(values[0], values[1]) == 1.0
    assert minhash.estimated_jaccard(values[0], values[2]) < 0.1
    assert minhash.lsh_params(0.5) == (25, 5)
    assert minhash.lsh_params(0.3) == (37, 3)
    keys = minhash.band_keys(values[0], 0.5)
    assert [b for b, _ in keys] == list(range(25))
    assert keys == minhash.band_keys(minhash.hashvalues(minhash.to_bytes(same[0])), 0.5)


def test_deleting_a_member_recounts_its_cluster(store: Store) -> None:
    first, second = save_and_cluster(
        store,
        article("https://a.example/1", WIRE),
        article("https://b.example/2", changed(WIRE, every=25), published=DAY + timedelta(1)),
    )
    store.delete_article(first)
    found = store.cluster(second)
    assert (found["size"], found["representative_id"]) == (1, second)
    store.delete_article(second)
    with pytest.raises(NotFound, match=rf"^No story cluster with id {found['id']}\.$"):
        store.story_sources(found["id"])
