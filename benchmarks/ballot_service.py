"""The ballot benchmark's setting: a throwaway PostgreSQL schema, the voting service on it as a
stock uvicorn process, its rounds opened, and what was stored counted afterwards."""

import asyncio
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

import asyncpg  # type: ignore[import-untyped]
import httpx

from services.common.auth import Role, issue_token
from services.common.db import create_schema, make_engine
from services.common.settings import PlatformSettings
from services.voting.models import VotingModel

SERVICE_ROUND, REFERENCE_ROUND = "bench-service", "bench-reference"
KOMMUN = "Åre"
PROJECTS = [{"project_id": i, "cost": 10_000 * i} for i in range(1, 11)]


class Service(NamedTuple):
    port: int
    pid: int


async def _execute(dsn: str, sql: str) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@contextmanager
def throwaway_schema(dsn: str) -> Iterator[str]:
    """A new schema with the voting tables, dropped when the block ends."""
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    asyncio.run(_execute(dsn, f'CREATE SCHEMA "{schema}"'))
    try:
        engine = make_engine(database_url(dsn, schema))
        create_schema(engine, VotingModel.metadata)  # once, before several processes race to
        engine.dispose()
        yield schema
    finally:
        asyncio.run(_execute(dsn, f'DROP SCHEMA "{schema}" CASCADE'))


def database_url(dsn: str, schema: str) -> str:
    url = dsn.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"{url}?options=-csearch_path%3D{schema}"


@contextmanager
def voting_service(
    dsn: str, schema: str, *, workers: int, batch_max: int, uvicorn_args: Sequence[str] = ()
) -> Iterator[Service]:
    """The service as `make run` and compose serve it (stock uvicorn, ``workers`` processes),
    on a free loopback port, stopped when the block ends."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    env = {**os.environ, "DATABASE_URL": database_url(dsn, schema),
           "MB_BALLOT_BATCH_MAX": str(batch_max)}  # fmt: skip
    command = [sys.executable, "-m", "uvicorn", "--factory", "services.voting.main:create_app",
               "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
               "--log-level", "warning", "--no-access-log", *uvicorn_args]  # fmt: skip
    process = subprocess.Popen(command, env=env)
    try:
        _wait_until_healthy(port, process)
        yield Service(port, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_healthy(port: int, process: "subprocess.Popen[bytes]") -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the voting service exited with {process.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).is_success:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("the voting service did not start within 30 s")


def open_rounds(port: int) -> None:
    """Both rounds under the same rules: the service's, and the plain loop's (its rows)."""
    system = {"Authorization": f"Bearer {issue_token(PlatformSettings(), 'bench', [Role.SYSTEM])}"}
    now = datetime.now(UTC)
    ballot = {"kommun": KOMMUN, "budget": 500_000, "ballot_type": "approval", "max_choices": 3,
              "projects": PROJECTS,
              "eligibility": {"min_age": 16, "kommun": KOMMUN},
              "opens_at": (now - timedelta(hours=1)).isoformat(),
              "closes_at": (now + timedelta(days=1)).isoformat()}  # fmt: skip
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=system) as client:
        for round_id in (SERVICE_ROUND, REFERENCE_ROUND):
            client.put(f"/rounds/{round_id}/ballot", json=ballot).raise_for_status()
            client.post(f"/rounds/{round_id}/open").raise_for_status()


async def stored_ballots(dsn: str, schema: str) -> tuple[int, str]:
    """The service's stored ballots, and the durability every side commits with.

    Neither the service nor the plain loop sets ``synchronous_commit``: both connect as the same
    user to the same database and commit as the server is configured (``on``: a commit returns
    once its WAL is flushed to disk).
    """
    connection = await asyncpg.connect(dsn, server_settings={"search_path": schema})
    try:
        count: int = await connection.fetchval(
            "SELECT count(*) FROM ballot WHERE round_id = $1", SERVICE_ROUND
        )
        return count, await connection.fetchval("SHOW synchronous_commit")
    finally:
        await connection.close()
