"""Fuzz class: a NUL or other control character in a path or query parameter, on every route of
every service, with and without a token. It reached PostgreSQL (the archive guard looked the
round up before any check) and came back as a 500 (issue 18 finding 3)."""

import re

import pytest
from fastapi.testclient import TestClient

from tests.services.helpers import assert_problem
from tests.trust.apps import PATH_VALUES, SERVICES, routes, service_app
from tests.trust.fuzz_seeds import broad_headers

HOSTILE = ("%00", "%01", "%1b", "%7f")


def _with_hostile(path: str, name: str, char: str) -> str:
    return re.sub(
        r"\{(\w+)\}",
        lambda m: PATH_VALUES[m.group(1)] + (char if m.group(1) == name else ""),
        path,
    )


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("token", [True, False], ids=["token", "anonymous"])
def test_a_control_character_in_any_path_parameter_is_a_422(
    service: str, token: bool, database_url: str
) -> None:
    app = service_app(service, database_url)
    headers = broad_headers() if token else {}
    cases = [
        (method, _with_hostile(path, name, char))
        for method, path in sorted(routes(app))
        for name in re.findall(r"\{(\w+)\}", path)
        for char in HOSTILE
    ]
    assert cases
    with TestClient(app, raise_server_exceptions=False) as client:
        for method, path in cases:
            answer = client.request(method, path, headers=headers, json={})
            assert answer.status_code == 422, f"{method} {path}: {answer.status_code}"
            assert_problem(answer, 422, "control-character")


@pytest.mark.parametrize("service", SERVICES)
def test_a_control_character_in_a_query_is_a_422(service: str, database_url: str) -> None:
    app = service_app(service, database_url)
    reads = sorted(path for method, path in routes(app) if method == "GET")
    with TestClient(app, raise_server_exceptions=False) as client:
        for path in reads:
            concrete = re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES[m.group(1)], path)
            answer = client.get(concrete, params={"q": "a\x00b", "limit": "1\x00"})
            assert answer.status_code == 422, f"GET {concrete}: {answer.status_code}"


@pytest.mark.parametrize("service", SERVICES)
def test_a_round_id_off_its_pattern_is_a_422_on_every_route(
    service: str, database_url: str
) -> None:
    """Some routes took the round id as plain text: it reached the queries unchecked."""
    app = service_app(service, database_url)
    templates = sorted((m, p) for m, p in routes(app) if p.startswith("/rounds/{round_id}"))
    assert templates
    with TestClient(app, raise_server_exceptions=False) as client:
        for round_id in ("r" * 1000, "Are-2027", "are 2027", "are-2027;"):
            for method, path in templates:
                concrete = _with_hostile(path, "round_id", "").replace(
                    PATH_VALUES["round_id"], round_id, 1
                )
                answer = client.request(method, concrete, headers=broad_headers(), json={})
                body = assert_problem(answer, 422, "validation")
                assert [error["field"] for error in body["errors"]] == ["round_id"], concrete
