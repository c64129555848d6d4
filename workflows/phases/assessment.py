"""The assessment phase of a round: register the proposals, wait until every one is assessed
while reminding the assessors and escalating to the owner, then close and tell merged
proposals' proposers why."""

import functools
from datetime import datetime

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.activities.services import ServiceActivities as Services
    from workflows.config import RoundConfig
    from workflows.messages.round import RoundPhase
    from workflows.messages.services import (
        AssessmentProgress,
        AssessmentSetup,
        FeasibleProject,
        RoundRef,
    )
    from workflows.phases import assessment_notices as reminders
    from workflows.phases.assessment_notices import ASSESSORS

from workflows.kommun import Notifier, deliver_merge_notices
from workflows.round_progress import RoundProgress
from workflows.waiting.deadlines import Deadlines
from workflows.waiting.timing import call, wait_until


class AssessmentPhase:
    def __init__(
        self, round_id: str, config: RoundConfig, progress: RoundProgress, notifier: Notifier
    ) -> None:
        self._ref = RoundRef(round_id=round_id)
        self._config = config
        self._progress = progress
        self._notifier = notifier
        self._deadlines: Deadlines | None = None
        # Set by the ``assessment_complete`` signal: a hint to read the progress now.
        self.hint = False

    def _due(self) -> datetime:
        assert self._deadlines is not None
        return self._deadlines.required(RoundPhase.ASSESSMENT)

    def _woken(self, due_at: datetime) -> bool:
        return self.hint or self._due() != due_at

    async def run(self, setup: AssessmentSetup, deadlines: Deadlines) -> list[FeasibleProject]:
        """Leaves when every proposal is assessed. The ``assessment_complete`` signal only
        wakes the workflow early; the service's progress decides. Progress is read at each
        checkpoint (reminder before the due date, overdue at it, escalation to the owner after
        it), then after ``assessment_recheck``, doubling up to a cap (``next_recheck``, so a
        long overdue period adds few events); a checkpoint the timer reaches with proposals
        still unassessed sends its notice once. A moved due date plans them afresh."""
        self._deadlines = deadlines
        due_at = self._due()
        self._progress.enter(RoundPhase.ASSESSMENT, due_at, "att alla förslag bedöms", ASSESSORS)
        progress = await call(Services.assessment_open_round, setup)
        if workflow.patched(reminders.ASSESSMENT_REMINDERS_PATCH):
            ahead = reminders.checkpoints(self._config, due_at, workflow.now())
        else:
            ahead = reminders.legacy_checkpoints(due_at)
        backoff = workflow.patched(reminders.RECHECK_BACKOFF_PATCH)
        interval = self._config.assessment_recheck
        while not progress.complete:
            if self._due() != due_at:
                due_at = self._due()
                ahead = reminders.checkpoints(self._config, due_at, workflow.now())
                interval = self._config.assessment_recheck
            rechecking = not ahead
            wake_at = ahead[0].at if ahead else workflow.now() + interval
            woken = functools.partial(self._woken, due_at)
            hinted = await wait_until(woken, wake_at, "Bedömningen")
            self.hint = False  # a hint during the check below wakes the next wait
            progress = await call(Services.assessment_progress, self._ref)
            if hinted or progress.complete:
                continue
            if backoff and rechecking:
                interval = reminders.next_recheck(interval, self._config)
            while ahead and ahead[0].at <= workflow.now():
                await self._checkpoint(ahead.pop(0).kind, progress, due_at)
        closed = await call(Services.assessment_close_round, self._ref)
        self._progress.counts.feasible = closed.feasible_count
        await deliver_merge_notices(self._ref)
        return closed.feasible

    async def _checkpoint(
        self, kind: reminders.CheckpointKind, progress: AssessmentProgress, due_at: datetime
    ) -> None:
        """Past the due date the round shows the delay to staff; every checkpoint notifies."""
        if kind != "reminder":
            done = reminders.assessed_summary(progress)
            self._progress.wait_for(
                f"att alla förslag bedöms ({done}, försenat)", ASSESSORS, due_at
            )
        notice = reminders.notice(kind, progress, self._config, due_at)
        await self._notifier.send(notice.recipients, notice.subject, notice.message, notice.kind)
