"""Schemathesis against each service's OpenAPI: no 5xx, every answer matches its documented
schema, and a refused (4xx) request leaves the database exactly as it was.

Each operation gets valid (positive) and invalid (negative) generated requests on a seeded
round, as a caller holding every role so the requests reach the handlers. Examples are bounded
(``MB_FUZZ_EXAMPLES`` per operation, default 10) so the four services fuzz in about a
minute; raise it locally for a deeper run."""

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance
from sqlalchemy import MetaData

from tests.conftest import POSTGRES_URL, postgres_schema_url
from tests.trust.apps import SERVICES, service_app
from tests.trust.fuzz_seeds import ROUND, SEEDS, broad_headers, reflected, snapshot

EXAMPLES = int(os.environ.get("MB_FUZZ_EXAMPLES", "10"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def fuzz_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """PostgreSQL when configured (production's database, where overflows and NUL bytes
    surface), else SQLite: one backend keeps the fuzzing within its time budget."""
    if POSTGRES_URL:
        return postgres_schema_url(request.getfixturevalue("postgres_schema"))
    return f"sqlite:///{tmp_path_factory.mktemp('fuzz')}/fuzz.db"


@pytest.fixture(params=SERVICES)
def seeded(request: pytest.FixtureRequest, fuzz_database_url: str) -> Iterator[FastAPI]:
    app = service_app(request.param, fuzz_database_url)
    with TestClient(app) as client:
        SEEDS[request.param](client)
    yield app
    app.state.engine.dispose()


def exercise(case: Any, app: FastAPI, tables: MetaData, headers: dict[str, str]) -> None:
    """One generated request on the seeded round."""
    if "round_id" in (case.path_parameters or {}):
        case.path_parameters["round_id"] = ROUND
    before = snapshot(app.state.engine, tables)
    # Correctness, not speed: a loaded CI machine once took over the default 10 s for one.
    response = case.call(headers=headers, timeout=60)
    case.validate_response(response, checks=CHECKS)
    if 400 <= response.status_code < 500:
        assert snapshot(app.state.engine, tables) == before, (
            f"{case.method} {case.formatted_path} was refused ({response.status_code}: "
            f"{response.text[:200]}) but changed the database"
        )


def test_fuzz_service(seeded: FastAPI) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", seeded)
    headers = broad_headers()
    tables = reflected(seeded.state.engine)
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert operations
    for operation in operations:
        strategy = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        )

        @FUZZ
        @given(case=strategy)
        def run(case: Any) -> None:
            exercise(case, seeded, tables, headers)

        try:
            run()
        except Exception as exc:
            exc.add_note(f"while fuzzing {operation.label}")
            raise
