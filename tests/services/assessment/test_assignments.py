"""Assignments by officials and jäv declarations by assessors: who may assess which proposal."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.assessment.helpers import ROUND_ID, assess, assign, feasible, round_body
from tests.services.helpers import assert_problem

JAV = {"reason": "Min bror har lämnat förslaget."}


@pytest.fixture
def registered(client: TestClient, auth: TokenFactory) -> str:
    """A round with proposals 1, 2 and 3 and nobody assigned yet."""
    client.put(f"/rounds/{ROUND_ID}", json=round_body(), headers=auth(Role.SYSTEM))
    return ROUND_ID


def _declare(client: TestClient, headers: dict[str, str], proposal_id: int) -> Any:
    return client.post(
        f"/rounds/{ROUND_ID}/proposals/{proposal_id}/conflict-of-interest",
        json=JAV,
        headers=headers,
    )


def _assignments(client: TestClient, headers: dict[str, str], **params: Any) -> list[Any]:
    answer = client.get(f"/rounds/{ROUND_ID}/assignments", headers=headers, params=params)
    assert answer.status_code == 200, answer.text
    return [(a["proposal_id"], a["assessor_name"], a["assessed"]) for a in answer.json()["items"]]


def test_officials_assign_and_take_back_proposals(
    client: TestClient, auth: TokenFactory, registered: str
) -> None:
    first = assign(client, auth, [3, 1], subject="bo", name="Bo")
    more = assign(client, auth, [1, 2], subject="bo", name="Bo Bedömare")
    assign(client, auth, [2], subject="eva", name="Eva")
    body = {"assessor_subject": "bo", "assessor_name": "Bo Bedömare", "proposal_ids": [3]}
    left = client.post(
        f"/rounds/{registered}/assignments/removal", json=body, headers=auth(Role.OFFICIAL)
    )

    assert first == {"assessor_name": "Bo", "proposal_ids": [1, 3]}
    assert more == {"assessor_name": "Bo Bedömare", "proposal_ids": [1, 2, 3]}
    assert left.json() == {"assessor_name": "Bo Bedömare", "proposal_ids": [1, 2]}
    assert _assignments(client, auth(Role.OFFICIAL)) == [
        (1, "Bo Bedömare", False),
        (2, "Bo Bedömare", False),
        (2, "Eva", False),
    ]


def test_assessors_see_the_assignments_and_their_own(
    client: TestClient, auth: TokenFactory, registered: str
) -> None:
    assign(client, auth, [1, 2], subject="bo", name="Bo")
    assign(client, auth, [3], subject="eva", name="Eva")
    eva = auth(Role.ASSESSOR, subject="eva")
    assess(client, eva, 3, feasible())

    assert _assignments(client, eva, mine="true") == [(3, "Eva", True)]
    assert len(_assignments(client, eva)) == 3
    page = client.get(
        f"/rounds/{registered}/assignments", headers=eva, params={"limit": 1, "offset": 1}
    )
    assert (page.json()["total"], page.json()["items"][0]["proposal_id"]) == (3, 2)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"assessor_subject": " "}, "assessor_subject"),
        ({"assessor_name": ""}, "assessor_name"),
        ({"proposal_ids": []}, "proposal_ids"),
        ({"proposal_ids": [1, 1]}, "proposal_ids"),
        ({"proposal_ids": [0]}, "proposal_ids.0"),
    ],
)
def test_bad_assignments_are_refused(
    client: TestClient, auth: TokenFactory, registered: str, changes: dict[str, Any], field: str
) -> None:
    body = {"assessor_subject": "bo", "assessor_name": "Bo", "proposal_ids": [1]} | changes

    answer = client.post(
        f"/rounds/{registered}/assignments", json=body, headers=auth(Role.OFFICIAL)
    )

    assert [e["field"] for e in assert_problem(answer, 422, "validation")["errors"]] == [field]


def test_assigning_an_unknown_proposal_assigns_nothing(
    client: TestClient, auth: TokenFactory, registered: str
) -> None:
    body = {"assessor_subject": "bo", "assessor_name": "Bo", "proposal_ids": [1, 7, 9]}

    answer = client.post(
        f"/rounds/{registered}/assignments", json=body, headers=auth(Role.OFFICIAL)
    )

    assert assert_problem(answer, 404, "proposal-not-found")["missing_proposal_ids"] == [7, 9]
    assert _assignments(client, auth(Role.OFFICIAL)) == []


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.RESIDENT, Role.SYSTEM])
def test_only_officials_assign(
    client: TestClient, auth: TokenFactory, registered: str, role: Role
) -> None:
    body = {"assessor_subject": "bo", "assessor_name": "Bo", "proposal_ids": [1]}
    url = f"/rounds/{registered}/assignments"

    assert_problem(client.post(url, json=body, headers=auth(role)), 403, "forbidden")
    assert_problem(client.post(f"{url}/removal", json=body, headers=auth(role)), 403)
    assert_problem(client.post(url, json=body), 401, "unauthorized")
    if role != Role.ASSESSOR:
        assert_problem(client.get(url, headers=auth(role)), 403, "forbidden")


def test_jav_takes_the_assessor_off_the_proposal_and_bars_them_from_it(
    client: TestClient, auth: TokenFactory, registered: str
) -> None:
    assign(client, auth, [1, 2], subject="bo", name="Bo")
    bo = auth(Role.ASSESSOR, subject="bo", name="Bo")

    declared = _declare(client, bo, 1)
    again = _declare(client, bo, 1)
    assess_it = client.put(f"/rounds/{registered}/assessments/1", json=feasible(), headers=bo)
    body = {"assessor_subject": "bo", "assessor_name": "Bo", "proposal_ids": [2, 1]}
    reassign = client.post(
        f"/rounds/{registered}/assignments", json=body, headers=auth(Role.OFFICIAL)
    )

    assert (declared.status_code, again.status_code) == (201, 200)
    assert declared.json() == {
        "proposal_id": 1,
        "assessor_name": "Bo",
        "reason": "Min bror har lämnat förslaget.",
        "declared_at": declared.json()["declared_at"],
    }
    assert again.json() == declared.json()
    problem = assert_problem(assess_it, 403, "conflict-of-interest")
    assert "anmält jäv för förslag 1" in problem["detail"]
    assert "Bo har anmält jäv för förslag 1" in assert_problem(reassign, 409)["detail"]
    assert _assignments(client, auth(Role.OFFICIAL)) == [(2, "Bo", False)]
    listed = client.get(f"/rounds/{registered}/conflicts-of-interest", headers=auth(Role.OFFICIAL))
    assert listed.json()["items"] == [declared.json()]


def test_jav_may_be_declared_before_assignment_and_binds_only_the_declarer(
    client: TestClient, auth: TokenFactory, registered: str
) -> None:
    _declare(client, auth(Role.ASSESSOR, subject="bo"), 2)
    assign(client, auth, [2], subject="eva", name="Eva")

    answer = assess(client, auth(Role.ASSESSOR, subject="eva"), 2, feasible())

    assert answer["proposal_id"] == 2


@pytest.mark.parametrize(
    ("reason", "status"), [({"reason": "x"}, 422), ({"reason": "x" * 1001}, 422), (None, 422)]
)
def test_a_jav_declaration_needs_a_reason(
    client: TestClient, auth: TokenFactory, registered: str, reason: Any, status: int
) -> None:
    answer = client.post(
        f"/rounds/{registered}/proposals/1/conflict-of-interest",
        json=reason,
        headers=auth(Role.ASSESSOR),
    )

    assert_problem(answer, status, "validation")


def test_who_may_declare_and_see_jav(
    client: TestClient, auth: TokenFactory, registered: str
) -> None:
    for role in (Role.OFFICIAL, Role.RESIDENT, Role.SYSTEM):
        assert_problem(_declare(client, auth(role), 1), 403, "forbidden")
    assert_problem(_declare(client, {}, 1), 401)
    assert_problem(_declare(client, auth(Role.ASSESSOR), 9), 404, "proposal-not-found")
    url = f"/rounds/{registered}/conflicts-of-interest"
    assert_problem(client.get(url, headers=auth(Role.ASSESSOR)), 403, "forbidden")
    assert_problem(client.get(url), 401)


def test_no_staffing_changes_after_assessment_closes(
    client: TestClient, auth: TokenFactory
) -> None:
    client.put(f"/rounds/{ROUND_ID}", json=round_body([1]), headers=auth(Role.SYSTEM))
    assign(client, auth, [1])
    assess(client, auth(Role.ASSESSOR), 1, feasible())
    client.post(f"/rounds/{ROUND_ID}/close", headers=auth(Role.SYSTEM))
    body = {"assessor_subject": "eva", "assessor_name": "Eva", "proposal_ids": [1]}

    late = client.post(f"/rounds/{ROUND_ID}/assignments", json=body, headers=auth(Role.OFFICIAL))

    assert_problem(late, 409, "assessment-closed")
    assert_problem(_declare(client, auth(Role.ASSESSOR), 1), 409, "assessment-closed")
