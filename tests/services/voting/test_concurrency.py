"""Concurrent casts on PostgreSQL: the unique constraint, not luck, keeps one ballot per voter."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select

from services.common.auth import Role
from services.voting.main import create_app
from services.voting.models import Ballot
from services.voting.settings import VotingSettings
from tests.conftest import TokenFactory, postgres_schema_url
from tests.services.voting.conftest import ROUND, ballot_body

THREADS = 20


def _cast_all_at_once(app: FastAPI, headers: list[dict[str, str]]) -> list[int]:
    """Each thread has its own client; a barrier releases them together."""
    barrier = threading.Barrier(len(headers))

    def cast(index: int) -> int:
        client = TestClient(app)
        barrier.wait()
        choices = [1 + index % 4]
        answer: Response = client.post(
            f"/rounds/{ROUND}/ballots", json={"choices": choices}, headers=headers[index]
        )
        return answer.status_code

    with ThreadPoolExecutor(max_workers=len(headers)) as pool:
        return list(pool.map(cast, range(len(headers))))


def _open_app(schema: str, system: dict[str, str]) -> FastAPI:
    app = create_app(VotingSettings(database_url=postgres_schema_url(schema)))
    client = TestClient(app)
    assert client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(), headers=system).is_success
    assert client.post(f"/rounds/{ROUND}/open", headers=system).is_success
    return app


def _ballot_rows(app: FastAPI) -> int:
    with app.state.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Ballot)).scalar_one())


def test_same_voter_casting_twenty_times_at_once_leaves_one_ballot(
    postgres_schema: str, auth: TokenFactory, system: dict[str, str]
) -> None:
    app = _open_app(postgres_schema, system)
    voter = auth(Role.RESIDENT, subject="199001011234")
    try:
        statuses = _cast_all_at_once(app, [voter] * THREADS)
        assert Counter(statuses) == {201: 1, 200: THREADS - 1}
        assert _ballot_rows(app) == 1
    finally:
        app.state.engine.dispose()


def test_many_voters_casting_at_once_each_get_one_ballot(
    postgres_schema: str, auth: TokenFactory, system: dict[str, str]
) -> None:
    app = _open_app(postgres_schema, system)
    voters = [auth(Role.RESIDENT, subject=f"voter-{i}") for i in range(THREADS)]
    try:
        assert Counter(_cast_all_at_once(app, voters)) == {201: THREADS}
        assert _ballot_rows(app) == THREADS
    finally:
        app.state.engine.dispose()
