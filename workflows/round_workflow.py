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
    from workflows import assessment_reminders as reminders
    from workflows import round_requests
    from workflows.activities import ServiceActivities as Services
    from workflows.assessment_reminders import ASSESSORS
    from workflows.config import RoundConfig
    from workflows.display import PHASE_NAMES, format_sek
    from workflows.messages import (
        BallotApproval,
        CouncilDecision,
        EvaluationReport,
        ProjectOutcome,
        RoundOutcome,
        RoundPhase,
        RoundStatus,
    )
    from workflows.rules import round_id_problem
    from workflows.service_models import (
        AssessmentProgress,
        FeasibleProject,
        RoundRef,
        TallyResult,
    )

from workflows.council import DIARIUM_PATCH, CouncilPhase
from workflows.evaluation import evaluate
from workflows.kommun import Notifier, deliver_merge_notices
from workflows.project_workflow import run_projects
from workflows.round_progress import RoundProgress
from workflows.timing import Reminder, call, sleep_until, wait_until

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
        self._assessment_hint = False
        self._approval: tuple[BallotApproval, datetime] | None = None
        self._decisions: list[CouncilDecision] = []
        self._evaluation: EvaluationReport | None = None
        self._notifier = Notifier(self._id)

    @workflow.run
    async def run(self, config: RoundConfig) -> RoundOutcome:
        problem = round_id_problem(self._id, config)
        if problem is not None:
            raise ApplicationError(problem, type="InvalidRoundConfig", non_retryable=True)
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

    async def _prepare(self) -> None:
        opens_at = self._timeline.intake_opens_at
        self._progress.enter(RoundPhase.PREPARING, opens_at, "att insamlingen öppnar", TIMED)
        await call(
            Services.decision_register_round, round_requests.decision_setup(self._id, self._config)
        )
        if opens_at is not None:
            await sleep_until(opens_at, "Förslagsinsamlingen öppnar")

    async def _intake(self) -> list[int]:
        """Intake opens only now: the intake service accepts proposals once the round exists."""
        closes_at = self._timeline.intake_closes_at
        self._progress.enter(
            RoundPhase.INTAKE, closes_at, "förslag", "invånare, företag och föreningar"
        )
        await call(Services.intake_open_round, round_requests.intake_setup(self._id, self._config))
        await sleep_until(closes_at, "Förslagsinsamlingen stänger")
        closed = await call(Services.intake_close_round, self._ref)
        self._progress.counts.proposals = closed.count
        return closed.proposal_ids

    async def _assess(self, proposal_ids: list[int]) -> list[FeasibleProject]:
        """Leaves when every proposal is assessed. The ``assessment_complete`` signal only
        wakes the workflow early; the service's progress decides. Progress is read at each
        checkpoint (reminder before the due date, overdue at it, escalation to the owner after
        it), then every ``assessment_recheck``; a checkpoint the timer reaches with proposals
        still unassessed sends its notice once."""
        due_at = self._timeline.assessment_due_at
        self._progress.enter(RoundPhase.ASSESSMENT, due_at, "att alla förslag bedöms", ASSESSORS)
        setup = round_requests.assessment_setup(self._id, self._config, proposal_ids)
        progress = await call(Services.assessment_open_round, setup)
        if workflow.patched(reminders.ASSESSMENT_REMINDERS_PATCH):
            ahead = reminders.checkpoints(self._config, due_at, workflow.now())
        else:
            ahead = reminders.legacy_checkpoints(due_at)
        while not progress.complete:
            wake_at = ahead[0].at if ahead else workflow.now() + self._config.assessment_recheck
            hinted = await wait_until(lambda: self._assessment_hint, wake_at, "Bedömningen")
            self._assessment_hint = False  # a hint during the check below wakes the next wait
            progress = await call(Services.assessment_progress, self._ref)
            if hinted or progress.complete:
                continue
            while ahead and ahead[0].at <= workflow.now():
                await self._assessment_checkpoint(ahead.pop(0).kind, progress, due_at)
        closed = await call(Services.assessment_close_round, self._ref)
        self._progress.counts.feasible = closed.feasible_count
        await deliver_merge_notices(self._ref)
        return closed.feasible

    async def _assessment_checkpoint(
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

    async def _approve_ballot(self, feasible: list[FeasibleProject]) -> None:
        opens_at = self._timeline.voting_opens_at
        approvers = ", ".join(self._config.approvers) or "ansvarig tjänsteperson"
        self._progress.enter(
            RoundPhase.BALLOT_APPROVAL,
            opens_at,
            "godkännande av röstsedeln (signal `approve_ballot`)",
            approvers,
        )
        reminder = Reminder(
            opens_at,
            lambda: self._notify(approvers, "Röstsedeln är inte godkänd", "Röstningen väntar."),
        )
        await reminder.wait(lambda: self._approval is not None)
        assert self._approval is not None
        approval, approved_at = self._approval
        record = round_requests.ballot_approval_record(self._id, approval, approved_at)
        await call(Services.decision_record_ballot_approval, record)
        ballot = round_requests.ballot_definition(self._id, self._config, feasible)
        await call(Services.voting_define_ballot, ballot)
        waiting = f"att röstningen öppnar (röstsedeln godkänd av {approval.approved_by})"
        self._progress.wait_for(waiting, TIMED, opens_at)
        await sleep_until(opens_at, "Röstningen öppnar")

    async def _vote(self) -> None:
        closes_at = self._timeline.voting_closes_at
        self._progress.enter(RoundPhase.VOTING, closes_at, "röster", "röstberättigade")
        await call(Services.voting_open, self._ref)
        await sleep_until(closes_at, "Röstningen stänger")
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
        council = CouncilPhase(self._id, self._config, self._progress, self._notifier)
        decision = await council.decide(tally, self._decisions)
        if workflow.patched(DIARIUM_PATCH):
            await council.register(decision, tally)
        return decision

    async def _implement(self, approved: dict[int, int]) -> None:
        """One child workflow per project, so each is visible and followed on its own; the
        round moves on when every project is done or cancelled with a reason."""
        due_at = self._timeline.implementation_due_at
        self._progress.enter(
            RoundPhase.IMPLEMENTATION,
            due_at,
            "att varje projekt blir klart eller avbryts (signaler till projektens arbetsflöden)",
            "projektägarna",
        )
        escalate_after = self._config.follow_up.escalate_after
        await run_projects(self._id, approved, due_at, escalate_after, self._project_done)
        evaluation_at = self._timeline.evaluation_at
        self._progress.wait_for("att uppföljningen börjar", TIMED, evaluation_at)
        await sleep_until(evaluation_at, "Uppföljningen börjar")

    def _project_done(self, outcome: ProjectOutcome) -> None:
        if outcome.status == "cancelled":
            self._progress.counts.projects_cancelled += 1
        else:
            self._progress.counts.projects_done += 1
        self._progress.refresh()

    async def _evaluate(self) -> None:
        report = lambda: self._evaluation  # noqa: E731 (read when the signal has come)
        await evaluate(self._id, self._config, self._progress, self._notifier, report)

    async def _notify(self, recipients: str, subject: str, message: str) -> None:
        await self._notifier.send(recipients, subject, message)

    def _ignore(self, signal: str, sender: str) -> None:
        phase = PHASE_NAMES[self._progress.phase]
        self._progress.reject(f"Signalen {signal} från {sender} ignorerades i fasen {phase}.")

    @workflow.signal
    def assessment_complete(self) -> None:
        """A hint from the assessment service; the workflow still asks for the progress."""
        self._assessment_hint = True

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

    @workflow.query
    def status(self) -> RoundStatus:
        return self._progress.status()
