"""Tally and results: counted once after close, stored, and explained project by project."""

import hashlib
import json

from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.helpers import PROBLEM_JSON
from tests.services.voting.conftest import ROUND, ballot_body


def ballots_hash(ballots: list[list[int]]) -> str:
    """The documented fingerprint of approval ballots, computed here independently of the
    engine: sha256 of the compact JSON of the sorted list of each ballot's sorted choices."""
    canonical = sorted(sorted(choices) for choices in ballots)
    return hashlib.sha256(json.dumps(canonical, separators=(",", ":")).encode()).hexdigest()


# Ballot of conftest: budget 100 000; costs 1: 60 000, 2: 50 000, 3: 30 000, 4: 10 000.
BALLOTS = {"a": [1, 2], "b": [1, 3], "c": [2, 3], "d": [1], "e": [2, 4], "f": [4]}


def _vote_and_close(client: TestClient, auth: TokenFactory, system: dict[str, str]) -> None:
    for subject, choices in BALLOTS.items():
        client.post(
            f"/rounds/{ROUND}/ballots",
            json={"choices": [1] if subject == "f" else choices},
            headers=auth(Role.RESIDENT, subject=subject),
        )
    # f changes its mind: only the last ballot counts.
    client.post(
        f"/rounds/{ROUND}/ballots", json={"choices": [4]}, headers=auth(Role.RESIDENT, subject="f")
    )
    assert client.post(f"/rounds/{ROUND}/close", headers=system).json()["ballot_count"] == 6


def test_tally_counts_by_votes_then_cost_and_skips_what_does_not_fit(
    client: TestClient, auth: TokenFactory, system: dict[str, str], open_round: str
) -> None:
    _vote_and_close(client, auth, system)
    answer = client.post(f"/rounds/{ROUND}/tally", headers=system)
    assert answer.status_code == 200
    result = answer.json()
    # votes 1: 3, 2: 3, 3: 2, 4: 2. Ties go to the cheaper project: 2 (50 000) is funded,
    # then 1 (60 000) no longer fits, 4 (10 000) and 3 (30 000) do: 90 000 in all.
    assert result["selected"] == [2, 4, 3]
    assert result["total_cost"] == 90_000
    assert [
        (p["project_id"], p["votes"], p["selected"], p["reason"]) for p in result["projects"]
    ] == [
        (2, 3, True, "vald"),
        (1, 3, False, "ryms inte i budgeten"),
        (4, 2, True, "vald"),
        (3, 2, True, "vald"),
    ]
    assert result["rule"] == "greedy"
    assert result["rule_version"] == "greedy/1"
    assert result["budget"] == 100_000
    assert result["ballot_count"] == 6
    final = [*[c for s, c in BALLOTS.items() if s != "f"], [4]]
    assert result["ballots_hash"] == ballots_hash(final)
    assert client.get(f"/rounds/{ROUND}/results").json() == result


def test_tally_is_stored_and_repeats_give_the_same_result(
    client: TestClient, auth: TokenFactory, system: dict[str, str], open_round: str
) -> None:
    _vote_and_close(client, auth, system)
    first = client.post(f"/rounds/{ROUND}/tally", headers=system).json()
    again = client.post(f"/rounds/{ROUND}/tally", headers=system).json()
    assert again == first


def test_tally_before_close_is_409(
    client: TestClient, system: dict[str, str], open_round: str
) -> None:
    answer = client.post(f"/rounds/{ROUND}/tally", headers=system)
    assert answer.status_code == 409
    assert answer.headers["content-type"] == PROBLEM_JSON
    assert answer.json()["type"].endswith("/voting-not-closed")


def test_results_are_hidden_until_tallied(
    client: TestClient, system: dict[str, str], open_round: str
) -> None:
    client.post(f"/rounds/{ROUND}/close", headers=system)
    answer = client.get(f"/rounds/{ROUND}/results")
    assert answer.status_code == 409
    assert answer.headers["content-type"] == PROBLEM_JSON
    assert answer.json()["type"].endswith("/results-not-published")


def test_round_without_ballots_is_counted_by_cost_like_plain_greedy(
    client: TestClient, system: dict[str, str], open_round: str
) -> None:
    client.post(f"/rounds/{ROUND}/close", headers=system)
    result = client.post(f"/rounds/{ROUND}/tally", headers=system).json()
    assert result["ballot_count"] == 0
    # No votes anywhere: the cheapest projects fit first (4, 3, 2), then 1 does not.
    assert result["selected"] == [4, 3, 2]
    assert result["ballots_hash"] == ballots_hash([])


def test_tally_needs_the_system_role(
    client: TestClient, auth: TokenFactory, system: dict[str, str], open_round: str
) -> None:
    client.post(f"/rounds/{ROUND}/close", headers=system)
    assert client.post(f"/rounds/{ROUND}/tally").status_code == 401
    assert client.post(f"/rounds/{ROUND}/tally", headers=auth(Role.OFFICIAL)).status_code == 403
    assert client.get(f"/rounds/{ROUND}/results").status_code == 409


def test_city_sized_sums_are_counted_without_overflow(
    client: TestClient, auth: TokenFactory, system: dict[str, str]
) -> None:
    projects = [{"project_id": 1, "cost": 5 * 10**9}, {"project_id": 2, "cost": 10**12}]
    body = ballot_body(budget=10**12, projects=projects)
    client.put(f"/rounds/{ROUND}/ballot", json=body, headers=system)
    client.post(f"/rounds/{ROUND}/open", headers=system)
    client.post(f"/rounds/{ROUND}/ballots", json={"choices": [2]}, headers=auth(Role.RESIDENT))
    client.post(f"/rounds/{ROUND}/close", headers=system)
    result = client.post(f"/rounds/{ROUND}/tally", headers=system).json()
    assert result["selected"] == [2]
    assert result["total_cost"] == 10**12
    assert result["projects"][1]["reason"] == "ryms inte i budgeten"
