"""The ``extend_deadline`` update: move a current or later phase's deadline.

An accepted change moves the running wait (waits read ``Deadlines``), the ``PhaseDeadline``
search attribute and the current details, and tells whoever holds a copy of the old date: the
service that was sent it (intake's closing, assessment's due date, the ballot's times while it
is still open for change) and the running implementation workflow.
"""

from datetime import datetime, timedelta

from temporalio import workflow
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from workflows.activities.operations import OperationsActivities, Reschedule, ServiceName
    from workflows.messages.round import RoundPhase
    from workflows.messages.updates import DeadlineChange, DeadlineExtended, DeadlineExtension

from workflows.operations.refusals import refuse, required_text
from workflows.phases.context import RoundContext
from workflows.waiting.timing import SERVICE_RETRY

# Which service holds which deadline, the phase in which it may still change, its PUT path.
SERVICE_DEADLINES: dict[RoundPhase, tuple[ServiceName, str, RoundPhase, str]] = {
    RoundPhase.INTAKE: ("intake", "intake_closes_at", RoundPhase.INTAKE, ""),
    RoundPhase.ASSESSMENT: ("assessment", "due_at", RoundPhase.ASSESSMENT, ""),
    RoundPhase.BALLOT_APPROVAL: ("voting", "opens_at", RoundPhase.BALLOT_APPROVAL, "/ballot"),
    RoundPhase.VOTING: ("voting", "closes_at", RoundPhase.BALLOT_APPROVAL, "/ballot"),
}
# While voting runs, only the end of voting may move (later only): the voting service's own
# path for it, since the ballot itself is frozen.
VOTING_CLOSING_PATH = "/ballot/closing"


class DeadlineChanges:
    def __init__(self, ctx: RoundContext) -> None:
        self._ctx = ctx
        self._revisions = 0

    def check(self, request: DeadlineExtension) -> tuple[RoundPhase, datetime]:
        """The validator: the phase and new time, or an ``ApplicationError`` with the reason."""
        current = self._ctx.progress.phase
        try:
            phase = RoundPhase(request.phase.strip().upper())
        except ValueError:
            raise refuse(f"Okänd fas '{request.phase}'.", "InvalidDeadline") from None
        try:
            until = datetime.fromisoformat(request.until.strip())
        except ValueError:
            message = f"'{request.until}' är ingen tidpunkt (ISO 8601 med tidszon)."
            raise refuse(message, "InvalidDeadline") from None
        problem = self._ctx.deadlines.problem(phase, until, current, workflow.now())
        if problem is not None:
            raise refuse(problem, "InvalidDeadline")
        required_text(request.reason, "ett skäl", 3)
        required_text(request.requested_by, "vem som begär ändringen", 2)
        return phase, until

    async def extend(self, request: DeadlineExtension) -> DeadlineExtended:
        phase, until = self.check(request)
        deadlines = self._ctx.deadlines
        previous = deadlines.of(phase)
        deadlines.extend(phase, until)
        change = DeadlineChange(
            phase=phase,
            previous=previous,
            deadline=until,
            reason=request.reason.strip(),
            requested_by=request.requested_by.strip(),
            at=workflow.now(),
        )
        self._ctx.progress.deadline_changed(change, deadlines.timeline)
        await self._tell_implementation(phase, until)
        await self._tell_service(phase, until)
        return DeadlineExtended(
            phase=phase,
            deadline=until,
            timeline=deadlines.timeline,
            evaluation_closes_at=deadlines.evaluation_closes_at,
        )

    async def _tell_implementation(self, phase: RoundPhase, until: datetime) -> None:
        running = self._ctx.deadlines.implementation
        if phase == RoundPhase.IMPLEMENTATION == self._ctx.progress.phase and running:
            await workflow.get_external_workflow_handle(running).signal("move_due_date", until)

    async def _tell_service(self, phase: RoundPhase, until: datetime) -> None:
        current = self._ctx.progress.phase
        held = SERVICE_DEADLINES.get(phase)
        if held is None:
            return
        service, field, changeable_in, path = held
        request = self._ctx.deadlines.copies.get(service)
        if request is None:
            return
        request = request.model_copy(update={field: until})
        if current == changeable_in:  # the service still takes the whole request again
            body = request.model_dump(mode="json", exclude={"round_id"})
        elif phase == current == RoundPhase.VOTING:  # the ballot is frozen but for its end
            path, body = VOTING_CLOSING_PATH, {"closes_at": until.isoformat()}
        else:
            return
        self._ctx.deadlines.copies[service] = request
        self._revisions += 1
        change = Reschedule(
            round_id=self._ctx.id,
            service=service,
            path=f"/rounds/{self._ctx.id}{path}",
            body=body,
            revision=self._revisions,
        )
        try:
            await workflow.execute_activity_method(
                OperationsActivities.reschedule_in_service,
                change,
                start_to_close_timeout=timedelta(minutes=1),
                retry_policy=SERVICE_RETRY,
            )
        except ActivityError as err:  # the round keeps the new deadline; say so plainly
            problem = (
                f"Tidsgränsen är ändrad i omgången, men {service} tog inte emot den: {err.cause}"
            )
            self._ctx.progress.reject(problem)
            raise refuse(problem, "ServiceRejected") from err
