"""Request bodies, and submitting, refusing and reading proposals, for the intake tests."""

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from services.intake.models import Proposal
from tests.services.helpers import assert_problem

ROUND_ID = "are-2027"
MAX_COST = 500_000
# Valid check digits (Luhn); Skatteverket's and Bolagsverket's own examples where there are any.
PERSONNUMMER = "19121212-1212"
ORGANISATIONSNUMMER = "556012-5790"
ASSOCIATION_NUMBER = "802479-0985"
LOCAL_BUSINESS: dict[str, Any] = {
    "id": "lokalt-naringsliv",
    "text": "Förslaget ska gynna det lokala näringslivet.",
    "local_business": True,
}
CRITERIA: list[dict[str, Any]] = [
    LOCAL_BUSINESS,
    {"id": "kommunal-mark", "text": "Förslaget genomförs på kommunens mark."},
]
CATEGORIES = [
    {"id": "handel", "name": "Handel och service"},
    {"id": "fritid", "name": "Fritid och natur"},
]
AREAS = [{"id": "are-by", "name": "Åre by"}, {"id": "jarpen", "name": "Järpen"}]


def round_body(**changes: Any) -> dict[str, Any]:
    closes_at = datetime.now(UTC) + timedelta(days=30)
    body: dict[str, Any] = {
        "title": "Medborgarbudget Åre 2027",
        "kommun": "Åre",
        "intake_closes_at": closes_at.isoformat(),
        "max_proposal_cost": MAX_COST,
        "criteria": CRITERIA,
        "categories": CATEGORIES,
        "areas": AREAS,
    }
    return body | changes


def proposal_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Cykelställ vid torget",
        "description": "Tjugo nya cykelställ vid torget, nära butikerna.",
        "category": "handel",
        "area": "are-by",
        "location": "Torget i Åre",
        "cost_estimate": 40_000,
        "local_business_benefit": "Fler kunder stannar vid butikerna.",
        "proposer_kind": "resident",
        "identity_number": PERSONNUMMER,
    }
    return body | changes


def submit(client: TestClient, headers: dict[str, str], **changes: Any) -> dict[str, Any]:
    answer = client.post(
        f"/rounds/{ROUND_ID}/proposals", json=proposal_body(**changes), headers=headers
    )
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def content(proposal: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The editable content of a proposal as shown, with changes: a body for editing it."""
    fields = (
        "title",
        "description",
        "category",
        "area",
        "location",
        "cost_estimate",
        "local_business_benefit",
    )
    return {field: proposal[field] for field in fields} | changes


def stored(client: TestClient, proposal_id: int) -> Proposal:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        proposal = session.get(Proposal, proposal_id)
    assert proposal is not None
    return proposal


def refused(
    client: TestClient, headers: dict[str, str], status: int, code: str, **changes: Any
) -> dict[str, Any]:
    """The submission is refused and nothing is stored."""
    before = client.get(f"/rounds/{ROUND_ID}/proposals").json()["total"]
    answer = client.post(
        f"/rounds/{ROUND_ID}/proposals", json=proposal_body(**changes), headers=headers
    )
    body = assert_problem(answer, status, code)
    assert client.get(f"/rounds/{ROUND_ID}/proposals").json()["total"] == before
    return body
