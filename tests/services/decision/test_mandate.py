"""The mandate as the workflow records it (PUT, role system) and as the round shows it."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.decision.conftest import OPENING, PARTICIPATION, ROUND
from tests.services.helpers import RecordingSignaler, assert_problem

RECORD: dict[str, Any] = {
    "decision": {
        "body": "kommunfullmäktige",
        "diarienummer": "KS 2026/412",
        "paragraph": "§ 87",
        "decided_on": "2026-11-20",
        "budget": 100_000,
        "criteria": ["Projektet ska gynna det lokala näringslivet"],
    },
    "recorded_by": "Sara Sekreterare",
    "recorded_at": "2026-12-01T10:00:00+01:00",
}


def test_the_recorded_mandate_is_shown_with_the_round(
    client: TestClient, system: dict[str, str], registered: str
) -> None:
    answer = client.put(f"/rounds/{ROUND}/mandate", json=RECORD, headers=system)
    again = client.put(f"/rounds/{ROUND}/mandate", json=RECORD, headers=system)

    assert answer.status_code == 200, answer.text
    assert again.json() == answer.json()
    mandate = client.get(f"/rounds/{ROUND}").json()["mandate"]
    assert mandate == answer.json()
    assert mandate["body"] == "kommunfullmäktige" and mandate["paragraph"] == "§ 87"
    assert mandate["recorded_at"].startswith("2026-12-01T09:00:00")


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"budget": 90_000}, 409),
        ({"budget": "100000"}, 422),
        ({"diarienummer": ""}, 422),
        ({"decided_on": "9999-01-01"}, 422),
        ({"criteria": ["x" * 501]}, 422),
        ({"body": "k\x00f"}, 422),
    ],
)
def test_a_bad_mandate_is_refused_and_nothing_stored(
    client: TestClient,
    system: dict[str, str],
    registered: str,
    change: dict[str, Any],
    status: int,
) -> None:
    body = {**RECORD, "decision": {**RECORD["decision"], **change}}
    answer = client.put(f"/rounds/{ROUND}/mandate", json=body, headers=system)
    problem = assert_problem(answer, status)
    assert client.get(f"/rounds/{ROUND}").json()["mandate"] is None
    if status == 409:
        assert "skiljer sig från omgångens budget (100000 kr)" in problem["detail"]


def test_only_the_workflow_records_a_mandate(
    client: TestClient, auth: TokenFactory, registered: str
) -> None:
    official = auth(Role.OFFICIAL, kommun="Åre")
    assert_problem(client.put(f"/rounds/{ROUND}/mandate", json=RECORD, headers=official), 403)
    system = auth(Role.SYSTEM)
    assert_problem(client.put("/rounds/okand-2027/mandate", json=RECORD, headers=system), 404)


def test_the_report_shows_the_mandate_and_says_when_there_is_none(
    client: TestClient, system: dict[str, str], registered: str
) -> None:
    before = client.get(f"/rounds/{ROUND}/report.html").text
    client.put(f"/rounds/{ROUND}/mandate", json=RECORD, headers=system)
    html = client.get(f"/rounds/{ROUND}/report.html").text
    report = client.get(f"/rounds/{ROUND}/report.json").json()

    assert "Beslutet om omgången är inte registrerat." in before
    assert "<h2>Beslutet om omgången</h2>" in html
    assert "<th>Paragraf</th><td>§ 87</td>" in html and "100\u00a0000\u00a0kr" in html
    assert "Projektet ska gynna det lokala näringslivet" in html
    assert report["mandate"]["diarienummer"] == "KS 2026/412"


def test_the_report_counts_the_dialogue_meetings_and_their_proposals(
    client: TestClient, system: dict[str, str], registered: str
) -> None:
    participation = {**PARTICIPATION, "meetings": 3, "meeting_proposals": 5}
    opening = {**OPENING, "participation": participation}
    assert client.put(f"/rounds/{ROUND}/evaluation", json=opening, headers=system).is_success
    html = client.get(f"/rounds/{ROUND}/report.html").text
    report = client.get(f"/rounds/{ROUND}/report.json").json()

    assert "<th>Dialogmöten</th><td>3</td>" in html
    assert "<th>Förslag från dialogmöten</th><td>5</td>" in html
    assert (report["participation"]["meetings"], report["participation"]["meeting_proposals"]) == (
        3,
        5,
    )
    bad = {**OPENING, "participation": {**PARTICIPATION, "meetings": -1}}
    assert_problem(client.put(f"/rounds/{ROUND}/evaluation", json=bad, headers=system), 422)


def _secretary(auth: TokenFactory, kommun: str = "Åre") -> dict[str, str]:
    return auth(Role.COUNCIL_SECRETARY, subject="sec-1", name="Sven Sekreterare", kommun=kommun)


def test_the_secretary_sends_the_mandate_to_the_round_with_their_token(
    client: TestClient, auth: TokenFactory, registered: str, signals: RecordingSignaler
) -> None:
    secretary = _secretary(auth)
    answer = client.post(f"/rounds/{ROUND}/mandate", json=RECORD["decision"], headers=secretary)

    assert answer.status_code == 200, answer.text
    [(workflow_id, update, payload)] = signals.sent
    assert (workflow_id, update) == (ROUND, "record_mandate")
    assert payload["recorded_by"] == "Sven Sekreterare" and payload["paragraph"] == "§ 87"
    assert payload["token"] == secretary["Authorization"].removeprefix("Bearer ")


def test_a_mandate_whose_budget_differs_is_refused_before_the_round_hears_of_it(
    client: TestClient, auth: TokenFactory, registered: str, signals: RecordingSignaler
) -> None:
    body = {**RECORD["decision"], "budget": 90_000}
    answer = client.post(f"/rounds/{ROUND}/mandate", json=body, headers=_secretary(auth))
    problem = assert_problem(answer, 409, "mandate-budget-differs")
    other = client.post(
        f"/rounds/{ROUND}/mandate", json=RECORD["decision"], headers=_secretary(auth, "Krokom")
    )

    assert "skiljer sig från omgångens budget (100000 kr)" in problem["detail"]
    assert_problem(other, 403, "other-kommun")
    assert signals.sent == []
