"""The four ballot types: every constraint checked on cast, with a Swedish and English message.

Ballot of conftest: budget 100 000; costs 1: 60 000, 2: 50 000, 3: 30 000, 4: 10 000.
"""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.services.helpers import assert_problem
from tests.services.voting.conftest import (
    ROUND,
    ballot_body,
    cast,
    open_ballot,
    stored_ballots,
    token_headers,
)

VOTER = token_headers("voter-1")
KNAPSACK = {"ballot_type": "knapsack", "max_choices": None}
CUMULATIVE = {"ballot_type": "cumulative", "max_choices": None, "total_points": 10}
RANKED = {"ballot_type": "ranked", "max_choices": 3}


@pytest.mark.parametrize(
    ("rules", "choices", "extra", "code", "swedish", "english"),
    [
        ({}, [1, 2, 3, 4], {}, "too-many-choices", "högst 3 förslag", "at most 3"),
        ({}, [1, 99], {}, "unknown-project", "99 finns inte", "not on the ballot"),
        ({}, [1], {"points": [1]}, "points-not-allowed", "Poäng delas bara", "cumulative"),
        (KNAPSACK, [1, 2], {}, "over-budget", "110\u00a0000\u00a0kr", "110,000 kr"),
        (
            {**KNAPSACK, "min_spend_percent": 50},
            [3],
            {},
            "under-min-spend",
            "minst 50 % av budgeten (50\u00a0000\u00a0kr)",
            "at least 50%",
        ),
        (CUMULATIVE, [1, 2], {}, "points-mismatch", "antal poäng", "number of points"),
        (CUMULATIVE, [1, 2], {"points": [5]}, "points-mismatch", "antal poäng", "points"),
        (CUMULATIVE, [1, 2], {"points": [6, 5]}, "too-many-points", "delade ut 11", "gave 11"),
        (CUMULATIVE, [1, 2], {"points": [10, 0]}, "points-invalid", "minst 1 poäng", "1 point"),
        (
            {**CUMULATIVE, "max_points_per_project": 4},
            [1, 2],
            {"points": [5, 1]},
            "too-many-points-per-project",
            "högst 4 poäng",
            "at most 4 points",
        ),
        (RANKED, [4, 3, 2, 1], {}, "too-many-choices", "högst 3 förslag", "at most 3"),
        (RANKED, [4, 2], {"points": [2, 1]}, "points-not-allowed", "Poäng", "Points"),
    ],
)
def test_a_ballot_breaking_its_type_rules_is_422_and_explained(
    client: TestClient,
    system: dict[str, str],
    rules: dict[str, Any],
    choices: list[int],
    extra: dict[str, Any],
    code: str,
    swedish: str,
    english: str,
) -> None:
    open_ballot(client, system, **rules)
    problem = assert_problem(cast(client, VOTER, choices, **extra), 422, code)
    assert swedish in problem["detail"]
    assert english in problem["detail"]
    assert stored_ballots(client) == []


@pytest.mark.parametrize(
    ("rules", "choices", "extra", "points"),
    [
        ({}, [4, 1], {}, None),
        (KNAPSACK, [1, 3, 4], {}, None),  # exactly the budget
        ({**KNAPSACK, "min_spend_percent": 50}, [2], {}, None),  # exactly half
        (CUMULATIVE, [2, 4, 1], {"points": [5, 1, 4]}, [5, 1, 4]),
        (CUMULATIVE, [3], {"points": [2]}, [2]),  # fewer points than there are is allowed
        (RANKED, [4, 1, 3], {}, None),  # rank order kept: 4 first
    ],
)
def test_a_ballot_within_its_type_rules_is_stored_as_cast(
    client: TestClient,
    system: dict[str, str],
    rules: dict[str, Any],
    choices: list[int],
    extra: dict[str, Any],
    points: list[int] | None,
) -> None:
    open_ballot(client, system, **rules)
    answer = cast(client, VOTER, choices, **extra)
    assert answer.status_code == 201, answer.text
    [ballot] = stored_ballots(client)
    assert (ballot.choices, ballot.points, ballot.channel) == (choices, points, "online")


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"max_choices": None}, "max_choices krävs för röstsedeltypen approval"),
        ({**RANKED, "max_choices": None}, "max_choices krävs för röstsedeltypen ranked"),
        ({**CUMULATIVE, "total_points": None}, "total_points krävs"),
        ({"min_spend_percent": 40}, "min_spend_percent gäller bara"),
        ({**KNAPSACK, "total_points": 5}, "gäller bara cumulative"),
        ({**KNAPSACK, "min_spend_percent": 101}, "100"),
    ],
)
def test_a_ballot_definition_with_limits_that_do_not_fit_its_type_is_422(
    client: TestClient, system: dict[str, str], rules: dict[str, Any], message: str
) -> None:
    answer = client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(**rules), headers=system)
    assert message in assert_problem(answer, 422, "validation")["detail"]


@pytest.mark.parametrize(
    "change",
    [
        {"max_choices": 4},
        {"ballot_type": "knapsack", "max_choices": None},
        {"eligibility": {"min_age": 18}},
        {"eligibility": {"companies": True}},
        {"electorate": 5_000},
    ],
)
def test_no_rule_changes_once_voting_has_opened(
    client: TestClient, system: dict[str, str], change: dict[str, Any]
) -> None:
    open_ballot(client, system)
    answer = client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(**change), headers=system)
    assert_problem(answer, 409, "ballot-frozen")
    ballot = client.get(f"/rounds/{ROUND}/ballot").json()
    assert (ballot["ballot_type"], ballot["max_choices"], ballot["electorate"]) == (
        "approval",
        3,
        None,
    )
    assert ballot["eligibility"] == {
        "min_age": None,
        "kommun": None,
        "areas": [],
        "companies": False,
    }


def test_rules_changed_before_opening_are_the_ones_voters_meet(
    client: TestClient, system: dict[str, str]
) -> None:
    client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(max_choices=1), headers=system)
    assert_problem(cast(client, VOTER, [1, 2]), 409, "voting-not-open")
    open_ballot(client, system, max_choices=2)
    assert cast(client, VOTER, [1, 2]).status_code == 201
