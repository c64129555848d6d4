"""The council decision phase of a round: wait for a decision that holds, record it in the
decision service, then register it in the kommun's diarium and keep the case reference.

A bad decision (over budget, unknown projects, different from the vote without a
justification) is shown and ignored: the decision service checks the same before it signals,
but a signal from the Temporal UI or CLI skips that.
"""

from datetime import datetime
from typing import TYPE_CHECKING

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from workflows.activities.kommun import DecidedProject, DiariumRegistration, KommunActivities
    from workflows.activities.services import ServiceActivities as Services
    from workflows.config import RoundConfig
    from workflows.display import format_sek
    from workflows.messages.round import RoundPhase
    from workflows.messages.services import CaseReference, CouncilDecisionRecord, TallyResult
    from workflows.messages.signals import CouncilDecision
    from workflows.rules import council_decision_problem

from workflows.kommun import Notifier, call_kommun
from workflows.round_progress import RoundProgress
from workflows.waiting.reminders import Watch, watch
from workflows.waiting.timing import Reminder, call

if TYPE_CHECKING:
    from workflows.operations.deadline_changes import Operations

# Rounds that had a council decision before the diarium adapter existed skip it on replay.
DIARIUM_PATCH = "register-council-decision-in-diarium"
SECRETARY = "fullmäktiges sekreterare"
OPERATIONS = "driftansvarig för medborgarbudgeten"


def rejection(error: ActivityError) -> str | None:
    """The reason a service or kommun system gave for refusing for good, else ``None``."""
    cause = error.cause
    if isinstance(cause, ApplicationError) and cause.type == "ServiceRejected":
        return cause.message
    return None


class CouncilPhase:
    def __init__(
        self,
        round_id: str,
        config: RoundConfig,
        progress: RoundProgress,
        notifier: Notifier,
        ops: "Operations",
    ) -> None:
        self._ops = ops
        self._id = round_id
        self._config = config
        self._progress = progress
        self._notifier = notifier
        self._decided_at: datetime | None = None

    async def decide(self, tally: TallyResult, pending: list[CouncilDecision]) -> CouncilDecision:
        """Takes decisions from ``pending`` (filled by the signal) until one holds."""
        phase = RoundPhase.COUNCIL_DECISION
        due_at = self._ops.deadlines.required(phase)
        waiting = "fullmäktiges beslut (signal `record_council_decision`)"
        self._progress.enter(phase, due_at, waiting, SECRETARY)
        settings = self._config.reminders.council_decision
        what = "fullmäktiges beslut"
        reminder: Watch | Reminder = (
            watch(self._ops, phase, settings, self._config, self._notifier, what, SECRETARY)
            if self._ops.live
            else Reminder(
                due_at,
                lambda: self._notifier.send(
                    SECRETARY, "Fullmäktiges beslut saknas", "Registrera det."
                ),
            )
        )
        attempt = 0
        while True:
            await reminder.wait(lambda: bool(pending))
            decision = pending.pop(0)
            problem = council_decision_problem(decision, tally)
            if problem is None:
                attempt += 1
                problem = await self._record(decision, attempt)
                if problem is None:
                    return decision
            self._progress.reject(
                f"Beslut {decision.diarienummer} ({decision.recorded_by}): {problem}"
            )

    async def _record(self, decision: CouncilDecision, attempt: int) -> str | None:
        """Records the decision; the decision service's reason if it refuses."""
        self._decided_at = workflow.now()
        record = CouncilDecisionRecord(
            round_id=self._id, decision=decision, decided_at=self._decided_at, attempt=attempt
        )
        try:
            await call(Services.decision_record_council_decision, record)
        except ActivityError as err:
            if (problem := rejection(err)) is None:
                raise
            return problem
        return None

    async def register(self, decision: CouncilDecision, tally: TallyResult) -> None:
        """Files the decision in the diarium and sends the secretary a receipt. A diarium that
        refuses for good does not stop the round: operations staff are told to file it."""
        costs = {project.project_id: project.cost for project in tally.projects}
        approved = [
            DecidedProject(project_id=i, cost=costs[i]) for i in decision.approved_project_ids
        ]
        registration = DiariumRegistration(
            round_id=self._id,
            kommun=self._config.kommun,
            title=self._config.title,
            **decision.model_dump(exclude={"approved_project_ids"}),
            decided_at=self._decided_at or workflow.now(),
            approved_projects=approved,
            total_cost=sum(p.cost for p in approved),
            recommended_project_ids=tally.selected,
        )
        try:
            case = await call_kommun(KommunActivities.register_in_diarium, registration)
        except ActivityError as err:
            if (problem := rejection(err)) is None:
                raise
            self._progress.reject(
                f"Diariet tog inte emot beslut {decision.diarienummer}: {problem}"
            )
            await self._notifier.send(
                OPERATIONS, "Fullmäktiges beslut kunde inte diarieföras", problem, "escalation"
            )
            return
        reference = "inte diariefört (diariet är inte anslutet)"
        if case is not None:
            reference = case.case_reference
            filed = CaseReference(
                round_id=self._id, case_reference=reference, registered_at=workflow.now()
            )
            await call(Services.decision_record_case, filed)
        await self._notifier.send(
            SECRETARY,
            "Fullmäktiges beslut är registrerat",
            f"Beslut {decision.diarienummer} {decision.paragraph}: {len(approved)} projekt för "
            f"{format_sek(registration.total_cost)}. Ärende i diariet: {reference}.",
            "receipt",
        )
