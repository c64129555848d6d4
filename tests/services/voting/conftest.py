"""Voting test helpers: an app on the test database, a ballot ready to vote on, voters."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.engine import Engine

from medborgarbudget.synthetic import personnummer as synthetic_personnummer
from services.common.auth import Role, issue_token
from services.voting.main import create_app
from services.voting.models import Ballot
from services.voting.settings import VotingSettings
from tests.conftest import KOMMUN, TokenFactory

ROUND = "are-2027"


def ballot_body(**changes: Any) -> dict[str, Any]:
    """A ballot of four projects with a 100 000 kr budget, open from an hour ago for a day."""
    now = datetime.now(UTC)
    body: dict[str, Any] = {
        "kommun": KOMMUN,
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


def personnummer(born: date, serial: str = "238") -> str:
    """A valid personnummer (ÅÅÅÅMMDD-NNNN) for someone born on ``born``."""
    return synthetic_personnummer(int(serial), born_from=born)


def token_headers(subject: str, *roles: Role, **claims: Any) -> dict[str, str]:
    """A dev-issuer token carrying identity claims (``birthdate``, ``kommun``, ...)."""
    token = issue_token(VotingSettings(), subject, list(roles or [Role.RESIDENT]), claims=claims)
    return {"Authorization": f"Bearer {token}"}


def open_ballot(client: TestClient, system: dict[str, str], **changes: Any) -> None:
    """Set up the round's ballot with ``changes`` and open voting."""
    answer = client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(**changes), headers=system)
    assert answer.is_success, answer.text
    assert client.post(f"/rounds/{ROUND}/open", headers=system).is_success


def cast(client: TestClient, headers: dict[str, str], choices: list[int], **extra: Any) -> Any:
    return client.post(
        f"/rounds/{ROUND}/ballots", json={"choices": choices, **extra}, headers=headers
    )


def stored_ballots(client: TestClient) -> list[Ballot]:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        return [Ballot.model_validate(row) for row in conn.execute(select(Ballot)).mappings()]


@pytest.fixture
def official() -> dict[str, str]:
    return token_headers("official-1", Role.OFFICIAL, kommun=KOMMUN)
