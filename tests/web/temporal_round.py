"""The round ``are-2027`` running in its intake phase on a time-skipping test server of its
own (fake services), for page tests that read the real workflow's phase or send it updates."""

import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest_asyncio
from temporalio.client import WorkflowHandle
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from tests.services.intake.helpers import ROUND_ID
from tests.temporal_test_server import skip_to, start_test_server
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import make_worker, reach, round_config
from workflows.messages.round import RoundPhase
from workflows.starter import start_round


@pytest_asyncio.fixture
async def running_round() -> AsyncIterator[tuple[WorkflowEnvironment, WorkflowHandle[Any, Any]]]:
    """The round ``are-2027`` in its intake phase, on a test server of its own."""
    env = await start_test_server()
    try:
        async with make_worker(env.client, FakeServices()) as worker:
            config = await round_config(env, id=ROUND_ID)
            assert config.timeline.intake_opens_at is not None
            handle = await start_round(
                env.client, config, worker.task_queue, execution_timeout=timedelta(days=400)
            )
            await skip_to(env, config.timeline.intake_opens_at)
            await reach(handle, RoundPhase.INTAKE)
            yield env, handle
            with contextlib.suppress(RPCError):  # a cancelled round has ended already
                await handle.terminate("the test is over")
    finally:
        await env.shutdown()
