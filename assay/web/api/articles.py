"""Articles: the listing of `assay articles list` and one article with everything about it."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from assay.records import ArticleDetail, ArticleRow, StoryCluster
from assay.search import related
from assay.web.api.responses import Limit, Offset, Page, json_response, page_response
from assay.web.api.schemas import RelatedRecord
from assay.web.deps import ReadAccess, ServicesDep, SettingsDep, StoreDep

router = APIRouter(tags=["articles"])

ArticleId = Annotated[int, Path(ge=1, le=2**62, description="Article id.")]


class ArticleFull(ArticleDetail):
    """An article with its sectors, entities, facts, story cluster and related stories."""

    story: StoryCluster
    related: list[RelatedRecord]


@router.get("/articles", response_model=Page[ArticleRow], summary="List articles, newest first")
def list_articles(
    store: StoreDep,
    _: ReadAccess,
    sector: Annotated[str | None, Query(description="Only this sector slug.")] = None,
    since: Annotated[date | None, Query(description="Published on or after (YYYY-MM-DD).")] = None,
    language: Annotated[
        str | None, Query(min_length=2, max_length=8, description="ISO 639-1 language.")
    ] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    """The filters of `assay articles list`; undated articles come last."""
    rows = store.list_articles(
        limit=limit + 1, offset=offset, sector=sector, since=since, language=language
    )
    return page_response(rows, limit, offset)


@router.get(
    "/articles/{article_id}",
    response_model=ArticleFull,
    summary="One article with entities, facts, sectors, its story and related stories",
)
def get_article(
    article_id: ArticleId,
    store: StoreDep,
    settings: SettingsDep,
    services: ServicesDep,
    _: ReadAccess,
    related_k: Annotated[
        int, Query(alias="related", ge=0, le=20, description="Related stories to include.")
    ] = 5,
) -> Response:
    """Text, sectors, entities with their mentions, facts with their sentences, the story
    cluster (copies from other sites) and "read more" stories with the reasons."""
    detail: dict[str, object] = dict(store.get_article(article_id))
    detail["story"] = store.cluster(article_id)
    detail["related"] = []
    if related_k:
        embedder = services.query_embedder(store, settings)
        detail["related"] = related(
            store, article_id, k=related_k, embedder=embedder, indexes=services.indexes
        )
    return json_response(detail)


@router.get(
    "/stories/{cluster_id}",
    response_model=StoryCluster,
    tags=["stories"],
    summary="A story cluster with its copies",
)
def get_story(
    cluster_id: Annotated[int, Path(ge=1, le=2**62, description="Story cluster id.")],
    store: StoreDep,
    _: ReadAccess,
) -> Response:
    """Every article of one story (syndicated copies on other sites), earliest first."""
    return json_response(store.story(cluster_id))
