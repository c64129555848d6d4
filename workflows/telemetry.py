"""The worker's observability: the Temporal SDK's metrics for Prometheus, and the round id on
every log line an activity writes (services/common/logs.py formats them as JSON).

The SDK's metrics (``temporal_workflow_task_*``, ``temporal_activity_execution_*``, poll and
schedule-to-start latencies, sticky cache, ...) tell operations whether the worker keeps up:
a growing ``temporal_activity_schedule_to_start_latency`` means more worker replicas are needed.
"""

from typing import Any

from temporalio import activity
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig
from temporalio.worker import (
    ActivityInboundInterceptor,
    ExecuteActivityInput,
    Interceptor,
)

from services.common.logs import current_round, round_of_workflow


def metrics_runtime(bind_address: str) -> Runtime:
    """A Temporal runtime serving its metrics at ``http://<bind_address>/metrics``.

    A process has one such runtime: the SDK binds the port for the life of the process.
    """
    metrics = PrometheusConfig(bind_address=bind_address, durations_as_seconds=True)
    return Runtime(telemetry=TelemetryConfig(metrics=metrics))


class _RoundContextInbound(ActivityInboundInterceptor):
    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        workflow_id = activity.info().workflow_id
        token = current_round.set(round_of_workflow(workflow_id) if workflow_id else None)
        try:
            return await super().execute_activity(input)
        finally:
            current_round.reset(token)


class RoundLogContext(Interceptor):
    """While an activity runs, whatever it logs (httpx included) carries its round's id."""

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        return _RoundContextInbound(super().intercept_activity(next))
