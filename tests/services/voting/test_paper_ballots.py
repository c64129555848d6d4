"""Paper ballots entered by officials: the same rules, and a paper ballot is final."""

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
    stored_ballots,
    token_headers,
)

VOTER = personnummer(date(1985, 3, 14))
PLACE = "Järpens bibliotek"


def _enter(client: TestClient, official: dict[str, str], choices: list[int], **extra: Any) -> Any:
    body = {"voter": VOTER, "choices": choices, "polling_place": PLACE, **extra}
    return client.post(f"/rounds/{ROUND}/paper-ballots", json=body, headers=official)


def test_an_official_enters_a_paper_ballot_and_the_voter_gets_a_receipt(
    client: TestClient, system: dict[str, str], official: dict[str, str]
) -> None:
    open_ballot(client, system)
    answer = _enter(client, official, [2, 4])
    assert answer.status_code == 201, answer.text
    [ballot] = stored_ballots(client)
    assert (ballot.choices, ballot.channel, ballot.polling_place) == ([2, 4], "paper", PLACE)
    assert ballot.receipt == answer.json()["receipt"]
    assert client.get(f"/rounds/{ROUND}/receipts/{ballot.receipt}").json()["counted"] is True


def test_a_paper_ballot_blocks_a_later_online_ballot_and_the_voter_is_told(
    client: TestClient, system: dict[str, str], official: dict[str, str]
) -> None:
    open_ballot(client, system)
    _enter(client, official, [1])
    online = cast(client, token_headers(VOTER.replace("-", "")), [2])
    problem = assert_problem(online, 409, "paper-ballot-exists")
    assert "Du har redan röstat på papper" in problem["detail"]
    assert "already voted on paper" in problem["detail"]
    assert [(b.choices, b.channel) for b in stored_ballots(client)] == [([1], "paper")]


def test_a_paper_ballot_replaces_an_earlier_online_one(
    client: TestClient, system: dict[str, str], official: dict[str, str]
) -> None:
    open_ballot(client, system)
    online = cast(client, token_headers(VOTER), [1]).json()
    paper = _enter(client, official, [3])
    assert paper.status_code == 200
    assert paper.json()["replaced"] is True
    assert [(b.choices, b.channel) for b in stored_ballots(client)] == [([3], "paper")]
    old = client.get(f"/rounds/{ROUND}/receipts/{online['receipt']}").json()
    assert old["counted"] is False


def test_a_second_paper_ballot_for_the_same_voter_is_refused(
    client: TestClient, system: dict[str, str], official: dict[str, str]
) -> None:
    open_ballot(client, system)
    _enter(client, official, [1])
    problem = assert_problem(_enter(client, official, [2]), 409, "paper-ballot-exists")
    assert "redan en pappersröst" in problem["detail"]
    assert [b.choices for b in stored_ballots(client)] == [[1]]


@pytest.mark.parametrize(
    ("extra", "status", "code"),
    [
        ({"choices": [1, 2, 3, 4]}, 422, "too-many-choices"),
        ({"polling_place": ""}, 422, "validation"),
        ({"voter": personnummer(date(2015, 1, 1))}, 403, "not-eligible"),
        ({"kommun": "Östersund"}, 403, "not-eligible"),
        ({"voter": "556000-0001", "voter_kind": "company"}, 403, "not-eligible"),
    ],
)
def test_paper_ballots_follow_the_same_rules(
    client: TestClient,
    system: dict[str, str],
    official: dict[str, str],
    extra: dict[str, Any],
    status: int,
    code: str,
) -> None:
    open_ballot(client, system, eligibility={"min_age": 16, "kommun": "Åre"})
    answer = _enter(client, official, **{"choices": [1], "kommun": "Åre", **extra})
    assert_problem(answer, status, code)
    assert stored_ballots(client) == []


def test_a_mistyped_personnummer_names_the_field(
    client: TestClient, system: dict[str, str], official: dict[str, str]
) -> None:
    open_ballot(client, system)
    problem = assert_problem(_enter(client, official, [1], voter="19850314-0000"), 422)
    assert problem["errors"][0]["field"] == "voter"
    assert "kontrollsiffra" in problem["errors"][0]["message"]


def test_the_voters_number_in_another_scripts_digits_is_not_a_second_voter(
    client: TestClient, system: dict[str, str], official: dict[str, str]
) -> None:
    """The same digits in Arabic-Indic script once made a second pseudonym: a second ballot."""
    open_ballot(client, system)
    assert _enter(client, official, [1]).status_code == 201
    arabic = VOTER.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    problem = assert_problem(_enter(client, official, [2], voter=arabic), 422)
    assert problem["errors"][0]["field"] == "voter"
    assert len(stored_ballots(client)) == 1


def test_only_officials_enter_paper_ballots(client: TestClient, system: dict[str, str]) -> None:
    open_ballot(client, system)
    assert _enter(client, token_headers(VOTER), [1]).status_code == 403
    assert _enter(client, token_headers("x", Role.SYSTEM), [1]).status_code == 403
    assert stored_ballots(client) == []


def test_paper_ballots_are_refused_once_voting_has_closed(
    client: TestClient, system: dict[str, str], official: dict[str, str]
) -> None:
    open_ballot(client, system)
    client.post(f"/rounds/{ROUND}/close", headers=system)
    assert_problem(_enter(client, official, [1]), 409, "voting-not-open")
