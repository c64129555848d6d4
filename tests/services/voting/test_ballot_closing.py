"""Voting extended while it runs: its end moves later only, every process takes the new end
within seconds, and a voter who cast in time under the new end is counted."""

import asyncio
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from services.common.auth import Role
from services.voting.round_rules import RulesCache
from tests.services.voting.conftest import (
    ROUND,
    ballot_body,
    cast,
    open_ballot,
    personnummer,
    token_headers,
)

CLOSING = f"/rounds/{ROUND}/ballot/closing"


def _move(client: TestClient, headers: dict[str, str], closes_at: datetime) -> Response:
    answer: Response = client.put(
        CLOSING, json={"closes_at": closes_at.isoformat()}, headers=headers
    )
    return answer


def _closes_at(client: TestClient) -> datetime:
    return datetime.fromisoformat(client.get(f"/rounds/{ROUND}/ballot").json()["closes_at"])


def test_open_voting_ends_later_but_never_earlier(
    client: TestClient, system: dict[str, str]
) -> None:
    open_ballot(client, system)
    closes = _closes_at(client)
    later = closes + timedelta(days=2)

    moved = _move(client, system, later)
    assert moved.status_code == 200, moved.text
    assert datetime.fromisoformat(moved.json()["closes_at"]) == later
    again = _move(client, system, later)
    assert again.status_code == 200  # the workflow's retry changes nothing
    earlier = _move(client, system, closes - timedelta(hours=1))
    assert earlier.status_code == 409
    assert earlier.json()["type"].endswith("/closing-earlier")
    assert _closes_at(client) == later


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"closes_at": "2020-01-01T00:00:00+00:00"}, 422),
        ({"closes_at": "2027-06-01T12:00:00"}, 422),  # no time zone
        ({"closes_at": "i morgon"}, 422),
        ({}, 422),
    ],
    ids=["past", "naive", "not-a-time", "missing"],
)
def test_a_bad_closing_time_is_422_and_changes_nothing(
    client: TestClient, system: dict[str, str], body: dict[str, str], status: int
) -> None:
    ready = client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(), headers=system)
    assert ready.is_success  # not open yet: only the time itself is in question
    closes = _closes_at(client)
    answer = client.put(CLOSING, json=body, headers=system)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert _closes_at(client) == closes


def test_a_closed_or_unknown_round_keeps_its_end_and_only_the_system_moves_it(
    client: TestClient, system: dict[str, str]
) -> None:
    later = datetime.now(UTC) + timedelta(days=5)
    assert _move(client, system, later).status_code == 404
    open_ballot(client, system)
    assert _move(client, token_headers("official-1", Role.OFFICIAL), later).status_code == 403
    assert client.post(f"/rounds/{ROUND}/close", headers=system).is_success
    closed = _move(client, system, later)
    assert closed.status_code == 409 and closed.json()["type"].endswith("/voting-closed")


def test_a_cast_after_the_old_end_counts_once_the_end_moved(
    client: TestClient, system: dict[str, str]
) -> None:
    """The cache of frozen rules is read again (here at once, in service every 5 s)."""
    box = client.app.state.ballot_box  # type: ignore[attr-defined]
    box.rules = RulesCache(client.app.state.engine, refresh_seconds=0.0)  # type: ignore[attr-defined]
    soon = datetime.now(UTC) + timedelta(seconds=1.5)
    body = ballot_body(closes_at=soon.isoformat())
    assert client.put(f"/rounds/{ROUND}/ballot", json=body, headers=system).is_success
    assert client.post(f"/rounds/{ROUND}/open", headers=system).is_success
    assert cast(client, token_headers(personnummer(date(1980, 5, 17))), [1]).status_code == 201

    assert _move(client, system, soon + timedelta(days=1)).status_code == 200
    time.sleep(max(0.0, (soon - datetime.now(UTC)).total_seconds()) + 0.1)
    late = cast(client, token_headers(personnummer(date(1975, 1, 1))), [2])
    assert late.status_code == 201, late.text


async def test_cached_rules_take_a_new_end_after_the_refresh_time(
    client: TestClient, system: dict[str, str]
) -> None:
    open_ballot(client, system)
    engine = client.app.state.engine  # type: ignore[attr-defined]
    fresh, slow = RulesCache(engine, refresh_seconds=0.0), RulesCache(engine, refresh_seconds=60)
    closes = (await fresh.get(ROUND)).closes_at
    assert (await slow.get(ROUND)).closes_at == closes
    later = closes + timedelta(days=1)

    assert _move(client, system, later).status_code == 200
    assert (await slow.get(ROUND)).closes_at == closes  # within its minute
    assert (await fresh.get(ROUND)).closes_at == later
    many = await asyncio.gather(*(fresh.get(ROUND) for _ in range(20)))
    assert {rules.closes_at for rules in many} == {later}


async def test_rules_that_cannot_be_read_again_are_kept(
    client: TestClient, system: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database away for a moment on a refresh: casting goes on with the rules in hand."""
    open_ballot(client, system)
    cache = RulesCache(client.app.state.engine, refresh_seconds=0.0)  # type: ignore[attr-defined]
    held = await cache.get(ROUND)

    def unreachable(*_args: object) -> None:
        raise OSError("the database is restarting")

    monkeypatch.setattr("services.voting.round_rules.load_rules", unreachable)
    assert await cache.get(ROUND) is held
