"""Killed mid-way through 10,000 invitations: the notify service as a real uvicorn process,
sending to a real SMTP server on loopback, SIGKILLed while it sends and started again.

What the design guarantees (services/notify/channels.py, docs/api.md): no address ever gets a
second copy, and every invitation ends sent, or uncertain when its sender died between the end
of data and the server's answer (at most one per sender; such a message is never sent again).
An uncertain one may have arrived or not (it is lost only if the process died in the instant
between recording the hand-over and writing the end of data): only those may be missing.
Every other address has exactly one invitation."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from benchmarks.mail_contacts import add_contacts, address
from services.common.auth import Role, issue_token
from services.common.db import make_engine
from services.common.migrations import upgrade
from services.common.pseudonym import contact_key
from services.common.settings import DEV_PSEUDONYM_SECRET, ServiceSettings
from services.notify.models import Delivery
from tests.services.notify.mail_sink import Collector, smtp_sink

INVITATIONS = 10_000
SENDERS = 4  # MB_NOTIFY_CONNECTIONS: at most one message each in flight at the kill
pytestmark = [pytest.mark.crash, pytest.mark.slow, pytest.mark.timeout(900)]


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
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def test_a_killed_sender_restarted_sends_every_invitation_once(
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
    sink: Collector
    with smtp_sink(parse=False) as (sink, smtp_port):
        process = _start(database_url, smtp_port, port, log)
        try:
            queued = httpx.post(url, json=body, headers=headers, timeout=120)
            assert queued.status_code == 201, queued.text
            assert queued.json()["recipients"] == INVITATIONS
            _wait(lambda: len(sink.received) >= INVITATIONS // 3, "a third sent", 300)
            _kill(process)
            at_kill = len(sink.received)
            assert at_kill < INVITATIONS, "all were sent before the kill; nothing was tested"
            process = _start(database_url, smtp_port, port, log)
            # A retry of the workflow's request after the restart queues nothing new.
            again = httpx.post(url, json=body, headers=headers, timeout=60)
            assert again.status_code == 201 and again.json()["recipients"] == INVITATIONS

            def all_done() -> bool:
                totals = httpx.get(url, headers=headers, timeout=10).json()["totals"]
                return bool(totals["sent"] + totals["uncertain"] == INVITATIONS)

            _wait(all_done, "every invitation", 400)
        finally:
            _kill(process)
        copies = Counter(to for to, _mid in sink.received)
    uncertain = _uncertain_addresses(database_url)
    assert max(copies.values()) == 1, "an address got a second copy"
    missing = {address(n) for n in range(INVITATIONS)} - set(copies)
    assert missing <= uncertain, "an invitation that was not uncertain never arrived"
    assert len(uncertain) <= SENDERS, "more uncertain than messages in flight at the kill"
    assert sum(copies.values()) == INVITATIONS - len(missing)
    print(
        f"killed after {at_kill} of {INVITATIONS}; uncertain: {len(uncertain)}, "
        f"of which arrived: {len(uncertain - missing)}"
    )


def _uncertain_addresses(database_url: str) -> set[str]:
    by_key = {contact_key(DEV_PSEUDONYM_SECRET, f"person-{n}"): n for n in range(INVITATIONS)}
    engine = make_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(Delivery.contact_key, Delivery.status).where(  # type: ignore[call-overload]
                Delivery.status.not_in(["sent"])  # type: ignore[attr-defined]
            )
        ).all()
    engine.dispose()
    assert {status for _key, status in rows} <= {"uncertain"}, rows[:5]
    return {address(by_key[key]) for key, _status in rows}
