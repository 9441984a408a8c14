"""Writing articles and their enrichment: dedupe by canonical URL or content hash.

Safe with many writers at once (PostgreSQL): new rows go in with INSERT ... ON CONFLICT
on the unique keys (article URL and content hash, entity key, feed entry), never after a
look-up that a concurrent writer could overtake, and merges happen in one UPDATE.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.exc import DBAPIError

from assay.errors import StoreError
from assay.models import SECTORS, Article, Fact
from assay.store.backends import backend_of, first_line
from assay.store.convert import now_utc, to_utc
from assay.store.entity_upserts import EntityCache, merge_spec, resolve_entities
from assay.store.schema import (
    article_sectors,
    articles,
    embeddings,
    fact_arguments,
    facts,
    feed_entries,
    feeds,
    mentions,
)
from assay.store.sector_lists import sector_list
from assay.store.urls import canonical_url

SaveStatus = Literal["new", "updated", "unchanged"]

# Fact fields holding several parties map to the singular role of each argument row.
ROLES = {"parties": "party", "actors": "actor", "investors": "investor", "targets": "target"}
KEY_TYPES = {
    "country": "COUNTRY",
    "org": "ORG",
    "person": "PERSON",
    "commodity": "COMMODITY",
    "project": "PROJECT",
    "location": "LOCATION",
    "loc": "LOCATION",
}
# The Article fields whose rows live in their own tables (summary, keywords are columns).
ENRICHED_FIELDS = ("sectors", "entities", "facts")

# Statements built once: building them per call (values(), comparisons) costs SQLAlchemy
# more time than SQLite spends executing them.
_BY_URL = select(articles.c.id, articles.c.content_hash).where(articles.c.url == bindparam("u"))
_BY_HASH = select(articles.c.id).where(articles.c.content_hash == bindparam("h"))
_UPDATE_ARTICLE = update(articles).where(articles.c.id == bindparam("aid"))
_HAS_ROWS = {
    t.name: select(t.c.article_id).where(t.c.article_id == bindparam("aid")).limit(1)
    for t in (article_sectors, mentions, facts)
}
_INSERT_FACTS = insert(facts).returning(facts.c.id, sort_by_parameter_order=True)
_LOCK_ARTICLE = select(articles.c.id).where(articles.c.id == bindparam("aid")).with_for_update()
_COUNT_ENTRY = (
    update(feeds).where(feeds.c.id == bindparam("f")).values(entries_seen=feeds.c.entries_seen + 1)
)


@dataclass(frozen=True)
class SaveResult:
    """What happened to one article: its id and whether it was new, updated or already stored."""

    id: int
    status: SaveStatus


def describe(article: Article) -> str:
    return repr(article.url or article.source)


def save_batch(
    conn: Connection, batch: Sequence[Article], enriched_with: str | None = None
) -> list[SaveResult]:
    """Save each article and its enrichment on `conn` (the caller owns the transaction)."""
    cache: EntityCache = {}
    now = now_utc()
    results = []
    for article in batch:
        unknown = [s.slug for s in article.sectors if s.slug not in SECTORS]
        if unknown:
            raise StoreError(
                f"Cannot save article {describe(article)}: unknown sector '{unknown[0]}'; "
                f"expected one of {', '.join(SECTORS)}. Nothing from this batch was saved."
            )
        try:
            result = _save_one(conn, article, cache, now, enriched_with)
        except DBAPIError as exc:
            if backend_of(conn).retryable(exc):
                raise  # a lost race: the caller runs the whole batch again
            raise StoreError(
                f"Cannot save article {describe(article)}: {first_line(exc)}. "
                "Nothing from this batch was saved."
            ) from None
        except UnicodeEncodeError as exc:  # a lone surrogate no database can store
            raise StoreError(
                f"Cannot save article {describe(article)}: its text is not valid Unicode "
                f"({exc.reason}). Nothing from this batch was saved."
            ) from None
        results.append(result)
    return results


def _save_one(
    conn: Connection,
    article: Article,
    cache: EntityCache,
    now: datetime,
    enriched_with: str | None,
    again: bool = True,
) -> SaveResult:
    url = canonical_url(article.url) if article.url else None
    digest = article.content_hash
    by_url = None
    if url is not None:
        by_url = conn.execute(_BY_URL, {"u": url}).first()
    if by_url is not None and by_url.content_hash == digest:
        result = _fill_enrichment(conn, by_url.id, article, cache, now, enriched_with)
    else:
        same_text = conn.execute(_BY_HASH, {"h": digest}).scalar()
        if same_text is not None:
            # The text is stored already (a syndicated copy, or a page edited back to
            # another page's text): keep the stored copy.
            result = _fill_enrichment(conn, same_text, article, cache, now, enriched_with)
        elif by_url is not None:
            values = _article_values(article, url, digest, now, enriched_with)
            del values["ingested_at"]
            if article.feed_id is None:
                del values["feed_id"]
            # The near-duplicate signature is stale once the text changes; the clusterer
            # recomputes rows whose minhash is NULL.
            values["minhash"] = None
            conn.execute(_UPDATE_ARTICLE, {"aid": by_url.id, **values})
            clear_enrichment(conn, by_url.id)
            conn.execute(delete(embeddings).where(embeddings.c.article_id == by_url.id))
            write_enrichment(conn, by_url.id, article, cache)
            result = SaveResult(by_url.id, "updated")
        else:
            values = _article_values(article, url, digest, now, enriched_with)
            insert_new = backend_of(conn).insert(articles).values(values)
            new_id = conn.execute(
                insert_new.on_conflict_do_nothing().returning(articles.c.id)
            ).scalar()
            if new_id is None:
                # Another writer stored this URL or text since the look-ups above (PostgreSQL
                # waited for it to commit): look again, now that its row is visible.
                if not again:
                    raise StoreError(
                        f"Cannot save article {describe(article)}: it conflicts with a stored "
                        "article. Nothing from this batch was saved."
                    )
                return _save_one(conn, article, cache, now, enriched_with, again=False)
            result = SaveResult(int(new_id), "new")
            write_enrichment(conn, result.id, article, cache)
    if article.feed_id is not None and article.entry_id:
        record_entry(conn, article.feed_id, article.entry_id, result.id)
    return result


def _fill_enrichment(
    conn: Connection,
    article_id: int,
    article: Article,
    cache: EntityCache,
    now: datetime,
    enriched_with: str | None,
) -> SaveResult:
    """Add enrichment to a stored copy that has none (saved earlier with --no-enrich)."""
    if not (article.sectors or article.entities or article.facts):
        return SaveResult(article_id, "unchanged")
    # The row lock (PostgreSQL) makes a second writer wait, then find the enrichment.
    conn.execute(_LOCK_ARTICLE, {"aid": article_id})
    for table in (article_sectors, mentions, facts):
        if conn.execute(_HAS_ROWS[table.name], {"aid": article_id}).first() is not None:
            return SaveResult(article_id, "unchanged")
    values: dict[str, Any] = {
        "summary": article.summary or "",
        "keywords": list(article.keywords),
        "sectors": sector_list(s.slug for s in article.sectors),
        "enriched_with": enriched_with,
        "updated_at": now,
    }
    conn.execute(_UPDATE_ARTICLE, {"aid": article_id, **values})
    write_enrichment(conn, article_id, article, cache)
    return SaveResult(article_id, "updated")


def _article_values(
    article: Article, url: str | None, digest: str, now: datetime, enriched_with: str | None
) -> dict[str, Any]:
    return {
        "url": url,
        "content_hash": digest,
        "source": article.source,
        "story_index": article.story,
        "title": article.title or "",
        "text": article.text,
        "published": to_utc(article.published),
        "authors": list(article.authors),
        "site_name": article.site_name,
        "language": article.language,
        "removed": list(article.removed),
        "summary": article.summary or "",
        "keywords": list(article.keywords),
        "sectors": sector_list(s.slug for s in article.sectors),
        "feed_id": article.feed_id,
        "enriched_with": enriched_with,
        "ingested_at": now,
        "updated_at": now,
    }


def clear_enrichment(
    conn: Connection, article_id: int, fields: Collection[str] = ENRICHED_FIELDS
) -> None:
    """Delete an article's sectors, mentions and facts (with their arguments), or those of
    `fields` only."""
    if "facts" in fields:
        fact_ids = select(facts.c.id).where(facts.c.article_id == article_id)
        conn.execute(delete(fact_arguments).where(fact_arguments.c.fact_id.in_(fact_ids)))
        conn.execute(delete(facts).where(facts.c.article_id == article_id))
    if "entities" in fields:
        conn.execute(delete(mentions).where(mentions.c.article_id == article_id))
    if "sectors" in fields:
        conn.execute(delete(article_sectors).where(article_sectors.c.article_id == article_id))


def delete_article(conn: Connection, article_id: int) -> bool:
    """Delete an article with everything derived from it; False if there was none."""
    clear_enrichment(conn, article_id)
    conn.execute(delete(embeddings).where(embeddings.c.article_id == article_id))
    conn.execute(
        update(feed_entries).where(feed_entries.c.article_id == article_id).values(article_id=None)
    )
    cluster_of = select(articles.c.cluster_id).where(articles.c.id == article_id)
    cluster = conn.execute(cluster_of).scalar()
    deleted = conn.execute(delete(articles).where(articles.c.id == article_id)).rowcount > 0
    if cluster is not None:
        # The story loses a member: recount it and re-pick its representative.
        from assay.store.clusters import refresh_cluster

        refresh_cluster(conn, cluster)
    return deleted


def fact_arguments_of(fact: Fact) -> Iterator[tuple[str, str, str | None]]:
    """(role, name, key) for every {name, key} value in a fact's fields."""
    for field, value in fact.fields.items():
        role = ROLES.get(field, field)[:16]
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                key = item.get("key")
                yield role, item["name"], key if isinstance(key, str) and key else None


def write_enrichment(
    conn: Connection,
    article_id: int,
    article: Article,
    cache: EntityCache,
    fields: Collection[str] = ENRICHED_FIELDS,
) -> None:
    """Insert the article's sectors, entity mentions and facts (or those of `fields` only).

    The caller sets `articles.sectors` in its own write of the row (`sector_lists`)."""
    best: dict[str, float] = {}
    for s in article.sectors if "sectors" in fields else []:
        best[s.slug] = max(s.score, best.get(s.slug, s.score))
    if best:
        conn.execute(
            insert(article_sectors),
            [{"article_id": article_id, "slug": k, "score": v} for k, v in best.items()],
        )

    entities_ = article.entities if "entities" in fields else []
    facts_ = article.facts if "facts" in fields else []
    specs: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for ent in entities_:
        specs[ent.key] = merge_spec(specs.get(ent.key), ent.name, ent.type, ent.attrs)
    args = [list(fact_arguments_of(f)) for f in facts_]
    # Facts rewritten without their mentions still take the linked entity's type.
    types = {e.key: e.type for e in article.entities}
    for role_args in args:
        for _role, name, key in role_args:
            if key is not None and key not in specs:
                prefix = key.partition(":")[0]
                type_ = types.get(key) or KEY_TYPES.get(prefix, prefix.upper()[:16] or "ORG")
                specs[key] = (name, type_, {})
    ids = resolve_entities(conn, specs, cache)

    rows = [
        {"article_id": article_id, "entity_id": ids[e.key], "start": m.start, "end": m.end,
         "text": m.text}
        for e in entities_
        for m in e.mentions
    ]  # fmt: skip
    if rows:
        conn.execute(insert(mentions), rows)

    if not facts_:
        return
    published = to_utc(article.published)
    fact_rows = [
        {
            "article_id": article_id,
            "type": f.type,
            "action": _action(f),
            "fields": f.fields,
            "sentence": f.sentence,
            "start": f.start,
            "end": f.end,
            "confidence": f.confidence,
            "published": published,
        }
        for f in facts_
    ]
    fact_ids = conn.execute(_INSERT_FACTS, fact_rows).scalars().all()
    arg_rows = [
        {"fact_id": fid, "role": role, "name": name, "entity_id": ids.get(key) if key else None}
        for fid, role_args in zip(fact_ids, args, strict=True)
        for role, name, key in role_args
    ]
    if arg_rows:
        conn.execute(insert(fact_arguments), arg_rows)


def _action(fact: Fact) -> str | None:
    # Capacity facts carry a status (planned, operational...) where others carry an action.
    value = fact.fields.get("action") or fact.fields.get("status")
    return value if isinstance(value, str) else None


def record_entry(conn: Connection, feed_id: int, entry_id: str, article_id: int | None) -> bool:
    """Remember a feed entry (idempotent); True if the feed had not seen it before."""
    added = conn.execute(
        backend_of(conn)
        .insert(feed_entries)
        .values(feed_id=feed_id, entry_id=entry_id, article_id=article_id, seen_at=now_utc())
        .on_conflict_do_nothing(index_elements=[feed_entries.c.feed_id, feed_entries.c.entry_id])
        .returning(feed_entries.c.feed_id)
    ).first()
    if added is not None:
        conn.execute(_COUNT_ENTRY, {"f": feed_id})
        return True
    if article_id is not None:
        where = (
            (feed_entries.c.feed_id == feed_id)
            & (feed_entries.c.entry_id == entry_id)
            & feed_entries.c.article_id.is_(None)
        )
        conn.execute(update(feed_entries).where(where).values(article_id=article_id))
    return False
