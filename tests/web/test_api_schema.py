"""The OpenAPI document is valid, and a property-based run over it finds no server error and
no response that contradicts it (schemathesis, in-process ASGI, bounded examples)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from api_fixtures import api_settings, fill
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from assay.store import Store
from assay.web import create_app


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    path = tmp_path_factory.mktemp("schema")
    with Store.open(api_settings(path)) as store:
        fill(store)
    # Generous limits: the run sends hundreds of searches from one client.
    application = create_app(api_settings(path, rate_limit_search=0, rate_limit_write=0))
    yield application
    application.state.store.close()


@pytest.fixture(scope="module")
def analyst_key(app: FastAPI) -> str:
    return str(app.state.store.create_key("analyst", "schemathesis")[1])


@pytest.fixture(scope="module")
def api_schema(app: FastAPI) -> Any:
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


def test_openapi_document_validates(app: FastAPI) -> None:
    spec = app.openapi()
    validate(spec)  # raises on an invalid document
    assert spec["openapi"].startswith("3.")
    paths = set(spec["paths"])
    for resource in ("articles", "search", "stories", "entities", "facts", "sectors", "trends",
                     "feeds", "keys", "health"):  # fmt: skip
        assert any(p.startswith(f"/api/v1/{resource}") for p in paths), resource
    assert all(p.startswith("/api/v1/") for p in paths)  # pages stay out of the API document


# Examples per operation: ~20 operations, so a few hundred requests in all.
EXAMPLES = 10


def test_api_answers_generated_requests_without_server_errors(
    api_schema: Any, analyst_key: str
) -> None:
    # Each operation gets its own Hypothesis run (schemathesis' pytest plugin does the same
    # through a lazy fixture, which the installed pytest no longer supports).
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            case.call_and_validate(
                headers={"X-API-Key": analyst_key},
                checks=[not_a_server_error, response_schema_conformance],
            )

        run()
