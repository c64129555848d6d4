"""The operations updates of a round: ``extend_deadline`` and ``cancel_round``.

Validators raise, so a refused update leaves no trace in the round's history, and the caller
gets the reason in Swedish at once. An accepted deadline change moves the running wait (waits
read ``Deadlines``), the ``PhaseDeadline`` search attribute and the current details, and tells
the service that holds the old date (intake's closing, assessment's due date, the ballot's
times while it is still open for change) and the running project workflows.
"""

from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel
from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from workflows.activities.operations import OperationsActivities, Reschedule, ServiceName
    from workflows.config import RoundConfig
    from workflows.messages.round import RoundPhase
    from workflows.messages.updates import (
        DeadlineChange,
        DeadlineExtended,
        DeadlineExtension,
        RoundCancellation,
    )

from workflows.kommun import Notifier
from workflows.round_progress import RoundProgress
from workflows.waiting.deadlines import Deadlines
from workflows.waiting.reminders import escalation_recipients
from workflows.waiting.timing import SERVICE_RETRY, sleep_until

# Rounds started before deadline changes, cancellation and the generic reminders keep their
# old waits on replay; they refuse both updates.
OPERATIONS_PATCH = "round-operations-v1"
FINISHED = (RoundPhase.COMPLETED, RoundPhase.CANCELLED)
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
VOTING_EXTENSION_PATCH = "voting-extension-v1"


def _refuse(message: str, kind: str) -> ApplicationError:
    return ApplicationError(message, type=kind, non_retryable=True)


def _text(value: str, name: str, minimum: int) -> str:
    if len(value.strip()) < minimum:
        raise _refuse(f"Ange {name} (minst {minimum} tecken).", "InvalidRequest")
    return value.strip()


class Operations:
    """The round's changeable state for operations: deadlines, what the services were sent,
    the running projects; ``live`` is False for rounds started before these updates."""

    def __init__(
        self, round_id: str, config: RoundConfig, progress: RoundProgress, notifier: Notifier
    ) -> None:
        self._id = round_id
        self.notifier = notifier
        self._progress = progress
        self.deadlines = Deadlines(config.timeline, config.follow_up.evaluation_period)
        self.live = False
        self.sent: dict[ServiceName, BaseModel] = {}
        self.projects: list[str] = []
        self.cancellation: RoundCancellation | None = None
        self.finished = False
        self._revisions = 0

    async def sleep(self, phase: RoundPhase, summary: str) -> None:
        """Until the phase's deadline; a moved deadline moves the wait (only in live rounds,
        whose history may hold the extra timer of a moved wait)."""
        due = self.deadlines.of(phase)
        if due is None:
            return
        if self.live:
            await self.deadlines.sleep(phase, summary)
        else:
            await sleep_until(due, summary)

    def project_ended(self, workflow_id: str) -> None:
        """An ended project takes no more signals."""
        if workflow_id in self.projects:
            self.projects.remove(workflow_id)

    def project_reminders(self, config: RoundConfig) -> dict[str, Any]:
        """What live rounds give their projects: a reminder before each date, escalations to
        the round's owner. Older rounds' projects keep their input as it was."""
        if not self.live:
            return {}
        return {
            "remind_before": config.reminders.implementation_before,
            "escalate_to": escalation_recipients(config.owner, config.approvers),
        }

    def _check_live(self) -> RoundPhase:
        if not self.live:
            raise _refuse(
                "Omgången startades av en äldre version av arbetsflödet och kan inte ändras så.",
                "NotSupported",
            )
        return self._progress.phase

    def check_extension(self, request: DeadlineExtension) -> tuple[RoundPhase, datetime]:
        current = self._check_live()
        try:
            phase = RoundPhase(request.phase.strip().upper())
        except ValueError:
            raise _refuse(f"Okänd fas '{request.phase}'.", "InvalidDeadline") from None
        try:
            until = datetime.fromisoformat(request.until.strip())
        except ValueError:
            message = f"'{request.until}' är ingen tidpunkt (ISO 8601 med tidszon)."
            raise _refuse(message, "InvalidDeadline") from None
        problem = self.deadlines.problem(phase, until, current, workflow.now())
        if problem is not None:
            raise _refuse(problem, "InvalidDeadline")
        _text(request.reason, "ett skäl", 3)
        _text(request.requested_by, "vem som begär ändringen", 2)
        return phase, until

    async def extend(self, request: DeadlineExtension) -> DeadlineExtended:
        phase, until = self.check_extension(request)
        previous = self.deadlines.of(phase)
        self.deadlines.extend(phase, until)
        change = DeadlineChange(
            phase=phase,
            previous=previous,
            deadline=until,
            reason=request.reason.strip(),
            requested_by=request.requested_by.strip(),
            at=workflow.now(),
        )
        self._progress.deadline_changed(change, self.deadlines.timeline)
        await self._tell_services(phase, until)
        return DeadlineExtended(
            phase=phase,
            deadline=until,
            timeline=self.deadlines.timeline,
            evaluation_closes_at=self.deadlines.evaluation_closes_at,
        )

    async def _tell_services(self, phase: RoundPhase, until: datetime) -> None:
        current = self._progress.phase
        if phase == RoundPhase.IMPLEMENTATION and current == phase:
            for project_id in self.projects:
                project = workflow.get_external_workflow_handle(project_id)
                await project.signal("move_due_date", until)
        held = SERVICE_DEADLINES.get(phase)
        if held is None:
            return
        service, field, changeable_in, path = held
        request = self.sent.get(service)
        if request is None:
            return
        if current == changeable_in:  # the service still takes the whole request again
            request = request.model_copy(update={field: until})
            body = request.model_dump(mode="json", exclude={"round_id"})
        elif phase == current == RoundPhase.VOTING and workflow.patched(VOTING_EXTENSION_PATCH):
            # The ballot is frozen but for its end; older workers never took this branch.
            request = request.model_copy(update={field: until})
            path, body = VOTING_CLOSING_PATH, {"closes_at": until.isoformat()}
        else:
            return
        self.sent[service] = request
        self._revisions += 1
        change = Reschedule(
            round_id=self._id,
            service=service,
            path=f"/rounds/{self._id}{path}",
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
            self._progress.reject(problem)
            raise _refuse(problem, "ServiceRejected") from err

    def check_cancellation(self, request: RoundCancellation) -> None:
        current = self._check_live()
        if current in FINISHED or self.cancellation is not None:
            raise _refuse("Omgången är redan avslutad eller avbruten.", "InvalidCancellation")
        _text(request.reason, "ett skäl", 10)
        _text(request.cancelled_by, "vem som avbryter omgången", 2)
