"""Workflow-side calls to the kommun's systems (the activities are in ``integrations``).

Notifications get a key of their own within their workflow (``notice-1``, ``notice-2``, ...)
and the workflow's time, so a retried or replayed delivery is the same event as the first.
"""

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Literal, TypeVar

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.activities.kommun import KommunActivities
    from workflows.activities.merge_notices import MergeNoticeActivities
    from workflows.messages.services import Notification, RoundRef

from workflows.waiting.timing import SERVICE_RETRY

ArgT = TypeVar("ArgT")
ResultT = TypeVar("ResultT")
Kind = Literal["reminder", "escalation", "receipt", "cancellation", "announcement"]


async def call_kommun(
    activity: Callable[[KommunActivities, ArgT], Awaitable[ResultT]], arg: ArgT
) -> ResultT:
    """Run a kommun activity; retried like the service calls, so nothing is lost while the
    kommun's system is down."""
    return await workflow.execute_activity_method(
        activity, arg, start_to_close_timeout=timedelta(minutes=1), retry_policy=SERVICE_RETRY
    )


class Notifier:
    def __init__(self, round_id: str, kommun: str = "") -> None:
        self._round_id = round_id
        self._kommun = kommun
        self._sent = 0

    async def send(
        self, recipients: str, subject: str, message: str, kind: Kind = "reminder"
    ) -> None:
        self._sent += 1
        notification = Notification(
            round_id=self._round_id,
            recipients=recipients,
            subject=subject,
            message=message,
            kind=kind,
            key=f"notice-{self._sent}",
            sent_at=workflow.now(),
            kommun=self._kommun,
        )
        await call_kommun(KommunActivities.notify, notification)


async def deliver_merge_notices(ref: RoundRef) -> None:
    """One activity for all of a round's merge notices; it heartbeats while it works."""
    await workflow.execute_activity_method(
        MergeNoticeActivities.deliver_merge_notices,
        ref,
        start_to_close_timeout=timedelta(minutes=10),
        heartbeat_timeout=timedelta(minutes=1),
        retry_policy=SERVICE_RETRY,
    )
