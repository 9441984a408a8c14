"""Entity pages: profile, mention trend, partner network, timeline of facts, latest articles."""

from __future__ import annotations

from collections import defaultdict

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from assay.records import FactRecord
from assay.web import charts
from assay.web.deps import StoreDep
from assay.web.pages.annotate import sentence_anchor
from assay.web.pages.render import render
from assay.web.pages.views import entity_attributes, entity_href, parse_iso

router = APIRouter()
TIMELINE_FACTS = 30
PARTNERS = 25


@router.get("/entities/{key:path}", response_class=HTMLResponse)
def entity_page(request: Request, key: str, store: StoreDep) -> HTMLResponse:
    entity = store.entity(key)
    days = store.entity_per_day(key)
    first, last = parse_iso(entity["first_seen"]), parse_iso(entity["last_seen"])
    unit, series = charts.buckets(
        days, first.date() if first else None, last.date() if last else None
    )
    trend = charts.time_chart(series, unit, title=f"Articles mentioning {entity['name']}")
    partners = store.partners(key, PARTNERS)
    network = (
        charts.network(
            entity["name"],
            entity["type"],
            partners,
            href={p["key"]: entity_href(p["key"]) for p in partners},
        )
        if partners
        else None
    )
    facts = store.query_facts(entity_key=key, limit=TIMELINE_FACTS)
    return render(
        request,
        "entity.html",
        title=entity["name"],
        entity=entity,
        attributes=entity_attributes(dict(entity)),
        trend=trend,
        unit=unit,
        partners=partners,
        network=network,
        timeline=_by_month(facts),
        fact_count=entity["facts"],
        shown_facts=len(facts),
        anchor=sentence_anchor,
    )


def _by_month(facts: list[FactRecord]) -> list[tuple[str, list[FactRecord]]]:
    """Facts grouped by the month of their article, newest month first."""
    groups: dict[str, list[FactRecord]] = defaultdict(list)
    for fact in facts:
        when = parse_iso(fact["published"])
        label = f"{when:%B %Y}" if when else "Undated"
        groups[label].append(fact)
    return list(groups.items())
