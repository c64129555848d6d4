"""Decision test helpers: the app with a recording signaler, a registered round, a result."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.auth import Role
from services.decision.main import create_app
from services.decision.settings import DecisionSettings
from tests.conftest import TokenFactory
from tests.services.helpers import RecordingSignaler

ROUND = "are-2027"


def _outcome(project_id: int, cost: int, votes: int, selected: bool) -> dict[str, Any]:
    reason = "vald" if selected else "ryms inte i budgeten"
    return {
        "project_id": project_id,
        "cost": cost,
        "votes": votes,
        "selected": selected,
        "reason": reason,
    }


# The voting example: budget 100 000, greedy funds 2, 4 and 3 (90 000); 1 did not fit.
TALLY: dict[str, Any] = {
    "round_id": ROUND,
    "rule": "greedy",
    "rule_version": "greedy/1",
    "budget": 100_000,
    "ballot_count": 6,
    "ballots_hash": "ab" * 32,
    "selected": [2, 4, 3],
    "total_cost": 90_000,
    "projects": [  # 4 and 3 without titles, as results stored before they had them
        {**_outcome(2, 50_000, 3, True), "title": "Lekplats <i> Duved"},
        {**_outcome(1, 60_000, 3, False), "title": "Bänkar vid ån"},
        _outcome(4, 10_000, 2, True),
        _outcome(3, 30_000, 2, True),
    ],
}


@pytest.fixture
def signals() -> RecordingSignaler:
    return RecordingSignaler()


@pytest.fixture
def app(database_url: str, signals: RecordingSignaler) -> FastAPI:
    app = create_app(DecisionSettings(database_url=database_url))
    app.state.signaler = signals
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def system(auth: TokenFactory) -> dict[str, str]:
    return auth(Role.SYSTEM, subject="worker", name="Medborgarbudget-arbetsflöde")


@pytest.fixture
def registered(client: TestClient, system: dict[str, str]) -> str:
    """The round ``are-2027`` registered by the workflow."""
    body = {"title": "Medborgarbudget 2027", "kommun": "Åre", "budget": 100_000}
    assert client.put(f"/rounds/{ROUND}", json=body, headers=system).status_code == 200
    return ROUND


@pytest.fixture
def recommended(client: TestClient, system: dict[str, str], registered: str) -> str:
    """The registered round with the voting result stored as recommendation."""
    answer = client.put(f"/rounds/{ROUND}/recommendation", json=TALLY, headers=system)
    assert answer.status_code == 200
    return ROUND


PARTICIPATION: dict[str, Any] = {
    "proposals": 12,
    "feasible": 4,
    "ballots": 6,
    "projects_done": 1,
    "projects_cancelled": 1,
    "eligible_voters": 40,
    "proposals_per_day": {"2027-02-01": 8, "2027-02-02": 4},
    "by_area": {"proposals": {"Centrum": 9, "Duved": 3}},
    "by_channel": {"proposals": {"web": 11, "phone": 1}},
}
OPENING: dict[str, Any] = {
    "status": "open",
    "opened_at": "2028-03-01T09:00:00+01:00",
    "deadline": "2028-06-01T09:00:00+02:00",
    "participation": PARTICIPATION,
}
PROJECT: dict[str, Any] = {
    "approved_cost": 50_000,
    "status": "in_progress",
    "owner": "Per Ek",
    "due_at": "2028-01-31T12:00:00+01:00",
    "milestones": [
        {"title": "Bygglov", "planned_at": "2027-10-01T12:00:00+02:00"},
        {"title": "Invigning", "planned_at": "2027-12-01T12:00:00+01:00"},
    ],
}


@pytest.fixture
def project(client: TestClient, system: dict[str, str], recommended: str) -> int:
    """Project 2 of the recommended round, in progress with two milestones."""
    answer = client.put(f"/rounds/{ROUND}/projects/2", json=PROJECT, headers=system)
    assert answer.status_code == 200, answer.text
    return 2


@pytest.fixture
def evaluating(client: TestClient, system: dict[str, str], registered: str) -> str:
    """The round with its evaluation opened by the workflow."""
    answer = client.put(f"/rounds/{ROUND}/evaluation", json=OPENING, headers=system)
    assert answer.status_code == 200, answer.text
    return ROUND
