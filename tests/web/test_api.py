"""The REST API over a real SQLite store: every read endpoint, pagination, filters, errors."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_fixtures import api_settings, fill
from fastapi.testclient import TestClient

from assay.store import Store
from assay.web import create_app


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api")
    with Store.open(api_settings(path)) as store:
        fill(store)
    return path


@pytest.fixture(scope="module")
def client(data_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings(data_dir))) as c:
        yield c


@pytest.fixture(scope="module")
def keys(client: TestClient) -> dict[str, str]:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    return {
        role: store.create_key(role, f"test {role}")[1] for role in ("reader", "analyst", "admin")
    }


def error_of(response: object) -> dict[str, str]:
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return body["error"]  # type: ignore[no-any-return]


def test_health_counts_articles(client: TestClient) -> None:
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok" and body["articles"] == 9


def test_articles_list_pages_newest_first(client: TestClient) -> None:
    first = client.get("/api/v1/articles", params={"limit": 4}).json()
    assert [a["id"] for a in first["items"]] == [9, 8, 7, 6]
    assert first["next_offset"] == 4 and first["limit"] == 4
    rest = client.get("/api/v1/articles", params={"limit": 4, "offset": 8}).json()
    assert len(rest["items"]) == 1 and rest["next_offset"] is None
    assert {"id", "title", "sectors", "published", "summary"} <= set(first["items"][0])


def test_articles_list_filters_by_sector_date_and_language(client: TestClient) -> None:
    rows = client.get("/api/v1/articles", params={"sector": "ev-battery"}).json()["items"]
    assert sorted(a["id"] for a in rows) == [1, 2, 3]
    rows = client.get("/api/v1/articles", params={"since": "2026-03-14"}).json()["items"]
    assert sorted(a["id"] for a in rows) == [5, 6, 7, 8, 9]
    assert client.get("/api/v1/articles", params={"language": "fr"}).json()["items"] == []


def test_articles_list_rejects_unknown_sector_with_one_error_body(client: TestClient) -> None:
    response = client.get("/api/v1/articles", params={"sector": "crypto"})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "usage_error" and "Unknown sector 'crypto'" in error["message"]


def test_limit_over_the_cap_is_an_invalid_request(client: TestClient) -> None:
    response = client.get("/api/v1/articles", params={"limit": 5000})
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid_request" and "'limit'" in error["message"]


def test_article_has_entities_facts_sectors_story_and_related(client: TestClient) -> None:
    body = client.get("/api/v1/articles/1").json()
    assert {e["key"] for e in body["entities"]} == {
        "country:IDN",
        "country:JPN",
        "org:jbic",
        "commodity:nickel",
    }
    assert body["facts"][0]["type"] == "agreement"
    assert [s["slug"] for s in body["sectors"]] == ["ev-battery", "mining-metals"]
    assert sorted(m["id"] for m in body["story"]["members"]) == [1, 2]
    related = body["related"]
    assert related and 2 not in {r["id"] for r in related}  # never its own copy
    assert related[0]["id"] == 3 and related[0]["reasons"]


def test_article_related_can_be_left_out(client: TestClient) -> None:
    assert client.get("/api/v1/articles/3", params={"related": 0}).json()["related"] == []


def test_missing_article_is_404_with_the_error_body(client: TestClient) -> None:
    response = client.get("/api/v1/articles/999")
    assert response.status_code == 404
    assert error_of(response) == {"code": "not_found", "message": "No article with id 999."}


def test_story_lists_its_copies(client: TestClient) -> None:
    cluster_id = client.get("/api/v1/articles/1").json()["story"]["id"]
    story = client.get(f"/api/v1/stories/{cluster_id}").json()
    assert story["size"] == 2
    assert {m["site_name"] for m in story["members"]} == {
        "minerals-wire.example",
        "metal-daily.example",
    }
    assert client.get("/api/v1/stories/999").status_code == 404


def test_search_finds_one_hit_per_story_with_highlights(client: TestClient) -> None:
    body = client.get("/api/v1/search", params={"q": "nickel supply"}).json()
    ids = [h["id"] for h in body["hits"]]
    assert len({1, 2} & set(ids)) == 1  # copies collapse
    hit = next(h for h in body["hits"] if h["id"] in {1, 2})
    assert hit["sources"] == 2 and hit["title_spans"] == [[25, 31], [32, 38]]
    assert body["mode"] == "text" and body["next_offset"] is None


def test_search_pages_and_sorts_by_date(client: TestClient) -> None:
    first = client.get("/api/v1/search", params={"q": "gallium", "limit": 2, "sort": "date"})
    body = first.json()
    assert [h["id"] for h in body["hits"]] == [9, 8]
    assert body["next_offset"] == 2 and body["has_more"] and body["total"] == 5
    second = client.get("/api/v1/search", params={"q": "gallium", "limit": 2, "offset": 4})
    assert len(second.json()["hits"]) == 1 and second.json()["next_offset"] is None


def test_search_operators_filter(client: TestClient) -> None:
    body = client.get("/api/v1/search", params={"q": "sector:ev-battery country:JPN"}).json()
    assert body["mode"] == "filter"
    assert {h["id"] for h in body["hits"]} <= {1, 2}


def test_search_facets_count_sectors_countries_and_fact_types(client: TestClient) -> None:
    body = client.get("/api/v1/search", params={"q": "Indonesia", "facets": "true"}).json()
    facets = body["facets"]
    assert {f["value"] for f in facets["sectors"]} >= {"ev-battery", "business-politics"}
    assert facets["countries"][0]["value"] == "country:IDN"
    assert {f["value"] for f in facets["fact_types"]} >= {"agreement", "investment"}


def test_search_with_a_bad_operator_is_a_query_error(client: TestClient) -> None:
    response = client.get("/api/v1/search", params={"q": "since:yesterday"})
    assert response.status_code == 400 and error_of(response)["code"] == "query_error"
    response = client.get("/api/v1/search")
    assert response.status_code == 422 and "'q'" in error_of(response)["message"]


def test_entity_profile_mentions_facts_and_partners(client: TestClient) -> None:
    profile = client.get("/api/v1/entities/country:IDN").json()
    assert profile["type"] == "COUNTRY" and profile["attrs"] == {"iso3": "IDN"}
    assert profile["articles"] == 4 and profile["facts"] == 4
    days = client.get("/api/v1/entities/country:IDN/mentions").json()
    assert days == [
        {"day": "2026-03-02", "count": 2},
        {"day": "2026-03-05", "count": 1},
        {"day": "2026-03-06", "count": 1},
    ]
    window = client.get(
        "/api/v1/entities/country:IDN/mentions",
        params={"since": "2026-03-05", "until": "2026-03-06"},
    ).json()
    assert window == [{"day": "2026-03-05", "count": 1}]
    facts = client.get("/api/v1/entities/country:IDN/facts", params={"limit": 2}).json()
    assert len(facts["items"]) == 2 and facts["next_offset"] == 2
    partners = {p["key"]: p for p in client.get("/api/v1/entities/country:IDN/partners").json()}
    assert partners["country:JPN"]["types"] == {"agreement": 2}
    assert partners["org:jbic"]["types"] == {"investment": 1}


def test_unknown_entity_is_404_everywhere(client: TestClient) -> None:
    for path in ("", "/mentions", "/facts", "/partners"):
        response = client.get(f"/api/v1/entities/org:nobody{path}")
        assert response.status_code == 404, path
        assert error_of(response)["code"] == "not_found"


def test_facts_filter_by_type_party_commodity_country_and_date(client: TestClient) -> None:
    def ids(**params: str) -> set[int]:
        items = client.get("/api/v1/facts", params=params).json()["items"]
        return {f["article_id"] for f in items}

    assert ids(type="trade_measure") == {5, 6, 7, 8, 9}
    assert ids(party="org:jbic") == {3}
    assert ids(commodity="nickel") == {1, 2}
    assert ids(country="JPN") == {1, 2}
    assert ids(country="IDN", type="investment") == {3}
    assert ids(since="2026-03-15", until="2026-03-17") == {6, 7}
    assert client.get("/api/v1/facts", params={"type": "rumour"}).status_code == 422
    response = client.get("/api/v1/facts", params={"country": "Indonesia"})
    assert response.status_code == 400 and "alpha-3" in error_of(response)["message"]


def test_facts_list_pages(client: TestClient) -> None:
    first = client.get("/api/v1/facts", params={"limit": 5}).json()
    second = client.get("/api/v1/facts", params={"limit": 5, "offset": 5}).json()
    assert first["next_offset"] == 5 and second["next_offset"] is None
    assert len(first["items"]) + len(second["items"]) == 9
    assert not {f["id"] for f in first["items"]} & {f["id"] for f in second["items"]}


def test_export_needs_an_analyst_key(client: TestClient, keys: dict[str, str]) -> None:
    assert client.get("/api/v1/facts/export").status_code == 401
    response = client.get("/api/v1/facts/export", headers={"X-API-Key": keys["reader"]})
    assert response.status_code == 403 and error_of(response)["code"] == "forbidden"


def test_export_streams_csv_with_formulas_defused(client: TestClient, keys: dict[str, str]) -> None:
    response = client.get(
        "/api/v1/facts/export", headers={"Authorization": f"Bearer {keys['analyst']}"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 9
    evil = next(r for r in rows if r["article_id"] == "4")
    assert "party==HYPERLINK(1)" in evil["arguments"]
    assert evil["article_title"].startswith("<script>")
    jbic = next(r for r in rows if r["type"] == "investment")
    assert "investor=JBIC (org:jbic)" in jbic["arguments"]


def test_export_as_json_with_filters(client: TestClient, keys: dict[str, str]) -> None:
    response = client.get(
        "/api/v1/facts/export",
        params={"format": "json", "type": "trade_measure"},
        headers={"X-API-Key": keys["admin"]},
    )
    facts = response.json()
    assert len(facts) == 5 and {f["type"] for f in facts} == {"trade_measure"}


def test_sectors_list_all_nine_with_counts(client: TestClient) -> None:
    sectors = {s["slug"]: s for s in client.get("/api/v1/sectors").json()}
    assert len(sectors) == 9
    assert sectors["ev-battery"]["articles"] == 3 and sectors["oil-gas"]["articles"] == 0


def test_sector_has_latest_stories_active_entities_and_days(client: TestClient) -> None:
    body = client.get("/api/v1/sectors/ev-battery").json()
    assert body["latest"][0]["id"] == 3
    assert len(body["latest"]) == 2  # articles 1 and 2 are one story
    assert body["active_entities"][0]["key"] in {"country:IDN", "commodity:nickel", "org:jbic"}
    assert sum(d["count"] for d in body["per_day"]) == 3
    assert client.get("/api/v1/sectors/crypto").status_code == 422


def test_trends_count_per_day_for_entity_sector_and_fact_type(client: TestClient) -> None:
    body = client.get("/api/v1/trends", params={"entity": "commodity:gallium"}).json()
    assert body["total"] == 5 and body["kind"] == "entity" and body["until"] == "2026-03-19"
    body = client.get("/api/v1/trends", params={"sector": "ev-battery"}).json()
    assert body["total"] == 3
    body = client.get(
        "/api/v1/trends", params={"fact_type": "trade_measure", "since": "2026-03-17"}
    ).json()
    assert body["days"] == [{"day": "2026-03-17", "count": 1}, {"day": "2026-03-18", "count": 1}]


def test_trends_need_exactly_one_subject(client: TestClient) -> None:
    for params in ({}, {"entity": "country:IDN", "sector": "ev-battery"}):
        response = client.get("/api/v1/trends", params=params)
        assert response.status_code == 400
        assert error_of(response)["message"] == "Give exactly one of entity, sector or fact_type."


def test_rising_entities_jump_above_their_baseline(client: TestClient) -> None:
    body = client.get("/api/v1/trends/rising").json()
    assert body["as_of"] == "2026-03-18" and body["recent_start"] == "2026-03-12"
    keys = [r["key"] for r in body["items"]]
    assert set(keys) == {"commodity:gallium", "country:CHN", "country:USA"}
    gallium = next(r for r in body["items"] if r["key"] == "commodity:gallium")
    assert gallium["recent"] == 5 and gallium["baseline"] == 0 and gallium["ratio"] == 6.0
    later = client.get("/api/v1/trends/rising", params={"as_of": "2026-03-08"}).json()
    found = [r["key"] for r in later["items"]]
    assert found[0] == "country:IDN"  # four articles, the others three
    assert set(found) == {"country:IDN", "commodity:nickel", "org:jbic"}


def test_trend_windows_next_to_the_first_date_are_cut_short_not_a_server_error(
    client: TestClient,
) -> None:
    # Found by the schemathesis run: the default `since` (90 days before `until`) overflowed,
    # so this request answered 500 instead of the unknown entity's 404.
    response = client.get(
        "/api/v1/trends", params={"entity": "canonical_url", "until": "0001-01-01"}
    )
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    response = client.get("/api/v1/trends", params={"entity": "country:IDN", "until": "0001-01-01"})
    assert response.status_code == 200
    assert response.json() == {
        "kind": "entity",
        "value": "country:IDN",
        "since": "0001-01-01",
        "until": "0001-01-01",
        "total": 0,
        "days": [],
    }
    body = client.get("/api/v1/sectors/ev-battery", params={"until": "0001-02-01"}).json()
    assert body["since"] == "0001-01-01" and body["until"] == "0001-02-01"
    assert body["per_day"] == [] and body["active_entities"] == []


def test_rising_with_windows_past_either_end_of_the_calendar_is_a_usage_error(
    client: TestClient,
) -> None:
    # Found by the schemathesis run: as_of=0001-01-01 answered 500 (OverflowError).
    for as_of in ("0001-01-01", "9999-12-31"):
        response = client.get("/api/v1/trends/rising", params={"as_of": as_of})
        assert response.status_code == 400
        assert error_of(response) == {
            "code": "usage_error",
            "message": f"as_of {as_of} puts the recent and baseline windows out of range; "
            "give a day from 0001-03-08 to 9999-12-30.",
        }
    # The first and last days that fit answer as usual.
    params = {"as_of": "0001-02-06", "recent_days": 7, "baseline_days": 30}
    first = client.get("/api/v1/trends/rising", params=params).json()
    assert first["baseline_start"] == "0001-01-01" and first["items"] == []
    last = client.get("/api/v1/trends/rising", params={"as_of": "9999-12-30"}).json()
    assert last["recent_start"] == "9999-12-24" and last["items"] == []


def test_export_with_a_bad_filter_fails_before_streaming(
    client: TestClient, keys: dict[str, str]
) -> None:
    response = client.get(
        "/api/v1/facts/export", params={"country": "http"}, headers={"X-API-Key": keys["analyst"]}
    )
    assert response.status_code == 400 and error_of(response)["code"] == "usage_error"
