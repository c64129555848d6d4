"""BudgetRoundWorkflow: one per round, and the only thing that moves a round between phases.

Deadlines are durable timers and human approvals are signals; every step is recorded in the
service that owns it through an activity. Only ids, counts and results pass through, so the
history stays a few hundred events whether the round has ten voters or a hundred thousand.
Each phase is a module of ``workflows/phases``; the handlers below only fill the round's inbox
or hand an update to ``workflows/operations``.
"""

from pydantic import ValidationError
from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from workflows.config import RoundConfig
    from workflows.display import PHASE_NAMES, format_sek
    from workflows.messages.mandate import MandateRecord, MandateUpdate
    from workflows.messages.projects import ImplementationCounts
    from workflows.messages.round import RoundPhase
    from workflows.messages.signals import BallotApproval, CouncilDecision, EvaluationReport
    from workflows.messages.status import RoundOutcome, RoundStatus
    from workflows.messages.updates import DeadlineExtended, DeadlineExtension, RoundCancellation
    from workflows.rules import round_id_problem

from workflows.operations.cancellation import Cancellation
from workflows.operations.deadline_changes import DeadlineChanges
from workflows.phases import (
    assessment,
    ballot_approval,
    council_decision,
    discussion,
    evaluation,
    follow_up,
    implementation,
    intake,
    preparing,
    tallying,
    voting,
)
from workflows.phases.context import RoundContext
from workflows.phases.mandate import MandateUpdates


# A config that does not decode (pydantic) fails the round at once instead of retrying.
@workflow.defn(name="BudgetRoundWorkflow", failure_exception_types=[ValidationError])
class BudgetRoundWorkflow:
    @workflow.init
    def __init__(self, config: RoundConfig) -> None:
        self._ctx = RoundContext.start(workflow.info().workflow_id, config)
        self._deadline_changes = DeadlineChanges(self._ctx)
        self._cancellation = Cancellation(self._ctx)
        self._mandate = MandateUpdates(self._ctx)

    @workflow.run
    async def run(self, config: RoundConfig) -> RoundOutcome:
        """The phases in order; a ``cancel_round`` update stops them wherever they are."""
        problem = round_id_problem(self._ctx.id, config)
        if problem is not None:
            raise ApplicationError(problem, type="InvalidRoundConfig", non_retryable=True)
        return await self._cancellation.around(self._phases())

    async def _phases(self) -> RoundOutcome:
        ctx = self._ctx
        await preparing.run(ctx)
        proposal_ids = await intake.run(ctx)
        if not proposal_ids:
            await discussion.close_at_end(ctx)
            return ctx.progress.finish("Inga förslag kom in; ingen omröstning hölls.", {})
        feasible = await assessment.run(ctx, proposal_ids)
        if not feasible:
            await discussion.close_at_end(ctx)
            return ctx.progress.finish("Inget förslag var genomförbart; ingen omröstning.", {})
        await ballot_approval.run(ctx, feasible)
        await voting.run(ctx)
        tally = await tallying.run(ctx)
        decision = await council_decision.run(ctx, tally)
        costs = {project.project_id: project.cost for project in tally.projects}
        approved = {pid: costs[pid] for pid in decision.approved_project_ids}
        await implementation.run(ctx, approved)
        await evaluation.run(ctx)
        await follow_up.run(ctx)
        return ctx.progress.finish(
            f"Omgången är avslutad: {ctx.progress.counts.projects_done} av {len(approved)} "
            f"beviljade projekt ({format_sek(sum(approved.values()))}) genomfördes.",
            approved,
        )

    def _ignore(self, signal: str, sender: str) -> None:
        phase = PHASE_NAMES[self._ctx.progress.phase]
        self._ctx.progress.reject(f"Signalen {signal} från {sender} ignorerades i fasen {phase}.")

    def _awaits(self, phase: RoundPhase, signal: str, sender: str, taken: bool = False) -> bool:
        """Whether the round waits for this signal now; if not, it is shown as ignored."""
        if self._ctx.progress.phase != phase or taken:
            self._ignore(signal, sender)
            return False
        return True

    @workflow.signal
    def implementation_progress(self, counts: ImplementationCounts) -> None:
        """From the ``ImplementationWorkflow``: how many projects have ended so far."""
        if self._awaits(RoundPhase.IMPLEMENTATION, "implementation_progress", "genomförandet"):
            self._ctx.progress.projects_ended(counts)

    @workflow.signal
    def assessment_complete(self) -> None:
        """A hint from the assessment service; the workflow still asks for the progress."""
        self._ctx.inbox.assessment_hint = True

    @workflow.signal
    def approve_ballot(self, approval: BallotApproval) -> None:
        """Counted by the ballot approval phase once its token is verified."""
        inbox, sender = self._ctx.inbox, approval.approved_by
        if self._awaits(
            RoundPhase.BALLOT_APPROVAL, "approve_ballot", sender, inbox.ballot_approved
        ):
            inbox.approvals.append((approval, workflow.now()))

    @workflow.signal
    def record_council_decision(self, decision: CouncilDecision) -> None:
        phase = RoundPhase.COUNCIL_DECISION
        if self._awaits(phase, "record_council_decision", decision.recorded_by):
            self._ctx.inbox.decisions.append(decision)

    @workflow.signal
    def submit_evaluation(self, report: EvaluationReport) -> None:
        inbox, sender = self._ctx.inbox, report.submitted_by
        taken = inbox.evaluation is not None
        if not self._awaits(RoundPhase.EVALUATION, "submit_evaluation", sender, taken):
            return
        if len(report.summary.strip()) < 3:
            self._ctx.progress.reject(f"Uppföljningen från {sender} saknar text.")
        else:
            inbox.evaluation = report

    @workflow.update
    async def extend_deadline(self, request: DeadlineExtension) -> DeadlineExtended:
        """Moves a current or later phase's deadline; the running wait takes it at once."""
        return await self._deadline_changes.extend(request)

    @extend_deadline.validator
    def _check_extension(self, request: DeadlineExtension) -> None:
        self._deadline_changes.check(request)

    @workflow.update
    async def cancel_round(self, request: RoundCancellation) -> RoundStatus:
        """Ends the round for good; answers once services are archived and people told."""
        return await self._cancellation.accept(request)

    @cancel_round.validator
    def _check_cancellation(self, request: RoundCancellation) -> None:
        self._cancellation.check(request)

    @workflow.update
    async def record_mandate(self, update: MandateUpdate) -> MandateRecord:
        """The decision that set the round up, when the config says it is still to come."""
        return await self._mandate.accept(update)

    @record_mandate.validator
    def _check_mandate(self, update: MandateUpdate) -> None:
        self._mandate.check(update)

    @workflow.query
    def status(self) -> RoundStatus:
        return self._ctx.progress.status()
