"""The group-commit writer: a batch behaves exactly like its ballots stored one at a time."""

import asyncio
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from services.common.errors import Problem
from services.voting import group_commit
from services.voting.ballot_store import MARKERS, BallotWrite, SqlStore
from services.voting.group_commit import BallotWriter
from tests.services.voting.conftest import ROUND, ballot_body, open_ballot, stored_ballots

OTHER = "ostersund-2027"


def _ballot(voter: str, choices: list[int], channel: Any = "online", round_id: str = ROUND) -> Any:
    return BallotWrite(
        round_id=round_id,
        voter_key=voter,
        choices=choices,
        points=None,
        channel=channel,
        polling_place="Kommunhuset" if channel == "paper" else None,
        receipt=f"{voter}-{'-'.join(map(str, choices))}-{channel}",
        cast_at=datetime.now(UTC),
    )


def _commit_now(client: TestClient, batch: list[BallotWrite]) -> list[str]:
    """One batch, stored at once: what a writer does with it."""
    store = SqlStore(client.app.state.engine)  # type: ignore[attr-defined]
    try:
        return list(store.store(batch))
    finally:
        store.close()


@pytest.fixture
def opened(client: TestClient, system: dict[str, str]) -> None:
    open_ballot(client, system)


@pytest.fixture
def new_writer(client: TestClient) -> Iterator[Callable[..., BallotWriter]]:
    """Writers on the app's engine, closed at the end: a thread keeps its connection a while."""
    made: list[BallotWriter] = []

    def make(**options: Any) -> BallotWriter:
        made.append(BallotWriter(client.app.state.engine, **options))  # type: ignore[attr-defined]
        return made[-1]

    yield make
    for writer in made:
        writer.close()


@pytest.fixture
def writer(new_writer: Callable[..., BallotWriter], opened: None) -> BallotWriter:
    return new_writer()


def test_one_voters_ballots_in_one_batch_apply_in_arrival_order(
    client: TestClient, opened: None
) -> None:
    batch = [_ballot("v1", [1]), _ballot("v2", [2]), _ballot("v1", [3]), _ballot("v1", [4])]
    assert _commit_now(client, batch) == ["created", "created", "replaced", "replaced"]
    stored = {b.voter_key: (b.choices, b.revision) for b in stored_ballots(client)}
    assert stored == {"v1": ([4], 3), "v2": ([2], 1)}


def test_every_field_of_a_ballot_is_stored_as_written(client: TestClient, opened: None) -> None:
    """Text beyond ASCII, points, a time given in another zone: the batch's encoding keeps all."""
    stockholm = timezone(timedelta(hours=1))
    written = replace(
        _ballot("väljare-ö", [2, 5], "paper"),
        points=[3, 7],
        polling_place='Sävsjö bibliotek "Ön" \\ 2',
        cast_at=datetime(2027, 3, 14, 18, 30, 15, 123456, tzinfo=stockholm),
        area="Söder",
        age_band="65-",
    )
    assert _commit_now(client, [written]) == ["created"]
    [ballot] = stored_ballots(client)
    stored = (ballot.voter_key, ballot.choices, ballot.points, ballot.polling_place, ballot.area)
    assert stored == ("väljare-ö", [2, 5], [3, 7], 'Sävsjö bibliotek "Ön" \\ 2', "Söder")
    assert ballot.age_band == "65-"
    assert ballot.cast_at.replace(tzinfo=ballot.cast_at.tzinfo or UTC) == written.cast_at


def test_a_paper_ballot_replaces_online_and_nothing_replaces_it(
    client: TestClient, opened: None
) -> None:
    batch = [
        _ballot("v1", [1]),
        _ballot("v1", [2], "paper"),
        _ballot("v1", [3]),
        _ballot("v1", [4], "paper"),
    ]
    assert _commit_now(client, batch) == ["created", "replaced", "paper-exists", "paper-exists"]
    [ballot] = stored_ballots(client)
    assert (ballot.choices, ballot.channel, ballot.receipt) == ([2], "paper", "v1-2-paper")


def test_a_batch_of_any_size_is_the_same_statements(client: TestClient, opened: None) -> None:
    """The upsert and the markers' insert have one SQL text whatever the batch's size: the
    driver and the database prepare them once (a text per size cost a third of the writer's
    CPU). A marker is stored once, however often it comes, in a batch or in several."""
    engine = client.app.state.engine  # type: ignore[attr-defined]
    inserts: list[str] = []

    def seen(_c: Any, _cursor: Any, statement: str, _p: Any, _x: Any, many: bool) -> None:
        if statement.lstrip().upper().startswith("INSERT"):
            inserts.append(statement)
            assert not many  # one parameter set: the batch's document

    event.listen(engine, "before_cursor_execute", seen)
    try:
        for size in (1, 3, 8):
            batch = [replace(_ballot(f"s{size}-{i}", [1]), marker=f"m{i % 5}") for i in range(size)]
            assert _commit_now(client, batch) == ["created"] * size
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert len(inserts) == 6 and len(set(inserts)) == 2
    with engine.connect() as conn:
        markers = sorted(tuple(row) for row in conn.execute(select(MARKERS)))
    assert markers == [(ROUND, f"m{i}") for i in range(5)]


def test_ballots_of_a_closed_round_are_refused_and_the_rest_stored(
    client: TestClient, opened: None, system: dict[str, str]
) -> None:
    body = ballot_body()
    assert client.put(f"/rounds/{OTHER}/ballot", json=body, headers=system).is_success
    client.post(f"/rounds/{OTHER}/open", headers=system)
    client.post(f"/rounds/{OTHER}/close", headers=system)
    batch = [_ballot("v1", [1], round_id=OTHER), _ballot("v2", [2]), _ballot("v3", [3], "paper")]
    assert _commit_now(client, batch) == ["closed", "created", "created"]
    assert sorted(b.voter_key for b in stored_ballots(client)) == ["v2", "v3"]


async def test_concurrent_writes_share_commits_and_every_one_is_answered(
    client: TestClient, writer: BallotWriter
) -> None:
    outcomes = await asyncio.gather(
        *(writer.write(_ballot(f"v{i % 50}", [1 + i % 4])) for i in range(200))
    )
    assert Counter(outcomes) == {"created": 50, "replaced": 150}
    assert len(stored_ballots(client)) == 50


def _taken_receipt(voter: str) -> BallotWrite:
    """A ballot whose receipt another voter's stored ballot holds: the database refuses it."""
    ballot: BallotWrite = replace(_ballot(voter, [1]), receipt="v0-1-online")
    return ballot


@pytest.mark.parametrize("max_batch", [500, 1])
async def test_a_refused_ballot_is_a_409_and_the_writer_carries_on(
    client: TestClient, opened: None, max_batch: int, new_writer: Callable[..., BallotWriter]
) -> None:
    writer = new_writer(max_batch=max_batch)
    assert await writer.write(_ballot("v0", [1])) == "created"
    with pytest.raises(Problem) as refused:
        await writer.write(_taken_receipt("v1"))
    assert (refused.value.status, refused.value.code) == (409, "ballot-not-stored")
    assert await writer.write(_ballot("v1", [1])) == "created"


async def test_a_refused_ballot_fails_alone_not_the_batch_it_came_in(
    client: TestClient, writer: BallotWriter
) -> None:
    """One request's ballot the database refuses must not fail the other voters' ballots
    committed in the same batch: the batch is stored again one ballot at a time."""
    assert await writer.write(_ballot("v0", [1])) == "created"
    batch = [_ballot("v1", [1]), _taken_receipt("v2"), _ballot("v3", [2]), _ballot("v4", [3])]
    results = await asyncio.gather(*(writer.write(b) for b in batch), return_exceptions=True)
    assert [r if isinstance(r, str) else type(r) for r in results] == [
        "created",
        Problem,
        "created",
        "created",
    ]
    assert sorted(b.voter_key for b in stored_ballots(client)) == ["v0", "v1", "v3", "v4"]


async def test_a_value_postgresql_cannot_store_is_a_422_for_its_request_only(
    client: TestClient, writer: BallotWriter
) -> None:
    if client.app.state.engine.dialect.name != "postgresql":  # type: ignore[attr-defined]
        pytest.skip("SQLite stores a NUL in text; PostgreSQL refuses it")
    nul = replace(_ballot("v2", [1], "paper"), polling_place="Kommun\x00huset")
    results = await asyncio.gather(
        writer.write(_ballot("v1", [1])), writer.write(nul), return_exceptions=True
    )
    assert results[0] == "created"
    assert isinstance(results[1], Problem) and results[1].status == 422
    assert [b.voter_key for b in stored_ballots(client)] == ["v1"]


async def test_the_writer_thread_ends_when_idle_and_starts_again(
    client: TestClient, opened: None, new_writer: Callable[..., BallotWriter]
) -> None:
    writer = new_writer(linger=0.05)
    assert await writer.write(_ballot("v0", [1])) == "created"
    for voter in ("v1", "v2"):
        with pytest.raises(Problem):  # a refused ballot: the writer still answers
            await writer.write(_taken_receipt(voter))
        deadline = time.monotonic() + 5
        while writer._running and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        assert not writer._running


async def test_a_write_made_as_a_batch_is_answered_is_stored_too(
    client: TestClient, opened: None, new_writer: Callable[..., BallotWriter]
) -> None:
    """Each voter casts again as soon as the previous ballot is answered: a new write may come
    in the very step in which the writer finds nothing more and leaves. It must not wait for
    a writer that is gone."""
    writer = new_writer(linger=0)

    async def voter(name: str) -> list[str]:
        return [await writer.write(_ballot(name, [1 + n % 4])) for n in range(15)]

    answers = await asyncio.wait_for(
        asyncio.gather(*(voter(f"v{i}") for i in range(8))), timeout=10
    )
    assert [Counter(a) for a in answers] == [{"created": 1, "replaced": 14}] * 8


async def test_a_failed_batch_is_answered_when_no_connection_is_to_be_had(
    client: TestClient,
    opened: None,
    monkeypatch: pytest.MonkeyPatch,
    new_writer: Callable[..., BallotWriter],
) -> None:
    """Trying a failed batch again one by one needs a connection; without one, the batch's
    requests still get the batch's error, and the writer thread lives on."""
    opened_stores = 0

    class FailingStore(SqlStore):
        def __init__(self, engine: Engine) -> None:
            nonlocal opened_stores
            opened_stores += 1
            if opened_stores > 1:
                raise OperationalError("SELECT 1", None, Exception("the database is gone"))
            super().__init__(engine)

        def store(self, ballots: list[BallotWrite]) -> list[Any]:
            time.sleep(0.1)  # the next ballots gather into one batch meanwhile
            raise OperationalError("INSERT", None, Exception("the database is gone"))

    monkeypatch.setattr(group_commit, "SqlStore", FailingStore)
    writer = new_writer()
    first = asyncio.ensure_future(writer.write(_ballot("v0", [1])))
    await asyncio.sleep(0.02)  # the writer has taken v0 alone
    rest = [writer.write(_ballot(f"v{i}", [1])) for i in (1, 2)]
    results = await asyncio.wait_for(
        asyncio.gather(first, *rest, return_exceptions=True), timeout=10
    )
    assert [type(r) for r in results] == [OperationalError] * 3
    assert opened_stores == 3  # v0's store, then v1 and v2's batch and its one-by-one try


async def test_a_batch_holds_at_most_max_batch_ballots(
    client: TestClient,
    opened: None,
    monkeypatch: pytest.MonkeyPatch,
    new_writer: Callable[..., BallotWriter],
) -> None:
    """``MB_BALLOT_BATCH_MAX=1`` is a commit per ballot; a larger bound lets batches grow."""
    sizes: list[int] = []

    class CountingStore(SqlStore):
        def store(self, ballots: list[BallotWrite]) -> list[Any]:
            sizes.append(len(ballots))
            time.sleep(0.02)  # the other ballots gather meanwhile
            return super().store(ballots)

    monkeypatch.setattr(group_commit, "SqlStore", CountingStore)
    for bound in (1, 4):
        sizes.clear()
        writer = new_writer(max_batch=bound)
        batch = (writer.write(_ballot(f"v{bound}-{i}", [1])) for i in range(9))
        outcomes = await asyncio.wait_for(asyncio.gather(*batch), timeout=10)
        assert outcomes == ["created"] * 9
        assert max(sizes) == bound and sum(sizes) == 9
