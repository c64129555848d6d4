"""What the crash tests need around a running stack: clients that keep trying through a crash
the way a browser or an integration would, a kommun that tells when its diarium is called, and
SIGKILL-then-restart of any process at a chosen moment.

Every wait is bounded; a round that does not come back is a failure, not a hang.
"""

import asyncio
import os
import random
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx

from medborgarbudget.stack import LocalStack
from services.common.auth import Role
from tests.e2e.driver import RoundDriver, bearer
from tests.kommun_fake import DIARIUM, FakeKommun
from tests.services.voting.conftest import personnummer

RETRY_FOR = 90.0  # seconds a client keeps trying through a crash


def crash_rng() -> random.Random:
    """The random kill points: ``MB_CRASH_SEED`` replays a failed run's choices."""
    seed = int(os.environ.get("MB_CRASH_SEED") or random.randrange(1_000_000))
    print(f"crash harness seed: MB_CRASH_SEED={seed}")
    return random.Random(seed)


async def send_until_answered(
    http: httpx.AsyncClient, method: str, url: str, headers: dict[str, str], **kwargs: Any
) -> httpx.Response:
    """Send again after a refused connection, a dropped answer or a 503, as clients do."""
    deadline = time.monotonic() + RETRY_FOR
    while True:
        try:
            answer = await http.request(method, url, headers=headers, **kwargs)
            if answer.status_code != 503:
                return answer
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{method} {url} got no answer through the crash")
        await asyncio.sleep(0.3)


async def crash(stack: LocalStack, name: str, down_for: float = 0.5) -> None:
    """SIGKILL one process, leave it down a moment, start it again on the same data."""
    await asyncio.to_thread(stack.kill, name)
    await asyncio.sleep(down_for)
    await asyncio.to_thread(stack.restart, name, 90.0)


@dataclass
class Acknowledged:
    """What the system said it has: the base the checks compare against."""

    proposals: dict[str, int] = field(default_factory=dict)  # title -> id
    ballots: dict[str, list[int]] = field(default_factory=dict)  # voter -> choices


async def run_concurrently(
    jobs: list[Callable[[], Awaitable[None]]],
    concurrency: int,
    after_each: Callable[[int], Awaitable[None]] | None = None,
) -> None:
    """Run the jobs on ``concurrency`` workers; ``after_each(done)`` may crash things."""
    queue: asyncio.Queue[Callable[[], Awaitable[None]]] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    done = 0

    async def worker() -> None:
        nonlocal done
        while not queue.empty():
            job = queue.get_nowait()
            await job()
            done += 1
            if after_each is not None:
                await after_each(done)

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def submit_proposals(
    driver: RoundDriver,
    titles: list[str],
    acknowledged: Acknowledged,
    after_each: Callable[[int], Awaitable[None]],
) -> None:
    """Residents submit; each submission carries its own idempotency key, kept across tries."""

    def job(number: int, title: str) -> Callable[[], Awaitable[None]]:
        async def submit() -> None:
            born = date(1960 + number % 40, 1 + number % 12, 1 + number % 28)
            body = {
                "title": title,
                "description": f"{title}: fler besökare till de lokala butikerna.",
                "cost_estimate": 20_000 + 5_000 * number,
                "local_business_benefit": "Handlarna i centrum får fler kunder.",
                "proposer_kind": "resident",
                "identity_number": personnummer(born),
            }
            headers = {
                **bearer(Role.RESIDENT, f"proposer-{number}"),
                "Idempotency-Key": f"proposal-{number}",
            }
            url = driver.url("intake", "/proposals")
            answer = await send_until_answered(driver.http, "POST", url, headers, json=body)
            if answer.status_code == 201:
                acknowledged.proposals[title] = answer.json()["id"]
            else:  # applied before the crash, answer lost: the data must still show it
                assert answer.status_code == 409, answer.text
                assert answer.json()["type"].endswith("/idempotency-key-applied")
                acknowledged.proposals[title] = -1

        return submit

    jobs = [job(n, title) for n, title in enumerate(titles)]
    await run_concurrently(jobs, concurrency=4, after_each=after_each)


async def cast_ballots(
    driver: RoundDriver,
    ballots: dict[str, list[int]],
    acknowledged: Acknowledged,
    after_each: Callable[[int], Awaitable[None]],
) -> None:
    """Voters cast; after a crash they simply send the same ballot again (the last counts)."""

    def job(voter: str, choices: list[int]) -> Callable[[], Awaitable[None]]:
        async def cast() -> None:
            headers = bearer(Role.RESIDENT, voter)
            url = driver.url("voting", "/ballots")
            body = {"choices": choices}
            answer = await send_until_answered(driver.http, "POST", url, headers, json=body)
            assert answer.status_code in (200, 201), answer.text
            assert answer.json()["receipt"]
            acknowledged.ballots[voter] = choices

        return cast

    jobs = [job(voter, choices) for voter, choices in ballots.items()]
    await run_concurrently(jobs, concurrency=8, after_each=after_each)


class WatchedKommun(FakeKommun):
    """The fake kommun, holding its first diarium answer a moment and saying it was asked,
    so a test can kill the worker while that call is in flight."""

    def __init__(self, secret: str, hold: float = 2.0) -> None:
        super().__init__(secret)
        self.diarium_called = threading.Event()
        self._hold = hold
        # The worker killed mid-call leaves a broken pipe behind: expected, not worth a trace.
        self._server.handle_error = lambda *_args: None  # type: ignore[method-assign]

    def handle(self, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, bytes]:
        if path == DIARIUM and not self.diarium_called.is_set():
            self.diarium_called.set()
            time.sleep(self._hold)
        return super().handle(path, headers, raw)
