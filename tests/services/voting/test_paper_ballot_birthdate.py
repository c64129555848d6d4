"""A paper ballot's birth date is a date a voter can have (issue 18 finding 7: 0001-01-01 was
accepted); nothing is stored when it is not."""

import pytest
from fastapi.testclient import TestClient

from tests.services.helpers import assert_problem
from tests.services.voting.conftest import ROUND, open_ballot, stored_ballots
from tests.services.voting.test_paper_ballots import PLACE, VOTER


@pytest.mark.parametrize("birthdate", ["0001-01-01", "1899-12-31", "9999-12-31"])
def test_a_birth_date_out_of_reach_is_refused_beside_the_field(
    client: TestClient, system: dict[str, str], official: dict[str, str], birthdate: str
) -> None:
    open_ballot(client, system)
    body = {"voter": VOTER, "choices": [1], "polling_place": PLACE, "birthdate": birthdate}
    answer = client.post(f"/rounds/{ROUND}/paper-ballots", json=body, headers=official)
    problem = assert_problem(answer, 422, "validation")
    assert [error["field"] for error in problem["errors"]] == ["birthdate"]
    assert stored_ballots(client) == []
