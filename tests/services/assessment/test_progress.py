"""Progress for the round workflow's reminders: who still has what to assess, and how late."""

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.assessment.helpers import ROUND_ID, assess, assign, feasible, round_body


def _progress(client: TestClient) -> dict[str, object]:
    answer = client.get(f"/rounds/{ROUND_ID}/progress")
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body


def test_progress_names_the_assessors_with_work_left_and_what_nobody_has(
    client: TestClient, auth: TokenFactory
) -> None:
    client.put(f"/rounds/{ROUND_ID}", json=round_body([1, 2, 3, 4, 5]), headers=auth(Role.SYSTEM))
    assign(client, auth, [1, 2], subject="eva", name="Eva Ek")
    assign(client, auth, [2, 3], subject="bo", name="Bo Berg")
    assess(client, auth(Role.ASSESSOR, subject="eva"), 2, feasible())

    progress = _progress(client)

    assert progress["pending_assessors"] == [
        {"name": "Bo Berg", "pending": 1},
        {"name": "Eva Ek", "pending": 1},
    ]
    assert (progress["assessed"], progress["unassigned"], progress["overdue"]) == (1, 2, 0)


def test_unassessed_proposals_count_as_overdue_after_the_due_date(
    client: TestClient, auth: TokenFactory
) -> None:
    passed = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    client.put(f"/rounds/{ROUND_ID}", json=round_body(due_at=passed), headers=auth(Role.SYSTEM))
    assign(client, auth, [1])
    assess(client, auth(Role.ASSESSOR), 1, feasible())

    progress = _progress(client)

    assert (progress["total"], progress["assessed"], progress["overdue"]) == (3, 1, 2)
    assert progress["complete"] is False
