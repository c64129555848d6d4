"""Cancelling a round (update ``cancel_round``): stop whatever phase it is in, end its project
workflows, have every service archive the round (archived rounds refuse writes), tell the
people concerned, and end in ``CANCELLED``.

Every step is idempotent (the archive calls carry the key ``<round id>:archive``, the notice
its own key), so a worker crash in the middle repeats nothing twice.
"""

import asyncio
import contextlib
from collections.abc import Awaitable, Coroutine
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from temporalio import workflow
from temporalio.exceptions import ActivityError, ChildWorkflowError

with workflow.unsafe.imports_passed_through():
    from workflows.activities.operations import (
        SERVICE_NAMES,
        ArchiveRequest,
        OperationsActivities,
    )
    from workflows.config import RoundConfig
    from workflows.display import PHASE_NAMES
    from workflows.messages.round import RoundPhase
    from workflows.messages.status import RoundOutcome
    from workflows.messages.updates import RoundCancellation

from workflows.kommun import Notifier
from workflows.round_progress import RoundProgress
from workflows.waiting.timing import SERVICE_RETRY

if TYPE_CHECKING:
    from workflows.operations.deadline_changes import Operations


async def stop(phases: "asyncio.Future[Any]") -> None:
    """Cancels the running phase: its timers, activities and child project workflows
    (cancelled and awaited, so nothing is left running under a cancelled round)."""
    phases.cancel()
    with contextlib.suppress(asyncio.CancelledError, ActivityError, ChildWorkflowError):
        await phases


async def _archive(request: ArchiveRequest) -> None:
    await workflow.execute_activity_method(
        OperationsActivities.archive_in_service,
        request,
        start_to_close_timeout=timedelta(minutes=1),
        retry_policy=SERVICE_RETRY,
    )


def _recipients(config: RoundConfig, responsible: str) -> str:
    people = [config.owner, *config.approvers, responsible]
    return ", ".join(dict.fromkeys(p for p in people if p and p != "ingen"))


async def cancel(
    round_id: str,
    config: RoundConfig,
    progress: RoundProgress,
    notifier: Notifier,
    request: RoundCancellation,
    phases: "asyncio.Future[Any]",
) -> RoundOutcome:
    was = progress.phase
    responsible = progress.status().responsible
    await stop(phases)
    progress.cancellation = request
    waiting = f"inget, omgången är avbruten av {request.cancelled_by}"
    progress.enter(RoundPhase.CANCELLED, None, waiting, "ingen")
    archives: list[Awaitable[None]] = [
        _archive(
            ArchiveRequest(
                round_id=round_id,
                service=service,
                reason=request.reason,
                archived_by=request.cancelled_by,
            )
        )
        for service in SERVICE_NAMES
    ]
    await asyncio.gather(*archives)
    summary = (
        f"Omgången {config.title} avbröts i fasen {PHASE_NAMES[was]} av "
        f"{request.cancelled_by}. Skäl: {request.reason}"
    )
    await notifier.send(
        _recipients(config, responsible) or "omgångens ägare",
        f"Omgången {config.title} är avbruten",
        summary,
        "cancellation",
    )
    return progress.finish(summary, {})


async def cancellable(
    phases: Coroutine[Any, Any, RoundOutcome],
    round_id: str,
    config: RoundConfig,
    progress: RoundProgress,
    ops: "Operations",
) -> RoundOutcome:
    """Runs the round's phases until they end or ``cancel_round`` is accepted; then cancels
    them and ends the round, and lets the update's handler answer before completing."""
    running = asyncio.ensure_future(phases)
    cancelled = asyncio.ensure_future(workflow.wait_condition(lambda: bool(ops.cancellation)))
    try:
        await workflow.wait([running, cancelled], return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:  # the workflow itself is cancelled: take the phases along
        cancelled.cancel()
        await stop(running)
        raise
    if running.done():
        cancelled.cancel()
        return running.result()
    assert ops.cancellation is not None
    outcome = await cancel(round_id, config, progress, ops.notifier, ops.cancellation, running)
    ops.finished = True
    await workflow.wait_condition(workflow.all_handlers_finished)
    return outcome
