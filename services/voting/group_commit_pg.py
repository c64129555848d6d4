"""Group commit on PostgreSQL, on the requests' own event loop.

The same batching as the threaded writer (``services.voting.group_commit``): every ballot
waiting goes into the next batch, a lone ballot is stored at once, and a few batches may commit
at the same time so the next need not wait for the previous one's disk flush. But the batches
are stored by tasks on the event loop, with psycopg's asynchronous connections: writer threads
took the GIL from the loop thousands of times a second (measured: a third more CPU per ballot
with four threads than with one), and every answer had to cross back between threads.

Each event loop has its own queue and connections, since a connection belongs to the loop it
was opened on (tests run an app on several loops; a server runs one). Connections stay open
while the loop lives and are closed by :meth:`AsyncBallotWriter.close` at shutdown, or when the
engine is disposed of.
"""

import asyncio
import logging
import weakref
from dataclasses import dataclass, field

from sqlalchemy import event
from sqlalchemy.engine import Engine

from services.voting.ballot_store import BallotWrite, Outcome
from services.voting.ballot_store_pg import PostgresStore
from services.voting.group_commit import Result, Waiting, answers, refusal, settle

log = logging.getLogger(__name__)
# Batches committing at once per process: two keep the disk busy while the next batch gathers;
# more only split the ballots waiting into smaller batches (measured with benchmarks/ballots.py).
MAX_WRITERS = 2


@dataclass
class _LoopQueue:
    """One event loop's ballots waiting, its writer tasks and its idle connections."""

    waiting: list[Waiting] = field(default_factory=list)
    # Writer tasks still storing; a writer leaves in the same step in which it finds nothing
    # waiting (a task's done callbacks run a step later: too late to count on).
    running: int = 0
    writers: set["asyncio.Task[None]"] = field(default_factory=set)
    idle: list[PostgresStore] = field(default_factory=list)


class AsyncBallotWriter:
    def __init__(self, engine: Engine, *, max_batch: int = 500, max_writers: int = MAX_WRITERS):
        self._engine = engine
        self._max_batch = max_batch
        self._max_writers = max_writers
        self._queues: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopQueue]
        self._queues = weakref.WeakKeyDictionary()
        # An app served without its lifespan (tests, and one event loop per request in
        # Starlette's TestClient) never calls close(): its connections go with the engine.
        event.listen(engine, "engine_disposed", self._abandon_idle)

    async def write(self, ballot: BallotWrite) -> Outcome:
        """Store the ballot; returns once the transaction holding it has committed."""
        loop = asyncio.get_running_loop()
        queue = self._queues.get(loop)
        if queue is None:
            queue = self._queues[loop] = _LoopQueue()
        answer: asyncio.Future[Outcome] = loop.create_future()
        queue.waiting.append((ballot, answer))
        if queue.running < self._max_writers:
            # Not tied to the request: a request given up on does not cut a batch short.
            queue.running += 1
            writer = loop.create_task(self._drain(queue))
            queue.writers.add(writer)
            writer.add_done_callback(queue.writers.discard)
        return await answer

    async def _drain(self, queue: _LoopQueue) -> None:
        """Store batches until none is waiting; one connection for the whole run."""
        store: PostgresStore | None = None
        try:
            while queue.waiting:
                batch = queue.waiting[: self._max_batch]
                del queue.waiting[: self._max_batch]
                ballots = [ballot for ballot, _ in batch]
                outcomes: list[Result] | BaseException
                try:
                    if store is None:
                        store = queue.idle.pop() if queue.idle else await self._connect()
                    outcomes = list(await store.store(ballots))
                except Exception as exc:  # every waiting request must get an answer
                    log.exception("storing a batch of %d ballots failed", len(batch))
                    outcomes = refusal(exc)
                    if store is not None:
                        if len(batch) > 1 and not store.closed:  # only the faulty ones fail
                            outcomes = [await _alone(store, ballot) for ballot in ballots]
                        await _close_quietly(store)  # the next batch starts afresh
                        store = None
                settle(answers(batch, outcomes))
        finally:
            queue.running -= 1
            if store is not None:
                queue.idle.append(store)

    async def _connect(self) -> PostgresStore:
        return await PostgresStore.connect(self._engine)

    async def close(self) -> None:
        """Close this event loop's idle connections (at the app's shutdown)."""
        queue = self._queues.pop(asyncio.get_running_loop(), None)
        if queue is None:
            return
        await asyncio.gather(*queue.writers, return_exceptions=True)
        for store in queue.idle:
            await _close_quietly(store)

    def _abandon_idle(self, _engine: Engine) -> None:
        for queue in list(self._queues.values()):
            for store in queue.idle:
                store.abandon()
            queue.idle.clear()


async def _alone(store: PostgresStore, ballot: BallotWrite) -> Result:
    try:
        [outcome] = await store.store([ballot])
    except Exception as exc:  # its request gets the answer, the others go on
        log.exception("storing a ballot on its own failed")
        return refusal(exc)
    return outcome


async def _close_quietly(store: PostgresStore) -> None:
    try:
        await store.close()
    except Exception:  # a broken connection: nothing more to do with it
        log.debug("closing a ballot store failed", exc_info=True)
