"""Voting test helpers: an app on the test database and a ballot ready to vote on."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from services.voting.main import create_app
from services.voting.settings import VotingSettings
from tests.conftest import TokenFactory

ROUND = "are-2027"


def ballot_body(**changes: Any) -> dict[str, Any]:
    """A ballot of four projects with a 100 000 kr budget, open from an hour ago for a day."""
    now = datetime.now(UTC)
    body: dict[str, Any] = {
        "budget": 100_000,
        "ballot_type": "approval",
        "max_choices": 3,
        "projects": [
            {"project_id": 1, "cost": 60_000},
            {"project_id": 2, "cost": 50_000},
            {"project_id": 3, "cost": 30_000},
            {"project_id": 4, "cost": 10_000},
        ],
        "opens_at": (now - timedelta(hours=1)).isoformat(),
        "closes_at": (now + timedelta(days=1)).isoformat(),
    }
    body.update(changes)
    return body


@pytest.fixture
def app_settings(database_url: str) -> VotingSettings:
    return VotingSettings(database_url=database_url)


@pytest.fixture
def client(app_settings: VotingSettings) -> Iterator[TestClient]:
    with TestClient(create_app(app_settings)) as test_client:
        yield test_client


@pytest.fixture
def system(auth: TokenFactory) -> dict[str, str]:
    return auth(Role.SYSTEM, subject="worker")


@pytest.fixture
def open_round(client: TestClient, system: dict[str, str]) -> str:
    """The round ``are-2027`` with its ballot set up and voting open."""
    assert client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(), headers=system).is_success
    assert client.post(f"/rounds/{ROUND}/open", headers=system).is_success
    return ROUND
