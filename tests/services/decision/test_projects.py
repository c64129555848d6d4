"""Implementation projects: recorded by their workflows, shown to anyone, reported on by
officials (checked, then signalled to the project's workflow), with indicators staff enter."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.decision.conftest import OPENING, PROJECT, ROUND
from tests.services.helpers import RecordingSignaler, assert_problem

URL = f"/rounds/{ROUND}/projects/2"
WORKFLOW = f"{ROUND}.project-2"
INDICATORS = {"companies_involved": 7, "jobs_created": 2, "visitors": 1500, "satisfaction": 4.2}


def test_recorded_project_is_shown_with_milestones_in_utc(client: TestClient, project: int) -> None:
    shown = client.get(URL).json()
    assert client.get(f"/rounds/{ROUND}/projects").json() == [shown]
    assert client.get(f"/rounds/{ROUND}").json()["projects"] == [shown]
    assert (shown["owner"], shown["progress"], shown["overdue"]) == ("Per Ek", 0, False)
    assert [m["title"] for m in shown["milestones"]] == ["Bygglov", "Invigning"]
    assert shown["milestones"][0]["planned_at"].startswith("2027-10-01T10:00:00")
    assert shown["milestones"][0]["done_at"] is None
    assert shown["indicators"] is None
    assert client.get(f"/rounds/{ROUND}/projects/9").status_code == 404


@pytest.mark.parametrize(
    ("path", "body", "signal", "sender"),
    [
        (
            "/milestones",
            {
                "owner": "Per Ek",
                "milestones": [{"title": "Bygglov", "planned_at": "2027-10-01T10:00:00Z"}],
            },
            "set_milestones",
            "set_by",
        ),
        (
            "/progress",
            {"completed_milestones": [1], "spent": 12_000},
            "report_progress",
            "reported_by",
        ),
        ("/cancellation", {"reason": "Marken är förorenad."}, "cancel_project", "cancelled_by"),
        ("/completion", {"summary": "Klart.", "spent": 49_000}, "report_done", "reported_by"),
    ],
)
def test_official_reports_are_signalled_to_the_projects_workflow(
    client: TestClient,
    auth: TokenFactory,
    signals: RecordingSignaler,
    project: int,
    path: str,
    body: dict[str, Any],
    signal: str,
    sender: str,
) -> None:
    answer = client.post(f"{URL}{path}", json=body, headers=auth(Role.OFFICIAL, name="Eva Ek"))
    assert answer.status_code == 202, answer.text
    assert answer.json() == {"signal": signal, "workflow_id": WORKFLOW}
    [(workflow_id, sent, payload)] = signals.sent
    assert (workflow_id, sent, payload[sender]) == (WORKFLOW, signal, "Eva Ek")
    assert {k: payload[k] for k in body} == body


@pytest.mark.parametrize(
    ("path", "body", "code"),
    [
        ("/progress", {"completed_milestones": [3]}, "unknown-milestone"),
        ("/progress", {}, "validation"),
        ("/progress", {"completed_milestones": [1, 1]}, "validation"),
        ("/progress", {"spent": -1}, "validation"),
        ("/milestones", {"owner": "Per", "milestones": []}, "validation"),
        (
            "/milestones",
            {
                "owner": " ",
                "milestones": [{"title": "Bygglov", "planned_at": "2027-10-01T12:00:00+02:00"}],
            },
            "validation",
        ),
        (
            "/milestones",
            {
                "owner": "Per",
                "milestones": [{"title": "Bygglov", "planned_at": "2027-10-01T12:00:00"}],
            },
            "validation",
        ),
        (
            "/milestones",
            {
                "owner": "Per",
                "milestones": [{"title": "Bygglov", "planned_at": "2027-10-01T12:00:00Z"}] * 2,
            },
            "validation",
        ),
        ("/cancellation", {"reason": "Dyrt."}, "validation"),
    ],
)
def test_invalid_reports_are_422_and_not_signalled(
    client: TestClient,
    auth: TokenFactory,
    signals: RecordingSignaler,
    project: int,
    path: str,
    body: dict[str, Any],
    code: str,
) -> None:
    answer = client.post(f"{URL}{path}", json=body, headers=auth(Role.OFFICIAL))
    assert_problem(answer, 422, code)
    assert signals.sent == []


@pytest.mark.parametrize("status", ["done", "cancelled"])
@pytest.mark.parametrize(
    ("path", "body"),
    [
        (
            "/milestones",
            {
                "owner": "Per",
                "milestones": [{"title": "Bygglov", "planned_at": "2027-10-01T12:00:00Z"}],
            },
        ),
        ("/progress", {"spent": 1}),
        ("/cancellation", {"reason": "Inte längre aktuellt."}),
    ],
)
def test_reports_on_a_finished_project_are_409(
    client: TestClient,
    auth: TokenFactory,
    system: dict[str, str],
    signals: RecordingSignaler,
    project: int,
    status: str,
    path: str,
    body: dict[str, Any],
) -> None:
    client.put(URL, json={**PROJECT, "status": status}, headers=system)
    answer = client.post(f"{URL}{path}", json=body, headers=auth(Role.OFFICIAL))
    assert_problem(answer, 409, f"project-{status}")
    assert signals.sent == []


def test_staff_enter_indicators_shown_with_the_project(
    client: TestClient, auth: TokenFactory, project: int
) -> None:
    headers = auth(Role.OFFICIAL, name="Eva Ek")
    answer = client.put(f"{URL}/indicators", json=INDICATORS, headers=headers)
    assert answer.status_code == 200, answer.text
    assert {k: answer.json()[k] for k in INDICATORS} == INDICATORS
    assert answer.json()["entered_by"] == "Eva Ek"
    assert client.get(URL).json()["indicators"] == answer.json()
    changed = client.put(
        f"{URL}/indicators", json={**INDICATORS, "visitors": 1600}, headers=headers
    )
    assert client.get(URL).json()["indicators"]["visitors"] == changed.json()["visitors"] == 1600


@pytest.mark.parametrize(
    "change",
    [{"satisfaction": 5.5}, {"satisfaction": 0}, {"jobs_created": -1}, {"visitors": "många"}],
)
def test_invalid_indicators_are_422(
    client: TestClient, auth: TokenFactory, project: int, change: dict[str, Any]
) -> None:
    answer = client.put(
        f"{URL}/indicators", json={**INDICATORS, **change}, headers=auth(Role.OFFICIAL)
    )
    assert_problem(answer, 422, "validation")
    assert client.get(URL).json()["indicators"] is None


def test_indicators_need_an_official_a_project_and_an_open_evaluation(
    client: TestClient, auth: TokenFactory, system: dict[str, str], project: int
) -> None:
    assert client.put(f"{URL}/indicators", json=INDICATORS).status_code == 401
    resident = client.put(f"{URL}/indicators", json=INDICATORS, headers=auth(Role.RESIDENT))
    assert_problem(resident, 403, "forbidden")
    unknown = client.put(
        f"/rounds/{ROUND}/projects/9/indicators", json=INDICATORS, headers=auth(Role.OFFICIAL)
    )
    assert_problem(unknown, 404, "project-not-found")
    closed = {**OPENING, "status": "expired", "closed_at": "2028-06-01T09:00:00+02:00"}
    client.put(f"/rounds/{ROUND}/evaluation", json=closed, headers=system)
    late = client.put(f"{URL}/indicators", json=INDICATORS, headers=auth(Role.OFFICIAL))
    assert_problem(late, 409, "evaluation-closed")
