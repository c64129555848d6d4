"""The whole stack (services over HTTP on loopback, the worker process) on Temporal's
time-skipping test server instead of the dev server, so an e2e round can wait a year in a
moment. The server's time stands still relative to the wall clock (time skipping is locked)
except when the test calls ``env.sleep``: the round's deadlines of seconds pass in real time
and only the waits the test chooses are skipped.

Skip only to just past the next timer that starts work: activities run in real time, and a
skip past one's timeout (a minute) would time it out and retry it."""

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from medborgarbudget.stack import LocalStack, free_ports
from tests.e2e.conftest import stack_with_kommun
from tests.kommun_fake import FakeKommun
from tests.temporal_test_server import skip_to, start_test_server


@asynccontextmanager
async def time_skipping_stack(
    data_dir: Path,
    service_databases: dict[str, str],
    kommun: FakeKommun,
    extra_env: dict[str, str],
) -> AsyncIterator[tuple[LocalStack, WorkflowEnvironment]]:
    ports = free_ports()
    env = await start_test_server(ports.temporal)
    try:
        stack = stack_with_kommun(
            data_dir, service_databases, kommun, extra_env, ports=ports, temporal_server=False
        )
        local = await asyncio.to_thread(stack.__enter__)
        try:
            yield local, env
        finally:
            await asyncio.to_thread(stack.__exit__, None, None, None)
    finally:
        await env.shutdown()


class RoundClock:
    """A round's timeline in the server's time (ahead of the wall clock by what earlier skips
    skipped), and skips to its dates once the test has done what the phase waits for."""

    def __init__(self, env: WorkflowEnvironment, start: datetime, offsets: Mapping[str, float]):
        self.env = env
        self.dates = {key: start + timedelta(seconds=s) for key, s in offsets.items()}
        self.timeline = {key: when.isoformat() for key, when in self.dates.items()}

    @classmethod
    async def start(cls, env: WorkflowEnvironment, offsets: Mapping[str, float]) -> "RoundClock":
        return cls(env, await env.get_current_time(), offsets)

    async def now(self) -> datetime:
        return await self.env.get_current_time()

    async def reach(self, key: str) -> None:
        await skip_to(self.env, self.dates[key])
