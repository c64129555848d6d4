"""The worker: runs both workflows and every activity (services, kommun systems) on one queue.

Run it with ``python -m workflows.worker``. SIGINT/SIGTERM stop polling and let running
activities finish (up to ``MB_GRACEFUL_SHUTDOWN_SECONDS``) before the process exits; Temporal
hands anything unfinished to another worker. Logs are JSON lines carrying the round id; with
``MB_METRICS_ADDRESS`` set, the SDK's metrics are served for Prometheus.
"""

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any

import httpx
from temporalio.runtime import Runtime
from temporalio.worker import Worker

from services.common.http_limits import SERVICE_LIMITS
from services.common.logs import configure_logging
from services.common.temporal_connection import connect
from workflows.activities.announcements import AnnouncementActivities
from workflows.activities.follow_up import FollowUpActivities
from workflows.activities.kommun import KommunActivities
from workflows.activities.merge_notices import MergeNoticeActivities
from workflows.activities.operations import OperationsActivities
from workflows.activities.services import ServiceActivities
from workflows.follow_up_workflow import FollowUpWorkflow
from workflows.implementation_workflow import ImplementationWorkflow
from workflows.project_workflow import ProjectWorkflow
from workflows.round_workflow import BudgetRoundWorkflow
from workflows.settings import WorkerSettings
from workflows.telemetry import RoundLogContext, metrics_runtime

log = logging.getLogger(__name__)
Activity = Callable[..., Awaitable[Any]]


def all_activities(settings: WorkerSettings, http: httpx.AsyncClient) -> list[Activity]:
    """Every activity the workflows call, sharing one HTTP client."""
    services = ServiceActivities(settings, http)
    announcements = AnnouncementActivities(settings, services)
    kommun = KommunActivities(settings, http, announcements)
    merge_notices = MergeNoticeActivities(services, kommun, announcements)
    operations = OperationsActivities(settings, services)
    return [
        *services.all(),
        *kommun.all(),
        merge_notices.deliver_merge_notices,
        *operations.all(),
        *announcements.all(),
        *FollowUpActivities(settings, services).all(),
    ]


async def run_worker(
    settings: WorkerSettings,
    stop: asyncio.Event | None = None,
    *,
    runtime: Runtime | None = None,
    extra_workflows: Sequence[type] = (),
    extra_activities: Sequence[Activity] = (),
) -> None:
    """Run until ``stop`` is set (or the task is cancelled), then shut down gracefully.
    ``extra_*``: probes the tests and benchmarks add to the real registrations."""
    client = await connect(settings, runtime=runtime)
    async with httpx.AsyncClient(timeout=httpx.Timeout(30.0), limits=SERVICE_LIMITS) as http:
        worker = Worker(
            client,
            task_queue=settings.task_queue,
            workflows=[
                BudgetRoundWorkflow,
                ImplementationWorkflow,
                ProjectWorkflow,
                FollowUpWorkflow,
                *extra_workflows,
            ],
            activities=[*all_activities(settings, http), *extra_activities],
            interceptors=[RoundLogContext()],
            graceful_shutdown_timeout=timedelta(seconds=settings.graceful_shutdown_seconds),
        )
        async with worker:  # leaving the block is Worker.shutdown(): polls stop, activities drain
            log.info(
                "worker polling task queue %s on %s", settings.task_queue, settings.temporal_address
            )
            await (stop or asyncio.Event()).wait()
            log.info(
                "worker stopping; running activities get %ss", settings.graceful_shutdown_seconds
            )
        log.info("worker stopped")


async def _serve(settings: WorkerSettings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    runtime = None
    if settings.metrics_address:
        runtime = metrics_runtime(settings.metrics_address)
        log.info("Temporal SDK metrics on http://%s/metrics", settings.metrics_address)
    await run_worker(settings, stop, runtime=runtime)


def main() -> None:
    settings = WorkerSettings()
    configure_logging("worker", json_format=settings.log_format == "json")
    asyncio.run(_serve(settings))


if __name__ == "__main__":
    main()
