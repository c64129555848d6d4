"""Approvals by people: checked, then passed to the workflow as a signal with the right payload.

Whatever is refused must not reach the workflow, so every refusal also checks that nothing
was signalled.
"""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from services.common.errors import Problem
from tests.conftest import TokenFactory
from tests.services.decision.conftest import ROUND
from tests.services.helpers import PROBLEM_JSON, RecordingSignaler, stockholm_today

DECISION = {
    "approved_project_ids": [2, 4, 3],
    "diarienummer": "KS 2027/123",
    "paragraph": "§ 45",
    "meeting_date": stockholm_today(),
}


def _secretary(auth: TokenFactory, name: str = "Sara Sekreterare") -> dict[str, str]:
    return auth(Role.COUNCIL_SECRETARY, subject="198001011234", name=name)


def test_ballot_approval_signals_the_round_with_the_officials_name(
    client: TestClient, auth: TokenFactory, signals: RecordingSignaler, registered: str
) -> None:
    headers = auth(Role.OFFICIAL, subject="197001019876", name="Eva Ek")
    answer = client.post(
        f"/rounds/{ROUND}/ballot-approval", json={"comment": "Ok"}, headers=headers
    )
    assert answer.status_code == 202
    assert answer.json() == {"signal": "approve_ballot", "workflow_id": ROUND}
    token = headers["Authorization"].removeprefix("Bearer ")
    payload = {"approved_by": "Eva Ek", "comment": "Ok", "token": token}
    assert signals.sent == [(ROUND, "approve_ballot", payload)]


def test_a_caller_without_a_name_is_recorded_as_unknown_never_by_identity(
    client: TestClient, auth: TokenFactory, signals: RecordingSignaler, registered: str
) -> None:
    headers = auth(Role.OFFICIAL, subject="197001019876")
    client.post(f"/rounds/{ROUND}/ballot-approval", json={}, headers=headers)
    token = headers["Authorization"].removeprefix("Bearer ")
    payload = {"approved_by": "okänd", "comment": "", "token": token}
    assert signals.sent == [(ROUND, "approve_ballot", payload)]


def test_council_decision_like_the_recommendation_is_signalled(
    client: TestClient, auth: TokenFactory, signals: RecordingSignaler, recommended: str
) -> None:
    headers = _secretary(auth)
    answer = client.post(f"/rounds/{ROUND}/council-decision", json=DECISION, headers=headers)
    assert answer.status_code == 202
    assert answer.json() == {"signal": "record_council_decision", "workflow_id": ROUND}
    token = headers["Authorization"].removeprefix("Bearer ")
    payload = {
        **DECISION,
        "justification": "",
        "justifications": {},
        "recorded_by": "Sara Sekreterare",
        "token": token,
    }
    assert signals.sent == [(ROUND, "record_council_decision", payload)]


def test_council_decision_that_differs_with_a_justification_is_signalled(
    client: TestClient, auth: TokenFactory, signals: RecordingSignaler, recommended: str
) -> None:
    # 1 (60 000) and 4 (10 000) instead of the vote's 2, 4, 3: within the 100 000 budget.
    body = {**DECISION, "approved_project_ids": [1, 4], "justification": "Skolgården först."}
    answer = client.post(f"/rounds/{ROUND}/council-decision", json=body, headers=_secretary(auth))
    assert answer.status_code == 202
    [(_, _, payload)] = signals.sent
    assert payload["approved_project_ids"] == [1, 4]
    assert payload["justification"] == "Skolgården först."


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"approved_project_ids": [2, 99], "justification": "x"}, "unknown-project"),
        ({"approved_project_ids": [1, 2], "justification": "Båda."}, "over-budget"),
        ({"approved_project_ids": [2, 4]}, "justification-required"),
        ({"approved_project_ids": [2, 4], "justification": "   "}, "justification-required"),
        ({"approved_project_ids": [2, 2, 4, 3]}, "validation"),
        ({"diarienummer": "  "}, "validation"),
        ({"paragraph": "x" * 51}, "validation"),
        ({"meeting_date": "15/9 2027"}, "validation"),
        ({"approved_project_ids": "2, 4, 3"}, "validation"),
    ],
)
def test_invalid_council_decision_is_422_and_not_signalled(
    client: TestClient,
    auth: TokenFactory,
    signals: RecordingSignaler,
    recommended: str,
    change: dict[str, Any],
    code: str,
) -> None:
    body = {**DECISION, **change}
    answer = client.post(f"/rounds/{ROUND}/council-decision", json=body, headers=_secretary(auth))
    assert answer.status_code == 422
    assert answer.headers["content-type"] == PROBLEM_JSON
    assert answer.json()["type"].endswith(f"/{code}")
    assert answer.json()["detail"]
    assert signals.sent == []


def test_council_decision_before_the_result_is_409_and_not_signalled(
    client: TestClient, auth: TokenFactory, signals: RecordingSignaler, registered: str
) -> None:
    answer = client.post(
        f"/rounds/{ROUND}/council-decision", json=DECISION, headers=_secretary(auth)
    )
    assert answer.status_code == 409
    assert answer.json()["type"].endswith("/no-recommendation")
    assert signals.sent == []


def test_project_completion_signals_the_projects_own_workflow(
    client: TestClient,
    auth: TokenFactory,
    system: dict[str, str],
    signals: RecordingSignaler,
    registered: str,
) -> None:
    project = {"approved_cost": 50_000, "status": "in_progress"}
    client.put(f"/rounds/{ROUND}/projects/2", json=project, headers=system)
    body = {"summary": "Lekplatsen är byggd.", "spent": 48_500}
    headers = auth(Role.OFFICIAL, name="Per Projektledare")
    answer = client.post(f"/rounds/{ROUND}/projects/2/completion", json=body, headers=headers)
    assert answer.status_code == 202
    workflow_id = f"{ROUND}.project-2"
    assert answer.json() == {"signal": "report_done", "workflow_id": workflow_id}
    assert signals.sent == [
        (workflow_id, "report_done", {**body, "reported_by": "Per Projektledare"})
    ]


@pytest.mark.parametrize(("status", "expected"), [("done", 409), ("cancelled", 409), (None, 404)])
def test_completion_of_a_finished_or_unknown_project_is_refused(
    client: TestClient,
    auth: TokenFactory,
    system: dict[str, str],
    signals: RecordingSignaler,
    registered: str,
    status: str | None,
    expected: int,
) -> None:
    if status is not None:
        project = {"approved_cost": 50_000, "status": status}
        client.put(f"/rounds/{ROUND}/projects/2", json=project, headers=system)
    body = {"summary": "Klart igen.", "spent": 1}
    answer = client.post(
        f"/rounds/{ROUND}/projects/2/completion", json=body, headers=auth(Role.OFFICIAL)
    )
    assert answer.status_code == expected
    assert answer.headers["content-type"] == PROBLEM_JSON
    assert signals.sent == []


@pytest.mark.parametrize(
    "body", [{"summary": "ok", "spent": 1}, {"summary": "Klart.", "spent": -1}]
)
def test_invalid_completion_is_422_and_not_signalled(
    client: TestClient,
    auth: TokenFactory,
    system: dict[str, str],
    signals: RecordingSignaler,
    registered: str,
    body: dict[str, Any],
) -> None:
    project = {"approved_cost": 50_000, "status": "in_progress"}
    client.put(f"/rounds/{ROUND}/projects/2", json=project, headers=system)
    answer = client.post(
        f"/rounds/{ROUND}/projects/2/completion", json=body, headers=auth(Role.OFFICIAL)
    )
    assert answer.status_code == 422
    assert signals.sent == []


def test_evaluation_is_signalled_to_the_round(
    client: TestClient, auth: TokenFactory, signals: RecordingSignaler, evaluating: str
) -> None:
    body = {"summary": "Fler företag än väntat deltog."}
    headers = auth(Role.OFFICIAL, name="Eva Ek")
    answer = client.post(f"/rounds/{ROUND}/evaluation", json=body, headers=headers)
    assert answer.status_code == 202
    assert answer.json() == {"signal": "submit_evaluation", "workflow_id": ROUND}
    assert signals.sent == [(ROUND, "submit_evaluation", {**body, "submitted_by": "Eva Ek"})]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/ballot-approval", {"comment": "x" * 2001}),
        ("/evaluation", {"summary": "ok"}),
        ("/evaluation", {}),
    ],
)
def test_invalid_official_requests_are_422_and_not_signalled(
    client: TestClient,
    auth: TokenFactory,
    signals: RecordingSignaler,
    registered: str,
    path: str,
    body: dict[str, Any],
) -> None:
    answer = client.post(f"/rounds/{ROUND}{path}", json=body, headers=auth(Role.OFFICIAL))
    assert answer.status_code == 422
    assert answer.headers["content-type"] == PROBLEM_JSON
    assert signals.sent == []


@pytest.mark.parametrize(
    ("path", "role", "body"),
    [
        ("/ballot-approval", Role.OFFICIAL, {}),
        ("/council-decision", Role.COUNCIL_SECRETARY, DECISION),
        ("/evaluation", Role.OFFICIAL, {"summary": "Bra omgång."}),
        ("/projects/2/completion", Role.OFFICIAL, {"summary": "Klart.", "spent": 0}),
    ],
)
def test_people_endpoints_check_roles_and_the_round(
    client: TestClient,
    auth: TokenFactory,
    signals: RecordingSignaler,
    path: str,
    role: Role,
    body: dict[str, Any],
) -> None:
    assert client.post(f"/rounds/{ROUND}{path}", json=body).status_code == 401
    wrong = client.post(f"/rounds/{ROUND}{path}", json=body, headers=auth(Role.RESIDENT))
    assert wrong.status_code == 403
    unknown = client.post(f"/rounds/nowhere-1{path}", json=body, headers=auth(role))
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == PROBLEM_JSON
    assert signals.sent == []


def test_repeat_with_the_same_idempotency_key_signals_once(
    client: TestClient, auth: TokenFactory, signals: RecordingSignaler, recommended: str
) -> None:
    headers = {**_secretary(auth), "Idempotency-Key": "kf-2027-09-15-45"}
    url = f"/rounds/{ROUND}/council-decision"
    first = client.post(url, json=DECISION, headers=headers)
    second = client.post(url, json=DECISION, headers=headers)
    assert second.status_code == first.status_code == 202
    assert second.json() == first.json()
    assert len(signals.sent) == 1


def test_a_workflow_that_does_not_answer_gives_the_signalers_problem(
    client: TestClient, auth: TokenFactory, registered: str
) -> None:
    class Unreachable:
        async def signal(self, workflow_id: str, signal: str, payload: Any = None) -> None:
            raise Problem(503, "Processmotorn svarar inte just nu.", code="temporal-unavailable")

    client.app.state.signaler = Unreachable()  # type: ignore[attr-defined]
    answer = client.post(f"/rounds/{ROUND}/ballot-approval", json={}, headers=auth(Role.OFFICIAL))
    assert answer.status_code == 503
    assert answer.json()["type"].endswith("/temporal-unavailable")
