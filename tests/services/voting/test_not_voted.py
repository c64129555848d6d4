"""The reminder's question: which of these markers have not voted. Voting answers only that
subset, for the workflow's identity only, and a marker is stored once a ballot is."""

from datetime import date

from fastapi.testclient import TestClient

from services.common.auth import Role
from services.common.pseudonym import contact_key, participation_marker
from services.common.settings import DEV_PSEUDONYM_SECRET
from tests.conftest import TokenFactory
from tests.services.helpers import assert_problem
from tests.services.voting.conftest import ROUND, ballot_body, personnummer, token_headers
from tests.services.voting.test_pots import cast, pots

NOT_VOTED = "/rounds/are-2027/participation/not-voted"


def _marker(number: str) -> str:
    digits = number.replace("-", "")
    return participation_marker(
        DEV_PSEUDONYM_SECRET, contact_key(DEV_PSEUDONYM_SECRET, digits), "are-2027"
    )


def test_only_the_markers_without_a_ballot_come_back(
    client: TestClient, open_round: str, system: dict[str, str]
) -> None:
    voter, other = personnummer(date(1990, 1, 1)), personnummer(date(1991, 2, 2))
    cast = client.post(
        f"/rounds/{open_round}/ballots", json={"choices": [1]}, headers=token_headers(voter)
    )
    assert cast.status_code == 201, cast.text
    again = client.post(
        f"/rounds/{open_round}/ballots", json={"choices": [2]}, headers=token_headers(voter)
    )
    assert again.status_code == 200, again.text
    asked = {"markers": [_marker(voter), _marker(other), _marker(other)]}
    answer = client.post(NOT_VOTED, json=asked, headers=system)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"not_voted": [_marker(other)]}


def test_the_question_is_the_workflows_and_bounded(
    client: TestClient, open_round: str, system: dict[str, str], auth: TokenFactory
) -> None:
    one = {"markers": [_marker(personnummer(date(1990, 1, 1)))]}
    assert_problem(client.post(NOT_VOTED, json=one, headers=auth(Role.RESIDENT)), 403)
    assert_problem(client.post(NOT_VOTED, json=one, headers=auth(Role.OFFICIAL)), 403)
    assert_problem(client.post(NOT_VOTED, json={"markers": ["19900101-1234"]}, headers=system), 422)
    many = {"markers": [f"{n:064x}" for n in range(1001)]}
    assert_problem(client.post(NOT_VOTED, json=many, headers=system), 422)


def test_a_ballot_in_a_pot_counts_as_voting_in_the_round(
    client: TestClient, system: dict[str, str]
) -> None:
    """The reminder asks about the round (its workflow knows no pots): a voter who voted in
    one of the round's pots has voted."""
    assert client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(), headers=system).is_success
    assert client.put(f"/rounds/{ROUND}/pots", json={"pots": pots()}, headers=system).is_success
    assert client.post(f"/rounds/{ROUND}/open", headers=system).is_success
    voted, other = personnummer(date(1980, 5, 1), "201"), personnummer(date(1980, 5, 1), "202")
    assert cast(client, "kommun", token_headers(voted), [1]).status_code == 201
    asked = {"markers": [_marker(voted), _marker(other)]}
    answer = client.post(NOT_VOTED, json=asked, headers=system)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"not_voted": [_marker(other)]}
