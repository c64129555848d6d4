"""What a verdict must hold: a cost split into line items that add up, a public reason for a
rejection, and one verdict per criterion of the round, all met for a feasible proposal."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.assessment.helpers import (
    assess,
    assign,
    feasible,
    rejected,
    round_body,
    verdicts,
)
from tests.services.helpers import assert_problem


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"feasible": True, "criteria": verdicts()}, "cost"),
        (feasible(cost=None), "cost"),
        (feasible(cost=0), "cost"),
        (feasible(cost=-100), "cost"),
        (feasible(cost=100.5), "cost"),
        (rejected(cost=0), "cost"),
        (feasible(cost_items=[]), "cost_items"),
        (feasible(cost_items=[{"description": "Allt", "amount": 39_999}]), "cost_items"),
        (feasible(cost_items=[{"description": "Allt", "amount": 0}]), "cost_items.0.amount"),
        (feasible(cost_items=[{"description": " ", "amount": 40_000}]), "cost_items.0.description"),
        (rejected(cost_items=[{"description": "Allt", "amount": 5}]), "cost_items"),
        (feasible(criteria=verdicts() + verdicts()[:1]), "criteria"),
        (feasible(criteria=[{"criterion_id": "x", "verdict": "kanske"}]), "criteria.0.verdict"),
        (rejected(public_reason="ok"), "public_reason"),
        (rejected(public_reason="      "), "public_reason"),
        (rejected(public_reason=None), "public_reason"),
        (feasible(public_reason="x" * 2001), "public_reason"),
        ({"public_reason": "Bra förslag.", "criteria": verdicts()}, "feasible"),
        (feasible(feasible="kanske"), "feasible"),
    ],
)
def test_invalid_assessments_are_refused_with_the_field_named(
    client: TestClient, auth: TokenFactory, open_round: str, body: dict[str, Any], field: str
) -> None:
    answer = client.put(
        f"/rounds/{open_round}/assessments/1", json=body, headers=auth(Role.ASSESSOR)
    )

    problem = assert_problem(answer, 422, "validation")
    assert [e["field"] for e in problem["errors"]] == [field]
    assert client.get(f"/rounds/{open_round}/assessments").json()["total"] == 0


def test_line_items_that_do_not_add_up_are_explained_in_kronor(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    items = [{"description": "Bänkar", "amount": 30_000}, {"description": "Frakt", "amount": 5_000}]

    answer = client.put(
        f"/rounds/{open_round}/assessments/1",
        json=feasible(cost=40_000, cost_items=items),
        headers=auth(Role.ASSESSOR),
    )

    detail = assert_problem(answer, 422, "validation")["detail"]
    assert "35\u00a0000\u00a0kr" in detail and "40\u00a0000\u00a0kr" in detail


@pytest.mark.parametrize(
    ("body", "field", "fragment"),
    [
        (feasible(criteria=verdicts()[:1]), "criteria", "saknar omdöme om kommunal-mark"),
        (
            feasible(criteria=[*verdicts(), {"criterion_id": "miljo", "verdict": "met"}]),
            "criteria",
            "okända kriterier miljo",
        ),
        (feasible(criteria=verdicts("lokalt-naringsliv")), "feasible", "lokalt-naringsliv"),
    ],
)
def test_every_criterion_of_the_round_gets_a_verdict_and_feasible_meets_them_all(
    client: TestClient,
    auth: TokenFactory,
    open_round: str,
    body: dict[str, Any],
    field: str,
    fragment: str,
) -> None:
    answer = client.put(
        f"/rounds/{open_round}/assessments/1", json=body, headers=auth(Role.ASSESSOR)
    )

    problem = assert_problem(answer, 422, "validation")
    assert [e["field"] for e in problem["errors"]] == [field]
    assert fragment in problem["detail"]
    assert client.get(f"/rounds/{open_round}/assessments").json()["total"] == 0


def test_a_round_without_criteria_takes_verdicts_without_any(
    client: TestClient, auth: TokenFactory
) -> None:
    client.put("/rounds/are-2027", json=round_body(criteria=[]), headers=auth(Role.SYSTEM))
    assign(client, auth, [1])

    answer = assess(client, auth(Role.ASSESSOR), 1, feasible(criteria=[]))

    assert answer["criteria"] == []
