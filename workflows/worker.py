"""The worker: runs both workflows and the service activities on one task queue.

Run it with ``python -m workflows.worker``. SIGINT/SIGTERM stop polling and let running
activities finish (up to the graceful timeout) before the process exits; Temporal hands
anything unfinished to another worker.
"""

import asyncio
import logging
import signal
from datetime import timedelta

import httpx
from temporalio.worker import Worker

from workflows.activities import ServiceActivities
from workflows.project_workflow import ProjectWorkflow
from workflows.round_workflow import BudgetRoundWorkflow
from workflows.settings import WorkerSettings
from workflows.starter import connect

log = logging.getLogger(__name__)


async def run_worker(settings: WorkerSettings, stop: asyncio.Event | None = None) -> None:
    """Run until ``stop`` is set (or the task is cancelled)."""
    client = await connect(settings)
    async with httpx.AsyncClient(timeout=httpx.Timeout(30.0)) as http:
        activities = ServiceActivities(settings, http)
        worker = Worker(
            client,
            task_queue=settings.task_queue,
            workflows=[BudgetRoundWorkflow, ProjectWorkflow],
            activities=activities.all(),
            graceful_shutdown_timeout=timedelta(seconds=10),
        )
        async with worker:
            log.info(
                "worker polling task queue %s on %s", settings.task_queue, settings.temporal_address
            )
            await (stop or asyncio.Event()).wait()
        log.info("worker stopped")


async def _serve() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await run_worker(WorkerSettings(), stop)


def main() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    asyncio.run(_serve())


if __name__ == "__main__":
    main()
