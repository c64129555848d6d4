"""Two ``Authorization`` headers are refused with 400 whatever their order: before, a forged
one then a valid one was accepted or refused depending on who read the headers (the ballot
lane read the last, the routes the first)."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.helpers import assert_problem
from tests.services.intake.helpers import ROUND_ID
from tests.services.voting.conftest import stored_ballots
from tests.trust.apps import service_app
from tests.trust.fuzz_seeds import seed_intake, seed_voting

FORGED = "Bearer not-a-token"


def _twice(valid: dict[str, str], forged_first: bool) -> list[tuple[str, str]]:
    pair = [("authorization", FORGED), ("authorization", valid["Authorization"])]
    return pair if forged_first else pair[::-1]


@pytest.fixture
def voting(database_url: str) -> Iterator[TestClient]:
    with TestClient(service_app("voting", database_url)) as client:
        seed_voting(client)  # Åre's ballot, open, with one ballot cast
        yield client


@pytest.fixture
def intake(database_url: str) -> Iterator[TestClient]:
    with TestClient(service_app("intake", database_url)) as client:
        seed_intake(client)
        yield client


@pytest.mark.parametrize("forged_first", [True, False])
def test_a_ballot_cast_with_two_authorization_headers_is_400(
    voting: TestClient, auth: TokenFactory, forged_first: bool
) -> None:
    voter = auth(Role.RESIDENT, subject="19900101-1234")
    answer = voting.post(
        f"/rounds/{ROUND_ID}/ballots",
        json={"choices": [2]},
        headers=_twice(voter, forged_first),
    )
    assert_problem(answer, 400, "duplicate-authorization")
    assert len(stored_ballots(voting)) == 1


@pytest.mark.parametrize("forged_first", [True, False])
def test_an_official_route_with_two_authorization_headers_is_400(
    intake: TestClient, auth: TokenFactory, forged_first: bool
) -> None:
    answer = intake.put(
        f"/rounds/{ROUND_ID}/proposals/1/hiding",
        json={"reason": "Personangrepp."},
        headers=_twice(auth(Role.OFFICIAL), forged_first),
    )
    assert_problem(answer, 400, "duplicate-authorization")
    assert intake.get(f"/rounds/{ROUND_ID}/proposals/1").json()["status"] != "hidden"
