"""Fixtures for intake tests: a client on a fresh database and an open round."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from services.intake.main import create_app
from services.intake.settings import IntakeSettings
from tests.conftest import TokenFactory
from tests.services.intake.helpers import ROUND_ID, round_body


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(IntakeSettings(database_url=database_url))) as client:
        yield client


@pytest.fixture
def open_round(client: TestClient, auth: TokenFactory) -> str:
    answer = client.put(f"/rounds/{ROUND_ID}", json=round_body(), headers=auth(Role.SYSTEM))
    assert answer.status_code == 200, answer.text
    return ROUND_ID
