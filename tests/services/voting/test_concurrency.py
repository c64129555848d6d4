"""Concurrent casts: the unique constraint and whole-ballot checks, not luck, keep the rules.

Two app instances share the database, as two service replicas would, so the ballots race in two
group-commit writers as well as within each; every request is in flight at once.
"""

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from services.voting.main import create_app
from services.voting.models import Ballot
from services.voting.settings import VotingSettings
from tests.services.helpers import close_app
from tests.services.voting.conftest import ROUND, ballot_body, token_headers

REPLICAS = 2
# conftest's ballot: budget 100 000; costs 1: 60 000, 2: 50 000, 3: 30 000, 4: 10 000.
COSTS = {1: 60_000, 2: 50_000, 3: 30_000, 4: 10_000}
WITHIN_BUDGET = [[1, 3, 4], [2, 3, 4], [1, 3], [2, 4], [1, 4]]
OVER_BUDGET = [[1, 2], [1, 2, 4]]


@pytest.fixture(params=[500, 1], ids=["group-commit", "commit-per-ballot"])
async def replicas(
    request: pytest.FixtureRequest, database_url: str, system: dict[str, str]
) -> AsyncIterator[list[FastAPI]]:
    """``MB_BALLOT_BATCH_MAX``: the default's group commit, and 1, a commit per request."""
    settings = VotingSettings(database_url=database_url, ballot_batch_max=request.param)
    apps = [create_app(settings) for _ in range(REPLICAS)]
    try:
        yield apps
    finally:
        for app in apps:
            close_app(app)


async def _setup(app: FastAPI, system: dict[str, str], **rules: Any) -> None:
    async with _client(app) as client:
        ballot = await client.put(
            f"/rounds/{ROUND}/ballot", json=ballot_body(**rules), headers=system
        )
        assert ballot.is_success, ballot.text
        assert (await client.post(f"/rounds/{ROUND}/open", headers=system)).is_success


def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://voting")


async def _cast_at_once(
    apps: list[FastAPI], casts: list[tuple[dict[str, str], list[int]]]
) -> list[httpx.Response]:
    clients = [_client(app) for app in apps]
    try:
        return await asyncio.gather(
            *(
                clients[i % len(clients)].post(
                    f"/rounds/{ROUND}/ballots", json={"choices": choices}, headers=headers
                )
                for i, (headers, choices) in enumerate(casts)
            )
        )
    finally:
        for client in clients:
            await client.aclose()


def _stored(app: FastAPI) -> list[tuple[str, list[int]]]:
    with app.state.engine.connect() as conn:
        return [(r.voter_key, r.choices) for r in conn.execute(select(Ballot))]


async def test_two_hundred_casts_by_one_voter_leave_exactly_one_ballot(
    replicas: list[FastAPI], system: dict[str, str]
) -> None:
    await _setup(replicas[0], system)
    voter = token_headers("199001011234")
    casts = [(voter, [1 + i % 4]) for i in range(200)]
    answers = await _cast_at_once(replicas, casts)
    assert Counter(a.status_code for a in answers) == {201: 1, 200: 199}
    [(_, choices)] = _stored(replicas[0])
    assert choices in ([1], [2], [3], [4])


async def test_no_knapsack_ballot_goes_over_budget_under_concurrency(
    replicas: list[FastAPI], system: dict[str, str]
) -> None:
    await _setup(replicas[0], system, ballot_type="knapsack", max_choices=None)
    subsets = WITHIN_BUDGET + OVER_BUDGET
    casts = [(token_headers(f"voter-{i % 10}"), subsets[i % len(subsets)]) for i in range(140)]
    answers = await _cast_at_once(replicas, casts)
    refused = [a for a, (_, c) in zip(answers, casts, strict=True) if c in OVER_BUDGET]
    assert {a.status_code for a in refused} == {422}
    assert {a.json()["type"].rsplit("/", 1)[1] for a in refused} == {"over-budget"}
    stored = _stored(replicas[0])
    assert len(stored) == 10
    assert all(sum(COSTS[c] for c in choices) <= 100_000 for _, choices in stored)


async def test_many_voters_casting_at_once_each_get_one_ballot(
    replicas: list[FastAPI], system: dict[str, str]
) -> None:
    await _setup(replicas[0], system)
    casts = [(token_headers(f"voter-{i}"), [1 + i % 4]) for i in range(100)]
    answers = await _cast_at_once(replicas, casts)
    assert Counter(a.status_code for a in answers) == {201: 100}
    assert len({key for key, _ in _stored(replicas[1])}) == 100
