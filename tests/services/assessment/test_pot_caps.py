"""Each pot has its own cap per proposal (issue 19): a proposal's assessed cost is checked
against its pot's cap, not the round's."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.assessment.helpers import (
    PROPOSAL_IDS,
    ROUND_ID,
    assign,
    feasible,
    round_body,
)
from tests.services.helpers import assert_problem

# Proposal 3 in the kommun-wide pot (cap 300 000), 1 and 2 in Norr (cap 50 000).
POTS = [
    {"pot": "kommun", "name": "Hela kommunen", "max_proposal_cost": 300_000},
    {"pot": "norr", "name": "Norr", "max_proposal_cost": 50_000},
]
PROPOSAL_POTS = [
    {"proposal_id": 3, "pot": "kommun"},
    {"proposal_id": 1, "pot": "norr"},
    {"proposal_id": 2, "pot": "norr"},
]


def _pots_round(client: TestClient, auth: TokenFactory, **changes: Any) -> None:
    body = round_body(max_proposal_cost=300_000, pots=POTS, proposal_pots=PROPOSAL_POTS, **changes)
    answer = client.put(f"/rounds/{ROUND_ID}", json=body, headers=auth(Role.SYSTEM))
    assert answer.status_code == 200, answer.text
    assign(client, auth, PROPOSAL_IDS)


def test_a_district_proposal_over_its_pots_cap_is_refused_though_the_round_allows_it(
    client: TestClient, auth: TokenFactory
) -> None:
    _pots_round(client, auth)
    assessor = auth(Role.ASSESSOR)
    path = f"/rounds/{ROUND_ID}/assessments/1"
    over = client.put(path, json=feasible(cost=60_000), headers=assessor)
    body = assert_problem(over, 422, "validation")
    assert [error["field"] for error in body["errors"]] == ["cost"]
    assert "pottens (Norr)" in body["detail"] and "50\u00a0000\u00a0kr" in body["detail"]
    assert client.get(path).status_code == 404
    # At the pot's cap it is feasible.
    assert client.put(path, json=feasible(cost=50_000), headers=assessor).status_code == 200


def test_the_kommun_wide_pots_proposal_keeps_within_its_own_cap(
    client: TestClient, auth: TokenFactory
) -> None:
    _pots_round(client, auth)
    assessor = auth(Role.ASSESSOR)
    path = f"/rounds/{ROUND_ID}/assessments/3"
    assert client.put(path, json=feasible(cost=250_000), headers=assessor).status_code == 200
    over = client.put(path, json=feasible(cost=300_001), headers=assessor)
    assert "pottens (Hela kommunen)" in assert_problem(over, 422, "validation")["detail"]


def test_registering_again_moves_a_proposal_to_another_pot(
    client: TestClient, auth: TokenFactory
) -> None:
    _pots_round(client, auth)
    moved = [{**entry, "pot": "kommun"} for entry in PROPOSAL_POTS]
    body = round_body(max_proposal_cost=300_000, pots=POTS, proposal_pots=moved)
    assert client.put(f"/rounds/{ROUND_ID}", json=body, headers=auth(Role.SYSTEM)).is_success
    answer = client.put(
        f"/rounds/{ROUND_ID}/assessments/1", json=feasible(cost=60_000), headers=auth(Role.ASSESSOR)
    )
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize(
    "change",
    [
        {"proposal_pots": [{"proposal_id": 1, "pot": "soder"}]},  # a pot the round lacks
        {"proposal_pots": [{"proposal_id": 99, "pot": "norr"}]},  # not registered
        {"proposal_pots": [{"proposal_id": 1, "pot": "norr"}] * 2},  # twice
        {"pots": [POTS[0], POTS[0]]},  # a pot twice
        {"pots": [{**POTS[1], "max_proposal_cost": 0}]},
        {"pots": [{**POTS[1], "pot": "Norr!"}]},
    ],
)
def test_pots_that_do_not_hold_are_422_and_nothing_is_stored(
    client: TestClient, auth: TokenFactory, change: dict[str, Any]
) -> None:
    body = round_body(pots=POTS, proposal_pots=PROPOSAL_POTS) | change
    answer = client.put(f"/rounds/{ROUND_ID}", json=body, headers=auth(Role.SYSTEM))
    assert_problem(answer, 422)
    assert (
        client.get(f"/rounds/{ROUND_ID}/progress", headers=auth(Role.OFFICIAL)).status_code == 404
    )
