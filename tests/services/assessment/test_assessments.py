"""Verdicts: recorded and revised by assigned assessors, listed for anyone, and the signal when
the last one arrives."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from services.assessment import completion
from services.assessment.models import Assessment
from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.assessment.helpers import (
    assess,
    assign,
    feasible,
    rejected,
    round_body,
    verdicts,
)
from tests.services.helpers import RecordingSignaler, assert_problem

COMPLETE = ("are-2027", "assessment_complete", None)


def test_an_assessment_is_recorded_and_can_be_revised(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    before = datetime.now(UTC)
    assessor = auth(Role.ASSESSOR, name="Bo Bedömare")
    items = [
        {"description": "Cykelställ, 20 st", "amount": 18_000},
        {"description": "Markarbete", "amount": 7_000},
    ]
    first = assess(client, assessor, 2, feasible(cost=25_000, cost_items=items))
    revised = assess(client, assessor, 2, rejected())

    assert first == {
        "proposal_id": 2,
        "outcome": "feasible",
        "feasible": True,
        "cost": 25_000,
        "cost_items": items,
        "criteria": verdicts(),
        "public_reason": "Uppfyller kriterierna.",
        "merged_into": None,
        "assessed_by": "Bo Bedömare",
        "assessed_at": first["assessed_at"],
    }
    assert datetime.fromisoformat(first["assessed_at"]) >= before
    assert (revised["outcome"], revised["cost"], revised["cost_items"]) == ("rejected", None, [])
    assert revised["criteria"][1] == {
        "criterion_id": "kommunal-mark",
        "verdict": "not_met",
        "comment": "Se motiveringen.",
    }
    assert client.get(f"/rounds/{open_round}/assessments").json()["items"] == [revised]
    assert client.get(f"/rounds/{open_round}/assessments/2").json() == revised
    progress = client.get(f"/rounds/{open_round}/progress").json()
    assert (progress["assessed"], progress["feasible"], progress["rejected"]) == (1, 0, 1)


def test_a_rejected_proposal_may_keep_its_costing_and_a_feasible_one_its_reason_empty(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    items = [{"description": "Konstgräs", "amount": 9_000_000}]
    costly = assess(client, auth(Role.ASSESSOR), 1, rejected(cost=9_000_000, cost_items=items))
    quiet = assess(client, auth(Role.ASSESSOR), 3, feasible(public_reason=""))

    assert (costly["feasible"], costly["cost"], costly["cost_items"]) == (False, 9_000_000, items)
    assert quiet["public_reason"] == ""


def test_only_an_assigned_assessor_may_assess(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    url = f"/rounds/{open_round}/assessments/1"

    assert_problem(client.put(url, json=feasible()), 401, "unauthorized")
    for role in (Role.RESIDENT, Role.OFFICIAL, Role.SYSTEM):
        assert_problem(client.put(url, json=feasible(), headers=auth(role)), 403, "forbidden")
    other = client.put(url, json=feasible(), headers=auth(Role.ASSESSOR, subject="eva"))
    assert "inte tilldelad förslag 1" in assert_problem(other, 403, "not-assigned")["detail"]
    assert client.get(f"/rounds/{open_round}/assessments").json()["total"] == 0


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
    assert_problem(client.get(f"/rounds/{open_round}/assessments/1"), 404, "assessment-not-found")


def test_the_last_first_assessment_signals_the_workflow_exactly_once(
    client: TestClient, auth: TokenFactory, open_round: str, signaler: RecordingSignaler
) -> None:
    headers = auth(Role.ASSESSOR)
    assess(client, headers, 1, feasible())
    assess(client, headers, 2, rejected())
    assess(client, headers, 1, rejected())
    assert signaler.sent == []

    assess(client, headers, 3, feasible())
    assess(client, headers, 3, rejected())
    assess(client, headers, 1, feasible())

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
        assess(client, auth(Role.ASSESSOR), proposal_id, feasible())

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

    monkeypatch.setattr(completion, "SIGNAL_TIMEOUT_SECONDS", 0.01)
    client.app.state.signaler = HangingSignaler()  # type: ignore[attr-defined]
    for proposal_id in (1, 2):
        assess(client, auth(Role.ASSESSOR), proposal_id, feasible())

    last = client.put(
        f"/rounds/{open_round}/assessments/3", json=feasible(), headers=auth(Role.ASSESSOR)
    )

    assert last.status_code == 200


def test_a_repeat_with_the_same_idempotency_key_replays_without_signalling_again(
    client: TestClient, auth: TokenFactory, open_round: str, signaler: RecordingSignaler
) -> None:
    assess(client, auth(Role.ASSESSOR), 1, feasible())
    assess(client, auth(Role.ASSESSOR), 2, feasible())
    headers = {**auth(Role.ASSESSOR), "Idempotency-Key": "bedomning-3-a"}

    first = assess(client, headers, 3, feasible())
    repeat = client.put(f"/rounds/{open_round}/assessments/3", json=feasible(), headers=headers)

    assert repeat.headers["idempotent-replayed"] == "true"
    assert repeat.json() == first
    assert signaler.sent == [COMPLETE]
    assert client.get(f"/rounds/{open_round}/assessments").json()["total"] == 3


def test_assessments_are_listed_by_proposal_id_and_filtered_by_outcome(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    assess(client, auth(Role.ASSESSOR), 3, feasible(cost=3000))
    assess(client, auth(Role.ASSESSOR), 1, rejected(public_reason="Inte på kommunens mark."))
    assess(client, auth(Role.ASSESSOR), 2, feasible(cost=2000))
    url = f"/rounds/{open_round}/assessments"

    page = client.get(url, params={"limit": 2, "offset": 1}).json()
    rejections = client.get(url, params={"outcome": "rejected"}).json()
    candidates = client.get(url, params={"outcome": "feasible"}).json()

    assert (page["total"], page["limit"], page["offset"]) == (3, 2, 1)
    assert [(a["proposal_id"], a["cost"]) for a in page["items"]] == [(2, 2000), (3, 3000)]
    assert [(a["proposal_id"], a["public_reason"]) for a in rejections["items"]] == [
        (1, "Inte på kommunens mark.")
    ]
    assert [a["proposal_id"] for a in candidates["items"]] == [2, 3]
    assert_problem(client.get(url, params={"limit": 501}), 422)
    assert_problem(client.get(url, params={"outcome": "maybe"}), 422)


@pytest.mark.parametrize(
    ("proposal_id", "changes"),
    [
        (4, {}),
        (1, {"cost": None}),
        (1, {"cost": 0}),
        (1, {"merged_into": 1, "feasible": False}),
        (1, {"merged_into": 2}),
        (1, {"merged_into": 9, "feasible": False}),
    ],
)
def test_the_database_refuses_inconsistent_assessments(
    client: TestClient, open_round: str, proposal_id: int, changes: dict[str, Any]
) -> None:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    fields: dict[str, Any] = {
        "round_id": open_round,
        "proposal_id": proposal_id,
        "feasible": True,
        "cost": 100,
        "public_reason": "Direkt i databasen.",
        "assessed_by": "x",
        "assessed_by_key": "y",
        "assessed_at": datetime.now(UTC),
    }

    with Session(engine) as session, pytest.raises(IntegrityError):
        session.add(Assessment(**(fields | changes)))
        session.commit()


def test_concurrent_last_assessments_signal_exactly_once(
    client: TestClient, auth: TokenFactory, signaler: RecordingSignaler
) -> None:
    proposal_ids = list(range(1, 21))
    client.put("/rounds/are-2027", json=round_body(proposal_ids), headers=auth(Role.SYSTEM))
    assign(client, auth, proposal_ids)
    headers = auth(Role.ASSESSOR)
    url = "/rounds/are-2027/assessments/{}"

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = [
            pool.submit(client.put, url.format(i), json=feasible(), headers=headers)
            for i in proposal_ids
        ]

    assert [future.result().status_code for future in answers] == [200] * 20
    assert signaler.sent == [COMPLETE]
