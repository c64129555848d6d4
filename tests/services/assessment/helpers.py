"""Request bodies, a recording signaler and assertions shared by the assessment tests."""

from datetime import UTC, datetime, timedelta
from typing import Any

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
