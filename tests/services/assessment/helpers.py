"""Request bodies, a recording signaler and assertions shared by the assessment tests."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

ROUND_ID = "are-2027"
PROPOSAL_IDS = [3, 1, 2]


def round_body(proposal_ids: list[int] | None = None, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "proposal_ids": PROPOSAL_IDS if proposal_ids is None else proposal_ids,
        "due_at": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
    }
    return body | changes


def feasible(cost: Any = 40_000, **changes: Any) -> dict[str, Any]:
    return {"feasible": True, "cost": cost, "public_reason": "Uppfyller kriterierna."} | changes


def rejected(**changes: Any) -> dict[str, Any]:
    return {"feasible": False, "public_reason": "Ligger utanför kommunens ansvar."} | changes


class RecordingSignaler:
    """Stands in for Temporal: remembers every signal instead of sending it."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, Any]] = []

    async def signal(self, workflow_id: str, signal: str, payload: Any | None = None) -> None:
        self.sent.append((workflow_id, signal, payload))


def assert_problem(answer: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """The answer is an ``application/problem+json`` error with ``status`` (and ``code``)."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = answer.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    if code is not None:
        assert body["type"].endswith(f"/{code}")
    return body
