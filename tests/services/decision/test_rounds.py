"""The decision round and the records the workflow writes to it (PUT, role system)."""

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from services.common.indicators import DEFAULT_INDICATORS
from tests.conftest import TokenFactory
from tests.services.decision.conftest import ROUND, TALLY
from tests.services.helpers import PROBLEM_JSON

ROUND_BODY = {"title": "Medborgarbudget 2027", "kommun": "Åre", "budget": 100_000}


def test_registered_round_starts_with_nothing_recorded(
    client: TestClient, system: dict[str, str]
) -> None:
    answer = client.put(f"/rounds/{ROUND}", json=ROUND_BODY, headers=system)
    assert answer.status_code == 200
    assert answer.json() == {
        "round_id": ROUND,
        **ROUND_BODY,
        "indicators": [i.model_dump() for i in DEFAULT_INDICATORS],  # none set: the defaults
        "ballot_approval": None,
        "recommendation": None,
        "council_decision": None,
        "evaluation": None,
        "projects": [],
        "mandate": None,
    }
    assert client.get(f"/rounds/{ROUND}").json() == answer.json()


def test_registering_again_updates_the_round(
    client: TestClient, system: dict[str, str], registered: str
) -> None:
    changed = {**ROUND_BODY, "budget": 120_000}
    assert client.put(f"/rounds/{ROUND}", json=changed, headers=system).json()["budget"] == 120_000
    assert client.get(f"/rounds/{ROUND}").json()["budget"] == 120_000


def test_budget_of_a_large_city_fits(client: TestClient, system: dict[str, str]) -> None:
    body = {**ROUND_BODY, "budget": 10**12}
    assert client.put(f"/rounds/{ROUND}", json=body, headers=system).json()["budget"] == 10**12


@pytest.mark.parametrize(
    "change",
    [{"budget": 0}, {"budget": 10**13}, {"title": ""}, {"kommun": "x" * 101}, {"budget": "mycket"}],
)
def test_invalid_round_is_422(
    client: TestClient, system: dict[str, str], change: dict[str, Any]
) -> None:
    answer = client.put(f"/rounds/{ROUND}", json={**ROUND_BODY, **change}, headers=system)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == PROBLEM_JSON
    assert client.get(f"/rounds/{ROUND}").status_code == 404


def test_unknown_round_is_404(client: TestClient) -> None:
    answer = client.get("/rounds/nowhere-1")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == PROBLEM_JSON
    assert answer.json()["type"].endswith("/round-not-found")


RECORDS: list[tuple[str, dict[str, Any]]] = [
    ("", ROUND_BODY),
    (
        "/ballot-approval",
        {"approved_by": "Eva Ek", "comment": "", "approved_at": "2027-04-01T10:00:00+02:00"},
    ),
    ("/recommendation", TALLY),
    (
        "/council-decision",
        {
            "approved_project_ids": [2, 4, 3],
            "diarienummer": "KS 2027/123",
            "paragraph": "§ 45",
            "meeting_date": "2027-09-15",
            "recorded_by": "Sara Sekreterare",
            "decided_at": "2027-09-15T18:00:00+02:00",
        },
    ),
    ("/projects/2", {"approved_cost": 50_000, "status": "in_progress"}),
    (
        "/evaluation",
        {
            "status": "submitted",
            "opened_at": "2028-03-01T09:00:00+01:00",
            "deadline": "2028-06-01T09:00:00+02:00",
            "closed_at": "2028-04-01T09:00:00+02:00",
            "summary": "Alla projekt genomfördes.",
            "submitted_by": "Eva Ek",
            "participation": {"proposals": 12, "feasible": 4, "ballots": 6, "projects_done": 3},
        },
    ),
]


@pytest.mark.parametrize(("path", "body"), RECORDS)
def test_records_need_the_system_role(
    client: TestClient, auth: TokenFactory, registered: str, path: str, body: dict[str, Any]
) -> None:
    url = f"/rounds/{ROUND}{path}"
    assert client.put(url, json=body).status_code == 401
    official = client.put(url, json=body, headers=auth(Role.OFFICIAL, Role.COUNCIL_SECRETARY))
    assert official.status_code == 403
    assert official.headers["content-type"] == PROBLEM_JSON


@pytest.mark.parametrize(("path", "body"), RECORDS[1:])
def test_records_for_an_unknown_round_are_404(
    client: TestClient, system: dict[str, str], path: str, body: dict[str, Any]
) -> None:
    answer = client.put(f"/rounds/nowhere-1{path}", json=body, headers=system)
    assert answer.status_code == 404
    assert answer.json()["type"].endswith("/round-not-found")


def test_every_record_is_stored_shown_and_repeatable(
    client: TestClient, system: dict[str, str], registered: str
) -> None:
    answers = {}
    for path, body in RECORDS[1:]:
        first = client.put(f"/rounds/{ROUND}{path}", json=body, headers=system)
        again = client.put(f"/rounds/{ROUND}{path}", json=body, headers=system)
        assert (first.status_code, again.status_code) == (200, 200), first.text
        answers[path] = first.json()
        assert again.json() == first.json()  # a repeat changes nothing, not even updated_at
    shown = client.get(f"/rounds/{ROUND}").json()
    assert shown["ballot_approval"] == answers["/ballot-approval"]
    assert shown["ballot_approval"]["approved_at"].endswith(("+00:00", "Z"))
    assert shown["recommendation"] == answers["/recommendation"]
    assert shown["recommendation"]["selected"] == [2, 4, 3]
    assert shown["council_decision"] == answers["/council-decision"]
    assert shown["council_decision"]["justification"] == ""
    assert datetime.fromisoformat(shown["council_decision"]["decided_at"]) == datetime(
        2027, 9, 15, 16, tzinfo=UTC
    )
    assert shown["evaluation"]["participation"]["ballots"] == 6
    assert shown["projects"] == [answers["/projects/2"]]
    assert shown["projects"][0]["summary"] == ""
    assert shown["projects"][0]["spent"] == 0


def test_project_record_is_overwritten_by_the_next(
    client: TestClient, system: dict[str, str], registered: str
) -> None:
    url = f"/rounds/{ROUND}/projects/2"
    client.put(url, json={"approved_cost": 50_000, "status": "in_progress"}, headers=system)
    done = {"approved_cost": 50_000, "status": "done", "summary": "Klart.", "spent": 48_500}
    answer = client.put(url, json=done, headers=system).json()
    assert {k: answer[k] for k in done} == done
    assert answer["project_id"] == 2
    assert len(client.get(f"/rounds/{ROUND}").json()["projects"]) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"round_id": "other-round"},
        {"selected": [9]},
        {"projects": []},
        {"budget": 0},
        {"projects": [{"project_id": 1, "cost": 0, "votes": 1, "selected": False}]},
    ],
)
def test_invalid_recommendation_is_422_and_not_stored(
    client: TestClient, system: dict[str, str], registered: str, change: dict[str, Any]
) -> None:
    body = {**TALLY, **change}
    answer = client.put(f"/rounds/{ROUND}/recommendation", json=body, headers=system)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == PROBLEM_JSON
    assert client.get(f"/rounds/{ROUND}").json()["recommendation"] is None


def test_recommendation_without_round_id_or_with_extra_fields_is_accepted(
    client: TestClient, system: dict[str, str], registered: str
) -> None:
    body = {k: v for k, v in TALLY.items() if k != "round_id"} | {"tie_break": "cost, id"}
    answer = client.put(f"/rounds/{ROUND}/recommendation", json=body, headers=system)
    assert answer.status_code == 200
    assert answer.json()["round_id"] == ROUND


@pytest.mark.parametrize(
    "body",
    [
        {"approved_cost": 0, "status": "in_progress"},
        {"approved_cost": 5, "status": "paused"},
        {"approved_cost": 5, "status": "done", "spent": -1},
    ],
)
def test_invalid_project_record_is_422(
    client: TestClient, system: dict[str, str], registered: str, body: dict[str, Any]
) -> None:
    answer = client.put(f"/rounds/{ROUND}/projects/2", json=body, headers=system)
    assert answer.status_code == 422
    assert client.get(f"/rounds/{ROUND}").json()["projects"] == []


def test_repeat_with_the_same_idempotency_key_writes_nothing_new(
    client: TestClient, system: dict[str, str], registered: str
) -> None:
    headers = {**system, "Idempotency-Key": f"{ROUND}:project-2-in_progress"}
    body = {"approved_cost": 50_000, "status": "in_progress"}
    first = client.put(f"/rounds/{ROUND}/projects/2", json=body, headers=headers)
    second = client.put(f"/rounds/{ROUND}/projects/2", json=body, headers=headers)
    assert second.json() == first.json()
    assert second.headers["idempotent-replayed"] == "true"
    assert client.get(f"/rounds/{ROUND}").json()["projects"] == [first.json()]


def test_recommendation_is_published_with_certificate_and_explanations(
    client: TestClient, system: dict[str, str], registered: str
) -> None:
    url = f"/rounds/{ROUND}/recommendation"
    assert client.get(url).json()["type"].endswith("/recommendation-not-published")
    certificate = {"ballots_sha256": "ab" * 32, "engine_version": "medborgarbudget-counting/1"}
    projects = [
        {**p, "reason_code": "selected" if p["selected"] else "does-not-fit"}
        for p in TALLY["projects"]
    ]
    body = {
        **TALLY,
        "rule_version": "medborgarbudget-counting/1",
        "certificate": certificate,
        "projects": projects,
    }
    client.put(url, json=body, headers=system)
    published = client.get(url).json()
    assert published["certificate"] == certificate
    assert [p["reason_code"] for p in published["projects"]] == [
        "selected",
        "does-not-fit",
        "selected",
        "selected",
    ]
    assert published["published_at"]
    assert client.get(f"/rounds/{ROUND}").json()["recommendation"] == published


def test_diarium_case_is_kept_with_the_council_decision(
    client: TestClient, system: dict[str, str], registered: str
) -> None:
    url = f"/rounds/{ROUND}/council-decision"
    case = {"case_reference": "KS-DIA-2027-0042", "registered_at": "2027-09-16T08:00:00+02:00"}
    early = client.put(f"{url}/case", json=case, headers=system)
    assert early.status_code == 409 and early.json()["type"].endswith("/no-decision")
    client.put(url, json=RECORDS[3][1], headers=system)
    assert client.put(f"{url}/case", json=case, headers=system).status_code == 200
    client.put(url, json=RECORDS[3][1], headers=system)  # the decision again keeps the case
    shown = client.get(f"/rounds/{ROUND}").json()["council_decision"]
    assert shown["case_reference"] == "KS-DIA-2027-0042"
    assert datetime.fromisoformat(shown["case_registered_at"]) == datetime(
        2027, 9, 16, 6, tzinfo=UTC
    )
