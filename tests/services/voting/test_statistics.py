"""Participation statistics: hidden until voting closes, then totals, turnout, channel split
(groups by area, age band and channel: test_participation)."""

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.services.helpers import assert_problem
from tests.services.voting.conftest import (
    ROUND,
    cast,
    open_ballot,
    personnummer,
    token_headers,
)


def _paper(client: TestClient, official: dict[str, str], born: date, **ballot: Any) -> None:
    body = {"voter": personnummer(born), "polling_place": "Åre kommunhus", **ballot}
    answer = client.post(f"/rounds/{ROUND}/paper-ballots", json=body, headers=official)
    assert answer.status_code == 201, answer.text


def _statistics(client: TestClient, system: dict[str, str]) -> dict[str, Any]:
    client.post(f"/rounds/{ROUND}/close", headers=system)
    answer = client.get(f"/rounds/{ROUND}/statistics")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_statistics_are_hidden_while_voting_is_open(
    client: TestClient, system: dict[str, str]
) -> None:
    open_ballot(client, system)
    cast(client, token_headers("a"), [1])
    assert_problem(client.get(f"/rounds/{ROUND}/statistics"), 409, "statistics-not-published")


def test_totals_turnout_and_channel_split_after_close(
    client: TestClient, system: dict[str, str], official: dict[str, str]
) -> None:
    open_ballot(client, system, electorate=8)
    for subject, choices in {"a": [1, 2], "b": [2], "c": [2, 4]}.items():
        cast(client, token_headers(subject), choices)
    _paper(client, official, date(1970, 1, 1), choices=[4])
    statistics = _statistics(client, system)
    assert statistics["ballot_count"] == 4
    # Three and one voters are groups too small to show (see test_participation).
    assert statistics["channels"] == {"online": None, "paper": None}
    assert statistics["by_channel"]["suppressed"]
    assert (statistics["electorate"], statistics["turnout"]) == (8, 0.5)
    assert [(p["project_id"], p["ballots"]) for p in statistics["projects"]] == [
        (1, 1),
        (2, 3),
        (3, 0),
        (4, 2),
    ]
    assert all(p["points"] is None and p["first_choices"] is None for p in statistics["projects"])


def test_without_an_electorate_only_ballots_are_counted(
    client: TestClient, system: dict[str, str]
) -> None:
    open_ballot(client, system)
    statistics = _statistics(client, system)
    assert (statistics["ballot_count"], statistics["turnout"]) == (0, None)
    assert statistics["channels"] == {"online": 0, "paper": 0}


@pytest.mark.parametrize(
    ("rules", "ballots", "expected"),
    [
        (
            {"ballot_type": "cumulative", "max_choices": None, "total_points": 10},
            [{"choices": [1, 2], "points": [7, 3]}, {"choices": [2], "points": [10]}],
            {1: (1, 7, None), 2: (2, 13, None), 3: (0, 0, None)},
        ),
        (
            {"ballot_type": "ranked", "max_choices": 3},
            [{"choices": [3, 1]}, {"choices": [1, 3, 2]}, {"choices": [3]}],
            {1: (2, None, 1), 2: (1, None, 0), 3: (3, None, 2)},
        ),
    ],
)
def test_points_and_first_places_are_totalled_for_their_ballot_types(
    client: TestClient,
    system: dict[str, str],
    rules: dict[str, Any],
    ballots: list[dict[str, Any]],
    expected: dict[int, tuple[int, int | None, int | None]],
) -> None:
    open_ballot(client, system, **rules)
    for index, ballot in enumerate(ballots):
        answer = cast(client, token_headers(f"v{index}"), **ballot)
        assert answer.status_code == 201, answer.text
    projects = {p["project_id"]: p for p in _statistics(client, system)["projects"]}
    for project_id, (named, points, first) in expected.items():
        assert (
            projects[project_id]["ballots"],
            projects[project_id]["points"],
            projects[project_id]["first_choices"],
        ) == (named, points, first)


def test_residents_and_companies_are_counted_apart(
    client: TestClient, system: dict[str, str]
) -> None:
    open_ballot(client, system, eligibility={"companies": True})
    for number in range(5):
        cast(client, token_headers(f"resident-{number}"), [1])
    for number, organisationsnummer in enumerate(["556000-0001", "556677-8899"]):
        company = token_headers(
            f"company-{number}", Role.COMPANY, organisationsnummer=organisationsnummer
        )
        assert cast(client, company, [2]).status_code == 201
    by_kind = _statistics(client, system)["by_kind"]
    # Two companies are too few to show; the five residents are hidden with them, or the
    # total would give the companies away.
    assert by_kind == {
        "counts": {"resident": None, "company": None, "unknown": 0},
        "suppressed": True,
    }
