"""The council's meeting date: a day that has come, not before the vote it decides on, and
never a typo of a year (issue 18 finding 7)."""

from datetime import date, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.decision.conftest import ROUND
from tests.services.decision.test_signals import DECISION
from tests.services.helpers import RecordingSignaler, assert_problem, stockholm_today

TODAY = date.fromisoformat(stockholm_today())


def _enter(client: TestClient, auth: TokenFactory, meeting_date: str) -> httpx.Response:
    secretary = auth(Role.COUNCIL_SECRETARY, subject="198001011234", name="Sara")
    body = {**DECISION, "meeting_date": meeting_date}
    answer: httpx.Response = client.post(
        f"/rounds/{ROUND}/council-decision", json=body, headers=secretary
    )
    return answer


@pytest.mark.parametrize(
    "meeting_date",
    [
        (TODAY + timedelta(days=1)).isoformat(),  # not met yet
        (TODAY - timedelta(days=1)).isoformat(),  # before the result it decides on
        "0001-01-01",
        "9999-12-31",
    ],
)
def test_a_meeting_date_that_cannot_be_is_refused_beside_the_field(
    client: TestClient,
    auth: TokenFactory,
    signals: RecordingSignaler,
    recommended: str,
    meeting_date: str,
) -> None:
    answer = _enter(client, auth, meeting_date)
    body = assert_problem(answer, 422, "validation")
    assert [error["field"] for error in body["errors"]] == ["meeting_date"]
    assert signals.sent == []


def test_a_meeting_today_is_signalled(
    client: TestClient, auth: TokenFactory, signals: RecordingSignaler, recommended: str
) -> None:
    answer = _enter(client, auth, TODAY.isoformat())
    assert answer.status_code == 202, answer.text
    assert len(signals.sent) == 1
