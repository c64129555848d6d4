"""BudgetRoundWorkflow: one per round, and the only thing that moves a round between phases.

Deadlines are durable timers and human approvals are signals; every step is recorded in the
service that owns it through an activity. Only ids, counts and results pass through, so the
history stays a few hundred events whether the round has ten voters or a hundred thousand.
"""

from datetime import datetime

from pydantic import ValidationError
from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from workflows import round_requests
    from workflows.activities import ServiceActivities as Services
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
    from workflows.rules import council_decision_problem, round_id_problem
    from workflows.service_models import (
        AssessmentSetup,
        CouncilDecisionRecord,
        FeasibleProject,
        Notification,
        RoundRef,
        TallyResult,
    )

from workflows.project_workflow import run_projects
from workflows.round_progress import RoundProgress
from workflows.timing import Reminder, call, sleep_until, wait_until

TIMED = "ingen, omgången går vidare av sig själv vid tidpunkten"
ASSESSORS = "tjänstepersoner som bedömer förslagen"
SECRETARY = "fullmäktiges sekreterare"


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
            f"Omgången är avslutad: {len(approved)} projekt för "
            f"{format_sek(sum(approved.values()))} genomfördes.",
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
        wakes the workflow early; the service's progress decides. Before the due date nothing
        is polled; after it, progress is checked every ``assessment_recheck``."""
        due_at = self._timeline.assessment_due_at
        self._progress.enter(RoundPhase.ASSESSMENT, due_at, "att alla förslag bedöms", ASSESSORS)
        setup = AssessmentSetup(round_id=self._id, proposal_ids=proposal_ids, due_at=due_at)
        progress = await call(Services.assessment_open_round, setup)
        overdue = False
        while not progress.complete:
            wake_at = workflow.now() + self._config.assessment_recheck if overdue else due_at
            hinted = await wait_until(lambda: self._assessment_hint, wake_at, "Bedömningen")
            self._assessment_hint = False  # a hint during the check below wakes the next wait
            progress = await call(Services.assessment_progress, self._ref)
            if not (hinted or overdue or progress.complete):
                overdue = True
                done = f"{progress.assessed} av {progress.total} förslag är bedömda"
                self._progress.wait_for(
                    f"att alla förslag bedöms ({done}, försenat)", ASSESSORS, due_at
                )
                await self._notify(ASSESSORS, "Bedömningen är försenad", done)
        closed = await call(Services.assessment_close_round, self._ref)
        self._progress.counts.feasible = closed.feasible_count
        return closed.feasible

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
        """Waits for a decision that holds; a wrong one is shown and ignored."""
        due_at = self._timeline.council_decision_due_at
        waiting = "fullmäktiges beslut (signal `record_council_decision`)"
        self._progress.enter(RoundPhase.COUNCIL_DECISION, due_at, waiting, SECRETARY)
        reminder = Reminder(
            due_at, lambda: self._notify(SECRETARY, "Fullmäktiges beslut saknas", "Registrera det.")
        )
        attempt = 0
        while True:
            await reminder.wait(lambda: bool(self._decisions))
            decision = self._decisions.pop(0)
            problem = council_decision_problem(decision, tally)
            if problem is None:
                attempt += 1
                problem = await self._record_council_decision(decision, attempt)
                if problem is None:
                    return decision
            self._progress.reject(
                f"Beslut {decision.diarienummer} ({decision.recorded_by}): {problem}"
            )

    async def _record_council_decision(self, decision: CouncilDecision, attempt: int) -> str | None:
        """Records the decision; the decision service's reason if it refuses."""
        record = CouncilDecisionRecord(
            round_id=self._id, decision=decision, decided_at=workflow.now(), attempt=attempt
        )
        try:
            await call(Services.decision_record_council_decision, record)
        except ActivityError as err:
            cause = err.cause
            if isinstance(cause, ApplicationError) and cause.type == "ServiceRejected":
                return cause.message
            raise
        return None

    async def _implement(self, approved: dict[int, int]) -> None:
        """One child workflow per project, so each is visible and followed on its own."""
        due_at = self._timeline.implementation_due_at
        self._progress.enter(
            RoundPhase.IMPLEMENTATION,
            due_at,
            "slutrapport från varje projekt (signal `report_done` till projektets arbetsflöde)",
            "projektägarna",
        )
        await run_projects(self._id, approved, due_at, on_done=self._project_done)
        evaluation_at = self._timeline.evaluation_at
        self._progress.wait_for("att uppföljningen börjar", TIMED, evaluation_at)
        await sleep_until(evaluation_at, "Uppföljningen börjar")

    def _project_done(self, _outcome: ProjectOutcome) -> None:
        self._progress.counts.projects_done += 1
        self._progress.refresh()

    async def _evaluate(self) -> None:
        waiting = "uppföljningsrapporten (signal `submit_evaluation`)"
        self._progress.enter(RoundPhase.EVALUATION, None, waiting, "ansvarig tjänsteperson")
        await workflow.wait_condition(lambda: self._evaluation is not None)
        assert self._evaluation is not None
        record = round_requests.evaluation_record(self._id, self._evaluation, self._progress.counts)
        await call(Services.decision_record_evaluation, record)

    async def _notify(self, recipients: str, subject: str, message: str) -> None:
        notification = Notification(
            round_id=self._id, recipients=recipients, subject=subject, message=message
        )
        await call(Services.notify, notification)

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
