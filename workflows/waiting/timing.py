"""Waiting in workflow code: durable timers to absolute times, activity options.

A round's deadlines are absolute times in its timeline; these helpers turn them into timers
only when they lie ahead, so a late start or a late approval never sleeps for a negative
time, and each wait costs a handful of history events however long it lasts.
"""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError, ChildWorkflowError

if TYPE_CHECKING:
    from workflows.activities.services import ServiceActivities

ArgT = TypeVar("ArgT")
ResultT = TypeVar("ResultT")
OwnerT = TypeVar("OwnerT")

# Services may be down for a while (deploys, outages): retry until they answer, at most every
# five minutes. Rejections (4xx) are non-retryable and fail at once.
SERVICE_RETRY = RetryPolicy(maximum_interval=timedelta(minutes=5))


async def call(activity: Callable[[OwnerT, ArgT], Awaitable[ResultT]], arg: ArgT) -> ResultT:
    """Run a service activity (of any activity class) with the shared timeout and retry
    policy."""
    return await workflow.execute_activity_method(
        activity, arg, start_to_close_timeout=timedelta(minutes=1), retry_policy=SERVICE_RETRY
    )


async def call_or_refusal(
    activity: Callable[["ServiceActivities", ArgT], Awaitable[ResultT]], arg: ArgT
) -> tuple[ResultT | None, str | None]:
    """Like ``call``, but a service's final refusal (4xx) comes back as its reason, for the
    round to show instead of failing."""
    try:
        return await call(activity, arg), None
    except ActivityError as err:
        if (problem := rejection(err)) is None:
            raise
        return None, problem


async def sleep_until(when: datetime, summary: str) -> None:
    remaining = when - workflow.now()
    if remaining > timedelta(0):
        await workflow.sleep(remaining, summary=summary)


async def wait_until(condition: Callable[[], bool], deadline: datetime, summary: str) -> bool:
    """Wait for ``condition`` until ``deadline``; ``False`` if the deadline came first."""
    remaining = deadline - workflow.now()
    if remaining <= timedelta(0):
        return condition()
    try:
        await workflow.wait_condition(condition, timeout=remaining, timeout_summary=summary)
    except TimeoutError:
        return False
    return True


def rejection(error: ActivityError) -> str | None:
    """The reason a service or kommun system gave for refusing for good, else ``None``."""
    cause = error.cause
    if isinstance(cause, ApplicationError) and cause.type == "ServiceRejected":
        return cause.message
    return None


async def stop(running: "asyncio.Future[Any]") -> None:
    """Cancels a running part of a workflow: its timers, activities and child workflows
    (cancelled and awaited, so nothing is left running under a cancelled one)."""
    running.cancel()
    with contextlib.suppress(asyncio.CancelledError, ActivityError, ChildWorkflowError):
        await running
