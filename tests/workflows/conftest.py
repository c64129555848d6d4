"""One time-skipping Temporal test server per test process for all workflow tests (starting it
takes a moment), with the round's search attributes registered first: an unknown attribute makes
the workflow task fail and retry forever, so a test would hang instead of failing.

The test server stops skipping time while any workflow task waits for a worker, so a workflow
one test leaves behind would hang the time skips of every later test. Measured on the server:
a workflow left running with a timer ahead is harmless once terminated, but one whose first
task no worker ever took blocks skipping for good, terminated or not. So every test ends its
workflows while its worker still runs (``worker`` below), and after every test ``env`` ends any
workflow still open and checks that time still skips; if it does not, that test's server is
replaced and the test named in a warning. A round in implementation is best left to ``worker``
(a cancel): terminated there, it left the server unable to skip (four tests did, until they
stopped terminating their rounds).
"""

import asyncio
import contextlib
import warnings
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
import pytest_asyncio
from temporalio.api.workflowservice.v1 import ListOpenWorkflowExecutionsRequest
from temporalio.client import Client, WorkflowFailureError, WorkflowHandle
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.temporal_test_server import start_test_server
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import make_worker

# The check skips an hour: at once on a server that skips, in real time (an hour) on one that
# cannot, so the check gives up after a few seconds.
SKIP_CHECK = timedelta(hours=1)
SKIP_CHECK_SECONDS = 5


class _TestServer:
    """The process's test server, replaced when a test leaves it unable to skip time."""

    environment: WorkflowEnvironment

    async def start(self) -> None:
        self.environment = await start_test_server()

    async def tidy(self) -> bool:
        """End the workflows still open; whether time still skips afterwards."""
        client = self.environment.client
        for handle in await open_workflows(client):
            with contextlib.suppress(RPCError):  # ended in the meantime
                await handle.terminate("left open by a test")
        try:
            await asyncio.wait_for(self.environment.sleep(SKIP_CHECK), timeout=SKIP_CHECK_SECONDS)
        except (TimeoutError, RPCError):
            return False
        return True

    async def replace(self) -> None:
        with contextlib.suppress(Exception):  # a stuck server may not shut down cleanly
            await asyncio.wait_for(self.environment.shutdown(), timeout=SKIP_CHECK_SECONDS)
        await self.start()


@contextlib.asynccontextmanager
async def running_test_server() -> AsyncIterator[_TestServer]:
    server = _TestServer()
    await server.start()
    try:
        yield server
    finally:
        await server.environment.shutdown()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def test_server() -> AsyncIterator[_TestServer]:
    async with running_test_server() as server:
        yield server


@pytest_asyncio.fixture(loop_scope="session")
async def env(
    test_server: _TestServer, request: pytest.FixtureRequest
) -> AsyncIterator[WorkflowEnvironment]:
    yield test_server.environment
    if not await test_server.tidy():
        warnings.warn(
            f"{request.node.nodeid} left the time-skipping test server unable to skip time "
            "(a workflow task no worker took); the server was replaced",
            stacklevel=1,
        )
        await test_server.replace()


@pytest.fixture
def fakes() -> FakeServices:
    return FakeServices()


@pytest_asyncio.fixture(loop_scope="session")
async def worker(env: WorkflowEnvironment, fakes: FakeServices) -> AsyncIterator[Worker]:
    """Cancels the test's workflows and waits for them to end while the worker still runs:
    a round cancels its projects itself, so nothing is left with a pending task. Every open
    workflow, not only those that called an activity: a round started and left before its
    first task was taken would otherwise block the server's time skips for good."""
    async with make_worker(env.client, fakes) as running:
        yield running
        called = [env.client.get_workflow_handle(call.workflow_id) for call in fakes.calls]
        handles = {h.id: h for h in [*called, *await open_workflows(env.client)]}
        for handle in handles.values():
            with contextlib.suppress(RPCError, WorkflowFailureError):  # ended already
                await handle.cancel()
                await asyncio.wait_for(handle.result(), timeout=10)


async def open_workflows(client: Client) -> list[WorkflowHandle[Any, Any]]:
    request = ListOpenWorkflowExecutionsRequest(namespace=client.namespace, maximum_page_size=1000)
    listed = await client.workflow_service.list_open_workflow_executions(request)
    return [
        client.get_workflow_handle(execution.execution.workflow_id)
        for execution in listed.executions
    ]
