"""The article page: annotated text, facts beside their sentences, copies and "read more"."""

from __future__ import annotations

from collections import defaultdict

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from assay.records import ArticleEntity
from assay.search import related
from assay.web.deps import ServicesDep, SettingsDep, StoreDep
from assay.web.pages.annotate import annotate, sentence_anchor
from assay.web.pages.render import render

router = APIRouter()
READ_MORE = 5


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(
    request: Request,
    article_id: int,
    store: StoreDep,
    settings: SettingsDep,
    services: ServicesDep,
) -> HTMLResponse:
    article = store.get_article(article_id)
    blocks, unplaced = annotate(article["text"], article["entities"], article["facts"])
    cluster = store.cluster(article_id)
    copies = [m for m in cluster["members"] if m["id"] != article_id]
    embedder = services.query_embedder(store, settings)
    more = related(store, article_id, k=READ_MORE, embedder=embedder, indexes=services.indexes)
    by_type: dict[str, list[ArticleEntity]] = defaultdict(list)
    for ent in sorted(article["entities"], key=lambda e: (-len(e["mentions"]), e["name"])):
        by_type[ent["type"]].append(ent)
    return render(
        request,
        "article.html",
        title=article["title"] or "Untitled article",
        article=article,
        blocks=blocks,
        unplaced=unplaced,
        entities_by_type=dict(by_type),
        copies=copies,
        related=more,
        anchor=sentence_anchor,
    )
