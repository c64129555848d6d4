"""Archiving a cancelled round: one shared endpoint in every service, and afterwards every
write to the round is refused with a Swedish 409 while reading still works."""

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.assessment.main import create_app as assessment_app
from services.assessment.settings import AssessmentSettings
from services.common import archive_guard
from services.common.archive import find_archive
from services.common.auth import Role
from services.decision.main import create_app as decision_app
from services.decision.settings import DecisionSettings
from services.intake.main import create_app as intake_app
from services.intake.settings import IntakeSettings
from services.voting.main import create_app as voting_app
from services.voting.settings import VotingSettings
from tests.conftest import TokenFactory
from tests.services.helpers import assert_problem
from tests.services.intake.helpers import round_body
from tests.services.voting.conftest import ballot_body

APPS: dict[str, Callable[[str], FastAPI]] = {
    "intake": lambda url: intake_app(IntakeSettings(database_url=url)),
    "assessment": lambda url: assessment_app(AssessmentSettings(database_url=url)),
    "voting": lambda url: voting_app(VotingSettings(database_url=url)),
    "decision": lambda url: decision_app(DecisionSettings(database_url=url)),
}
ROUND = "are-2027"
ARCHIVE = {"reason": "Fullmäktige drog in anslaget.", "archived_by": "Olof Ägare"}


@pytest.fixture(params=list(APPS))
def client(request: pytest.FixtureRequest, database_url: str) -> Iterator[TestClient]:
    with TestClient(APPS[request.param](database_url)) as client:
        yield client


def _archive(client: TestClient, auth: TokenFactory, key: str | None = None) -> Any:
    headers = auth(Role.SYSTEM) | ({"Idempotency-Key": key} if key else {})
    return client.post(f"/rounds/{ROUND}/archive", json=ARCHIVE, headers=headers)


def test_an_archived_round_refuses_every_write_in_swedish(
    client: TestClient, auth: TokenFactory
) -> None:
    first = _archive(client, auth, key=f"{ROUND}:archive")
    again = _archive(client, auth)

    assert first.status_code == 200, first.text
    assert first.json() | {"archived_at": None} == {
        "round_id": ROUND,
        **ARCHIVE,
        "archived_at": None,
    }
    assert again.json() == first.json()
    for method, path in [("PUT", ""), ("POST", "/close"), ("PUT", "/ballot"), ("POST", "/x")]:
        headers = auth(Role.SYSTEM) | {"Idempotency-Key": f"{ROUND}:{method}{path}"}
        answer = client.request(method, f"/rounds/{ROUND}{path}", json={}, headers=headers)
        body = assert_problem(answer, 409, "round-archived")
        assert "avbruten och arkiverad" in body["detail"]
        assert ARCHIVE["reason"] in body["detail"]
        assert body["archived_by"] == "Olof Ägare"
    assert client.get(f"/rounds/{ROUND}/archive").json() == first.json()


def test_other_rounds_and_reading_are_not_affected(client: TestClient, auth: TokenFactory) -> None:
    _archive(client, auth)

    assert_problem(client.get("/rounds/sundsvall-2027/archive"), 404, "round-not-archived")
    other = client.put("/rounds/sundsvall-2027", json={}, headers=auth(Role.SYSTEM))
    assert other.status_code in (404, 405, 422), other.text  # reached the service's own rules
    assert client.get("/health").status_code == 200


def test_only_the_workflow_archives_with_a_reason(client: TestClient, auth: TokenFactory) -> None:
    url = f"/rounds/{ROUND}/archive"
    assert_problem(client.post(url, json=ARCHIVE, headers=auth(Role.OFFICIAL)), 403)
    short = {"reason": "x", "archived_by": "Olof"}
    assert_problem(client.post(url, json=short, headers=auth(Role.SYSTEM)), 422, "validation")
    assert_problem(client.get(url), 404, "round-not-archived")


def test_an_open_intake_round_stops_taking_proposals(database_url: str, auth: TokenFactory) -> None:
    with TestClient(APPS["intake"](database_url)) as client:
        opened = client.put(f"/rounds/{ROUND}", json=round_body(), headers=auth(Role.SYSTEM))
        assert opened.status_code == 200, opened.text
        _archive(client, auth)
        proposal = {"title": "Julmarknad", "description": "En marknad i december."}
        answer = client.post(
            f"/rounds/{ROUND}/proposals", json=proposal, headers=auth(Role.RESIDENT)
        )
        assert_problem(answer, 409, "round-archived")
        assert client.get(f"/rounds/{ROUND}").status_code == 200


def test_open_voting_stops_taking_ballots(database_url: str, auth: TokenFactory) -> None:
    """Casts meet the guard like every write; archiving also closes the ballot in the same
    transaction, so a cast already past the guard is refused by the group commit's check."""
    with TestClient(APPS["voting"](database_url)) as client:
        system = auth(Role.SYSTEM)
        assert client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(), headers=system).is_success
        assert client.post(f"/rounds/{ROUND}/open", headers=system).is_success
        voter = auth(Role.RESIDENT, subject="voter-1")
        cast = {"choices": [1]}
        assert client.post(f"/rounds/{ROUND}/ballots", json=cast, headers=voter).is_success
        assert _archive(client, auth).status_code == 200
        refused = client.post(f"/rounds/{ROUND}/ballots", json=cast, headers=voter)
        assert_problem(refused, 409, "round-archived")
        assert client.get(f"/rounds/{ROUND}/ballot").json()["status"] == "closed"
        paper = client.post(
            f"/rounds/{ROUND}/paper-ballots", json={"choices": [1]}, headers=auth(Role.OFFICIAL)
        )
        assert_problem(paper, 409, "round-archived")


def test_the_guard_looks_a_round_up_once_a_second_not_per_write(
    database_url: str, auth: TokenFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two replicas on one database: the archiving one refuses at once; the other, which has
    seen the round open, refuses once its second of trust is up."""
    lookups: list[str] = []

    def counted(engine: Any, round_id: str) -> Any:
        lookups.append(round_id)
        return find_archive(engine, round_id)

    monkeypatch.setattr(archive_guard, "find_archive", counted)
    with (
        TestClient(APPS["intake"](database_url)) as one,
        TestClient(APPS["intake"](database_url)) as other,
    ):
        writes = [c.put(f"/rounds/{ROUND}", json=round_body(), headers=auth(Role.SYSTEM))
                  for c in (one, other, one, other, one)]  # fmt: skip
        assert all(w.status_code == 200 for w in writes), writes[0].text
        assert lookups == [ROUND, ROUND]  # once per replica
        assert _archive(one, auth).status_code == 200
        put = {"json": round_body(), "headers": auth(Role.SYSTEM)}
        assert_problem(one.put(f"/rounds/{ROUND}", **put), 409, "round-archived")
        deadline = time.monotonic() + 3
        while other.put(f"/rounds/{ROUND}", **put).status_code != 409:
            assert time.monotonic() < deadline, "the other replica still takes writes"
            time.sleep(0.1)
