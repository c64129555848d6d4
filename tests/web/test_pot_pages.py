"""A round with pots on the pages: the round page lists the pots with budgets, the ballot page
offers the voter the pots they may vote in and takes a ballot in one, the result per pot."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role, issue_token
from services.common.settings import PlatformSettings
from services.voting.main import create_app as create_voting
from services.voting.settings import VotingSettings
from tests.services.voting.conftest import ROUND, ballot_body, personnummer, stored_ballots
from tests.services.voting.test_pots import cast, pots, voter
from tests.web.in_process import csrf, decision_service, sign_in_as, web_client

INTAKE_POTS = [
    {"id": "kommun", "name": "Hela kommunen", "max_proposal_cost": 60_000, "budget": 60_000},
    {
        "id": "norr",
        "name": "Norr",
        "area": "jarpen",
        "max_proposal_cost": 40_000,
        "budget": 40_000,
    },
]
VOTER = personnummer(date(1980, 5, 17))
SYSTEM = {"Authorization": f"Bearer {issue_token(PlatformSettings(), 'wf', [Role.SYSTEM])}"}


@pytest.fixture
def voting(tmp_path: Path) -> Iterator[TestClient]:
    app = create_voting(VotingSettings(database_url=f"sqlite:///{tmp_path}/voting.db"))
    with TestClient(app) as service:
        assert service.put(f"/rounds/{ROUND}/ballot", json=ballot_body(), headers=SYSTEM)
        answer = service.put(f"/rounds/{ROUND}/pots", json={"pots": pots()}, headers=SYSTEM)
        assert answer.status_code == 200, answer.text
        assert service.post(f"/rounds/{ROUND}/open", headers=SYSTEM).is_success
        yield service


@pytest.fixture
def web(database_url: str, voting: TestClient, tmp_path: Path) -> Iterator[TestClient]:
    decision = decision_service(tmp_path, ROUND)
    apps: dict[str, Any] = {"voting.test": voting.app, "decision.test": decision.app}
    with web_client(database_url, apps=apps, round_changes={"pots": INTAKE_POTS}) as client:
        yield client


def test_the_round_page_lists_the_pots_with_budgets(web: TestClient) -> None:
    page = web.get(f"/omgangar/{ROUND}").text
    assert "<h2>Potter</h2>" in page
    assert "Hela kommunen" in page and "Norr" in page
    assert "40\u00a0000\u00a0kr" in page and "de som bor i kommundelen" in page


def test_the_voter_chooses_a_pot_and_votes_in_it(web: TestClient, voting: TestClient) -> None:
    sign_in_as(web, Role.RESIDENT, VOTER, area="norr", kommun="Åre")
    choice = web.get(f"/omgangar/{ROUND}/rosta").text
    assert f"/omgangar/{ROUND}/rosta?pott=kommun" in choice
    assert f"/omgangar/{ROUND}/rosta?pott=norr" in choice
    path = f"/omgangar/{ROUND}/rosta?pott=norr"
    token = csrf(web, path)
    form = {"csrf_token": token, "choice": ["3"], "points-3": "10", "action": "vote"}
    answer = web.post(path, data=form)
    assert answer.status_code == 303, answer.text
    assert "/kvitto?kod=" in answer.headers["location"]
    assert [row.round_id for row in stored_ballots(voting)] == [f"{ROUND}~norr"]


def test_a_voter_of_another_district_is_offered_only_the_kommun_pot(web: TestClient) -> None:
    sign_in_as(web, Role.RESIDENT, VOTER, area="soder")
    choice = web.get(f"/omgangar/{ROUND}/rosta").text
    assert "?pott=kommun" in choice and "?pott=norr" not in choice


def test_the_results_page_shows_each_pot(web: TestClient, voting: TestClient) -> None:
    assert voting.post(f"/rounds/{ROUND}/close", headers=SYSTEM).is_success
    assert voting.post(f"/rounds/{ROUND}/tally", headers=SYSTEM).is_success
    page = web.get(f"/omgangar/{ROUND}/resultat").text
    assert "Resultatet per pott" in page and "greedy-threshold" in page


def test_a_pot_without_a_feasible_proposal_has_no_ballot_and_funds_nothing(
    database_url: str, voting: TestClient, tmp_path: Path
) -> None:
    """Söder is one of the round's pots, but none of its proposals was feasible: voting has
    no ballot for it (the ballot activity sends none), the voter is not offered it and the
    results say that nothing is funded from it."""
    soder = {"id": "soder", "name": "Söder", "area": "soder", "max_proposal_cost": 10_000}
    apps: dict[str, Any] = {
        "voting.test": voting.app,
        "decision.test": decision_service(tmp_path, ROUND).app,
    }
    changes = {"pots": [*INTAKE_POTS, {**soder, "budget": 10_000}]}
    with web_client(database_url, apps=apps, round_changes=changes) as web:
        sign_in_as(web, Role.RESIDENT, VOTER, area="soder")
        choice = web.get(f"/omgangar/{ROUND}/rosta").text
        assert "?pott=kommun" in choice and "?pott=soder" not in choice
        assert voting.post(f"/rounds/{ROUND}/close", headers=SYSTEM).is_success
        assert voting.post(f"/rounds/{ROUND}/tally", headers=SYSTEM).is_success
        page = web.get(f"/omgangar/{ROUND}/resultat").text
        sentence = "Inget förslag i potten Söder var genomförbart."
        assert sentence in page and "inget finansieras ur den" in page
        assert "Inget förslag i potten Norr" not in page


def test_the_results_count_a_person_voting_in_two_pots_once(
    web: TestClient, voting: TestClient
) -> None:
    assert cast(voting, "kommun", voter(1, "norr"), [1]).is_success
    assert cast(voting, "norr", voter(1, "norr"), [3], points=[10]).is_success
    assert voting.post(f"/rounds/{ROUND}/close", headers=SYSTEM).is_success
    assert voting.post(f"/rounds/{ROUND}/tally", headers=SYSTEM).is_success
    page = web.get(f"/omgangar/{ROUND}/resultat").text
    assert "<dt>Röster</dt><dd>2</dd>" in page
    assert "<dt>Röstande</dt><dd>1 " in page
    # The projects are listed under their pot.
    link = f'href="/omgangar/{ROUND}/forslag/'
    kommun, norr = page.index('id="pott-kommun"'), page.index('id="pott-norr"')
    assert kommun < page.index(f'{link}1"') < page.index(f'{link}2"') < norr
    assert norr < page.index(f'{link}3"') and norr < page.index(f'{link}4"')
