"""Group commit: ballots from concurrent requests are stored together, in one transaction.

Why: a transaction per ballot pays a durable commit (a disk flush) and a round trip per ballot,
and a busy round brings thousands of ballots a second. A writer thread takes every ballot
waiting, upserts them in one statement, checks under lock that their rounds are still open,
commits, and only then answers each request of the batch. Ballots that arrive during a commit
form the next batch, so batches grow with the load by themselves; a lone ballot is committed at
once, with no timer to wait for. On PostgreSQL a few writers (each with its own connection) may
commit at once, so the next batch need not wait for the previous one's disk flush; concurrent
batches are safe as batches of several processes are (row locks in one order, the database's
unique constraint). SQLite takes one writer: it serialises writes anyway.

The semantics stay those of one ballot at a time: the database's unique constraint keeps one
ballot per voter and round, a voter's later ballot replaces the earlier one (several casts of one
voter in a batch are applied in arrival order), and a paper ballot is never overwritten.
"""

import asyncio
import logging
import threading
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, Literal

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from services.voting.models import Ballot, BallotDefinition, Channel

log = logging.getLogger(__name__)
Outcome = Literal["created", "replaced", "paper-exists", "closed"]
BALLOTS: Table = Ballot.__table__  # type: ignore[attr-defined]
DEFINITIONS: Table = BallotDefinition.__table__  # type: ignore[attr-defined]
# Batches committing at once per process (PostgreSQL): enough to keep a commit going while the
# previous one waits for its disk flush, few enough that each batch still gathers many ballots.
MAX_WRITERS = 4
# What a later ballot overwrites; the voter key, round and row id stay.
_REPLACED = (
    "choices",
    "points",
    "channel",
    "polling_place",
    "receipt",
    "cast_at",
    "area",
    "age_band",
)


@dataclass(frozen=True)
class BallotWrite:
    round_id: str
    voter_key: str
    choices: list[int]
    points: list[int] | None
    channel: Channel
    polling_place: str | None
    receipt: str
    cast_at: datetime
    area: str | None = None
    age_band: str | None = None


@dataclass(frozen=True)
class _Waiting:
    ballot: BallotWrite
    answer: "asyncio.Future[Outcome]"


class BallotWriter:
    """Stores ballots for any number of event loops; its thread ends after ``linger`` idle."""

    def __init__(
        self,
        engine: Engine,
        *,
        max_batch: int = 500,
        linger: float = 1.0,
        max_writers: int | None = None,
    ) -> None:
        self._engine = engine
        self._max_batch = max_batch
        self._linger = linger
        if max_writers is None:
            max_writers = 1 if engine.dialect.name == "sqlite" else MAX_WRITERS
        self._max_writers = max_writers
        self._waiting: list[_Waiting] = []
        self._wakeup = threading.Condition()
        self._writers = 0  # threads running
        self._idle = 0  # of them, waiting for ballots

    @property
    def _running(self) -> bool:
        return self._writers > 0

    async def write(self, ballot: BallotWrite) -> Outcome:
        """Store the ballot; returns once the transaction holding it has committed."""
        answer: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        with self._wakeup:
            self._waiting.append(_Waiting(ballot, answer))
            if self._idle:
                self._wakeup.notify()
            elif self._writers < self._max_writers:
                self._writers += 1
                threading.Thread(target=self._run, name="ballot-writer", daemon=True).start()
        return await answer

    def _next_batch(self) -> list[_Waiting]:
        """The ballots waiting now, or after up to ``linger`` seconds; none ends the thread."""
        with self._wakeup:
            if not self._waiting:
                self._idle += 1
                self._wakeup.wait(self._linger)
                self._idle -= 1
            batch = self._waiting[: self._max_batch]
            del self._waiting[: self._max_batch]
            if not batch:
                self._writers -= 1
            return batch

    def _run(self) -> None:
        """Keeps one connection while busy: no pool checkout and ping per batch."""
        conn: Connection | None = None
        try:
            while batch := self._next_batch():
                outcomes: list[Outcome] | BaseException
                try:
                    conn = conn or self._engine.connect()
                    outcomes = _commit(conn, [w.ballot for w in batch])
                except Exception as exc:  # every waiting request must get an answer
                    log.exception("storing a batch of %d ballots failed", len(batch))
                    outcomes = exc
                    if conn is not None:
                        conn.close()  # whatever state it is in, the next batch starts afresh
                        conn = None
                _answer(batch, outcomes)
        finally:
            if conn is not None:
                conn.close()


def _answer(batch: list[_Waiting], outcomes: list[Outcome] | BaseException) -> None:
    for index, waiting in enumerate(batch):
        result = outcomes if isinstance(outcomes, BaseException) else outcomes[index]
        # RuntimeError: the request's event loop is gone, nobody waits for this answer.
        with suppress(RuntimeError):
            waiting.answer.get_loop().call_soon_threadsafe(_settle, waiting.answer, result)


def _commit(conn: Connection, ballots: list[BallotWrite]) -> list[Outcome]:
    """One transaction; if a round turns out closed, roll back and store the others again."""
    closed: set[str] = set()
    while True:
        live = [i for i, ballot in enumerate(ballots) if ballot.round_id not in closed]
        stored = _upsert(conn, [ballots[i] for i in live])
        newly_closed = _closed_rounds(conn, {ballots[i].round_id for i in live})
        if not newly_closed:
            conn.commit()
            outcomes: list[Outcome] = ["closed"] * len(ballots)
            for index, outcome in zip(live, stored, strict=True):
                outcomes[index] = outcome
            return outcomes
        conn.rollback()
        closed |= newly_closed


def _settle(answer: "asyncio.Future[Outcome]", result: Outcome | BaseException) -> None:
    if answer.done():  # the request was cancelled meanwhile
        return
    if isinstance(result, BaseException):
        answer.set_exception(result)
    else:
        answer.set_result(result)


def _closed_rounds(conn: Connection, round_ids: set[str]) -> set[str]:
    """Rounds no longer open, read under a share lock that a close waits for until we commit.

    Read after the upsert: on SQLite the upsert took the database's write lock, so a close
    cannot slip in between this read and the commit either.
    """
    if not round_ids:
        return set()
    rows = conn.execute(
        select(DEFINITIONS.c.round_id, DEFINITIONS.c.status)
        .where(DEFINITIONS.c.round_id.in_(round_ids))
        .with_for_update(read=True)
    )
    return {round_id for round_id, status in rows if status != "open"}


def _upsert(conn: Connection, ballots: list[BallotWrite]) -> list[Outcome]:
    """Insert or replace each ballot; a voter's n-th ballot of the batch goes in statement n."""
    seen: Counter[tuple[str, str]] = Counter()
    waves: list[list[int]] = []
    for index, ballot in enumerate(ballots):
        key = (ballot.round_id, ballot.voter_key)
        if seen[key] == len(waves):
            waves.append([])
        waves[seen[key]].append(index)
        seen[key] += 1
    outcomes: list[Outcome] = ["paper-exists"] * len(ballots)
    for wave in waves:
        # The same row order in every process, so concurrent batches cannot deadlock.
        wave.sort(key=lambda i: (ballots[i].round_id, ballots[i].voter_key))
        rows = conn.execute(_statement(conn.dialect.name), [_row(ballots[i]) for i in wave])
        revisions = {(r.round_id, r.voter_key): r.revision for r in rows}
        for i in wave:
            revision = revisions.get((ballots[i].round_id, ballots[i].voter_key))
            if revision is not None:
                outcomes[i] = "created" if revision == 1 else "replaced"
    return outcomes


@cache
def _statement(dialect: str) -> Any:
    """INSERT ... ON CONFLICT DO UPDATE, unless the stored ballot is on paper; RETURNING tells.

    Built once and executed with many parameter sets: SQLAlchemy then writes one multi-row
    INSERT from its cached compilation instead of compiling a new statement per batch.
    """
    insert: postgresql.Insert | sqlite.Insert
    insert = postgresql.insert(BALLOTS) if dialect == "postgresql" else sqlite.insert(BALLOTS)
    replaced = {name: insert.excluded[name] for name in _REPLACED}
    return insert.on_conflict_do_update(
        index_elements=[BALLOTS.c.round_id, BALLOTS.c.voter_key],
        set_={**replaced, "revision": BALLOTS.c.revision + 1},
        where=BALLOTS.c.channel == "online",
    ).returning(BALLOTS.c.round_id, BALLOTS.c.voter_key, BALLOTS.c.revision)


def _row(ballot: BallotWrite) -> dict[str, Any]:
    return {**vars(ballot), "revision": 1}
