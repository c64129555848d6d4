"""The worker in operation: the Temporal SDK's metrics for Prometheus, the round id on its log
lines, and a graceful shutdown that lets running activities finish (or cancels them after the
grace period, so Temporal retries them on another worker)."""

import asyncio
import logging
import socket
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

from temporalio import activity, workflow
from temporalio.common import RetryPolicy
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

# The probe workflow below is re-imported in the sandbox with this module.
with workflow.unsafe.imports_passed_through():
    import httpx
    import pytest
    import pytest_asyncio

    from services.common.logs import RoundContextFilter, current_round
    from workflows.settings import WorkerSettings
    from workflows.telemetry import RoundLogContext, metrics_runtime
    from workflows.worker import run_worker

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.timeout(60)]
DEV_SERVER = Path(sys.prefix) / "bin" / "temporal"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def env() -> AsyncIterator[WorkflowEnvironment]:
    """A real dev server: these tests are about real time (grace periods, scrapes)."""
    environment = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(DEV_SERVER),
        dev_server_extra_args=["--log-level", "error"],
        ui=False,
    )
    try:
        yield environment
    finally:
        await environment.shutdown()


@workflow.defn(name="ShutdownProbe")
class ShutdownProbe:
    @workflow.run
    async def run(self, seconds: float) -> str:
        result: str = await workflow.execute_activity(
            "slow_step",
            seconds,
            start_to_close_timeout=timedelta(seconds=60),
            retry_policy=RetryPolicy(initial_interval=timedelta(milliseconds=100)),
        )
        return result


class SlowStep:
    """Tells the test when it started, what it saw, and how it ended."""

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.round_seen: str | None = None
        self.ended: str | None = None

    @activity.defn(name="slow_step")
    async def run(self, seconds: float) -> str:
        self.round_seen = current_round.get()
        self.started.set()
        try:
            await asyncio.sleep(seconds)
        except asyncio.CancelledError:
            self.ended = "cancelled"
            raise
        self.ended = "finished"
        return "klar"


@activity.defn(name="slow_step")
async def quick_step(_seconds: float) -> str:
    return "klar"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _settings(env: WorkflowEnvironment, grace: float = 10.0) -> WorkerSettings:
    address = env.client.service_client.config.target_host
    queue = f"obs-{uuid.uuid4().hex[:8]}"
    return WorkerSettings(
        temporal_address=address, task_queue=queue, graceful_shutdown_seconds=grace
    )


async def _finish_elsewhere(env: WorkflowEnvironment, queue: str, workflow_id: str) -> str:
    """Another worker picks the workflow up, as Temporal hands work to the remaining replicas."""
    async with Worker(
        env.client, task_queue=queue, workflows=[ShutdownProbe], activities=[quick_step]
    ):
        result: str = await asyncio.wait_for(
            env.client.get_workflow_handle(workflow_id).result(), timeout=20
        )
        return result


@pytest.mark.parametrize(
    ("seconds", "grace", "ended"), [(0.5, 10.0, "finished"), (30.0, 0.5, "cancelled")]
)
async def test_shutdown_lets_activities_finish_within_the_grace_period(
    env: WorkflowEnvironment, seconds: float, grace: float, ended: str
) -> None:
    settings = _settings(env, grace)
    step = SlowStep()
    stop = asyncio.Event()
    worker = asyncio.create_task(
        run_worker(settings, stop, extra_workflows=[ShutdownProbe], extra_activities=[step.run])
    )
    round_id = f"obs-{uuid.uuid4().hex[:8]}"
    workflow_id = f"{round_id}.project-7"
    await env.client.start_workflow(
        ShutdownProbe.run, seconds, id=workflow_id, task_queue=settings.task_queue
    )
    await asyncio.wait_for(step.started.wait(), timeout=20)
    stop.set()  # what SIGTERM does in the worker process
    await asyncio.wait_for(worker, timeout=grace + 15)
    assert step.ended == ended
    assert step.round_seen == round_id, "activity log lines carry the round id"
    assert await _finish_elsewhere(env, settings.task_queue, workflow_id) == "klar"


async def test_worker_exports_the_sdk_metrics_for_prometheus(env: WorkflowEnvironment) -> None:
    address = f"127.0.0.1:{_free_port()}"
    settings = _settings(env)
    stop = asyncio.Event()
    worker = asyncio.create_task(run_worker(settings, stop, runtime=metrics_runtime(address)))
    try:
        text = ""
        async with httpx.AsyncClient(timeout=2) as http:
            for _ in range(100):
                if worker.done():
                    worker.result()
                try:
                    text = (await http.get(f"http://{address}/metrics")).text
                except httpx.HTTPError:
                    text = ""
                if "temporal_num_pollers" in text:
                    break
                await asyncio.sleep(0.2)
        assert "temporal_num_pollers" in text
        assert f'task_queue="{settings.task_queue}' in text
        assert all(line.startswith("temporal_") for line in text.splitlines() if line[:1].isalpha())
    finally:
        stop.set()
        await asyncio.wait_for(worker, timeout=20)


async def test_workflow_and_activity_log_lines_carry_the_round_id() -> None:
    """The SDK's loggers attach the workflow id; the round id is its part before the dot."""
    record = logging.LogRecord("w", logging.INFO, __file__, 1, "msg", None, None)
    record.temporal_workflow = {"workflow_id": "are-2027.project-3", "run_id": "r"}
    assert RoundContextFilter().filter(record)
    assert getattr(record, "round_id") == "are-2027"  # noqa: B009 (set by the filter)
    assert RoundLogContext() is not None
