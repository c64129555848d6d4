"""An app closes its own database connections when its lifespan ends: the engine's pool, and
the ballot writer's connection, which the pool cannot close while the thread holds it."""

import time

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from services.common.auth import Role
from services.voting.main import create_app as create_voting
from services.voting.settings import VotingSettings
from tests.conftest import TokenFactory, postgres_schema_url
from tests.services.voting.conftest import ROUND, ballot_body
from tests.web.in_process import web_client


def open_connections(schema: str, wait: float = 0.5) -> int:
    """The schema's connections, once a closed client's backend has had ``wait`` to go (less
    than the writer's one second linger, so a thread ending by itself does not pass)."""
    admin = create_engine(postgres_schema_url("public"))
    deadline = time.monotonic() + wait
    try:
        while True:
            with admin.connect() as conn:
                count: int = conn.execute(
                    text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :s"),
                    {"s": schema},
                ).scalar_one()
            if count == 0 or time.monotonic() > deadline:
                return count
            time.sleep(0.02)
    finally:
        admin.dispose()


def test_the_voting_service_lets_every_connection_go_when_it_stops(
    postgres_schema: str, auth: TokenFactory
) -> None:
    app = create_voting(VotingSettings(database_url=postgres_schema_url(postgres_schema)))
    system = auth(Role.SYSTEM, subject="worker")
    with TestClient(app) as client:
        assert client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(), headers=system).is_success
        assert client.post(f"/rounds/{ROUND}/open", headers=system).is_success
        voter = auth(Role.RESIDENT, subject="199001011234", name="Anna Andersson")
        cast = client.post(f"/rounds/{ROUND}/ballots", json={"choices": [1]}, headers=voter)
        assert cast.status_code == 201, cast.text
        assert open_connections(postgres_schema, wait=0) > 0  # the writer holds one
    assert open_connections(postgres_schema) == 0


def test_the_in_process_web_front_leaves_no_intake_connection(postgres_schema: str) -> None:
    for _ in range(3):
        with web_client(postgres_schema_url(postgres_schema)) as client:
            assert client.get("/omgangar/are-2027").status_code == 200
    assert open_connections(postgres_schema) == 0
