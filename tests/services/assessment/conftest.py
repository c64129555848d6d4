"""Fixtures for assessment tests: a client on a fresh database with a recording signaler."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from services.assessment.main import create_app
from services.assessment.settings import AssessmentSettings
from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.assessment.helpers import PROPOSAL_IDS, ROUND_ID, assign, round_body
from tests.services.helpers import RecordingSignaler


@pytest.fixture
def signaler() -> RecordingSignaler:
    return RecordingSignaler()


@pytest.fixture
def client(database_url: str, signaler: RecordingSignaler) -> Iterator[TestClient]:
    app = create_app(AssessmentSettings(database_url=database_url))
    app.state.signaler = signaler
    with TestClient(app) as client:
        yield client


@pytest.fixture
def open_round(client: TestClient, auth: TokenFactory) -> str:
    """A round with proposals 1, 2 and 3 to assess, all assigned to the default assessor."""
    answer = client.put(f"/rounds/{ROUND_ID}", json=round_body(), headers=auth(Role.SYSTEM))
    assert answer.status_code == 200, answer.text
    assign(client, auth, PROPOSAL_IDS)
    return ROUND_ID
