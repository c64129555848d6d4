"""The ``cancel_round`` update: stop whatever phase the round is in, end its project
workflows, have every service archive the round (archived rounds refuse writes), tell the
people concerned, and end in ``CANCELLED``.

Every step is idempotent (the archive calls carry the key ``<round id>:archive``, the notice
its own key), so a worker crash in the middle repeats nothing twice.
"""

import asyncio
from collections.abc import Coroutine
from datetime import timedelta
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.activities.operations import (
        SERVICE_NAMES,
        ArchiveRequest,
        OperationsActivities,
    )
    from workflows.config import RoundConfig
    from workflows.display import PHASE_NAMES
    from workflows.messages.round import RoundPhase
    from workflows.messages.status import RoundOutcome, RoundStatus
    from workflows.messages.updates import RoundCancellation

from workflows.operations.refusals import refuse, required_text
from workflows.phases import discussion
from workflows.phases.context import RoundContext
from workflows.waiting.timing import SERVICE_RETRY, stop

FINISHED = (RoundPhase.COMPLETED, RoundPhase.CANCELLED)


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


class Cancellation:
    def __init__(self, ctx: RoundContext) -> None:
        self._ctx = ctx
        self._request: RoundCancellation | None = None
        self._finished = False

    def check(self, request: RoundCancellation) -> None:
        """The validator: an ``ApplicationError`` with the reason if the round cannot end so."""
        if self._ctx.progress.phase in FINISHED or self._request is not None:
            raise refuse("Omgången är redan avslutad eller avbruten.", "InvalidCancellation")
        required_text(request.reason, "ett skäl", 10)
        required_text(request.cancelled_by, "vem som avbryter omgången", 2)

    async def accept(self, request: RoundCancellation) -> RoundStatus:
        """The update's handler: answers once services are archived and people told."""
        self._request = request
        await workflow.wait_condition(lambda: self._finished)
        return self._ctx.progress.status()

    async def around(self, phases: Coroutine[Any, Any, RoundOutcome]) -> RoundOutcome:
        """Runs the round's phases until they end or ``cancel_round`` is accepted; then
        cancels them and ends the round, and lets the update's handler answer first."""
        running = asyncio.ensure_future(phases)
        cancelled = asyncio.ensure_future(workflow.wait_condition(lambda: bool(self._request)))
        try:
            await workflow.wait([running, cancelled], return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:  # the workflow itself is cancelled: take the phases along
            cancelled.cancel()
            await stop(running)
            raise
        if running.done():
            cancelled.cancel()
            return running.result()
        assert self._request is not None
        outcome = await self._cancel(self._request, running)
        self._finished = True
        await workflow.wait_condition(workflow.all_handlers_finished)
        return outcome

    async def _cancel(
        self, request: RoundCancellation, phases: "asyncio.Future[Any]"
    ) -> RoundOutcome:
        ctx = self._ctx
        was = ctx.progress.phase
        responsible = ctx.progress.status().responsible
        await stop(phases)
        ctx.progress.cancellation = request
        waiting = f"inget, omgången är avbruten av {request.cancelled_by}"
        ctx.progress.enter(RoundPhase.CANCELLED, None, waiting, "ingen")
        await discussion.close_at_end(ctx)  # before archiving: then intake refuses writes
        await asyncio.gather(
            *(
                _archive(
                    ArchiveRequest(
                        round_id=ctx.id,
                        service=service,
                        reason=request.reason,
                        archived_by=request.cancelled_by,
                    )
                )
                for service in SERVICE_NAMES
            )
        )
        title = ctx.config.title
        summary = (
            f"Omgången {title} avbröts i fasen {PHASE_NAMES[was]} av "
            f"{request.cancelled_by}. Skäl: {request.reason}"
        )
        await ctx.notifier.send(
            _recipients(ctx.config, responsible) or "omgångens ägare",
            f"Omgången {title} är avbruten",
            summary,
            "cancellation",
        )
        return ctx.progress.finish(summary, {})
