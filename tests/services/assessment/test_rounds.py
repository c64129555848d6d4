"""Assessment rounds: registered, followed and closed by the round workflow (``system``)."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.assessment.helpers import (
    CRITERIA,
    ROUND_ID,
    feasible,
    rejected,
    round_body,
)
from tests.services.helpers import assert_problem


def _progress(client: TestClient, round_id: str = ROUND_ID) -> dict[str, Any]:
    answer = client.get(f"/rounds/{round_id}/progress")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _assess(client: TestClient, auth: TokenFactory, proposal_id: int, body: dict[str, Any]) -> None:
    url = f"/rounds/{ROUND_ID}/assessments/{proposal_id}"
    answer = client.put(url, json=body, headers=auth(Role.ASSESSOR))
    assert answer.status_code == 200, answer.text


def test_put_registers_the_proposals_and_progress_counts_them(
    client: TestClient, auth: TokenFactory
) -> None:
    body = round_body(due_at="2037-05-31T12:00:00+02:00")
    answer = client.put(f"/rounds/{ROUND_ID}", json=body, headers=auth(Role.SYSTEM))

    expected = {
        "round_id": ROUND_ID,
        "status": "open",
        "due_at": "2037-05-31T10:00:00Z",
        "total": 3,
        "assessed": 0,
        "feasible": 0,
        "rejected": 0,
        "merged": 0,
        "unassigned": 3,
        "overdue": 0,
        "complete": False,
        "pending_assessors": [],
    }
    assert answer.status_code == 200
    assert answer.json() == expected
    assert _progress(client) == expected


def test_put_again_is_harmless_and_may_replace_unassessed_proposals(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    _assess(client, auth, 1, feasible())
    url = f"/rounds/{open_round}"

    same = client.put(url, json=round_body(), headers=auth(Role.SYSTEM))
    replaced = client.put(url, json=round_body([1, 4]), headers=auth(Role.SYSTEM))

    assert (same.json()["total"], same.json()["assessed"]) == (3, 1)
    assert (replaced.json()["total"], replaced.json()["assessed"]) == (2, 1)
    listed = client.get(f"/rounds/{open_round}/assessments").json()["items"]
    assert [a["proposal_id"] for a in listed] == [1]
    assess_removed = client.put(
        f"/rounds/{open_round}/assessments/2", json=feasible(), headers=auth(Role.ASSESSOR)
    )
    assert_problem(assess_removed, 404, "proposal-not-found")


def test_a_removed_proposal_takes_its_assignments_and_declarations_along(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    client.post(
        f"/rounds/{open_round}/proposals/3/conflict-of-interest",
        json={"reason": "Min syster föreslog det."},
        headers=auth(Role.ASSESSOR, subject="eva"),
    )

    answer = client.put(f"/rounds/{open_round}", json=round_body([1]), headers=auth(Role.SYSTEM))

    assert answer.status_code == 200, answer.text
    listed = client.get(f"/rounds/{open_round}/assignments", headers=auth(Role.OFFICIAL))
    assert [a["proposal_id"] for a in listed.json()["items"]] == [1]
    declared = client.get(
        f"/rounds/{open_round}/conflicts-of-interest", headers=auth(Role.OFFICIAL)
    )
    assert declared.json()["items"] == []


def test_put_may_not_remove_an_assessed_proposal(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    _assess(client, auth, 2, rejected())

    answer = client.put(
        f"/rounds/{open_round}", json=round_body([1, 3, 4]), headers=auth(Role.SYSTEM)
    )

    body = assert_problem(answer, 409, "assessed-proposal-removed")
    assert "2" in body["detail"]
    progress = _progress(client)
    assert (progress["total"], progress["assessed"]) == (3, 1)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (round_body([1, 2, 1]), "proposal_ids"),
        (round_body([0]), "proposal_ids.0"),
        (round_body([1, 2**31]), "proposal_ids.1"),
        (round_body(due_at="2027-05-31T12:00:00"), "due_at"),
        ({"kommun": "Åre", "due_at": "2027-05-31T12:00:00Z"}, "proposal_ids"),
        (round_body(kommun=""), "kommun"),
        (round_body(criteria=[CRITERIA[0], CRITERIA[0]]), "criteria"),
        (round_body(criteria=[{"id": "Miljö", "text": "Bra för miljön."}]), "criteria.0.id"),
        (round_body(criteria=[{"id": "miljo", "text": ""}]), "criteria.0.text"),
    ],
)
def test_put_rejects_invalid_registrations(
    client: TestClient, auth: TokenFactory, body: dict[str, Any], field: str
) -> None:
    answer = client.put(f"/rounds/{ROUND_ID}", json=body, headers=auth(Role.SYSTEM))

    problem = assert_problem(answer, 422, "validation")
    assert [e["field"] for e in problem["errors"]] == [field]
    assert_problem(client.get(f"/rounds/{ROUND_ID}/progress"), 404, "round-not-found")


def test_put_rejects_round_ids_that_are_not_workflow_ids(
    client: TestClient, auth: TokenFactory
) -> None:
    answer = client.put("/rounds/Åre", json=round_body(), headers=auth(Role.SYSTEM))

    assert_problem(answer, 422, "validation")


def test_the_workflow_endpoints_require_the_system_role(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    url = f"/rounds/{open_round}"

    assert_problem(client.put(url, json=round_body()), 401, "unauthorized")
    assert_problem(client.put(url, json=round_body(), headers=auth(Role.ASSESSOR)), 403)
    assert_problem(client.post(f"{url}/close"), 401, "unauthorized")
    assert_problem(client.post(f"{url}/close", headers=auth(Role.OFFICIAL)), 403, "forbidden")
    assert _progress(client)["status"] == "open"


def test_unknown_rounds_are_404(client: TestClient, auth: TokenFactory) -> None:
    assert_problem(client.get("/rounds/okand/progress"), 404, "round-not-found")
    assert_problem(client.get("/rounds/okand/assessments"), 404, "round-not-found")
    assert_problem(client.post("/rounds/okand/close", headers=auth(Role.SYSTEM)), 404)


def test_close_is_refused_while_a_proposal_lacks_an_assessment(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    _assess(client, auth, 1, feasible())

    answer = client.post(f"/rounds/{open_round}/close", headers=auth(Role.SYSTEM))

    body = assert_problem(answer, 409, "assessment-incomplete")
    assert body["missing_proposal_ids"] == [2, 3]
    assert _progress(client)["status"] == "open"


def test_close_lists_the_feasible_proposals_by_id_and_is_repeatable(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    _assess(client, auth, 3, feasible(cost=30_000))
    _assess(client, auth, 2, rejected())
    _assess(client, auth, 1, feasible(cost=10_000))

    first = client.post(f"/rounds/{open_round}/close", headers=auth(Role.SYSTEM))
    again = client.post(f"/rounds/{open_round}/close", headers=auth(Role.SYSTEM))

    assert first.status_code == 200
    assert first.json() == {
        "round_id": open_round,
        "feasible": [{"proposal_id": 1, "cost": 10_000}, {"proposal_id": 3, "cost": 30_000}],
        "feasible_count": 2,
        "rejected_count": 1,
        "merged_count": 0,
    }
    assert again.status_code == 200
    assert again.json() == first.json()
    assert _progress(client)["status"] == "closed"
    candidates = client.get(f"/rounds/{open_round}/ballot-candidates").json()
    assert candidates == {**first.json(), "final": True}


def test_a_closed_round_cannot_be_changed(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    for proposal_id in (1, 2, 3):
        _assess(client, auth, proposal_id, feasible())
    client.post(f"/rounds/{open_round}/close", headers=auth(Role.SYSTEM))

    reregister = client.put(f"/rounds/{open_round}", json=round_body(), headers=auth(Role.SYSTEM))
    revise = client.put(
        f"/rounds/{open_round}/assessments/1", json=rejected(), headers=auth(Role.ASSESSOR)
    )

    assert_problem(reregister, 409, "assessment-closed")
    assert_problem(revise, 409, "assessment-closed")
    assert client.get(f"/rounds/{open_round}/assessments").json()["items"][0]["feasible"] is True


def test_a_round_without_proposals_is_complete_and_closes_empty(
    client: TestClient, auth: TokenFactory
) -> None:
    put = client.put(f"/rounds/{ROUND_ID}", json=round_body([]), headers=auth(Role.SYSTEM))
    close = client.post(f"/rounds/{ROUND_ID}/close", headers=auth(Role.SYSTEM))

    assert put.json()["complete"] is True
    assert close.json() == {
        "round_id": ROUND_ID,
        "feasible": [],
        "feasible_count": 0,
        "rejected_count": 0,
        "merged_count": 0,
    }


def test_a_repeated_put_with_the_same_idempotency_key_gets_the_first_answer(
    client: TestClient, auth: TokenFactory
) -> None:
    headers = {**auth(Role.SYSTEM), "Idempotency-Key": f"{ROUND_ID}:start-assessment"}
    body = round_body()

    first = client.put(f"/rounds/{ROUND_ID}", json=body, headers=headers)
    repeat = client.put(f"/rounds/{ROUND_ID}", json=body, headers=headers)

    assert first.status_code == repeat.status_code == 200
    assert repeat.headers["idempotent-replayed"] == "true"
    assert repeat.json() == first.json()
    assert _progress(client)["total"] == 3
