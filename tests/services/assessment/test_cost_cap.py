"""An assessed cost stays within the round's cap per proposal (issue 18 finding 7: an assessor
set 10^12 kr in a round capped at 150 000 kr)."""

from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.assessment.helpers import (
    PROPOSAL_IDS,
    ROUND_ID,
    assign,
    feasible,
    rejected,
    round_body,
)
from tests.services.helpers import assert_problem

CAP = 150_000


def _capped_round(client: TestClient, auth: TokenFactory) -> None:
    body = round_body(max_proposal_cost=CAP)
    answer = client.put(f"/rounds/{ROUND_ID}", json=body, headers=auth(Role.SYSTEM))
    assert answer.status_code == 200, answer.text
    assign(client, auth, PROPOSAL_IDS)


def test_a_feasible_cost_over_the_cap_is_refused_and_nothing_is_stored(
    client: TestClient, auth: TokenFactory
) -> None:
    _capped_round(client, auth)
    assessor = auth(Role.ASSESSOR)
    path = f"/rounds/{ROUND_ID}/assessments/1"
    over = client.put(path, json=feasible(cost=10**12), headers=assessor)
    body = assert_problem(over, 422, "validation")
    assert [error["field"] for error in body["errors"]] == ["cost"]
    assert "150\u00a0000\u00a0kr" in body["detail"]
    assert client.get(path).status_code == 404


def test_the_cap_itself_and_a_rejection_of_a_dearer_proposal_are_accepted(
    client: TestClient, auth: TokenFactory
) -> None:
    _capped_round(client, auth)
    assessor = auth(Role.ASSESSOR)
    at_cap = client.put(
        f"/rounds/{ROUND_ID}/assessments/1", json=feasible(cost=CAP), headers=assessor
    )
    reason = "Kostar mer än omgångens tak per förslag."
    dearer = client.put(
        f"/rounds/{ROUND_ID}/assessments/2", json=rejected(public_reason=reason), headers=assessor
    )
    assert at_cap.status_code == dearer.status_code == 200, dearer.text


def test_the_cap_must_be_a_positive_whole_number(client: TestClient, auth: TokenFactory) -> None:
    for cap in (0, True, "150000"):
        answer = client.put(
            f"/rounds/{ROUND_ID}", json=round_body(max_proposal_cost=cap), headers=auth(Role.SYSTEM)
        )
        assert_problem(answer, 422, "validation")
