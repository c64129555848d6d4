"""The worker: runs both workflows and every activity (services, kommun systems) on one queue.

Run it with ``python -m workflows.worker``. SIGINT/SIGTERM stop polling and let running
activities finish (up to the graceful timeout) before the process exits; Temporal hands
anything unfinished to another worker.
"""

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
from temporalio.worker import Worker

from workflows.activities import ServiceActivities
from workflows.integrations import KommunActivities
from workflows.merge_notices import MergeNoticeActivities
from workflows.operations_activities import OperationsActivities
from workflows.project_workflow import ProjectWorkflow
from workflows.round_workflow import BudgetRoundWorkflow
from workflows.settings import WorkerSettings
from workflows.starter import connect

log = logging.getLogger(__name__)


def all_activities(
    settings: WorkerSettings, http: httpx.AsyncClient
) -> list[Callable[..., Awaitable[Any]]]:
    """Every activity the workflows call, sharing one HTTP client."""
    services = ServiceActivities(settings, http)
    kommun = KommunActivities(settings, http)
    merge_notices = MergeNoticeActivities(services, kommun)
    operations = OperationsActivities(settings, services)
    return [
        *services.all(),
        *kommun.all(),
        merge_notices.deliver_merge_notices,
        *operations.all(),
    ]


async def run_worker(settings: WorkerSettings, stop: asyncio.Event | None = None) -> None:
    """Run until ``stop`` is set (or the task is cancelled)."""
    client = await connect(settings)
    async with httpx.AsyncClient(timeout=httpx.Timeout(30.0)) as http:
        worker = Worker(
            client,
            task_queue=settings.task_queue,
            workflows=[BudgetRoundWorkflow, ProjectWorkflow],
            activities=all_activities(settings, http),
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
