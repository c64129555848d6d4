"""FollowUpWorkflow: the follow-up measurement a set time after each project was completed
(round config ``follow_up.measure_after``), id ``<round id>.follow-up``.

The decision service plans one follow-up per completed project (it knows when each was
completed) and officials record each measurement, or close it with a reason, there; the service
then signals ``follow_up_changed`` and this workflow asks it how many are still open. It reminds
before the last follow-up is due, tells the officials when it is overdue and escalates to the
round's owner like every other wait. A child of the round, so the round's history gains only
its start and result however many projects there are; its own grows by a few events per
measurement.
"""

import asyncio
from datetime import datetime

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.activities.follow_up import FollowUpActivities
    from workflows.messages.follow_up import (
        FollowUpDue,
        FollowUpInput,
        FollowUpOpening,
        FollowUpState,
    )
    from workflows.messages.services import RoundRef

from workflows.kommun import Notifier
from workflows.waiting.reminders import CheckpointKind, Watch, notice
from workflows.waiting.timing import call, sleep_until

# Workflows started after this open each follow-up when their own clock finds it due; those
# started before leave it to the decision service's clock (docs/versioning.md).
OPENED_BY_WORKFLOW_PATCH = "follow-up-opened-by-workflow"
OFFICIALS = "ansvarig tjänsteperson"
WHAT = "uppföljningsmätningarna av projekten"


def follow_up_id(round_id: str) -> str:
    return f"{round_id}.follow-up"


@workflow.defn(name="FollowUpWorkflow")
class FollowUpWorkflow:
    @workflow.init
    def __init__(self, plan: FollowUpInput) -> None:
        self._plan = plan
        self._notifier = Notifier(plan.round_id)
        self._changed = False
        self._state = FollowUpState()
        self._opener: asyncio.Task[None] | None = None

    @workflow.run
    async def run(self, plan: FollowUpInput) -> FollowUpState:
        """Ends when every follow-up is measured or closed with a reason."""
        opening = FollowUpOpening(round_id=plan.round_id, measure_after=plan.measure_after)
        self._state = await call(FollowUpActivities.decision_open_follow_ups, opening)
        self._show()
        if workflow.patched(OPENED_BY_WORKFLOW_PATCH):
            self._opener = asyncio.create_task(self._open_when_due())
        watch = Watch(self._due, plan.reminders, self._send, "Uppföljningsmätning: påminnelse")
        while self._state.pending > 0:
            await watch.wait(lambda: self._changed or self._opened())
            if self._opener is not None and self._opened():
                # A final refusal fails the workflow as any other call's does, not silently.
                self._opener.result()
                self._opener = None
                continue
            # Cleared before asking: a change signalled while the answer is on its way is
            # asked about again, not lost.
            self._changed = False
            ref = RoundRef(round_id=plan.round_id)
            self._state = await call(FollowUpActivities.decision_follow_up_state, ref)
            self._show()
        if self._opener is not None:
            self._opener.cancel()
        return self._state

    def _opened(self) -> bool:
        return self._opener is not None and self._opener.done()

    async def _open_when_due(self) -> None:
        """The round's clock decides when a follow-up is due, as for every other deadline:
        the service takes measurements once this has opened them."""
        while (due := self._state.next_due_at) is not None:
            await sleep_until(due, "Uppföljningsmätningen blir aktuell")
            opening = FollowUpDue(round_id=self._plan.round_id, as_of=workflow.now())
            self._state = await call(FollowUpActivities.decision_follow_ups_due, opening)
            self._show()

    def _due(self) -> datetime:
        return self._state.due_at or workflow.now()

    async def _send(self, kind: CheckpointKind, due: datetime) -> None:
        n = notice(kind, WHAT, OFFICIALS, self._plan.escalate_to or OFFICIALS, due)
        await self._notifier.send(n.recipients, n.subject, n.message, n.kind)

    def _show(self) -> None:
        state = self._state
        workflow.set_current_details(
            f"## Uppföljningsmätning i {self._plan.round_id}\n\n"
            f"- Projekt: {state.total}, kvar att mäta eller stänga: {state.pending}\n"
            "- Mätningarna lämnas i beslutstjänsten (`/rounds/<id>/projects/<id>/follow-up`)."
        )

    @workflow.signal
    def follow_up_changed(self) -> None:
        """From the decision service: a follow-up was measured or closed; asked again."""
        self._changed = True

    @workflow.query
    def state(self) -> FollowUpState:
        return self._state
