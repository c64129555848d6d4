"""BudgetRoundWorkflow: one per round, and the only thing that moves a round between phases.

Deadlines are durable timers and human approvals are signals; every step is recorded in the
service that owns it through an activity. Only ids, counts and results pass through, so the
history stays a few hundred events whether the round has ten voters or a hundred thousand.
"""

from datetime import datetime

from pydantic import ValidationError
from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from workflows.activities.services import ServiceActivities as Services
    from workflows.config import RoundConfig
    from workflows.display import PHASE_NAMES, format_sek
    from workflows.messages.projects import ImplementationCounts, ProjectOutcome
    from workflows.messages.round import RoundPhase
    from workflows.messages.services import (
        FeasibleProject,
        RoundRef,
        TallyResult,
    )
    from workflows.messages.signals import BallotApproval, CouncilDecision, EvaluationReport
    from workflows.messages.status import RoundOutcome, RoundStatus
    from workflows.messages.updates import DeadlineExtended, DeadlineExtension, RoundCancellation
    from workflows.phases import requests as round_requests
    from workflows.rules import round_id_problem

from workflows.implementation_workflow import (
    IMPLEMENTATION_PATCH,
    implement,
    implementation_plan,
)
from workflows.kommun import Notifier
from workflows.operations.cancellation import cancellable
from workflows.operations.deadline_changes import OPERATIONS_PATCH, Operations
from workflows.phases.assessment import AssessmentPhase
from workflows.phases.council_decision import DIARIUM_PATCH, CouncilPhase
from workflows.phases.evaluation import evaluate
from workflows.project_workflow import run_projects
from workflows.round_progress import RoundProgress
from workflows.waiting.reminders import watch
from workflows.waiting.timing import Reminder, call, sleep_until

TIMED = "ingen, omgången går vidare av sig själv vid tidpunkten"


# A config that does not decode (pydantic) fails the round at once instead of retrying.
@workflow.defn(name="BudgetRoundWorkflow", failure_exception_types=[ValidationError])
class BudgetRoundWorkflow:
    @workflow.init
    def __init__(self, config: RoundConfig) -> None:
        self._config = config
        self._timeline = config.timeline
        self._id = workflow.info().workflow_id
        self._ref = RoundRef(round_id=self._id)
        self._progress = RoundProgress(self._id, config)
        self._approval: tuple[BallotApproval, datetime] | None = None
        self._decisions: list[CouncilDecision] = []
        self._evaluation: EvaluationReport | None = None
        self._notifier = Notifier(self._id)
        self._ops = Operations(self._id, config, self._progress, self._notifier)
        self._deadline = self._ops.deadlines.required
        self._assessment = AssessmentPhase(self._id, config, self._progress, self._notifier)

    @workflow.run
    async def run(self, config: RoundConfig) -> RoundOutcome:
        """The phases in order; a ``cancel_round`` update stops them wherever they are."""
        problem = round_id_problem(self._id, config)
        if problem is not None:
            raise ApplicationError(problem, type="InvalidRoundConfig", non_retryable=True)
        self._ops.live = workflow.patched(OPERATIONS_PATCH)
        if not self._ops.live:
            return await self._phases()
        return await cancellable(self._phases(), self._id, config, self._progress, self._ops)

    async def _phases(self) -> RoundOutcome:
        await self._prepare()
        proposal_ids = await self._intake()
        if not proposal_ids:
            return self._progress.finish("Inga förslag kom in; ingen omröstning hölls.", {})
        feasible = await self._assess(proposal_ids)
        if not feasible:
            return self._progress.finish("Inget förslag var genomförbart; ingen omröstning.", {})
        await self._approve_ballot(feasible)
        await self._vote()
        tally = await self._tally()
        decision = await self._council_decision(tally)
        costs = {project.project_id: project.cost for project in tally.projects}
        approved = {pid: costs[pid] for pid in decision.approved_project_ids}
        await self._implement(approved)
        await self._evaluate()
        return self._progress.finish(
            f"Omgången är avslutad: {self._progress.counts.projects_done} av {len(approved)} "
            f"beviljade projekt ({format_sek(sum(approved.values()))}) genomfördes.",
            approved,
        )

    @property
    def _current(self) -> RoundConfig:
        """The config with the timeline as it stands now (deadlines may have moved)."""
        return self._config.model_copy(update={"timeline": self._ops.deadlines.timeline})

    async def _prepare(self) -> None:
        opens_at = self._ops.deadlines.of(RoundPhase.PREPARING)
        self._progress.enter(RoundPhase.PREPARING, opens_at, "att insamlingen öppnar", TIMED)
        await call(
            Services.decision_register_round, round_requests.decision_setup(self._id, self._config)
        )
        await self._ops.sleep(RoundPhase.PREPARING, "Förslagsinsamlingen öppnar")

    async def _intake(self) -> list[int]:
        """Intake opens only now: the intake service accepts proposals once the round exists."""
        closes_at = self._deadline(RoundPhase.INTAKE)
        self._progress.enter(
            RoundPhase.INTAKE, closes_at, "förslag", "invånare, företag och föreningar"
        )
        setup = self._ops.sent["intake"] = round_requests.intake_setup(self._id, self._current)
        await call(Services.intake_open_round, setup)
        await self._ops.sleep(RoundPhase.INTAKE, "Förslagsinsamlingen stänger")
        closed = await call(Services.intake_close_round, self._ref)
        self._progress.counts.proposals = closed.count
        return closed.proposal_ids

    async def _assess(self, proposal_ids: list[int]) -> list[FeasibleProject]:
        setup = round_requests.assessment_setup(self._id, self._current, proposal_ids)
        self._ops.sent["assessment"] = setup
        return await self._assessment.run(setup, self._ops.deadlines)

    async def _approve_ballot(self, feasible: list[FeasibleProject]) -> None:
        phase = RoundPhase.BALLOT_APPROVAL
        approvers = ", ".join(self._config.approvers) or "ansvarig tjänsteperson"
        waiting = "godkännande av röstsedeln (signal `approve_ballot`)"
        self._progress.enter(phase, self._deadline(phase), waiting, approvers)
        what, settings = "godkännandet av röstsedeln", self._config.reminders.ballot_approval
        reminder = (
            watch(self._ops, phase, settings, self._config, self._notifier, what, approvers)
            if self._ops.live
            else Reminder(
                self._deadline(phase),
                lambda: self._notify(approvers, "Röstsedeln är inte godkänd", "Röstningen väntar."),
            )
        )
        await reminder.wait(lambda: self._approval is not None)
        assert self._approval is not None
        approval, approved_at = self._approval
        record = round_requests.ballot_approval_record(self._id, approval, approved_at)
        await call(Services.decision_record_ballot_approval, record)
        ballot = round_requests.ballot_definition(self._id, self._current, feasible)
        self._ops.sent["voting"] = ballot
        await call(Services.voting_define_ballot, ballot)
        waiting = f"att röstningen öppnar (röstsedeln godkänd av {approval.approved_by})"
        self._progress.wait_for(waiting, TIMED, self._deadline(phase))
        await self._ops.sleep(phase, "Röstningen öppnar")

    async def _vote(self) -> None:
        closes_at = self._deadline(RoundPhase.VOTING)
        self._progress.enter(RoundPhase.VOTING, closes_at, "röster", "röstberättigade")
        await call(Services.voting_open, self._ref)
        await self._ops.sleep(RoundPhase.VOTING, "Röstningen stänger")
        closed = await call(Services.voting_close, self._ref)
        self._progress.counts.ballots = closed.ballot_count

    async def _tally(self) -> TallyResult:
        self._progress.enter(RoundPhase.TALLYING, None, "rösträkningen", "röstningstjänsten")
        tally = await call(Services.voting_tally, self._ref)
        self._progress.counts.selected = len(tally.selected)
        await call(Services.decision_store_recommendation, tally)
        return tally

    async def _council_decision(self, tally: TallyResult) -> CouncilDecision:
        """Waits for a decision that holds (a wrong one is shown and ignored), then files it
        in the kommun's diarium."""
        council = CouncilPhase(self._id, self._config, self._progress, self._notifier, self._ops)
        decision = await council.decide(tally, self._decisions)
        if workflow.patched(DIARIUM_PATCH):
            await council.register(decision, tally)
        return decision

    async def _implement(self, approved: dict[int, int]) -> None:
        """One child workflow per project, all under one ``ImplementationWorkflow`` (this
        history stays the same size); on when every project is done or cancelled."""
        due_at = self._deadline(RoundPhase.IMPLEMENTATION)
        self._progress.enter(
            RoundPhase.IMPLEMENTATION,
            due_at,
            "att varje projekt blir klart eller avbryts (signaler till projektens arbetsflöden)",
            "projektägarna",
        )
        if workflow.patched(IMPLEMENTATION_PATCH):
            plan = implementation_plan(self._id, self._config, approved, due_at, self._ops)
            self.implementation_progress(await implement(plan, self._ops))
        else:
            self._ops.projects = [f"{self._id}.project-{pid}" for pid in approved]
            await run_projects(
                self._id,
                approved,
                due_at,
                self._config.follow_up.escalate_after,
                self._project_done,
                **self._ops.project_reminders(self._config),
            )
        evaluation_at = self._timeline.evaluation_at
        self._progress.wait_for("att uppföljningen börjar", TIMED, evaluation_at)
        await sleep_until(evaluation_at, "Uppföljningen börjar")

    def _project_done(self, outcome: ProjectOutcome) -> None:
        self._ops.project_ended(f"{self._id}.project-{outcome.project_id}")
        if outcome.status == "cancelled":
            self._progress.counts.projects_cancelled += 1
        else:
            self._progress.counts.projects_done += 1
        self._progress.refresh()

    async def _evaluate(self) -> None:
        report = lambda: self._evaluation  # noqa: E731 (read when the signal has come)
        await evaluate(self._id, self._config, self._progress, self._notifier, report, self._ops)

    async def _notify(self, recipients: str, subject: str, message: str) -> None:
        await self._notifier.send(recipients, subject, message)

    def _ignore(self, signal: str, sender: str) -> None:
        phase = PHASE_NAMES[self._progress.phase]
        self._progress.reject(f"Signalen {signal} från {sender} ignorerades i fasen {phase}.")

    @workflow.signal
    def implementation_progress(self, counts: ImplementationCounts) -> None:
        """From the ``ImplementationWorkflow``: how many projects have ended so far."""
        if self._progress.phase != RoundPhase.IMPLEMENTATION:
            return self._ignore("implementation_progress", "genomförandet")
        mine = self._progress.counts
        mine.projects_done = max(mine.projects_done, counts.projects_done)
        mine.projects_cancelled = max(mine.projects_cancelled, counts.projects_cancelled)
        self._progress.refresh()

    @workflow.signal
    def assessment_complete(self) -> None:
        """A hint from the assessment service; the workflow still asks for the progress."""
        self._assessment.hint = True

    @workflow.signal
    def approve_ballot(self, approval: BallotApproval) -> None:
        approvers = self._config.approvers
        if self._progress.phase != RoundPhase.BALLOT_APPROVAL or self._approval is not None:
            self._ignore("approve_ballot", approval.approved_by)
        elif approvers and approval.approved_by not in approvers:
            self._progress.reject(
                f"{approval.approved_by} får inte godkänna röstsedeln ({', '.join(approvers)} får)."
            )
        else:
            self._approval = (approval, workflow.now())

    @workflow.signal
    def record_council_decision(self, decision: CouncilDecision) -> None:
        if self._progress.phase != RoundPhase.COUNCIL_DECISION:
            self._ignore("record_council_decision", decision.recorded_by)
        else:
            self._decisions.append(decision)

    @workflow.signal
    def submit_evaluation(self, report: EvaluationReport) -> None:
        if self._progress.phase != RoundPhase.EVALUATION or self._evaluation is not None:
            self._ignore("submit_evaluation", report.submitted_by)
        elif len(report.summary.strip()) < 3:
            self._progress.reject(f"Uppföljningen från {report.submitted_by} saknar text.")
        else:
            self._evaluation = report

    @workflow.update
    async def extend_deadline(self, request: DeadlineExtension) -> DeadlineExtended:
        """Moves a current or later phase's deadline; the running wait takes it at once."""
        return await self._ops.extend(request)

    @extend_deadline.validator
    def _check_extension(self, request: DeadlineExtension) -> None:
        self._ops.check_extension(request)

    @workflow.update
    async def cancel_round(self, request: RoundCancellation) -> RoundStatus:
        """Ends the round for good; answers once services are archived and people told."""
        self._ops.cancellation = request
        await workflow.wait_condition(lambda: self._ops.finished)
        return self._progress.status()

    @cancel_round.validator
    def _check_cancellation(self, request: RoundCancellation) -> None:
        self._ops.check_cancellation(request)

    @workflow.query
    def status(self) -> RoundStatus:
        return self._progress.status()
