"""The ballot: set while ready, frozen once open, opened and closed idempotently."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.helpers import PROBLEM_JSON
from tests.services.voting.conftest import ROUND, ballot_body


def test_put_ballot_creates_a_ready_ballot(client: TestClient, system: dict[str, str]) -> None:
    answer = client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(), headers=system)
    assert answer.status_code == 200
    ballot = answer.json()
    assert ballot["round_id"] == ROUND
    assert ballot["status"] == "ready"
    assert ballot["budget"] == 100_000
    assert ballot["max_choices"] == 3
    assert ballot["ballot_count"] == 0
    assert [p["project_id"] for p in ballot["projects"]] == [1, 2, 3, 4]
    assert client.get(f"/rounds/{ROUND}/ballot").json() == ballot


def test_times_are_returned_in_utc_with_an_offset(
    client: TestClient, system: dict[str, str]
) -> None:
    body = ballot_body(opens_at="2027-05-01T08:00:00+02:00", closes_at="2027-05-31T20:00:00+02:00")
    ballot = client.put(f"/rounds/{ROUND}/ballot", json=body, headers=system).json()
    assert datetime.fromisoformat(ballot["opens_at"]) == datetime(2027, 5, 1, 6, tzinfo=UTC)
    assert datetime.fromisoformat(ballot["closes_at"]).utcoffset() == timedelta(0)


def test_ballot_can_be_replaced_while_ready(client: TestClient, system: dict[str, str]) -> None:
    client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(), headers=system)
    smaller = ballot_body(budget=50_000, projects=[{"project_id": 9, "cost": 5_000}])
    answer = client.put(f"/rounds/{ROUND}/ballot", json=smaller, headers=system)
    assert answer.status_code == 200
    assert answer.json()["budget"] == 50_000
    assert answer.json()["projects"] == [{"project_id": 9, "cost": 5_000}]


def test_changing_an_open_ballot_is_refused_but_an_identical_repeat_is_not(
    client: TestClient, system: dict[str, str], open_round: str
) -> None:
    changed = client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(budget=1), headers=system)
    assert changed.status_code == 409
    assert changed.headers["content-type"] == PROBLEM_JSON
    assert changed.json()["type"].endswith("/ballot-frozen")
    ballot = client.get(f"/rounds/{ROUND}/ballot").json()
    assert ballot["budget"] == 100_000
    same = {k: ballot[k] for k in ballot_body()} | {"projects": ballot["projects"][::-1]}
    repeat = client.put(f"/rounds/{ROUND}/ballot", json=same, headers=system)
    assert repeat.status_code == 200
    assert repeat.json()["status"] == "open"


def test_open_and_close_are_idempotent(client: TestClient, system: dict[str, str]) -> None:
    client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(), headers=system)
    opened = [client.post(f"/rounds/{ROUND}/open", headers=system) for _ in range(2)]
    assert [a.status_code for a in opened] == [200, 200]
    assert opened[0].json() == opened[1].json()
    assert opened[0].json()["status"] == "open"
    closed = [client.post(f"/rounds/{ROUND}/close", headers=system) for _ in range(2)]
    assert [a.json() for a in closed] == [{"round_id": ROUND, "ballot_count": 0}] * 2
    reopened = client.post(f"/rounds/{ROUND}/open", headers=system)
    assert reopened.json()["status"] == "closed"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/ballot"),
        ("POST", "/open"),
        ("POST", "/close"),
        ("POST", "/tally"),
        ("GET", "/results"),
    ],
)
def test_unknown_round_is_404(
    client: TestClient, system: dict[str, str], method: str, path: str
) -> None:
    answer = client.request(method, f"/rounds/nowhere-1{path}", headers=system)
    assert answer.status_code == 404
    assert answer.headers["content-type"] == PROBLEM_JSON
    assert answer.json()["type"].endswith("/ballot-not-found")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"budget": 0}, "budget"),
        ({"budget": 10.5}, "budget"),
        ({"budget": 10**13}, "budget"),
        ({"max_choices": 2**31}, "max_choices"),
        ({"projects": [{"project_id": 2**31, "cost": 5}]}, "projects.0.project_id"),
        ({"projects": [{"project_id": 1, "cost": 10**13}]}, "projects.0.cost"),
        ({"ballot_type": "borda"}, "ballot_type"),
        ({"max_choices": 0}, "max_choices"),
        ({"projects": []}, "projects"),
        ({"projects": [{"project_id": 1, "cost": 0}]}, "projects.0.cost"),
        ({"projects": [{"project_id": 0, "cost": 5}]}, "projects.0.project_id"),
        ({"projects": [{"project_id": 1, "cost": 5}, {"project_id": 1, "cost": 6}]}, "begäran"),
        ({"closes_at": "2020-01-01T00:00:00+00:00"}, "begäran"),
        ({"opens_at": "2027-05-01T08:00:00"}, "opens_at"),
    ],
)
def test_invalid_ballot_is_422_and_nothing_is_stored(
    client: TestClient, system: dict[str, str], change: dict[str, Any], field: str
) -> None:
    answer = client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(**change), headers=system)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == PROBLEM_JSON
    assert field in [e["field"] for e in answer.json()["errors"]]
    assert client.get(f"/rounds/{ROUND}/ballot").status_code == 404


def test_malformed_round_id_is_422(client: TestClient, system: dict[str, str]) -> None:
    answer = client.put("/rounds/Åre 2027/ballot", json=ballot_body(), headers=system)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == PROBLEM_JSON


@pytest.mark.parametrize(
    ("method", "path"), [("PUT", "/ballot"), ("POST", "/open"), ("POST", "/close")]
)
def test_workflow_endpoints_need_the_system_role(
    client: TestClient, auth: TokenFactory, method: str, path: str
) -> None:
    url = f"/rounds/{ROUND}{path}"
    anonymous = client.request(method, url, json=ballot_body())
    official = client.request(method, url, json=ballot_body(), headers=auth(Role.OFFICIAL))
    assert anonymous.status_code == 401
    assert official.status_code == 403
    assert official.headers["content-type"] == PROBLEM_JSON


def test_repeated_put_with_the_same_idempotency_key_replays_the_first_answer(
    client: TestClient, system: dict[str, str]
) -> None:
    headers = {**system, "Idempotency-Key": f"{ROUND}:voting.ballot"}
    body = ballot_body()
    first = client.put(f"/rounds/{ROUND}/ballot", json=body, headers=headers)
    client.post(f"/rounds/{ROUND}/open", headers=system)
    second = client.put(f"/rounds/{ROUND}/ballot", json=body, headers=headers)
    assert second.status_code == 200
    assert second.json() == first.json()
    assert second.headers["idempotent-replayed"] == "true"
