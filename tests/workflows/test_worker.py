"""The worker process: connects, registers both workflows and the activities, and stops
cleanly on SIGTERM (as ``make run`` and docker stop it)."""

import asyncio
import os
import signal
import sys

import pytest
from temporalio.testing import WorkflowEnvironment

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(60)]


async def test_worker_process_starts_and_stops_on_sigterm(env: WorkflowEnvironment) -> None:
    address = env.client.service_client.config.target_host
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "workflows.worker",
        env={**os.environ, "MB_TEMPORAL_ADDRESS": address, "MB_TASK_QUEUE": "worker-test"},
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stderr is not None
        line = b""
        while b"worker polling" not in line:
            line = await asyncio.wait_for(process.stderr.readline(), timeout=20)
            assert line, "the worker exited before polling"
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), timeout=20) == 0
        assert b"worker stopped" in await process.stderr.read()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
