"""Officials enter paper ballots through the page; the real voting service (in-process) checks
and stores them, and the page hands back the receipt code for the voter."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role, issue_token
from services.common.settings import PlatformSettings
from services.voting.main import create_app as create_voting
from services.voting.settings import VotingSettings
from tests.services.voting.conftest import (
    ROUND,
    ballot_body,
    personnummer,
    stored_ballots,
    token_headers,
)
from tests.web.in_process import csrf, sign_in_as, web_client

PAGE = f"/omgangar/{ROUND}/pappersroster"
ADULT = personnummer(date(1980, 5, 17))


@pytest.fixture
def voting(tmp_path: Path) -> Iterator[TestClient]:
    app = create_voting(VotingSettings(database_url=f"sqlite:///{tmp_path}/voting.db"))
    with TestClient(app) as service:
        yield service


@pytest.fixture
def official(database_url: str, voting: TestClient) -> Iterator[TestClient]:
    """The web front, reaching the voting service in-process, with an official signed in."""
    with web_client(database_url, apps={"voting.test": voting.app}) as client:  # type: ignore[dict-item]
        sign_in_as(client, Role.OFFICIAL, "official-1")
        yield client


def _open(voting: TestClient, **changes: Any) -> None:
    token = issue_token(PlatformSettings(), "worker", [Role.SYSTEM], name="arbetsflöde")
    system = {"Authorization": f"Bearer {token}"}
    body = ballot_body(**changes)
    assert voting.put(f"/rounds/{ROUND}/ballot", json=body, headers=system).is_success
    assert voting.post(f"/rounds/{ROUND}/open", headers=system).is_success


def _entry(token: str, **changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "csrf_token": token,
        "polling_place": "Åre bibliotek",
        "voter": ADULT,
        "choice": ["1", "3"],
        "action": "enter",
    }
    return form | changes


def test_a_paper_ballot_is_entered_and_the_receipt_shown_for_the_next_voter(
    official: TestClient, voting: TestClient
) -> None:
    _open(voting)
    token = csrf(official, PAGE)
    answer = official.post(PAGE, data=_entry(token))
    assert answer.status_code == 303, answer.text
    query = parse_qs(urlsplit(answer.headers["location"]).query)
    code = query["kvitto"][0]
    assert query["lokal"] == ["Åre bibliotek"] and query["ersatt"] == ["0"]

    page = official.get(answer.headers["location"]).text
    assert "Pappersrösten är registrerad" in page and code in page
    assert 'value="Åre bibliotek"' in page  # kept for the next voter
    assert f'value="{ADULT}"' not in page and "checked" not in page  # the rest is empty

    check = voting.get(f"/rounds/{ROUND}/receipts/{code}")
    assert check.status_code == 200 and check.json()["counted"], check.text
    [stored] = stored_ballots(voting)
    assert (stored.channel, stored.polling_place, stored.choices) == (
        "paper",
        "Åre bibliotek",
        [1, 3],
    )


def test_a_paper_ballot_replaces_the_voters_online_ballot_and_says_so(
    official: TestClient, voting: TestClient
) -> None:
    _open(voting)
    online = token_headers(ADULT)  # the identity provider's subject is the personnummer
    cast = voting.post(f"/rounds/{ROUND}/ballots", json={"choices": [2]}, headers=online)
    assert cast.status_code == 201, cast.text
    answer = official.post(PAGE, data=_entry(csrf(official, PAGE)))
    assert answer.status_code == 303, answer.text
    assert "ersatt=1" in answer.headers["location"]
    assert "Den ersatte väljarens digitala röst." in official.get(answer.headers["location"]).text

    again = official.post(PAGE, data=_entry(csrf(official, PAGE), choice=["4"]))
    assert again.status_code == 422
    assert 'id="e-voter"' in again.text and "pappersröst" in again.text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"voter": "19800517-2381"}, "voter", "kontrollsiffra"),
        ({"voter": ""}, "voter", "Ange väljarens personnummer"),
        ({"polling_place": ""}, "polling_place", "Ange röstlokalen."),
        ({"choice": ["1", "2", "3", "4"]}, "choices", "högst 3"),
        ({"choice": []}, "choices", "Välj minst ett förslag."),
    ],
    ids=["luhn", "no-voter", "no-polling-place", "too-many", "none"],
)
def test_a_refused_entry_is_said_beside_its_field_and_nothing_is_stored(
    official: TestClient, voting: TestClient, changes: dict[str, Any], field: str, message: str
) -> None:
    _open(voting)
    answer = official.post(PAGE, data=_entry(csrf(official, PAGE), **changes))
    assert answer.status_code == 422, answer.text
    assert f'id="e-{field}"' in answer.text and f'href="#f-{field}"' in answer.text
    assert message in answer.text
    statistics = voting.get(f"/rounds/{ROUND}/ballot").json()
    assert statistics["ballot_count"] == 0


def test_an_underage_voter_is_refused_beside_the_number(
    official: TestClient, voting: TestClient
) -> None:
    _open(voting, eligibility={"min_age": 16})
    child = personnummer(date.today().replace(year=date.today().year - 10))
    answer = official.post(PAGE, data=_entry(csrf(official, PAGE), voter=child))
    assert answer.status_code == 422
    assert 'id="e-voter"' in answer.text and "16" in answer.text


def test_only_officials_enter_paper_ballots_and_only_while_voting_is_open(
    official: TestClient, voting: TestClient
) -> None:
    closed = official.get(PAGE)
    assert closed.status_code == 200 and "Röstsedeln är inte klar ännu" in closed.text
    _open(voting, eligibility={"companies": True, "areas": ["Centrum", "Duved"]})
    page = official.get(PAGE).text
    assert 'name="voter_kind"' in page and 'name="area"' in page
    assert '<option value="Duved"' in page
    sign_in_as(official, Role.RESIDENT, "bankid-2")
    assert official.get(PAGE).status_code == 403


def test_a_knapsack_entry_is_added_up_before_it_is_recorded(
    official: TestClient, voting: TestClient
) -> None:
    _open(voting, ballot_type="knapsack", max_choices=None)
    entry = _entry(csrf(official, PAGE), choice=["1", "2"], action="preview")
    preview = official.post(PAGE, data=entry)
    assert preview.status_code == 200
    assert 'id="remaining" class="over"' in preview.text  # 110 000 kr of 100 000
    assert f'value="{ADULT}"' in preview.text  # the entry stays as typed
    english = official.get(f"{PAGE}?lang=en").text
    assert "Enter paper ballots" in english and "Polling place" in english
    assert voting.get(f"/rounds/{ROUND}/ballot").json()["ballot_count"] == 0


def test_a_receipt_code_in_the_address_is_shown_only_when_it_counts(
    official: TestClient, voting: TestClient
) -> None:
    _open(voting)
    for code in ("AAAAAAAAAAAAAAAAAAAAAA", "inte-en-kod"):
        page = official.get(f"{PAGE}?kvitto={code}&ersatt=0")
        assert page.status_code == 200 and "Pappersrösten är registrerad" not in page.text
