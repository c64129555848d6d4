"""The round ``are-2027`` running in its intake phase on a time-skipping test server of its
own (fake services), for page tests that read the real workflow's phase or send it updates."""

import contextlib
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest_asyncio
from temporalio.client import WorkflowHandle
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from tests.services.intake.helpers import ROUND_ID
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import make_worker, reach, round_config, skip_to
from workflows.messages.round import RoundPhase
from workflows.search_attributes import register
from workflows.starter import start_round

TEST_SERVER = Path(sys.prefix) / "bin" / "temporal-test-server"


@pytest_asyncio.fixture
async def running_round() -> AsyncIterator[tuple[WorkflowEnvironment, WorkflowHandle[Any, Any]]]:
    """The round ``are-2027`` in its intake phase, on a test server of its own."""
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(TEST_SERVER), data_converter=pydantic_data_converter
    )
    try:
        await register(env.client)
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
