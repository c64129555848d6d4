"""One time-skipping Temporal test server for all workflow tests (starting it takes a moment),
with the round's search attributes registered first: an unknown attribute makes the workflow
task fail and retry forever, so a test would hang instead of failing.

Every test ends the workflows it started while its worker still runs. The test server does not
skip time while a task waits for a worker, so one workflow left behind with a pending task (or
terminated in the middle of one) makes every later time skip hang.
"""

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from temporalio.client import WorkflowFailureError
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import make_worker
from workflows.search_attributes import register

TEST_SERVER = Path(sys.prefix) / "bin" / "temporal-test-server"


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def env() -> AsyncIterator[WorkflowEnvironment]:
    environment = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(TEST_SERVER), data_converter=pydantic_data_converter
    )
    try:
        await register(environment.client)
        yield environment
    finally:
        await environment.shutdown()


@pytest.fixture
def fakes() -> FakeServices:
    return FakeServices()


@pytest_asyncio.fixture(loop_scope="session")
async def worker(env: WorkflowEnvironment, fakes: FakeServices) -> AsyncIterator[Worker]:
    """Cancels the test's workflows and waits for them to end while the worker still runs:
    a round cancels its projects itself, so nothing is left with a pending task."""
    async with make_worker(env.client, fakes) as running:
        yield running
        for workflow_id in dict.fromkeys(call.workflow_id for call in fakes.calls):
            handle = env.client.get_workflow_handle(workflow_id)
            with contextlib.suppress(RPCError, WorkflowFailureError):  # ended already
                await handle.cancel()
                await asyncio.wait_for(handle.result(), timeout=10)
