"""The notify service as a real uvicorn process sending to an SMTP sink on loopback: its
database made ready with many consenting residents, the process started, asked once to invite
them all, killed by its process group (SIGKILL, as a crash) and started again. Shared by the
crash test (tests/services/notify/test_crash.py, kills at chosen moments) and the crash
benchmark (benchmarks/mail_crash.py, kills at random ones)."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlmodel import col

from benchmarks.mail_contacts import add_contacts
from services.common.auth import Role, issue_token
from services.common.db import make_engine
from services.common.migrations import VERSION_TABLE, service_metadata, target_metadata, upgrade
from services.common.settings import ServiceSettings
from services.notify.models import Delivery

SENDERS = 4  # MB_NOTIFY_CONNECTIONS: at most one message each in flight at a kill
ROUND = "are-2027"
ANNOUNCEMENT: dict[str, Any] = {
    "event": "voting_opened",
    "kommun": "Åre",  # benchmarks.mail_contacts' residents live there
    "params": {"round_title": "Åre 2027", "closes_at": "2027-05-31T20:00:00+00:00"},
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until(ready: Callable[[], bool], what: str, seconds: float) -> None:
    give_up = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > give_up:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.1)


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def fresh_database(database_url: str, residents: int) -> None:
    """The notify tables made anew (dropped first, when an earlier run left them), with
    ``residents`` consenting contacts in Åre."""
    engine = make_engine(database_url)
    try:
        target_metadata(service_metadata("notify")).drop_all(engine)
        with engine.begin() as connection:
            connection.execute(text(f"DROP TABLE IF EXISTS {VERSION_TABLE}"))
        upgrade("notify", engine)
        add_contacts(engine, residents)
    finally:
        engine.dispose()


def waiting(engine: Engine, announcement_id: int | None = None) -> int:
    """Deliveries not yet handled (of one announcement, or all): queued, or claimed by a
    sender (alive or killed)."""
    query = select(func.count()).select_from(Delivery)
    query = query.where(col(Delivery.status).in_(["queued", "sending"]))
    if announcement_id is not None:
        query = query.where(col(Delivery.announcement_id) == announcement_id)
    with engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def statuses(database_url: str) -> Counter[tuple[str, str | None]]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(col(Delivery.status), col(Delivery.reason))).all()
    finally:
        engine.dispose()
    return Counter((str(status), reason) for status, reason in rows)


class NotifyProcess:
    """One notify service at a time on a free port (``start`` again after ``kill``), its four
    senders sending to the SMTP server at ``smtp_port``, its output appended to ``log``."""

    def __init__(self, database_url: str, smtp_port: int, log: Path) -> None:
        self.database_url = database_url
        self.smtp_port = smtp_port
        self.log = log
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        token = issue_token(ServiceSettings(environment="development"), "wf", [Role.SYSTEM])
        self.headers = {
            "Authorization": f"Bearer {token}",
            "Idempotency-Key": f"{ROUND}:announce",
        }
        self.url = f"http://127.0.0.1:{self.port}/rounds/{ROUND}/announcements"

    def start(self, timeout: float = 60) -> None:
        env = os.environ | {
            "DATABASE_URL": self.database_url,
            "MB_ENVIRONMENT": "development",
            "MB_SMTP_HOST": "127.0.0.1",
            "MB_SMTP_PORT": str(self.smtp_port),
            "MB_NOTIFY_RATE": "5000",
            "MB_NOTIFY_LEASE_SECONDS": "6",
            "MB_NOTIFY_BATCH": "50",
            "MB_NOTIFY_CONNECTIONS": str(SENDERS),
            "MB_INTAKE_URL": "",  # no relay of questions: only the invitations run
            "MB_LOG_FORMAT": "plain",
        }
        command = [
            sys.executable, "-m", "uvicorn", "--factory", "services.notify.main:create_app",
            "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning",
        ]  # fmt: skip
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        health = f"http://127.0.0.1:{self.port}/health"
        wait_until(lambda: answers(health), "notify to start", timeout)

    def kill(self) -> None:
        """SIGKILL to the process group; nothing when it is not running."""
        if self.process is None or self.process.returncode is not None:
            return
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def announce(self, timeout: float = 120) -> int:
        """Asks for the invitations (again: the same Idempotency-Key queues nothing new);
        how many recipients the announcement has."""
        answer = httpx.post(self.url, json=ANNOUNCEMENT, headers=self.headers, timeout=timeout)
        if answer.status_code != 201:
            raise AssertionError(f"announcing answered {answer.status_code}: {answer.text}")
        recipients: int = answer.json()["recipients"]
        return recipients

    def sent(self) -> int:
        """The round's deliveries the service counts as sent."""
        totals = httpx.get(self.url, headers=self.headers, timeout=10).json()["totals"]
        return int(totals["sent"])
