"""What the fuzzer found, kept as plain tests so a regression fails without a lucky draw."""

import pytest
from fastapi.testclient import TestClient

from services.common.access_matrix import ACCESS
from tests.services.helpers import assert_problem
from tests.services.intake.helpers import round_body as intake_round
from tests.trust.apps import concrete, headers_for, service_app

# Every paginated list (limit/offset query) of every service.
LISTS = [
    ("intake", "/rounds/{round_id}/proposals", "anonymous"),
    ("intake", "/rounds/{round_id}/hidden-proposals", "official"),
    ("assessment", "/rounds/{round_id}/assessments", "anonymous"),
    ("assessment", "/rounds/{round_id}/assignments", "official"),
    ("assessment", "/rounds/{round_id}/conflicts-of-interest", "official"),
    ("assessment", "/rounds/{round_id}/merge-notices", "official"),
]


@pytest.mark.parametrize(("service", "path", "caller"), LISTS)
def test_an_offset_beyond_any_row_id_is_a_422_not_a_database_overflow(
    service: str, path: str, caller: str, database_url: str
) -> None:
    """An offset past 2^63 used to reach the database and come back as a 500."""
    assert "GET" in {m for (s, m, p) in ACCESS if s == service and p == path}
    with TestClient(service_app(service, database_url)) as client:
        answer = client.get(concrete(path), params={"offset": 2**63}, headers=headers_for(caller))
    assert_problem(answer, 422, "validation")


def test_a_notice_id_beyond_any_row_id_is_a_422_not_a_database_overflow(
    database_url: str,
) -> None:
    """A notice id past 2^31 reached PostgreSQL's integer column and came back as a 500."""
    path = concrete("/rounds/{round_id}/merge-notices/") + f"{2**31}/delivery"
    with TestClient(service_app("assessment", database_url)) as client:
        answer = client.post(path, headers=headers_for("system"))
    assert_problem(answer, 422, "validation")


def test_a_nul_character_in_a_text_is_refused_not_a_500(database_url: str) -> None:
    """PostgreSQL refuses NUL in text columns; that reached the client as a 500. Every
    request text refuses control characters now, on every database."""
    with TestClient(service_app("intake", database_url)) as client:
        body = intake_round(kommun="\x00")
        answer = client.put(
            concrete("/rounds/{round_id}"), json=body, headers=headers_for("system")
        )
    body = assert_problem(answer, 422, "validation")  # refused before any database sees it
    assert [error["field"] for error in body["errors"]] == ["kommun"]
