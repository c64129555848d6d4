"""Killed mid-way through 10,000 invitations, twice: the notify service as a real uvicorn
process, sending to a real SMTP server on loopback, SIGKILLed while it sends and started again.

What the design guarantees (services/notify/channels.py, docs/api.md): a message is committed
"sent" just before its end of data, so one whose sender dies before that commit was discarded
by the server and goes again, and one committed is never sent again. Every address gets exactly
one invitation, none lost, except for a message whose sender dies between that commit and the
write of its end of data (left uncertain; ``benchmarks/mail_crash.py`` counts how often random
kills land there). So each kill here is placed where every message in flight is on one side:

1. The test holds the database's write lock, so every sender waits on its next write: those
   in the middle of a message wait on its "sent" commit, their end of data not yet written.
   Killed there, those messages must be discarded by the server and sent again, once.
2. The mail server holds its answer to the end of data until every sender waits for one:
   each message in flight is committed and handed over. Killed there, none may go again.
"""

import asyncio
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from benchmarks.mail_contacts import address
from benchmarks.notify_process import (
    SENDERS,
    NotifyProcess,
    fresh_database,
    statuses,
    wait_until,
)
from services.common.db import make_engine
from tests.services.notify.mail_sink import Collector, smtp_sink

INVITATIONS = 10_000
pytestmark = [pytest.mark.crash, pytest.mark.slow, pytest.mark.timeout(900)]


class Holding(Collector):
    """Counts the recipients taken (RCPT) to know how many messages are in flight, and while
    ``hold`` is set keeps every message it took waiting for its answer."""

    def __init__(self) -> None:
        super().__init__(parse=False)
        self.rcpts = 0
        self.held = 0
        self.hold = False

    async def handle_RCPT(  # noqa: N802
        self, _server: Any, _session: Any, envelope: Any, address: str, _options: list[str]
    ) -> str:
        self.rcpts += 1
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        answer = await super().handle_DATA(server, session, envelope)  # it has the message
        if self.hold:
            self.held += 1
            while self.hold:  # the answer waits (a kill meanwhile cancels it: kept anyway)
                await asyncio.sleep(0.01)
        return answer


@contextmanager
def _write_lock(database_url: str) -> Iterator[None]:
    """Every writer waits while this is held (the senders' SQLite busy timeout is 30 s)."""
    if database_url.startswith("sqlite"):
        lite = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=30)
        lite.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            lite.rollback()
            lite.close()
        return
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            connection.execute(text("LOCK TABLE notify_delivery IN EXCLUSIVE MODE"))
            yield
            connection.rollback()
    finally:
        engine.dispose()


def _settled(sink: Holding) -> Callable[[], bool]:
    """True once the sink took nothing new for a second: every sender waits."""
    seen = [-1, time.monotonic()]

    def settled() -> bool:
        if len(sink.received) != seen[0]:
            seen[:] = [len(sink.received), time.monotonic()]
        return time.monotonic() - seen[1] > 1.0

    return settled


def test_a_killed_sender_restarted_sends_every_invitation_exactly_once(
    database_url: str, tmp_path: Path
) -> None:
    fresh_database(database_url, INVITATIONS)
    sink = Holding()
    with smtp_sink(collector=sink) as (_sink, smtp_port):
        notify = NotifyProcess(database_url, smtp_port, tmp_path / "notify.log")
        notify.start()
        try:
            assert notify.announce() == INVITATIONS
            wait_until(lambda: len(sink.received) >= INVITATIONS // 4, "a quarter sent", 300)
            with _write_lock(database_url):  # 1: killed before the "sent" commits
                wait_until(_settled(sink), "the senders to wait on the database", 20)
                unfinished = sink.rcpts - len(sink.received)
                notify.kill()
            first_kill = len(sink.received)
            assert 1 <= unfinished <= SENDERS, "no message was cut off in its DATA"
            notify.start()
            # A retry of the workflow's request after the restart queues nothing new.
            assert notify.announce(timeout=60) == INVITATIONS
            wait_until(lambda: len(sink.received) >= INVITATIONS // 2, "half sent", 300)
            sink.hold = True  # 2: killed while every sender waits for its answer
            wait_until(lambda: sink.held >= SENDERS, "every sender to wait for an answer", 30)
            notify.kill()
            sink.hold = False
            second_kill = len(sink.received)
            assert second_kill < INVITATIONS, "all were sent before the kill; nothing was tested"
            notify.start()
            wait_until(lambda: notify.sent() == INVITATIONS, "every invitation", 400)
        finally:
            sink.hold = False  # a failed wait must not leave the sink's answers held
            notify.kill()
        copies = Counter(to for to, _mid in sink.received)
    assert max(copies.values()) == 1, "an address got a second copy"
    assert set(copies) == {address(n) for n in range(INVITATIONS)}, "an invitation was lost"
    assert statuses(database_url) == {("sent", None): INVITATIONS}
    print(
        f"killed after {first_kill} with {unfinished} cut off in their DATA, then after "
        f"{second_kill} with {SENDERS} waiting for their answer; {len(copies)} delivered once"
    )
