"""Turnout counted per person, not per ballot (issue 19): someone who votes in two pots is one
voter with two ballots in the round's turnout; each pot's figure stays its own ballots."""

from fastapi.testclient import TestClient

from tests.services.helpers import assert_problem
from tests.services.voting.conftest import ROUND, ballot_body
from tests.services.voting.test_pots import cast, pots, voter


def test_a_person_voting_in_two_pots_counts_once_in_the_rounds_turnout(
    client: TestClient, system: dict[str, str]
) -> None:
    body = ballot_body(electorate=10)
    assert client.put(f"/rounds/{ROUND}/ballot", json=body, headers=system).is_success
    answer = client.put(f"/rounds/{ROUND}/pots", json={"pots": pots()}, headers=system)
    assert answer.status_code == 200, answer.text
    assert client.post(f"/rounds/{ROUND}/open", headers=system).is_success
    # Voters 1 and 2 of Norr vote in both pots, 3 only in the kommun pot: 5 ballots, 3 people.
    for number in (1, 2):
        assert cast(client, "kommun", voter(number, "norr"), [1]).is_success
        assert cast(client, "norr", voter(number, "norr"), [3], points=[10]).is_success
    assert cast(client, "kommun", voter(3), [2]).is_success
    # A repeat ballot in a pot replaces the first: still one person.
    assert cast(client, "kommun", voter(3), [1]).is_success
    assert_problem(client.get(f"/rounds/{ROUND}/statistics"), 409, "statistics-not-published")

    closed = client.post(f"/rounds/{ROUND}/close", headers=system).json()
    assert (closed["ballot_count"], closed["voters"]) == (5, 3)
    statistics = client.get(f"/rounds/{ROUND}/statistics").json()
    assert (statistics["ballot_count"], statistics["voter_count"]) == (5, 3)
    assert (statistics["electorate"], statistics["turnout"]) == (10, 0.3)
    assert statistics["pots"] == [
        {"pot": "kommun", "ballot_count": 3},
        {"pot": "norr", "ballot_count": 2},
    ]
    # Closing again changes nothing.
    again = client.post(f"/rounds/{ROUND}/close", headers=system).json()
    assert again["voters"] == 3


def test_a_round_without_pots_counts_a_voter_per_ballot_as_before(
    client: TestClient, system: dict[str, str]
) -> None:
    body = ballot_body(electorate=4)
    assert client.put(f"/rounds/{ROUND}/ballot", json=body, headers=system).is_success
    assert client.post(f"/rounds/{ROUND}/open", headers=system).is_success
    path = f"/rounds/{ROUND}/ballots"
    assert client.post(path, json={"choices": [1]}, headers=voter(1)).is_success
    closed = client.post(f"/rounds/{ROUND}/close", headers=system).json()
    assert "voters" not in closed and closed["ballot_count"] == 1
    statistics = client.get(f"/rounds/{ROUND}/statistics").json()
    assert (statistics["voter_count"], statistics["turnout"], statistics["pots"]) == (
        1,
        0.25,
        None,
    )
