"""Killed mid-way through 10,000 invitations, twice: the notify service as a real uvicorn
process, sending to a real SMTP server on loopback, SIGKILLed while it sends and started again.

What the design guarantees (services/notify/channels.py, docs/api.md): a message is committed
"sent" just before its end of data, so one whose sender dies before that commit was discarded
by the server and goes again, and one committed is never sent again. Every address gets exactly
one invitation, none lost, except for a message whose sender dies within the one write between
that commit and its end of data. A kill at a random instant may land there (four senders, one
process), so each kill here is placed where every message in flight is on one side of it:

1. The test holds the database's write lock, so every sender waits on its next write: those
   in the middle of a message wait on its "sent" commit, their end of data not yet written.
   Killed there, those messages must be discarded by the server and sent again, once.
2. The mail server holds its answer to the end of data until every sender waits for one:
   each message in flight is committed and handed over. Killed there, none may go again.
"""

import asyncio
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text

from benchmarks.mail_contacts import add_contacts, address
from services.common.auth import Role, issue_token
from services.common.db import make_engine
from services.common.migrations import upgrade
from services.common.settings import ServiceSettings
from services.notify.models import Delivery
from tests.services.notify.mail_sink import Collector, smtp_sink

INVITATIONS = 10_000
SENDERS = 4  # MB_NOTIFY_CONNECTIONS: at most one message each in flight at a kill
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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start(database_url: str, smtp_port: int, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "DATABASE_URL": database_url,
        "MB_ENVIRONMENT": "development",
        "MB_SMTP_HOST": "127.0.0.1",
        "MB_SMTP_PORT": str(smtp_port),
        "MB_NOTIFY_RATE": "5000",
        "MB_NOTIFY_LEASE_SECONDS": "6",
        "MB_NOTIFY_BATCH": "50",
        "MB_NOTIFY_CONNECTIONS": str(SENDERS),
        "MB_LOG_FORMAT": "plain",
    }
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "services.notify.main:create_app",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
    ]  # fmt: skip
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    _wait(lambda: _answers(f"http://127.0.0.1:{port}/health"), "notify to start", 60)
    return process


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _wait(ready: Callable[[], bool], what: str, seconds: float) -> None:
    give_up = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > give_up:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def _kill(process: subprocess.Popen[bytes]) -> None:
    if process.returncode is not None:  # killed already (a failure between kill and restart)
        return
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


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
    engine = make_engine(database_url)
    upgrade("notify", engine)
    add_contacts(engine, INVITATIONS)
    engine.dispose()
    port, log = _free_port(), tmp_path / "notify.log"
    token = issue_token(ServiceSettings(environment="development"), "wf", [Role.SYSTEM])
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "are-2027:announce"}
    params = {"round_title": "Åre 2027", "closes_at": "2027-05-31T20:00:00+00:00"}
    body = {"event": "voting_opened", "kommun": "Åre", "params": params}
    url = f"http://127.0.0.1:{port}/rounds/are-2027/announcements"
    sink = Holding()
    with smtp_sink(collector=sink) as (_sink, smtp_port):
        process = _start(database_url, smtp_port, port, log)
        try:
            queued = httpx.post(url, json=body, headers=headers, timeout=120)
            assert queued.status_code == 201, queued.text
            assert queued.json()["recipients"] == INVITATIONS
            _wait(lambda: len(sink.received) >= INVITATIONS // 4, "a quarter sent", 300)
            with _write_lock(database_url):  # 1: killed before the "sent" commits
                _wait(_settled(sink), "the senders to wait on the database", 20)
                unfinished = sink.rcpts - len(sink.received)
                _kill(process)
            first_kill = len(sink.received)
            assert 1 <= unfinished <= SENDERS, "no message was cut off in its DATA"
            process = _start(database_url, smtp_port, port, log)
            # A retry of the workflow's request after the restart queues nothing new.
            again = httpx.post(url, json=body, headers=headers, timeout=60)
            assert again.status_code == 201 and again.json()["recipients"] == INVITATIONS
            _wait(lambda: len(sink.received) >= INVITATIONS // 2, "half sent", 300)
            sink.hold = True  # 2: killed while every sender waits for its answer
            _wait(lambda: sink.held >= SENDERS, "every sender to wait for an answer", 30)
            _kill(process)
            sink.hold = False
            second_kill = len(sink.received)
            assert second_kill < INVITATIONS, "all were sent before the kill; nothing was tested"
            process = _start(database_url, smtp_port, port, log)

            def all_sent() -> bool:
                totals = httpx.get(url, headers=headers, timeout=10).json()["totals"]
                return bool(totals["sent"] == INVITATIONS)

            _wait(all_sent, "every invitation", 400)
        finally:
            _kill(process)
        copies = Counter(to for to, _mid in sink.received)
    assert max(copies.values()) == 1, "an address got a second copy"
    assert set(copies) == {address(n) for n in range(INVITATIONS)}, "an invitation was lost"
    assert _statuses(database_url) == {("sent", None): INVITATIONS}
    print(
        f"killed after {first_kill} with {unfinished} cut off in their DATA, then after "
        f"{second_kill} with {SENDERS} waiting for their answer; {len(copies)} delivered once"
    )


def _statuses(database_url: str) -> Counter[tuple[str, str | None]]:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(Delivery.status, Delivery.reason)  # type: ignore[call-overload]
        ).all()
    engine.dispose()
    return Counter((str(status), reason) for status, reason in rows)
