"""Request bodies and assertions shared by the intake tests."""

from datetime import UTC, datetime, timedelta
from typing import Any

ROUND_ID = "are-2027"
MAX_COST = 500_000


def round_body(**changes: Any) -> dict[str, Any]:
    closes_at = datetime.now(UTC) + timedelta(days=30)
    body: dict[str, Any] = {
        "title": "Medborgarbudget Åre 2027",
        "kommun": "Åre",
        "intake_closes_at": closes_at.isoformat(),
        "max_proposal_cost": MAX_COST,
    }
    return body | changes


def proposal_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Cykelställ vid torget",
        "description": "Tjugo nya cykelställ vid torget, nära butikerna.",
        "cost_estimate": 40_000,
        "local_business_benefit": "Fler kunder stannar vid butikerna.",
    }
    return body | changes
