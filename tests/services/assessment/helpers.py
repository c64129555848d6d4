"""Request bodies and small steps shared by the assessment tests."""

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import KOMMUN, TokenFactory

ROUND_ID = "are-2027"
PROPOSAL_IDS = [3, 1, 2]
CRITERIA = [
    {"id": "lokalt-naringsliv", "text": "Förslaget ska gynna det lokala näringslivet."},
    {"id": "kommunal-mark", "text": "Förslaget genomförs på kommunens mark."},
]
# The subject of ``auth(...)`` tokens unless a test says otherwise.
ASSESSOR = "user-1"


def round_body(proposal_ids: list[int] | None = None, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kommun": KOMMUN,
        "proposal_ids": PROPOSAL_IDS if proposal_ids is None else proposal_ids,
        "due_at": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
        "criteria": CRITERIA,
    }
    return body | changes


def verdicts(*unmet: str) -> list[dict[str, Any]]:
    return [
        {
            "criterion_id": criterion["id"],
            "verdict": "not_met" if criterion["id"] in unmet else "met",
            "comment": "Se motiveringen." if criterion["id"] in unmet else "",
        }
        for criterion in CRITERIA
    ]


def feasible(cost: Any = 40_000, **changes: Any) -> dict[str, Any]:
    valid = isinstance(cost, int) and cost > 0
    items = [{"description": "Material och arbete", "amount": cost}] if valid else []
    body: dict[str, Any] = {
        "feasible": True,
        "cost": cost,
        "cost_items": items,
        "criteria": verdicts(),
        "public_reason": "Uppfyller kriterierna.",
    }
    return body | changes


def rejected(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "feasible": False,
        "criteria": verdicts("kommunal-mark"),
        "public_reason": "Ligger utanför kommunens ansvar.",
    }
    return body | changes


def assign(
    client: TestClient,
    auth: TokenFactory,
    proposal_ids: list[int],
    subject: str = ASSESSOR,
    name: str = "Bo Bedömare",
) -> dict[str, Any]:
    body = {"assessor_subject": subject, "assessor_name": name, "proposal_ids": proposal_ids}
    answer = client.post(
        f"/rounds/{ROUND_ID}/assignments", json=body, headers=auth(Role.OFFICIAL, name="Olle")
    )
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def assess(
    client: TestClient, headers: dict[str, str], proposal_id: int, body: dict[str, Any]
) -> dict[str, Any]:
    answer = client.put(f"/rounds/{ROUND_ID}/assessments/{proposal_id}", json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result
