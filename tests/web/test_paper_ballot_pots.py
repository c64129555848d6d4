"""Paper ballots in a round with pots: the official chooses the pot the voter's ballot is for,
enters it on that pot's ballot, and a voter of two pots is registered once in each."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.services.voting.conftest import ROUND, stored_ballots
from tests.web.in_process import csrf, sign_in_as, web_client
from tests.web.test_paper_ballot_page import ADULT
from tests.web.test_pot_pages import voting as voting

PAGE = f"/omgangar/{ROUND}/pappersroster"


@pytest.fixture
def official(database_url: str, voting: TestClient) -> Iterator[TestClient]:
    with web_client(database_url, apps={"voting.test": voting.app}) as client:  # type: ignore[dict-item]
        sign_in_as(client, Role.OFFICIAL, "official-1")
        yield client


def _entry(token: str, **changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "csrf_token": token,
        "polling_place": "Åre bibliotek",
        "voter": ADULT,
        "area": "norr",
        "action": "enter",
    }
    return form | changes


def test_the_official_chooses_the_pot_then_enters_the_ballot_in_it(
    official: TestClient,
    voting: TestClient,
) -> None:
    choice = official.get(f"{PAGE}?lokal=Åre+bibliotek")
    assert choice.status_code == 200, choice.text
    assert "pott=kommun&amp;lokal=%C3%85re+bibliotek" in choice.text
    assert "pott=norr" in choice.text and 'name="voter"' not in choice.text

    page = official.get(f"{PAGE}?pott=kommun").text
    assert "Pott: <strong>Hela kommunen</strong>" in page and 'name="voter"' in page
    token = csrf(official, f"{PAGE}?pott=kommun")
    answer = official.post(f"{PAGE}?pott=kommun", data=_entry(token, choice=["1"]))
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert "pott=kommun" in location and "kvitto=" in location
    assert "Pappersrösten är registrerad" in official.get(location).text

    # The same voter in Norr's pot, with its own (cumulative) ballot.
    norr = f"{PAGE}?pott=norr"
    answer = official.post(norr, data=_entry(token, choice=["3"], **{"points-3": "10"}))
    assert answer.status_code == 303, answer.text
    assert sorted(row.round_id for row in stored_ballots(voting)) == [
        f"{ROUND}~kommun",
        f"{ROUND}~norr",
    ]
