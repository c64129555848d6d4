"""Group commit: ballots from concurrent requests are stored together, in one transaction.

One writer for SQLite and PostgreSQL alike, a thread storing batches through SQLAlchemy.
Why: a transaction per ballot pays a durable commit (a disk flush) and a round trip per ballot,
and a busy round brings thousands of ballots a second. A writer takes every ballot waiting,
stores them with one store call (``services.voting.ballot_store``: upsert, check under lock that
their rounds are still open, commit), and only then answers each request of the batch. Ballots
that arrive during a commit form the next batch, so batches grow with the load by themselves; a
lone ballot is committed at once, with no timer to wait for. ``max_batch`` bounds a batch
(``MB_BALLOT_BATCH_MAX``); 1 turns group commit off: each request stores its ballot in a
transaction of its own, concurrently, as an ordinary route writes.

A batch the database refuses is stored again one ballot at a time, so that a value one request
brings (or a clash with a stored row) fails that request only, with a 4xx (:func:`refusal`),
and never the other voters' ballots that shared its batch.
"""

import asyncio
import logging
import threading
from collections import defaultdict
from contextlib import suppress

from sqlalchemy import exc as sql_errors
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from services.common.errors import Problem
from services.voting.ballot_store import BallotWrite, Outcome, SqlStore

log = logging.getLogger(__name__)
Waiting = tuple[BallotWrite, "asyncio.Future[Outcome]"]
# A ballot's outcome, or the error to answer its request with.
Result = Outcome | BaseException
Answer = tuple["asyncio.Future[Outcome]", Result]


def refusal(error: Exception) -> Exception:
    """What to answer for a lone ballot the database refused: a 409 for a clash with a stored
    row (two receipt codes alike: casting again draws a new one), a 422 for a value it cannot
    store (the request's validation should have caught it); any other error as it is."""
    if isinstance(error, sql_errors.IntegrityError):
        return Problem(
            409,
            "Rösten kunde inte registreras just nu. Försök igen. "
            "Your ballot could not be recorded just now; please try again.",
            code="ballot-not-stored",
        )
    if isinstance(error, sql_errors.DataError):
        return Problem(
            422,
            "Röstsedeln innehåller ett värde som inte kan sparas. "
            "The ballot holds a value that cannot be stored.",
            code="ballot-value-refused",
        )
    return error


class BallotWriter:
    """Stores ballots for any number of event loops, from one thread per process that ends
    after ``linger`` idle. One thread is enough: it commits whatever waits, so batches grow
    with the load (and SQLite takes one writer at a time anyway)."""

    def __init__(
        self,
        engine: Engine,
        *,
        max_batch: int = 500,
        linger: float = 1.0,
    ) -> None:
        self._engine = engine
        self._max_batch = max_batch
        self._linger = linger
        self._waiting: list[Waiting] = []
        self._wakeup = threading.Condition()
        self._writers = 0  # the thread running: 0 or 1
        self._idle = 0  # it waits for ballots: 0 or 1
        self._thread: threading.Thread | None = None
        self._stopping = False  # close(): end when nothing waits, not after ``linger``

    @property
    def _running(self) -> bool:
        return self._writers > 0

    async def write(self, ballot: BallotWrite) -> Outcome:
        """Store the ballot; returns once the transaction holding it has committed."""
        if self._max_batch == 1:  # no batching: the request's own transaction, as any route's
            return await run_in_threadpool(self._store_alone, ballot)
        answer: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        with self._wakeup:
            self._waiting.append((ballot, answer))
            if self._idle:
                self._wakeup.notify()
            elif not self._writers:
                self._writers += 1
                self._thread = threading.Thread(target=self._run, name="ballot-writer", daemon=True)
                self._thread.start()
        return await answer

    def _next_batch(self) -> list[Waiting]:
        """The ballots waiting now, or after up to ``linger`` seconds; none ends the thread."""
        with self._wakeup:
            if not self._waiting:
                # Another writer may take what woke this one: wait on until ``linger`` is up,
                # so that a busy service does not end and start threads all the time.
                self._idle += 1
                self._wakeup.wait_for(lambda: self._waiting or self._stopping, self._linger)
                self._idle -= 1
            batch = self._waiting[: self._max_batch]
            del self._waiting[: self._max_batch]
            if not batch:
                self._writers -= 1
            return batch

    def close(self, timeout: float = 10.0) -> None:
        """End the thread once what waits is stored, and with it its connection: the app's
        lifespan calls this before disposing the engine, which cannot close a connection
        still checked out. A later ballot starts a thread again."""
        with self._wakeup:
            thread = self._thread
            self._stopping = True
            self._wakeup.notify_all()
        try:
            if thread is not None:
                thread.join(timeout)
        finally:
            with self._wakeup:
                self._stopping = False

    def _run(self) -> None:
        """Keeps one store (one connection) while busy: no pool checkout and ping per batch."""
        store: SqlStore | None = None
        try:
            while batch := self._next_batch():
                ballots = [ballot for ballot, _ in batch]
                outcomes: list[Result] | BaseException
                try:
                    store = store or SqlStore(self._engine)
                    outcomes = list(store.store(ballots))
                except Exception as exc:  # every waiting request must get an answer
                    log.exception("storing a batch of %d ballots failed", len(batch))
                    if store is not None:
                        store.close()  # whatever state it is in, the next batch starts afresh
                        store = None
                    each = self._one_by_one(ballots) if len(batch) > 1 else None
                    # None: a lone ballot, or no database to try again: the batch's error.
                    outcomes = refusal(exc) if each is None else each
                _answer(batch, outcomes)
        finally:
            if store is not None:
                store.close()

    def _store_alone(self, ballot: BallotWrite) -> Outcome:
        store = SqlStore(self._engine)
        try:
            result = _alone(store, ballot)
        finally:
            store.close()
        if isinstance(result, BaseException):
            raise result
        return result

    def _one_by_one(self, ballots: list[BallotWrite]) -> list[Result] | None:
        """Each ballot's own outcome or error; ``None`` if no connection is to be had."""
        try:
            store = SqlStore(self._engine)
        except Exception:  # the thread must live on to answer the batch
            log.exception("no connection to store a failed batch's ballots one by one")
            return None
        try:
            return [_alone(store, ballot) for ballot in ballots]
        finally:
            store.close()


def _alone(store: SqlStore, ballot: BallotWrite) -> Result:
    try:
        [outcome] = store.store([ballot])
    except Exception as exc:  # its request gets the answer, the others go on
        log.exception("storing a ballot on its own failed")
        return refusal(exc)
    return outcome


def answers(batch: list[Waiting], outcomes: list[Result] | BaseException) -> list[Answer]:
    """Each waiting request with its ballot's outcome, or with the error the batch failed on."""
    if isinstance(outcomes, BaseException):
        return [(answer, outcomes) for _, answer in batch]
    return [(answer, outcome) for (_, answer), outcome in zip(batch, outcomes, strict=True)]


def _answer(batch: list[Waiting], outcomes: list[Result] | BaseException) -> None:
    """One wake-up per event loop for the whole batch, not one per ballot."""
    by_loop: defaultdict[asyncio.AbstractEventLoop, list[Answer]] = defaultdict(list)
    for answer, result in answers(batch, outcomes):
        by_loop[answer.get_loop()].append((answer, result))
    for loop, loop_answers in by_loop.items():
        # RuntimeError: the requests' event loop is gone, nobody waits for these answers.
        with suppress(RuntimeError):
            loop.call_soon_threadsafe(settle, loop_answers)


def settle(batch_answers: list[Answer]) -> None:
    """Give each waiting request its outcome (or the batch's error), on the requests' loop."""
    for answer, result in batch_answers:
        if answer.done():  # the request was cancelled meanwhile
            continue
        if isinstance(result, BaseException):
            answer.set_exception(result)
        else:
            answer.set_result(result)
