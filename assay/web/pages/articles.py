"""The article page (annotated text, facts beside their sentences, copies) and its "read
more" stories, which cost a scoring query of their own: the article page loads them as a
fragment after it is shown (a link opens them as a page without script)."""

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
) -> HTMLResponse:
    article = store.get_article(article_id)
    blocks, unplaced = annotate(article["text"], article["entities"], article["facts"])
    cluster = store.cluster(article_id)
    copies = [m for m in cluster["members"] if m["id"] != article_id]
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
        anchor=sentence_anchor,
    )


@router.get("/articles/{article_id}/related", response_class=HTMLResponse)
def related_page(
    request: Request,
    article_id: int,
    store: StoreDep,
    settings: SettingsDep,
    services: ServicesDep,
    fragment: bool = False,
) -> HTMLResponse:
    """Stories related to an article, with the entities they share; `fragment` gives only
    the list, for the article page to insert."""
    embedder = services.query_embedder(store, settings)
    more = related(store, article_id, k=READ_MORE, embedder=embedder, indexes=services.indexes)
    if fragment:
        return render(request, "_related.html", related=more)
    article = store.get_article(article_id)
    return render(request, "related.html", title="Read more", article=article, related=more)
