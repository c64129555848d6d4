"""In-memory stand-ins for the four services, registered under the real activity names.

They record every call (activity name, the workflow it ran for, its input) so tests can check
the order of steps; the HTTP mapping of the real activities is tested on its own.
"""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from temporalio import activity
from temporalio.exceptions import ApplicationError

from tests.workflows.fake_decision import DecisionFakes
from workflows.activities.services import ACTIVITY_NAMES
from workflows.messages.announcements import Announcement, AnnouncementSummary
from workflows.messages.evaluation import EvaluationRecord
from workflows.messages.services import (
    AssessmentClosed,
    AssessmentSetup,
    BallotApprovalRecord,
    BallotDefinition,
    CouncilDecisionRecord,
    DecisionRoundSetup,
    FeasibleProject,
    IntakeClosed,
    IntakeRoundSetup,
    ProjectRecord,
    ProjectResult,
    RoundRef,
    TallyResult,
    VotingClosed,
)
from workflows.messages.workload import AssessmentProgress, AssessorLoad

OTHER_ACTIVITIES = (
    "notify",
    "register_in_diarium",
    "file_evaluation_report",
    "deliver_merge_notices",
    "reschedule_in_service",
    "archive_in_service",
    "announce",
    "announce_assessment_outcomes",
    "decision_open_follow_ups",
    "decision_follow_ups_due",
    "decision_follow_up_state",
)


@dataclass
class Call:
    name: str
    workflow_id: str
    arg: BaseModel


class FakeServices(DecisionFakes):
    """Proposals 11-14; 11, 12 and 13 feasible; votes make 13 and 11 win a 500 000 kr budget."""

    def __init__(self, proposal_ids: Sequence[int] = (11, 12, 13, 14)) -> None:
        super().__init__()
        self.calls: list[Call] = []
        self.proposal_ids = list(proposal_ids)
        self.feasible = {11: 100_000, 12: 200_000, 13: 300_000}
        self.votes = {11: 40, 12: 30, 13: 50}
        self.ballot_count = 120
        self.assessment_complete = False
        self.pending_assessors: list[AssessorLoad] = []
        self.finish_assessment_during_check = False
        self.reject_next_council_decision = False
        self.report_done_during_record: int | None = None
        # A round with pots: what voting answers per pot.
        self.pot_ballots: dict[str, int] = {}
        self.pot_results: list[dict[str, Any]] = []
        self.pot_of: dict[int, str] = {}

    def all(self) -> Sequence[Callable[..., Awaitable[Any]]]:
        """Every service activity under its real name, and the kommun and operations ones."""
        return [getattr(self, name) for name in (*ACTIVITY_NAMES, *OTHER_ACTIVITIES)]

    def names(self, workflow_id: str | None = None) -> list[str]:
        return [c.name for c in self.calls if workflow_id in (None, c.workflow_id)]

    def args(self, name: str) -> list[Any]:
        return [c.arg for c in self.calls if c.name == name]

    def _record(self, arg: BaseModel) -> None:
        info = activity.info()
        self.calls.append(Call(info.activity_type, info.workflow_id or "", arg))

    def _progress(self, round_id: str) -> AssessmentProgress:
        total = len(self.proposal_ids)
        assessed = total if self.assessment_complete else total // 2
        return AssessmentProgress(
            round_id=round_id,
            status="open",
            total=total,
            assessed=assessed,
            feasible=len(self.feasible),
            complete=self.assessment_complete,
            pending_assessors=[] if self.assessment_complete else self.pending_assessors,
        )

    @activity.defn(name="intake_open_round")
    async def intake_open_round(self, setup: IntakeRoundSetup) -> None:
        self._record(setup)

    @activity.defn(name="intake_close_discussion")
    async def intake_close_discussion(self, ref: RoundRef) -> None:
        """Refused as intake does (404) for a round it was never given."""
        self._record(ref)
        opened = {a.round_id for a in self.args("intake_open_round")}
        if ref.round_id not in opened:
            raise ApplicationError(
                f"Omgången '{ref.round_id}' finns inte.",
                {"status": 404, "code": "round-not-found"},
                type="ServiceRejected",
                non_retryable=True,
            )

    @activity.defn(name="intake_close_round")
    async def intake_close_round(self, ref: RoundRef) -> IntakeClosed:
        self._record(ref)
        ids = self.proposal_ids
        return IntakeClosed(round_id=ref.round_id, proposal_ids=ids, count=len(ids))

    @activity.defn(name="assessment_open_round")
    async def assessment_open_round(self, setup: AssessmentSetup) -> AssessmentProgress:
        self._record(setup)
        return self._progress(setup.round_id)

    @activity.defn(name="assessment_progress")
    async def assessment_progress(self, ref: RoundRef) -> AssessmentProgress:
        """Can finish the assessment (and signal, as the service does) while it answers."""
        self._record(ref)
        answer = self._progress(ref.round_id)
        if self.finish_assessment_during_check:
            self.finish_assessment_during_check = False
            self.assessment_complete = True
            round_workflow = activity.client().get_workflow_handle(ref.round_id)
            await round_workflow.signal("assessment_complete")
        return answer

    @activity.defn(name="assessment_close_round")
    async def assessment_close_round(self, ref: RoundRef) -> AssessmentClosed:
        self._record(ref)
        feasible = [FeasibleProject(proposal_id=i, cost=c) for i, c in self.feasible.items()]
        rejected = len(self.proposal_ids) - len(feasible)
        return AssessmentClosed(
            round_id=ref.round_id,
            feasible=feasible,
            feasible_count=len(feasible),
            rejected_count=rejected,
        )

    @activity.defn(name="deliver_merge_notices")
    async def deliver_merge_notices(self, ref: RoundRef) -> int:
        self._record(ref)
        return 0

    @activity.defn(name="announce")
    async def announce(self, announcement: Announcement) -> AnnouncementSummary:
        self._record(announcement)
        return AnnouncementSummary(event=announcement.event, recipients=3, waiting=3)

    @activity.defn(name="announce_assessment_outcomes")
    async def announce_assessment_outcomes(self, ref: RoundRef) -> int:
        self._record(ref)
        return len(self.proposal_ids)

    @activity.defn(name="decision_register_round")
    async def decision_register_round(self, setup: DecisionRoundSetup) -> None:
        self._record(setup)

    @activity.defn(name="decision_record_ballot_approval")
    async def decision_record_ballot_approval(self, record: BallotApprovalRecord) -> None:
        self._record(record)

    @activity.defn(name="voting_define_ballot")
    async def voting_define_ballot(self, ballot: BallotDefinition) -> None:
        self._record(ballot)

    @activity.defn(name="voting_open")
    async def voting_open(self, ref: RoundRef) -> None:
        self._record(ref)

    @activity.defn(name="voting_close")
    async def voting_close(self, ref: RoundRef) -> VotingClosed:
        self._record(ref)
        return VotingClosed(
            round_id=ref.round_id, ballot_count=self.ballot_count, pots=self.pot_ballots
        )

    @activity.defn(name="voting_tally")
    async def voting_tally(self, ref: RoundRef) -> TallyResult:
        """Greedy: most votes first, each project that still fits the budget."""
        self._record(ref)
        [ballot] = self.args("voting_define_ballot")
        remaining = ballot.budget
        results = []
        for project in sorted(ballot.projects, key=lambda p: (-self.votes[p.project_id], p.cost)):
            fits = project.cost <= remaining
            remaining -= project.cost if fits else 0
            results.append(
                ProjectResult(
                    project_id=project.project_id,
                    cost=project.cost,
                    votes=self.votes[project.project_id],
                    selected=fits,
                    reason=None if fits else "ryms inte i budgeten",
                    **({"pot": self.pot_of[project.project_id]} if self.pot_of else {}),
                )
            )
        selected = [r.project_id for r in results if r.selected]
        extra = {"pots": self.pot_results} if self.pot_results else {}
        return TallyResult(
            **extra,
            round_id=ref.round_id,
            rule="greedy",
            rule_version="1",
            budget=ballot.budget,
            ballot_count=self.ballot_count,
            ballots_hash="sha256:fake",
            selected=selected,
            total_cost=ballot.budget - remaining,
            projects=results,
        )

    @activity.defn(name="decision_store_recommendation")
    async def decision_store_recommendation(self, tally: TallyResult) -> None:
        self._record(tally)

    @activity.defn(name="decision_record_council_decision")
    async def decision_record_council_decision(self, record: CouncilDecisionRecord) -> None:
        self._record(record)
        if self.reject_next_council_decision:
            self.reject_next_council_decision = False
            raise ApplicationError(
                "Paragrafen finns redan i diariet.",
                {"status": 422, "detail": "Paragrafen finns redan i diariet."},
                type="ServiceRejected",
                non_retryable=True,
            )

    @activity.defn(name="decision_record_project")
    async def decision_record_project(self, record: ProjectRecord) -> None:
        """``report_done_during_record``: a report reaches the project while this record is
        on its way (as an official's can, any time)."""
        self._record(record)
        if record.revision == self.report_done_during_record:
            project = activity.client().get_workflow_handle(activity.info().workflow_id or "")
            done = {"summary": "Klart under tiden.", "spent": 10, "reported_by": "Per Ek"}
            await project.signal("report_done", done)

    @activity.defn(name="decision_record_evaluation")
    async def decision_record_evaluation(self, record: EvaluationRecord) -> None:
        self._record(record)
