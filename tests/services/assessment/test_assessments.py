"""Assessments: recorded and revised by assessors, and the signal when the last one arrives."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from services.assessment.models import Assessment
from services.assessment.routes import assessments
from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.assessment.helpers import feasible, rejected, round_body
from tests.services.helpers import RecordingSignaler, assert_problem

COMPLETE = ("are-2027", "assessment_complete", None)


def _put(
    client: TestClient, headers: dict[str, str], proposal_id: int, body: dict[str, Any]
) -> dict[str, Any]:
    answer = client.put(f"/rounds/are-2027/assessments/{proposal_id}", json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.OFFICIAL])
def test_an_assessment_is_recorded_and_can_be_revised(
    client: TestClient, auth: TokenFactory, open_round: str, role: Role
) -> None:
    before = datetime.now(UTC)
    first = _put(client, auth(role), 2, feasible(cost=25_000))
    revised = _put(client, auth(role), 2, rejected())

    assert first == {
        "proposal_id": 2,
        "feasible": True,
        "cost": 25_000,
        "public_reason": "Uppfyller kriterierna.",
        "assessed_at": first["assessed_at"],
    }
    assert datetime.fromisoformat(first["assessed_at"]) >= before
    assert (revised["feasible"], revised["cost"]) == (False, None)
    assert datetime.fromisoformat(revised["assessed_at"]) >= datetime.fromisoformat(
        first["assessed_at"]
    )
    listed = client.get(f"/rounds/{open_round}/assessments").json()
    assert listed["items"] == [revised]
    progress = client.get(f"/rounds/{open_round}/progress").json()
    assert (progress["assessed"], progress["feasible"]) == (1, 0)


def test_a_rejected_proposal_may_keep_its_cost_estimate(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    answer = _put(client, auth(Role.ASSESSOR), 1, rejected(cost=9_000_000))

    assert (answer["feasible"], answer["cost"]) == (False, 9_000_000)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"feasible": True, "public_reason": "Bra förslag."}, "cost"),
        (feasible(cost=None), "cost"),
        (feasible(cost=0), "cost"),
        (feasible(cost=-100), "cost"),
        (feasible(cost=100.5), "cost"),
        (rejected(cost=0), "cost"),
        (feasible(public_reason="ok"), "public_reason"),
        (feasible(public_reason="      "), "public_reason"),
        (feasible(public_reason="x" * 2001), "public_reason"),
        ({"cost": 100, "public_reason": "Bra förslag."}, "feasible"),
        (feasible(feasible="kanske"), "feasible"),
    ],
)
def test_invalid_assessments_are_refused_with_the_field_named(
    client: TestClient, auth: TokenFactory, open_round: str, body: dict[str, Any], field: str
) -> None:
    answer = client.put(
        f"/rounds/{open_round}/assessments/1", json=body, headers=auth(Role.ASSESSOR)
    )

    problem = assert_problem(answer, 422, "validation")
    assert [e["field"] for e in problem["errors"]] == [field]
    assert client.get(f"/rounds/{open_round}/assessments").json()["total"] == 0


def test_assessing_needs_an_assessor_or_official(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    url = f"/rounds/{open_round}/assessments/1"

    assert_problem(client.put(url, json=feasible()), 401, "unauthorized")
    assert_problem(client.put(url, json=feasible(), headers=auth(Role.RESIDENT)), 403)
    assert_problem(client.put(url, json=feasible(), headers=auth(Role.SYSTEM)), 403, "forbidden")


def test_only_registered_proposals_in_known_rounds_can_be_assessed(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    headers = auth(Role.ASSESSOR)

    not_registered = client.put(
        f"/rounds/{open_round}/assessments/4", json=feasible(), headers=headers
    )
    unknown_round = client.put("/rounds/okand/assessments/1", json=feasible(), headers=headers)
    bad_id = client.put(f"/rounds/{open_round}/assessments/0", json=feasible(), headers=headers)

    assert_problem(not_registered, 404, "proposal-not-found")
    assert_problem(unknown_round, 404, "round-not-found")
    assert_problem(bad_id, 422, "validation")


def test_the_last_first_assessment_signals_the_workflow_exactly_once(
    client: TestClient, auth: TokenFactory, open_round: str, signaler: RecordingSignaler
) -> None:
    headers = auth(Role.ASSESSOR)
    _put(client, headers, 1, feasible())
    _put(client, headers, 2, rejected())
    _put(client, headers, 1, rejected())
    assert signaler.sent == []

    _put(client, headers, 3, feasible())
    _put(client, headers, 3, rejected())
    _put(client, headers, 1, feasible())

    assert signaler.sent == [COMPLETE]
    assert client.get(f"/rounds/{open_round}/progress").json()["complete"] is True


def test_a_failing_signal_does_not_fail_the_assessment(
    client: TestClient, auth: TokenFactory, open_round: str, caplog: pytest.LogCaptureFixture
) -> None:
    class BrokenSignaler:
        async def signal(self, workflow_id: str, signal: str, payload: Any | None = None) -> None:
            raise ConnectionError("temporal is down")

    client.app.state.signaler = BrokenSignaler()  # type: ignore[attr-defined]
    for proposal_id in (1, 2):
        _put(client, auth(Role.ASSESSOR), proposal_id, feasible())

    last = client.put(
        f"/rounds/{open_round}/assessments/3", json=feasible(), headers=auth(Role.ASSESSOR)
    )

    assert last.status_code == 200
    assert client.get(f"/rounds/{open_round}/progress").json()["complete"] is True
    assert "could not signal assessment_complete" in caplog.text


def test_a_hanging_signal_gives_up_instead_of_keeping_the_assessor_waiting(
    client: TestClient, auth: TokenFactory, open_round: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    class HangingSignaler:
        async def signal(self, workflow_id: str, signal: str, payload: Any | None = None) -> None:
            await asyncio.Event().wait()

    monkeypatch.setattr(assessments, "SIGNAL_TIMEOUT_SECONDS", 0.01)
    client.app.state.signaler = HangingSignaler()  # type: ignore[attr-defined]
    for proposal_id in (1, 2):
        _put(client, auth(Role.ASSESSOR), proposal_id, feasible())

    last = client.put(
        f"/rounds/{open_round}/assessments/3", json=feasible(), headers=auth(Role.ASSESSOR)
    )

    assert last.status_code == 200


def test_a_repeat_with_the_same_idempotency_key_replays_without_signalling_again(
    client: TestClient, auth: TokenFactory, open_round: str, signaler: RecordingSignaler
) -> None:
    _put(client, auth(Role.ASSESSOR), 1, feasible())
    _put(client, auth(Role.ASSESSOR), 2, feasible())
    headers = {**auth(Role.ASSESSOR), "Idempotency-Key": "bedomning-3-a"}

    first = _put(client, headers, 3, feasible())
    repeat = client.put(f"/rounds/{open_round}/assessments/3", json=feasible(), headers=headers)

    assert repeat.headers["idempotent-replayed"] == "true"
    assert repeat.json() == first
    assert signaler.sent == [COMPLETE]
    assert client.get(f"/rounds/{open_round}/assessments").json()["total"] == 3


def test_assessments_are_listed_by_proposal_id_a_page_at_a_time(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    for proposal_id in (3, 1, 2):
        _put(client, auth(Role.ASSESSOR), proposal_id, feasible(cost=proposal_id * 1000))

    page = client.get(f"/rounds/{open_round}/assessments", params={"limit": 2, "offset": 1})

    assert page.status_code == 200
    body = page.json()
    assert (body["total"], body["limit"], body["offset"]) == (3, 2, 1)
    assert [(a["proposal_id"], a["cost"]) for a in body["items"]] == [(2, 2000), (3, 3000)]
    assert_problem(client.get(f"/rounds/{open_round}/assessments?limit=501"), 422)


@pytest.mark.parametrize(
    ("proposal_id", "feasible_", "cost"),
    [(4, False, None), (1, True, None), (1, False, 0)],
)
def test_the_database_refuses_inconsistent_assessments(
    client: TestClient, open_round: str, proposal_id: int, feasible_: bool, cost: int | None
) -> None:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    assessment = Assessment(
        round_id=open_round,
        proposal_id=proposal_id,
        feasible=feasible_,
        cost=cost,
        public_reason="Direkt i databasen.",
        assessed_at=datetime.now(UTC),
    )

    with Session(engine) as session, pytest.raises(IntegrityError):
        session.add(assessment)
        session.commit()


def test_concurrent_last_assessments_signal_exactly_once(
    client: TestClient, auth: TokenFactory, signaler: RecordingSignaler
) -> None:
    proposal_ids = list(range(1, 21))
    client.put("/rounds/are-2027", json=round_body(proposal_ids), headers=auth(Role.SYSTEM))
    headers = auth(Role.ASSESSOR)
    url = "/rounds/are-2027/assessments/{}"

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = [
            pool.submit(client.put, url.format(i), json=feasible(), headers=headers)
            for i in proposal_ids
        ]

    assert [future.result().status_code for future in answers] == [200] * 20
    assert signaler.sent == [COMPLETE]
