"""The workflow tests' server keeper (``conftest._TestServer``): a workflow left open is ended,
and a server that can no longer skip time is found out and replaced."""

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
import pytest_asyncio
from temporalio import workflow

from tests.workflows.conftest import _TestServer, running_test_server

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(60)]


@workflow.defn(name="LeftOpen", sandboxed=False)
class LeftOpen:
    @workflow.run
    async def run(self) -> None:
        await workflow.sleep(timedelta(days=30))


@pytest_asyncio.fixture(loop_scope="session")
async def own_server() -> AsyncIterator[_TestServer]:
    """A server of its own: this test breaks it on purpose."""
    async with running_test_server() as server:
        yield server


async def test_a_workflow_no_worker_took_is_found_and_the_server_replaced(
    own_server: _TestServer,
) -> None:
    client = own_server.environment.client
    handle = await client.start_workflow(
        LeftOpen.run, id=f"left-{uuid.uuid4().hex[:8]}", task_queue="no-worker-polls-this"
    )
    assert not await own_server.tidy(), "time skipped past a task no worker took"
    description = await handle.describe()
    assert description.status is not None and description.status.name == "TERMINATED"

    await own_server.replace()
    before = await own_server.environment.get_current_time()
    assert await own_server.tidy()
    await own_server.environment.sleep(timedelta(days=3))
    assert await own_server.environment.get_current_time() - before >= timedelta(days=3)
