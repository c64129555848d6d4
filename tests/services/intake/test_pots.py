"""Proposals in a round with pots: each names a pot the round has, a district pot's proposal
concerns that district and keeps within that pot's cap; a refused one is not stored."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.helpers import assert_problem
from tests.services.intake.helpers import ROUND_ID, proposal_body, round_body, submit

POTS = [
    {"id": "kommun", "name": "Hela kommunen", "max_proposal_cost": 400_000},
    {"id": "jarpen", "name": "Järpen", "area": "jarpen", "max_proposal_cost": 50_000},
]


@pytest.fixture
def resident(auth: TokenFactory) -> dict[str, str]:
    return auth(Role.RESIDENT, subject="19121212-1212")


def open_round(client: TestClient, auth: TokenFactory, pots: list[dict[str, Any]]) -> None:
    body = round_body(pots=pots)
    answer = client.put(f"/rounds/{ROUND_ID}", json=body, headers=auth(Role.SYSTEM))
    assert answer.status_code == 200, answer.text


def test_the_round_lists_its_pots_and_a_proposal_names_one(
    client: TestClient, auth: TokenFactory, resident: dict[str, str]
) -> None:
    open_round(client, auth, POTS)
    assert [pot["id"] for pot in client.get(f"/rounds/{ROUND_ID}").json()["pots"]] == [
        "kommun",
        "jarpen",
    ]
    district = submit(client, resident, pot="jarpen", area=None)
    assert (district["pot"], district["area"]) == ("jarpen", "jarpen")
    # No pot named: the kommun-wide pot, which needs no area.
    assert submit(client, resident)["pot"] == "kommun"
    assert submit(client, resident, area=None)["pot"] == "kommun"
    listed = client.get(f"/rounds/{ROUND_ID}/proposals").json()["items"]
    assert sorted(item["pot"] for item in listed) == ["jarpen", "kommun", "kommun"]


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"pot": "duved"}, "pot", "Potten 'duved' finns inte"),
        ({"pot": "jarpen", "area": "are-by"}, "area", "gäller kommundelen jarpen"),
        ({"pot": "jarpen", "area": None, "cost_estimate": 60_000}, "cost_estimate", "Järpen"),
    ],
)
def test_a_proposal_for_a_pot_it_does_not_fit_is_refused_and_not_stored(
    client: TestClient,
    auth: TokenFactory,
    resident: dict[str, str],
    changes: dict[str, Any],
    field: str,
    fragment: str,
) -> None:
    open_round(client, auth, POTS)
    path = f"/rounds/{ROUND_ID}/proposals"
    answer = client.post(path, json=proposal_body(**changes), headers=resident)
    errors = {e["field"]: e["message"] for e in assert_problem(answer, 422)["errors"]}
    assert fragment in errors[field]
    assert client.get(path).json()["total"] == 0


def test_only_district_pots_mean_every_proposal_names_one(
    client: TestClient, auth: TokenFactory, resident: dict[str, str]
) -> None:
    open_round(client, auth, POTS[1:])
    answer = client.post(f"/rounds/{ROUND_ID}/proposals", json=proposal_body(), headers=resident)
    errors = {e["field"]: e["message"] for e in assert_problem(answer, 422)["errors"]}
    assert "Välj vilken pott" in errors["pot"]


def test_a_round_without_pots_takes_no_pot(
    client: TestClient, auth: TokenFactory, resident: dict[str, str]
) -> None:
    open_round(client, auth, [])
    assert "pots" not in client.get(f"/rounds/{ROUND_ID}").json()
    assert "pot" not in submit(client, resident)
    answer = client.post(
        f"/rounds/{ROUND_ID}/proposals", json=proposal_body(pot="kommun"), headers=resident
    )
    assert_problem(answer, 422)
