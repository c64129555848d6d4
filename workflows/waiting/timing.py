"""Waiting in workflow code: durable timers to absolute times, reminders, activity options.

A round's deadlines are absolute times in its timeline; these helpers turn them into timers
only when they lie ahead, so a late start or a late approval never sleeps for a negative
time, and each wait costs a handful of history events however long it lasts.
"""

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from temporalio import workflow
from temporalio.common import RetryPolicy

if TYPE_CHECKING:
    from workflows.activities.services import ServiceActivities

ArgT = TypeVar("ArgT")
ResultT = TypeVar("ResultT")

# Services may be down for a while (deploys, outages): retry until they answer, at most every
# five minutes. Rejections (4xx) are non-retryable and fail at once.
SERVICE_RETRY = RetryPolicy(maximum_interval=timedelta(minutes=5))


async def call(
    activity: Callable[["ServiceActivities", ArgT], Awaitable[ResultT]], arg: ArgT
) -> ResultT:
    """Run a service activity with the shared timeout and retry policy."""
    return await workflow.execute_activity_method(
        activity, arg, start_to_close_timeout=timedelta(minutes=1), retry_policy=SERVICE_RETRY
    )


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


class Reminder:
    """Waits for people; reminds them once when their deadline passes, then keeps waiting.

    The round cannot go on without their input, so an overdue wait is made visible (a
    notification and the details in the UI) rather than ended.
    """

    def __init__(self, deadline: datetime, remind: Callable[[], Awaitable[None]]) -> None:
        self._deadline = deadline
        self._remind = remind
        self.sent = False

    async def wait(self, condition: Callable[[], bool]) -> None:
        if not self.sent:
            if await wait_until(condition, self._deadline, "tidsgräns"):
                return
            self.sent = True
            await self._remind()
        await workflow.wait_condition(condition)
