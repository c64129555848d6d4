"""Ballot intake through the ordinary route, durable on PostgreSQL, beside a plain asyncpg loop.

    .venv/bin/python -m benchmarks.ballots                    # 16 clients, 3 x 8000 ballots
    .venv/bin/python -m benchmarks.ballots --workers 2 --json

The voting service runs as `make run` and compose serve it (stock uvicorn, ``--workers``
processes), on a throwaway schema of the database at ``--postgres-url`` (default
``MB_TEST_POSTGRES_URL``). Each client keeps one HTTP/1.1 connection and casts one ballot after
another, as a distinct resident signed in; a ballot counts when the service answered 201, which
it does only after the ballot's transaction committed. The clients are a small asyncio protocol
(``benchmarks/http_client.py``): on a small machine they share the cores with the service and
the database.

Three sides run in turn (``--runs``, 3 by default; medians reported, since rates on a shared
machine swing from run to run): the service with group commit (``--batch-max``, the service's
default), the service with a commit per ballot (``MB_BALLOT_BATCH_MAX=1``: what group commit
gives), and for scale a plain loop of one upsert transaction per ballot over 16 asyncpg
connections. No side sets ``synchronous_commit``; the output says how the server commits.
Target (issue 17): with group commit, at 16 clients, at least 1,000 ballots/s with p99 at most
50 ms.
"""

import argparse
import asyncio
import json
import os
import secrets
import shlex
import time
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import ExitStack
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import asyncpg  # type: ignore[import-untyped]

from benchmarks.ballot_service import (
    KOMMUN,
    REFERENCE_ROUND,
    SERVICE_ROUND,
    Service,
    open_rounds,
    stored_ballots,
    throwaway_schema,
    voting_service,
)
from benchmarks.cpu import cpu_use, per_ballot_us
from benchmarks.http_client import Connection, render_post
from medborgarbudget.synthetic import personnummer
from services.common.auth import Role, issue_token
from services.common.settings import PlatformSettings
from services.voting.settings import VotingSettings

REFERENCE_CONNECTIONS = 16
T = TypeVar("T")
WARM_UP_PER_CLIENT = 125  # both sides, before the measured runs
# The voters: residents of the kommun born from 1950 on (all of voting age), a new one per
# ballot; each measurement's numbers start this far after the previous one's.
VOTERS_BORN_FROM = date(1950, 1, 1)
VOTERS_PER_RUN = 1_000_000
TARGET_PER_SECOND, TARGET_P99_MS = 1000, 50
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
    name: str, service: Service, clients: int, ballots: int, first_voter: int
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
    connections = [await Connection.open(service.port) for _ in range(clients)]
    refused: list[int] = []

    async def one(client: int, index: int) -> float:
        start = time.perf_counter()
        status = await connections[client].send(requests[index])
        if status != 201:
            refused.append(status)
        return time.perf_counter() - start

    try:
        with cpu_use(service.pid) as used:  # the requests are rendered (tokens signed) before this
            latencies, elapsed = await _run_clients(clients, ballots, one)
    finally:
        for connection in connections:
            connection.close()
    if refused:
        raise SystemExit(f"the service refused {len(refused)} ballots: {sorted(set(refused))}")
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


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median rate (the lower middle one of an even number)."""
    return sorted(runs, key=lambda run: run["per_second"])[(len(runs) - 1) // 2]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--ballots", type=int, default=8000, help="per run and side")
    parser.add_argument("--runs", type=int, default=3, help="the sides in turn, this many times")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    default_batch = VotingSettings.model_fields["ballot_batch_max"].default
    parser.add_argument("--batch-max", type=int, default=default_batch,
                        help="MB_BALLOT_BATCH_MAX of the group-commit side")  # fmt: skip
    parser.add_argument("--uvicorn-args", default="", help='e.g. "--loop asyncio --http h11"')
    default_url = os.environ.get("MB_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1/test")
    parser.add_argument("--postgres-url", default=default_url)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if not 0 < args.ballots <= VOTERS_PER_RUN:
        parser.error(f"--ballots takes 1 to {VOTERS_PER_RUN:,} (a new voter for every ballot)")
    return args


def main() -> None:
    args = _arguments()
    dsn = args.postgres_url.replace("postgresql+psycopg://", "postgresql://", 1)
    sides = {"service": args.batch_max, "commit_per_ballot": 1}
    names = {side: f"voting service, {args.clients} HTTP clients, MB_BALLOT_BATCH_MAX={batch}"
             for side, batch in sides.items()}  # fmt: skip
    runs: list[dict[str, dict[str, Any]]] = []
    cast = 0
    with throwaway_schema(dsn) as schema, ExitStack() as stack:
        services = {
            side: stack.enter_context(voting_service(
                dsn, schema, workers=args.workers, batch_max=batch,
                uvicorn_args=shlex.split(args.uvicorn_args)))
            for side, batch in sides.items()
        }  # fmt: skip

        def measure(side: str, ballots: int) -> dict[str, Any]:
            nonlocal cast
            if side == "reference":
                return run_measured(measure_reference(dsn, schema, ballots))
            first_voter, cast = cast, cast + VOTERS_PER_RUN  # a new voter for every ballot
            work = measure_service(names[side], services[side], args.clients, ballots, first_voter)
            return run_measured(work)

        open_rounds(services["service"].port)
        warm_up = WARM_UP_PER_CLIENT * args.clients  # connections, caches: not measured
        for side in (*sides, "reference"):
            measure(side, warm_up)
        for _ in range(args.runs):  # in turn, so that a busy moment hits every side alike
            runs.append({side: measure(side, args.ballots) for side in (*sides, "reference")})
        stored, durability = asyncio.run(stored_ballots(dsn, schema))
    expected = len(sides) * (warm_up + args.ballots * args.runs)
    if stored != expected:
        raise SystemExit(f"{expected} ballots were accepted, {stored} stored")
    _report(args, runs, durability)


def _report(
    args: argparse.Namespace, runs: list[dict[str, dict[str, Any]]], durability: str
) -> None:
    medians = {side: _median([run[side] for run in runs]) for side in runs[0]}
    service = medians["service"]
    met = service["per_second"] >= TARGET_PER_SECOND and service["p99_ms"] <= TARGET_P99_MS
    ratio = round(service["per_second"] / medians["reference"]["per_second"], 2)
    if args.json:
        print(json.dumps({**medians, "ratio": ratio, "target_met": met, "runs": runs,
                          "workers": args.workers, "clients": args.clients,
                          "synchronous_commit": durability}))  # fmt: skip
        return
    for number, run in enumerate(runs, start=1):
        rates = ", ".join(f"{side} {figures['per_second']}" for side, figures in run.items())
        print(f"run {number} (ballots/s): {rates}")
    print(f"median of {args.runs} runs each:")
    for figures in medians.values():
        print(f"{figures['name']}: {figures['per_second']} ballots/s, "
              f"p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms")  # fmt: skip
    for figures in medians.values():
        parts = ", ".join(f"{part} {us}" for part, us in figures["cpu_us"].items())
        total = sum(figures["cpu_us"].values())
        print(f"CPU µs per ballot, {figures['name']}: {parts}; total {total}")
    print(f"target ({TARGET_PER_SECOND} ballots/s, p99 <= {TARGET_P99_MS} ms, group commit): "
          f"{'met' if met else 'NOT met'}; service / plain loop {ratio}; "
          f"{args.workers} worker process(es); synchronous_commit = {durability}")  # fmt: skip


if __name__ == "__main__":
    main()
