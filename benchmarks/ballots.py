"""Ballot intake: concurrent HTTP clients against the voting service on PostgreSQL, and in the
same run a plain asyncpg loop doing one upsert transaction per ballot (the reference).

    .venv/bin/python -m benchmarks.ballots                    # 16 clients, 3 x 8000 ballots
    .venv/bin/python -m benchmarks.ballots --clients 64 --ballots 20000 --json

The service runs as a real uvicorn process on loopback, on a throwaway schema of the database
at ``--postgres-url`` (default ``MB_TEST_POSTGRES_URL``). Each client keeps one HTTP/1.1
connection and casts one ballot after another, as a distinct resident; a ballot counts when the
service answered 201, which it does only after the ballot's transaction committed. The clients
are a small asyncio protocol (``benchmarks/http_client.py``) so that the client side costs as
little CPU as possible: on a small machine it shares the cores with the service and the
database. The plain loop is one upsert transaction per ballot over 16 connections; neither
side sets ``synchronous_commit``, both commit as the server is configured, and the output says
how. The two sides run in turn (``--runs``, 3 by default) and the medians are compared, since
rates on a shared machine swing from run to run. Targets (issue 4): the service at least
matches the plain loop; p99 at most 50 ms at 16 clients.
"""

import argparse
import asyncio
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

import asyncpg  # type: ignore[import-untyped]
import httpx

from benchmarks.cpu import cpu_use, per_ballot_us
from benchmarks.http_client import Connection, render_post
from medborgarbudget.synthetic import personnummer
from services.common.auth import Role, issue_token
from services.common.db import create_schema, make_engine
from services.common.settings import PlatformSettings
from services.voting.models import VotingModel

SERVICE_ROUND, REFERENCE_ROUND = "bench-service", "bench-reference"
REFERENCE_CONNECTIONS = 16
T = TypeVar("T")
WARM_UP_PER_CLIENT = 125  # both sides, before the measured runs
PROJECTS = [{"project_id": i, "cost": 10_000 * i} for i in range(1, 11)]
# The voters: residents of the kommun born from 1950 on (all of voting age), a new one per
# ballot; each run's numbers start this far after the previous run's.
KOMMUN = "Åre"
VOTERS_BORN_FROM = date(1950, 1, 1)
VOTERS_PER_RUN = 1_000_000
UPSERT = """
INSERT INTO ballot (round_id, voter_key, choices, channel, receipt, revision, cast_at)
VALUES ($1, $2, $3, 'online', $4, 1, $5)
ON CONFLICT (round_id, voter_key) DO UPDATE SET choices = EXCLUDED.choices,
    receipt = EXCLUDED.receipt, cast_at = EXCLUDED.cast_at, revision = ballot.revision + 1
"""


def run_measured(work: Coroutine[Any, Any, T]) -> T:
    """Both sides' clients on uvloop (as the service's server is): a load generator that costs
    less CPU leaves more of the two cores to what is measured."""
    try:
        import uvloop
    except ImportError:  # no uvloop on this platform
        return asyncio.run(work)
    return uvloop.run(work)


def _choices(index: int) -> list[int]:
    return [1 + index % 10, 1 + (index + 3) % 10]


def _figures(name: str, latencies: list[float], elapsed: float) -> dict[str, Any]:
    ordered = sorted(latencies)

    def percentile(share: float) -> float:
        return round(ordered[int(share * (len(ordered) - 1))] * 1000, 2)

    rate = round(len(ordered) / elapsed)
    return {"name": name, "ballots": len(ordered), "per_second": rate,
            "p50_ms": percentile(0.50), "p99_ms": percentile(0.99)}  # fmt: skip


async def _run_clients(
    clients: int, ballots: int, one: Callable[[int, int], Awaitable[float]]
) -> tuple[list[float], float]:
    """``clients`` loops share ballots 0..n-1; ``one(client, index)`` returns its latency."""
    queue = iter(range(ballots))
    latencies: list[float] = []

    async def loop(client: int) -> None:
        for index in queue:
            latencies.append(await one(client, index))

    start = time.perf_counter()
    await asyncio.gather(*(loop(c) for c in range(clients)))
    return latencies, time.perf_counter() - start


async def measure_service(
    port: int, pid: int, clients: int, ballots: int, first_voter: int
) -> dict[str, Any]:
    """Each ballot from a new voter (the ``first_voter``-th and on), signed in as a resident is:
    a personnummer as subject and the kommun as a claim, which the round's rules check. So every
    answer should be 201."""
    settings = PlatformSettings()
    path = f"/rounds/{SERVICE_ROUND}/ballots"
    requests = [
        render_post(
            path,
            json.dumps({"choices": _choices(i)}).encode(),
            issue_token(
                settings,
                personnummer(first_voter + i, born_from=VOTERS_BORN_FROM),
                [Role.RESIDENT],
                claims={"kommun": KOMMUN},
            ),
        )
        for i in range(ballots)
    ]
    connections = [await Connection.open(port) for _ in range(clients)]
    refused: list[int] = []

    async def one(client: int, index: int) -> float:
        start = time.perf_counter()
        status = await connections[client].send(requests[index])
        if status != 201:
            refused.append(status)
        return time.perf_counter() - start

    try:
        with cpu_use(pid) as used:  # the requests are rendered (tokens signed) before this
            latencies, elapsed = await _run_clients(clients, ballots, one)
    finally:
        for connection in connections:
            connection.close()
    if refused:
        raise SystemExit(f"the service refused {len(refused)} ballots: {sorted(set(refused))}")
    name = f"voting service, {clients} HTTP clients"
    return {**_figures(name, latencies, elapsed), "cpu_us": per_ballot_us(used, ballots)}


async def measure_reference(dsn: str, schema: str, ballots: int) -> dict[str, Any]:
    pool = await asyncpg.create_pool(
        dsn, min_size=REFERENCE_CONNECTIONS, max_size=REFERENCE_CONNECTIONS,
        server_settings={"search_path": schema},
    )  # fmt: skip
    connections = [await pool.acquire() for _ in range(REFERENCE_CONNECTIONS)]
    rows = [
        (REFERENCE_ROUND, secrets.token_hex(32), json.dumps(_choices(i)), secrets.token_urlsafe(16))
        for i in range(ballots)
    ]

    async def one(client: int, index: int) -> float:
        start = time.perf_counter()
        async with connections[client].transaction():
            await connections[client].execute(UPSERT, *rows[index], datetime.now(UTC))
        return time.perf_counter() - start

    try:
        with cpu_use() as used:  # before the pool closes: its backends' CPU goes with them
            latencies, elapsed = await _run_clients(REFERENCE_CONNECTIONS, ballots, one)
    finally:
        for connection in connections:
            await pool.release(connection)
        await pool.close()
    name = f"plain asyncpg loop, {REFERENCE_CONNECTIONS} connections"
    return {**_figures(name, latencies, elapsed), "cpu_us": per_ballot_us(used, ballots)}


@contextmanager
def throwaway_schema(dsn: str) -> Iterator[str]:
    schema = f"bench_{uuid.uuid4().hex[:12]}"

    async def run(sql: str) -> None:
        connection = await asyncpg.connect(dsn)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(run(f'CREATE SCHEMA "{schema}"'))
    try:
        yield schema
    finally:
        asyncio.run(run(f'DROP SCHEMA "{schema}" CASCADE'))


@contextmanager
def voting_service(dsn: str, schema: str, workers: int) -> Iterator[tuple[int, int]]:
    """The service as a uvicorn process on a free loopback port, stopped when the block ends:
    its port and process id."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    database_url = dsn.replace("postgresql://", "postgresql+psycopg://", 1)
    database_url += f"?options=-csearch_path%3D{schema}"
    engine = make_engine(database_url)
    create_schema(engine, VotingModel.metadata)  # once, before several workers race to
    engine.dispose()
    env = {**os.environ, "DATABASE_URL": database_url}
    command = [sys.executable, "-m", "uvicorn", "--factory", "services.voting.main:create_app",
               "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
               "--log-level", "warning", "--no-access-log"]  # fmt: skip
    process = subprocess.Popen(command, env=env)
    try:
        _wait_until_healthy(port, process)
        yield port, process.pid
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
    system = {"Authorization": f"Bearer {issue_token(PlatformSettings(), 'bench', [Role.SYSTEM])}"}
    now = datetime.now(UTC)
    ballot = {"budget": 500_000, "ballot_type": "approval", "max_choices": 3, "projects": PROJECTS,
              "eligibility": {"min_age": 16, "kommun": KOMMUN},
              "opens_at": (now - timedelta(hours=1)).isoformat(),
              "closes_at": (now + timedelta(days=1)).isoformat()}  # fmt: skip
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=system) as client:
        for round_id in (SERVICE_ROUND, REFERENCE_ROUND):
            client.put(f"/rounds/{round_id}/ballot", json=ballot).raise_for_status()
            client.post(f"/rounds/{round_id}/open").raise_for_status()


async def stored_ballots(dsn: str, schema: str) -> tuple[int, str]:
    """The service's stored ballots, and the durability both sides commit with.

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


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median rate (the lower middle one of an even number)."""
    return sorted(runs, key=lambda run: run["per_second"])[(len(runs) - 1) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--ballots", type=int, default=8000, help="per run and side")
    parser.add_argument("--runs", type=int, default=3, help="service and plain loop in turn")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    default_url = os.environ.get("MB_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1/test")
    parser.add_argument("--postgres-url", default=default_url)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if not 0 < args.ballots <= VOTERS_PER_RUN:
        parser.error(f"--ballots takes 1 to {VOTERS_PER_RUN:,} (a new voter for every ballot)")
    dsn = args.postgres_url.replace("postgresql+psycopg://", "postgresql://", 1)

    services: list[dict[str, Any]] = []
    references: list[dict[str, Any]] = []
    with throwaway_schema(dsn) as schema, voting_service(dsn, schema, args.workers) as service_at:
        port, pid = service_at
        open_rounds(port)
        warm_up = WARM_UP_PER_CLIENT * args.clients  # connections, caches: not measured
        run_measured(measure_service(port, pid, args.clients, warm_up, 0))
        run_measured(measure_reference(dsn, schema, warm_up))
        for run in range(args.runs):  # in turn, so that a busy moment hits both sides alike
            first = (run + 1) * VOTERS_PER_RUN
            measured = measure_service(port, pid, args.clients, args.ballots, first)
            services.append(run_measured(measured))
            references.append(run_measured(measure_reference(dsn, schema, args.ballots)))
        stored, durability = asyncio.run(stored_ballots(dsn, schema))
        stored -= warm_up
    if stored != args.ballots * args.runs:
        raise SystemExit(f"{args.ballots * args.runs} ballots were accepted, {stored} stored")
    service, reference = _median(services), _median(references)
    ratio = round(service["per_second"] / reference["per_second"], 2)
    if args.json:
        figures = {"service": service, "reference": reference, "ratio": ratio}
        runs = [{"service": s, "reference": r} for s, r in zip(services, references, strict=True)]
        print(json.dumps({**figures, "runs": runs, "workers": args.workers,
                          "synchronous_commit": durability}))  # fmt: skip
        return
    for run, (ours, theirs) in enumerate(zip(services, references, strict=True), start=1):
        print(f"run {run}: service {ours['per_second']} ballots/s, "
              f"plain loop {theirs['per_second']} ballots/s")  # fmt: skip
    print(f"median of {args.runs} runs each:")
    for figures in (service, reference):
        print(f"{figures['name']}: {figures['per_second']} ballots/s, "
              f"p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms")  # fmt: skip
    for figures in (service, reference):
        parts = ", ".join(f"{part} {us}" for part, us in figures["cpu_us"].items())
        total = sum(figures["cpu_us"].values())
        print(f"CPU µs per ballot, {figures['name'].split(',')[0]}: {parts}; total {total}")
    print(f"ratio service / plain loop: {ratio}; all {stored} accepted ballots are stored; "
          f"{args.workers} worker process(es); synchronous_commit = {durability}")  # fmt: skip


if __name__ == "__main__":
    main()
